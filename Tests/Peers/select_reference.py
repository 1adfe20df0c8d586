"""Reference results for event selection, expressions and cubes (issue 13).

Usage: select_reference.py filters|expressions|cubes   -> JSON on stdout.

* filters: smalldata_tools' LCLS-2 screeners re-implemented from their documented semantics
  (shared docs/reductions.md section 4.1): ThresholdFilter (strict), RangeFilter (inclusive),
  BoolFilter (bool(v) == expected; NaN is True; None is False) and CompositeFilter (AND stops at
  the first failure; label = own label, else the passing children's labels joined with "_").
* expressions: numpy evaluation (broadcasting, IEEE division) of the expression texts.
* cubes: scipy.stats.binned_statistic / binned_statistic_dd mean, std and count.
Non-finite numbers are written as the strings "nan", "inf", "-inf".
"""
import json
import math
import sys

import numpy as np
import scipy
from scipy import stats


def enc(x):
    if isinstance(x, (list, tuple)):
        return [enc(v) for v in x]
    if isinstance(x, np.ndarray):
        return enc(x.tolist())
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x
    if isinstance(x, dict):
        return {k: enc(v) for k, v in x.items()}
    return x


# ---- smalldata_tools screeners (documented semantics) ----
class ThresholdFilter:
    def __init__(self, key, threshold, greater_than=True, label=None):
        self.key, self.threshold, self.greater_than, self.label = key, threshold, greater_than, label

    def apply(self, evt):
        v = evt.get(self.key)
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return False, None
        ok = v > self.threshold if self.greater_than else v < self.threshold
        return ok, (self.label if ok else None)


class RangeFilter:
    def __init__(self, key, min_value, max_value, label=None):
        self.key, self.min, self.max, self.label = key, min_value, max_value, label

    def apply(self, evt):
        v = evt.get(self.key)
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return False, None
        ok = self.min <= v <= self.max
        return ok, (self.label if ok else None)


class BoolFilter:
    def __init__(self, key, expected_state=True, label=None):
        self.key, self.expected, self.label = key, expected_state, label

    def apply(self, evt):
        v = evt.get(self.key)
        if v is None:
            return False, None
        ok = bool(v) == self.expected
        return ok, (self.label if ok else None)


class CompositeFilter:
    def __init__(self, filters, require_all=True, label=None):
        self.filters, self.require_all, self.label = filters, require_all, label

    def apply(self, evt):
        labels = []
        if self.require_all:
            for f in self.filters:
                ok, lab = f.apply(evt)
                if not ok:
                    return False, None
                if lab:
                    labels.append(lab)
            passes = True
        else:
            passes = False
            for f in self.filters:
                ok, lab = f.apply(evt)
                if ok:
                    passes = True
                    if lab:
                        labels.append(lab)
        if not passes:
            return False, None
        if self.label:
            return True, self.label
        return True, ("_".join(labels) if labels else None)


def filters():
    f = {}
    f["laser_on"] = BoolFilter("laser", True, "laser_on")
    f["laser_off"] = BoolFilter("laser", False, "laser_off")
    f["xray_on"] = BoolFilter("xray", True)
    f["bright"] = ThresholdFilter("ipm", 100, True, "bright")
    f["dim"] = ThresholdFilter("ipm", 100, False)
    f["mid"] = RangeFilter("ipm", 50, 150, "mid")
    f["exact"] = RangeFilter("ipm", 100, 100)
    f["and1"] = CompositeFilter([f["laser_on"], f["xray_on"]], True)
    f["or1"] = CompositeFilter([f["laser_on"], f["laser_off"]], False)
    f["or2"] = CompositeFilter([f["bright"], f["laser_on"]], False)
    f["good"] = CompositeFilter([f["bright"], f["xray_on"]], True, "good")
    f["nested"] = CompositeFilter([f["and1"], f["mid"]], False)
    f["nested_and"] = CompositeFilter([f["or2"], f["mid"]], True)
    f["none_all"] = CompositeFilter([], True)
    f["none_any"] = CompositeFilter([], False)
    rows = []
    for laser in [1.0, 0.0, float("nan"), 2.0]:
        for xray in [1.0, 0.0]:
            for ipm in [10.0, 50.0, 100.0, 150.0, 151.0, float("nan")]:
                rows.append({"laser": laser, "xray": xray, "ipm": ipm})
    results = {name: [list(flt.apply(r)) for r in rows] for name, flt in f.items()}
    print(json.dumps(enc({"rows": rows, "results": results})))


