"""Networks: diagrams, what hidden units draw, and hand-built approximations (lesson 04).

The hand-built networks here are ordinary ``MLP`` objects whose weights are
set with ``Dense.from_weights`` instead of being learned: sigmoid "bumps" and
ReLU "hats" that add up to any curve (width), and a ReLU sawtooth that folds
the line in two per layer (depth).
"""

import numpy as np
from matplotlib.collections import LineCollection

from ..activations import relu
from ..layers import Dense
from ..network import MLP
from .base import CLASS_COLORS, CMAP, COLORS, figure, label
from .neuron import decision_line, neuron_output_grid

__all__ = [
    "BUMP_KINDS",
    "approximation_error",
    "bump_contributions",
    "bump_fit",
    "bump_network",
    "depth_fit",
    "draw_fit",
    "draw_network",
    "hidden_units",
    "network_diagram",
    "relu_interpolant",
    "sawtooth",
    "sawtooth_network",
    "update_fit",
]

# Hidden units per bump: a sigmoid bump is a step up minus a step down; a ReLU hat is 3 kinks.
BUMP_KINDS = {"sigmoid": 2, "relu": 3}


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
    panel is the network's output ŷ(x₁, x₂), with the contour ŷ = 0.5.

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
    extent = (-lim, lim, -lim, lim)
    for j in range(k):
        ax = axes[j]
        wj, bj = first.W[:, j], first.b[j]
        shade = neuron_output_grid(wj, bj, first.activation, lim, res)
        ax.imshow(
            shade,
            origin="lower",
            extent=extent,
            cmap=CMAP,
            alpha=0.8,
            vmin=shade.min(),
            vmax=max(shade.max(), shade.min() + 1e-9),
            interpolation="bilinear",
        )
        ax.plot(*decision_line(wj, bj, lim), color="k", lw=1.5)
        ax.quiver(
            0,
            0,
            *wj,
            angles="xy",
            scale_units="xy",
            scale=max(1.0, np.hypot(*wj) / 1.5),
            color=COLORS["green"],
            width=0.02,
        )
        label(
            ax, f"unit {j + 1}: {first.activation}(z{j + 1})", "x₁", "x₂" if j % ncols == 0 else ""
        )
    ax = axes[k]
    g = np.linspace(-lim, lim, res)
    G1, G2 = np.meshgrid(g, g)
    out = net.forward(np.column_stack([G1.ravel(), G2.ravel()]))[:, 0].reshape(res, res)
    lo, hi = (0.0, 1.0) if net.layers[-1].activation == "sigmoid" else (out.min(), out.max())
    ax.imshow(
        out,
        origin="lower",
        extent=extent,
        cmap=CMAP,
        alpha=0.8,
        vmin=lo,
        vmax=hi,
        interpolation="bilinear",
    )
    if out.min() < 0.5 < out.max():
        ax.contour(G1, G2, out, levels=[0.5], colors="k", linewidths=1.5)
    if X is not None:
        X, y = np.asarray(X, dtype=float), np.asarray(y)
        for cls in (0, 1):
            pts = X[y == cls]
            ax.scatter(pts[:, 0], pts[:, 1], s=14, color=CLASS_COLORS[cls], edgecolor="k", lw=0.3)
    label(ax, "network output ŷ", "x₁", "")
    for ax in axes:
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.grid(False)
    for ax in axes[k + 1 :]:
        ax.set_axis_off()
    return fig


# --- width: bumps -------------------------------------------------------------------------


