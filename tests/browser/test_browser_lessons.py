"""Every lesson in a real JupyterLab 4 and in Notebook 7, in headless Chromium (issues #3, #19).

For each front end (the ``front_end`` fixture: all of JupyterLab's tests,
then Notebook 7's) and each ``lessons/*.ipynb`` (found when tests are
collected): open it, Run All, wait for the kernel, and fail on any error or
stderr output, any widget that did not render, any browser console error.
Then move its sliders (arrow keys in JupyterLab; in Notebook 7, whose
shortcuts take the arrow keys, a tap on the track), check that each widget's
plot really changes (decoded pixels before/after), and record input → repaint
latency (p50/p95; JupyterLab ≥ 10 timed redraws, Notebook 7 ≥ 3) in
build/browser_report.json. A screenshot of each lesson goes to
build/screenshots/ (Notebook 7's to build/screenshots/notebook7/).

    .venv/bin/python -m pytest tests/browser -p no:cacheprovider -q
    .venv/bin/python -m pytest tests/browser -k "notebook7 and 01_neuron"
"""

import contextlib
import json
import time

import pytest
from labdriver import (
    GOAL_P50_MS,
    LESSONS_DIR,
    MOVE_S,
    SCREENSHOTS,
    LabError,
    Lesson,
    browser_required,
    shown,
    summarize,
)

pytestmark = pytest.mark.browser

LESSONS = sorted(LESSONS_DIR.glob("[0-9]*.ipynb"))
MAX_MOVES = 60  # slider moves per lesson, at most (the least: FRONT_ENDS' min_moves)


def _where(item):
    return f"cell {item['cell']} ({item['source']!r})"


def _status(entry):
    failed = [part for part in ("run", "sliders") if entry.get(f"problems_{part}")]
    entry["status"] = f"FAILED ({', '.join(failed)})" if failed else "ok"


@pytest.fixture(scope="module", params=LESSONS, ids=[p.stem for p in LESSONS])
def lesson(request, front_end, lab_page, browser_report):
    """The lesson opened in the front end, run top to bottom and screenshotted."""
    path = request.param
    lab = lab_page
    entry = browser_report.lesson(path.stem, front_end)
    if lab.needs_reload:
        t0 = time.monotonic()
        lab.load()
        entry["page_load_s"] = round(time.monotonic() - t0, 2)
    lab.lesson = path.stem
    lesson = Lesson(lab, path.stem, f"lessons/{path.name}")
    t0 = time.monotonic()
    try:
        lesson.open()
        progress = lesson.run_all()
        entry["code_cells"] = progress["total"]
        entry["code_cells_run"] = progress["done"]
        times = sorted(lesson.page.evaluate("() => window.__hm.cellTimes()"), key=lambda c: -c["s"])
        entry["slowest_cells"] = [
            f"cell {c['cell']} ({c['source'][:60]!r}): {c['s']:.2f} s" for c in times[:3]
        ]
        # What is wrong right after the run (the slider test reports only what is new).
        lesson.baseline = lesson.problems()
        lesson.console_seen = len(lab.console_errors(lesson.name))
        t1 = time.monotonic()
        # Start the next lesson's kernel now: it is up before any slider moves.
        # (Not for a notebook without the python3 kernelspec: opening it must
        # show the front end's kernel dialog, as it would to a learner.)
        following = _next_lesson(request, path, front_end)
        if following is not None and _kernel_name(following) == "python3":
            lab.prestart(f"lessons/{following.name}")
        fe = lab.front_end
        shots = lesson.screenshot(SCREENSHOTS / fe.screenshots, widget=fe.widget_shots)
        lesson.timings["screenshot_s"] = round(time.monotonic() - t1, 2)
        entry["screenshots"] = [shown(p) for p in shots]
    except BaseException as exc:
        entry["problems_run"] = [str(exc).splitlines()[0][:300]]
        _status(entry)
        lab.needs_reload = True
        with contextlib.suppress(Exception):
            lesson.close()
        if not isinstance(exc, LabError):
            raise
        failure = str(exc)
    else:
        failure = None
    finally:
        entry.update(lesson.timings)
        browser_report.front_end(front_end)["known_console_errors"] = lab.known_errors()
        if lesson.notes:
            entry["notes"] = lesson.notes
        browser_report.save()
    if failure:
        pytest.fail(failure, pytrace=False)
    lesson.entry = entry
    lesson.failed = False
    yield lesson
    t1 = time.monotonic()
    clean = lesson.close()
    entry["close_s"] = round(time.monotonic() - t1, 2)
    entry["total_s"] = round(time.monotonic() - t0, 2)
    if not clean or lesson.failed:
        lab.needs_reload = True  # start the next lesson from a fresh page
    browser_report.save()


