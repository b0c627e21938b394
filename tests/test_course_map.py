"""The course's shared pages agree: README's lesson map, the lessons' titles, one notation table."""

import re
from pathlib import Path

import nbformat
import pytest

from tools import site

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted((REPO / "lessons").glob("*.ipynb"))
NOTATION_HEADING = "## Notation used in every lesson"
NOTATION_ANCHOR = "00_welcome.ipynb#Notation-used-in-every-lesson"


def _table_rows(markdown, after):
    """The body rows of the first markdown table after the line ``after``, as lists of cells."""
    lines = markdown.split(after, 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[2:]  # below the header and the |---| rule


# The LaTeX of lesson 00's table, as CONTRIBUTING writes it in plain text.
LATEX = {
    "$": "",
    r"\hat y": "ŷ",
    r"\partial ": "∂",
    r"\partial": "∂",
    r"\eta": "η",
    "{": "",
    "}": "",
}


def _plain(cell):
    for latex, text in LATEX.items():
        cell = cell.replace(latex, text)
    return cell


def _markdown(path):
    nb = nbformat.read(path, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def test_readme_maps_every_lesson_in_order_with_its_title():
    rows = site.lesson_map()
    assert [row["stem"] for row in rows] == [p.stem for p in LESSONS]
    for row, path in zip(rows, LESSONS, strict=True):
        assert row["stem"].startswith(row["number"])
        title = _markdown(path)[0].splitlines()[0]
        assert title.startswith(f"# Lesson {int(row['number'])}: {row['title']}"), title
        assert row["math"] and row["move"] and "→" in row["move"]


def test_contributing_and_lesson_00_share_one_notation_table():
    lesson = "\n\n".join(_markdown(REPO / "lessons" / "00_welcome.ipynb"))
    ours = [[_plain(cell) for cell in row] for row in _table_rows(lesson, NOTATION_HEADING)]
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert len(ours) >= 8
    assert ours == _table_rows(contributing, "## Notation")


@pytest.mark.parametrize("path", LESSONS[1:], ids=lambda p: p.stem)
def test_every_lesson_points_at_the_notation_table(path):
    assert any(NOTATION_ANCHOR in cell for cell in _markdown(path)[:3])


def test_binder_and_make_lab_open_the_same_first_lesson():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    binder = re.search(r"mybinder\.org/v2/gh/\S+\?urlpath=lab/tree/lessons/(\S+\.ipynb)", readme)
    lab = re.search(r"default_url=/lab/tree/(\S+\.ipynb)", makefile)
    assert binder and lab
    assert binder[1] == lab[1] == LESSONS[0].name
