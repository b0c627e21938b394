"""The classroom hub of deploy/hub, as two students use it (issue 19).

The hub (tools/hub.py: JupyterHub, configurable-http-proxy, nativeauthenticator, the idle
culler) starts on a free loopback port. Two students sign up in Chromium and follow the
nbgitpuller link: it clones the course into their own home and opens lesson 00 in their
own JupyterLab; lesson 01 runs there (Run All) and a slider redraws its plot. Then: a
wrong password is refused; each student's files are their own; student A's server is
measured after lesson 10; and the hub, the proxy, both servers and their kernels are
stopped by PID and verified gone. The tests run in this order and build on each other.

    .venv/bin/python -m pytest tests/hub -p no:cacheprovider -q
"""

import os
import re
import secrets
import time

import pytest
from classroom import CLONE, STUDENTS, hubtool
from labdriver import KERNEL_READY_S, LabError, Lesson

pytestmark = pytest.mark.browser

LINK_S = float(os.environ.get("HIDDEN_MATH_HUB_LINK_TIMEOUT", 300))
LESSON_00 = f"{CLONE}/lessons/00_welcome.ipynb"
LESSON_01 = f"{CLONE}/lessons/01_neuron.ipynb"
LESSON_10 = f"{CLONE}/lessons/10_image_recognition.ipynb"
MAX_MOVES = 6  # key presses per slider before deciding its plot does not change


def _page_text(page, limit=1500):
    try:
        return page.inner_text("body")[:limit]
    except Exception as exc:  # the page may be mid-navigation or closed
        return f"(no page text: {exc})"


def _need(student, what="followed the link and ran lesson 01"):
    if not student.ready:
        pytest.fail(f"{student.name} never {what} (see the failure above)", pytrace=False)


def _kernels(hub, server_pid):
    return [pid for pid in hubtool.process_tree(server_pid) if pid != server_pid]


def _mib(kib):
    return round(kib / 1024, 1)


# -- signing up and in --------------------------------------------------------------------------


def test_students_sign_up(hub, students):
    """Open sign-up: each student creates an account with a name and a password."""
    for student in students.values():
        page = student.context.new_page()
        try:
            page.goto(f"{hub.url}/hub/signup")
            page.fill("#username_input", student.name)
            page.fill("#password_input", student.password)
            page.fill("#password_confirmation_input", student.password)
            page.click("#signup_submit")
            page.wait_for_selector(".alert", timeout=30_000)
            alert = page.inner_text(".alert")
        finally:
            page.close()
        assert "successful" in alert, f"{student.name}'s sign-up was not accepted: {alert!r}"
        student.signed_up = True


def test_wrong_password_is_refused(hub, chromium, students):
    student = students[STUDENTS[0]]
    if not student.signed_up:
        pytest.fail(f"{student.name} did not sign up (see above)", pytrace=False)
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(f"{hub.url}/hub/login")
        page.fill("#username_input", student.name)
        page.fill("#password_input", student.password + "x")
        page.click("#login_submit")
        page.wait_for_load_state()
        error = page.locator(".login_error")
        error.wait_for(timeout=30_000)
        assert "Invalid username or password" in error.inner_text()
        assert "/hub/login" in page.url, f"a wrong password went on to {page.url}"
        # Not signed in: the hub's API does not know this browser.
        answer = context.request.get(f"{hub.url}/hub/api/user")
        assert answer.status == 403, f"/hub/api/user: {answer.status} after a wrong password"
    finally:
        context.close()
    assert hub.server_pid(student.name) is None, "a wrong password started a server"


