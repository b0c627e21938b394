"""The playground's pictures: decision boundary, loss curves, hidden units (lesson 09).

The network is an ``MLP`` with one sigmoid output, ŷ = P(class 1 | x), trained
on 2-D points. Everything is drawn over a square window of the plane sampled on
a ``res × res`` grid (60 × 60 by default: 3,600 points, one forward pass); the
window, the grid and the network's numbers on it come from ``nnmath.data``
(``plane_window``, ``plane_grid``, ``output_grid``, ``hidden_grids``).
"""

from collections.abc import Mapping

import numpy as np

from ..data import hidden_grids, output_grid, plane_window
from .base import COLORS, figure, hide_axes, label, scatter_classes, shade_plane

__all__ = [
    "FIGSIZE",
    "LOSS_LIM",
    "UNIT_CLIM",
    "decision_boundaries",
    "draw_playground",
    "loss_curves",
    "playground_figure",
    "set_playground_points",
    "update_playground",
]

# The loss panel's fixed log axis, so a redraw never has to re-render its ticks.
LOSS_LIM = (1e-3, 30.0)
# Small on purpose: the pixels to draw and compress set the redraw time.
FIGSIZE = (6.6, 4.1)
# Colour ranges of the hidden units' pictures, by activation (ReLU: per unit, from 0).
UNIT_CLIM = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}
# What the units' colours mean, written under their row (ReLU and identity: per unit).
_UNIT_COLOURS = {
    "tanh": "blue −1 · white 0 · orange +1",
    "sigmoid": "blue 0 · white 0.5 · orange 1",
}
_UNIT_COLOURS_OWN = "blue = the unit's lowest value in the window, orange its highest"
_MARKERS = {
    "train": dict(marker="o", s=18, linewidth=0.4),
    "test": dict(marker="^", s=26, linewidth=1.0),
}


def _layout(fig, max_units):
    """Axes placed by hand: constrained layout would cost more than all the drawing."""
    width, height = fig.get_size_inches()
    top, side = 0.32, 0.5  # the boundary's bottom and height, as figure fractions
    ax_b = fig.add_axes((0.11, top, side * height / width, side))
    ax_l = fig.add_axes((0.6, top, 0.38, side))
    thumb = 0.125  # the unit pictures' height; square in inches
    slot = (0.98 - 0.06) / max_units
    ax_units = [
        fig.add_axes((0.06 + j * slot, 0.078, thumb * height / width, thumb))
        for j in range(max_units)
    ]
    return ax_b, ax_l, ax_units