def _next_lesson(request, path, front_end):
    """The lesson after ``path`` in ``front_end`` among the tests selected in this run (or None)."""
    order = []
    for item in request.session.items:
        callspec = getattr(item, "callspec", None)
        params = callspec.params if callspec is not None else {}
        if params.get("front_end") != front_end:
            continue  # another server: a kernel started here would be wasted
        if "lesson" in params and params["lesson"] not in order:
            order.append(params["lesson"])
    i = order.index(path) if path in order else -1
    return order[i + 1] if 0 <= i < len(order) - 1 else None


def _kernel_name(path):
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return nb.get("metadata", {}).get("kernelspec", {}).get("name")


def test_lessons_found():
    if not LESSONS:
        message = f"no lessons found: {LESSONS_DIR}/[0-9]*.ipynb"
        if browser_required():
            pytest.fail(message)
        pytest.skip(message)


def test_lesson_runs_cleanly(lesson):
    """Every code cell ran; no error, no stderr, every widget rendered, no console error."""
    progress = lesson.cells
    problems = [f"{_where(p)}: {p['kind']}: {p['text']}" for p in lesson.baseline]
    if progress["done"] < progress["total"]:
        where = progress["pending"] or progress["running"] or {}
        problems.append(
            f"only {progress['done']}/{progress['total']} code cells ran; "
            f"first not run: cell {where.get('index')} ({where.get('source')!r})"
        )
    problems += [f"browser console: {e}" for e in lesson.lab.console_errors(lesson.name)]
    lesson.entry["problems_run"] = problems
    _status(lesson.entry)
    if problems:
        lesson.failed = True
        pytest.fail(f"{lesson.name}:\n  " + "\n  ".join(problems), pytrace=False)


def test_sliders_redraw_plot(lesson, browser_report):
    """Arrow keys on the sliders change the plot; key → repaint latency is recorded."""
    entry = lesson.entry
    prestarted = lesson.lab.wait_prestarted()
    if prestarted and prestarted.get("error"):
        entry.setdefault("notes", []).append(f"next lesson's kernel: {prestarted['error']}")
    t0 = time.monotonic()
    try:
        sliders = _find_sliders(lesson)
        _probe_arrow_keys(lesson, sliders, browser_report)
        moves, failures = _move_sliders(lesson, sliders)
        entry["sliders_s"] = round(time.monotonic() - t0, 2)
        _record(entry, sliders, moves)
        failures += _check(lesson, sliders, moves)
    except LabError as exc:
        failures = [str(exc)]
    entry["problems_sliders"] = failures
    _status(entry)
    browser_report.save()
    if failures:
        lesson.failed = True
        pytest.fail(f"{lesson.name}:\n  " + "\n  ".join(failures), pytrace=False)
    entry["over_goal"] = entry["latency_ms"]["p50"] > GOAL_P50_MS


def _find_sliders(lesson):
    """The enabled sliders, each with its widget's plot; fails or skips the test if none."""
    found = lesson.sliders()
    sliders, bare = found["sliders"], found["bare"]
    entry = lesson.entry
    entry["sliders"] = len(sliders)
    disabled = [s["label"] for s in sliders if s["disabled"]]
    if disabled:
        entry["sliders_disabled"] = disabled
    sliders = [s for s in sliders if not s["disabled"]]
    if not sliders:
        if bare or disabled:
            where = _where(bare[0]) if bare else f"sliders {disabled} are all disabled"
            raise LabError(f"{where}: a widget, but no enabled slider (.widget-slider) was found")
        pytest.skip(f"{lesson.name}: no widget with a slider in this lesson")
    for s in sliders:
        if s["group"] < 0 or s["plot"] != "img":
            raise LabError(
                f"slider {s['label']!r} in {_where(s)}: no plot image (<img>) in its widget"
            )
    return sliders


def _probe_arrow_keys(lesson, sliders, browser_report):
    """Where the suite taps sliders instead of pressing keys, find out (once per
    run) whether an arrow key reaches a focused slider, and record it."""
    fe = lesson.lab.front_end
    info = browser_report.front_end(fe.key)
    if fe.slider_input != "mouse" or "arrow_keys" in info:
        return
    s = sliders[0]
    info["arrow_keys"] = {
        "lesson": lesson.name,
        "slider": s["label"],
        **lesson.arrow_key_reaches_slider(s["index"]),
    }


