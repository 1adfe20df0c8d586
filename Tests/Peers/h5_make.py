"""Writes an HDF5 file with h5py, for HDF5Tests to read with the Swift reader.

Usage: h5_make.py FILE
"""
import sys

import h5py
import numpy as np


def main(path):
    with h5py.File(path, "w") as f:
        f.attrs["creator"] = "h5py"
        f.attrs["count"] = np.int64(7)
        f["fixed"] = np.array([b"abc", b"de", b""], dtype="S4")
        f.create_dataset("fixed_utf8", data=["größe".encode(), b"x"], dtype=h5py.string_dtype("utf-8", 8))
        f["vlen"] = ["alpha", "β-beta", ""]
        f["scalar_str"] = "hello"
        f["bools"] = np.array([True, False, True])
        f["be_i32"] = np.arange(6, dtype=">i4").reshape(2, 3)
        f["f16"] = np.zeros(3, dtype=np.float16)
        f.create_dataset("compressed", data=np.arange(32, dtype=np.uint16).reshape(4, 8),
                         chunks=(2, 8), compression="gzip")
        g = f.create_group("g/h")
        g.attrs["fixed"] = np.bytes_(b"fixed-ascii")


if __name__ == "__main__":
    main(sys.argv[1])
