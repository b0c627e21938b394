"""Fixtures of the browser suite: one Chromium; per front end one server and one page.

The lessons run in JupyterLab, then in Notebook 7 (``front_end``, a
session-scoped parameter, so pytest runs every JupyterLab test before the
first Notebook 7 one and each server starts once).

Skipped with "install chromium: apt-get install chromium" where
/usr/bin/chromium is missing; ``HIDDEN_MATH_REQUIRE_BROWSER=1`` (set by
``.ci/run``) turns that skip into a failure. Results go to
``build/browser_report.json`` and a table at the end of the run.
"""

import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # labdriver, whatever pytest's import mode

from labdriver import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FRONT_ENDS,
    GOAL_P50_MS,
    LESSONS_DIR,
    MISSING_CHROMIUM,
    REPORT_PATH,
    SCREENSHOTS,
    JupyterServer,
    LabPage,
    browser_required,
    copy_lessons,
    shown,
)

VIEWPORT = {"width": 1280, "height": 900}
# One browser, and per front end one server and one page, for all the
# lessons. "module": the lessons are one test module, so this is once per run
# (per front end), and everything is stopped as soon as that module ends,
# before nbval's notebooks run.
SCOPE = "module"
REPORT_KEY = pytest.StashKey[list]()


def skip_or_fail(reason):
    """Skip, or fail when HIDDEN_MATH_REQUIRE_BROWSER=1 (CI must run this suite)."""
    if browser_required():
        pytest.fail(
            f"{reason} (HIDDEN_MATH_REQUIRE_BROWSER=1: the browser suite must run)", pytrace=False
        )
    pytest.skip(reason)


def browser_unavailable():
    """Why the suite cannot run here, or None."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return MISSING_CHROMIUM
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "install the playwright Python package: pip install -e '.[test]'"
    return None


# -- the report ------------------------------------------------------------------


class BrowserReport:
    """build/browser_report.json, rewritten after every lesson (a partial run still reports)."""

    def __init__(self, path):
        self.path = Path(path)
        self.t0 = time.monotonic()
        self.data = {
            "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
            },
            "goal_p50_ms": GOAL_P50_MS,
            "latency": "key press on a focused slider handle -> new plot image decoded and "
            "painted (next animation frame), measured in the page (performance.now)",
            "lessons": {},
            "summary": {},
        }

    def lesson(self, name, front_end="lab"):
        """The report's entry for lesson ``name`` in ``front_end`` (a key of FRONT_ENDS)."""
        fe = FRONT_ENDS[front_end]
        self.front_end(front_end)
        lessons = self.data.setdefault(fe.report_key, {})
        return lessons.setdefault(name, {"front_end": fe.key, "status": "started"})

    def front_end(self, front_end):
        """``front_ends[key]``: the app, its version and where its lessons are."""
        fe = FRONT_ENDS[front_end]
        return self.data.setdefault("front_ends", {}).setdefault(
            fe.key,
            {
                "app": fe.app,
                "version": fe.version,
                "command": f"jupyter {fe.command}",
                "lessons_key": fe.report_key,
                "min_timed_redraws": fe.min_samples,
            },
        )

    def lessons_of(self, front_end):
        return self.data.get(FRONT_ENDS[front_end].report_key, {})

    def _summary(self, lessons):
        return {
            "lessons": len(lessons),
            "lessons_with_sliders_tested": sum(1 for x in lessons.values() if x.get("latency_ms")),
            "lessons_over_goal": sorted(
                name
                for name, x in lessons.items()
                if x.get("latency_ms") and x["latency_ms"]["p50"] > GOAL_P50_MS
            ),
        }

    def save(self):
        # The top-level keys are JupyterLab's, as before Notebook 7 was tested.
        self.data["summary"] = {
            **self._summary(self.data["lessons"]),
            "front_ends": {
                key: self._summary(self.lessons_of(key))
                for key in FRONT_ENDS
                if self.lessons_of(key)
            },
            "elapsed_s": round(time.monotonic() - self.t0, 1),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(self.path)


@pytest.fixture(scope=SCOPE)
def browser_report(request):
    report = BrowserReport(REPORT_PATH)
    # A list: test_site.py's module gets a report of its own (its Chromium
    # needs one), which must not hide the lessons' report from the table.
    request.config.stash.setdefault(REPORT_KEY, []).append(report.data)
    yield report
    if any(report.lessons_of(key) for key in FRONT_ENDS):  # a skipped suite leaves the last one
        report.save()


# -- server, browser, page -------------------------------------------------------


@pytest.fixture(scope="session", params=list(FRONT_ENDS))
def front_end(request):
    """The key of the front end under test: "lab" (JupyterLab 4), then "notebook7"."""
    return request.param


@pytest.fixture(scope=SCOPE)
def jupyter_server(tmp_path_factory, browser_report, front_end):
    """The front end's server on 127.0.0.1 serving a copy of lessons/ (never the repo itself)."""
    reason = browser_unavailable()
    if reason:
        skip_or_fail(reason)
    root = tmp_path_factory.mktemp(f"{front_end}-root")
    work = tmp_path_factory.mktemp(f"{front_end}-work")
    if LESSONS_DIR.is_dir():
        copy_lessons(LESSONS_DIR, root)
    server = JupyterServer(root, work, front_end)
    t0 = time.monotonic()
    server.start()
    took = round(time.monotonic() - t0, 2)
    browser_report.front_end(front_end)["server_start_s"] = took
    if front_end == "lab":
        browser_report.data["server_start_s"] = took
    yield server
    server.stop()


@pytest.fixture(scope=SCOPE)
def chromium(browser_report):
    """Debian's Chromium driven by playwright (never `playwright install`)."""
    reason = browser_unavailable()
    if reason:
        skip_or_fail(reason)
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, timeout=60_000
        )
    except Exception as exc:
        pw.stop()
        pytest.fail(f"Chromium ({CHROMIUM}) did not start: {exc}", pytrace=False)
    yield browser
    browser.close()
    pw.stop()


