"""The chain rule drawn with matplotlib: secants, tangents, partial derivatives, graphs (lesson 07).

A computational graph is laid out by topological depth: the output sits in
the rightmost column, and every node sits one column left of the leftmost
node that uses it, so arrows run left to right (forward) and gradients flow
right to left (backward). Each node is a box showing its name, its forward
value (``data``) and, once the backward pass has reached it, its ``grad``;
each edge shows the local derivative ∂parent/∂child that the chain rule
multiplies by. No Graphviz: boxes and arrows are plain matplotlib patches.
The numbers come from the core: ``autograd.neuron_loss_graph`` builds the
graph, ``autograd.backward_steps`` and ``autograd.local_gradients`` replay
the chain rule.
"""

from collections import Counter

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ..autograd import Value, backward_steps, local_gradients
from ..gradcheck import difference_quotients, numerical_gradient
from .base import COLORS, figure, hide_axes, label

__all__ = [
    "computational_graph",
    "draw_graph",
    "draw_secant",
    "graph_layout",
    "loss_by_step",
    "node_name",
    "partial_derivatives",
    "secant_tangent",
    "update_graph",
    "update_secant",
]

_OP_SYMBOLS = {"*": "×", "+": "+"}
# Box fill / edge / width for a node the backward pass has not reached, has finished, is at now;
# the fills are see-through tints of the palette.
_PENDING = ("none", COLORS["grey"], 1.0)
_DONE = (to_rgba(COLORS["blue"], 0.14), COLORS["blue"], 1.2)
_CURRENT = (to_rgba(COLORS["orange"], 0.3), COLORS["vermillion"], 2.2)


def _num(v):
    """A compact number for a node or an edge: 3 decimals at most, a real minus sign."""
    if v == 0 or not 0.001 <= abs(v) < 1000:
        s = f"{v:.3g}"
    else:  # at most 3 decimals, trailing zeros dropped: 0.75, −0.085, 12.5
        s = f"{v:.3f}".rstrip("0").rstrip(".")
    return s.replace("-", "−")


def _op_symbol(op):
    if op.startswith("**"):
        return "^" + op[2:]
    return _OP_SYMBOLS.get(op, op)


def node_name(node):
    """How a ``Value`` is named in a drawing: its label, else its value (an unnamed constant).

    Parameters
    ----------
    node : Value

    Returns
    -------
    str
        The label; an unlabelled input's value (``"−1.5"``); ``"·"`` for an
        unlabelled result of an operation.

    Introduced in lesson 07.
    """
    if not isinstance(node, Value):
        raise ValueError(f"expected an autograd Value, got {type(node).__name__}")
    if node.label:
        return node.label
    return _num(node.data) if not node._prev else "·"


def _check_root(root):
    if not isinstance(root, Value):
        raise ValueError(f"root must be an autograd Value, got {type(root).__name__}")


