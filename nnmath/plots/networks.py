"""Networks: diagrams, what hidden units draw, pictures of hand-built approximations (lesson 04).

The hand-built networks themselves (sigmoid bumps and ReLU hats for width, the
ReLU sawtooth for depth) and their errors are numbers, in ``nnmath.approx``;
this module draws them.
"""

import numpy as np
from matplotlib.collections import LineCollection

from .. import approx
from ..data import output_grid
from ..layers import Dense
from ..network import MLP
from ..neuron import decision_line, neuron_output_grid
from .base import COLORS, arrows, figure, label, scatter_classes, shade_plane

__all__ = [
    "bump_fit",
    "depth_fit",
    "draw_bump_fit",
    "draw_network",
    "draw_triangle",
    "draw_untangle",
    "hidden_units",
    "network_diagram",
    "untangle",
    "update_bump_fit",
    "update_triangle",
    "update_untangle",
]


# --- diagrams -----------------------------------------------------------------------------


def _layer_labels(sizes, activations):
    labels = [f"input\n{sizes[0]}"]
    for i, (n, act) in enumerate(zip(sizes[1:], activations, strict=True), start=1):
        kind = "output" if i == len(sizes) - 1 else f"hidden {i}"
        labels.append(f"{kind}\n{n}, {act}" if act else f"{kind}\n{n}")
    return labels


def draw_network(ax, net_or_sizes, max_nodes=8):
    """Draw a network as columns of circles joined by its weights.

    Parameters
    ----------
    ax : matplotlib Axes
    net_or_sizes : MLP or sequence of int
        With an ``MLP``, edges are coloured by the sign of their weight (blue
        positive, vermillion negative) and as thick as its size; with widths
        alone, every edge is grey.
    max_nodes : int
        Wider layers show this many units (the label says how many there are).

    Introduced in lesson 03.
    """
    if isinstance(net_or_sizes, MLP):
        net = net_or_sizes
        sizes = net.sizes
        weights = [layer.W for layer in net.layers]
        acts = [layer.activation for layer in net.layers]
    else:
        net, sizes, weights = None, [int(s) for s in net_or_sizes], None
        acts = [None] * (len(sizes) - 1)
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"need at least two positive layer widths, got {list(sizes)}")
    shown = [min(s, max_nodes) for s in sizes]
    ys = [np.linspace(1, -1, k) * min(1.0, 0.28 * (k - 1)) for k in shown]
    wmax = max((np.abs(W).max() for W in weights), default=1.0) if weights else 1.0
    segments, colors, widths = [], [], []
    for i in range(len(sizes) - 1):
        for p, y0 in enumerate(ys[i]):
            for q, y1 in enumerate(ys[i + 1]):
                segments.append([(i, y0), (i + 1, y1)])
                if weights is None:
                    colors.append(COLORS["grey"])
                    widths.append(0.8)
                else:
                    wpq = weights[i][p, q]
                    colors.append(COLORS["blue"] if wpq >= 0 else COLORS["vermillion"])
                    widths.append(0.4 + 2.6 * abs(wpq) / (wmax or 1.0))
    ax.add_collection(LineCollection(segments, colors=colors, linewidths=widths, zorder=1))
    for i, (k, yy) in enumerate(zip(shown, ys, strict=True)):
        face = COLORS["sky"] if i == 0 else COLORS["orange"] if i == len(sizes) - 1 else "white"
        ax.scatter(np.full(k, i), yy, s=260, color=face, edgecolor="k", zorder=3)
    for i, text in enumerate(_layer_labels(sizes, acts)):
        if sizes[i] > shown[i]:
            text += f"\n({shown[i]} drawn)"
        ax.text(i, -1.35, text, ha="center", va="top", fontsize=9)
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-1.9, 1.3)
    ax.set_axis_off()
    return ax


