"""`make html`: the executed course as a static site in build/html/, built offline.

Each lesson goes through nbconvert's ``HTMLExporter`` (the JupyterLab look)
with four changes, all local to the page:

- widgets are drawn from the lesson's saved widget state as plain HTML — the
  plot the widget showed, the equation under it, its sliders (disabled) at
  the values they had — so no widget JavaScript is fetched from a CDN;
- math is typeset by MathJax 3 (its one-file TeX-to-SVG build, which the
  ``sphinx-mathjax-offline`` package ships), copied next to the pages;
- links between lessons point at their pages, and each page gets a bar with
  the previous lesson, the index and the next lesson;
- the test suite's ``# NBVAL_…`` comments are left out.

``index.html`` carries the lesson map, read from the table in README.md (the
course's front door, so the two cannot disagree).

    python -m tools.site [--out build/html]
"""

import argparse
import html
import re
import shutil
import sys
from importlib.metadata import files
from pathlib import Path

import nbformat
from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from tools.regen import STATE, VIEW
from tools.student import LESSONS, StripTestMarkers, copy_lesson_files

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
TEMPLATE = Path(__file__).with_name("site_lesson.html.j2")
MATHJAX_FILE = "tex-svg-full.js"
MATHJAX_URL = f"mathjax/{MATHJAX_FILE}"

STILL_NOTE = "A still of an interactive widget: open the lesson in JupyterLab to move it."

# A row of README's lesson table: | 01 | [The neuron](lessons/01_neuron.ipynb) | math | move → see |
ROW = re.compile(
    r"^\|\s*(\d\d)\s*\|\s*\[([^\]]+)\]\(lessons/([^)]+)\.ipynb\)\s*\|([^|]*)\|([^|]*)\|\s*$"
)
# A markdown link to another lesson: (02_activations.ipynb) or (02_activations.ipynb#section)
LESSON_LINK = re.compile(r"\((\d\d_[A-Za-z0-9_]+)\.ipynb(#[^)\s]*)?\)")


def lesson_map(readme=README):
    """The lessons of README's table: dicts with number, title, stem, math, interaction."""
    rows = []
    for line in Path(readme).read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            number, title, stem, math, interaction = (g.strip() for g in match.groups())
            rows.append(
                {"number": number, "title": title, "stem": stem, "math": math, "move": interaction}
            )
    return rows


# -- widgets, drawn from their saved state ----------------------------------------------


def _model_state(models, model_id):
    """A model's state with its binary buffers (e.g. an image's bytes) put back as base64."""
    model = models[model_id.removeprefix("IPY_MODEL_")]
    state = dict(model["state"])
    for buffer in model.get("buffers", []):
        state[buffer["path"][0]] = buffer["data"]
    return model["model_name"], state


def _label(state):
    text = state.get("description") or state.get("tooltip") or ""
    return html.escape(str(text))


