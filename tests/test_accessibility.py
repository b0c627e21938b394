"""Accessibility of every course figure and widget (issue #9).

Each public plot and widget is called once (the tables below; a test fails
when a public name has no entry) and audited:

- every panel has a title, and a label on each axis it shows;
- every visible text is at least ``MIN_FONTSIZE`` points;
- every colour is Okabe–Ito (or a lighter tint of one), black, white or a
  grey, and every colour map is one that reads the same with any colour-vision
  deficiency;
- every widget control has a label, and the label or its tooltip says in
  words what it sets.

The widget's picture has no text alternative: ipywidgets 8.1's ``Image`` has
no ``alt``, and a ``tooltip`` on a widget without a description breaks its view
in the browser (jupyter-widgets/ipywidgets#3860).
"""

import importlib
import inspect
import pkgutil
import re

import ipywidgets as w
import matplotlib as mpl
import numpy as np
import pytest
from _helpers import tiny_cnn
from matplotlib.colors import ListedColormap, to_rgb
from matplotlib.figure import Figure
from mpl_toolkits.mplot3d import Axes3D

import nnmath.plots
import nnmath.widgets
from nnmath import MLP, Dense, autograd, conv, data, optim, surfaces, text
from nnmath.plots import CMAP
from nnmath.widgets import Explorer

MIN_FONTSIZE = 9  # points

# Okabe & Ito (2008), written out here rather than read from nnmath, so the test also
# catches a palette entry edited into something else.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")

# Maps whose lightness changes monotonically (or, for the course's blue–white–orange map,
# whose two ends are Okabe–Ito colours): readable with any colour-vision deficiency.
SAFE_CMAPS = {
    CMAP.name,
    *("viridis", "cividis", "plasma", "inferno", "magma"),  # perceptually uniform
    *("gray", "Greys", "binary", "Blues", "Oranges"),  # one hue, lightness only
}

_TOL = 4 / 255  # colour conversions round to whole 8-bit steps


# --------------------------------------------------------------------- colours


def _is_safe_color(rgb):
    """Okabe–Ito, a lighter tint of one (or itself under alpha on white), or a grey."""
    c = np.asarray(rgb[:3], dtype=float)
    if c.max() - c.min() <= _TOL:  # black, white and the greys between
        return True
    for hex_color in OKABE_ITO:
        # A tint mixes the colour with white: c = 1 − t (1 − p) for some t in (0, 1].
        gap = 1.0 - np.asarray(to_rgb(hex_color))
        t = float(np.clip((1.0 - c) @ gap / (gap @ gap), 0.0, 1.0))
        if np.abs(1.0 - t * gap - c).max() <= _TOL:
            return True
    return False


def _is_safe_cmap(cmap):
    name = cmap.name.removesuffix("_r")
    if name in SAFE_CMAPS:
        return True
    # A handful of discrete colours built by the course: each one must be safe.
    colors = cmap.colors if isinstance(cmap, ListedColormap) and cmap.N <= 16 else ["#ff0000"]
    return all(_is_safe_color(to_rgb(c)) for c in colors)


def _colors(artist):
    """The RGBA colours an artist paints with, or its colour map when it maps data."""
    if isinstance(artist, mpl.cm.ScalarMappable) and artist.get_array() is not None:
        return [artist.get_cmap()]
    if isinstance(artist, mpl.lines.Line2D):
        colors = [artist.get_color()]
        if artist.get_marker() not in ("", " ", "None", "none", None):
            colors += [artist.get_markerfacecolor(), artist.get_markeredgecolor()]
    elif isinstance(artist, mpl.collections.Collection):
        colors = [*artist.get_facecolor(), *artist.get_edgecolor()]
    elif isinstance(artist, mpl.patches.Patch):
        colors = [artist.get_facecolor(), artist.get_edgecolor()]
    elif isinstance(artist, mpl.text.Text):
        colors = [artist.get_color()]
    else:
        return []
    return [c for c in colors if not (isinstance(c, str) and c.lower() == "none")]


# --------------------------------------------------------------------- the audit


def _visible_artists(artist):
    """``artist`` and everything under it that is drawn (an invisible parent hides its children)."""
    if not artist.get_visible():
        return
    yield artist
    for child in artist.get_children():
        yield from _visible_artists(child)


def _is_spacer(ax):
    """An unused cell of a grid of panels: no axis, no data, no text."""
    return not ax.axison and not ax.has_data() and not ax.texts