def draw_playground(fig, X_train, y_train, X_test, y_test, res=60, max_units=8):
    """Lay out the playground on ``fig`` and draw its artists once.

    Top left: ŷ = P(class 1) as shading under the train (●) and test (▲)
    points. Top right: train and test loss per epoch on a fixed log axis.
    Bottom: up to ``max_units`` pictures, one per unit of the first hidden
    layer. Returns a dict of the artists for ``update_playground`` and
    ``set_playground_points``.
    """
    ax_b, ax_l, ax_units = _layout(fig, max_units)
    xlim, ylim = plane_window(np.concatenate([X_train, X_test]))
    shade = shade_plane(ax_b, np.full((res, res), 0.5), (xlim, ylim), aspect="equal")
    points = {
        split: scatter_classes(ax_b, X, y, label=f"{{}} {split}", zorder=3, **_MARKERS[split])
        for split, X, y in (("train", X_train, y_train), ("test", X_test, y_test))
    }
    label(ax_b, "", "x₁", "x₂")
    ax_b.grid(False)
    train_line = ax_l.plot([], [], color=COLORS["black"], lw=1.6, label="train")[0]
    test_line = ax_l.plot([], [], color=COLORS["vermillion"], lw=1.6, ls="--", label="test")[0]
    ax_l.set_yscale("log")
    ax_l.set_ylim(*LOSS_LIM)
    ax_l.set_xlim(0, 50)
    label(ax_l, "", "epoch", "loss L (log scale)")
    # One legend for the figure, outside the axes: it is drawn once into the
    # background, while a legend inside an axes would be redrawn every frame.
    handles = [*points["train"], *points["test"], train_line, test_line]
    labels = ["class 0, train", "class 1, train", "class 0, test", "class 1, test"]
    fig.legend(
        handles,
        [*labels, "train loss", "test loss"],
        loc="upper center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=3,
        fontsize=9,
        frameon=False,
        columnspacing=1.2,
        handletextpad=0.3,
    )
    units = []
    for j, ax in enumerate(ax_units):
        blank = np.zeros((res, res))  # each unit's colour range is set with its data
        im = shade_plane(
            ax, blank, (xlim, ylim), vmin=None, vmax=None, alpha=None, interpolation="nearest"
        )
        hide_axes(ax, frame=True)
        ax.set_xlabel(f"unit {j + 1}", fontsize=9, labelpad=1)
        units.append(im)
    ax_units[0].set_ylabel("layer 1", fontsize=9)
    # Under the row: what a unit's colour means (set by update_playground, per activation).
    unit_caption = fig.text(0.06, 0.004, "", fontsize=9, ha="left", va="bottom")
    no_hidden = ax_units[0].text(
        0.1,
        0.5,
        "no hidden layer: ŷ = σ(xW + b) is one neuron, its boundary one straight line",
        transform=ax_units[0].transAxes,
        fontsize=9,
        va="center",
        bbox={"facecolor": "white", "edgecolor": "none"},
        visible=False,
    )
    for ax in (ax_b, ax_l):
        ax.title.set_fontsize(10)
    artists = {
        "fig": fig,
        "boundary_ax": ax_b,
        "loss_ax": ax_l,
        "unit_axes": ax_units,
        "shade": shade,
        "points": points,
        "train_line": train_line,
        "test_line": test_line,
        "units": units,
        "no_hidden": no_hidden,
        "unit_caption": unit_caption,
        "xlim": xlim,
        "ylim": ylim,
        "res": res,
    }
    _set_window(artists, xlim, ylim)
    return artists


def _set_window(artists, xlim, ylim):
    artists["xlim"], artists["ylim"] = xlim, ylim
    extent = (*xlim, *ylim)
    artists["shade"].set_extent(extent)
    for im in artists["units"]:
        im.set_extent(extent)
    for ax in [artists["boundary_ax"], *artists["unit_axes"]]:
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)


def set_playground_points(artists, X_train, y_train, X_test, y_test):
    """Show new train/test points and fit the window to them.

    Returns True when the window changed (new tick labels: the caller must redraw
    everything, not only the axes' contents).
    """
    for split, X, y in (("train", X_train, y_train), ("test", X_test, y_test)):
        for cls, coll in zip((0, 1), artists["points"][split], strict=True):
            coll.set_offsets(np.asarray(X)[np.asarray(y) == cls].reshape(-1, 2))
    window = plane_window(np.concatenate([X_train, X_test]))
    if window == (artists["xlim"], artists["ylim"]):
        return False
    _set_window(artists, *window)
    return True


