"""Fixtures of the hub test: deploy/hub on free loopback ports, Chromium, two students.

The hub's state (sqlite db, cookie secret, proxy token, homes, logs) goes to
build/hub/test/, fresh for each run; its numbers to build/hub_report.json and a few lines
at the end of the pytest output. Without Chromium, playwright or Node.js the test is
skipped; HIDDEN_MATH_REQUIRE_BROWSER=1 (set by .ci/run) makes that a failure, as in the
browser suite, whose driver (tests/browser/labdriver.py) runs the lessons here too.
"""

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # classroom, whatever pytest's import mode

from classroom import (
    BRANCH,
    CLONE,
    REPO,
    REPORT_KEY,
    REPORT_PATH,
    STATE,
    STUDENTS,
    HubReport,
    Student,
    git,
    hubtool,
    prepare_home,
)
from labdriver import CHROMIUM, CHROMIUM_ARGS

BROWSER_DIR = REPO / "tests" / "browser"


def _browser_conftest():
    """tests/browser/conftest.py as a module of its own (pytest keeps one `conftest` name)."""
    spec = importlib.util.spec_from_file_location(
        "hidden_math_browser_conftest", BROWSER_DIR / "conftest.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_browser = _browser_conftest()
skip_or_fail = _browser.skip_or_fail
browser_unavailable = _browser.browser_unavailable

# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hub_report(request):
    report = HubReport(REPORT_PATH)
    request.config.stash[REPORT_KEY] = report.data
    yield report
    if report.data["students"]:  # a skipped test leaves the last report alone
        report.save()


@pytest.fixture(scope="module")
def prerequisites():
    reason = browser_unavailable() or hubtool.proxy_problem()
    if reason is None and shutil.which("git") is None:
        reason = "nbgitpuller needs git: apt-get install git"
    if reason:
        skip_or_fail(reason)


@pytest.fixture(scope="module")
def course_repo(prerequisites, tmp_path_factory, hub_report):
    """A clone source of this repository's HEAD with a branch of its own (a CI checkout
    may be on no branch): only committed files reach the students."""
    src = tmp_path_factory.mktemp("course") / CLONE
    git("clone", "--quiet", "--depth", "1", f"file://{REPO}", str(src))
    git("checkout", "--quiet", "-B", BRANCH, cwd=src)
    commit = git("rev-parse", "--short", "HEAD", cwd=src)
    hub_report.data["course"] = {"commit": commit, "branch": BRANCH}
    changed = git("status", "--porcelain", "--", "lessons", "nnmath", cwd=REPO)
    if changed:
        hub_report.data["notes"].append(
            f"students got the committed lessons ({commit}); uncommitted changes under "
            "lessons/ and nnmath/ were not in their clones (nnmath itself is imported from "
            "this checkout's install)"
        )
    return f"file://{src}", BRANCH


@pytest.fixture(scope="module")
def hub(prerequisites, hub_report):
    """deploy/hub started by tools/hub.py on free loopback ports, in a fresh build/hub/test/."""
    shutil.rmtree(STATE, ignore_errors=True)
    for name in STUDENTS:
        prepare_home(STATE / "homes" / name)
    try:
        running = hubtool.start(STATE, admin="teacher")
    except hubtool.HubError as exc:
        pytest.fail(f"the hub did not start: {exc}", pytrace=False)
    hub_report.data["hub"] = {"url": running.url, "pid": running.pid, "state": str(STATE)}
    hub_report.data["versions"] = hubtool.versions()
    yield running
    running.stop()  # a no-op after test_stopped_by_pid; the safety net when it did not run


@pytest.fixture(scope="module")
def chromium(prerequisites, hub_report):
    """Debian's Chromium driven by playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, timeout=60_000
        )
    except Exception as exc:
        pw.stop()
        pytest.fail(f"Chromium ({CHROMIUM}) did not start: {exc}", pytrace=False)
    hub_report.data["chromium"] = browser.version
    yield browser
    browser.close()
    pw.stop()


@pytest.fixture(scope="module")
def students(hub, chromium):
    people = {name: Student(name, hub, chromium) for name in STUDENTS}
    yield people
    for student in people.values():
        student.context.close()


# -- the summary -------------------------------------------------------------------------------


def pytest_terminal_summary(terminalreporter, config):
    data = config.stash.get(REPORT_KEY, None)
    if not data or not data["students"]:
        return
    tr = terminalreporter
    tr.section("classroom hub: sign-in -> lesson 01 ready, memory after lesson 10")
    for name, s in data["students"].items():
        ready = s.get("signin_to_lesson01_ready_s")
        stages = s.get("stages_s", {})
        tr.write_line(
            f"{name:<6} sign-in -> lesson 01 ready: "
            + (f"{ready:.1f} s" if ready is not None else "-")
            + (f"  ({', '.join(f'{k} {v:.1f}' for k, v in stages.items())})" if stages else "")
            + (f"; Run All {s['lesson01_run_s']:.1f} s" if "lesson01_run_s" in s else "")
        )
    mem = data.get("memory_after_lesson10")
    if mem:
        tr.write_line(
            f"{mem['student']}'s server after lesson 10: {mem['total_mib']:.0f} MiB RSS "
            f"(server {mem['server_mib']:.0f} MiB + {len(mem['kernels_mib'])} kernel(s) "
            f"{', '.join(f'{k:.0f}' for k in mem['kernels_mib'])} MiB)"
        )
    stopped = data.get("stopped")
    if stopped:
        tr.write_line(f"stopped by PID and verified gone: {', '.join(stopped)}")
    for note in data.get("notes", []):
        tr.write_line(f"note: {note}")
    report, logs = REPORT_PATH.relative_to(REPO), STATE.relative_to(REPO) / "logs"
    tr.write_line(f"report: {report}; hub logs: {logs}/")