@pytest.fixture(scope=SCOPE)
def lab_page(chromium, jupyter_server, browser_report):
    """One page of the server's front end for the run; lessons open in it one after another."""
    import ipywidgets
    import jupyterlab
    import notebook

    browser_report.data["versions"] = {
        "chromium": chromium.version,
        "jupyterlab": jupyterlab.__version__,
        "notebook": notebook.__version__,
        "ipywidgets": ipywidgets.__version__,
    }
    context = chromium.new_context(viewport=VIEWPORT, device_scale_factor=1)
    lab = LabPage(context, jupyter_server)
    t0 = time.monotonic()
    lab.load()
    took = round(time.monotonic() - t0, 2)
    if lab.front_end.tabbed:  # Notebook 7 loads a page per lesson (its open_s)
        browser_report.front_end(lab.front_end.key)["page_load_s"] = took
        browser_report.data["lab_load_s"] = took
    yield lab
    context.close()


# -- the summary table -------------------------------------------------------------


def _fmt(v, spec=".0f"):
    return "-" if v is None else format(v, spec)


def pytest_terminal_summary(terminalreporter, config):
    reports = [
        data
        for data in config.stash.get(REPORT_KEY, [])
        if any(data.get(fe.report_key) for fe in FRONT_ENDS.values())
    ]
    if not reports:
        return
    data = reports[-1]
    tested = [fe for fe in FRONT_ENDS.values() if data.get(fe.report_key)]
    tr = terminalreporter
    tr.section("browser: slider -> redraw latency (ms)")
    header = (
        f"{'lesson':<26}{'front end':<11}{'cells':>5}{'run s':>7}{'sliders':>8}{'moves':>6}"
        f"{'p50':>7}{'p95':>7}{'max':>7}{'kernel':>8}  status"
    )
    tr.write_line(header)
    names = list(dict.fromkeys(name for fe in tested for name in data[fe.report_key]))
    for name in names:  # a lesson's rows side by side, one per front end
        for fe in tested:
            x = data[fe.report_key].get(name)
            if x is None:
                continue
            lat = x.get("latency_ms") or {}
            kernel = (x.get("breakdown_p50_ms") or {}).get("kernel")
            status = x.get("status", "")
            if lat and lat["p50"] > GOAL_P50_MS:
                status += f" (p50 over the {GOAL_P50_MS:.0f} ms goal)"
            tr.write_line(
                f"{name:<26}{fe.key:<11}{_fmt(x.get('code_cells'), 'd'):>5}"
                f"{_fmt(x.get('run_s'), '.1f'):>7}"
                f"{_fmt(x.get('sliders'), 'd'):>8}{_fmt(x.get('moves'), 'd'):>6}"
                f"{_fmt(lat.get('p50')):>7}{_fmt(lat.get('p95')):>7}{_fmt(lat.get('max')):>7}"
                f"{_fmt(kernel):>8}  {status}"
            )
    s = data["summary"]
    for fe in tested:
        f = s.get("front_ends", {}).get(fe.key, {})
        tr.write_line(
            f"{fe.label}: {f.get('lessons', 0)} lessons, "
            f"{f.get('lessons_with_sliders_tested', 0)} with sliders tested"
        )
    tr.write_line(
        f"{s.get('elapsed_s', 0):.0f} s; report: {shown(REPORT_PATH)}, "
        f"screenshots: {shown(SCREENSHOTS)}/"
    )