def expressions():
    rng = np.random.default_rng(13)
    inputs = {
        "a": np.float64(2.5),
        "b": np.float64(-4.0),
        "v": rng.normal(size=5),
        "w": rng.normal(size=5),
        "z": np.array([0.0, 1.0, -2.0, 0.0, 3.0]),
        "n": np.array([1.0, float("nan"), 3.0, -1.0, 2.0]),
        "m": rng.normal(size=(3, 5)),
        "c": rng.normal(size=(3, 1)),
        "r": rng.normal(size=(1, 5)),
        "t": rng.normal(size=(2, 3, 5)),
        "q": rng.normal(size=4),
    }
    inputs["w"][2] = inputs["v"][2]  # one equal pair for == and !=
    texts = [
        "a + v", "v - w", "v * w", "v / w", "v / z", "z / 0", "0 / z", "-v", "-a", "+v", "a - -v",
        "(v - w) / a", "m + v", "m * c", "c + v", "c * r", "t - m", "t * v", "t / c", "a * t + b",
        "v < w", "v <= w", "v > a", "v >= w", "v == w", "v != w", "m > c", "n < 2", "n != n",
        "abs(v - w)", "sqrt(abs(m))", "sqrt(v)", "log(abs(v) + 1)", "log(z)", "exp(v / 10)", "exp(t)",
        "min(v)", "max(m)", "min(v, w)", "max(m, c)", "min(n)", "max(n, v)", "min(a, b)",
        "sum(m)", "mean(t)", "sum(n)", "mean(n)", "mean(v) - sum(w) / 5", "sum(m * c) / mean(r)",
        "2 * a - 1e-1 / 4", ".5 + 3. * 2", "1 - 2 - 3", "8 / 4 / 2", "2 * 3 + 4 * 5", "-(a + b) * 2",
        "(m - mean(m)) / max(abs(m))", "(a < b) + (a > b) * 2", "v + q", "m + q",
    ]
    ns = {
        "abs": np.abs, "sqrt": np.sqrt, "log": np.log, "exp": np.exp, "sum": np.sum, "mean": np.mean,
        "min": lambda x, y=None: np.min(x) if y is None else np.minimum(x, y),
        "max": lambda x, y=None: np.max(x) if y is None else np.maximum(x, y),
    }
    cases = []
    with np.errstate(all="ignore"):
        for text in texts:
            env = dict(ns)
            env.update(inputs)
            try:
                r = np.asarray(eval(text, {"__builtins__": {}}, env), dtype=np.float64)
                cases.append({"expr": text, "shape": list(r.shape), "values": r.ravel().tolist()})
            except ValueError as e:
                cases.append({"expr": text, "error": str(e)})
    print(json.dumps(enc({
        "inputs": {k: {"shape": list(np.shape(v)), "values": np.ravel(v).tolist()} for k, v in inputs.items()},
        "cases": cases,
    })))


