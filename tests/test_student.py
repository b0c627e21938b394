"""`make student`: solutions become stubs, and the stubbed lessons fail gently, check by check."""

import sys

import nbformat
import pytest

from nnmath import check
from tools import grading, student

LESSONS = sorted(student.LESSONS.glob("*.ipynb"))
YOUR_TURN = "✋ Your turn"


def _lesson(tmp_path, source, marked=True):
    """A one-exercise lesson at tmp_path/98_x.ipynb whose solution cell is ``source``."""
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source), nbformat.v4.new_code_cell("check.close(y, 2)")],
        metadata={
            "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}
        },
    )
    if marked:
        grading.mark(nb)
    path = tmp_path / "98_x.ipynb"
    nbformat.write(nb, path)
    return path


def test_stub_keeps_the_code_around_a_solution_and_its_indentation(tmp_path):
    source = (
        "x = 1\ndef f(a):\n    ### BEGIN SOLUTION\n    return 2 * a\n    ### END SOLUTION\nz = 1"
    )
    (built,) = student.build(tmp_path / "out", [_lesson(tmp_path, source)])
    cells = nbformat.read(built, as_version=4).cells
    assert cells[0].source == "\n".join(
        ["x = 1", "def f(a):"] + [f"    {s}" for s in student.STUB] + ["z = 1"]
    )
    assert cells[1].metadata["editable"] is False  # the checking cell is locked


@pytest.mark.parametrize(
    ("source", "marked"),
    [
        ("### BEGIN SOLUTION\ny = 2", True),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION", True),
        ("### BEGIN SOLUTION\ny = 2\n### END SOLUTION", False),
    ],
    ids=["unterminated", "nested", "no-nbgrader-metadata"],
)
def test_a_broken_marker_is_an_error_not_a_leak(tmp_path, source, marked):
    with pytest.raises(ValueError, match="solution"):
        student.build(tmp_path / "out", [_lesson(tmp_path, source, marked)])


def test_a_lesson_without_exercises_is_refused(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    path = tmp_path / "99_empty.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(ValueError, match="no ### BEGIN SOLUTION"):
        student.build(tmp_path / "out", [path])


def _cell_error(source):
    """(etype, value, tb) of running ``source`` the way IPython runs a cell (one frame above it)."""
    try:
        exec(compile(source, "<cell>", "exec"), {})
    except Exception:
        return sys.exc_info()
    raise AssertionError("the cell did not raise")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('raise NotImplementedError("your turn")', YOUR_TURN),
        ("from nnmath import check\ncheck.close(1.0, 2.0)", "✗ your answer is not right yet"),
        ('def f():\n    raise NotImplementedError("your turn")\nf()', "✗ f is not written yet"),
        ("print(z1)", "✗ z1 is not defined yet"),
        ('raise NotImplementedError("later")', None),  # not the stub: a real traceback
        ("def f():\n    return typo\nf()", None),  # a bug inside a function: a real traceback
        ("1 / 0", None),
    ],
)
def test_which_errors_get_a_friendly_line(source, expected):
    message = check._friendly_message(*_cell_error(source))
    if expected is None:
        assert message is None
    else:
        assert message.startswith(expected) and "\n" not in message


def _split_solutions(source):
    """(lines inside solution regions, lines outside them) of a code cell, stripped."""
    inside, outside, active = set(), set(), False
    for line in source.splitlines():
        marker = line.strip()
        if marker in (student.BEGIN, student.END):
            active = marker == student.BEGIN
        elif marker:
            (inside if active else outside).add(marker)
    return inside, outside


def _unmarked(source):
    return "\n".join(line for line in source.splitlines() if not line.startswith("# NBVAL_"))


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    student.build(out)
    return out


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_student_edition_hides_solutions_and_outputs(edition, lesson):
    teacher = nbformat.read(lesson, as_version=4)
    pupil = nbformat.read(edition / lesson.name, as_version=4)
    nbformat.validate(pupil)
    stubs = 0
    for mine, theirs in zip(pupil.cells, teacher.cells, strict=True):
        if theirs.cell_type == "code" and student.BEGIN in theirs.source:
            inside, outside = _split_solutions(theirs.source)
            assert mine.source.count(student.STUB[1]) == theirs.source.count(student.BEGIN)
            kept = {line.strip() for line in mine.source.splitlines()}
            assert not (inside - outside) & kept, f"a solution line is left in:\n{mine.source}"
            stubs += 1
        else:
            assert mine.source == theirs.source or mine.source.strip() == _unmarked(theirs.source)
    assert stubs >= 4
    code = "\n".join(c.source for c in pupil.cells if c.cell_type == "code")
    assert student.BEGIN not in code and "NBVAL_" not in code
    assert "widgets" not in pupil.metadata
    for cell in pupil.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert (edition / "images").is_dir() and (edition / "README.md").is_file()


def _text(cell):
    return "".join(out.get("text", "") for out in cell.outputs if out.output_type == "stream")


def _exercises(nb):
    """(solution cell, checking cell) pairs: the checking cell is the next code cell."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    return [
        (c, code[i + 1])
        for i, c in enumerate(code)
        if student.STUB[1] in c.source or student.BEGIN in c.source
    ]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_teacher_edition_passes_every_check(lesson):
    """The stored outputs (which nbval re-checks) show each check passing."""
    nb = nbformat.read(lesson, as_version=4)
    for _, checking in _exercises(nb):
        said = _text(checking)
        assert "✓" in said and "✗" not in said, f"{checking.source}\n{said}"