@pytest.mark.parametrize("name", STUDENTS)
def test_link_clones_course_and_lesson01_runs(name, hub, students, course_repo, hub_report):
    """Sign in through the nbgitpuller link: the course is cloned into the student's home,
    lesson 00 opens in their JupyterLab; lesson 01 runs there and a slider redraws a plot."""
    student = students[name]
    if not student.signed_up:
        pytest.fail(f"{name} did not sign up (see above)", pytrace=False)
    entry = hub_report.student(name)
    repo, branch = course_repo
    link = hubtool.git_pull_link(hub.url, repo, branch)
    entry["link"] = link
    stages = entry.setdefault("stages_s", {})
    page = student.context.new_page()
    page.goto(link)
    page.wait_for_selector("#login_submit")
    page.fill("#username_input", name)
    page.fill("#password_input", student.password)
    # When the page first reached the student's server (nbgitpuller's page, after the
    # hub's spawn page) and JupyterLab: navigations are recorded as they happen.
    shown = {}

    def navigated(frame):
        if frame is page.main_frame:
            for stage, part in (("server started", "git-pull"), ("pulled", "lab")):
                if f"/user/{name}/{part}" in frame.url:
                    shown.setdefault(stage, time.monotonic())

    page.on("framenavigated", navigated)
    t0 = time.monotonic()
    page.click("#login_submit")
    lab_url = re.compile(rf"/user/{name}/lab/tree/{CLONE}/lessons/00_welcome\.ipynb")
    try:
        page.wait_for_url(lab_url, timeout=LINK_S * 1000)
        for stage in ("server started", "pulled"):
            if stage in shown:
                stages[stage] = round(shown[stage] - t0, 2)
        page.wait_for_function(
            "() => window.jupyterapp && window.__hm && document.querySelector('.jp-NotebookPanel')"
            " && [...document.querySelectorAll('.lm-TabBar-tabLabel')]"
            ".some(e => e.textContent.includes('00_welcome.ipynb'))",
            timeout=KERNEL_READY_S * 1000,
        )
        stages["lesson 00 shown"] = round(time.monotonic() - t0, 2)
    except Exception as exc:
        pytest.fail(
            f"{name}: the link did not end in lesson 00 in JupyterLab ({exc}); the page is at "
            f"{page.url}:\n{_page_text(page)}\n{student.server.log_tail()}",
            pytrace=False,
        )
    clone = student.home / CLONE
    assert (clone / ".git").is_dir(), f"no git clone at {clone}"
    assert (clone / LESSON_01.removeprefix(f"{CLONE}/")).is_file()

    lab = student.attach(page)
    lab.lesson = "01_neuron"
    lesson = Lesson(lab, "01_neuron", LESSON_01)
    try:
        lesson.open()
        entry["signin_to_lesson01_ready_s"] = round(time.monotonic() - t0, 2)
        progress = lesson.run_all()
        entry["lesson01_run_s"] = lesson.timings["run_s"]
        problems = [f"cell {p['cell']}: {p['kind']}: {p['text']}" for p in lesson.problems()]
        if progress["done"] < progress["total"]:
            problems.append(f"only {progress['done']}/{progress['total']} code cells ran")
        problems += lab.console_errors("01_neuron")
        assert not problems, f"{name}: lesson 01 did not run cleanly:\n  " + "\n  ".join(problems)
        entry["slider"] = _move_a_slider(lesson)
    except LabError as exc:
        pytest.fail(f"{name}: {exc}\n{student.server.log_tail()}", pytrace=False)
    finally:
        hub_report.save()
    server = hub.server_pid(name)
    entry["rss_after_lesson01_mib"] = _mib(
        sum(hubtool.rss_kib(pid) or 0 for pid in hubtool.process_tree(server))
    )
    student.ready = True
    hub_report.save()


def _move_a_slider(lesson):
    """Press arrow keys on the lesson's sliders until one redraws its plot with other
    pixels; fails if none does."""
    found = lesson.sliders()["sliders"]
    sliders = [s for s in found if not s["disabled"] and s["plot"] == "img"]
    if not sliders:
        lesson.fail(f"no enabled slider with a plot image (found {found!r})")
    tried = []
    for s in sliders:
        for _ in range(MAX_MOVES):
            m = lesson.move(s["index"])
            tried.append((s["label"], m["key"], m["redrawn"], m["changed"]))
            if m["redrawn"] and (m["changed"] or 0) > 0:
                return {"label": s["label"], "key": m["key"], "changed": round(m["changed"], 4)}
    lesson.fail(f"no slider changed its plot: (label, key, redrawn, changed) = {tried}")


# -- each student's files are their own -----------------------------------------------------


