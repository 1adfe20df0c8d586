"""Reference timings for `trainspotter-bench operators`: pyFAI integrate1d and
scipy.ndimage.gaussian_filter on the frame the Swift side wrote, single-threaded.

usage: bench_operators.py IMAGE ROWS COLUMNS OUTDIR REPEATS NPT SIGMA

IMAGE is raw little-endian float32, C order. Geometry (must match BenchOperators.swift):
pixel 75 um x 75 um, distance 0.2 m, PONI at (500.3, 520.7) pixels, wavelength 1 A, no
rotation; unit q_nm^-1, solid-angle correction on, no mask.

Writes OUTDIR/<case>_{radial,intensity}.bin (float64 / float32) and OUTDIR/gauss.bin
(float32), then prints one line: RESULT <json> with seconds per call (best of REPEATS)
and the library versions.
"""
import json
import os
import sys
import time

os.environ["OMP_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402
import pyFAI  # noqa: E402
import scipy  # noqa: E402
from pyFAI.detectors import Detector  # noqa: E402
from pyFAI.integrator.azimuthal import AzimuthalIntegrator  # noqa: E402
from scipy import ndimage  # noqa: E402

path, rows, columns, out, repeats, npt, sigma = sys.argv[1:8]
rows, columns, repeats, npt, sigma = int(rows), int(columns), int(repeats), int(npt), float(sigma)
image = np.fromfile(path, dtype="<f4").reshape(rows, columns)


def best(call):
    call()  # warm-up (builds pyFAI's CSR matrix)
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - start)
    return min(seconds)


results = {"versions": {"numpy": np.__version__, "scipy": scipy.__version__, "pyFAI": pyFAI.version}}
for name, method in (("bbox_csr", ("bbox", "csr", "cython")), ("nosplit_csr", ("no", "csr", "cython"))):
    det = Detector(pixel1=75e-6, pixel2=75e-6, max_shape=(rows, columns))
    ai = AzimuthalIntegrator(dist=0.2, poni1=500.3 * 75e-6, poni2=520.7 * 75e-6, detector=det, wavelength=1e-10)
    start = time.perf_counter()
    res = ai.integrate1d(image, npt, unit="q_nm^-1", method=method, correctSolidAngle=True)
    results[name + "_first_call"] = time.perf_counter() - start
    results[name] = best(lambda: ai.integrate1d(image, npt, unit="q_nm^-1", method=method, correctSolidAngle=True))
    np.asarray(res.radial, dtype="<f8").tofile(os.path.join(out, name + "_radial.bin"))
    np.asarray(res.intensity, dtype="<f4").tofile(os.path.join(out, name + "_intensity.bin"))

smoothed = ndimage.gaussian_filter(image, sigma=sigma, mode="reflect", truncate=4.0)
smoothed.astype("<f4").tofile(os.path.join(out, "gauss.bin"))
results["gaussian"] = best(lambda: ndimage.gaussian_filter(image, sigma=sigma, mode="reflect", truncate=4.0))
print("RESULT " + json.dumps(results), flush=True)
