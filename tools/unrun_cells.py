"""Refuse a lesson with a code cell that was never run: ``python tools/unrun_cells.py FILE...``.

nbval compares a cell's fresh outputs with the stored ones only when the cell
has an execution count: a cell stored unrun (``execution_count: null``, no
outputs) passes nbval whatever it prints when run. Lessons are committed
executed (``make regen``), so every non-empty code cell must have a count.
Used by ``make check-outputs`` (the pre-commit hook); exit code 1 names them.
"""

import sys

import nbformat


def unrun_cells(path):
    """The non-empty code cells never run, numbered as nbval's ``Cell N`` (code cells from 0)."""
    nb = nbformat.read(path, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    return [
        n
        for n, cell in enumerate(code)
        if cell.source.strip() and cell.get("execution_count") is None
    ]


def main(paths):
    status = 0
    for path in paths:
        for i in unrun_cells(path):
            print(
                f"{path}: Cell {i} was never run, so nbval cannot compare its output; "
                "re-execute the lesson (make regen L=NN)",
                file=sys.stderr,
            )
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
