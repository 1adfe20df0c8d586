"""Makes an AGIPD-1M run directory in the layout of EXtra-data's `make_spb_run` example
(16 raw AGIPD modules, 64 frames per train, one frame per chunk) with NTRAINS trains, and fills
`image.data` with random numbers so that every chunk is stored (the example
leaves them unallocated, which HDF5 reads as fill values without touching the disk).

usage: bench_make_agipd_run.py DIR NTRAINS
"""
import os
import sys

import h5py
import numpy as np
from extra_data.tests.mockdata import write_file
from extra_data.tests.mockdata.detectors import AGIPDModule

directory, ntrains = sys.argv[1], int(sys.argv[2])
os.makedirs(directory, exist_ok=True)
rng = np.random.default_rng(1)
block = rng.integers(0, 65535, size=(64, 2, 512, 128), dtype=np.uint16)
for modno in range(16):
    path = os.path.join(directory, 'RAW-R0238-AGIPD{:0>2}-S00000.h5'.format(modno))
    write_file(path, [AGIPDModule('SPB_DET_AGIPD1M-1/DET/{}CH0'.format(modno), raw=True, frames_per_train=64)],
               ntrains=ntrains, chunksize=32, format_version='1.0')
    with h5py.File(path, 'r+') as f:
        group = f['INSTRUMENT/SPB_DET_AGIPD1M-1/DET/{}CH0:xtdf/image'.format(modno)]
        for train in range(ntrains):
            group['data'][train * 64:(train + 1) * 64] = np.roll(block, train + modno, axis=0)
print("RUN READY", flush=True)
