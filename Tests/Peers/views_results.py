"""Reads Trainspotter's published view results with the reference karabo_bridge.Client.

usage: views_results.py ENDPOINT SOCK(SUB|REQ|PULL) N [TIMEOUT_S]

Prints CONNECTED, then one JSON line per message that carries view results:
{"train_id": T, "views": {NAME: {"kind": ..., "version": ..., "train_id": ..., KEY: VALUE...}}}
with arrays as lists (shape kept by nesting) and strings/numbers as they are, and one line
{"index": [...]} per index message.
"""
import json
import sys

import numpy as np
from karabo_bridge import Client


def plain(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bytes):
        return value.hex()
    return value


endpoint, sock, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 30
with Client(endpoint, sock=sock, timeout=timeout) as client:
    print("CONNECTED", flush=True)
    seen = 0
    while seen < n:
        data, meta = client.next()
        if "trainspotter/index" in data:
            print(json.dumps({"index": plain(data["trainspotter/index"]["views"])}), flush=True)
            continue
        views = {}
        train_id = None
        for source, content in data.items():
            if not source.startswith("view/"):
                continue
            entry = {k: plain(v) for k, v in content.items() if k != "metadata"}
            entry["train_id"] = int(meta[source]["timestamp.tid"])
            train_id = entry["train_id"]
            views[source[len("view/"):]] = entry
        print(json.dumps({"train_id": train_id, "views": views}), flush=True)
        seen += 1