def graph_layout(root):
    """Positions for drawing the graph that ends at ``root``.

    Column = topological depth counted back from the output: ``root`` is in the
    last column and every other node one column left of its leftmost user.
    Within a column, nodes sit near the nodes that use them, one row apart.

    Parameters
    ----------
    root : Value

    Returns
    -------
    dict
        ``"nodes"``: the nodes in topological order (inputs first);
        ``"pos"``: ndarray (N, 2) of (column, row) per node;
        ``"edges"``: list of (child index, parent index, k, m) for each entry
        of a parent's ``_prev`` (k-th of m edges between the same two nodes).

    Introduced in lesson 07.
    """
    _check_root(root)
    nodes = root.topological_order()
    index = {id(n): i for i, n in enumerate(nodes)}
    rank = [0] * len(nodes)  # longest path to the root
    for node in reversed(nodes):  # every user before the nodes it uses
        for child in node._prev:
            j = index[id(child)]
            rank[j] = max(rank[j], rank[index[id(node)]] + 1)
    depth = max(rank)
    # Where each parent would like each of its (distinct) children: spread around its own row.
    wishes = [[] for _ in nodes]  # (parent index, slot offset)
    for p_i, parent in enumerate(nodes):
        kids = list(dict.fromkeys(index[id(c)] for c in parent._prev))
        for j, c_i in enumerate(kids):
            wishes[c_i].append((p_i, (len(kids) - 1) / 2 - j))
    y = [0.0] * len(nodes)
    for r in range(1, depth + 1):
        column = [i for i in range(len(nodes)) if rank[i] == r]
        targets = {i: float(np.mean([y[p] + off for p, off in wishes[i]])) for i in column}
        column.sort(key=lambda i: (-targets[i], i))
        placed = []
        for i in column:
            t = targets[i]
            placed.append(t if not placed else min(t, placed[-1] - 1.0))
        shift = np.mean([targets[i] for i in column]) - np.mean(placed)
        for i, yi in zip(column, placed, strict=True):
            y[i] = yi + shift
    pos = np.array([[depth - rank[i], y[i]] for i in range(len(nodes))], dtype=float)
    edges = []
    for p_i, parent in enumerate(nodes):
        counts = Counter(id(c) for c in parent._prev)
        seen = Counter()
        for child in parent._prev:
            edges.append((index[id(child)], p_i, seen[id(child)], counts[id(child)]))
            seen[id(child)] += 1
    return {"nodes": nodes, "pos": pos, "edges": edges}


def _edge_geometry(ax, start, end, rad):
    """The display-space midpoint of an arc3 arrow, back in data coordinates."""
    p0, p2 = ax.transData.transform([start, end])
    mid = (p0 + p2) / 2
    dx, dy = p2 - p0
    label_at = mid + 0.5 * rad * np.array([dy, -dx])
    return ax.transData.inverted().transform(label_at)


def draw_graph(ax, root, fontsize=9):
    """Draw the graph ending at ``root`` on ``ax``: boxes, arrows, values, gradients.

    Drawn at step 0 (forward values only); ``update_graph`` fills in the rest.
    What never changes — the white boxes, node names and the words "data" and
    "grad" — is listed under ``"static"`` (a widget draws it once).

    Parameters
    ----------
    ax : matplotlib Axes
    root : Value
    fontsize : float

    Returns
    -------
    dict of artists and the layout, for ``update_graph``.

    Introduced in lesson 07.
    """
    layout = graph_layout(root)
    nodes, pos = layout["nodes"], layout["pos"]
    bw, bh = 0.74, 0.7
    ax.set_xlim(pos[:, 0].min() - 0.5, pos[:, 0].max() + 0.5)
    ax.set_ylim(pos[:, 1].min() - 0.55, pos[:, 1].max() + 0.55)
    hide_axes(ax)
    edges, edge_labels = [], []
    for c_i, p_i, k, m in layout["edges"]:
        rad = 0.0 if m == 1 else 0.6 * ((m - 1) / 2 - k)
        start = (pos[c_i, 0] + bw / 2, pos[c_i, 1])
        end = (pos[p_i, 0] - bw / 2, pos[p_i, 1])
        arrow = FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=9,
            connectionstyle=f"arc3,rad={rad}",
            color=COLORS["grey"],
            lw=1.1,
            shrinkA=0,
            shrinkB=0,
        )
        ax.add_patch(arrow)
        edges.append(arrow)
        mx, my = _edge_geometry(ax, start, end, rad)
        # A level arrow between neighbouring columns crosses a gap narrower than its label:
        # the label goes above the boxes. A level arrow that skips a column runs under or
        # over that column's boxes (it would cross one on its own row), so its label sits
        # on the arrow, clear of them, not above it, where a box of the skipped column is.
        above = rad == 0 and start[1] == end[1] and pos[p_i, 0] - pos[c_i, 0] == 1
        edge_labels.append(
            ax.text(
                mx,
                my + bh / 2 + 0.03 if above else my,
                "",
                ha="center",
                va="bottom" if above else "center",
                fontsize=fontsize,
                color=COLORS["green"],
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.9},
                visible=False,
            )
        )
    # The white boxes and the node names never change; outlines, numbers and tints do.
    static, boxes, texts, grads = [], [], [], []
    for node, (x, y) in zip(nodes, pos, strict=True):
        geometry = ((x - bw / 2, y - bh / 2), bw, bh)
        style = "round,pad=0,rounding_size=0.08"
        static.append(
            ax.add_patch(FancyBboxPatch(*geometry, boxstyle=style, fc="white", ec="none", zorder=1))
        )
        op = f"  [{_op_symbol(node._op)}]" if node._op else ""
        static.append(
            ax.text(
                x,
                y + 0.2,
                node_name(node) + op,
                ha="center",
                va="center",
                fontsize=fontsize,
                fontweight="bold",
                zorder=3,
            )
        )
        left, right = x - bw / 2 + 0.04, x + bw / 2 - 0.04
        for row, word, color in ((y, "data", "black"), (y - 0.2, "grad", COLORS["vermillion"])):
            at = {"ha": "left", "va": "center", "fontsize": fontsize, "zorder": 3}
            static.append(ax.text(left, row, word, color=color, **at))
        box = FancyBboxPatch(*geometry, boxstyle=style, zorder=2)
        ax.add_patch(box)
        boxes.append(box)
        texts.append(ax.text(right, y, "", ha="right", va="center", fontsize=fontsize, zorder=3))
        grads.append(
            ax.text(
                right,
                y - 0.2,
                "",
                ha="right",
                va="center",
                fontsize=fontsize,
                color=COLORS["vermillion"],
                zorder=3,
            )
        )
    artists = {
        "layout": layout,
        "static": static,
        "boxes": boxes,
        "texts": texts,
        "grads": grads,
        "edges": edges,
        "edge_labels": edge_labels,
    }
    update_graph(artists, root, step=0)
    return artists


