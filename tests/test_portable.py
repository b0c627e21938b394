"""`make test-portable` (tools/portable.py): which rows run, what counts as passed.

The pure pieces are tested on made-up CPUs; one end-to-end run on two tiny
notebooks (one right, one with a stale stored number) shows the sweep can fail.
"""

import subprocess
import sys
import types

import nbformat
import pytest
from _helpers import ROOT, clean_env, make_n
from nbformat.v4 import new_code_cell, new_notebook, new_output

from tools import portable

DISPATCH = ["X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR"]  # NumPy 2.4's x86 targets


def _features(level):
    """NumPy's __cpu_features__ of a CPU that has ``level`` and all older levels."""
    have = portable.ORDER[: portable.ORDER.index(level) + 1] if level else []
    feats = {f: True for lv in have for f in portable.LEVELS[lv]}
    for target, needs in portable.NUMPY_TARGETS.items():
        feats[target] = needs in have
    return feats


def test_level_of_a_cpu_is_its_newest_complete_level():
    assert portable.level_of(_features("AVX2")) == "AVX2"
    assert portable.level_of(_features("AVX512")) == "AVX512"
    assert portable.level_of(_features(None)) is None
    # AVX-512 without AVX2 underneath is not an AVX-512 machine
    odd = {**_features("AVX"), **dict.fromkeys(portable.LEVELS["AVX512"], True)}
    assert portable.level_of(odd) == "AVX"


def test_numpy_is_capped_at_the_rows_level():
    every = dict.fromkeys(DISPATCH, True)
    assert portable.numpy_disable("AVX2", DISPATCH, every) == ["X86_V4", "AVX512_ICL", "AVX512_SPR"]
    assert portable.numpy_disable("SSE42", DISPATCH, every) == DISPATCH
    assert portable.numpy_disable("AVX512", DISPATCH, every) == ["AVX512_ICL", "AVX512_SPR"]
    # a target the CPU lacks is not named (NumPy refuses to disable it)
    assert portable.numpy_disable("AVX2", DISPATCH, {"X86_V3": True, "X86_V4": True}) == ["X86_V4"]


def _fake_probe(machine, aliases=None):
    """probe() of a CPU at ``machine`` level whose OpenBLAS runs ``aliases[kernel]``."""
    aliases = aliases or {}

    def probe(env):
        kernel = env.get("OPENBLAS_CORETYPE", "Native")
        off = set(env.get("NPY_DISABLE_CPU_FEATURES", "").split())
        feats = {k: v and k not in off for k, v in _features(machine).items()}
        return {
            "openblas": aliases.get(kernel, kernel),
            "features": feats,
            "dispatch": DISPATCH,
            "baseline": ["X86_V2"],
        }

    return probe


def test_kernels_the_cpu_cannot_run_are_skipped_never_passed(monkeypatch):
    monkeypatch.setattr(portable, "probe", _fake_probe("AVX2", {"Zen": "Haswell"}))
    rows = {r.name: r for r in portable.plan({})}
    assert rows["SkylakeX"].status == rows["Cooperlake"].status == "skipped"
    assert "no AVX512" in rows["SkylakeX"].reason
    assert rows["Haswell"].status == "pending" and rows["Haswell"].numpy_simd == "X86_V3"
    assert "NPY_DISABLE_CPU_FEATURES" not in rows["Haswell"].env  # this CPU's own level
    assert rows["Nehalem"].env["NPY_DISABLE_CPU_FEATURES"] == "X86_V3"
    assert rows["Nehalem"].numpy_simd == "X86_V2 (baseline)"
    # Zen runs Haswell's code in this OpenBLAS build: one run, reported for both
    assert rows["Zen"].same_as is rows["Haswell"]
    assert rows["2 threads"].env["OPENBLAS_NUM_THREADS"] == "2"
    assert rows["nudged up"].nudged and rows["nudged up"].env["HIDDEN_MATH_NUDGE"] == "4e-16"

    for r in rows.values():  # as if every run had passed
        if r.status == "pending" and r.same_as is None:
            r.status, r.counts = "passed", {"passed": 3}
    for r in rows.values():
        if r.same_as is not None:
            r.status, r.counts = r.same_as.status, r.same_as.counts
    lines = portable.table(list(rows.values()))
    assert lines[-1] == "portable: 8 passed, 0 failed, 2 skipped"
    assert any(line.startswith("Zen ") and "as Haswell" in line for line in lines)