def network_diagram(net_or_sizes, title=None, max_nodes=8):
    """A figure of ``draw_network``: an ``MLP`` (weights as coloured edges) or a list of widths.

    Introduced in lesson 03.
    """
    sizes = net_or_sizes.sizes if isinstance(net_or_sizes, MLP) else list(net_or_sizes)
    fig, ax = figure(1.3 + 1.2 * len(sizes), 3.0)
    draw_network(ax, net_or_sizes, max_nodes)
    ax.set_title(title or " → ".join(map(str, sizes)))
    return fig


# --- what hidden units draw ---------------------------------------------------------------


def hidden_units(net, X=None, y=None, lim=2.5, res=80):
    """What each first-layer unit of a 2-input network computes, and what the network outputs.

    One small panel per hidden unit: its activation over the plane (shading)
    and its line z = 0 (black), with its weight vector (green). The last
    panel is the network's output ŷ(x₁, x₂), with the contour ŷ = 0.5 (black)
    and the hidden units' lines again (dashed), so the gap between the region
    and the polygon of the lines shows.

    Parameters
    ----------
    net : MLP
        ``net.sizes[0]`` must be 2.
    X : ndarray, shape (n, 2), optional
        Points to draw on the output panel, coloured by ``y`` (0/1).

    Introduced in lesson 04.
    """
    if net.sizes[0] != 2:
        raise ValueError(f"hidden_units draws 2-input networks, this one has {net.sizes[0]} inputs")
    first = net.layers[0]
    k = first.n_out
    ncols = min(4, int(np.ceil(np.sqrt(k + 1))))
    nrows = int(np.ceil((k + 1) / ncols))
    fig, axes = figure(2.0 * ncols + 0.4, 2.1 * nrows + 0.2, ncols=ncols, nrows=nrows)
    axes = np.atleast_1d(axes).ravel()
    for j in range(k):
        ax = axes[j]
        wj, bj = first.W[:, j], first.b[j]
        shade = neuron_output_grid(wj, bj, first.activation, lim, res)
        lo = shade.min()
        shade_plane(ax, shade, lim, vmin=lo, vmax=max(shade.max(), lo + 1e-9), alpha=0.8)
        ax.plot(*decision_line(wj, bj, lim), color="k", lw=1.5)
        arrows(
            ax, 0, 0, *wj, scale=max(1.0, np.hypot(*wj) / 1.5), width=0.02, color=COLORS["green"]
        )
        label(
            ax, f"unit {j + 1}: {first.activation}(z{j + 1})", "x₁", "x₂" if j % ncols == 0 else ""
        )
    ax = axes[k]
    out = output_grid(net, (-lim, lim), (-lim, lim), res)  # (res, res), row i at x₂ = gᵢ
    lo, hi = (0.0, 1.0) if net.layers[-1].activation == "sigmoid" else (out.min(), out.max())
    shade_plane(ax, out, lim, vmin=lo, vmax=hi, alpha=0.8)
    if out.min() < 0.5 < out.max():
        g = np.linspace(-lim, lim, res)
        ax.contour(g, g, out, levels=[0.5], colors="k", linewidths=1.5)
    for j in range(k):
        ax.plot(*decision_line(first.W[:, j], first.b[j], lim), color="k", lw=0.9, ls="--")
    if X is not None:
        scatter_classes(ax, X, y, label=None)
    label(ax, "network output ŷ", "x₁", "")
    for ax in axes:
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.grid(False)
    for ax in axes[k + 1 :]:
        ax.set_axis_off()
    return fig


# --- width and depth: fits ----------------------------------------------------------------


