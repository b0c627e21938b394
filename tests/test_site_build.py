"""`make html`'s pieces without a browser: widget stills, lesson links, the lesson map.

The built site itself is opened in Chromium by tests/browser/test_site.py.
"""

import nbformat

from tools import site

IMAGE_B64 = "iVBORw0KGgo="  # stands for the bytes a saved Image model carries


def _models():
    def model(name, state, buffers=None):
        entry = {"model_name": name, "state": state}
        if buffers:
            entry["buffers"] = buffers
        return entry

    return {
        "box": model("VBoxModel", {"children": ["IPY_MODEL_row", "IPY_MODEL_eq", "IPY_MODEL_odd"]}),
        "row": model("HBoxModel", {"children": ["IPY_MODEL_w1", "IPY_MODEL_img"]}),
        "w1": model(
            "FloatSliderModel",
            {"description": "w₁", "value": 0.75, "min": -3, "max": 3, "step": 0.05},
        ),
        "img": model(
            "ImageModel",
            {"format": "png"},
            [{"data": IMAGE_B64, "encoding": "base64", "path": ["value"]}],
        ),
        "eq": model("HTMLMathModel", {"value": "$z = 0.75$"}),
        "odd": model("ColorPickerModel", {"value": "#000"}),
    }


def test_a_widget_still_shows_its_picture_equation_and_sliders_where_they_were():
    still = site.widget_html(_models(), "IPY_MODEL_box")
    assert f'src="data:image/png;base64,{IMAGE_B64}"' in still
    assert "$z = 0.75$" in still  # typeset by MathJax on the page
    assert 'type="range" disabled min="-3" max="3" step="0.05" value="0.75"' in still
    assert "w₁" in still and "<output>0.75</output>" in still
    assert still.index("w₁") < still.index("data:image")  # children keep their order
    assert "(ColorPicker)" in still  # an unknown control is named, not dropped


def test_widget_views_become_stills_and_the_state_is_dropped():
    view = {"model_id": "box", "version_major": 2, "version_minor": 0}
    cell = nbformat.v4.new_code_cell("explorer")
    cell.outputs = [
        nbformat.v4.new_output("execute_result", data={site.VIEW: view, "text/plain": "VBox()"}),
        nbformat.v4.new_output(
            "display_data", data={site.VIEW: {**view, "model_id": "gone"}, "text/plain": "x"}
        ),
    ]
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["widgets"] = {site.STATE: {"state": _models()}}
    nb, _ = site.StaticWidgets().preprocess(nb, {})
    first, second = (out["data"]["text/html"] for out in nb.cells[0].outputs)
    assert "hm-widget" in first and IMAGE_B64 in first and site.STILL_NOTE in first
    assert "run the lesson to see it" in second
    assert "widgets" not in nb.metadata


def test_links_to_lessons_point_at_their_pages():
    cell = nbformat.v4.new_markdown_cell(
        "[next](02_activations.ipynb), [table](00_welcome.ipynb#Notation-used-in-every-lesson), "
        "[data](data.ipynb.txt), [web](https://example.org/03_layers.ipynb)"
    )
    cell, _ = site.LessonLinks().preprocess_cell(cell, {}, 0)
    assert "(02_activations.html)" in cell.source
    assert "(00_welcome.html#Notation-used-in-every-lesson)" in cell.source
    assert "(data.ipynb.txt)" in cell.source
    assert "(https://example.org/03_layers.ipynb)" in cell.source


def test_lesson_map_reads_readme_rows_only(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "| # | lesson | the math | what you move → what you see |\n|---|---|---|---|\n"
        "| 00 | [Welcome](lessons/00_welcome.ipynb) | the dot product | *b* → a·b |\n"
        "| `module` | text | 01 |\n",
        encoding="utf-8",
    )
    assert site.lesson_map(readme) == [
        {
            "number": "00",
            "title": "Welcome",
            "stem": "00_welcome",
            "math": "the dot product",
            "move": "*b* → a·b",
        }
    ]
    assert site._inline("*b* → `a·b` <x>") == "<em>b</em> → <code>a·b</code> &lt;x&gt;"