def _title(ax):
    return " ".join(ax.get_title(loc).strip() for loc in ("left", "center", "right")).strip()


def _shows_ticks(axis):
    return any(t.get_visible() and t.get_text().strip() for t in axis.get_ticklabels())


def _labelled_by_neighbour(ax, name):
    """In a grid of panels the first panel of a row carries the y label, the bottom panel
    of a column the x label: does such a neighbour of ``ax`` have one?"""
    spec = ax.get_subplotspec()
    if spec is None or name not in "xy":
        return False
    for other in ax.figure.axes:
        o = other.get_subplotspec()
        if other is ax or o is None or not other.get_visible():
            continue
        if o.get_gridspec() is not spec.get_gridspec():
            continue
        if name == "y":
            neighbour = o.rowspan == spec.rowspan and o.colspan.start < spec.colspan.start
        else:
            neighbour = o.colspan == spec.colspan and o.rowspan.start > spec.rowspan.start
        axis = other.yaxis if name == "y" else other.xaxis
        if neighbour and axis.get_label_text().strip():
            return True
    return False


def _axes_of(ax):
    axes = {"x": ax.xaxis, "y": ax.yaxis}
    if isinstance(ax, Axes3D):
        axes["z"] = ax.zaxis
    return axes


def _axes_problems(ax, where):
    if hasattr(ax, "_colorbar"):
        cb = ax._colorbar
        long_axis = ax.yaxis if cb.orientation == "vertical" else ax.xaxis
        return (
            [] if long_axis.get_label_text().strip() else [f"{where}: colour bar without a label"]
        )
    if _is_spacer(ax):
        return []
    axes = _axes_of(ax)
    ticked = {name: ax.axison and _shows_ticks(axis) for name, axis in axes.items()}
    # A picture without ticks (a digit, a unit's output) may be named by a caption below it.
    caption = ax.axison and not any(ticked.values()) and ax.get_xlabel().strip()
    problems = [] if _title(ax) or caption else [f"{where}: no title"]
    # A label says what the numbers on an axis are: every axis that shows numbers needs one.
    for name, axis in axes.items():
        if ticked[name] and not axis.get_label_text().strip():
            if not _labelled_by_neighbour(ax, name):
                problems.append(f"{where}: no {name} label")
    return problems


def figure_problems(fig):
    """Everything in ``fig`` that breaks the course's accessibility rules, as sentences."""
    fig.canvas.draw()  # ticks, tick labels and legends exist only once drawn
    problems = []
    for i, ax in enumerate(fig.axes):
        if ax.get_visible():
            problems += _axes_problems(ax, f"axes {i} ({_title(ax)!r})")
    # Tick labels outside the view limits exist but are never drawn: not checked for clipping.
    tick_labels = {
        id(label)
        for ax in fig.axes
        for axis in _axes_of(ax).values()
        for tick in axis.get_major_ticks() + axis.get_minor_ticks()
        for label in (tick.label1, tick.label2)
    }
    renderer = fig.canvas.get_renderer()
    inside = fig.bbox.padded(1)  # a pixel of rounding
    for artist in _visible_artists(fig):
        if isinstance(artist, mpl.text.Text) and artist.get_text().strip():
            if artist.get_fontsize() < MIN_FONTSIZE:
                problems.append(f"text {artist.get_text()!r} is {artist.get_fontsize():g} pt")
            box = artist.get_window_extent(renderer)
            corners = inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1)
            if id(artist) not in tick_labels and not corners:
                problems.append(f"text {artist.get_text()!r} is cut off by the figure's edge")
        for color in _colors(artist):
            if isinstance(color, mpl.colors.Colormap):
                if not _is_safe_cmap(color):
                    problems.append(f"{type(artist).__name__} uses colour map {color.name!r}")
            elif not _is_safe_color(mpl.colors.to_rgba(color)):
                hex_color = mpl.colors.to_hex(color)
                problems.append(f"{type(artist).__name__} {artist.get_label()!r} is {hex_color}")
    return sorted(set(problems))


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


# What a widget shows rather than what a learner operates.
_DISPLAYS = (w.Box, w.Output, w.Image, w.Label, w.HTML, w.HTMLMath)


def _explains(words):
    """Says something in words: a word of three letters or more, not just a symbol like "w₁₁"."""
    return any(sum(c.isalpha() for c in word) >= 3 for word in re.findall(r"\w+", words or ""))


