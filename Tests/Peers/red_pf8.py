"""peakfinder8 reference cases from ondamonitor's compiled peakfinder_8 (OM 23.8.3).

usage: red_pf8.py OUTDIR            -> OUTDIR/cases.json + raw little-endian arrays, then DONE
       red_pf8.py bench FRAME ROWS COLUMNS REPEATS
                                    -> times peakfinder_8 on a float32 frame file (one thread)

Each case: the frame (float32), OM's mask (uint8, nonzero = use), pix_r (float32), the
panel grid and parameters, and OM's 8 output lists. min_res / max_res are applied as OM's
wrapper does (mask zeroed where pix_r < min_res or > max_res) before the call.
"""
import json, os, random, sys, time
import numpy as np
from om.algorithms._crystallography import peakfinder_8


def radial_sample(pix_r, n_per_bin, seed):
    rng = random.Random(seed)
    rbin = np.rint(pix_r).astype(np.int64).ravel()
    idx, rad = [], []
    for k in range(int(rbin.max()) + 1):
        members = np.flatnonzero(rbin == k).tolist()
        pick = members if len(members) < n_per_bin else rng.sample(members, n_per_bin)
        idx += pick
        rad += [k] * len(pick)
    return np.asarray(idx, np.int32), np.asarray(rad, np.int32)


def call(data, mask, pix_r, grid, p, sample=None):
    asic_nx, asic_ny, nasics_x, nasics_y = grid
    m = mask.astype(np.int8).copy()
    if p.get("min_res") is not None:
        m[pix_r < p["min_res"]] = 0
    if p.get("max_res") is not None:
        m[pix_r > p["max_res"]] = 0
    pidx, prad = sample if sample is not None else (None, None)
    return peakfinder_8(
        p["max_peaks"], np.ascontiguousarray(data, np.float32), np.ascontiguousarray(m, np.int8),
        np.ascontiguousarray(pix_r, np.float32), 0 if pidx is None else len(pidx), pidx, prad,
        int(sample is not None), asic_nx, asic_ny, nasics_x, nasics_y,
        float(p["adc"]), float(p["snr"]), int(p["nmin"]), int(p["nmax"]), int(p["bg"]))


def radius_map(rows, cols, cy, cx):
    y, x = np.mgrid[0:rows, 0:cols]
    return np.sqrt((y + 0.5 - cy) ** 2 + (x + 0.5 - cx) ** 2).astype(np.float32)


def simulated(rng, rows, cols, cy, cx, npeaks):
    r = radius_map(rows, cols, cy, cx)
    bg = 40.0 * np.exp(-r / 60.0) + 5.0
    img = rng.poisson(bg).astype(np.float32)
    yy, xx = np.mgrid[0:rows, 0:cols]
    truth = []
    for _ in range(npeaks):
        py, px = rng.uniform(2, rows - 3), rng.uniform(2, cols - 3)
        s, a = rng.uniform(0.5, 1.3), rng.uniform(20, 400)
        img += (a * np.exp(-((yy - py) ** 2 + (xx - px) ** 2) / (2 * s * s))).astype(np.float32)
        truth.append((py, px))
    return img, r