def widget_html(models, model_id):
    """Static HTML for the widget ``model_id`` and its children, from saved ``models``."""
    name, state = _model_state(models, model_id)
    children = "".join(widget_html(models, child) for child in state.get("children", []))
    if name in ("VBoxModel", "BoxModel", "GridBoxModel", "AccordionModel", "TabModel"):
        return f'<div class="hm-vbox">{children}</div>'
    if name == "HBoxModel":
        return f'<div class="hm-hbox">{children}</div>'
    if name == "ImageModel":
        fmt = state.get("format") or "png"
        alt = html.escape(str(state.get("tooltip") or "the widget's plot"))
        src = f"data:image/{fmt};base64,{state.get('value', '')}"
        return f'<img class="hm-still" alt="{alt}" src="{src}">'
    if name in ("HTMLMathModel", "HTMLModel", "LabelModel"):
        value = state.get("value", "")
        return f'<div class="hm-html">{value if name != "LabelModel" else html.escape(value)}</div>'
    if name.endswith("SliderModel") and "Range" not in name:
        value = state.get("value")
        return (
            f'<label class="hm-control">{_label(state)} <input type="range" disabled '
            f'min="{state.get("min")}" max="{state.get("max")}" step="{state.get("step", "any")}" '
            f'value="{value}"> <output>{html.escape(str(value))}</output></label>'
        )
    if name in ("DropdownModel", "ToggleButtonsModel", "RadioButtonsModel", "SelectModel"):
        labels, index = state.get("_options_labels", []), state.get("index")
        chosen = labels[index] if isinstance(index, int) and index < len(labels) else ""
        return f'<div class="hm-control">{_label(state)} <b>{html.escape(str(chosen))}</b></div>'
    if name in ("CheckboxModel", "ToggleButtonModel"):
        mark = "☑" if state.get("value") else "☐"
        return f'<div class="hm-control">{mark} {_label(state)}</div>'
    if name == "ButtonModel":
        return f'<button class="hm-control" disabled>{_label(state)}</button>'
    if name in ("FloatProgressModel", "IntProgressModel"):
        return (
            f'<label class="hm-control">{_label(state)} <progress max="{state.get("max")}" '
            f'value="{state.get("value")}"></progress></label>'
        )
    if name == "OutputModel":
        return "".join(_output_html(output) for output in state.get("outputs", []))
    return f'<div class="hm-control">({html.escape(name.removesuffix("Model"))})</div>'


def _output_html(output):
    """An Output widget's captured output (text or image) as HTML."""
    if output.get("output_type") == "stream":
        return f"<pre>{html.escape(output.get('text', ''))}</pre>"
    data = output.get("data", {})
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            return f'<img class="hm-still" alt="output" src="data:{mime};base64,{data[mime]}">'
    if "text/html" in data:
        return str(data["text/html"])
    return f"<pre>{html.escape(str(data.get('text/plain', '')))}</pre>"


class StaticWidgets(Preprocessor):
    """Replace each widget view by its still (``widget_html``) and drop the widget state."""

    def preprocess(self, nb, resources):
        models = nb.metadata.get("widgets", {}).get(STATE, {}).get("state", {})
        for cell in nb.cells:
            for i, output in enumerate(cell.get("outputs", [])):
                view = output.get("data", {}).get(VIEW)
                if view is None:
                    continue
                if view["model_id"] in models:
                    still = widget_html(models, view["model_id"])
                    caption = f"<figcaption>{STILL_NOTE}</figcaption>"
                    body = f'<figure class="hm-widget">{still}{caption}</figure>'
                else:  # a view whose state was not saved (a closed widget)
                    body = (
                        '<p class="hm-widget">(an interactive widget: run the lesson to see it)</p>'
                    )
                cell.outputs[i] = nbformat.v4.new_output("display_data", data={"text/html": body})
        nb.metadata.pop("widgets", None)
        return nb, resources