def control_problems(explorer):
    """Every control of ``explorer`` that a screen-reader user could not identify.

    A control needs a description (its visible label; a button may show an icon or
    nothing and be named by its tooltip), and the description or the tooltip must say
    in words what it sets: "w₁" alone does not, "w₁" with the tooltip "weight of input
    x₁" does.
    """
    problems = []
    for control in _walk(explorer.widget):
        if isinstance(control, _DISPLAYS):
            continue
        kind = type(control).__name__
        description = getattr(control, "description", "")
        if not description.strip() and not isinstance(control, (w.Button, w.ToggleButton)):
            problems.append(f"{kind} without a description")
        if not (_explains(description) or _explains(control.tooltip)):
            problems.append(f"{kind} {description!r}: no words say what it sets")
    return sorted(set(problems))


# --------------------------------------------------------------------- the audit can fail


def test_audit_flags_missing_labels_small_text_and_unsafe_colours():
    fig, (ax, ax_img) = nnmath.plots.figure(ncols=2)
    ax.plot([0, 1], [0, 1], color="#d62728")  # matplotlib's tab:red …
    ax.plot([0, 1], [1, 0], color="#2ca02c")  # … against tab:green
    ax.text(0.5, 0.5, "tiny", fontsize=7)
    fig.text(0.8, 0.5, "a note running off the edge")
    ax_img.imshow(np.eye(3), cmap="jet")
    fig.colorbar(ax_img.images[0], ax=ax_img)
    problems = "\n".join(figure_problems(fig))
    for expected in ("no title", "no x label", "no y label", "#d62728", "#2ca02c", "'jet'"):
        assert expected in problems
    assert "'tiny' is 7 pt" in problems and "colour bar without a label" in problems
    assert "'a note running off the edge' is cut off by the figure's edge" in problems


def test_audit_accepts_the_palette_its_tints_and_greys():
    fig, ax = nnmath.plots.figure()
    nnmath.plots.label(ax, "title", "x", "y")
    for i, c in enumerate([*OKABE_ITO, "#000000", "0.5", "#f7f7f7"]):
        ax.plot([0, 1], [i, i], color=c, alpha=0.3)
    ax.axvspan(0, 1, color=mpl.colors.to_hex(0.4 * np.array(to_rgb(OKABE_ITO[4])) + 0.6))
    ax.imshow(np.eye(2), cmap=CMAP)
    ax.contourf(np.eye(3), cmap="viridis_r")
    assert figure_problems(fig) == []
    assert all(_is_safe_color(to_rgb(c)) for c in nnmath.plots.COLORS.values())


def test_audit_flags_controls_described_by_a_symbol_only():
    e = WIDGET_CALLS["dot_product_explorer"]()
    e.controls["angle"].description = "θ"
    e.controls["angle"].tooltip = "θ"
    e.controls["length"].description = ""
    assert control_problems(e) == [
        "FloatSlider 'θ': no words say what it sets",
        "FloatSlider without a description",
    ]
    e.controls["angle"].tooltip = "angle between a and b"  # the symbol, explained
    assert "FloatSlider 'θ': no words say what it sets" not in control_problems(e)


# --------------------------------------------------------------------- one call per public name


def _public(package):
    """The functions and classes each topic module of ``package`` exports."""
    names = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                names[name] = obj
    return names


def _moons():
    X, y = data.moons(40, 0.1, rng=np.random.default_rng(1))
    return X[:30], y[:30], X[30:], y[30:]


def _net_2_3_1():
    W1 = np.array([[1.0, -0.5, 0.2], [0.3, 0.8, -1.1]])
    W2 = np.array([[1.5], [-0.7], [0.4]])
    return MLP.from_layers(
        [
            Dense.from_weights(W1, [0.1, -0.2, 0.0], "tanh"),
            Dense.from_weights(W2, [0.05], "sigmoid"),
        ]
    )


def _triangle_net():
    W = np.array([[0.0, 4.0, -4.0], [4.0, -2.0, -2.0]])
    return MLP.from_layers(
        [
            Dense.from_weights(W, [2.0, 2.0, 2.0], "sigmoid"),
            Dense.from_weights([[6.0], [6.0], [6.0]], [-15.0], "sigmoid"),
        ]
    )


def _history(epochs, train, test):
    return {"epoch": list(epochs), "loss": list(train), "val_loss": list(test)}


def _digits():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 17, size=(12, 64)).astype(float)
    P = np.full((12, 10), 0.01)
    P[:, 1] = 0.91
    return images, P, np.zeros(12, dtype=int)