def draw_bump_fit(ax, x, y_target, max_bumps=40):
    """Draw a target curve and empty artists for a bump network's fit and its bumps.

    The artists carry labels ("target y", "network ŷ", "bumps") for a legend,
    which the caller adds (on the axes, or outside them in a widget).
    Returns a dict of artists for ``update_bump_fit``.
    """
    artists = {
        "parts": ax.add_collection(
            LineCollection([], colors=COLORS["sky"], linewidths=1.0, alpha=0.8, label="bumps")
        ),
        "target": ax.plot(x, y_target, color="k", lw=2, ls="--", label="target y")[0],
        "fit": ax.plot([], [], color=COLORS["vermillion"], lw=2, label="network ŷ")[0],
        "x": np.asarray(x, dtype=float),
        "max_bumps": max_bumps,
    }
    ax.axhline(0, color="k", lw=0.5)
    return artists


def update_bump_fit(artists, y_fit, parts=None):
    """Show a new fit ``y_fit`` (m,) and, optionally, its parts (m, n_bumps) as thin curves."""
    x = artists["x"]
    artists["fit"].set_data(x, y_fit)
    if parts is None:
        artists["parts"].set_segments([])
    else:
        parts = np.asarray(parts)[:, : artists["max_bumps"]]
        artists["parts"].set_segments([np.column_stack([x, p]) for p in parts.T])


def bump_fit(target, n_bumps, lo, hi, kind="sigmoid", sharpness=10.0):
    """A figure of ``approx.bump_network``'s fit of ``target`` with its bumps drawn one by one.

    Introduced in lesson 04.
    """
    net = approx.bump_network(target, n_bumps, lo, hi, kind, sharpness)
    x = np.linspace(lo, hi, 401)
    fig, ax = figure(5, 3)
    artists = draw_bump_fit(ax, x, target(x))
    update_bump_fit(artists, net.forward(x[:, None])[:, 0], approx.bump_contributions(net, x))
    ax.legend(loc="upper left", fontsize=9, framealpha=0.9)
    err = approx.approximation_error(net, target, lo, hi)
    units = net.layers[0].n_out
    what = "sigmoid bumps" if kind == "sigmoid" else "ReLU hats"
    label(ax, f"{n_bumps} {what}, {units} units: max error {err:.3f}", "x", "y")
    return fig


def depth_fit(max_depth=6):
    """A figure: largest error of the sawtooth network vs depth, against one wide layer.

    Both networks get the same number of hidden ReLUs (3 per layer of depth);
    the errors are ``approx.depth_vs_width(max_depth)``.
    Introduced in lesson 04.
    """
    units, deep, shallow = approx.depth_vs_width(max_depth)
    fig, ax = figure(5, 3)
    ax.semilogy(units, deep, "o-", color=COLORS["blue"], label="deep: 3 ReLUs per layer")
    ax.semilogy(units, shallow, "s--", color=COLORS["orange"], label="shallow: one wide layer")
    ax.legend(fontsize=9)
    label(ax, "approximating x²: same units, different shapes", "hidden ReLUs", "max |ŷ − x²|")
    return fig


# --- the triangle, sharper and sharper ----------------------------------------------------


def draw_triangle(ax, lim=2.5, res=200):
    """Draw the triangle's three lines (dashed) and empty artists for ``update_triangle``.

    Returns a dict of artists: the shading of ŷ over the plane, the contour
    ŷ = ½ as points, and the probe point.
    Introduced in lesson 04.
    """
    first = approx.triangle_network(1.0).layers[0]
    for j in range(first.n_out):
        ax.plot(*decision_line(first.W[:, j], first.b[j], lim), color="k", lw=1.0, ls="--")
    artists = {
        "shade": shade_plane(ax, np.zeros((res, res)), lim, alpha=0.85),
        "probe": ax.plot([], [], "o", color="k", mfc=COLORS["yellow"], ms=7, zorder=5)[0],
        "lim": lim,
        "res": res,
    }
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.grid(False)
    label(ax, "", "x₁", "x₂")
    return artists


def update_triangle(artists, net, probe=(-1.4, -0.9)):
    """Show ``net``'s output ŷ over the plane and mark ``probe``."""
    lim, res = artists["lim"], artists["res"]
    artists["shade"].set_data(output_grid(net, (-lim, lim), (-lim, lim), res))
    artists["probe"].set_data([probe[0]], [probe[1]])