def update_playground(artists, net, history):
    """Redraw ŷ, the first hidden layer's units and the loss curves for the current ``net``.

    Parameters
    ----------
    artists : dict
        From ``draw_playground``.
    net : MLP
        One sigmoid output.
    history : dict
        ``"epoch"``, ``"loss"`` (training) and ``"val_loss"`` (held out) lists of
        equal length, like the playground's ``train.History``.

    Returns
    -------
    full : bool
        True when the loss axis was rescaled (its tick labels changed) or the
        row of unit pictures changed (another number of units, another
        activation's colour caption), so the caller must redraw everything,
        not only the axes' contents.

    Only the first hidden layer's units get a frame (a layer of 6 shows 6, not
    6 and two empty ones); the caption above them says what their colours
    mean: tanh from −1 (blue) through 0 (white) to +1 (orange), sigmoid 0 … 1,
    ReLU and identity each unit's own range.

    Introduced in lesson 09.
    """
    xlim, ylim, res = artists["xlim"], artists["ylim"], artists["res"]
    artists["shade"].set_data(output_grid(net, xlim, ylim, res))
    grids = hidden_grids(net, xlim, ylim, res, forward=False)
    activation = net.layers[0].activation if len(net.layers) > 1 else None
    k = min(len(grids), len(artists["units"]))
    full = _show_units(artists, k, activation)
    for j in range(k):
        im = artists["units"][j]
        im.set_data(grids[j])
        lo, hi = UNIT_CLIM.get(activation, (None, None))
        if lo is None:  # ReLU and identity: the unit's own range
            lo, hi = float(grids[j].min()), float(grids[j].max())
            if hi - lo < 1e-12:
                lo, hi = lo - 1.0, hi + 1.0
        im.set_clim(lo, hi)
    epochs = np.asarray(history["epoch"], dtype=float)
    for line, key in (("train_line", "loss"), ("test_line", "val_loss")):
        values = np.clip(np.asarray(history[key], dtype=float), *LOSS_LIM)
        artists[line].set_data(epochs, values)
    ax_l = artists["loss_ax"]
    right = ax_l.get_xlim()[1]
    last = epochs[-1] if epochs.size else 0.0
    if last > right or (right > 50 and last < right / 4):
        ax_l.set_xlim(0, max(50.0, 2.0 ** np.ceil(np.log2(max(last, 1.0)))))
        full = True
    return full


def _show_units(artists, k, activation):
    """Show the first ``k`` unit frames (no empty "unit 7" left from a wider layer) and say
    what their colours mean; True when that changed the background (a full redraw)."""
    before = [ax.get_visible() for ax in artists["unit_axes"]]
    caption = artists["unit_caption"]
    old_caption = caption.get_text()
    for j, (ax, im) in enumerate(zip(artists["unit_axes"], artists["units"], strict=True)):
        im.set_visible(j < k)
        ax.set_visible(j < max(k, 1))  # the first frame holds the "no hidden layer" note
    first = artists["unit_axes"][0]
    first.set_xlabel("unit 1" if k else "", fontsize=9, labelpad=1)
    first.set_ylabel("layer 1" if k else "", fontsize=9)
    first.set_frame_on(k > 0)
    artists["no_hidden"].set_visible(k == 0)
    if k:
        colours = _UNIT_COLOURS.get(activation, _UNIT_COLOURS_OWN)
        caption.set_text(f"each unit shaded by its output a_j(x) = {activation}(…): {colours}")
    else:
        caption.set_text("")
    after = [ax.get_visible() for ax in artists["unit_axes"]]
    return after != before or caption.get_text() != old_caption


def playground_figure(net, X_train, y_train, X_test, y_test, history=None, title=None, res=60):
    """A still picture of a trained playground: boundary, loss curves, hidden units.

    Parameters
    ----------
    net : MLP
        One sigmoid output.
    X_train, X_test : ndarray, shapes (n_train, 2), (n_test, 2)
    y_train, y_test : ndarray of 0/1, shapes (n_train,), (n_test,)
    history : dict, optional
        ``"epoch"``, ``"loss"``, ``"val_loss"`` (the widget's ``history``).
    title : str, optional

    Introduced in lesson 09.
    """
    fig, _ = figure(*FIGSIZE, ncols=0, layout=None)  # draw_playground places the axes
    artists = draw_playground(fig, X_train, y_train, X_test, y_test, res)
    if history is None:
        history = {"epoch": [], "loss": [], "val_loss": []}
    update_playground(artists, net, history)
    artists["boundary_ax"].set_title(title or "shading: ŷ = P(class 1)", fontsize=10)
    if history["epoch"]:
        loss_title = (
            f"epoch {history['epoch'][-1]}: train {history['loss'][-1]:.3f}, "
            f"test {history['val_loss'][-1]:.3f}"
        )
    else:
        loss_title = "not trained yet"
    artists["loss_ax"].set_title(loss_title, fontsize=10)
    return fig


def _runs(histories):
    """``histories`` as ``{label: history}`` (one history: label None), each with a loss."""
    if not isinstance(histories, Mapping) or not histories:
        raise ValueError("histories must be a History or a non-empty dict {label: History}")
    runs = {None: histories} if "loss" in histories else dict(histories)
    for name, h in runs.items():
        if not isinstance(h, Mapping) or len(h.get("loss", ())) == 0:
            raise ValueError(f"history {name!r} needs a non-empty 'loss' list")
    return runs


