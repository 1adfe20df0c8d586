"""What karabo-bridge-serve-files would deliver to a Python client, train by train.

usage: rec_ed_dump.py PATH [SOURCE_GLOB [KEY_GLOB]]

Opens PATH with extra_data (H5File or RunDirectory), selects as serve-files does, builds
each train as serve-files does (extra_data's train iterator, object arrays dropped), passes
it through karabo_bridge's serializer and deserializer, and prints it as one JSON line in
the schema of kb_render.py.
"""
import json
import os
import sys

from extra_data import H5File, RunDirectory
from extra_data.export import _drop_object_arrays, _iter_trains
from karabo_bridge.serializer import deserialize, serialize

from kb_render import render_train

path = sys.argv[1]
source_glob = sys.argv[2] if len(sys.argv) > 2 else '*'
key_glob = sys.argv[3] if len(sys.argv) > 3 else '*'
data = RunDirectory(path) if os.path.isdir(path) else H5File(path)
data = data.select(source_glob, key_glob)
for tid, train in _iter_trains(data):
    _drop_object_arrays(train)
    frames = [bytes(f) for f in serialize(train)]
    received, meta = deserialize(frames)
    print(json.dumps(render_train(received, meta)), flush=True)