def _same_structure(layout, nodes):
    old = layout["nodes"]
    if len(old) != len(nodes) or any(
        a._op != b._op or len(a._prev) != len(b._prev) for a, b in zip(old, nodes, strict=True)
    ):
        raise ValueError(
            "this graph has a different shape from the one drawn; draw it anew with draw_graph"
        )


def update_graph(artists, root, step=None):
    """Show ``root``'s graph with the backward pass stopped after ``step`` nodes.

    ``step=0`` shows the forward values only; ``step=k`` replays the backward
    pass (``autograd.backward_steps``) and shows the gradients of the first k nodes it
    reaches, the k-th highlighted, and the local derivative on every edge the
    gradient has flowed along. ``step=None`` shows the gradients the nodes hold
    now (e.g. after ``root.backward()``). No ``grad`` of the graph is changed.

    ``root`` must have the shape of the drawn graph (same ops, same order);
    its numbers may differ (new slider values), its names are drawn once.

    Returns
    -------
    dict
        ``"order"``: nodes in backward order; ``"steps"``: ``autograd.backward_steps``
        (``None`` if ``step`` is None); ``"grads"``: {node: ∂root/∂node} from
        the replay (``None`` if ``step`` is None); ``"current"``: the node
        reached at this step (``None`` at step 0 or ``step=None``).

    Introduced in lesson 07.
    """
    _check_root(root)
    nodes = root.topological_order()
    layout = artists["layout"]
    _same_structure(layout, nodes)
    n = len(nodes)
    index = {id(node): i for i, node in enumerate(nodes)}
    if step is None:
        steps = None
        shown = {i: nodes[i].grad for i in range(n)}
        local = {i: local_gradients(nodes[i]) for i in range(n)}
        current = None
    else:
        if not isinstance(step, (int, np.integer)) or not 0 <= step <= n:
            raise ValueError(f"step must be an int from 0 to {n} (the number of nodes), got {step}")
        steps = backward_steps(root)
        reached = steps[:step]
        shown = {index[id(s["node"])]: s["grad"] for s in reached}
        local = {index[id(s["node"])]: s["local"] for s in reached}
        current = index[id(reached[-1]["node"])] if reached else None
    for i, node in enumerate(nodes):
        artists["texts"][i].set_text(_num(node.data))
        if i in shown:
            artists["grads"][i].set_text(_num(shown[i]))
            fc, ec, lw = _CURRENT if i == current else _DONE
        else:
            artists["grads"][i].set_text("?")
            fc, ec, lw = _PENDING
        box = artists["boxes"][i]
        box.set_facecolor(fc)
        box.set_edgecolor(ec)
        box.set_linewidth(lw)
    slot = Counter()
    for e, (_c, p_i, _k, _m) in enumerate(layout["edges"]):
        j = slot[p_i]
        slot[p_i] += 1
        text, arrow = artists["edge_labels"][e], artists["edges"][e]
        if p_i in local:
            text.set_text("×" + _num(local[p_i][j]))
            text.set_visible(True)
            arrow.set_color(COLORS["vermillion"] if p_i == current else COLORS["black"])
        else:
            text.set_visible(False)
            arrow.set_color(COLORS["grey"])
    return {
        "order": list(reversed(nodes)),
        "steps": steps,
        "grads": None if steps is None else {s["node"]: s["grad"] for s in steps},
        "current": None if current is None else nodes[current],
    }


