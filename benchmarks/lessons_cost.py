"""Sections 3–5 of ``make bench``: each lesson headless, its widgets, its kernel's cost.

After a lesson's cells have run, the kernel process's peak memory (``VmHWM``),
resident memory (``VmRSS``) and CPU seconds (user + system) are read from
``/proc/<pid>``, then one more cell finds every ``Explorer`` the lesson built
and calls ``update`` 20 times, nudging its first slider back and forth as a
learner's drag would. Section 5 measures what a student's Jupyter server costs
besides its kernels: JupyterLab started as in the browser suite, the page and
the APIs it loads on opening fetched, one notebook session open.

The kernel and server numbers size a hub's per-student limits
(``deploy/lesson_cost.json``, ``deploy/z2jh/values.yaml``, ``deploy/tljh/``).
They need Linux's /proc; elsewhere they are reported as not measured.
"""

import json
import os
import shutil
import statistics
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import yaml
from jupyterhub.traitlets import ByteSpecification
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))  # the browser suite's JupyterServer

from labdriver import JupyterServer, copy_lessons  # noqa: E402

Z2JH_VALUES = ROOT / "deploy" / "z2jh" / "values.yaml"
PROC = Path("/proc")
HAS_PROC = (PROC / "self" / "status").is_file()
MIB = 1024 * 1024

TIME_WIDGETS = r"""
import gc as _gc, json as _json, statistics as _st, time as _time
from nnmath.widgets.base import Explorer as _Explorer

def _nudged(explorer, k):
    values = explorer.values()
    for name, control in explorer.controls.items():
        step = getattr(control, "step", None)
        if isinstance(values[name], (int, float)) and not isinstance(values[name], bool) and step:
            base = getattr(control, "base", None)
            if base:  # a log slider: its min, max and step are exponents
                lo, hi, up = base**control.min, base**control.max, base**step
                values[name] = min(hi, values[name] * up) if k % 2 else max(lo, values[name] / up)
            else:
                lo, hi, v = control.min, control.max, values[name]
                values[name] = min(hi, v + step) if k % 2 else max(lo, v - step)
            break
    return values

def _is_explorer(o):
    try:
        return isinstance(o, _Explorer)
    except ReferenceError:  # a dead weak proxy among gc's objects
        return False

_times = {}
for _e in [o for o in _gc.get_objects() if _is_explorer(o)]:
    _runs = []
    for _k in range(20):
        _v = _nudged(_e, _k)
        _t = _time.perf_counter()
        _e.update(**_v)
        _runs.append(_time.perf_counter() - _t)
    _times[type(_e).__name__] = _st.median(_runs)
print("WIDGET_TIMES" + _json.dumps(_times))
"""


def process_cost(pid):
    """``{"peak_mib", "rss_mib", "cpu_s"}`` of a live process, or None without /proc.

    peak = VmHWM (the most resident memory the process ever had), rss = VmRSS
    now, cpu = user + system time, its reaped children's included.
    """
    if not HAS_PROC:
        return None
    status = (PROC / str(pid) / "status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    # /proc/<pid>/stat: the command name may hold spaces, so count fields after its ")";
    # utime, stime, cutime, cstime are fields 14-17 of the man page (index 11-14 here).
    ticks = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[11:15]
    return {
        "peak_mib": int(fields["VmHWM"].split()[0]) * 1024 / MIB,
        "rss_mib": int(fields["VmRSS"].split()[0]) * 1024 / MIB,
        "cpu_s": sum(int(t) for t in ticks) / os.sysconf("SC_CLK_TCK"),
    }