def cubes():
    rng = np.random.default_rng(1313)
    n = 400
    x = rng.uniform(-1, 11, size=n)
    x[:6] = [0.0, 1.0, 3.0, 6.0, 10.0, 10.0]  # on edges, the top one closing the last bin
    y = rng.uniform(0, 4, size=n)
    flag = (rng.uniform(size=n) < 0.6).astype(np.float64)
    scalar = 3 * x + rng.normal(size=n)
    vector = np.stack([x * k + rng.normal(size=n) for k in range(4)], axis=1)  # (n, 4)
    image = rng.normal(size=(n, 3, 2)) + x[:, None, None]
    steps = np.repeat(np.linspace(2.0, 5.0, 7), 9)[rng.permutation(63)]
    step_values = rng.normal(size=63) + steps
    edges = [0.0, 1.0, 3.0, 6.0, 10.0]
    y_edges = [0.0, 1.0, 2.5, 4.0]
    out = {"scipy": scipy.__version__, "x": x, "y": y, "flag": flag, "scalar": scalar, "vector": vector,
           "image": image, "steps": steps, "step_values": step_values, "edges": edges, "y_edges": y_edges,
           "linspace_edges": np.linspace(0, 10, 6), "cases": {}}

    def stat1(values, xs, bins):
        res = {}
        for s in ["mean", "std", "count"]:
            r = stats.binned_statistic(xs, values, statistic=s, bins=bins)
            res[s] = np.asarray(r.statistic)
        return res

    def put(name, res, transpose_to=None):
        out["cases"][name] = {k: (np.moveaxis(v, 0, -1) if transpose_to else v).ravel().tolist()
                              for k, v in res.items() if k != "count"}
        out["cases"][name]["count"] = np.asarray(res["count"]).ravel().tolist()

    put("scalar", stat1(scalar, x, edges))
    put("scalar_range", stat1(scalar, x, out["linspace_edges"]))
    # Several value rows at once: binned_statistic takes (k, N) and returns (k, nbins).
    r = {s: np.asarray(stats.binned_statistic(x, vector.T, statistic=s, bins=edges).statistic) for s in ["mean", "std"]}
    r["count"] = stats.binned_statistic(x, scalar, statistic="count", bins=edges).statistic
    put("vector", r, transpose_to=True)
    flat = image.reshape(n, 6)
    r = {s: np.asarray(stats.binned_statistic(x, flat.T, statistic=s, bins=edges).statistic) for s in ["mean", "std"]}
    r["count"] = stats.binned_statistic(x, scalar, statistic="count", bins=edges).statistic
    put("image", r, transpose_to=True)
    # Two variables and a filter state: binned_statistic_dd.
    r = {s: stats.binned_statistic_dd(np.stack([x, y], axis=1), scalar, statistic=s, bins=[edges, y_edges]).statistic
         for s in ["mean", "std", "count"]}
    put("scalar_xy", r)
    state_edges = [-0.5, 0.5, 1.5]
    r = {s: stats.binned_statistic_dd(np.stack([flag, x], axis=1), scalar, statistic=s, bins=[state_edges, edges]).statistic
         for s in ["mean", "std", "count"]}
    put("scalar_by", r)
    r = {s: np.stack([np.asarray(stats.binned_statistic_dd(np.stack([flag, x], axis=1), vector[:, k], statistic=s,
                                                           bins=[state_edges, edges]).statistic) for k in range(4)], axis=-1)
         for s in ["mean", "std"]}
    r["count"] = stats.binned_statistic_dd(np.stack([flag, x], axis=1), scalar, statistic="count", bins=[state_edges, edges]).statistic
    out["cases"]["vector_by"] = {k: np.asarray(v).ravel().tolist() for k, v in r.items()}
    u = np.unique(steps)
    mids = (u[1:] + u[:-1]) / 2
    step_edges = np.concatenate([[u[0] - (u[1] - u[0]) / 2], mids, [u[-1] + (u[-1] - u[-2]) / 2]])
    out["step_edges"] = step_edges
    put("steps", stat1(step_values, steps, step_edges))
    print(json.dumps(enc(out)))


if __name__ == "__main__":
    {"filters": filters, "expressions": expressions, "cubes": cubes}[sys.argv[1]]()
