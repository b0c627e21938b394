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


@pytest.fixture
def line_data():
    """Twelve noisy points near the line y = 1.5x − 1 (lessons 05-06's one-input neuron)."""
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 3, 12)
    y = 1.5 * x - 1.0 + rng.normal(0, 0.3, 12)
    return x, y


@pytest.fixture
def hand_net():
    """2 → 3 → 1, tanh then sigmoid, with hand-set weights (lesson 09's plane pictures)."""
    from nnmath import MLP, Dense

    W1 = np.array([[1.0, -0.5, 0.2], [0.3, 0.8, -1.1]])
    b1 = np.array([0.1, -0.2, 0.0])
    W2 = np.array([[1.5], [-0.7], [0.4]])
    b2 = np.array([0.05])
    return MLP.from_layers(
        [Dense.from_weights(W1, b1, "tanh"), Dense.from_weights(W2, b2, "sigmoid")]
    )
