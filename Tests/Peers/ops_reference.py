"""Reference outputs for the Operators tests, computed by the real libraries on this machine.

usage: ops_reference.py OUTDIR

Writes every input and output as raw little-endian C-order `.bin` files under OUTDIR and a
manifest `OUTDIR/cases.json`:

  {"versions": {...},
   "cases": [{"id", "kind", "params", "inputs": {role: array}, "outputs": {role: array}}],
   "arrays": {name: {"file", "dtype", "shape"}}}

Kinds: "azimuthal_integration_1d" (pyFAI integrate1d), "gaussian_filter_2d"
(scipy.ndimage.gaussian_filter), "histogram" (numpy.histogram), "npy_mask" (a mask written
by numpy.save for the .npy reader), "python_slices" (list(range(n))[slice] for pulse selections). Single-threaded (OMP_NUM_THREADS=1), fixed seeds.
"""
import json
import os
import sys

os.environ["OMP_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402
import pyFAI  # noqa: E402
import scipy  # noqa: E402
from pyFAI.detectors import Detector  # noqa: E402
from pyFAI.integrator.azimuthal import AzimuthalIntegrator  # noqa: E402
from scipy import ndimage  # noqa: E402

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
arrays = {}
cases = []


def save(name, array):
    array = np.ascontiguousarray(array)
    if array.dtype.byteorder == ">":
        array = array.astype(array.dtype.newbyteorder("<"))
    path = os.path.join(out, name + ".bin")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    array.tofile(path)
    arrays[name] = {"file": name + ".bin", "dtype": array.dtype.str, "shape": list(array.shape)}
    return name


def ring_image(shape, pixel1, pixel2, poni1, poni2, dist, seed):
    """A Poisson ring pattern in q for a flat detector normal to the beam."""
    rng = np.random.default_rng(seed)
    i, j = np.meshgrid(np.arange(shape[0]), np.arange(shape[1]), indexing="ij")
    y = (i + 0.5) * pixel1 - poni1
    x = (j + 0.5) * pixel2 - poni2
    tth = np.arctan2(np.sqrt(x * x + y * y), dist)
    q = 4e-9 * np.pi * np.sin(tth / 2) / 1e-10
    chi = np.arctan2(y, x)
    lam = 40 + 300 * np.exp(-q / 4)
    for centre, height in ((2.5, 200), (6.0, 120), (9.5, 90)):
        lam = lam + height * np.exp(-0.5 * ((q - centre) / 0.15) ** 2) * (1 + 0.2 * np.cos(2 * chi))
    return rng.poisson(lam).astype(np.float32)


# ---- Azimuthal integration -------------------------------------------------------------

def ai_case(case_id, geometry, image_name, npt, unit, method, mask_name=None, correct_solid_angle=True,
            polarization_factor=None, radial_range=None, dummy=None, delta_dummy=None,
            normalization_factor=1.0):
    g = geometry
    det = Detector(pixel1=g["pixel1"], pixel2=g["pixel2"], max_shape=tuple(g["shape"]))
    ai = AzimuthalIntegrator(dist=g["dist"], poni1=g["poni1"], poni2=g["poni2"], rot1=g["rot1"],
                             rot2=g["rot2"], rot3=g["rot3"], detector=det, wavelength=g["wavelength"])
    image = np.fromfile(os.path.join(out, image_name + ".bin"), dtype="<f4").reshape(g["shape"])
    mask = None
    if mask_name is not None:
        mask = np.fromfile(os.path.join(out, mask_name + ".bin"), dtype="u1").reshape(g["shape"])
    res = ai.integrate1d(image, npt, unit=unit, method=tuple(method), correctSolidAngle=correct_solid_angle,
                         mask=mask, polarization_factor=polarization_factor, radial_range=radial_range,
                         dummy=dummy, delta_dummy=delta_dummy, normalization_factor=normalization_factor)
    outputs = {
        "radial": save(case_id + "/radial", np.asarray(res.radial, dtype="<f8")),
        "intensity": save(case_id + "/intensity", np.asarray(res.intensity, dtype="<f4")),
        "sum_signal": save(case_id + "/sum_signal", np.asarray(res.sum_signal, dtype="<f8").reshape(-1)),
        "sum_normalization": save(case_id + "/sum_normalization",
                                  np.asarray(res.sum_normalization, dtype="<f8").reshape(-1)),
        "count": save(case_id + "/count", np.asarray(res.count, dtype="<f8").reshape(-1)),
    }
    cases.append({"id": case_id, "kind": "azimuthal_integration_1d",
                  "params": {"geometry": g, "npt": npt, "unit": unit, "method": list(method),
                             "correctSolidAngle": correct_solid_angle, "polarization_factor": polarization_factor,
                             "radial_range": radial_range, "dummy": dummy, "delta_dummy": delta_dummy,
                             "normalization_factor": normalization_factor},
                  "inputs": {"image": image_name, "mask": mask_name}, "outputs": outputs})


flat = {"shape": [300, 340], "pixel1": 100e-6, "pixel2": 80e-6, "poni1": 140.6 * 100e-6, "poni2": 180.2 * 80e-6,
        "dist": 0.08, "rot1": 0.0, "rot2": 0.0, "rot3": 0.0, "wavelength": 1e-10}
img = ring_image(flat["shape"], flat["pixel1"], flat["pixel2"], flat["poni1"], flat["poni2"], flat["dist"], 7001)
save("ai/flat_image", img)
rng = np.random.default_rng(7002)
mask = np.zeros(flat["shape"], dtype=np.uint8)
mask[:, 200:206] = 1
mask[rng.random(flat["shape"]) < 0.01] = 1
save("ai/flat_mask", mask)
dummy_img = img.copy()
dummy_img[rng.random(flat["shape"]) < 0.02] = -1.0
dummy_img[5, :] = np.nan
save("ai/flat_image_dummy", dummy_img)

NO, BBOX, HIST = ("no", "csr", "cython"), ("bbox", "csr", "cython"), ("no", "histogram", "cython")
for unit in ("2th_deg", "r_mm", "q_A^-1"):
    for name, method in (("nosplit", NO), ("bbox", BBOX)):
        ai_case(f"ai/{unit.replace('^', '').replace('-', 'm')}_{name}", flat, "ai/flat_image", 150, unit, method)
ai_case("ai/pol_bbox_mask", flat, "ai/flat_image", 180, "q_nm^-1", BBOX, mask_name="ai/flat_mask",
        polarization_factor=0.95)
ai_case("ai/pol_nosplit_nosa", flat, "ai/flat_image", 180, "2th_deg", NO, correct_solid_angle=False,
        polarization_factor=-0.4)
ai_case("ai/range_nosplit_qnm", flat, "ai/flat_image", 100, "q_nm^-1", NO, radial_range=(3.0, 9.0))
ai_case("ai/range_bbox_2th", flat, "ai/flat_image", 100, "2th_deg", BBOX, radial_range=(5.0, 30.0),
        mask_name="ai/flat_mask")
ai_case("ai/range_histogram_rmm", flat, "ai/flat_image", 120, "r_mm", HIST, radial_range=(2.0, 15.0))
ai_case("ai/dummy_nosplit", flat, "ai/flat_image_dummy", 150, "q_nm^-1", NO, dummy=-1.0,
        normalization_factor=2.5)
ai_case("ai/dummy_delta_bbox", flat, "ai/flat_image_dummy", 150, "q_nm^-1", BBOX, dummy=-1.2, delta_dummy=0.5)

tilted = dict(flat, rot1=0.03, rot2=-0.05, rot3=0.4)
ai_case("ai/tilted_bbox", tilted, "ai/flat_image", 150, "q_nm^-1", BBOX, polarization_factor=0.9)
ai_case("ai/tilted_nosplit_2th", tilted, "ai/flat_image", 150, "2th_deg", NO, mask_name="ai/flat_mask")

# ---- Gaussian smoothing ------------------------------------------------------------------

def gauss_case(case_id, image, sigma, truncate=4.0):
    inp = save(case_id + "/input", image)
    smoothed = ndimage.gaussian_filter(image, sigma=sigma, mode="reflect", truncate=truncate)
    cases.append({"id": case_id, "kind": "gaussian_filter_2d", "params": {"sigma": sigma, "truncate": truncate},
                  "inputs": {"image": inp}, "outputs": {"smoothed": save(case_id + "/smoothed", smoothed)}})


rng = np.random.default_rng(7101)
noisy = (rng.normal(100, 20, (97, 131)) + 5000 * (rng.random((97, 131)) < 0.002)).astype(np.float32)
gauss_case("gauss/sigma5_f32", noisy, 5.0)
gauss_case("gauss/sigma1p5_truncate3_f32", noisy, 1.5, truncate=3.0)
gauss_case("gauss/sigma3_f64", noisy.astype(np.float64) * 1.001, 3.0)
gauss_case("gauss/tiny_longkernel_f32", rng.normal(0, 1, (5, 7)).astype(np.float32), 3.0)

# ---- Histograms --------------------------------------------------------------------------

values = np.concatenate([rng.normal(0, 1, 5000), [np.nan] * 7, [-4.0, 4.0, 2.5]]).astype(np.float32)
save("hist/values", values)
# Bins in float64 (the operator's semantics), on the float32 values promoted exactly.
counts, edges = np.histogram(values.astype(np.float64), bins=40, range=(-2.5, 2.5))
cases.append({"id": "hist/explicit_range", "kind": "histogram", "params": {"bins": 40, "range": [-2.5, 2.5]},
              "inputs": {"values": "hist/values"},
              "outputs": {"counts": save("hist/explicit_counts", counts.astype("<i8")),
                          "edges": save("hist/explicit_edges", edges.astype("<f8"))}})
finite = values[np.isfinite(values)]
save("hist/finite_values", finite)
counts, edges = np.histogram(finite.astype(np.float64), bins=33)
cases.append({"id": "hist/auto_range", "kind": "histogram", "params": {"bins": 33, "range": None},
              "inputs": {"values": "hist/finite_values"},
              "outputs": {"counts": save("hist/auto_counts", counts.astype("<i8")),
                          "edges": save("hist/auto_edges", edges.astype("<f8"))}})

# ---- A mask saved by numpy ----------------------------------------------------------------

for dtype in ("bool", "uint8", "float32", ">i2"):
    m = np.zeros((6, 9), dtype=dtype)
    m[1, 2] = 1
    m[4, 8] = 1
    m[5, 0] = 3 if dtype != "bool" else 1
    path = os.path.join(out, f"mask_{dtype.replace('>', 'be')}.npy")
    np.save(path, m)
    cases.append({"id": f"npy/{dtype}", "kind": "npy_mask", "params": {"path": os.path.basename(path)},
                  "inputs": {}, "outputs": {"flags": save(f"npy/{dtype.replace('>', 'be')}", (m != 0).astype("u1"))}})

# ---- Python slice semantics for pulse selections -------------------------------------------

slices = []
for n in (0, 1, 5, 64):
    for text in (":", "2:", ":3", "1:60:2", "-3:", ":-1", "::-1", "5:1:-1", "-1:-6:-2", "10:2", "::7", "-100:100", "3:3"):
        parts = [int(x) if x else None for x in text.split(":")]
        sl = slice(*parts)
        slices.append({"pulses": n, "text": text, "indices": list(range(n))[sl]})
cases.append({"id": "pulses/slices", "kind": "python_slices", "params": {"slices": slices}, "inputs": {}, "outputs": {}})

with open(os.path.join(out, "cases.json"), "w") as f:
    json.dump({"versions": {"numpy": np.__version__, "scipy": scipy.__version__, "pyFAI": pyFAI.version},
               "cases": cases, "arrays": arrays}, f, indent=1)
print("DONE", len(cases))