def main(out):
    os.makedirs(out, exist_ok=True)
    arrays, cases = {}, []

    def put(name, a):
        a = np.ascontiguousarray(a)
        fn = name.replace("/", "_") + ".bin"
        a.tofile(os.path.join(out, fn))
        arrays[name] = {"file": fn, "dtype": a.dtype.str, "shape": list(a.shape)}
        return name

    def case(cid, data, mask, pix_r, grid, p, sample=None):
        res = call(data, mask, pix_r, grid, p, sample)
        entry = {"id": cid, "grid": list(grid), "params": p,
                 "data": put(cid + "/data", data.astype(np.float32)),
                 "mask": put(cid + "/mask", mask.astype(np.uint8)),
                 "radius": put(cid + "/radius", pix_r.astype(np.float32)),
                 "peaks": {k: [float(x) for x in v] for k, v in
                           zip(["fs", "ss", "intensity", "com_index", "npix", "max", "sigma", "snr"], res)}}
        if sample is not None:
            entry["sample_pixels"] = put(cid + "/sample_pixels", sample[0])
            entry["sample_bins"] = put(cid + "/sample_bins", sample[1])
        cases.append(entry)

    base = dict(adc=0.0, snr=3.0, nmin=1, nmax=20, bg=2, max_peaks=2048, min_res=None, max_res=None)
    # Hand-made: the worked example of docs (checkerboard 9/11 with three raised pixels).
    ss, fs = np.mgrid[0:32, 0:32]
    board = np.where((ss + fs) % 2 == 0, 9.0, 11.0).astype(np.float32)
    ex = board.copy(); ex[12, 20] = 69; ex[12, 21] = 41; ex[11, 20] = 21
    one = np.ones((32, 32), np.uint8); r5 = np.full((32, 32), 5.0, np.float32)
    case("hand/checkerboard", ex, one, r5, (32, 32, 1, 1), base)
    case("hand/checkerboard_adc25", ex, one, r5, (32, 32, 1, 1), dict(base, adc=25.0))
    flat = np.full((32, 32), 10.0, np.float32); flat[20, 20] = 60
    case("hand/flat_single", flat, one, r5, (32, 32, 1, 1), base)
    edge = np.tile(board, (1, 2)); edge[10, 30:34] += 50
    case("hand/asic_edge", edge, np.ones((32, 64), np.uint8), np.full((32, 64), 5.0, np.float32), (32, 32, 2, 1), base)
    stale = board.copy(); stale[0, 0] = 200; stale[20, 20] = 200
    case("hand/stale_slot", stale, one, r5, (32, 32, 1, 1), base)
    case("hand/min_res", ex, one, r5, (32, 32, 1, 1), dict(base, min_res=6.0))
    masked = one.copy(); masked[12, 21] = 0
    case("hand/masked_pixel", ex, masked, r5, (32, 32, 1, 1), base)
    two = ex.copy(); two[25, 8] = 80; two[26, 8] = 30
    case("hand/max_peaks_1", two, one, r5, (32, 32, 1, 1), dict(base, max_peaks=1))
    case("hand/min_pix_2", two, one, r5, (32, 32, 1, 1), dict(base, nmin=2))

    # Simulated: Poisson background on a radial profile, Gaussian Bragg-like peaks,
    # 2×4 ASICs of 64×32, 3 % masked, varied parameters.
    rng = np.random.default_rng(14)
    for i in range(16):
        img, r = simulated(rng, 128, 128, rng.uniform(40, 90), rng.uniform(40, 90), 30)
        mask = (rng.random((128, 128)) > 0.03).astype(np.uint8)
        p = dict(base, adc=float(rng.choice([0.0, 20.0, 40.0])), snr=float(rng.choice([3.0, 4.0, 6.0])),
                 nmin=int(rng.choice([1, 2])), nmax=int(rng.choice([20, 40])), bg=int(rng.choice([2, 3, 4])),
                 min_res=float(rng.choice([0.0, 10.0])) if i % 3 == 0 else None,
                 max_res=float(rng.choice([80.0, 120.0])) if i % 4 == 0 else None)
        case(f"sim/{i:02d}", img, mask, r, (32, 64, 4, 2), p)
    for i in range(2):
        img, r = simulated(rng, 128, 128, 64.2, 63.7, 40)
        mask = (rng.random((128, 128)) > 0.03).astype(np.uint8)
        case(f"fast/{i}", img, mask, r, (32, 64, 4, 2), dict(base, snr=4.0), sample=radial_sample(r, 100, i))

    with open(os.path.join(out, "cases.json"), "w") as f:
        json.dump({"arrays": arrays, "cases": cases}, f)
    print("DONE", len(cases))


def bench(path, rows, cols, repeats):
    """Times the compiled call alone on prepared arrays (no per-call conversions)."""
    data = np.ascontiguousarray(np.fromfile(path, np.float32).reshape(rows, cols))
    r = radius_map(rows, cols, rows / 2, cols / 2)
    mask = np.ones((rows, cols), np.int8)
    args = (2048, data, mask, r, 0, None, None, 0, cols, rows, 1, 1, 0.0, 4.0, 2, 50, 3)
    res = peakfinder_8(*args)
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        peakfinder_8(*args)
        best = min(best, time.perf_counter() - t)
    print("RESULT " + json.dumps({"best_ms": best * 1e3, "peaks": len(res[0]),
                                  "fs": [float(x) for x in res[0]], "ss": [float(x) for x in res[1]]}))


if __name__ == "__main__":
    if sys.argv[1] == "bench":
        bench(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    else:
        main(sys.argv[1])
