"""Shared pytest setup. The test environment itself is set by the Makefile."""

import os

import numpy as np
import pytest

# Set by `make test` / `make regen` (see the Makefile's run_env).
_ENVIRONMENT = ("OMP_NUM_THREADS", "MPLBACKEND", "IPYTHONDIR")


def pytest_report_header(config):
    """Show in the log whether this run has the course's reproducible environment."""
    shown = ", ".join(f"{name}={os.environ.get(name, '(unset)')}" for name in _ENVIRONMENT)
    strict = os.path.isfile(
        os.path.join(os.environ.get("IPYTHONDIR", ""), "profile_default/startup/00-strict.py")
    )
    kernel = "warnings are errors in notebook kernels" if strict else "NOT strict: use `make test`"
    return [f"hidden-math: {shown}", f"hidden-math: {kernel}"]


@pytest.fixture
def class_data():
    """A 1-D two-class set that no threshold separates (lessons 05-06's loss and descent plots)."""
    x = np.array([-2.0, -1.0, -0.5, 0.3, 0.2, 1.0, 1.5, 2.5])
    y = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    return x, y