def _optimiser_runs():
    s = surfaces.valley()
    return {
        name: optim.trajectory(s.gradient, [1.5, 1.5], opt, 20)
        for name, opt in (("SGD", optim.SGD(0.05)), ("Adam", optim.Adam(0.05)))
    }


def _paths():
    good = np.array([[2.0, 1.0], [1.0, 0.5], [0.5, 0.25], [0.0, 0.0]])
    return {"η = 0.5": good, "η = 2.6": good * [[1.0], [-2.0], [4.0], [-8.0]]}


def _words():
    vocab = text.Vocabulary.from_text("the cat sat on the mat\n")
    net = text.char_model(len(vocab), context=2, dim=2, hidden=8, rng=np.random.default_rng(7))
    return vocab, net


def _line_data():
    x = np.array([0.0, 1.0, 2.0, 3.0])
    return x, 1.5 * x - 0.5


plots = nnmath.plots

# Public plotting names that return no figure: they compute, draw on a given axes or
# move artists, and are audited through the figures and widgets that use them.
NOT_FIGURES = {
    *("arrows", "figure", "label", "hide_axes", "shade_plane", "scatter_classes", "update_bars"),
    *("activation_ylim", "gap_curve", "graph_layout", "draw_network", "update_decision_line"),
    *("node_name", "activation_box", "draw_activation", "draw_gradient_norms", "draw_path"),
    *("draw_surface", "draw_digit", "draw_digit_probabilities", "draw_graph", "draw_secant"),
    *("draw_grid_warp", "draw_loss_contours", "draw_neuron_fit", "draw_bump_fit"),
    *("draw_decision_line", "draw_playground", "draw_vectors", "draw_embedding_map"),
    *("draw_token_bars", "update_activation", "update_gradient_norms", "update_path"),
    *("update_digit", "update_graph", "update_secant"),
    *("update_grid_warp", "update_neuron_fit", "update_bump_fit"),
    *("draw_triangle", "update_triangle", "draw_untangle", "update_untangle"),
    *("set_playground_points", "update_playground", "update_vectors", "update_embedding_map"),
    *("draw_effective_lr", "update_effective_lr"),
    *("draw_convolution_step", "update_convolution_step"),
    *("draw_feature_map_grid", "update_feature_map_grid"),
}

