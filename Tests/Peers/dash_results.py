"""Reads `trainspotter run`'s published results with the reference karabo_bridge.Client and
reports what the ROI views published, as JSON on stdout.

    dash_results.py ENDPOINT N [--image camera] [--roi roi] [--stat roi_mean] [--timeout 30]

For each of the next N messages holding the ROI view: the train, the ROI result's shape and
version, its mean, the statistic view's value, and where the ROI result sits in the image view
of the same train (the x, y of the one window of the image it equals exactly, or null).
"""
import argparse
import json
import sys

import numpy as np
from karabo_bridge import Client


def locate(image, roi):
    """(x, y) of the window of `image` equal to `roi`, or None."""
    h, w = roi.shape
    candidates = np.argwhere(image[: image.shape[0] - h + 1, : image.shape[1] - w + 1] == roi[0, 0])
    for y, x in candidates:
        if np.array_equal(image[y, x:x + w], roi[0]) and np.array_equal(image[y:y + h, x:x + w], roi):
            return [int(x), int(y)]
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("endpoint")
    ap.add_argument("n", type=int)
    ap.add_argument("--image", default="camera")
    ap.add_argument("--roi", default="roi")
    ap.add_argument("--stat", default="roi_mean")
    ap.add_argument("--timeout", type=float, default=30)
    a = ap.parse_args()
    out = []
    with Client(a.endpoint, sock="SUB", timeout=a.timeout) as client:
        while len(out) < a.n:
            data, meta = client.next()
            roi = data.get(f"view/{a.roi}")
            if roi is None or "data" not in roi:
                continue
            r = np.asarray(roi["data"])
            entry = {"train": int(meta[f"view/{a.roi}"]["timestamp.tid"]), "shape": list(r.shape),
                     "version": int(roi.get("version", 0)), "mean": float(np.nanmean(r)) if r.size else None}
            stat = data.get(f"view/{a.stat}")
            if stat is not None and "value" in stat:
                entry["stat"] = float(stat["value"])
            image = data.get(f"view/{a.image}")
            if image is not None and "data" in image and r.ndim == 2:
                entry["at"] = locate(np.asarray(image["data"]), r)
            out.append(entry)
    print(json.dumps({"messages": out}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
