"""Pictures of a layer as a map of the plane: Z = XW + b bends nothing, A = f(Z) bends (lesson 03).

The points drawn here (grid lines, the unit square, and where the layer sends
them) come from ``nnmath.layers``.
"""

import numpy as np
from matplotlib.collections import LineCollection

from ..layers import grid_lines, unit_square, warp_lines
from .base import COLORS, figure, label

__all__ = [
    "activation_box",
    "draw_grid_warp",
    "layer_grid",
    "update_grid_warp",
]


def activation_box(activation, zlim):
    """Square axis limits that hold f(Z) for every Z in [−zlim, zlim]²."""
    if activation == "sigmoid":
        return -0.1, 1.1
    if activation == "tanh":
        return -1.2, 1.2
    if activation == "relu":
        return -0.1 * zlim, zlim
    if activation == "identity":
        return -zlim, zlim
    raise ValueError(
        f"activation {activation!r} cannot warp the plane; use sigmoid, tanh, relu or identity"
    )


def _grid_colors(n_lines):
    half = n_lines // 2
    return [COLORS["blue"]] * half + [COLORS["orange"]] * half


def draw_grid_warp(ax_z, ax_a, W, b, activation="relu", lim=2.0, zlim=4.0, n=9):
    """Draw a grid of the plane after Z = XW + b (``ax_z``) and after A = f(Z) (``ax_a``).

    Each panel keeps the previous stage's grid in light grey behind, so one
    sees what the step changed: the linear step turns squares into equal
    parallelograms (straight lines stay straight and parallel), the
    activation bends them. Blue lines had x₂ fixed, orange lines x₁ fixed;
    the shaded cell is the image of the unit square [0, 1]².

    Returns a dict of artists for ``update_grid_warp``.
    Introduced in lesson 03.
    """
    lines = grid_lines(lim, n)
    artists = {"lines": lines, "square": unit_square(), "ax_z": ax_z, "ax_a": ax_a, "zlim": zlim}
    ax_z.add_collection(LineCollection(lines, colors=COLORS["grey"], lw=0.7, alpha=0.6))
    artists["before_a"] = ax_a.add_collection(
        LineCollection(lines, colors=COLORS["grey"], lw=0.7, alpha=0.6)
    )
    colors = _grid_colors(len(lines))
    artists["Z"] = ax_z.add_collection(LineCollection(lines, colors=colors, lw=1.1))
    artists["A"] = ax_a.add_collection(LineCollection(lines, colors=colors, lw=1.1))
    for key, ax in (("Z_cell", ax_z), ("A_cell", ax_a)):
        artists[key] = ax.fill([0], [0], color=COLORS["green"], alpha=0.35, lw=0)[0]
    for key, ax in (("Z_probe", ax_z), ("A_probe", ax_a)):
        artists[key] = ax.plot([], [], "o", color="k", ms=6, zorder=5)[0]
    ax_z.set_xlim(-zlim, zlim)
    ax_z.set_ylim(-zlim, zlim)
    for ax in (ax_z, ax_a):
        ax.grid(False)  # the grey lines are the previous stage's grid, not the axes' grid
        ax.set_aspect("equal")
        ax.axhline(0, color="k", lw=0.5)
        ax.axvline(0, color="k", lw=0.5)
    label(ax_z, "Z = XW + b (linear)", "z₁", "z₂")
    label(ax_a, f"A = {activation}(Z)", "a₁", "a₂")
    update_grid_warp(artists, W, b, activation)
    return artists


def update_grid_warp(artists, W, b, activation="relu", probe=(1.0, 0.5)):
    """Move what ``draw_grid_warp`` drew to a new layer; the probe point is marked on both panels.

    Returns ``True`` when the limits of the A panel changed (the caller then
    redraws tick labels too).
    """
    Z, A = warp_lines(artists["lines"], W, b, activation)
    Zc, Ac = warp_lines(artists["square"], W, b, activation)
    Zp, Ap = warp_lines(np.asarray(probe, dtype=float)[None, :], W, b, activation)
    artists["Z"].set_segments(Z)
    artists["A"].set_segments(A)
    # Behind A = f(Z), the grey grid is Z itself: what the activation received.
    artists["before_a"].set_segments(Z)
    artists["Z_cell"].set_xy(Zc)
    artists["A_cell"].set_xy(Ac)
    artists["Z_probe"].set_data(Zp[:, 0], Zp[:, 1])
    artists["A_probe"].set_data(Ap[:, 0], Ap[:, 1])
    ax_a = artists["ax_a"]
    ax_a.set_title(f"A = {activation}(Z)")
    lo, hi = activation_box(activation, artists["zlim"])
    changed = not np.allclose(ax_a.get_xlim(), (lo, hi))
    if changed:
        ax_a.set_xlim(lo, hi)
        ax_a.set_ylim(lo, hi)
    return changed


def layer_grid(W, b, activation="relu", lim=2.0, zlim=4.0):
    """A figure of a 2 → 2 layer warping a grid of the plane: after XW + b, then after f.

    Parameters
    ----------
    W : array_like, shape (2, 2)
    b : array_like, shape (2,)
    activation : str
        "sigmoid", "tanh", "relu" or "identity".

    Introduced in lesson 03.
    """
    fig, (ax_z, ax_a) = figure(5.6, 2.9, ncols=2)
    draw_grid_warp(ax_z, ax_a, W, b, activation, lim, zlim)
    return fig
