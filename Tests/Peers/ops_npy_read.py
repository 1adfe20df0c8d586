"""Prints how numpy reads a .npy file (used by the Operators tests to check our writer).

usage: ops_npy_read.py FILE
prints: {"dtype": numpy dtype.str, "shape": [...], "values": [flattened values]}
"""
import json
import sys

import numpy as np

a = np.load(sys.argv[1])
print(json.dumps({"dtype": a.dtype.str, "shape": list(a.shape), "values": a.reshape(-1).tolist()}))
