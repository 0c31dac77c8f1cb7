"""Regenerate scipy-qmc-points.json: unscrambled Sobol and Halton points from SciPy, to cross-check
SobolSequence and HaltonSequence.

    /usr/bin/python3 packages/core/src/samplers/qmc/__fixtures__/generate-scipy-qmc-points.py

Unscrambled points do not depend on a seed, and column k of a d-dimensional sequence does not
depend on d, so a few columns of a 1024-dimensional sequence check the table deep down too.
"""
import json
import os

import scipy
import scipy.stats.qmc as qmc

N = 256
COLUMNS = [0, 1, 2, 3, 4, 5, 6, 7, 99, 511, 1023]
sobol = qmc.Sobol(1024, scramble=False).random(N)
halton = qmc.Halton(1024, scramble=False).random(N)
fixture = {
    "source": f"scipy {scipy.__version__}: qmc.Sobol(1024, scramble=False).random({N}), qmc.Halton(1024, scramble=False).random({N})",
    "n": N,
    "columns": COLUMNS,
    # Sobol coordinates are multiples of 2^-30 in SciPy (bits=30): stored as those integers.
    "sobolTimes2To30": [[int(round(row[k] * 2**30)) for k in COLUMNS] for row in sobol],
    "halton": [[float(row[k]) for k in COLUMNS] for row in halton],
}
for row, ints in zip(sobol, fixture["sobolTimes2To30"]):
    assert all(ints[i] / 2**30 == row[k] for i, k in enumerate(COLUMNS))
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "scipy-qmc-points.json"), "w") as handle:
    json.dump(fixture, handle, separators=(",", ":"))
    handle.write("\n")
