"""Graded courses: the lessons are nbgrader source notebooks, and real nbgrader grades them.

``make assignments`` (tools/grading.py) writes an nbgrader course folder and
releases every lesson with ``nbgrader generate_assignment``. Here nbgrader's own
``autograde`` then grades, for every lesson, the teacher's edition (full
marks) and the released student edition as handed out (0 points, each failure
one friendly line, no traceback), and for a few lessons the teacher's edition
with one wrong answer planted (that exercise's point lost, and its ✗ line names
the mistake). The scores go to build/nbgrader_report.json for the closing note
of a change.
"""

import importlib
import json
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from tests.test_exercises import _regions, _replace
from tools import grading, student

LESSONS = sorted(student.LESSONS.glob("*.ipynb"))
REPORT = Path(__file__).resolve().parents[1] / "build" / "nbgrader_report.json"
PLANTED = ("00", "02", "05", "08")  # one wrong answer each: exercise 1's first listed mistake
FRIENDLY = ("✗ ", "✋ ")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_lessons_carry_current_nbgrader_metadata(lesson):
    stored = nbformat.read(lesson, as_version=4)
    marked = nbformat.read(lesson, as_version=4)
    exercises = grading.mark(marked)
    assert exercises >= 4
    assert [c.metadata for c in stored.cells] == [c.metadata for c in marked.cells], (
        f"{lesson.name}: run `python -m tools.grading --mark {lesson}`"
    )
    graded = [c for c in stored.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(graded) == exercises and all(c.metadata.nbgrader.locked for c in graded)


def _notebook(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def test_mark_gives_each_exercise_a_solution_and_a_locked_test_cell():
    nb = _notebook(
        "import x",
        "### BEGIN SOLUTION\ny = 1\n### END SOLUTION",
        "check.close(y, 1)",
        "### BEGIN SOLUTION\nw = 1\n### END SOLUTION",
        "check.shape(w, (1,))",
    )
    nb.cells[0].metadata["nbgrader"] = {"grade": True}  # stale metadata is dropped
    assert grading.mark(nb) == 2
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    assert ids == [None, "ex1", "ex1-check", "ex2", "ex2-check"]
    assert nb.cells[2].metadata.nbgrader.points == grading.POINTS
    assert nb.cells[2].metadata.nbgrader.locked and not nb.cells[1].metadata.nbgrader.locked


@pytest.mark.parametrize(
    "after",
    [[], ["print(y)"], ["### BEGIN SOLUTION\nz = 1\n### END SOLUTION"]],
    ids=["nothing", "no-check-call", "another-solution"],
)
def test_mark_refuses_an_exercise_without_a_checking_cell(after):
    with pytest.raises(ValueError, match="exercise 1 needs a checking cell"):
        grading.mark(_notebook("### BEGIN SOLUTION\ny = 1\n### END SOLUTION", *after))


def _autograde(course):
    """``nbgrader autograde`` every assignment of ``course``; return the seconds it took."""
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", "*", "--force"],
        cwd=course,
        env=grading.nbgrader_env(),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, f"nbgrader autograde failed in {course}:\n{done.stderr[-4000:]}"
    return time.perf_counter() - t


def _submit(course, who, lesson, nb):
    folder = course / "submitted" / who / grading.assignment_id(lesson)
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / lesson.name)


def _planted(lesson):
    """``lesson``'s source with exercise 1's first listed wrong answer, and that mistake's words."""
    number = lesson.name[:2]
    code, words = importlib.import_module(f"tests.exercises.lesson_{number}").WRONG[1][0]
    nb = nbformat.read(lesson, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "ex1")
    (region, *_) = _regions(cell.source)
    cell.source = _replace(cell.source, region, code)
    return nb, words


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Scores and autograded notebooks of the three kinds of submission, per lesson."""
    from nbgrader.api import Gradebook

    teacher_course = tmp_path_factory.mktemp("nbgrader") / "teacher"
    grading.build(teacher_course)
    # Two course folders (one gradebook each), graded side by side on the two cores.
    student_course = teacher_course.with_name("students")
    shutil.copytree(teacher_course, student_course)
    planted_words = {}
    for lesson in LESSONS:
        source = teacher_course / "source" / grading.assignment_id(lesson) / lesson.name
        _submit(teacher_course, "teacher", lesson, nbformat.read(source, as_version=4))
        release = student_course / "release" / grading.assignment_id(lesson) / lesson.name
        _submit(student_course, "blank", lesson, nbformat.read(release, as_version=4))
        if lesson.name[:2] in PLANTED:
            nb, planted_words[lesson.name] = _planted(source)
            _submit(student_course, "planted", lesson, nb)
    with ThreadPoolExecutor(2) as pool:
        seconds = dict(
            zip(
                ("teacher", "students"),
                pool.map(_autograde, (teacher_course, student_course)),
                strict=True,
            )
        )

    scores = {}
    for who, course in (
        ("teacher", teacher_course),
        ("blank", student_course),
        ("planted", student_course),
    ):
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", grading.COURSE_ID) as gb:
            for lesson in LESSONS:
                aid = grading.assignment_id(lesson)
                if who == "planted" and lesson.name[:2] not in PLANTED:
                    continue
                sub = gb.find_submission_notebook(lesson.stem, aid, who)
                scores.setdefault(lesson.name, {})[who] = {
                    "score": sub.score,
                    "max_score": sub.max_score,
                    "cells": {g.name: g.score for g in sub.grades},
                }
    notebooks = {
        (who, lesson.name): course
        / "autograded"
        / who
        / grading.assignment_id(lesson)
        / lesson.name
        for who, course in (
            ("teacher", teacher_course),
            ("blank", student_course),
            ("planted", student_course),
        )
        for lesson in LESSONS
    }
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(
        json.dumps({"autograde_seconds": seconds, "scores": scores}, indent=1, ensure_ascii=False),
        encoding="utf-8",
    )
    return {
        "scores": scores,
        "notebooks": notebooks,
        "planted": planted_words,
        "teacher_course": teacher_course,
    }


def _errors(nb):
    return [
        (i, o)
        for i, c in enumerate(nb.cells)
        for o in c.get("outputs", [])
        if o.output_type == "error"
    ]


def test_release_and_student_edition_agree_cell_by_cell(graded, tmp_path):
    """nbgrader's release and `make student` hand out the same cells, locked the same way."""
    student.build(tmp_path / "student")
    release = graded["teacher_course"] / "release"
    for lesson in LESSONS:
        theirs = nbformat.read(release / grading.assignment_id(lesson) / lesson.name, as_version=4)
        ours = nbformat.read(tmp_path / "student" / lesson.name, as_version=4)
        assert [c.source for c in ours.cells] == [c.source for c in theirs.cells], lesson.name
        for mine, nbg in zip(ours.cells, theirs.cells, strict=True):
            for key in ("editable", "deletable"):
                assert mine.metadata.get(key, True) == nbg.metadata.get(key, True), lesson.name


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_autograde_gives_the_teacher_edition_full_marks(graded, lesson):
    got = graded["scores"][lesson.name]["teacher"]
    assert got["max_score"] > 0 and got["score"] == got["max_score"], got
    nb = nbformat.read(graded["notebooks"]["teacher", lesson.name], as_version=4)
    assert not _errors(nb)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_autograde_gives_the_student_edition_nothing_and_each_failure_one_line(graded, lesson):
    got = graded["scores"][lesson.name]["blank"]
    assert got["max_score"] > 0 and got["score"] == 0, got
    nb = nbformat.read(graded["notebooks"]["blank", lesson.name], as_version=4)
    errors = _errors(nb)
    graded_cells = {
        i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade")
    }
    assert graded_cells <= {i for i, _ in errors}  # every check fails its cell
    for i, error in errors:
        assert len(error.traceback) == 1 and error.traceback[0].startswith(FRIENDLY), (
            f"cell {i} of {lesson.name} shows a traceback, not one friendly line: {error.traceback}"
        )


@pytest.mark.parametrize(
    "lesson", [p for p in LESSONS if p.name[:2] in PLANTED], ids=lambda p: p.stem
)
def test_autograde_takes_the_point_of_a_planted_wrong_answer(graded, lesson):
    got = graded["scores"][lesson.name]["planted"]
    assert got["cells"]["ex1-check"] == 0
    assert all(
        score == grading.POINTS for name, score in got["cells"].items() if name != "ex1-check"
    )
    assert got["score"] == got["max_score"] - grading.POINTS
    nb = nbformat.read(graded["notebooks"]["planted", lesson.name], as_version=4)
    ((_, error),) = _errors(nb)
    assert (
        error.traceback[0].startswith("✗ ") and graded["planted"][lesson.name] in error.traceback[0]
    )
