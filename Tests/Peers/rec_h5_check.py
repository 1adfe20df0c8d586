"""Reads trainspotter's EuXFEL HDF5 output with extra_data and h5py and prints what they see.

usage: rec_h5_check.py PATH

Prints one JSON object: {"train_ids": [...], "format_version": "...", "sources": {name:
{"section": "CONTROL"|"INSTRUMENT", "keys": [...]}}, "trains": {tid: {source: {key:
rendered}}}, "arrays": {"source|key": {"shape", "dtype"}}, "h5py": {"files": [...],
"datasets": N}}. Values are rendered as kb_render.render does (arrays: dtype, shape, sha256).
"""
import json
import os
import sys

import h5py
import numpy as np
from extra_data import H5File, RunDirectory

from kb_render import render

path = sys.argv[1]
run = RunDirectory(path) if os.path.isdir(path) else H5File(path)
out = {"train_ids": [int(t) for t in run.train_ids], "sources": {}, "trains": {}, "arrays": {}}
for src in sorted(run.all_sources):
    section = "CONTROL" if src in run.control_sources else "INSTRUMENT"
    keys = sorted(run[src].keys())
    out["sources"][src] = {"section": section, "keys": keys}
    for key in keys:
        kd = run[src, key]
        try:
            arr = kd.ndarray()
        except (ValueError, TypeError, KeyError):  # layouts differ between sequence files
            continue
        out["arrays"][src + "|" + key] = {"shape": list(arr.shape), "dtype": str(arr.dtype),
                                          "train_ids": [int(t) for t in kd.train_id_coordinates()]}
for tid, data in run.trains():
    out["trains"][str(tid)] = {src: {k: render(v) for k, v in d.items() if k != "metadata"} for src, d in data.items()}
files = sorted(f for f in (os.listdir(path) if os.path.isdir(path) else [path]) if f.endswith(".h5"))
datasets = 0
versions = set()
for f in files:
    with h5py.File(os.path.join(path, f) if os.path.isdir(path) else f, "r") as h:
        versions.add(h["METADATA/dataFormatVersion"][0].decode())
        def count(name, obj):
            global datasets
            if isinstance(obj, h5py.Dataset):
                obj[()] if obj.size < 100000 else obj[:1]
                datasets += 1
        h.visititems(count)
out["h5py"] = {"files": files, "datasets": datasets, "format_versions": sorted(versions)}
print(json.dumps(out))