def bump_network(target, n_bumps, lo, hi, kind="sigmoid", sharpness=10.0):
    """A 1 → hidden → 1 network with hand-set weights whose output approximates ``target``.

    The approximation is made on the interval [lo, hi].


    ``kind="sigmoid"``: the interval is cut into ``n_bumps`` equal bins of width
    Δ; bin i gets a bump h_i·[σ(k(x − lᵢ)) − σ(k(x − rᵢ))] of height h_i =
    target(bin centre): a steep step up at its left edge lᵢ minus a steep step
    down at its right edge rᵢ. The steepness is k = sharpness / Δ. The first and
    last bump reach half a bin past the ends so the fit does not sag there.
    2 hidden units per bump.

    ``kind="relu"``: ``n_bumps`` hats centred at equally spaced cᵢ (the ends
    included), each (hᵢ/Δ)·[ReLU(x − cᵢ + Δ) − 2 ReLU(x − cᵢ) + ReLU(x − cᵢ − Δ)],
    a tent of height hᵢ = target(cᵢ) and half-width Δ; together they join the
    dots (cᵢ, hᵢ) with straight lines. 3 hidden units per hat.

    Parameters
    ----------
    target : callable
        y = target(x) for an array x of shape (m,).
    n_bumps : int ≥ 1
    lo, hi : float, lo < hi
    kind : {"sigmoid", "relu"}
    sharpness : float > 0
        Only for sigmoid bumps.

    Returns
    -------
    MLP with layers Dense(1 → units, kind) and Dense(units → 1, identity).

    Introduced in lesson 04.
    """
    if kind not in BUMP_KINDS:
        raise ValueError(f"kind must be one of {list(BUMP_KINDS)}, got {kind!r}")
    if not isinstance(n_bumps, (int, np.integer)) or n_bumps < 1:
        raise ValueError(f"n_bumps must be a positive int, got {n_bumps!r}")
    if not lo < hi:
        raise ValueError(f"need lo < hi, got lo={lo}, hi={hi}")
    if not sharpness > 0:
        raise ValueError(f"sharpness must be positive, got {sharpness!r}")
    if kind == "sigmoid":
        delta = (hi - lo) / n_bumps
        edges = np.linspace(lo, hi, n_bumps + 1)
        heights = np.asarray(target((edges[:-1] + edges[1:]) / 2), dtype=float)
        edges[0] -= delta / 2
        edges[-1] += delta / 2
        k = sharpness / delta
        steps = np.column_stack([edges[:-1], edges[1:]]).ravel()  # l₁, r₁, l₂, r₂, …
        W1 = np.full((1, 2 * n_bumps), k)  # (1, 2n): z = k·x − k·edge
        b1 = -k * steps  # (2n,)
        W2 = np.column_stack([heights, -heights]).reshape(-1, 1)  # (2n, 1): +h up, −h down
    else:
        if n_bumps == 1:
            centres, delta = np.array([(lo + hi) / 2]), (hi - lo) / 2
        else:
            centres, delta = np.linspace(lo, hi, n_bumps), (hi - lo) / (n_bumps - 1)
        heights = np.asarray(target(centres), dtype=float)
        kinks = np.column_stack([centres - delta, centres, centres + delta]).ravel()
        W1 = np.ones((1, 3 * n_bumps))  # (1, 3n): z = x − kink
        b1 = -kinks  # (3n,)
        W2 = (np.column_stack([heights, -2 * heights, heights]) / delta).reshape(-1, 1)  # (3n, 1)
    if heights.shape != (n_bumps,):
        raise ValueError(
            f"target must map an array of shape (m,) to shape (m,), got {heights.shape}"
        )
    return MLP.from_layers(
        [Dense.from_weights(W1, b1, kind), Dense.from_weights(W2, [0.0], "identity")]
    )


def bump_contributions(net, x):
    """Each bump's share of the output of a ``bump_network``: shape (m, n_bumps), rows sum to ŷ.

    Parameters
    ----------
    net : MLP from ``bump_network``
    x : ndarray, shape (m,)

    Introduced in lesson 04.
    """
    hidden, out = net.layers
    per_bump = BUMP_KINDS.get(hidden.activation)
    if per_bump is None or len(net.layers) != 2 or hidden.n_out % per_bump:
        raise ValueError("bump_contributions needs a network made by bump_network")
    A = hidden.forward(np.asarray(x, dtype=float).reshape(-1, 1))  # (m, units)
    parts = A * out.W[:, 0]  # (m, units): each unit's weighted output
    return parts.reshape(len(A), -1, per_bump).sum(axis=2)  # (m, n_bumps)