class LessonLinks(Preprocessor):
    """Point markdown links to other lessons at their pages (``02_x.ipynb`` → ``02_x.html``)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = LESSON_LINK.sub(lambda m: f"({m[1]}.html{m[2] or ''})", cell.source)
        return cell, resources


def mathjax_source():
    """The MathJax 3 build that the ``sphinx-mathjax-offline`` package installs."""
    found = [f for f in files("sphinx-mathjax-offline") or [] if f.name == MATHJAX_FILE]
    if not found:
        raise ValueError(f"{MATHJAX_FILE} not found: pip install -e '.[test]'")
    return Path(found[0].locate())


def exporter():
    """nbconvert's JupyterLab-style ``HTMLExporter`` with the course's offline template."""
    # A template_file that is a path puts its folder first on the template path.
    lesson_exporter = HTMLExporter(
        template_name="lab", template_file=str(TEMPLATE), mathjax_url=MATHJAX_URL
    )
    for preprocessor in (StaticWidgets, LessonLinks, StripTestMarkers):
        lesson_exporter.register_preprocessor(preprocessor(), enabled=True)
    return lesson_exporter


def _nav(lessons, i):
    """The bar above a lesson: previous, index, next."""
    links = []
    if i > 0:
        prev = lessons[i - 1]
        links.append(
            f'<a rel="prev" href="{prev["stem"]}.html">← {prev["number"]} {prev["title"]}</a>'
        )
    links.append('<a href="index.html">Hidden Math: all lessons</a>')
    if i + 1 < len(lessons):
        nxt = lessons[i + 1]
        links.append(
            f'<a rel="next" href="{nxt["stem"]}.html">{nxt["number"]} {nxt["title"]} →</a>'
        )
    return '<nav class="hm-nav" aria-label="lessons">' + " · ".join(links) + "</nav>"


INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Hidden Math: the mathematics inside neural networks</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 64rem; margin: 2rem auto; padding: 0 1rem;
       color: #1a1a1a; }}
h1 {{ margin-bottom: 0.2rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; vertical-align: top; padding: 0.45rem 0.6rem;
          border-bottom: 1px solid #ccc; }}
th {{ background: #eef3f8; }}
a {{ color: #0057a0; }}
img {{ max-width: 100%; border: 1px solid #ccc; }}
code {{ background: #f2f2f2; padding: 0 0.2rem; }}
</style>
</head>
<body>
<main>
<h1>Hidden Math</h1>
<p>The mathematics inside neural networks, uncovered one formula at a time, from one neuron
to a network that reads handwritten digits. These pages show each lesson as it was last run;
widgets appear as stills. To move the sliders, run the course in JupyterLab:
<code>make lab</code>.</p>
<figure>
<img src="images/lesson01.png" alt="Lesson 1's widget: sliders for the weights and the bias, and the
neuron's decision line over two classes of points">
<figcaption>Lesson 1: the neuron's weights and bias move its decision line.</figcaption>
</figure>
<h2>The lessons</h2>
<table>
<thead><tr><th scope="col">#</th><th scope="col">lesson</th><th scope="col">the math</th>
<th scope="col">what you move → what you see</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</main>
</body>
</html>
"""


def _inline(markdown):
    """README's inline markdown (*emphasis*, `code`) as HTML."""
    text = html.escape(markdown, quote=False)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", text)


def _index(lessons):
    rows = "\n".join(
        f'<tr><td>{x["number"]}</td><td><a href="{x["stem"]}.html">{_inline(x["title"])}</a>'
        f"</td><td>{_inline(x['math'])}</td><td>{_inline(x['move'])}</td></tr>"
        for x in lessons
    )
    return INDEX.format(rows=rows)


def build(out, readme=README):
    """Write the site into ``out`` (replaced as a whole); return the paths of its pages."""
    out = Path(out)
    lessons = lesson_map(readme)
    on_disk = sorted(p.stem for p in LESSONS.glob("*.ipynb"))
    if sorted(x["stem"] for x in lessons) != on_disk:
        raise ValueError(
            f"README's lesson table lists {[x['stem'] for x in lessons]}, lessons/ has {on_disk}"
        )
    copy_lesson_files(out)
    (out / "mathjax").mkdir()
    shutil.copy(mathjax_source(), out / MATHJAX_URL)
    pages = [out / "index.html"]
    pages[0].write_text(_index(lessons), encoding="utf-8")
    lesson_exporter = exporter()
    for i, lesson in enumerate(lessons):
        nb = nbformat.read(LESSONS / f"{lesson['stem']}.ipynb", as_version=4)
        nb.metadata["title"] = f"Lesson {int(lesson['number'])}: {lesson['title']} · Hidden Math"
        body, _ = lesson_exporter.from_notebook_node(nb, resources={"hm_nav": _nav(lessons, i)})
        page = out / f"{lesson['stem']}.html"
        page.write_text(body, encoding="utf-8")
        pages.append(page)
    return pages


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "build" / "html")
    args = parser.parse_args(argv)
    try:
        pages = build(args.out)
    except ValueError as err:
        sys.exit(f"error: {err}")
    print(f"site: {len(pages)} pages in {args.out} (open {args.out / 'index.html'})")


if __name__ == "__main__":
    main()
