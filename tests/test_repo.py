"""Tests of the course's tooling: the nbval policy, the Makefile, CI, conda env.

The nbval policy (CONTRIBUTING.md: lessons are compared cell by cell, warnings
are errors in the kernel, only addresses/timings/ids are sanitized) is tested
by running pytest --nbval in a subprocess on tiny generated notebooks, with
the project's own pytest configuration, sanitize file and kernel startup file.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from _helpers import make_n
from nbformat.v4 import new_code_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
NBVAL_FLAGS = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(SANITIZE)]


# --- nbval policy, end to end ------------------------------------------------


def _stdout(text):
    return new_output("stream", name="stdout", text=text)


def _result(**data):
    return new_output("execute_result", data=data)


# One notebook, one kernel (fast): (name, expected nbval outcome, source, stored
# outputs). nbval runs every cell even after one fails, so each is checked.
CELLS = [
    ("import", "PASSED", "import numpy as np", []),
    ("rounded number", "PASSED", 'print(f"{1 / 3:.4f}")', [_stdout("0.3333\n")]),
    # (b) a changed printed number fails
    ("changed number", "FAILED", 'print(f"{1 / 3:.4f}")', [_stdout("0.3334\n")]),
    # (a) a RuntimeWarning is an error in the kernel, although the stored output matches
    ("log(0)", "FAILED", "np.log(0.0)", [_result(**{"text/plain": "np.float64(-inf)"})]),
    # a memory address differs on every run: sanitized
    ("address", "PASSED", "object()", [_result(**{"text/plain": "<object at 0x7f2d5c3e1a90>"})]),
    # a library's DeprecationWarning is not an error (a blanket `error` breaks ipympl)
    (
        "library deprecation",
        "PASSED",
        "import warnings\n"
        'warnings.warn_explicit("old", DeprecationWarning, "lib.py", 1, module="lib")',
        [],
    ),
    # a plot of random data: images are not compared; the kernel draws inline despite Agg
    (
        "random plot",
        "PASSED",
        "%matplotlib inline\nimport matplotlib\nimport matplotlib.pyplot as plt\n"
        'assert "inline" in matplotlib.get_backend(), matplotlib.get_backend()\n'
        "fig, ax = plt.subplots(figsize=(2, 2))\n"
        "ax.plot(np.random.default_rng().normal(size=5))\nplt.close(fig)\nfig",
        [
            _result(
                **{"image/png": "iVBORw0KGgo=", "text/plain": "<Figure size 200x200 with 1 Axes>"}
            )
        ],
    ),
    # a widget: its output is not compared, as the marker says
    (
        "widget",
        "PASSED",
        "# NBVAL_IGNORE_OUTPUT\nimport ipywidgets as w\n"
        "w.FloatSlider(value=np.random.default_rng().random(), min=0, max=1, step=0.01)",
        [
            _result(
                **{
                    "application/vnd.jupyter.widget-view+json": {
                        "model_id": "0123456789abcdef0123456789abcdef",
                        "version_major": 2,
                        "version_minor": 0,
                    },
                    "text/plain": "FloatSlider(value=0.42, max=1.0, step=0.01)",
                }
            )
        ],
    ),
]


def _policy_notebook():
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    for n, (_, _, source, outputs) in enumerate(CELLS, start=1):
        cell = new_code_cell(source, execution_count=n)
        for output in outputs:
            if output["output_type"] == "execute_result":
                output["execution_count"] = n
        cell.outputs = outputs
        nb.cells.append(cell)
    return nb


@pytest.fixture(scope="module")
def nbval_run(tmp_path_factory):
    """pytest --nbval in a subprocess on the policy notebook, set up as `make test` does.

    Returns (completed process, {cell name: PASSED/FAILED}, output without colours).
    """
    tmp = tmp_path_factory.mktemp("nbval")
    nbformat.write(_policy_notebook(), tmp / "policy.ipynb")
    shutil.copytree(ROOT / "tests" / "ipython", tmp / "ipython")
    env = {
        **os.environ,
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
        "IPYTHONDIR": str(tmp / "ipython"),
        "MPLCONFIGDIR": str(tmp / "matplotlib"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-c",
        str(ROOT / "pyproject.toml"),  # the project's settings, incl. filterwarnings=error
        "--rootdir",
        str(tmp),
        "-p",
        "no:cacheprovider",
        "-rA",
        "--color=no",
        *NBVAL_FLAGS,
        "policy.ipynb",
    ]
    proc = subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True, timeout=120)
    output = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)
    found = dict(
        (int(m[2]), m[1])
        for m in re.finditer(r"^(PASSED|FAILED|ERROR|SKIPPED) \S+::Cell (\d+)", output, re.M)
    )
    outcomes = {name: found.get(i, "NOT RUN") for i, (name, *_) in enumerate(CELLS)}
    return proc, outcomes, output


def test_nbval_policy_outcome_of_each_cell(nbval_run):
    _, outcomes, output = nbval_run
    assert outcomes == {name: expected for name, expected, *_ in CELLS}, output


def test_nbval_runtime_warning_is_an_error_in_the_kernel(nbval_run):
    _, outcomes, output = nbval_run
    assert outcomes["log(0)"] == "FAILED", output
    assert "RuntimeWarning: divide by zero encountered in log" in output


def test_nbval_changed_number_is_reported(nbval_run):
    _, outcomes, output = nbval_run
    assert outcomes["changed number"] == "FAILED", output
    assert "Cell outputs differ" in output
    assert "0.3334" in output


def test_nbval_failures_fail_the_run(nbval_run):
    proc, _, output = nbval_run
    assert proc.returncode == 1, output


# --- the sanitize file ---------------------------------------------------------


def _sanitize(text):
    from nbval.plugin import get_sanitize_patterns

    for regex, replace in get_sanitize_patterns(SANITIZE.read_text()):
        text = re.sub(regex, replace, text)
    return text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("<function f at 0x7f3a2c1b4d90>", "<function f at 0x55d1e0a3b2c0>"),
        ("/tmp/ipykernel_812/3521.py:2: UserWarning", "/tmp/ipykernel_97/1104.py:2: UserWarning"),
        ("model 3f2a1b4c5d6e7f8091a2b3c4d5e6f708", "model 00aa11bb22cc33dd44ee55ff66778899"),
        (
            "1.23 ms ± 45.6 µs per loop (mean ± std. dev. of 7 runs, 1,000 loops each)",
            "980 µs ± 2.1 µs per loop (mean ± std. dev. of 7 runs, 10,000 loops each)",
        ),
        ("trained in 0.5 s", "trained in 1.25 s"),
        ("30/30 [00:01<00:00, 25.31it/s]", "30/30 [00:02<00:00, 14.02it/s]"),
    ],
)
def test_sanitize_volatile_text(a, b):
    assert _sanitize(a) == _sanitize(b)


@pytest.mark.parametrize(
    "text",
    [
        "loss 0.1234, accuracy 97.5 %",
        "z = 0.50·1.20 + (−0.30)·0.70 + 0.10 = 0.49",
        "w = [ 0.5 -1.2], b = 0.1, 3 seeds, 1797 images, 10 steps",
        "np.float64(0.3333)",
    ],
)
def test_sanitize_leaves_numbers_alone(text):
    assert _sanitize(text) == text


# --- Makefile, CI, README ----------------------------------------------------------


def _run_env(target, *args):
    """The environment assignments in front of `make <target>`'s Python command."""
    (line,) = [line for line in make_n(target, *args).splitlines() if line.startswith("env ")]
    # a run dir per target (and per lesson: build/regen01/), so runs never share one
    run = target + "".join(a.removeprefix("L=") for a in args if a.startswith("L="))
    return line.split(" .venv/bin/python")[0].replace(f"/build/{run}/", "/build/<run>/")


