"""`make test-portable`: the lessons' stored outputs on every CPU kernel this machine can run.

    python -m tools.portable [--jobs 2] [--only Haswell,Zen] [lessons/*.ipynb]

A learner's CPU changes two things under a lesson: the BLAS kernel NumPy's
bundled OpenBLAS picks (``OPENBLAS_CORETYPE`` forces one) and the SIMD loops
NumPy itself dispatches to for ``exp``, ``tanh``, ``sum`` ...
(``NPY_DISABLE_CPU_FEATURES`` turns the newer ones off). Each kernel row
emulates one kind of CPU with both: the kernel, and NumPy capped at the same
instruction set. Two "nudged" rows scale every seeded random draw by a few
units in the last place (tests/nudge), which finds a chaotic cell even where
this machine's kernels happen to agree. Every row runs strict nbval over the
lessons with one BLAS thread, as `make test` does; the last row runs them with
two BLAS threads and no pinning, as a learner's `make lab` kernel does. A
kernel the CPU cannot execute is reported as skipped, never as passed; a kernel
that this OpenBLAS build runs with another one's code is run once and reported
with that one's result.

Run by the Makefile inside `make test`'s environment (private IPython,
Matplotlib and Jupyter dirs, the strict kernel startup file); each row gets its
own copy of those dirs under ``--run-dir``.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
STARTUP = ROOT / "tests" / "ipython"
NUDGE = ROOT / "tests" / "nudge" / "10-nudge.py"
# The nudged rows: every seeded random float × (1 + this), a few units in the last place.
NUDGES = {"nudged up": "4e-16", "nudged down": "-4e-16"}
THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)

# x86-64 instruction-set levels, oldest first. A kernel runs where the CPU has
# its level's features (NumPy's names, from __cpu_features__).
LEVELS = {
    "SSE3": ("SSE3",),
    "SSE42": ("SSSE3", "SSE41", "SSE42", "POPCNT"),
    "AVX": ("AVX",),
    "AVX2": ("AVX2", "FMA3"),
    "AVX512": ("AVX512F", "AVX512CD", "AVX512BW", "AVX512DQ", "AVX512VL"),
    "AVX512BF16": ("AVX512BF16", "AVX512VNNI"),
}
ORDER = list(LEVELS)
TWO_THREADS = "2 threads"
# OpenBLAS's kernels (OPENBLAS_CORETYPE) and the level each needs.
KERNELS = {
    "Prescott": "SSE3",
    "Nehalem": "SSE42",
    "Sandybridge": "AVX",
    "Haswell": "AVX2",
    "Zen": "AVX2",
    "SkylakeX": "AVX512",
    "Cooperlake": "AVX512BF16",
}
# NumPy's dispatch targets (numpy 1.x and 2.x names) and the level each needs;
# targets above a row's level are disabled. Unknown names count as newest.
NUMPY_TARGETS = {
    "SSE": "SSE3",
    "SSE2": "SSE3",
    "SSE3": "SSE3",
    "SSSE3": "SSE42",
    "SSE41": "SSE42",
    "SSE42": "SSE42",
    "POPCNT": "SSE42",
    "X86_V2": "SSE42",
    "AVX": "AVX",
    "F16C": "AVX",
    "FMA3": "AVX2",
    "AVX2": "AVX2",
    "X86_V3": "AVX2",
    "AVX512F": "AVX512",
    "AVX512CD": "AVX512",
    "AVX512_SKX": "AVX512",
    "X86_V4": "AVX512",
    "AVX512_CLX": "AVX512BF16",
}


@dataclass
class Row:
    """One line of the sweep: a CPU kernel (or the 2-thread run) and what it found."""

    name: str
    env: dict = field(default_factory=dict)
    blas: str = ""  # the kernel OpenBLAS reports running (its build may alias one to another)
    numpy_simd: str = ""
    status: str = "pending"  # passed | failed | skipped
    reason: str = ""
    failures: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0
    same_as: "Row | None" = None
    nudged: bool = False  # the kernel's random draws are nudged (tests/nudge)


def level_of(features):
    """The newest level in ORDER whose features (and all older levels') the CPU has."""
    best = None
    for level in ORDER:
        if not all(features.get(f) for f in LEVELS[level]):
            break
        best = level
    return best


def numpy_disable(level, dispatch, active):
    """NumPy dispatch targets to turn off so that NumPy's loops stay at ``level``.

    Only targets the CPU has active are named (NumPy rejects the others); a
    target of no known level (AVX512_ICL, AVX512_SPR ...) is newer than any row."""
    cap = ORDER.index(level)

    def too_new(target):
        return target not in NUMPY_TARGETS or ORDER.index(NUMPY_TARGETS[target]) > cap

    return [t for t in dispatch if active.get(t) and too_new(t)]


def probe(env):
    """What a Python started with ``env`` sees: OpenBLAS's kernel, NumPy's SIMD."""
    code = (
        "import json, threadpoolctl\n"
        "try:\n    from numpy._core import _multiarray_umath as m\n"
        "except ImportError:  # NumPy 1.x\n    from numpy.core import _multiarray_umath as m\n"
        "blas = [i for i in threadpoolctl.threadpool_info() if i['internal_api'] == 'openblas']\n"
        "print(json.dumps({'openblas': blas[0].get('architecture') if blas else None,\n"
        " 'features': m.__cpu_features__, 'dispatch': list(m.__cpu_dispatch__),\n"
        " 'baseline': list(m.__cpu_baseline__)}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or [f"exit {out.returncode}"])[-1]}
    return json.loads(out.stdout)


def simd_name(info):
    """NumPy's SIMD as a learner would read it: the newest enabled target, or the baseline."""
    on = [t for t in info["dispatch"] if info["features"].get(t)]
    return on[-1] if on else f"{info['baseline'][-1]} (baseline)"


def plan(base_env):
    """The sweep's rows, the unrunnable ones already marked skipped."""
    native = probe(base_env)
    if "error" in native:
        raise SystemExit(f"error: cannot start NumPy: {native['error']}")
    if native["openblas"] is None:
        row = Row("all kernels", status="skipped", reason="NumPy is not linked to OpenBLAS")
        return [row, two_threads(base_env, native)]
    machine = level_of(native["features"])
    rows = []
    for kernel, level in KERNELS.items():
        row = Row(kernel)
        if machine is None or ORDER.index(level) > ORDER.index(machine):
            row.status, row.reason = "skipped", f"this CPU has no {level}"
            rows.append(row)
            continue
        disable = numpy_disable(level, native["dispatch"], native["features"])
        row.env = {**base_env, "OPENBLAS_CORETYPE": kernel}
        if disable:
            row.env["NPY_DISABLE_CPU_FEATURES"] = " ".join(disable)
        seen = probe(row.env)
        if "error" in seen:
            row.status, row.reason = "skipped", seen["error"]
        else:
            row.blas, row.numpy_simd = seen["openblas"], simd_name(seen)
            twin = next(
                (r for r in rows if (r.blas, r.numpy_simd) == (row.blas, row.numpy_simd)), None
            )
            if twin is not None:  # this OpenBLAS build runs that kernel's code for this one
                row.same_as = twin
        rows.append(row)
    for name, nudge in NUDGES.items():
        row = Row(name, env={**base_env, "HIDDEN_MATH_NUDGE": nudge})
        row.blas, row.numpy_simd, row.nudged = native["openblas"], simd_name(native), True
        rows.append(row)
    rows.append(two_threads(base_env, native))
    return rows


def two_threads(base_env, native):
    """A learner's kernel: the CPU's own choices, two BLAS threads."""
    row = Row(TWO_THREADS, env={**base_env, **dict.fromkeys(THREAD_VARS, "2")})
    row.blas, row.numpy_simd = native["openblas"] or "", simd_name(native)
    return row


def failures_of(junit):
    """(counts, failed test ids) from pytest's JUnit XML."""
    counts = dict.fromkeys(("passed", "failed", "skipped"), 0)
    failed = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            counts["failed"] += 1
            # JUnit's xunit1 family names the notebook: file="lessons/08_backpropagation.ipynb"
            failed.append(f"{Path(case.get('file', '?')).stem} {case.get('name').lower()}")
        elif case.find("skipped") is not None:
            counts["skipped"] += 1
        else:
            counts["passed"] += 1
    return counts, failed


# A kernel that dies before its first reply never ran a cell: two kernels started at
# once by parallel rows can pick the same free port. Such a row is run once more.
KERNEL_START_FAILURE = "Kernel died before replying to kernel_info"


def run(row, lessons, run_dir):
    """Strict nbval over ``lessons`` in ``row``'s environment, in a private run dir.

    A row whose only trouble is a kernel that died while starting is run once more.
    """
    _run_once(row, lessons, run_dir)
    log = run_dir / row.name.replace(" ", "-") / "pytest.log"
    if row.status == "failed" and KERNEL_START_FAILURE in log.read_text(errors="replace"):
        print(f"  {row.name}: a kernel died while starting; running the row again", flush=True)
        _run_once(row, lessons, run_dir)
    return row


def _run_once(row, lessons, run_dir):
    home = run_dir / row.name.replace(" ", "-")
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(STARTUP, home / "ipython")
    if row.nudged:
        shutil.copy(NUDGE, home / "ipython" / "profile_default" / "startup")
    env = {
        **row.env,
        "IPYTHONDIR": str(home / "ipython"),
        "MPLCONFIGDIR": str(home / "matplotlib"),
        "JUPYTER_CONFIG_DIR": str(home / "jupyter" / "config"),
        "JUPYTER_DATA_DIR": str(home / "jupyter" / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "jupyter" / "runtime"),
    }
    junit = home / "junit.xml"
    cmd = [sys.executable, "-m", "pytest", *lessons, "--nbval", "--nbval-current-env"]
    cmd += ["--nbval-sanitize-with", str(SANITIZE), "-q", "-p", "no:cacheprovider"]
    cmd += [f"--junitxml={junit}", "-o", "junit_family=xunit1"]
    start = time.perf_counter()
    with open(home / "pytest.log", "w") as log:
        proc = subprocess.run(cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    row.seconds = time.perf_counter() - start
    if not junit.exists():
        row.status, row.reason = "failed", f"pytest exited {proc.returncode}, see {home}/pytest.log"
        return row
    row.counts, row.failures = failures_of(junit)
    if proc.returncode not in (0, 1) or (proc.returncode == 0 and row.failures):
        row.failures.append(f"pytest exited {proc.returncode}, see {home}/pytest.log")
    if row.counts["passed"] == 0 and not row.failures:
        row.failures.append("no cell was run")
    row.status = "failed" if row.failures or proc.returncode else "passed"
    return row


def table(rows):
    """The kernel × failures table, as lines of text."""
    lines = [f"{'kernel':12s} {'OpenBLAS ran':13s} {'NumPy SIMD':18s} {'result':8s} time  failures"]
    for r in rows:
        time_s = f"{r.seconds:3.0f} s" if r.seconds else ""
        if r.status == "passed":
            detail = f"{r.counts['passed']} cells"
        else:
            detail = ", ".join(r.failures) if r.failures else r.reason
        if r.same_as is not None:
            detail = f"as {r.same_as.name} (the same code): {detail}"
        lines.append(
            f"{r.name:12s} {r.blas:13s} {r.numpy_simd:18s} {r.status:8s} {time_s:>5s} {detail}"
        )
    n = {s: sum(r.status == s for r in rows) for s in ("passed", "failed", "skipped")}
    # the closing line CI reads: kernels, not cells
    lines.append(f"portable: {n['passed']} passed, {n['failed']} failed, {n['skipped']} skipped")
    return lines


def sweep(rows, lessons, run_dir, jobs):
    """Run the pending rows: one-thread rows ``jobs`` at a time, then the 2-thread row alone."""
    todo = [r for r in rows if r.status == "pending" and r.same_as is None]
    print(f"portable: {len(todo)} runs over {len(lessons)} lessons, {jobs} at a time", flush=True)

    def one(r):
        run(r, lessons, run_dir)
        print(f"  {r.name}: {r.status} in {r.seconds:.0f} s", flush=True)

    with ThreadPoolExecutor(max(1, jobs)) as pool:
        list(pool.map(one, [r for r in todo if r.name != TWO_THREADS]))
    for r in todo:
        if r.name == TWO_THREADS:  # alone: it uses both cores
            one(r)
    for r in rows:
        if r.same_as is not None:
            r.status, r.failures, r.counts = r.same_as.status, r.same_as.failures, r.same_as.counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="notebooks (default: lessons/*.ipynb)")
    parser.add_argument("--jobs", type=int, default=2, help="one-thread rows run at once")
    parser.add_argument("--only", default="", help="comma-separated row names, e.g. Haswell,Zen")
    parser.add_argument("--run-dir", type=Path, default=ROOT / "build" / "portable")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    lessons = args.lessons or sorted(str(p) for p in (ROOT / "lessons").glob("*.ipynb"))
    if not lessons:
        raise SystemExit("error: no lessons to run")
    base_env = {**os.environ, **dict.fromkeys(THREAD_VARS, "1")}
    base_env.pop("OPENBLAS_CORETYPE", None)
    base_env.pop("NPY_DISABLE_CPU_FEATURES", None)
    rows = plan(base_env)
    if args.only:
        wanted = {w.strip().lower() for w in args.only.split(",")}
        unknown = wanted - {r.name.lower() for r in rows}
        if unknown:
            raise SystemExit(f"error: no row named {', '.join(sorted(unknown))}")
        rows = [r for r in rows if r.name.lower() in wanted]
        for r in rows:
            if r.same_as not in rows:  # its twin is not in the sweep: run it itself
                r.same_as = None
    sweep(rows, lessons, args.run_dir, args.jobs)
    print("\n".join(table(rows)))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        skip = ("env", "same_as")
        rows_json = [{k: v for k, v in vars(r).items() if k not in skip} for r in rows]
        args.json.write_text(json.dumps(rows_json, indent=1))
    return 1 if any(r.status == "failed" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
