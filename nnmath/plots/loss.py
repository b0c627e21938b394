"""Loss functions and the loss surface of one neuron over its (w, b) (lesson 05).

The model throughout is one neuron with one input, ŷ = f(w x + b), on data
``x (n,)``, ``y (n,)``; its loss L(w, b) is a function of two numbers, so it
can be drawn as a surface or as contours. The numbers come from the core:
``nnmath.losses.loss_grid`` (L over a grid of (w, b)) and
``losses.mse_sigmoid_dz`` / ``losses.bce_sigmoid_dz``; these functions draw them.
"""

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import BoundaryNorm
from matplotlib.ticker import FuncFormatter

from .. import losses
from .._checks import as_window
from ..activations import get_scalar as get_activation
from .base import CLASS_COLORS, COLORS, figure, label

__all__ = [
    "draw_loss_contours",
    "draw_neuron_fit",
    "gradient_wrt_z",
    "loss_contours",
    "loss_surface",
    "loss_vs_prediction",
    "update_neuron_fit",
]

_TITLES = {"mse": "Squared error", "binary_cross_entropy": "Cross-entropy"}

# The lowest point: a large black star with a white rim, visible on every colour of the map.
_STAR = {"marker": "*", "ms": 18, "color": COLORS["black"], "mec": "white", "mew": 1.2}


def _loss_levels(L, k=14):
    """Contour levels of a drawing of a loss grid ``L``: L_min plus geometric heights, shape (k,).

    A quadratic bowl's ellipses then look evenly spaced, and the low region
    near the minimum gets as many lines as the steep walls.
    """
    L = np.asarray(L, dtype=np.float64)
    lo = float(np.min(L))
    span = float(np.quantile(L - lo, 0.9))
    if not span > 0:
        span = 1.0
    return lo + np.geomspace(span * 2e-3, span, k)


def draw_loss_contours(
    ax, x, y, wlim=(-3, 3), blim=(-3, 3), loss="mse", activation="identity", res=80
):
    """Draw L(w, b) as filled contours over the (w, b) plane and star its lowest point.

    Returns a dict with the grid (``ws``, ``bs``, ``L``), the lowest grid point
    ``best = (w, b)`` and its loss ``best_loss``, and the contour artists.
    """
    wlim, blim = as_window(wlim, "wlim"), as_window(blim, "blim")
    ws = np.linspace(*wlim, res)
    bs = np.linspace(*blim, res)
    L = losses.loss_grid(x, y, ws, bs, loss, activation)
    levels = _loss_levels(L)
    # The fill runs from the lowest to the highest loss of the grid, so the colour bar
    # covers every colour drawn (and needs no over/under arrows).
    bands = np.unique([float(L.min()), *levels, float(L.max())])
    # One evenly spaced colour per band: the geometric bands near the bottom stay distinct.
    norm = BoundaryNorm(bands, ncolors=256) if bands.size > 1 else None
    filled = ax.contourf(ws, bs, L, levels=bands, cmap="viridis_r", norm=norm, alpha=0.55)
    lines = ax.contour(ws, bs, L, levels=levels, colors="k", linewidths=0.5, alpha=0.5)
    # Every other line but the innermost carries its loss, so heights can be read off the map.
    texts = ax.clabel(lines, levels=levels[3::2], fmt=_level_text, fontsize=9, inline=True)
    i, j = np.unravel_index(np.argmin(L), L.shape)
    best = (float(ws[j]), float(bs[i]))
    star = ax.plot(*best, **_STAR, ls="none")[0]
    star.set_label("lowest loss on the grid")
    ax.set_xlim(*wlim)
    ax.set_ylim(*blim)
    return {
        "ws": ws,
        "bs": bs,
        "L": L,
        "best": best,
        "best_loss": float(L[i, j]),
        "filled": filled,
        "lines": lines,
        "labels": list(texts),
        "star": star,
    }