def run_lesson(path, lessons_dir):
    """One headless run: wall seconds, the kernel's cost after the cells, widget medians."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=300,
        resources={"metadata": {"path": str(lessons_dir)}},
    )
    with client.setup_kernel():
        pid = client.km.provisioner.pid  # the kernel's own process (a local provisioner)
        started = process_cost(pid)
        t = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)
        seconds = time.perf_counter() - t
        kernel = process_cost(pid)
        probe = nbformat.v4.new_code_cell(TIME_WIDGETS)
        nb.cells.append(probe)
        client.execute_cell(probe, len(nb.cells) - 1)
    text = "".join(o.get("text", "") for o in probe.outputs if o.output_type == "stream")
    widgets = json.loads(text.split("WIDGET_TIMES", 1)[1]) if "WIDGET_TIMES" in text else {}
    if kernel is not None:
        kernel["idle_rss_mib"] = started["rss_mib"]  # the kernel before the first cell
    return {"seconds": seconds, "kernel": kernel, "widgets": widgets}


def median_of(runs):
    """Each number's median over runs of one lesson (a widget's over the runs that saw it)."""
    kernels = [r["kernel"] for r in runs if r["kernel"] is not None]
    names = {w for r in runs for w in r["widgets"]}
    return {
        "runs": len(runs),
        "seconds": statistics.median(r["seconds"] for r in runs),
        "kernel": (
            {k: statistics.median(x[k] for x in kernels) for k in kernels[0]} if kernels else None
        ),
        "widgets": {
            w: statistics.median(r["widgets"][w] for r in runs if w in r["widgets"])
            for w in sorted(names)
        },
    }


def measure(lessons_dir, runs=1):
    """``{lesson: {"runs", "seconds", "kernel": {peak_mib, rss_mib, cpu_s, idle_rss_mib}
    | None, "widgets": {class: median update s}}}``, medians over ``runs`` runs."""
    paths = sorted(lessons_dir.glob("[0-9][0-9]_*.ipynb"))
    results = {path.stem: [] for path in paths}
    for _ in range(runs):  # round-robin, so a burst of load hits every lesson alike
        for path in paths:
            results[path.stem].append(run_lesson(path, lessons_dir))
    return {name: median_of(r) for name, r in results.items()}


def server_cost(lessons_dir, work):
    """What one student's Jupyter server costs besides its kernels, or None without /proc.

    JupyterLab as the browser suite starts it, serving a copy of ``lessons_dir``
    under ``work``; the requests a browser makes when JupyterLab opens (page,
    settings, kernelspecs, contents), then a session on the first lesson (the
    server starts its kernel, a process of its own and not counted here). The
    server is stopped (by its PID) in any case.
    """
    if not HAS_PROC:
        return None
    work = Path(work)
    shutil.rmtree(work, ignore_errors=True)  # a fresh build/ folder per run
    for sub in ("root", "jupyter"):
        (work / sub).mkdir(parents=True)
    copied = copy_lessons(lessons_dir, work / "root")
    first = sorted(copied.glob("[0-9][0-9]_*.ipynb"))[0].relative_to(work / "root")
    server = JupyterServer(work / "root", work / "jupyter")
    server.start()
    try:
        for path in ("/lab", "/lab/api/settings", "/api/kernelspecs", "/api/contents"):
            with urllib.request.urlopen(server.url(path), timeout=30) as r:
                r.read()
        session = server.api(
            "POST",
            "/api/sessions",
            {"path": first.as_posix(), "type": "notebook", "kernel": {"name": "python3"}},
            timeout=60,
        )
        result = process_cost(server.proc.pid)
        result["with_session_on"] = first.name
        server.api("DELETE", f"/api/sessions/{session['id']}")
        return result
    finally:
        server.stop()


def print_tables(lessons, server):
    """Sections 3–5 as printed by ``make bench``."""
    print("\n3–4. Lessons: headless execution and widget update (median of 20 moves)")
    for name, r in lessons.items():
        widgets = ", ".join(f"{w} {t * 1e3:.1f} ms" for w, t in r["widgets"].items()) or "—"
        print(f"   {name:32} {r['seconds']:6.2f} s   {widgets}")
    total = sum(r["seconds"] for r in lessons.values())
    print(f"   {'all lessons':32} {total:6.2f} s")

    runs = max(r["runs"] for r in lessons.values())
    print(
        f"\n5. Kernel cost per lesson (after its cells ran; median of {runs} run"
        f"{'s' if runs > 1 else ''})"
    )
    if not HAS_PROC:
        print("   not measured: needs Linux's /proc")
        return
    print(f"   {'lesson':32} {'peak MiB':>9} {'RSS MiB':>8} {'CPU s':>7} {'idle MiB':>9}")
    for name, r in lessons.items():
        k = r["kernel"]
        print(
            f"   {name:32} {k['peak_mib']:9.0f} {k['rss_mib']:8.0f} {k['cpu_s']:7.2f} "
            f"{k['idle_rss_mib']:9.0f}"
        )
    top = max(lessons, key=lambda n: lessons[n]["kernel"]["peak_mib"])
    print(f"   largest peak: {top}, {lessons[top]['kernel']['peak_mib']:.0f} MiB")
    print(
        f"   Jupyter server (JupyterLab, a session on {server['with_session_on']}): "
        f"peak {server['peak_mib']:.0f} MiB, RSS {server['rss_mib']:.0f} MiB, "
        f"CPU {server['cpu_s']:.2f} s"
    )


def deploy_cost(lessons, server, runs):
    """The summary ``deploy/lesson_cost.json`` commits and tests/test_deploy.py reads."""
    top = max(lessons, key=lambda n: lessons[n]["kernel"]["peak_mib"])
    return {
        "how": (
            "make bench (benchmarks/lessons_cost.py): each lesson run headless by nbclient "
            "in a fresh ipykernel, BLAS on one thread; after its cells, the kernel "
            "process's VmHWM (peak), VmRSS and user+system CPU seconds from /proc/<pid>; "
            f"median of {runs} run{'s' if runs > 1 else ''}. jupyter_server: JupyterLab "
            "(tests/browser/labdriver.py) after /lab, settings, kernelspecs and contents "
            "were fetched, with one notebook session open (its kernel not included)."
        ),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "runs": runs,
        "largest_lesson": top,
        "largest_kernel_peak_mib": round(lessons[top]["kernel"]["peak_mib"], 1),
        "jupyter_server_peak_mib": round(server["peak_mib"], 1),
        "lessons": {
            name: {
                "kernel_peak_mib": round(r["kernel"]["peak_mib"], 1),
                "kernel_rss_mib": round(r["kernel"]["rss_mib"], 1),
                "kernel_cpu_s": round(r["kernel"]["cpu_s"], 2),
                "wall_s": round(r["seconds"], 2),
            }
            for name, r in lessons.items()
        },
    }


def memory_bytes(spec):
    """A hub's memory setting (bytes, or "1.5G": K/M/G/T of 1024) read as JupyterHub reads it."""
    return ByteSpecification().validate(None, spec)


def student_need_mib(cost):
    """What one student needs at least: the largest lesson's kernel at its peak, plus the server."""
    return cost["largest_kernel_peak_mib"] + cost["jupyter_server_peak_mib"]


def deploy_guarantee_mib(values_path=Z2JH_VALUES):
    """The memory deploy/z2jh/values.yaml guarantees each student, in MiB."""
    values = yaml.safe_load(Path(values_path).read_text(encoding="utf-8"))
    return memory_bytes(values["singleuser"]["memory"]["guarantee"]) / MIB
