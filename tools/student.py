"""`make student`: the student edition of the course, in build/student/.

Every lesson is copied with the code between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` replaced by a stub that raises
``NotImplementedError("your turn")`` (nbgrader's convention), its outputs,
execution counts and stored widget state cleared, and the nbval markers
(test-suite comments) removed. Checking cells are kept: ``nnmath.check``
answers an unfinished exercise with one friendly line, not a traceback.

The work is done by nbconvert preprocessors run by nbconvert's
``NotebookExporter``, so the notebooks stay valid nbformat.

    python -m tools.student [--out build/student] [lessons/01_neuron.ipynb ...]
"""

import argparse
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.preprocessors import ClearOutputPreprocessor, Preprocessor

REPO = Path(__file__).resolve().parents[1]
LESSONS = REPO / "lessons"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = ("# YOUR CODE HERE", 'raise NotImplementedError("your turn")')
NBVAL_MARKER = "# NBVAL_"

README = """\
# Hidden Math — student edition

These are the course's lessons with the exercise solutions taken out. Where a
solution was, a cell now says

    # YOUR CODE HERE
    raise NotImplementedError("your turn")

Replace those two lines with your code, run the cell, then run the checking
cell below it: it prints ✓ when your answer is right, or ✗ with a hint.
Start with 00_welcome.ipynb.
"""


def stub_solutions(source):
    """``source`` with each solution region replaced by the stub, at the region's indentation.

    Raises ``ValueError`` for an unterminated or nested region, so a typo in
    a marker can never leak a solution into the student edition.
    """
    lines, indent = [], None
    for number, line in enumerate(source.splitlines(), start=1):
        marker = line.strip()
        if marker == BEGIN:
            if indent is not None:
                raise ValueError(f"line {number}: {BEGIN} inside another solution")
            indent = line[: len(line) - len(line.lstrip())]
            lines += [indent + stub for stub in STUB]
        elif marker == END:
            if indent is None:
                raise ValueError(f"line {number}: {END} without {BEGIN}")
            indent = None
        elif indent is None:
            lines.append(line)
    if indent is not None:
        raise ValueError(f"{BEGIN} without {END}")
    return "\n".join(lines)


class ClearSolutions(Preprocessor):
    """Replace every solution region of a code cell by the ``NotImplementedError`` stub.

    Counts the regions in ``resources["solutions"]``; a lesson path in
    ``resources["path"]`` is named in errors.
    """

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and BEGIN in cell.source:
            try:
                cell.source = stub_solutions(cell.source)
            except ValueError as err:
                raise ValueError(
                    f"{resources.get('path', 'notebook')}, cell {index}: {err}"
                ) from None
            resources["solutions"] = resources.get("solutions", 0) + 1
        return cell, resources


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
    shutil.copytree(LESSONS, out, ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))


def exporter():
    """A ``NotebookExporter`` that writes the student version of a lesson."""
    notebook_exporter = NotebookExporter()
    for preprocessor in (
        ClearSolutions,
        StripTestMarkers,
        ClearOutputPreprocessor,
        ClearWidgetState,
    ):
        notebook_exporter.register_preprocessor(preprocessor(), enabled=True)
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
        body, resources = student_exporter.from_notebook_node(nb, resources={"path": str(path)})
        if not resources.get("solutions"):
            raise ValueError(f"{path}: no {BEGIN} region: every lesson has exercises")
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