def test_a_kernel_openblas_does_not_honour_is_not_counted_as_that_kernel(monkeypatch):
    # an OpenBLAS that ignores OPENBLAS_CORETYPE runs its own kernel for every row
    monkeypatch.setattr(
        portable, "probe", _fake_probe("AVX2", dict.fromkeys(portable.KERNELS, "Native"))
    )
    rows = {r.name: r for r in portable.plan({})}
    assert rows["Haswell"].blas == "Native"
    assert rows["Zen"].same_as is rows["Haswell"]  # same code, same NumPy: not a second pass


def test_no_openblas_means_no_kernel_rows(monkeypatch):
    monkeypatch.setattr(
        portable,
        "probe",
        lambda env: {**_fake_probe("AVX2")(env), "openblas": None},
    )
    rows = portable.plan({})
    assert rows[0].status == "skipped" and "not linked to OpenBLAS" in rows[0].reason
    assert [r.name for r in rows[1:]] == ["2 threads"]


def _notebook(path, stored):
    cell = new_code_cell('print(f"{1 / 3:.4f}")', execution_count=1)
    cell.outputs = [new_output("stream", name="stdout", text=stored)]
    nb = new_notebook(cells=[cell])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)


@pytest.mark.slow
def test_the_sweep_fails_on_a_stale_number_and_passes_on_a_right_one(tmp_path):
    _notebook(tmp_path / "right.ipynb", "0.3333\n")
    _notebook(tmp_path / "stale.ipynb", "0.3334\n")
    row = "nudged up"  # runs on every machine, with or without OpenBLAS kernels
    cmd = [
        sys.executable,
        "-m",
        "tools.portable",
        "--only",
        row,
        "--run-dir",
        str(tmp_path / "run"),
    ]
    ok = subprocess.run(
        [*cmd, str(tmp_path / "right.ipynb")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=clean_env(),
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.splitlines()[-1] == "portable: 1 passed, 0 failed, 0 skipped"
    bad = subprocess.run(
        [*cmd, str(tmp_path / "right.ipynb"), str(tmp_path / "stale.ipynb")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=clean_env(),
    )
    assert bad.returncode == 1
    assert "stale cell 0" in bad.stdout and "right cell" not in bad.stdout
    assert bad.stdout.splitlines()[-1] == "portable: 0 passed, 1 failed, 0 skipped"


def test_make_test_portable_runs_the_tool_in_the_test_environment():
    out = make_n("test-portable")
    (line,) = [line for line in out.splitlines() if "-m tools.portable" in line]
    assert "OPENBLAS_NUM_THREADS=1" in line and "IPYTHONDIR=" in line
    assert (ROOT / "tests" / "nudge" / "10-nudge.py").is_file()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test-portable" in ci.split("make test\n")[0]


def test_a_row_whose_kernel_died_while_starting_runs_once_more(tmp_path, monkeypatch):
    calls = []

    def fake_run_once(row, lessons, run_dir):
        calls.append(row.name)
        home = run_dir / row.name.replace(" ", "-")
        home.mkdir(parents=True, exist_ok=True)
        died = len(calls) == 1
        (home / "pytest.log").write_text(portable.KERNEL_START_FAILURE if died else "ok")
        row.status = "failed" if died else "passed"

    monkeypatch.setattr(portable, "_run_once", fake_run_once)
    row = types.SimpleNamespace(name="nudged up", status="pending")
    portable.run(row, [], tmp_path)
    assert calls == ["nudged up", "nudged up"] and row.status == "passed"
    calls.clear()
    row.status = "pending"

    def real_failure(row, lessons, run_dir):  # a failing cell is not retried
        calls.append(row.name)
        home = run_dir / row.name.replace(" ", "-")
        (home / "pytest.log").write_text("FAILED lessons/03_layers.ipynb::Cell 4")
        row.status = "failed"

    monkeypatch.setattr(portable, "_run_once", real_failure)
    portable.run(row, [], tmp_path)
    assert calls == ["nudged up"] and row.status == "failed"
