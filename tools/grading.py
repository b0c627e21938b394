"""`make assignments`: the course as an nbgrader course folder, released by nbgrader itself.

The lessons are nbgrader source notebooks. Each cell with a ``### BEGIN SOLUTION``
region is a solution cell; the checking cell right after it (a code cell that
calls ``check.close``, ``check.function`` or ``check.shape``) is a graded, locked
test cell worth ``POINTS``. ``mark`` writes that metadata; ``--mark`` writes it
into the lessons, and ``tests/test_grading.py`` keeps it current.

``build`` writes an nbgrader course folder: ``nbgrader_config.py`` and
``source/lessonNN/`` (the lesson without test-suite markers, outputs and widget
state, as the student edition, plus its images), then runs nbgrader's
``generate_assignment`` on every lesson into ``release/lessonNN/``. The student
edition (``tools/student.py``) is made with the same nbgrader preprocessors, so
the two agree cell by cell.

    python -m tools.grading [--out build/nbgrader] [lessons/01_neuron.ipynb ...]
    python -m tools.grading --mark lessons/*.ipynb
"""

import argparse
import os
import re
import sys
from pathlib import Path

import nbformat

from tools import student

REPO = Path(__file__).resolve().parents[1]
POINTS = 1  # per exercise: each checking cell is all right or not yet
CHECK_CALL = re.compile(r"\bcheck\.(close|function|shape)\(")
COURSE_ID = "hidden-math"
CONFIG = f'''\
"""nbgrader's configuration for Hidden Math (written by `make assignments`)."""

c = get_config()  # noqa: F821 (nbgrader defines it)
c.CourseDirectory.course_id = "{COURSE_ID}"
# The stub of the student edition: nnmath.check answers it with one friendly line.
c.ClearSolutions.code_stub = {{"python": {student.CODE_STUB!r}}}
# The lessons train small networks: a cell may take a minute on one slow core.
c.Execute.timeout = 600
'''


def assignment_id(path):
    """``lesson01`` for ``lessons/01_neuron.ipynb``."""
    return "lesson" + Path(path).name[:2]


def _solution(grade_id):
    return {
        "grade": False,
        "grade_id": grade_id,
        "locked": False,
        "schema_version": 3,
        "solution": True,
        "task": False,
    }


def _test(grade_id):
    return {
        "grade": True,
        "grade_id": grade_id,
        "locked": True,
        "points": POINTS,
        "schema_version": 3,
        "solution": False,
        "task": False,
    }


def mark(nb):
    """Give ``nb``'s exercises nbgrader metadata, in place; return the number of exercises.

    Exercise k's solution cell gets ``grade_id`` ``exk``, its checking cell
    ``exk-check``; every other cell loses any nbgrader metadata. Raises
    ``ValueError`` for a solution cell without a checking cell right after it.
    """
    k = 0
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or student.BEGIN not in cell.source:
            continue
        k += 1
        following = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
        if (
            following is None
            or following.cell_type != "code"
            or student.BEGIN in following.source
            or not CHECK_CALL.search(following.source)
        ):
            raise ValueError(
                f"cell {i}: exercise {k} needs a checking cell right after it "
                "(a code cell calling check.close, check.function or check.shape)"
            )
        cell.metadata["nbgrader"] = _solution(f"ex{k}")
        following.metadata["nbgrader"] = _test(f"ex{k}-check")
    return k


def mark_files(paths):
    """``mark`` each lesson file in place (rewritten only if its metadata changed)."""
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        before = nbformat.writes(nb)
        if not mark(nb):
            raise ValueError(f"{path}: no {student.BEGIN} region: every lesson has exercises")
        if nbformat.writes(nb) != before:
            # the lessons' own format (one-space indent, UTF-8), as tools/regen.py writes them
            nbformat.write(nb, path)
            print(f"marked {path}")


def nbgrader_env():
    """``os.environ`` with this Python's scripts first on PATH (nbgrader runs ``alembic``)."""
    scripts = str(Path(sys.executable).parent)
    return os.environ | {"PATH": scripts + os.pathsep + os.environ.get("PATH", "")}


def build(out, lessons=None):
    """Write the nbgrader course folder ``out`` and release every lesson; return the release dirs.

    ``out`` is made anew. Raises ``RuntimeError`` with nbgrader's log if
    ``generate_assignment`` fails on a lesson.
    """
    from nbgrader.apps import NbGraderAPI  # only `make assignments` needs nbgrader loaded
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config, PyFileConfigLoader

    out = Path(out).resolve()
    paths = sorted(student.LESSONS.glob("*.ipynb")) if lessons is None else list(map(Path, lessons))
    if not paths:
        raise ValueError("no lessons to build")
    if out.exists():
        student.shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    source_exporter = student.exporter(clear_solutions=False)
    for path in paths:
        source = out / "source" / assignment_id(path)
        student.copy_lesson_files(source)
        body, _ = source_exporter.from_notebook_node(nbformat.read(path, as_version=4))
        (source / path.name).write_text(body, encoding="utf-8")

    os.environ.update(nbgrader_env())
    config = Config()
    config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(out)).load_config())
    config.CourseDirectory.root = str(out)
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    released = []
    for path in paths:
        result = api.generate_assignment(assignment_id(path), force=True)
        if not result["success"]:
            raise RuntimeError(f"nbgrader generate_assignment {assignment_id(path)}:\n{result}")
        released.append(out / "release" / assignment_id(path))
    return released


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", type=Path, help="default: every lesson")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "nbgrader")
    parser.add_argument("--mark", action="store_true", help="write the metadata into the lessons")
    args = parser.parse_args(argv)
    try:
        if args.mark:
            mark_files(args.lessons or sorted(student.LESSONS.glob("*.ipynb")))
            return
        released = build(args.out, args.lessons or None)
    except (ValueError, RuntimeError) as err:
        sys.exit(f"error: {err}")
    print(f"nbgrader course: {args.out} ({len(released)} assignments in {args.out / 'release'})")


if __name__ == "__main__":
    main()