def _loss_colorbar(fig, ax, mappable):
    """A colour bar for the loss map ``mappable`` drawn in ``ax``, labelled "loss L"."""
    ticks = FuncFormatter(lambda v, _pos: _level_text(v))
    return fig.colorbar(mappable, ax=ax, label="loss L", shrink=0.9, pad=0.02, format=ticks)


def _level_text(v):
    """A contour's label: its loss with 2 significant digits (3 below 1)."""
    return f"{v:.2g}" if v >= 1 else f"{v:.3g}"


def loss_contours(
    x, y, w=None, b=None, wlim=(-3, 3), blim=(-3, 3), loss="mse", activation="identity"
):
    """A figure of the loss L(w, b) of one neuron as contours, with an optional point (w, b).

    Introduced in lesson 05.
    """
    fig, ax = figure(5.4, 4.2)
    drawn = draw_loss_contours(ax, x, y, wlim, blim, loss, activation)
    _loss_colorbar(fig, ax, drawn["filled"])
    if w is not None and b is not None:
        here = float(losses.loss_grid(x, y, [w], [b], loss, activation)[0, 0])
        ax.plot(w, b, "o", ms=9, color=COLORS["vermillion"], mec="k", label=f"L = {here:.3f}")
    ax.legend(loc="upper right", fontsize=9, framealpha=0.9)
    label(ax, f"{_TITLES[losses.get(loss).name]}: contours of L(w, b)", "weight w", "bias b")
    return fig


def loss_surface(x, y, wlim=(-3, 3), blim=(-3, 3), loss="mse", activation="identity", res=50):
    """The loss L(w, b) of one neuron as a 3-D surface (a static figure).

    Introduced in lesson 05.
    """
    wlim, blim = as_window(wlim, "wlim"), as_window(blim, "blim")
    ws = np.linspace(*wlim, res)
    bs = np.linspace(*blim, res)
    L = losses.loss_grid(x, y, ws, bs, loss, activation)
    W, B = np.meshgrid(ws, bs)
    fig, ax = figure(5.6, 4.4, projection="3d")
    ax.computed_zorder = False  # the star is drawn after (above) the surface, never hidden in it
    surface = ax.plot_surface(
        W, B, L, cmap="viridis_r", linewidth=0, antialiased=True, alpha=0.9, zorder=1
    )
    ax.contour(
        W,
        B,
        L,
        levels=_loss_levels(L, 10),
        zdir="z",
        offset=float(L.min()),
        zorder=0,  # beneath the surface: the floor's map shows where the bowl lets it
        colors="k",
        linewidths=0.5,
        alpha=0.6,
    )
    i, j = np.unravel_index(np.argmin(L), L.shape)
    ax.scatter(
        [ws[j]],
        [bs[i]],
        [L[i, j]],
        marker="*",
        s=_STAR["ms"] ** 2,
        color=_STAR["color"],
        edgecolor=_STAR["mec"],
        linewidth=_STAR["mew"],
        depthshade=False,
        zorder=3,
        label="lowest point of the grid",
    )
    ax.view_init(elev=35, azim=-60)
    ax.set_zlabel("loss L")
    fig.colorbar(surface, ax=ax, label="loss L", shrink=0.6, pad=0.12)
    ax.legend(loc="upper left", fontsize=9, framealpha=0.9)
    label(ax, f"{_TITLES[losses.get(loss).name]}: the surface L(w, b)", "weight w", "bias b")
    return fig