def test_make_test_runs_one_pytest_over_tests_and_lessons():
    out = make_n("test")
    (line,) = [line for line in out.splitlines() if " -m pytest " in line]
    assert re.search(
        r"-m pytest tests( lessons)? --nbval --nbval-current-env "
        r"--nbval-sanitize-with tests/nbval_sanitize.cfg",
        line,
    )
    for setting in (
        "OMP_NUM_THREADS=1",
        "OPENBLAS_NUM_THREADS=1",
        "MKL_NUM_THREADS=1",
        "MPLBACKEND=Agg",
        "IPYTHONDIR=",
    ):
        assert setting in line


def test_make_regen_and_test_lesson_use_the_test_environment():
    assert _run_env("regen") == _run_env("test")
    assert _run_env("test-lesson", "L=01") == _run_env("test")
    assert _run_env("regen", "L=01") == _run_env("test")


def test_ci_run_calls_make_test():
    script = ROOT / ".ci" / "run"
    text = script.read_text()
    assert os.access(script, os.X_OK)
    assert text.startswith("#!/usr/bin/env bash\n") or text.startswith("#!/bin/bash\n")
    assert "set -euo pipefail" in text
    assert "HIDDEN_MATH_REQUIRE_BROWSER=1" in text
    commands = [line.strip() for line in text.splitlines() if not line.lstrip().startswith("#")]
    commands = [line for line in commands if line]
    assert commands[-1] == "make test"  # last, so its exit code is the script's
    assert not any("playwright install" in line for line in commands)
    subprocess.run(["bash", "-n", str(script)], check=True)


def test_readme_gives_the_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme
    assert "make lab" in readme


def test_gitignore_keeps_environment_and_caches_out():
    ignored = set((ROOT / ".gitignore").read_text().split())
    for entry in (
        ".venv/",
        "build/",
        "__pycache__/",
        ".ipynb_checkpoints/",
        "*.egg-info/",
        ".pytest_cache/",
        ".hypothesis/",
    ):
        assert entry in ignored or entry.rstrip("/") in ignored, entry
