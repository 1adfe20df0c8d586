"""Detector-geometry references from EXtra-geom (and pyFAI), computed on this machine.

usage: geom_reference.py OUTDIR

For AGIPD-1M, LPD-1M, JUNGFRAU (3 modules) and ePix100 geometries built by EXtra-geom from
non-default positions (sub-pixel shifts, z offsets, in-plane rotations, one tilted module),
writes each geometry with `write_crystfel_geom`, assembles random float32 module data with
`position_modules` and writes:

  OUTDIR/<id>.geom, OUTDIR/<id>/data.bin (f4, (frames, modules, ss, fs)),
  OUTDIR/<id>/assembled.bin (f4, (frames, H, W)), OUTDIR/<id>/positions.bin (f8, centre
  positions of get_pixel_positions(), (modules, ss, fs, 3))
  OUTDIR/cases.json: {"versions", "cases": [{"id", "geom", "data", "assembled", "positions",
  "centre"}], "integrations": [{"id", "geometry", "params", "mask", "radial", "intensity",
  "sum_signal", "sum_normalization", "count"}]}

Integrations: pyFAI integrate1d on `to_pyfai_detector()` with dist = clen = 0.25 m and the
wavelength of 9300 eV, frame 0 of the data reshaped to (modules·ss, fs).

Arrays are raw little-endian C order. Single-threaded, fixed seed.
"""
import json
import os
import sys

os.environ["OMP_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402
import extra_geom  # noqa: E402
from pyFAI.integrator.azimuthal import AzimuthalIntegrator  # noqa: E402
import pyFAI  # noqa: E402
from extra_geom import AGIPD_1MGeometry, Epix100Geometry, JUNGFRAUGeometry, LPD_1MGeometry  # noqa: E402

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20261204)


def save(rel, array):
    array = np.ascontiguousarray(array)
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    array.astype(array.dtype.newbyteorder("<")).tofile(path)
    return {"file": rel, "dtype": array.dtype.str, "shape": list(array.shape)}


def agipd():
    g = AGIPD_1MGeometry.from_quad_positions([(-525, 625), (-550, -10), (520, -160), (542.5, 475)])
    g = g.offset((1.3e-4, -2.7e-4, 1e-3), modules=slice(3, 4))
    g = g.offset((-0.7e-4, 0.4e-4), modules=slice(8, 12))
    g = g.rotate((0, 0, 1.5), modules=slice(5, 6))
    g = g.rotate((5, 3, 1), modules=slice(9, 10))
    return g


def lpd():
    g = LPD_1MGeometry.from_quad_positions([(11.4, 299), (-11.5, 8), (254.5, -16), (278.5, 275)])
    return g.offset((0.3e-3, -0.2e-3), modules=slice(2, 3))


def jungfrau():
    return JUNGFRAUGeometry.from_module_positions(offsets=[(0, 0), (1100, 50.5), (-30, 600)],
                                                  orientations=[(1, 1), (-1, -1), (1, 1)])


def epix():
    return Epix100Geometry.pair_geometry().offset((1.3e-5, -2.2e-5, 0.0), tiles=slice(0, 2)).offset((4e-5, 7.5e-5), tiles=slice(2, 4))


