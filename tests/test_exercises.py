"""Every exercise's check rejects plausible wrong answers and names the mistake.

For each lesson with a ``tests/exercises/lesson_NN.py``, the lesson runs once in
an in-process IPython shell. At each solution region, before the real solution
runs, every wrong answer listed for it replaces the region and runs with the
checking cells that follow (up to the next text cell or solution); the output
must hold a ✗ line with the listed words (the first check it fails raises, so
the cell stops there; parts checked before it may pass). The namespace is then
restored, and the real solution must get only ✓.
"""

import contextlib
import importlib
import io
import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pytest
from IPython.core.interactiveshell import InteractiveShell

from nnmath import check
from tools.student import BEGIN, END

LESSONS = Path(__file__).resolve().parents[1] / "lessons"
HERE = Path(__file__).parent / "exercises"
COVERED = sorted(p.stem.removeprefix("lesson_") for p in HERE.glob("lesson_*.py"))


def _regions(source):
    """(start, end, indent) line numbers of each solution region's body in ``source``."""
    lines, found, start = source.splitlines(), [], None
    for i, line in enumerate(lines):
        if line.strip() == BEGIN:
            start, indent = i + 1, line[: len(line) - len(line.lstrip())]
        elif line.strip() == END:
            found.append((start, i, indent))
    return found


def _replace(source, region, code):
    lines = source.splitlines()
    start, end, indent = region
    body = textwrap.indent(textwrap.dedent(code).strip("\n"), indent).splitlines()
    return "\n".join(lines[:start] + body + lines[end:])


class Lesson:
    """One lesson running cell by cell in an IPython shell, its output captured."""

    def __init__(self, path):
        self.shell = InteractiveShell.instance()
        self.shell.reset(new_session=True)
        self.shell.enable_gui = lambda gui=None: None  # %matplotlib inline: Agg draws here
        check.friendly_errors(self.shell)  # a failed check shows its ✗ line, as in a notebook
        self.path = path

    def run(self, source):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            result = self.shell.run_cell(source, store_history=False)
        plt.close("all")
        return out.getvalue(), result

    def snapshot(self):
        return dict(self.shell.user_ns)

    def restore(self, saved):
        self.shell.user_ns.clear()
        self.shell.user_ns.update(saved)


def _checks_after(cells, i):
    """The code cells after cell ``i`` up to the next text cell or solution: its checks."""
    checks = []
    for cell in cells[i + 1 :]:
        if cell.cell_type != "code" or BEGIN in cell.source:
            break
        checks.append(cell.source)
    return checks


def _exercise_lines(output):
    return [line for line in output.splitlines() if line.startswith(("✓", "✗"))]


@pytest.mark.parametrize("number", COVERED)
def test_checks_reject_the_wrong_answers_and_pass_the_right_one(number, monkeypatch):
    wrong = importlib.import_module(f"tests.exercises.lesson_{number}").WRONG
    (path,) = LESSONS.glob(f"{number}_*.ipynb")
    cells = nbformat.read(path, as_version=4).cells
    monkeypatch.chdir(LESSONS)
    lesson = Lesson(path)
    k, failures, done = 0, [], set()
    for i, cell in enumerate(cells):
        if cell.cell_type != "code" or i in done:
            continue
        regions = _regions(cell.source)
        for region in regions:
            k += 1
            assert len(wrong.get(k, [])) >= 2, (
                f"exercise {k} of {path.name} needs ≥ 2 wrong answers"
            )
            saved = lesson.snapshot()
            for code, words in wrong[k]:
                output, _ = lesson.run(_replace(cell.source, region, code))
                for checking in _checks_after(cells, i):
                    output += lesson.run(checking)[0]
                lines = _exercise_lines(output)
                crosses = [line for line in lines if line.startswith("✗")]
                if not crosses or not any(words in line for line in crosses):
                    failures.append(f"exercise {k}, wrong answer {code!r}: got {lines or output!r}")
                lesson.restore(saved)
        output, result = lesson.run(cell.source)
        assert result.success, f"cell {i} of {path.name} failed:\n{output}"
        if regions:
            checks = _checks_after(cells, i)
            done.update(range(i + 1, i + 1 + len(checks)))  # run here, not again below
            for checking in checks:
                output += lesson.run(checking)[0]
            lines = _exercise_lines(output)
            assert lines and all(line.startswith("✓") for line in lines), (
                f"the solution of cell {i} of {path.name} does not pass its check: {lines}"
            )
    assert set(wrong) == set(range(1, k + 1)), f"WRONG lists exercises {sorted(wrong)}, not 1…{k}"
    assert not failures, "\n".join(failures)
