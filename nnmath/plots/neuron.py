"""One neuron over the plane: its output as shading, its decision line, its weights (lesson 01).

The numbers come from ``nnmath.neuron`` (``decision_line``, ``neuron_output_grid``).
"""

import numpy as np

from ..activations import get as get_activation
from ..activations import sigmoid
from ..neuron import decision_line, neuron_output_grid
from .base import COLORS, arrows, figure, label, scatter_classes, shade_plane

__all__ = [
    "bias_shift",
    "draw_decision_line",
    "neuron_plane",
    "neuron_response",
    "update_decision_line",
]


def draw_decision_line(ax, X, y, w, b, activation="sigmoid", lim=2.5):
    """Draw data, the neuron's output as shading, its decision line and its weight vector.

    Returns a dict of artists for ``update_decision_line``.
    """
    grid = neuron_output_grid(w, b, activation, lim)
    shade = shade_plane(ax, grid, lim, alpha=0.55, interpolation="nearest")
    scatter_classes(ax, X, y, s=22, linewidth=0.4)
    line = ax.plot(*decision_line(w, b, lim), color="k", lw=2, label="z = 0")[0]
    arrow = arrows(ax, 0, 0, *w, width=0.012, color=COLORS["green"], label="w")
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.legend(loc="lower left", fontsize=9)
    return {"shade": shade, "line": line, "arrow": arrow, "activation": activation, "lim": lim}


def update_decision_line(artists, w, b):
    """Move what ``draw_decision_line`` drew to new weights ``w`` and bias ``b``."""
    lim = artists["lim"]
    artists["shade"].set_data(neuron_output_grid(w, b, artists["activation"], lim))
    artists["line"].set_data(*decision_line(w, b, lim))
    artists["arrow"].set_UVC(*w)


def neuron_plane(X, y, w, b, activation="sigmoid", lim=2.5):
    """A figure of a 2-input neuron over labelled 2-D data.

    Parameters
    ----------
    X : ndarray, shape (n, 2)
    y : ndarray of 0/1, shape (n,)
    w : array_like, shape (2,)
    b : float
    """
    fig, ax = figure(5, 4.6)
    draw_decision_line(ax, np.asarray(X), np.asarray(y), w, b, activation, lim)
    label(ax, f"y = {activation}(w·x + b):\nshading from 0 (blue) to 1 (orange)", "x₁", "x₂")
    return fig


def neuron_response(activation="sigmoid", zlim=6.0):
    """The activation y = f(z) against z: what the neuron does with its weighted sum."""
    f, _ = get_activation(activation)
    z = np.linspace(-zlim, zlim, 400)
    fig, ax = figure(5, 3)
    ax.plot(z, f(z), color=COLORS["blue"], lw=2)
    ax.axvline(0, color="k", lw=0.6)
    label(ax, f"y = {activation}(z)", "z = w·x + b (weighted sum)", "y (output)")
    return fig


def bias_shift(w=1.0, biases=(-2.0, 0.0, 2.0), xlim=6.0):
    """y = σ(w·x + b) for one input and several biases: the bias slides the switch-on point.

    Each curve crosses 0.5 at x = −b/w, marked with a dotted line.
    Introduced in lesson 01.
    """
    if w == 0:
        raise ValueError("w must be non-zero: with w = 0 the output ignores x")
    x = np.linspace(-xlim, xlim, 400)
    fig, ax = figure(5.5, 3.2)
    for b, color in zip(biases, (COLORS["blue"], COLORS["green"], COLORS["orange"]), strict=False):
        ax.plot(x, sigmoid(w * x + b), color=color, lw=2, label=f"b = {b:g}")
        ax.axvline(-b / w, color=color, ls=":", lw=1.2)
    ax.axhline(0.5, color="k", lw=0.5)
    ax.legend(fontsize=9)
    label(
        ax,
        f"y = σ({w:g}·x + b): the bias moves\nthe switch-on point to x = −b/w",
        "input x",
        "output y",
    )
    return fig