CLEN, ENERGY = 0.25, 9300.0
WAVELENGTH = 12.398419843320026 / (ENERGY / 1000) * 1e-10
INTEGRATIONS = {  # geometry: [(name, method, unit, npt, solid angle, polarization, mask, radial_range)]
    "agipd": [("nosplit_csr_qnm_mask", ("no", "csr", "cython"), "q_nm^-1", 500, True, None, True, None),
              ("bbox_csr_2th", ("bbox", "csr", "cython"), "2th_deg", 300, True, None, False, None),
              ("bbox_histogram_qnm_range", ("bbox", "histogram", "cython"), "q_nm^-1", 200, True, None, False, (5.0, 40.0))],
    "lpd": [("nosplit_csr_qnm_pol", ("no", "csr", "cython"), "q_nm^-1", 300, True, 0.95, False, None),
            ("bbox_histogram_2th_mask", ("bbox", "histogram", "cython"), "2th_deg", 250, False, None, True, None)],
    "jungfrau": [("nosplit_histogram_rmm", ("no", "histogram", "cython"), "r_mm", 300, True, None, False, None),
                 ("bbox_csr_qA_mask", ("bbox", "csr", "cython"), "q_A^-1", 300, True, None, True, None)],
    "epix": [("nosplit_csr_qnm", ("no", "csr", "cython"), "q_nm^-1", 200, True, None, False, None),
             ("bbox_csr_qnm_mask_pol", ("bbox", "csr", "cython"), "q_nm^-1", 200, True, -0.5, True, None)],
}
cases = []
integrations = []
for cid, make, frames in (("agipd", agipd, 2), ("lpd", lpd, 2), ("jungfrau", jungfrau, 2), ("epix", epix, 2)):
    g = make()
    geom_file = os.path.join(out, cid + ".geom")
    g.write_crystfel_geom(geom_file, clen=0.25, photon_energy=9300)
    g = type(g).from_crystfel_geom(geom_file)  # what every reader of the file sees
    n_mod = g.n_modules
    shape = (frames, n_mod) + tuple(g.expected_data_shape[-2:])
    data = rng.normal(100, 30, size=shape).astype(np.float32)
    assembled, centre = g.position_modules(data)
    positions = g.get_pixel_positions()
    cases.append({
        "id": cid, "geom": cid + ".geom",
        "data": save(cid + "/data.bin", data),
        "assembled": save(cid + "/assembled.bin", assembled.astype(np.float32)),
        "positions": save(cid + "/positions.bin", positions.astype(np.float64)),
        "centre": [int(c) for c in centre],
    })
    det = g.to_pyfai_detector()
    frame = data[0].reshape(-1, data.shape[-1])
    mask = (rng.random(data.shape[1:]) < 0.01).astype(np.uint8)
    mask[0, :20, :] = 1  # a band along the first module's edge: changes the automatic range
    mask_info = save(cid + "/mask.bin", mask)
    for name, method, unit, npt, sa, pol, use_mask, radial_range in INTEGRATIONS[cid]:
        ai = AzimuthalIntegrator(detector=det, dist=CLEN, poni1=0, poni2=0, wavelength=WAVELENGTH)
        r = ai.integrate1d(frame, npt, unit=unit, method=method, correctSolidAngle=sa,
                           mask=mask.reshape(frame.shape) if use_mask else None, polarization_factor=pol,
                           radial_range=radial_range)
        iid = cid + "/" + name
        integrations.append({
            "id": iid, "geometry": cid,
            "params": {"method": list(method), "unit": unit, "npt": npt, "correctSolidAngle": sa,
                       "polarization_factor": pol, "radial_range": radial_range, "distance": CLEN,
                       "wavelength": WAVELENGTH},
            "mask": mask_info if use_mask else None,
            **{k: save(iid + "/" + k + ".bin", np.asarray(getattr(r, k), dtype=np.float64))
               for k in ("radial", "intensity", "sum_signal", "sum_normalization", "count")},
        })

# A flat detector with all three rotations, saved as a .poni by pyFAI itself.
from pyFAI.detectors import Detector  # noqa: E402
poni_det = Detector(pixel1=75e-6, pixel2=100e-6, max_shape=(256, 320))
poni_ai = AzimuthalIntegrator(dist=0.1234, poni1=0.0092, poni2=0.0184, rot1=0.01, rot2=-0.02, rot3=0.03,
                              detector=poni_det, wavelength=1e-10)
poni_file = os.path.join(out, "tilted.poni")
(getattr(poni_ai, "save", None) or poni_ai.write)(poni_file)
poni_image = rng.poisson(100, size=(256, 320)).astype(np.float32)
ponis = []
for name, method, unit in (("bbox_csr_qnm", ("bbox", "csr", "cython"), "q_nm^-1"),
                           ("nosplit_csr_2th", ("no", "csr", "cython"), "2th_deg")):
    ai = AzimuthalIntegrator(dist=0.1234, poni1=0.0092, poni2=0.0184, rot1=0.01, rot2=-0.02, rot3=0.03,
                             detector=poni_det, wavelength=1e-10)
    r = ai.integrate1d(poni_image, 150, unit=unit, method=method)
    pid = "poni/" + name
    ponis.append({"id": pid, "poni": "tilted.poni", "image": save("poni/image.bin", poni_image),
                  "params": {"method": list(method), "unit": unit, "npt": 150},
                  **{k: save(pid + "/" + k + ".bin", np.asarray(getattr(r, k), dtype=np.float64))
                     for k in ("radial", "intensity", "sum_signal", "sum_normalization", "count")}})

with open(os.path.join(out, "cases.json"), "w") as f:
    json.dump({"versions": {"extra_geom": extra_geom.__version__, "pyFAI": pyFAI.version, "numpy": np.__version__},
               "cases": cases, "integrations": integrations, "poni": ponis}, f, indent=1)
print("DONE")