def _move_sliders(lesson, sliders):
    """Each slider once (is every one wired?), then more moves on the sliders
    that redraw their plot until there are enough timed redraws."""
    fe = lesson.lab.front_end
    moves, failures = [], []

    def move(s):
        try:
            m = lesson.move(s["index"])
        except LabError:
            raise
        except Exception as exc:  # a Playwright error: name the slider
            raise LabError(f"moving slider {s['label']!r} in {_where(s)}: {exc}") from exc
        m["slider"], m["index"], m["group"] = s["label"], s["index"], s["group"]
        moves.append(m)
        if m["noMessage"]:
            failures.append(
                f"slider {s['label']!r} in {_where(s)}: {m['key']} did not change its value "
                f"(handle focused: {m['focused']}, value {m['before']} -> {m['value']})"
            )
        elif m["timedOut"]:
            failures.append(
                f"slider {s['label']!r} in {_where(s)}: no redraw and no answer from the kernel "
                f"within {MOVE_S:.0f} s of {m['key']}"
            )

    for s in sliders:
        move(s)
        if failures:
            return moves, failures
    redrawing = [s for s in sliders if any(m["redrawn"] for m in moves if m["index"] == s["index"])]
    i = 0
    while redrawing and not failures and len(moves) < MAX_MOVES:
        if len(moves) >= fe.min_moves and sum(m["redrawn"] for m in moves) >= fe.min_samples:
            break
        move(redrawing[i % len(redrawing)])
        i += 1
    return moves, failures


def _record(entry, sliders, moves):
    redrawn = [m for m in moves if m["redrawn"]]

    def part(key, start=None):
        if start is None:
            return summarize([m[key] for m in redrawn])
        return summarize(
            [m[key] - m[start] for m in redrawn if m[key] is not None and m[start] is not None]
        )

    # Where a move's time goes: the browser (key -> comm message sent), transit
    # to the kernel, the kernel (Python callback, PNG, messages), transit back
    # with the image, ipywidgets (message -> new <img> src), decode + paint.
    breakdown = {
        "key_to_send": part("keyToSend"),
        "transit_up": part("upMs"),
        "kernel": part("kernelMs"),
        "transit_down": part("downMs"),
        "image_msg_to_src": part("keyToSrc", "keyToImageMsg"),
        "src_to_decoded": part("keyToDecoded", "keyToSrc"),
        "decoded_to_next_frame": part("keyToPaint", "keyToDecoded"),
    }
    entry["moves"] = len(moves)
    entry["redraws"] = len(redrawn)
    entry["latency_ms"] = summarize([m["keyToPaint"] for m in redrawn])
    entry["breakdown_p50_ms"] = {k: (v["p50"] if v else None) for k, v in breakdown.items()}
    entry["breakdown_ms"] = breakdown
    entry["comm_msgs_per_key"] = summarize([m["sends"] for m in moves])
    entry["sliders_detail"] = [
        {
            "label": s["label"],
            "cell": s["cell"],
            "widget": s["group"],
            "moves": sum(1 for m in moves if m["index"] == s["index"]),
            "redraws": sum(1 for m in moves if m["index"] == s["index"] and m["redrawn"]),
            "plot_changed": any((m["changed"] or 0) > 0 for m in moves if m["index"] == s["index"]),
        }
        for s in sliders
    ]
    keep = (
        "slider", "key", "before", "value", "redrawn", "changed", "sends", "keyToSend",
        "upMs", "kernelMs", "downMs", "keyToImageMsg", "keyToSrc", "keyToDecoded",
        "keyToPaint", "keyToIdle",
    )  # fmt: skip
    entry["moves_detail"] = [{k: _rounded(k, m.get(k)) for k in keep} for m in moves]


def _rounded(key, value):
    if isinstance(value, float):
        return round(value, 4 if key == "changed" else 1)
    return value


def _check(lesson, sliders, moves):
    failures = []
    for group in sorted({s["group"] for s in sliders}):
        in_group = [m for m in moves if m["group"] == group]
        if in_group and not any((m["changed"] or 0) > 0 for m in in_group):
            labels = [s["label"] for s in sliders if s["group"] == group]
            first = next(s for s in sliders if s["group"] == group)
            failures.append(
                f"the plot of the widget in {_where(first)} did not change when its sliders "
                f"{labels} moved"
            )
    redraws = sum(m["redrawn"] for m in moves)
    need = lesson.lab.front_end.min_samples
    if redraws < need and not failures:
        failures.append(f"only {redraws} timed redraws in {len(moves)} moves (need {need})")
    # Errors raised inside the widgets' callbacks show up in their Output areas.
    failures += [
        f"after moving sliders: {_where(p)}: {p['kind']}: {p['text']}"
        for p in lesson.problems()
        if p not in lesson.baseline
    ]
    console = lesson.lab.console_errors(lesson.name)[lesson.console_seen :]
    failures += [f"browser console while moving sliders: {e}" for e in console]
    return failures
