"""Reads Trainspotter's published view results with the reference karabo_bridge.Client, like
views_results.py, but writes non-finite numbers (empty cube bins) as the strings "nan", "inf", "-inf".

usage: select_results.py ENDPOINT N [TIMEOUT_S]   (SUB socket)
"""
import json
import math
import sys

import numpy as np
from karabo_bridge import Client


def plain(value):
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


endpoint, n = sys.argv[1], int(sys.argv[2])
timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 30
with Client(endpoint, sock="SUB", timeout=timeout) as client:
    seen = 0
    while seen < n:
        data, meta = client.next()
        if "trainspotter/index" in data:
            continue
        views = {}
        for source, content in data.items():
            if source.startswith("view/"):
                views[source[len("view/"):]] = {k: plain(v) for k, v in content.items() if k != "metadata"}
        print(json.dumps({"views": views}, allow_nan=False), flush=True)
        seen += 1