def draw_neuron_fit(ax, x, y, w, b, activation="identity", res=200):
    """Draw the data, the neuron's curve ŷ = f(w x + b) and each sample's error ŷᵢ − yᵢ.

    The errors are thick vermillion (red-orange) vertical segments from each
    point to the curve: what MSE squares and averages. Returns a dict of
    artists for ``update_neuron_fit``.
    """
    x, y = losses.neuron_data(x, y)
    f, _ = get_activation(activation)
    pad = 0.08 * (x.max() - x.min() or 1.0)
    xs = np.linspace(x.min() - pad, x.max() + pad, res)
    residuals = LineCollection(
        _segments(x, y, f(w * x + b)), colors=COLORS["vermillion"], linewidths=2.8
    )
    ax.add_collection(residuals)
    curve = ax.plot(xs, f(w * xs + b), color=COLORS["blue"], lw=2, label="model ŷ")[0]
    if activation == "sigmoid" and np.all(np.isin(y, (0.0, 1.0))):
        colors = [CLASS_COLORS[int(v)] for v in y]
    else:
        colors = COLORS["black"]  # black points: the vermillion error segments stand out
    ax.scatter(x, y, s=22, c=colors, edgecolor="k", linewidth=0.5, zorder=3, label="data (x, y)")
    residuals.set_label("error ŷ − y")
    ax.set_xlim(xs[0], xs[-1])
    return {"x": x, "y": y, "xs": xs, "f": f, "curve": curve, "residuals": residuals}


def update_neuron_fit(artists, w, b):
    """Move the curve and error segments drawn by ``draw_neuron_fit`` to new ``w`` and ``b``."""
    f, x = artists["f"], artists["x"]
    y_hat = f(w * x + b)
    artists["curve"].set_ydata(f(w * artists["xs"] + b))
    artists["residuals"].set_segments(_segments(x, artists["y"], y_hat))
    return y_hat


def _segments(x, y, y_hat):
    return np.stack([np.column_stack([x, y]), np.column_stack([x, y_hat])], axis=1)  # (n, 2, 2)


def loss_vs_prediction():
    """One sample with target y = 1: squared error (1 − ŷ)² and cross-entropy −log ŷ against ŷ.

    Introduced in lesson 05.
    """
    p = np.linspace(0.005, 1.0, 400)
    fig, ax = figure(5.0, 3.4)
    ax.plot(p, (1 - p) ** 2, color=COLORS["blue"], lw=2, label="squared error (1 − ŷ)²")
    ax.plot(p, -np.log(p), color=COLORS["orange"], lw=2, label="cross-entropy −log ŷ")
    ax.set_ylim(0, 5)
    ax.legend(fontsize=9)
    label(ax, "Loss of one sample whose target is y = 1", "prediction ŷ (probability of 1)", "loss")
    return fig


def gradient_wrt_z(y=1.0, zlim=8.0):
    """∂L/∂z against z for a sigmoid output under squared error and under cross-entropy.

    With target ``y`` = 1, z ≪ 0 is a confidently wrong prediction: the
    squared error's gradient vanishes there, the cross-entropy's stays near −1.

    Introduced in lesson 05.
    """
    if y not in (0, 1):
        raise ValueError(f"y must be 0 or 1, got {y!r}")
    z = np.linspace(-zlim, zlim, 400)
    fig, ax = figure(5.2, 3.5)
    ax.plot(
        z,
        losses.bce_sigmoid_dz(z, y),
        color=COLORS["orange"],
        lw=2,
        label="cross-entropy: σ(z) − y",
    )
    ax.plot(
        z,
        losses.mse_sigmoid_dz(z, y),
        color=COLORS["blue"],
        lw=2,
        label="squared error: 2(σ − y)σ(1 − σ)",
    )
    wrong = (-zlim, -2.0) if y == 1 else (2.0, zlim)
    ax.axvspan(*wrong, color=COLORS["grey"], alpha=0.15, lw=0)
    ax.text(
        np.mean(wrong),
        -0.5 if y == 1 else 0.5,
        "confidently\nwrong",
        ha="center",
        va="center",
        fontsize=9,
        color="0.3",
    )
    ax.axhline(0, color="k", lw=0.6)
    ax.legend(fontsize=9, loc="lower right" if y == 1 else "upper left")
    label(ax, f"How hard each loss pushes z (target y = {y:g})", "z (pre-activation)", "∂L/∂z")
    return fig
