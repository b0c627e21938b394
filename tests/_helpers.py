"""Small helpers shared by the tests (kept apart from nnmath, so a test never
checks nnmath's gradient code with that same code)."""

import contextlib
import os
import subprocess
import warnings
from pathlib import Path

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


ROOT = Path(__file__).resolve().parents[1]
STAMP = ".venv/.hidden-math-installed"


def clean_env(**extra):
    """os.environ without make's variables (tests may run inside `make test`), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return {**env, **extra}


def make_n(*args):
    """The commands `make <args>` would run (make -n), without running them or the install."""
    return subprocess.run(
        ["make", "-n", "-o", STAMP, "-C", str(ROOT), *args],
        capture_output=True,
        text=True,
        check=True,
        env=clean_env(),
    ).stdout


def tiny_cnn(channels=4, seed=0):
    """An untrained Reshape → Conv2D(1, channels, 3, padding 1) → MaxPool2D(2) → Flatten →
    Dense softmax network on 8 × 8 images: lesson 13's kind of CNN, small, for the tests of
    its widgets and plots."""
    from nnmath import MLP, Dense, conv

    rng = np.random.default_rng(seed)
    return MLP.from_layers(
        [
            conv.Reshape((1, 8, 8)),
            conv.Conv2D(1, channels, 3, padding=1, rng=rng),
            conv.MaxPool2D(2),
            conv.Flatten(),
            Dense(16 * channels, 10, "softmax", rng=rng),
        ]
    )