def computational_graph(root, step=None, title=None, width=None):
    """A figure of the graph ending at ``root``, with values and gradients.

    Parameters
    ----------
    root : Value
    step : int or None
        See ``update_graph``: None shows the gradients the nodes hold now.
    title : str, optional
    width : float, optional
        Figure width in inches (default: from the number of columns).

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in lesson 07.
    """
    layout = graph_layout(root)
    cols = int(np.ptp(layout["pos"][:, 0])) + 1
    rows = np.ptp(layout["pos"][:, 1]) + 1
    # Inches per column and row sized for draw_graph's 9 pt text in its boxes.
    fig, ax = figure(width or float(np.clip(1.26 * cols + 0.2, 4.0, 8.0)), 0.96 * rows + 0.9)
    artists = draw_graph(ax, root)
    update_graph(artists, root, step)
    label(
        ax,
        title or f"computational graph of {node_name(root)}",
        "forward: values →     ← backward: gradients",
        "",
    )
    return fig


# --- the derivative as a slope -------------------------------------------------------------


def _slopes(f, df, x0, h):
    forward, central = difference_quotients(f, x0, h)
    true = float(df(x0)) if df is not None else None
    return float(f(x0)), forward, central, true


def draw_secant(ax, f, x0, h, df=None, xlim=(-2.5, 2.5), ylim=None):
    """Draw f, the secant through x₀ and x₀ + h, and (if ``df`` is given) the tangent at x₀.

    Parameters
    ----------
    ax : matplotlib Axes
    f, df : callable
        The function (vectorised over NumPy arrays) and its derivative.
    x0, h : float
        Where, and how far apart the secant's two points are (h ≠ 0).
    xlim, ylim : (float, float)

    Returns
    -------
    dict of artists for ``update_secant``.

    Introduced in lesson 07.
    """
    xs = np.linspace(*xlim, 300)
    ax.plot(xs, f(xs), color=COLORS["blue"], lw=2, label="f(x)")
    artists = {
        "f": f,
        "df": df,
        "xs": np.array(xlim, dtype=float),
        "secant": ax.plot([], [], color=COLORS["orange"], lw=1.8, label="secant (slope Δf/h)")[0],
        "tangent": ax.plot(
            [], [], color=COLORS["green"], lw=1.8, ls="--", label="tangent (slope f′(x₀))"
        )[0],
        "run": ax.plot([], [], color=COLORS["grey"], lw=1, ls=":")[0],
        "rise": ax.plot([], [], color=COLORS["grey"], lw=1, ls=":")[0],
        "points": ax.plot([], [], "o", color=COLORS["vermillion"], ms=6, zorder=4)[0],
    }
    ax.set_xlim(*xlim)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.legend(loc="upper left", fontsize=9, framealpha=0.9)
    update_secant(artists, x0, h)
    return artists