# --- hidden layers untangle data ----------------------------------------------------------


def draw_untangle(axes, X, y, lim=2.0, res=120):
    """Three panels for ``update_untangle``: the input plane, the hidden plane A₁, the
    input plane again with the line of the hidden plane pulled back.

    Returns a dict of artists.
    Introduced in lesson 04.
    """
    ax_in, ax_h, ax_back = axes
    scatter_classes(ax_in, X, y)
    hidden = scatter_classes(ax_h, X, y, label=None)
    shade = shade_plane(ax_back, np.zeros((res, res)), lim, alpha=0.6)
    scatter_classes(ax_back, X, y, label=None)
    artists = {
        "hidden": hidden,
        "line": ax_h.plot([], [], color="k", lw=1.8, label="best line in A₁")[0],
        "shade": shade,
        "X": np.asarray(X, dtype=float),
        "y": np.asarray(y),
        "lim": lim,
        "res": res,
        "axes": axes,
    }
    for ax in axes:
        ax.set_aspect("equal")
        ax.grid(False)
    for ax in (ax_in, ax_back):
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
    label(ax_in, "input x", "x₁", "x₂")
    label(ax_back, "the line, pulled back", "x₁", "")
    return artists


def update_untangle(artists, W, b, activation="tanh"):
    """Move ``draw_untangle``'s artists to the hidden layer a = f(xW + b); return the numbers.

    Returns ``{"layer", "A", "best"}``: the ``Dense`` layer, A₁ (n, 2) and
    ``approx.best_line(A₁, y)`` (the best straight line in the hidden plane).
    """
    X, y, lim, res = artists["X"], artists["y"], artists["lim"], artists["res"]
    layer = Dense.from_weights(W, b, activation)
    A = layer.forward(X)  # (n, 2)
    best = approx.best_line(A, y)
    for cls, points in zip((0, 1), artists["hidden"], strict=True):
        points.set_offsets(A[y == cls])
    ax_h = artists["axes"][1]
    if activation in ("tanh", "sigmoid"):  # bounded: the same box for every W and b
        box = 1.15
    else:
        box = float(np.max(np.abs(A))) * 1.1 + 1e-3
    lo = -box if activation != "sigmoid" else -0.1
    box = box if activation != "sigmoid" else 1.1
    ax_h.set_xlim(lo, box)
    ax_h.set_ylim(lo, box)
    artists["line"].set_data(*decision_line(best["w"], best["c"], 10 * box))
    ax_h.set_title(f"hidden A₁: a line gets {best['accuracy']:.0%}")
    net = MLP.from_layers([layer, Dense.from_weights(best["w"][:, None], [best["c"]], "identity")])
    side = output_grid(net, (-lim, lim), (-lim, lim), res) > 0  # (res, res)
    artists["shade"].set_data(side.astype(float))
    return {"layer": layer, "A": A, "best": best}


def untangle(X, y, W, b, activation="tanh", lim=2.0):
    """A figure of ``draw_untangle``: the data, the hidden layer's picture of it with the best
    straight line there, and that line pulled back to the input plane (a curve).

    Introduced in lesson 04.
    """
    fig, axes = figure(8.8, 3.2, ncols=3)
    artists = draw_untangle(axes, X, y, lim)
    found = update_untangle(artists, W, b, activation)
    best = found["best"]
    net = MLP.from_layers(
        [found["layer"], Dense.from_weights(best["w"][:, None], [best["c"]], "identity")]
    )
    g = np.linspace(-lim, lim, artists["res"])
    axes[2].contour(
        g,
        g,
        output_grid(net, (-lim, lim), (-lim, lim), artists["res"]),
        levels=[0.0],
        colors="k",
        linewidths=1.5,
    )
    label(axes[1], axes[1].get_title(), "a₁", "a₂")
    return fig
