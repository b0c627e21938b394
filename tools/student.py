"""`make student`: the student edition of the course, in build/student/.

Every lesson is copied with the code between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` replaced by a stub that raises
``NotImplementedError("your turn")``, its checking cells locked, its outputs,
execution counts and stored widget state cleared, and the nbval markers
(test-suite comments) removed. ``nnmath.check`` answers an unfinished exercise
and a wrong answer with one friendly line, not a traceback.

Solutions and locks are nbgrader's own preprocessors (``ClearSolutions`` with
this stub, ``LockCells``), as ``nbgrader generate_assignment`` runs them for
``make assignments`` (tools/grading.py), so the two editions agree. They run in
nbconvert's ``NotebookExporter``, so the notebooks stay valid nbformat.

    python -m tools.student [--out build/student] [lessons/01_neuron.ipynb ...]
"""

import argparse
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.preprocessors import ClearOutputPreprocessor, Preprocessor
from nbgrader.preprocessors import ClearSolutions, LockCells

REPO = Path(__file__).resolve().parents[1]
LESSONS = REPO / "lessons"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = ("# YOUR CODE HERE", 'raise NotImplementedError("your turn")')
CODE_STUB = "\n".join(STUB)
NBVAL_MARKER = "# NBVAL_"

README = """\
# Hidden Math — student edition

These are the course's lessons with the exercise solutions taken out. Where a
solution was, a cell now says

    # YOUR CODE HERE
    raise NotImplementedError("your turn")

Replace those two lines with your code, run the cell, then run the checking
cell below it: it prints ✓ when your answer is right, or fails with one ✗ line
saying what kind of mistake it looks like. Start with 00_welcome.ipynb.
"""


class StripTestMarkers(Preprocessor):
    """Drop nbval's ``# NBVAL_…`` comment lines: they speak to the test suite, not the learner."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            kept = [line for line in cell.source.splitlines() if not line.startswith(NBVAL_MARKER)]
            cell.source = "\n".join(kept)
        return cell, resources


class ClearWidgetState(Preprocessor):
    """Drop the stored widget state: it pictures the teacher's run, not the learner's."""

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)
        return nb, resources


def copy_lesson_files(out):
    """Make ``out`` anew with everything in ``lessons/`` but the notebooks (images, licence)."""
    if out.exists():
        shutil.rmtree(out)
    # build/: what a test run may leave in lessons/ (never part of the course)
    ignore = shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints", "build")
    shutil.copytree(LESSONS, out, ignore=ignore)


def exporter(clear_solutions=True):
    """A ``NotebookExporter`` for the student version of a lesson (or, without
    ``clear_solutions``, nbgrader's source version: the same, solutions kept)."""
    steps = [StripTestMarkers(), ClearOutputPreprocessor(), ClearWidgetState()]
    if clear_solutions:
        steps += [ClearSolutions(code_stub={"python": CODE_STUB}), LockCells()]
    notebook_exporter = NotebookExporter()
    for preprocessor in steps:
        notebook_exporter.register_preprocessor(preprocessor, enabled=True)
    return notebook_exporter


def build(out, lessons=None):
    """Write the student edition of ``lessons`` (default: all) into ``out``; return its paths.

    ``out`` is replaced as a whole, so no stale lesson survives a rebuild
    (``copy_lesson_files``).
    """
    out = Path(out)
    paths = sorted(LESSONS.glob("*.ipynb")) if lessons is None else [Path(p) for p in lessons]
    if not paths:
        raise ValueError("no lessons to build")
    copy_lesson_files(out)
    (out / "README.md").write_text(README, encoding="utf-8")
    student_exporter, written = exporter(), []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if not any(c.cell_type == "code" and BEGIN in c.source for c in nb.cells):
            raise ValueError(f"{path}: no {BEGIN} region: every lesson has exercises")
        try:
            body, _ = student_exporter.from_notebook_node(nb)
        except RuntimeError as err:  # nbgrader: a broken marker, or a solution cell not marked
            raise ValueError(f"{path}: {err} (python -m tools.grading --mark marks them)") from None
        target = out / path.name
        target.write_text(body, encoding="utf-8")
        written.append(target)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", type=Path, help="default: every lesson")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "student")
    args = parser.parse_args(argv)
    try:
        written = build(args.out, args.lessons or None)
    except ValueError as err:
        sys.exit(f"error: {err}")
    print(f"student edition: {len(written)} lessons in {args.out}")


if __name__ == "__main__":
    main()
