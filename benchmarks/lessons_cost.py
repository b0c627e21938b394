"""Sections 3–4 of ``make bench``: execute each lesson headless, then time its widgets.

After a lesson's cells have run, one more cell finds every ``Explorer`` the
lesson built and calls ``update`` 20 times, nudging its first slider back and
forth as a learner's drag would.
"""

import json
import time

import nbformat
from nbclient import NotebookClient

TIME_WIDGETS = r"""
import gc as _gc, json as _json, statistics as _st, time as _time
from nnmath.widgets.base import Explorer as _Explorer

def _nudged(explorer, k):
    values = explorer.values()
    for name, control in explorer.controls.items():
        step = getattr(control, "step", None)
        if isinstance(values[name], (int, float)) and not isinstance(values[name], bool) and step:
            lo, hi = control.min, control.max
            values[name] = min(hi, values[name] + step) if k % 2 else max(lo, values[name] - step)
            break
    return values

def _is_explorer(o):
    try:
        return isinstance(o, _Explorer)
    except ReferenceError:  # a dead weak proxy among gc's objects
        return False

_times = {}
for _e in [o for o in _gc.get_objects() if _is_explorer(o)]:
    _runs = []
    for _k in range(20):
        _v = _nudged(_e, _k)
        _t = _time.perf_counter()
        _e.update(**_v)
        _runs.append(_time.perf_counter() - _t)
    _times[type(_e).__name__] = _st.median(_runs)
print("WIDGET_TIMES" + _json.dumps(_times))
"""


def measure(lessons_dir):
    """``{lesson: {"seconds": wall time of its cells, "widgets": {class: median update s}}}``."""
    results = {}
    for path in sorted(lessons_dir.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            kernel_name="python3",
            timeout=300,
            resources={"metadata": {"path": str(lessons_dir)}},
        )
        with client.setup_kernel():
            t = time.perf_counter()
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    client.execute_cell(cell, index)
            seconds = time.perf_counter() - t
            probe = nbformat.v4.new_code_cell(TIME_WIDGETS)
            nb.cells.append(probe)
            client.execute_cell(probe, len(nb.cells) - 1)
        text = "".join(o.get("text", "") for o in probe.outputs if o.output_type == "stream")
        widgets = json.loads(text.split("WIDGET_TIMES", 1)[1]) if "WIDGET_TIMES" in text else {}
        results[path.stem] = {"seconds": seconds, "widgets": widgets}
    return results