def test_each_students_files_are_their_own(hub, students, hub_report):
    a, b = (students[n] for n in STUDENTS)
    _need(a)
    _need(b)
    note, secret = f"note_from_{a.name}.txt", secrets.token_hex(8)
    a.server.page.evaluate(
        "([path, text]) => window.jupyterapp.serviceManager.contents"
        ".save(path, {type: 'file', format: 'text', content: text})",
        [note, secret],
    )
    assert (a.home / note).read_text() == secret, f"A's file is not in A's home {a.home}"
    assert not (b.home / note).exists(), "A's file appeared in B's home"
    assert (a.home / CLONE).resolve() != (b.home / CLONE).resolve()

    # B's own server knows nothing of it, by name or by a path out of B's home.
    listing = b.context.request.get(f"{b.server.base}/api/contents")
    assert listing.status == 200, f"B's server API: {listing.status}"
    names = {item["name"] for item in listing.json()["content"]}
    assert CLONE in names and note not in names, f"B's home lists {sorted(names)}"
    for path in (note, f"..%2F{a.name}%2F{note}", f"%2E%2E/{a.name}/{note}"):
        answer = b.context.request.get(f"{b.server.base}/api/contents/{path}")
        assert answer.status != 200 and secret not in answer.text(), (
            f"B's server served {path}: {answer.status} {answer.text()[:200]!r}"
        )

    # A cannot use B's server: neither its API nor its JupyterLab.
    answer = a.context.request.get(f"{b.server.base}/api/contents")
    assert answer.status in (401, 403), f"A reached B's server API: {answer.status}"
    page = a.context.new_page()
    try:
        response = page.goto(f"{b.server.base}/lab")
        status = response.status if response else None
        opened = page.evaluate("() => Boolean(window.jupyterapp)")
        where, text = page.url, _page_text(page, 300)
    finally:
        page.close()
    assert status == 403 and not opened, (
        f"A opened B's JupyterLab: HTTP {status}, page at {where}: {text!r}"
    )
    hub_report.data["isolation"] = {"b_api_for_a_file": "refused", "a_opens_b_lab": status}
    hub_report.save()


# -- memory of one student's server ------------------------------------------------------------


def test_memory_of_a_server_after_lesson10(hub, students, hub_report):
    """Lesson 10 (the heaviest) in student A's server; RSS of the server and its kernels."""
    a = students[STUDENTS[0]]
    _need(a)
    server = hub.server_pid(a.name)
    assert server, f"{a.name}'s server is not running"
    a.close_notebooks(LESSON_00, LESSON_01)
    deadline = time.monotonic() + 30
    while _kernels(hub, server) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _kernels(hub, server), f"lessons 00/01's kernels still run: {_kernels(hub, server)}"
    lab = a.lab
    lab.lesson = "10_image_recognition"
    lesson = Lesson(lab, "10_image_recognition", LESSON_10)
    try:
        lesson.open()
        progress = lesson.run_all()
    except LabError as exc:
        pytest.fail(f"{exc}\n{a.server.log_tail()}", pytrace=False)
    assert progress["done"] == progress["total"], (
        f"lesson 10 ran {progress['done']}/{progress['total']} code cells: {lesson.problems()}"
    )
    kernels = _kernels(hub, server)
    assert kernels, "no kernel process under the student's server"
    server_kib = hubtool.rss_kib(server)
    kernels_kib = [hubtool.rss_kib(pid) or 0 for pid in kernels]
    hub_report.data["memory_after_lesson10"] = {
        "student": a.name,
        "what": "VmRSS from /proc of the single-user server and its kernel processes, "
        "right after Run All of lesson 10 (lessons 00 and 01 closed, their kernels stopped)",
        "lesson10_run_s": lesson.timings["run_s"],
        "server_mib": _mib(server_kib),
        "kernels_mib": [_mib(k) for k in kernels_kib],
        "total_mib": _mib(server_kib + sum(kernels_kib)),
    }
    hub_report.save()


# -- everything stops -----------------------------------------------------------------------


def test_hub_proxy_servers_and_kernels_stopped_by_pid(hub, students, hub_report):
    seen = hub.processes()
    roles = {}
    for pid, (_start, cmd) in seen.items():
        if pid == hub.pid:
            roles[pid] = "hub"
        elif "configurable-http-proxy" in cmd:
            roles[pid] = "proxy"
        elif "jupyterhub_idle_culler" in cmd:
            roles[pid] = "idle-culler"
        elif "jupyterhub.singleuser" in cmd:
            roles[pid] = f"server of {hubtool.environ(pid).get('JUPYTERHUB_USER')}"
        elif "ipykernel" in cmd:
            roles[pid] = "kernel"
        else:
            roles[pid] = cmd[:80]
    proxy_pid = int((hub.state_dir / "jupyterhub-proxy.pid").read_text().strip())
    assert roles.get(proxy_pid) == "proxy", f"the proxy's pid file names {proxy_pid}: {roles}"
    expected = {"hub", "proxy", "idle-culler"}
    expected |= {f"server of {s.name}" for s in students.values() if s.ready}
    missing = expected - set(roles.values())
    assert not missing, f"not found among the hub's processes: {missing} (found {roles})"
    stopped = hub.stop()
    gone = [pid for pid, (start, _) in seen.items() if not hubtool.alive(pid, start)]
    hub_report.data["stopped"] = [f"{roles[pid]} {pid}" for pid in sorted(gone)]
    hub_report.save()
    assert set(stopped) >= set(seen), f"stop() missed {set(seen) - set(stopped)}"
    assert sorted(gone) == sorted(seen), f"still running: {set(seen) - set(gone)}"
