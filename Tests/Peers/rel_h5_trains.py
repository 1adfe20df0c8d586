"""Reads a trainspotter HDF5 recording back with extra_data.

usage: rel_h5_trains.py DIR

Opens DIR as a run (extra_data.RunDirectory), reads every source's data of every train,
and prints one JSON object: {"trains": N, "first": ID, "last": ID, "sources": [...]}.
"""
import json
import sys

from extra_data import RunDirectory

run = RunDirectory(sys.argv[1])
count = 0
for tid, data in run.trains():
    count += 1
ids = [int(t) for t in run.train_ids]
print(json.dumps({'trains': count, 'first': ids[0] if ids else None, 'last': ids[-1] if ids else None,
                  'sources': sorted(run.all_sources)}))
