"""Pictures of a layer as a map of the plane: Z = XW + b bends nothing, A = f(Z) bends (lesson 03).

The points drawn here (grid lines, the unit square, and where the layer sends
them) come from ``nnmath.layers``.
"""

import numpy as np
from matplotlib.collections import LineCollection

from .._checks import as_int
from ..layers import grid_lines, unit_square, warp_lines
from .base import COLORS, figure, label

__all__ = [
    "activation_box",
    "draw_grid_warp",
    "layer_diagram",
    "layer_grid",
    "update_grid_warp",
]


def _arrow(ax, start, end, color, lw=1.0, shrink=(13, 13)):
    """An arrow from ``start`` to ``end`` (data units), stopping short of the circles."""
    ax.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops={
            "arrowstyle": "-|>",
            "color": color,
            "lw": lw,
            "shrinkA": shrink[0],
            "shrinkB": shrink[1],
            "mutation_scale": 11,
        },
    )


def layer_diagram(n_in=3, n_out=2, title=None):
    """A labelled diagram of one dense layer: every input x_i sends an arrow w_ij to every unit j.

    The arrows point from the inputs to the units, and the arrow from x_i to
    unit j is labelled w_ij (row i, column j of W in z = xW + b); the arrows
    into one unit share a colour (they are one column of W). Each unit
    adds its bias b_j (the short arrow from above) to its weighted sum z_j and
    passes it through the activation f, giving a_j = f(z_j).

    Parameters
    ----------
    n_in : int from 1 to 3
        d_in, the number of inputs.
    n_out : int from 1 to 2
        d_out, the number of units; W has shape (n_in, n_out). (A small layer:
        every weight is labelled. ``network_diagram`` draws wide ones.)
    title : str, optional

    Introduced in lesson 03.
    """
    n_in = as_int(n_in, "n_in", 1, 3)
    n_out = as_int(n_out, "n_out", 1, 2)
    fig, ax = figure(4.6, 3.4)
    y_in = np.linspace(1, -1, n_in) * (0 if n_in == 1 else 1.0)
    y_out = np.linspace(0.6, -0.6, n_out) * (0 if n_out == 1 else 1.0)
    x_in, x_out = 0.0, 2.0
    for i, yi in enumerate(y_in):
        for j, yj in enumerate(y_out):
            color = (COLORS["blue"], COLORS["vermillion"])[j]  # the arrows of column j of W
            _arrow(ax, (x_in, yi), (x_out, yj), color)
            t = 0.3  # the label sits near the input it comes from, on its own arrow
            ax.text(
                x_in + t * (x_out - x_in),
                yi + t * (yj - yi),
                f"$w_{{{i + 1}{j + 1}}}$",
                color=color,
                fontsize=10,
                ha="center",
                va="center",
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.9},
                zorder=4,
            )
    ax.scatter(np.full(n_in, x_in), y_in, s=420, color=COLORS["sky"], edgecolor="k", zorder=3)
    ax.scatter(np.full(n_out, x_out), y_out, s=620, color=COLORS["orange"], edgecolor="k", zorder=3)
    for i, yi in enumerate(y_in):
        ax.text(x_in, yi, f"$x_{i + 1}$", ha="center", va="center", fontsize=10, zorder=5)
    for j, yj in enumerate(y_out):
        ax.text(x_out, yj, f"$z_{j + 1}$", ha="center", va="center", fontsize=10, zorder=5)
        _arrow(ax, (x_out, yj + 0.5), (x_out, yj), "k", shrink=(0, 13))
        ax.text(x_out + 0.08, yj + 0.4, f"$+b_{j + 1}$", fontsize=10)
        _arrow(ax, (x_out, yj), (x_out + 0.75, yj), "k", shrink=(13, 2))
        ax.text(x_out + 0.8, yj, f"$a_{j + 1} = f(z_{j + 1})$", va="center", fontsize=10)
    ax.text(x_in, -1.45, f"inputs\n$d_{{in}}$ = {n_in}", ha="center", va="top", fontsize=9)
    ax.text(x_out, -1.45, f"units\n$d_{{out}}$ = {n_out}", ha="center", va="top", fontsize=9)
    ax.set_xlim(-0.4, 3.9)
    ax.set_ylim(-2.0, 1.4)
    ax.set_axis_off()
    inputs, units = ("input" if n_in == 1 else "inputs"), ("unit" if n_out == 1 else "units")
    ax.set_title(
        title or f"a dense layer: {n_in} {inputs} → {n_out} {units}, W is ({n_in}, {n_out})"
    )
    return fig


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
    activation bends them. The blue lines are the images of the horizontal
    grid lines (x₂ fixed), the orange ones of the vertical lines (x₁ fixed);
    the shaded cell is the image of the unit square [0, 1]². The grey Z grid
    behind A is drawn for ReLU and the identity only: tanh and the sigmoid
    squash the plane into a box so small that Z lies mostly outside it.

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
    # Behind A = f(Z), the grey grid is Z itself: what the activation received. The
    # squashing activations' box holds only a sliver of Z: there it would be stray lines.
    artists["before_a"].set_segments(Z)
    artists["before_a"].set_visible(activation in ("relu", "identity"))
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
