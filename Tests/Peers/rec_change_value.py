"""Changes one value of a dataset in an HDF5 file (adds 1), for `compare` tests.

usage: rec_change_value.py FILE DATASET INDEX
Prints "CHANGED <old> <new>".
"""
import sys

import h5py

path, dataset, index = sys.argv[1], sys.argv[2], int(sys.argv[3])
with h5py.File(path, 'r+') as f:
    old = f[dataset][index]
    f[dataset][index] = old + 1
    print("CHANGED", old, f[dataset][index], flush=True)