def _finite(h, key):
    """``h[key]`` as floats when it holds a finite number (accuracy is nan for regression)."""
    values = np.asarray(h.get(key, ()), dtype=float)
    return values if np.isfinite(values).any() else None


def loss_curves(histories, *, title=None, log=True, held_out="held out"):
    """Loss per epoch of one training run or several, and accuracy when they have one.

    Training curves are solid, held-out ones dashed. One run is drawn in blue
    (training) and orange (held out); several get a colour each. When the
    histories hold finite accuracies, a second panel shows them.

    Parameters
    ----------
    histories : nnmath.train.History or dict of str -> History
        One history (any mapping) or a label for each run and its history:
        per-epoch lists ``loss``, ``accuracy`` and optionally ``val_loss``,
        ``val_accuracy`` (held-out data) and ``epoch`` (the x axis; without
        it 1, 2, …).
    title : str, optional
        Put in front of each panel's title.
    log : bool
        A log-scale loss axis (for losses spanning decades).
    held_out : str
        What to call the held-out curves in the legend (``"validation"`` when
        they are a validation set).

    One run gets a legend in each panel; several runs share one legend below
    the panels, where it hides no curve.

    Introduced in lesson 09.
    """
    runs = _runs(histories)
    panels = ["loss"]
    if any(_finite(h, "accuracy") is not None for h in runs.values()):
        panels.append("accuracy")
    several = None not in runs
    extra = 0.5 if several else 0.0  # room for the legend below
    if len(panels) == 2:
        fig, axes = figure(7.0, 2.9 + extra, ncols=2)
    else:
        fig, ax = figure(5.0, 3.2 + extra)
        axes = [ax]
    for name, h in runs.items():
        epochs = np.asarray(h["epoch"]) if "epoch" in h else np.arange(1, len(h["loss"]) + 1)
        where = "" if name is None else f"{name}: "
        color = None  # one run: training and held out take the next two colours of the style
        for ax, key in zip(axes, panels, strict=True):
            for split, ls in (("training", "-"), (held_out, "--")):
                values = _finite(h, key if split == "training" else f"val_{key}")
                if values is None:
                    continue
                (line,) = ax.plot(epochs, values, color=color, lw=2, ls=ls, label=where + split)
                if name is not None:  # several runs: one colour per run
                    color = line.get_color()
    prefix = "" if title is None else f"{title}: "
    if log:
        axes[0].set_yscale("log")
    ylabel = "loss L (log scale)" if log else "loss L (mean over examples)"
    label(axes[0], f"{prefix}loss", "epoch", ylabel)
    if len(axes) == 2:
        label(axes[1], f"{prefix}accuracy", "epoch", "fraction classified correctly")
    if several:
        handles, labels = axes[0].get_legend_handles_labels()
        ncols = min(3, len(handles))
        fig.legend(handles, labels, loc="outside lower center", ncols=ncols, fontsize=9)
    else:
        for ax in axes:
            ax.legend(fontsize=9)
    return fig


def decision_boundaries(nets, X, y, res=60):
    """Side by side, each network's ŷ = P(class 1) over the same points.

    Parameters
    ----------
    nets : dict of str -> MLP
        A title for each panel and its network (one sigmoid output).
    X : ndarray, shape (n, 2)
    y : ndarray of 0/1, shape (n,)

    Introduced in lesson 09.
    """
    if not nets:
        raise ValueError("nets must hold at least one network")
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
    xlim, ylim = plane_window(X)
    fig, axes = figure(3.0 * len(nets), 3.2, ncols=len(nets))
    axes = np.atleast_1d(axes)
    for ax, (name, net) in zip(axes, nets.items(), strict=True):
        shade_plane(ax, output_grid(net, xlim, ylim, res), (xlim, ylim))
        scatter_classes(ax, X, y, label=None, s=12)
        ax.grid(False)
        label(ax, name, "x₁", "x₂")
        ax.title.set_fontsize(10)
    return fig