def approximation_error(net, target, lo, hi, res=401):
    """max |ŷ(x) − target(x)| over ``res`` equally spaced x in [lo, hi], for a 1 → … → 1 network.

    Introduced in lesson 04.
    """
    x = np.linspace(lo, hi, res)
    y_hat = net.forward(x[:, None])[:, 0]  # (res,)
    return float(np.max(np.abs(y_hat - np.asarray(target(x), dtype=float))))


def draw_fit(ax, x, y_target, max_bumps=40):
    """Draw a target curve and empty artists for a network's fit and its parts.

    The artists carry labels ("target y", "network ŷ", "bumps") for a legend,
    which the caller adds (on the axes, or outside them in a widget).
    Returns a dict of artists for ``update_fit``.
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


def update_fit(artists, y_fit, parts=None):
    """Show a new fit ``y_fit`` (m,) and, optionally, its parts (m, n_bumps) as thin curves."""
    x = artists["x"]
    artists["fit"].set_data(x, y_fit)
    if parts is None:
        artists["parts"].set_segments([])
    else:
        parts = np.asarray(parts)[:, : artists["max_bumps"]]
        artists["parts"].set_segments([np.column_stack([x, p]) for p in parts.T])


def bump_fit(target, n_bumps, lo, hi, kind="sigmoid", sharpness=10.0):
    """A figure of ``bump_network``'s fit of ``target`` with its bumps drawn one by one.

    Introduced in lesson 04.
    """
    net = bump_network(target, n_bumps, lo, hi, kind, sharpness)
    x = np.linspace(lo, hi, 401)
    fig, ax = figure(5, 3)
    artists = draw_fit(ax, x, target(x))
    update_fit(artists, net.forward(x[:, None])[:, 0], bump_contributions(net, x))
    ax.legend(loc="upper left", fontsize=9, framealpha=0.9)
    err = approximation_error(net, target, lo, hi)
    units = net.layers[0].n_out
    what = "sigmoid bumps" if kind == "sigmoid" else "ReLU hats"
    label(ax, f"{n_bumps} {what}, {units} units: max error {err:.3f}", "x", "y")
    return fig


# --- depth: the sawtooth ------------------------------------------------------------------


def sawtooth_network(depth):
    """A deep ReLU network, weights set by hand, with ŷ = x − Σₛ gₛ(x)/4ˢ ≈ x² on [0, 1].

    g(x) = 2 ReLU(x) − 4 ReLU(x − ½) is a tent: it folds [0, 1] onto itself.
    gₛ = g ∘ … ∘ g (s times) is a sawtooth with 2ˢ⁻¹ teeth, made by one more
    layer each. Each hidden layer has 3 ReLUs: ReLU(gₛ₋₁), ReLU(gₛ₋₁ − ½)
    (which make the next tooth) and ReLU(sₛ₋₁), the running sum carried along.
    The result joins the points (j/2ᵐ, (j/2ᵐ)²) by straight lines, so its
    largest error is 2^(−2m−2) (Yarotsky 2017): 4× smaller per layer.

    Parameters
    ----------
    depth : int ≥ 0
        m, the number of hidden layers (0 gives ŷ = x).

    Returns
    -------
    MLP of sizes [1, 3, …, 3, 1] (``depth`` hidden layers of 3 ReLUs).

    Introduced in lesson 04.
    """
    if not isinstance(depth, (int, np.integer)) or depth < 0:
        raise ValueError(f"depth must be an int ≥ 0, got {depth!r}")
    if depth == 0:
        return MLP.from_layers([Dense.from_weights([[1.0]], [0.0], "identity")])
    half = [0.0, -0.5, 0.0]  # biases: ReLU(g), ReLU(g − ½), ReLU(sum)
    layers = [Dense.from_weights([[1.0, 1.0, 1.0]], half, "relu")]  # g₀ = x, sum₀ = x
    for s in range(1, depth):
        # From a = (gₛ₋₁, ReLU(gₛ₋₁ − ½), sumₛ₋₁): gₛ = 2a₁ − 4a₂, sumₛ = a₃ − gₛ/4ˢ.
        c = 4.0**-s
        W = [[2.0, 2.0, -2.0 * c], [-4.0, -4.0, 4.0 * c], [0.0, 0.0, 1.0]]
        layers.append(Dense.from_weights(W, half, "relu"))
    c = 4.0**-depth
    layers.append(Dense.from_weights([[-2.0 * c], [4.0 * c], [1.0]], [0.0], "identity"))
    return MLP.from_layers(layers)


def relu_interpolant(target, units, lo, hi):
    """One hidden layer of ``units`` ReLUs joining the dots of ``target`` at equal spacing.

    Knots tⱼ = lo + j·h with h = (hi − lo)/units; unit j is ReLU(x − tⱼ) and
    switches on a change of slope cⱼ = sⱼ − sⱼ₋₁ at tⱼ (s₋₁ = 0), where sⱼ is
    the slope of the straight piece from (tⱼ, target(tⱼ)) to (tⱼ₊₁, target(tⱼ₊₁)).
    The output bias is target(lo). ``units`` ReLUs make ``units`` straight pieces.

    Returns
    -------
    MLP of sizes [1, units, 1].

    Introduced in lesson 04.
    """
    if not isinstance(units, (int, np.integer)) or units < 1:
        raise ValueError(f"units must be a positive int, got {units!r}")
    if not lo < hi:
        raise ValueError(f"need lo < hi, got lo={lo}, hi={hi}")
    knots = np.linspace(lo, hi, units + 1)
    values = np.asarray(target(knots), dtype=float)
    slopes = np.diff(values) / np.diff(knots)  # (units,)
    changes = np.diff(slopes, prepend=0.0)  # (units,)
    hidden = Dense.from_weights(np.ones((1, units)), -knots[:-1], "relu")
    out = Dense.from_weights(changes.reshape(-1, 1), [values[0]], "identity")
    return MLP.from_layers([hidden, out])


def sawtooth(x, depth):
    """gₘ(x) = g(g(…g(x))), ``depth`` folds of the tent g(x) = 2 ReLU(x) − 4 ReLU(x − ½).

    On [0, 1] it is a sawtooth with 2^(m−1) teeth (m ≥ 1); depth 0 gives x.
    Introduced in lesson 04.
    """
    if not isinstance(depth, (int, np.integer)) or depth < 0:
        raise ValueError(f"depth must be an int ≥ 0, got {depth!r}")
    g = np.asarray(x, dtype=float)
    for _ in range(depth):
        g = 2 * relu(g) - 4 * relu(g - 0.5)
    return g


def depth_fit(max_depth=6):
    """A figure: largest error of the sawtooth network vs depth, against one wide layer.

    Both networks get the same number of hidden ReLUs (3 per layer of depth).
    Introduced in lesson 04.
    """
    depths = np.arange(1, max_depth + 1)
    deep = [approximation_error(sawtooth_network(int(m)), np.square, 0, 1, 6145) for m in depths]
    shallow = [
        approximation_error(relu_interpolant(np.square, 3 * int(m), 0, 1), np.square, 0, 1, 6145)
        for m in depths
    ]
    fig, ax = figure(5, 3)
    ax.semilogy(3 * depths, deep, "o-", color=COLORS["blue"], label="deep: 3 ReLUs per layer")
    ax.semilogy(3 * depths, shallow, "s--", color=COLORS["orange"], label="shallow: one wide layer")
    ax.legend(fontsize=9)
    label(ax, "approximating x²: same units, different shapes", "hidden ReLUs", "max |ŷ − x²|")
    return fig
