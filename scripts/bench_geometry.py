"""Reference timings for `trainspotter bench geometry` (EXtra-geom and pyFAI, one thread).

usage: bench_geometry.py OUTDIR PULSES REPEATS BINS

Writes OUTDIR/agipd.geom (an AGIPD-1M geometry from non-default quadrant positions, via
write_crystfel_geom), times position_modules_fast on (PULSES, 16, 512, 128) float32 data
(value i = (i mod 4093)·0.5, the benchmark's own data) and pyFAI integrate1d csr (bbox) on
frame 0 over to_pyfai_detector(), saves frame 0 assembled and the profile, and prints
`RESULT {json}` with the best times in seconds.
"""
import json
import os
import sys
import time

os.environ["OMP_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402
import extra_geom  # noqa: E402
import pyFAI  # noqa: E402
from extra_geom import AGIPD_1MGeometry  # noqa: E402
from pyFAI.integrator.azimuthal import AzimuthalIntegrator  # noqa: E402

out, pulses, repeats, bins = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
g = AGIPD_1MGeometry.from_quad_positions([(-525, 625), (-550, -10), (520, -160), (542.5, 475)])
g = g.offset((1.3e-4, -2.7e-4), modules=slice(3, 4))
path = os.path.join(out, "agipd.geom")
g.write_crystfel_geom(path, clen=0.25, photon_energy=9300)
g = AGIPD_1MGeometry.from_crystfel_geom(path)

data = ((np.arange(pulses * 16 * 512 * 128, dtype=np.int64) % 4093) * 0.5).astype(np.float32).reshape(pulses, 16, 512, 128)


def best(f, n):
    f()
    t = float("inf")
    for _ in range(n):
        s = time.perf_counter()
        f()
        t = min(t, time.perf_counter() - s)
    return t


outbuf = g.output_array_for_position_fast(extra_shape=(pulses,), dtype=np.float32)
fast = best(lambda: g.position_modules_fast(data, out=outbuf), max(1, repeats // 4))
fast_alloc = best(lambda: g.position_modules_fast(data), max(1, repeats // 4))
assembled, centre = g.position_modules(data[:1])
assembled[0].astype(np.float32).tofile(os.path.join(out, "assembled0.bin"))

wavelength = 12.398419843320026 / 9.3 * 1e-10
ai = AzimuthalIntegrator(detector=g.to_pyfai_detector(), dist=0.25, poni1=0, poni2=0, wavelength=wavelength)
frame = data[0].reshape(-1, 128)
s = time.perf_counter()
ai.integrate1d(frame, bins, unit="q_nm^-1", method=("bbox", "csr", "cython"))
first = time.perf_counter() - s
csr = best(lambda: ai.integrate1d(frame, bins, unit="q_nm^-1", method=("bbox", "csr", "cython")), repeats)
r = ai.integrate1d(frame, bins, unit="q_nm^-1", method=("bbox", "csr", "cython"))
np.asarray(r.radial, dtype=np.float64).tofile(os.path.join(out, "radial.bin"))
np.asarray(r.intensity, dtype=np.float32).tofile(os.path.join(out, "intensity.bin"))
print("RESULT " + json.dumps({"position_modules_fast": fast, "position_modules_fast_alloc": fast_alloc,
                              "csr": csr, "csr_first_call": first, "shape": list(assembled.shape[1:]),
                              "versions": {"extra_geom": extra_geom.__version__, "pyFAI": pyFAI.version,
                                           "numpy": np.__version__}}))
