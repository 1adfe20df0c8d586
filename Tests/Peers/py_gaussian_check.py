"""Checks Trainspotter's published Python views against scipy on the same camera frames.

usage: py_gaussian_check.py ENDPOINT N SIGMA MIN_VERSION [TIMEOUT_S]

Reads result messages (SUB) until N of them carry `camera` (the raw frame, a YAML `pick`) and
`smoothed_spot` with version >= MIN_VERSION, and for each compares
  smoothed_roi  with scipy.ndimage.gaussian_filter(camera[350:750, 1000:1500], sigma=5)  (the docs example)
  smoothed_spot with scipy.ndimage.gaussian_filter(camera[140:340, 220:420], sigma=SIGMA)
Prints one JSON line: {"checked": N, "roi_shape": [...], "roi_max_diff": d, "spot_shape": [...],
"spot_max_diff": d, "spot_max": m, "dtype": ...}.
"""
import json
import sys

import numpy as np
from karabo_bridge import Client
from scipy.ndimage import gaussian_filter

endpoint, n, sigma, min_version = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
timeout = float(sys.argv[5]) if len(sys.argv) > 5 else 30
out = {"checked": 0, "roi_max_diff": 0.0, "spot_max_diff": 0.0, "spot_max": 0.0}
with Client(endpoint, sock="SUB", timeout=timeout) as client:
    while out["checked"] < n:
        data, meta = client.next()
        if "view/camera" not in data or "view/smoothed_spot" not in data or "view/smoothed_roi" not in data:
            continue
        if int(data["view/smoothed_spot"]["version"]) < min_version:
            continue
        camera = np.asarray(data["view/camera"]["data"])
        roi = np.asarray(data["view/smoothed_roi"]["data"])
        spot = np.asarray(data["view/smoothed_spot"]["data"])
        ref_roi = gaussian_filter(camera[350:750, 1000:1500], sigma=5)
        ref_spot = gaussian_filter(camera[140:340, 220:420], sigma=sigma)
        if roi.shape != ref_roi.shape or spot.shape != ref_spot.shape:
            print(json.dumps({"error": f"shapes {roi.shape} {spot.shape} vs {ref_roi.shape} {ref_spot.shape}"}), flush=True)
            sys.exit(1)
        d_roi = float(np.abs(roi.astype(np.float64) - ref_roi).max()) if roi.size else 0.0
        out["roi_max_diff"] = max(out["roi_max_diff"], d_roi)
        out["spot_max_diff"] = max(out["spot_max_diff"], float(np.abs(spot.astype(np.float64) - ref_spot).max()))
        out["spot_max"] = max(out["spot_max"], float(spot.max()))
        out["roi_shape"], out["spot_shape"], out["dtype"] = list(roi.shape), list(spot.shape), str(spot.dtype)
        out["checked"] += 1
print(json.dumps(out), flush=True)
