"""Makes a small European XFEL run directory with EXtra-data's own mock-data writers
(format 1.0), then fills its datasets with deterministic random numbers.

usage: rec_make_mock.py DIR

Files: two DA01 sequence files (an XGM and a GEC camera: CONTROL scalars and strings,
INSTRUMENT vectors) and one corrected AGIPD module file (gzip-compressed mask and gain,
2 frames per train). Prints "MOCK READY" when done.
"""
import os
import sys

import h5py
import numpy as np
from extra_data.tests.mockdata import write_file
from extra_data.tests.mockdata.detectors import AGIPDModule
from extra_data.tests.mockdata.gec_camera import GECCamera
from extra_data.tests.mockdata.xgm import XGM

directory = sys.argv[1]
os.makedirs(directory, exist_ok=True)
write_file(os.path.join(directory, 'RAW-R0001-DA01-S00000.h5'),
           [XGM('SA1_XTD2_XGM/DOOCS/MAIN'), GECCamera('FXE_XAD_GEC/CAM/CAMERA')],
           ntrains=6, firsttrain=10000, chunksize=4, format_version='1.0')
write_file(os.path.join(directory, 'RAW-R0001-DA01-S00001.h5'),
           [XGM('SA1_XTD2_XGM/DOOCS/MAIN'), GECCamera('FXE_XAD_GEC/CAM/CAMERA')],
           ntrains=4, firsttrain=10006, chunksize=4, format_version='1.0')
write_file(os.path.join(directory, 'CORR-R0001-AGIPD00-S00000.h5'),
           [AGIPDModule('SPB_DET_AGIPD1M-1/DET/0CH0', raw=False, frames_per_train=2)],
           ntrains=10, firsttrain=10000, chunksize=4, format_version='1.0')

rng = np.random.default_rng(5)


def fill(name, obj):
    if not isinstance(obj, h5py.Dataset) or not (name.startswith('CONTROL') or name.startswith('INSTRUMENT')):
        return
    if name.endswith('trainId') or obj.dtype.kind not in 'iuf' or obj.size == 0:
        return
    if obj.dtype.kind == 'f':
        obj[...] = rng.normal(size=obj.shape).astype(obj.dtype)
    else:
        info = np.iinfo(obj.dtype)
        obj[...] = rng.integers(max(info.min, -1000), min(info.max, 1000), size=obj.shape, endpoint=True).astype(obj.dtype)


for file in sorted(os.listdir(directory)):
    with h5py.File(os.path.join(directory, file), 'r+') as f:
        f.visititems(fill)
print("MOCK READY", flush=True)
