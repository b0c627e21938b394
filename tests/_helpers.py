"""Small helpers shared by the unit tests (kept apart from nnmath, so a test never
checks nnmath's gradient code with that same code)."""

import contextlib
import warnings

import numpy as np


def rel_err(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖), 0 when both are 0."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


@contextlib.contextmanager
def strict():
    """Every warning is an error, and so is overflow, division by zero and an invalid op."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            yield