def update_secant(artists, x0, h):
    """Move the secant and tangent drawn by ``draw_secant`` to a new x₀ and h.

    Returns
    -------
    dict
        ``"f0"`` f(x₀), ``"forward"`` (f(x₀+h) − f(x₀))/h, ``"central"``
        (f(x₀+h) − f(x₀−h))/2h and ``"tangent"`` f′(x₀) (None without ``df``).
    """
    f, df, xs = artists["f"], artists["df"], artists["xs"]
    f0, forward, central, true = _slopes(f, df, x0, h)
    f1 = float(f(x0 + h))
    artists["secant"].set_data(xs, f0 + forward * (xs - x0))
    if true is not None:
        artists["tangent"].set_data(xs, f0 + true * (xs - x0))
    artists["run"].set_data([x0, x0 + h], [f0, f0])
    artists["rise"].set_data([x0 + h, x0 + h], [f0, f1])
    artists["points"].set_data([x0, x0 + h], [f0, f1])
    return {"f0": f0, "forward": forward, "central": central, "tangent": true}


def secant_tangent(f, x0, h, df=None, xlim=(-2.5, 2.5), ylim=None):
    """A figure of f with the secant over [x₀, x₀ + h] and the tangent at x₀.

    As h shrinks the secant turns into the tangent: its slope
    (f(x₀ + h) − f(x₀))/h tends to the derivative f′(x₀).

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in lesson 07.
    """
    fig, ax = figure(4.8, 3.6)
    slopes = draw_secant(ax, f, x0, h, df, xlim, ylim)
    s = update_secant(slopes, x0, h)
    label(ax, f"h = {h:g}: secant slope {s['forward']:.3f}", "x", "f(x)")
    return fig


def partial_derivatives(f, point, span=1.5, names=("x₁", "x₂")):
    """Two slices through f(x₁, x₂) at ``point``, each with its tangent: ∂f/∂x₁ and ∂f/∂x₂.

    A partial derivative holds every other input still: the left panel moves
    x₁ only, the right panel x₂ only. The slopes come from central
    differences (``gradcheck.numerical_gradient``).

    Parameters
    ----------
    f : callable
        ``f(x1, x2)``, vectorised over NumPy arrays, returning floats.
    point : (float, float)
    span : float
        How far each slice reaches either side of the point.

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in lesson 07.
    """
    p = np.asarray(point, dtype=np.float64).copy()
    if p.shape != (2,):
        raise ValueError(f"point must have shape (2,), got {p.shape}")
    grad = numerical_gradient(lambda q: f(q[0], q[1]), p)
    f0 = float(f(*p))
    fig, axes = figure(5.6, 2.7, ncols=2)
    t = np.linspace(-span, span, 200)
    for i, ax in enumerate(axes):
        xs = p[i] + t
        ys = f(xs, p[1]) if i == 0 else f(p[0], xs)
        ax.plot(xs, ys, color=COLORS["blue"], lw=2, label="f along the slice")
        ax.plot(xs, f0 + grad[i] * t, color=COLORS["green"], ls="--", lw=1.6, label="tangent")
        ax.plot(p[i], f0, "o", color=COLORS["vermillion"], ms=6)
        other = names[1 - i]
        label(
            ax, f"∂f/∂{names[i]} = {grad[i]:.3f}", f"{names[i]} ({other} = {p[1 - i]:g} fixed)", "f"
        )
    axes[0].legend(loc="best", fontsize=9)
    return fig


def loss_by_step(curves, title="loss per step", xlabel="step", ylabel="loss L"):
    """Lines of the loss against the step, one per run (e.g. with and without ``zero_grad``).

    Parameters
    ----------
    curves : dict of str -> array_like
        A legend label and the loss at every step of each run.

    Returns
    -------
    matplotlib.figure.Figure

    Introduced in lesson 07.
    """
    if not curves:
        raise ValueError("curves is empty: pass {label: losses}")
    fig, ax = figure(4.6, 3.0)
    for name, losses in curves.items():
        losses = np.asarray(losses, dtype=float)
        ax.plot(np.arange(len(losses)), losses, lw=2, label=name)
    ax.legend(fontsize=9, loc="best")
    label(ax, title, xlabel, ylabel)
    return fig
