"""Fixtures of the browser suite: one JupyterLab, one Chromium, one page per run.

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
# One server, one browser and one page for all the lessons. "module": the
# lessons are one test module, so this is once per run, and everything is
# stopped as soon as that module ends, before nbval's notebooks run.
SCOPE = "module"
REPORT_KEY = pytest.StashKey[dict]()


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

    def lesson(self, name):
        return self.data["lessons"].setdefault(name, {"status": "started"})

    def save(self):
        lessons = self.data["lessons"].values()
        with_sliders = [x for x in lessons if x.get("latency_ms")]
        self.data["summary"] = {
            "lessons": len(self.data["lessons"]),
            "lessons_with_sliders_tested": len(with_sliders),
            "lessons_over_goal": sorted(
                name
                for name, x in self.data["lessons"].items()
                if x.get("latency_ms") and x["latency_ms"]["p50"] > GOAL_P50_MS
            ),
            "elapsed_s": round(time.monotonic() - self.t0, 1),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(self.path)


@pytest.fixture(scope=SCOPE)
def browser_report(request):
    report = BrowserReport(REPORT_PATH)
    request.config.stash[REPORT_KEY] = report.data
    yield report
    if report.data["lessons"]:  # a skipped suite leaves the last report alone
        report.save()


# -- server, browser, page -------------------------------------------------------


@pytest.fixture(scope=SCOPE)
def jupyter_server(tmp_path_factory, browser_report):
    """JupyterLab on 127.0.0.1 serving a copy of lessons/ (the repo is never written)."""
    reason = browser_unavailable()
    if reason:
        skip_or_fail(reason)
    root = tmp_path_factory.mktemp("lab-root")
    work = tmp_path_factory.mktemp("lab-work")
    if LESSONS_DIR.is_dir():
        copy_lessons(LESSONS_DIR, root)
    server = JupyterServer(root, work)
    t0 = time.monotonic()
    server.start()
    browser_report.data["server_start_s"] = round(time.monotonic() - t0, 2)
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
    """One JupyterLab page for the run; lessons open in it one after another."""
    import ipywidgets
    import jupyterlab

    browser_report.data["versions"] = {
        "chromium": chromium.version,
        "jupyterlab": jupyterlab.__version__,
        "ipywidgets": ipywidgets.__version__,
    }
    context = chromium.new_context(viewport=VIEWPORT, device_scale_factor=1)
    lab = LabPage(context, jupyter_server)
    t0 = time.monotonic()
    lab.load()
    browser_report.data["lab_load_s"] = round(time.monotonic() - t0, 2)
    yield lab
    context.close()


# -- the summary table -------------------------------------------------------------


def _fmt(v, spec=".0f"):
    return "-" if v is None else format(v, spec)


def pytest_terminal_summary(terminalreporter, config):
    data = config.stash.get(REPORT_KEY, None)
    if not data or not data["lessons"]:
        return
    tr = terminalreporter
    tr.section("browser: slider -> redraw latency (ms)")
    header = (
        f"{'lesson':<26}{'cells':>6}{'run s':>7}{'sliders':>8}{'moves':>6}"
        f"{'p50':>7}{'p95':>7}{'max':>7}{'kernel':>8}  status"
    )
    tr.write_line(header)
    for name, x in data["lessons"].items():
        lat = x.get("latency_ms") or {}
        kernel = (x.get("breakdown_p50_ms") or {}).get("kernel")
        status = x.get("status", "")
        if lat and lat["p50"] > GOAL_P50_MS:
            status += f" (p50 over the {GOAL_P50_MS:.0f} ms goal)"
        tr.write_line(
            f"{name:<26}{_fmt(x.get('code_cells'), 'd'):>6}{_fmt(x.get('run_s'), '.1f'):>7}"
            f"{_fmt(x.get('sliders'), 'd'):>8}{_fmt(x.get('moves'), 'd'):>6}"
            f"{_fmt(lat.get('p50')):>7}{_fmt(lat.get('p95')):>7}{_fmt(lat.get('max')):>7}"
            f"{_fmt(kernel):>8}  {status}"
        )
    s = data["summary"]
    tr.write_line(
        f"{s.get('lessons', 0)} lessons, "
        f"{s.get('lessons_with_sliders_tested', 0)} with sliders tested, "
        f"{s.get('elapsed_s', 0):.0f} s; report: {shown(REPORT_PATH)}, "
        f"screenshots: {shown(SCREENSHOTS)}/"
    )
