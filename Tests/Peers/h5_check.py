"""Prints a JSON summary of an HDF5 file as h5py sees it (used by HDF5Tests).

Usage: h5_check.py FILE

Output: {"groups": {path: {"attrs": {...}}},
         "datasets": {path: {"dtype", "shape", "maxshape", "chunks", "attrs",
                             "sha256" (numeric: of the C-ordered native bytes),
                             "values" (numeric, up to 64 elements, flattened),
                             "string" + "strings" (string datasets, flattened)}}}
"""
import hashlib
import json
import sys

import h5py
import numpy as np


def plain(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    return value


def attrs(obj):
    return {name: plain(value) for name, value in obj.attrs.items()}


def dataset(ds):
    info = {
        "dtype": ds.dtype.str,
        "shape": list(ds.shape),
        "maxshape": list(ds.maxshape) if ds.maxshape is not None else None,
        "chunks": list(ds.chunks) if ds.chunks else None,
        "attrs": attrs(ds),
    }
    string = h5py.check_string_dtype(ds.dtype)
    if string is not None:
        info["string"] = {"encoding": string.encoding, "length": string.length}
        data = np.asarray(ds.asstr()[()], dtype=object)
        info["strings"] = [str(s) for s in data.ravel().tolist()]
    else:
        data = np.ascontiguousarray(ds[()])
        info["sha256"] = hashlib.sha256(data.tobytes()).hexdigest()
        if data.size <= 64:
            info["values"] = [plain(v) for v in data.ravel().tolist()]
    return info


def main(path):
    summary = {"groups": {}, "datasets": {}}
    with h5py.File(path, "r") as f:
        summary["groups"]["/"] = {"attrs": attrs(f)}

        def visit(name, obj):
            if isinstance(obj, h5py.Group):
                summary["groups"]["/" + name] = {"attrs": attrs(obj)}
            elif isinstance(obj, h5py.Dataset):
                summary["datasets"]["/" + name] = dataset(obj)

        f.visititems(visit)
    json.dump(summary, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
