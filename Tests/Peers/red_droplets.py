"""Droplet reference cases from scipy.ndimage (label, sum, center_of_mass, find_objects,
maximum_filter), following smalldata_tools' dropletFunc in ADU mode (docs: reductions §2.1).

usage: red_droplets.py OUTDIR     -> OUTDIR/cases.json + raw arrays, then DONE
       red_droplets.py bench FRAME ROWS COLUMNS THRESHOLD REPEATS -> best time of label + measurements
"""
import json, os, sys, time
import numpy as np
from scipy import ndimage

PLUS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool)
FULL = np.ones((3, 3), bool)


def droplets(img, mask, thr, low, conn, min_adu=None, pixmax=None):
    structure = PLUS if conn == 4 else FULL
    a = img.astype(np.float64).copy()
    if mask is not None:
        a[mask != 0] = 0
    if pixmax is not None:
        a[a > pixmax] = 0
    seeds = np.where(a >= thr, a, 0)
    if low == thr:
        vals = seeds
        lab, n = ndimage.label(vals != 0, structure=structure)
    else:
        vals = np.where(a >= low, a, 0)
        seedlab, _ = ndimage.label(seeds != 0, structure=structure)
        grown = ndimage.maximum_filter(seedlab, footprint=PLUS if conn == 4 else FULL)
        grown[vals == 0] = 0
        lab, n = ndimage.label(grown != 0, structure=structure)
    idx = np.arange(1, n + 1)
    adu = ndimage.sum(vals, lab, idx) if n else np.zeros(0)
    com = ndimage.center_of_mass(vals, lab, idx) if n else []
    npix = ndimage.sum(np.ones_like(vals), lab, idx) if n else np.zeros(0)
    boxes = ndimage.find_objects(lab)
    keep = [i for i in range(n) if min_adu is None or adu[i] >= min_adu]
    return {"all_count": int(n), "adu": [float(adu[i]) for i in keep],
            "row": [float(com[i][0]) for i in keep], "col": [float(com[i][1]) for i in keep],
            "npix": [int(npix[i]) for i in keep],
            "bbox": [[boxes[i][0].start, boxes[i][0].stop - 1, boxes[i][1].start, boxes[i][1].stop - 1] for i in keep]}


def photon_frame(rng, rows, cols, mean, adu=100.0, noise=3.0):
    """Poisson photons at uniform positions, each shared over the 2×2 pixels around it."""
    img = rng.normal(0, noise, (rows, cols))
    n = rng.poisson(mean * rows * cols)
    y, x = rng.uniform(0, rows - 1, n), rng.uniform(0, cols - 1, n)
    y0, x0 = np.floor(y).astype(int), np.floor(x).astype(int)
    fy, fx = y - y0, x - x0
    for dy, wy in ((0, 1 - fy), (1, fy)):
        for dx, wx in ((0, 1 - fx), (1, fx)):
            np.add.at(img, (y0 + dy, x0 + dx), adu * wy * wx)
    return img.astype(np.float32)


def main(out):
    os.makedirs(out, exist_ok=True)
    arrays, cases = {}, []

    def put(name, a):
        fn = name.replace("/", "_") + ".bin"
        np.ascontiguousarray(a).tofile(os.path.join(out, fn))
        arrays[name] = {"file": fn, "dtype": a.dtype.str, "shape": list(a.shape)}
        return name

    def case(cid, img, mask, thr, low, conn, min_adu=None, pixmax=None):
        ref = droplets(img, mask, thr, low, conn, min_adu, pixmax)
        e = {"id": cid, "threshold": thr, "low": low, "connectivity": conn, "min_adu": min_adu, "pixmax": pixmax,
             "data": put(cid + "/data", img.astype(np.float32)), "reference": ref}
        if mask is not None:
            e["mask"] = put(cid + "/mask", mask.astype(np.uint8))
        cases.append(e)

    ex = np.zeros((8, 10), np.float32)
    for (r, c), v in {(1, 1): 95, (1, 2): 8, (2, 2): 20, (4, 3): 130, (4, 4): 150, (4, 5): 40, (5, 4): 60, (6, 8): 30}.items():
        ex[r, c] = v
    case("hand/worked_10", ex, None, 10.0, 10.0, 4)
    case("hand/worked_10_5", ex, None, 10.0, 5.0, 4)
    case("hand/worked_8conn", ex, None, 10.0, 10.0, 8)
    case("hand/worked_min_adu", ex, None, 10.0, 10.0, 4, min_adu=50.0)
    case("hand/worked_pixmax", ex, None, 10.0, 10.0, 4, pixmax=140.0)
    rng = np.random.default_rng(141)
    for i, (mean, conn, low, masked) in enumerate([(0.01, 4, None, False), (0.02, 8, None, False), (0.01, 4, 10.0, False),
                                                   (0.05, 4, None, True), (0.03, 8, 12.0, True), (0.1, 4, 15.0, False)]):
        img = photon_frame(rng, 200, 300, mean)
        mask = (rng.random(img.shape) < 0.02).astype(np.uint8) if masked else None
        case(f"sim/{i}", img, mask, 30.0, 30.0 if low is None else low, conn)
    with open(os.path.join(out, "cases.json"), "w") as f:
        json.dump({"arrays": arrays, "cases": cases}, f)
    print("DONE", len(cases))


def bench(path, rows, cols, thr, repeats):
    img = np.fromfile(path, np.float32).reshape(rows, cols)
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        ref = droplets(img, None, thr, thr, 4)
        best = min(best, time.perf_counter() - t)
    print("RESULT " + json.dumps({"best_ms": best * 1e3, "droplets": ref["all_count"], "adu": sum(ref["adu"])}))


if __name__ == "__main__":
    if sys.argv[1] == "bench":
        bench(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]))
    else:
        main(sys.argv[1])