PLOT_CALLS = {
    "activation_curves": lambda: plots.activation_curves(),
    "saturation": lambda: plots.saturation("tanh"),
    "softmax_bars": lambda: plots.softmax_bars([2.0, 1.0, 0.1], labels=["cat", "dog", "fox"]),
    "gradient_norms": lambda: plots.gradient_norms([1e-5, 1e-3, 0.1]),
    "gradient_norm_curves": lambda: plots.gradient_norm_curves(
        {"sigmoid": [1e-3, 1.0], "relu": [1.0, 1.0, 2.0]}
    ),
    "gradcheck_errors": lambda: plots.gradcheck_errors({"right": 1e-10, "forgot f′": 0.3}),
    "gradient_cost": lambda: plots.gradient_cost([10, 100], [21, 201], [2.5, 2.7]),
    "descent_paths": lambda: plots.descent_paths(surfaces.valley(), _paths()),
    "descent_panels": lambda: plots.descent_panels(surfaces.valley(), _paths()),
    "loss_per_step": lambda: plots.loss_per_step(surfaces.valley(), _paths()),
    "gradient_arrows": lambda: plots.gradient_arrows(surfaces.valley(), point=(-2.5, 1.0)),
    "step_factor": lambda: plots.step_factor((0.5, 10.0), lr_max=0.25),
    "ema_weights": lambda: plots.ema_weights({0.9: 0.1 * 0.9 ** np.arange(30)}),
    "bias_correction": lambda: plots.bias_correction([0.2, 0.38, 0.542], [2.0, 2.0, 2.0], 2.0),
    "step_sizes": lambda: plots.step_sizes(_optimiser_runs()),
    "schedule_curves": lambda: plots.schedule_curves(
        {"cosine": optim.cosine(0.1, 50), "warm-up": optim.warmup(0.1, 10)}, 60
    ),
    "lr_sweep": lambda: plots.lr_sweep({"Adam": {1e-3: [0.8, 0.82], 1e-2: [0.9, 0.92]}}),
    "race_panels": lambda: plots.race_panels(surfaces.valley(), _optimiser_runs()),
    "convolution_step": lambda: plots.convolution_step(
        _digits()[0][0] / 16, conv.KERNELS["vertical edge"], 7, 7, padding=1
    ),
    "kernels": lambda: plots.kernels(
        tiny_cnn(channels=16).layers[1].W, titles=[f"kernel {i + 1}" for i in range(16)]
    ),
    "feature_map_grid": lambda: plots.feature_map_grid(
        np.random.default_rng(3).normal(size=(6, 8, 8)), titles=[f"map {i + 1}" for i in range(6)]
    ),
    "shift_equivariance": lambda: plots.shift_equivariance(
        _digits()[0][1], conv.KERNELS["horizontal edge"], -1, 2
    ),
    "shared_weights": lambda: plots.shared_weights(
        np.stack(
            [
                conv.feature_map(e.reshape(8, 8), conv.KERNELS["vertical edge"]).ravel()
                for e in np.eye(64)
            ]
        ),
        conv.KERNELS["vertical edge"],
    ),
    "digit_grid": lambda: plots.digit_grid(_digits()[0], [str(i) for i in range(12)], ncols=6),
    "weight_images": lambda: plots.weight_images(np.random.default_rng(1).normal(size=(64, 32))),
    "unit_top_images": lambda: plots.unit_top_images(
        _digits()[0],
        np.random.default_rng(2).random((12, 4)),
        [0, 2],
        labels=np.arange(12) % 10,
        n=4,
    ),
    "confusion_plot": lambda: plots.confusion_plot([0, 0, 1, 1], [0, 1, 1, 1], k=2),
    "mistakes_plot": lambda: plots.mistakes_plot(*_digits(), n=4),
    "computational_graph": lambda: plots.computational_graph(
        autograd.neuron_loss_graph(0.5, 1.5, -0.2, 1.0)["L"], title="computational graph of L"
    ),
    "secant_tangent": lambda: plots.secant_tangent(lambda x: x**3, 1.0, 0.5, lambda x: 3 * x**2),
    "partial_derivatives": lambda: plots.partial_derivatives(
        lambda a, b: a**2 * b + b**2, (1.0, 2.0)
    ),
    "loss_by_step": lambda: plots.loss_by_step({"zeroed": [0.5, 0.2], "not zeroed": [0.5, 0.4]}),
    "layer_grid": lambda: plots.layer_grid([[1.0, 0.5], [-0.5, 1.0]], [0.0, 0.2], "tanh"),
    "loss_contours": lambda: plots.loss_contours(*_line_data(), w=1.0, b=0.0),
    "loss_surface": lambda: plots.loss_surface(*_line_data(), res=20),
    "loss_vs_prediction": lambda: plots.loss_vs_prediction(),
    "gradient_wrt_z": lambda: plots.gradient_wrt_z(y=1),
    "network_diagram": lambda: plots.network_diagram([3, 4, 1], title="a 3 → 4 → 1 network"),
    "layer_diagram": lambda: plots.layer_diagram(3, 2),
    "hidden_units": lambda: plots.hidden_units(_triangle_net()),
    "bump_fit": lambda: plots.bump_fit(np.cos, 6, -3, 3, "relu"),
    "depth_fit": lambda: plots.depth_fit(3),
    "untangle": lambda: plots.untangle(
        [[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]], [0, 0, 1, 1], np.eye(2), [0, 0]
    ),
    "neuron_plane": lambda: plots.neuron_plane(
        *data.gaussians(20, noise=0.2, rng=np.random.default_rng(0)), w=[1.0, -0.5], b=0.5
    ),
    "neuron_response": lambda: plots.neuron_response(),
    "bias_shift": lambda: plots.bias_shift(),
    "playground_figure": lambda: plots.playground_figure(
        _net_2_3_1(), *_moons(), history=_history([0, 5], [0.7, 0.3], [0.7, 0.4]), res=12
    ),
    "loss_curves": lambda: plots.loss_curves(
        {
            "a": {"loss": [0.5, 0.4], "accuracy": [0.6, 0.8], "val_loss": [0.6, 0.5]},
            "b": {"loss": [0.7, 0.2], "accuracy": [0.5, 0.9], "val_accuracy": [0.5, 0.7]},
        },
        title="two runs",
    ),
    "decision_boundaries": lambda: plots.decision_boundaries(
        {"one": _net_2_3_1(), "two": _triangle_net()}, *_moons()[:2], res=12
    ),
    "dot_product": lambda: plots.dot_product([2.0, 0.5], [1.0, 1.5]),
    "embedding_map": lambda: plots.embedding_map(
        np.array([[-1.0, -1.0], [1.0, 0.0], [0.9, 0.2], [0.0, 1.0]]),
        [" ", "a", "b", "c"],
        highlight="b",
        n_neighbours=1,
    ),
    "one_hot_picture": lambda: plots.one_hot_picture("cat", _words()[0]),
    "temperature_bars": lambda: plots.temperature_bars(
        [2.0, 0.0, 1.0], ["a", "b", "c"], temperatures=(0.5, 2.0)
    ),
}

