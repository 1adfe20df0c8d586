"""Multi-tau g2 reference cases from scikit-beam (skbeam.core.correlation.multi_tau_auto_corr).

usage: red_g2.py OUTDIR -> OUTDIR/cases.json + raw frames (float32) and labels (int64), then DONE
"""
import json, os, sys
import numpy as np
from skbeam.core.correlation import multi_tau_auto_corr


def main(out):
    os.makedirs(out, exist_ok=True)
    arrays, cases = {}, []

    def put(name, a):
        fn = name.replace("/", "_") + ".bin"
        np.ascontiguousarray(a).tofile(os.path.join(out, fn))
        arrays[name] = {"file": fn, "dtype": a.dtype.str, "shape": list(a.shape)}
        return name

    def case(cid, frames, labels, levels, bufs):
        g2, lags = multi_tau_auto_corr(levels, bufs, labels, frames.astype(np.float64))
        cases.append({"id": cid, "levels": levels, "buffers": bufs,
                      "frames": put(cid + "/frames", frames.astype(np.float32)),
                      "labels": put(cid + "/labels", labels.astype(np.int64)),
                      "lags": [int(x) for x in lags], "g2": np.asarray(g2, float).tolist()})

    # The worked example: I_t = 1…8 in ROI 1 (2 pixels), reversed in ROI 2.
    t = np.arange(1, 9, dtype=np.float32)
    frames = np.zeros((8, 1, 5), np.float32)
    frames[:, 0, 0] = frames[:, 0, 1] = t
    frames[:, 0, 3] = t[::-1]
    labels = np.array([[1, 1, 0, 2, 0]])
    case("hand/ramp", frames, labels, 2, 4)
    case("hand/three_frames", frames[:3], labels, 2, 4)
    rng = np.random.default_rng(17)
    for i, (n, levels, bufs) in enumerate([(64, 4, 8), (100, 3, 4), (37, 5, 6), (200, 6, 8)]):
        # Speckle-like intensities with a slowly decaying correlation (AR(1) in the field).
        field = rng.normal(size=(24, 24)) + 1j * rng.normal(size=(24, 24))
        frames = []
        for _ in range(n):
            field = 0.9 * field + np.sqrt(1 - 0.81) * (rng.normal(size=(24, 24)) + 1j * rng.normal(size=(24, 24)))
            frames.append(rng.poisson(5 * np.abs(field) ** 2))
        frames = np.asarray(frames, np.float32)
        labels = np.zeros((24, 24), int)
        labels[2:10, 2:10] = 3
        labels[12:20, 4:8] = 7
        labels[5:9, 14:22] = 1
        case(f"sim/{i}", frames, labels, levels, bufs)
    with open(os.path.join(out, "cases.json"), "w") as f:
        json.dump({"arrays": arrays, "cases": cases}, f)
    print("DONE", len(cases))


if __name__ == "__main__":
    main(sys.argv[1])
