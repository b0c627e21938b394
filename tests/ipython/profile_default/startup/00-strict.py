"""Startup file of the test kernel (nbval in `make test`, `make regen`).

The Makefile copies tests/ipython to build/ and points IPYTHONDIR at the copy,
so every kernel started by the test run executes this file before the first
cell. It makes warnings that mean "the math went wrong" errors with a
traceback, instead of a stderr line that the learner might not notice.

- RuntimeWarning: NumPy's divide by zero, overflow, invalid value (NaN),
  ComplexWarning, RankWarning. A lesson that overflows on purpose says so with
  ``with np.errstate(over="ignore"): ...``.
- UserWarning: e.g. scikit-learn's ConvergenceWarning, Matplotlib's singular
  axis limits or "no artists with labels" legend.

Deprecation warnings are deliberately *not* errors: libraries raise them
for their own reasons (ipympl does on import) and a lesson cannot fix them.
"""

import os
import sys
import warnings

warnings.filterwarnings("error", category=RuntimeWarning)
warnings.filterwarnings("error", category=UserWarning)

# `make test` sets MPLBACKEND=Agg for the pytest process and the kernel
# inherits it. A kernel must draw like a learner's JupyterLab kernel (inline
# PNGs), so give it back ipykernel's default before matplotlib is imported.
if os.environ.get("MPLBACKEND") == "Agg" and "ipykernel" in sys.modules:
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"

del os, sys, warnings
