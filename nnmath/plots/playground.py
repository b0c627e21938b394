"""The playground's pictures: decision boundary, loss curves, hidden units (lesson 09).

The network is an ``MLP`` with one sigmoid output, ŷ = P(class 1 | x), trained
on 2-D points. Everything is drawn over a square window of the plane sampled on
a ``res × res`` grid (60 × 60 by default: 3,600 points, one forward pass); the
window, the grid and the network's numbers on it come from ``nnmath.data``
(``plane_window``, ``plane_grid``, ``output_grid``, ``hidden_grids``).
"""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..data import hidden_grids, output_grid, plane_window
from .base import CLASS_COLORS, CMAP, COLORS, figure, label

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
_MARKERS = {
    "train": dict(marker="o", s=18, linewidth=0.4),
    "test": dict(marker="^", s=26, linewidth=1.0),
}


def _scatter(ax, X, y, split):
    """One scatter per class for the ``split`` ("train" or "test") points."""
    out = []
    for cls in (0, 1):
        pts = X[y == cls]
        out.append(
            ax.scatter(
                pts[:, 0],
                pts[:, 1],
                color=CLASS_COLORS[cls],
                edgecolor="k",
                label=f"{cls} {split}",
                zorder=3,
                **_MARKERS[split],
            )
        )
    return out


def _layout(fig, max_units):
    """Axes placed by hand: constrained layout would cost more than all the drawing."""
    width, height = fig.get_size_inches()
    top, side = 0.32, 0.5  # the boundary's bottom and height, as figure fractions
    ax_b = fig.add_axes((0.11, top, side * height / width, side))
    ax_l = fig.add_axes((0.6, top, 0.38, side))
    thumb = 0.15  # the unit pictures' height; square in inches
    slot = (0.98 - 0.06) / max_units
    ax_units = [
        fig.add_axes((0.06 + j * slot, 0.05, thumb * height / width, thumb))
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
    extent = (*xlim, *ylim)
    shade = ax_b.imshow(
        np.full((res, res), 0.5),
        origin="lower",
        extent=extent,
        cmap=CMAP,
        vmin=0,
        vmax=1,
        alpha=0.7,
        interpolation="bilinear",
        aspect="equal",
    )
    points = {"train": _scatter(ax_b, X_train, y_train, "train")}
    points["test"] = _scatter(ax_b, X_test, y_test, "test")
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
        im = ax.imshow(
            np.zeros((res, res)), origin="lower", extent=extent, cmap=CMAP, interpolation="nearest"
        )
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        ax.set_xlabel(f"unit {j + 1}", fontsize=9, labelpad=1)
        units.append(im)
    ax_units[0].set_ylabel("layer 1", fontsize=9)
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
        ``"epoch"``, ``"train_loss"``, ``"test_loss"`` lists of equal length.

    Returns
    -------
    full : bool
        True when the loss axis was rescaled (its tick labels changed), so
        the caller must redraw everything, not only the axes' contents.
    """
    xlim, ylim, res = artists["xlim"], artists["ylim"], artists["res"]
    artists["shade"].set_data(output_grid(net, xlim, ylim, res))
    grids = hidden_grids(net, xlim, ylim, res, forward=False)
    activation = net.layers[0].activation if len(net.layers) > 1 else None
    full = False
    k = min(len(grids), len(artists["units"]))
    for j, im in enumerate(artists["units"]):
        im.set_visible(j < k)  # a narrower layer leaves empty frames: no full redraw
    artists["no_hidden"].set_visible(k == 0)
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
    for key in ("train", "test"):
        values = np.clip(np.asarray(history[f"{key}_loss"], dtype=float), *LOSS_LIM)
        artists[f"{key}_line"].set_data(epochs, values)
    ax_l = artists["loss_ax"]
    right = ax_l.get_xlim()[1]
    last = epochs[-1] if epochs.size else 0.0
    if last > right or (right > 50 and last < right / 4):
        ax_l.set_xlim(0, max(50.0, 2.0 ** np.ceil(np.log2(max(last, 1.0)))))
        full = True
    return full


def playground_figure(net, X_train, y_train, X_test, y_test, history=None, title=None, res=60):
    """A still picture of a trained playground: boundary, loss curves, hidden units.

    Parameters
    ----------
    net : MLP
        One sigmoid output.
    X_train, X_test : ndarray, shapes (n_train, 2), (n_test, 2)
    y_train, y_test : ndarray of 0/1, shapes (n_train,), (n_test,)
    history : dict, optional
        ``"epoch"``, ``"train_loss"``, ``"test_loss"`` (the widget's ``history``).
    title : str, optional

    Introduced in lesson 09.
    """
    fig = Figure(figsize=FIGSIZE)
    FigureCanvasAgg(fig)
    artists = draw_playground(fig, X_train, y_train, X_test, y_test, res)
    if history is None:
        history = {"epoch": [], "train_loss": [], "test_loss": []}
    update_playground(artists, net, history)
    for ax, im in zip(artists["unit_axes"], artists["units"], strict=True):
        ax.set_visible(im.get_visible())  # a still picture has no use for empty frames
    artists["boundary_ax"].set_title(title or "shading: ŷ = P(class 1)", fontsize=10)
    if history["epoch"]:
        loss_title = (
            f"epoch {history['epoch'][-1]}: train {history['train_loss'][-1]:.3f}, "
            f"test {history['test_loss'][-1]:.3f}"
        )
    else:
        loss_title = "not trained yet"
    artists["loss_ax"].set_title(loss_title, fontsize=10)
    return fig


def loss_curves(runs, title="train (solid) and test (dashed) loss", log=True):
    """Train and test loss per epoch of several runs on one log axis.

    Parameters
    ----------
    runs : dict of str -> dict
        A label for each run and its history (``"epoch"``, ``"train_loss"``,
        ``"test_loss"``); each run gets a colour, train solid, test dashed.
    log : bool
        A log-scale loss axis (for losses spanning decades).

    Introduced in lesson 09.
    """
    if not runs:
        raise ValueError("runs must hold at least one history")
    fig, ax = figure(5.0, 3.2)
    palette = [COLORS[c] for c in ("blue", "vermillion", "green", "purple", "orange")]
    for (name, h), color in zip(runs.items(), palette, strict=False):
        ax.plot(h["epoch"], h["train_loss"], color=color, lw=1.6, label=f"{name}: train")
        ax.plot(h["epoch"], h["test_loss"], color=color, lw=1.6, ls="--", label=f"{name}: test")
    if log:
        ax.set_yscale("log")
    ax.legend(fontsize=9)
    label(ax, title, "epoch", "loss L (log scale)" if log else "loss L")
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
        ax.imshow(
            output_grid(net, xlim, ylim, res),
            origin="lower",
            extent=(*xlim, *ylim),
            cmap=CMAP,
            vmin=0,
            vmax=1,
            alpha=0.7,
            interpolation="bilinear",
        )
        for cls in (0, 1):
            pts = X[y == cls]
            ax.scatter(pts[:, 0], pts[:, 1], s=12, color=CLASS_COLORS[cls], edgecolor="k", lw=0.3)
        ax.grid(False)
        label(ax, name, "x₁", "x₂")
        ax.title.set_fontsize(10)
    return fig