widgets = nnmath.widgets

# The widget machinery (base) and the equations' vocabulary (tex): not widgets themselves.
NOT_WIDGETS = {
    "Explorer",
    *nnmath.widgets.base.__all__,
    *nnmath.widgets.tex.__all__,
}

WIDGET_CALLS = {
    "optimiser_race": lambda: widgets.optimiser_race(steps=20),
    "kernel_explorer": lambda: widgets.kernel_explorer(_digits()[0] / 16, np.arange(12) % 10),
    "feature_map_explorer": lambda: widgets.feature_map_explorer(
        tiny_cnn(channels=16), _digits()[0] / 16, np.arange(12) % 10, index=3
    ),
    "dot_product_explorer": lambda: widgets.dot_product_explorer(),
    "neuron_explorer": lambda: widgets.neuron_explorer(
        *data.gaussians(20, noise=0.2, rng=np.random.default_rng(0))
    ),
    "activation_explorer": lambda: widgets.activation_explorer("sigmoid", z=0.5),
    "layer_explorer": lambda: widgets.layer_explorer(),
    "bump_explorer": lambda: widgets.bump_explorer(np.sin, -3, 3, bumps=3),
    "depth_explorer": lambda: widgets.depth_explorer(depth=1),
    "triangle_explorer": lambda: widgets.triangle_explorer(1.0),
    "untangle_explorer": lambda: widgets.untangle_explorer(
        [[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]], [0, 0, 1, 1]
    ),
    "loss_explorer": lambda: widgets.loss_explorer(*_line_data()),
    "descent_explorer": lambda: widgets.descent_explorer(steps=10),
    "derivative_explorer": lambda: widgets.derivative_explorer(lambda x: x**3, lambda x: 3 * x**2),
    "chain_rule_explorer": lambda: widgets.chain_rule_explorer(),
    "gradient_flow_explorer": lambda: widgets.gradient_flow_explorer(depth=4),
    "playground_explorer": lambda: widgets.playground_explorer("moons", layers=1, width=3, res=12),
    "digit_explorer": lambda: widgets.digit_explorer(
        MLP([64, 16, 10], hidden="relu", output="softmax", rng=np.random.default_rng(4))
    ),
    "word_explorer": lambda: widgets.word_explorer(*reversed(_words()), token="a"),
}


def test_every_public_plot_is_audited_or_returns_no_figure():
    public = set(_public(nnmath.plots))
    assert not set(PLOT_CALLS) & NOT_FIGURES
    assert public - NOT_FIGURES - set(PLOT_CALLS) == set(), "add a call to PLOT_CALLS"
    assert set(PLOT_CALLS) | NOT_FIGURES <= public, "a table names a plot that is gone"


def test_every_public_widget_is_audited():
    public = _public(nnmath.widgets)
    factories = {n for n, obj in public.items() if inspect.isfunction(obj)} - NOT_WIDGETS
    assert factories == set(WIDGET_CALLS), "add a call to WIDGET_CALLS"
    for name, obj in public.items():
        if inspect.isclass(obj) and issubclass(obj, Explorer) and obj is not Explorer:
            factory = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()  # FooExplorer → foo_explorer
            assert factory in WIDGET_CALLS, f"{name} has no factory {factory} in WIDGET_CALLS"


@pytest.mark.parametrize("name", sorted(PLOT_CALLS))
def test_plot_is_accessible(name):
    fig = PLOT_CALLS[name]()
    assert isinstance(fig, Figure)
    assert figure_problems(fig) == []


@pytest.mark.parametrize("name", sorted(WIDGET_CALLS))
def test_widget_is_accessible(name):
    explorer = WIDGET_CALLS[name]()
    assert type(explorer).__name__.lower() == name.replace("_", "")
    assert figure_problems(explorer.fig) + control_problems(explorer) == []
