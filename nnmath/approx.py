"""Universal approximation by hand: networks whose weights are set, not learned (lesson 04).

The networks here are ordinary ``MLP`` objects built with ``Dense.from_weights``:
sigmoid "bumps" and ReLU "hats" that add up to any curve on an interval
(**width**: one hidden layer), and a ReLU sawtooth that folds [0, 1] in two
once more per layer and approximates x² (**depth**). ``approximation_error``
measures how close a network comes to its target.
"""

import math

import numpy as np

from ._checks import _what, as_float_array, as_int, as_matrix, as_number, check_size
from .activations import relu
from .layers import Dense
from .network import MLP

__all__ = [
    "TRIANGLE_AREA",
    "UNITS_PER_BUMP",
    "approximation_error",
    "best_line",
    "bump_contributions",
    "bump_network",
    "bump_width",
    "depth_vs_width",
    "one_unit_per_kink",
    "region_areas",
    "relu_interpolant",
    "sawtooth",
    "sawtooth_network",
    "triangle_network",
]

# Hidden units per bump: a sigmoid bump is a step up minus a step down; a ReLU hat is 3 kinks.
UNITS_PER_BUMP = {"sigmoid": 2, "relu": 3}


def _interval(lo, hi):
    """``lo`` < ``hi`` as finite floats, or an error naming them."""
    lo, hi = as_number(lo, "lo"), as_number(hi, "hi")
    if not lo < hi:
        raise ValueError(f"need finite lo < hi, got lo={lo}, hi={hi}")
    # The grids' spacing (hi − lo)/(m − 1) must not overflow.
    if not math.isfinite(hi - lo):
        raise ValueError(f"hi − lo must be a finite number, got lo={lo}, hi={hi}")
    return lo, hi


def _check_target(target):
    if not callable(target):
        raise TypeError(f"target must be a function y = target(x), got {_what(target)}")


def _on_grid(target, x):
    """target(x) as a finite float array of x's shape, or an error saying what came back."""
    y = as_float_array(target(x), "target(x)")
    if y.shape != x.shape:
        raise ValueError(f"target must map an array of shape (m,) to shape (m,), got {y.shape}")
    return y


def _check_kind(kind):
    if not (isinstance(kind, str) and kind in UNITS_PER_BUMP):
        raise ValueError(f"kind must be one of {list(UNITS_PER_BUMP)}, got {kind!r}")


# --- regions of the plane: the triangle -------------------------------------------------

# The triangle of lesson 04: x₂ > −1, x₂ < 2x₁ + 2, x₂ < 2 − 2x₁; corners (−1.5, −1),
# (1.5, −1), (0, 2), so its area is ½ · 3 · 3.
_TRIANGLE_W = np.array([[0.0, 4.0, -4.0], [4.0, -2.0, -2.0]])  # (2, 3): column j is unit j
_TRIANGLE_B = np.array([4.0, 4.0, 4.0])
TRIANGLE_AREA = 4.5


def triangle_network(sharpness=1.0):
    """A 2 → 3 → 1 sigmoid network, weights set by hand, that is "on" inside a triangle.

        a = σ(s·(xW₁ + b₁)),  ŷ = σ(10(a₁ + a₂ + a₃) − 25)

    Unit j is on (a_j > ½) on one side of its line: x₂ > −1, x₂ < 2x₁ + 2 and
    x₂ < 2 − 2x₁. At ``sharpness`` s = 1 the weights have size 4 (W₁ columns
    (0, 4), (4, −2), (−4, −2), b₁ = (4, 4, 4)); s scales them, so the units
    switch faster across their lines. The output is above ½ only when the sum
    exceeds 2.5, which needs every unit above ½ (else the sum is below 2.5):
    the region ŷ > ½ lies inside the triangle, and fills it as s grows.

    Parameters
    ----------
    sharpness : float > 0, at most 1e6

    Returns
    -------
    MLP
        Sizes [2, 3, 1].

    Introduced in lesson 04.
    """
    s = as_number(sharpness, "sharpness", 0, 1e6, low_open=True)
    return MLP.from_layers(
        [
            Dense.from_weights(s * _TRIANGLE_W, s * _TRIANGLE_B, "sigmoid"),
            Dense.from_weights([[10.0], [10.0], [10.0]], [-25.0], "sigmoid"),
        ]
    )


def region_areas(net, lim=2.5, res=400):
    """Areas in the square [−lim, lim]² of the region ŷ > ½ and of the polygon of the first layer.

        region = area{x : ŷ(x) > ½},  polygon = area{x : z_j(x) > 0 for every first-layer unit j}

    Both are counted on the centres of a res × res grid of equal cells (no
    random points: the same numbers every run), each cell counting
    (2·lim/res)². ``both`` is the area of their intersection.

    Parameters
    ----------
    net : MLP
        Two inputs, one output.
    lim : float > 0
    res : int, 2 … 2000

    Returns
    -------
    dict
        ``{"region", "polygon", "both"}``, floats.

    Introduced in lesson 04.
    """
    sizes = getattr(net, "sizes", None)
    if not sizes or sizes[0] != 2 or sizes[-1] != 1:
        raise ValueError(f"need a network with two inputs and one output, got sizes {sizes}")
    lim = as_number(lim, "lim", 0, 1e6, low_open=True)
    res = as_int(res, "res", 2, 2000)
    check_size((res * res, max(sizes)), "the widest layer on the res² grid points")
    h = 2 * lim / res
    g = -lim + h * (np.arange(res) + 0.5)  # (res,): cell centres
    X = np.column_stack([np.tile(g, res), np.repeat(g, res)])  # (res², 2)
    on = net.forward(X)[:, 0] > 0.5  # (res²,)
    inside = np.all(net.layers[0].Z > 0, axis=1)  # (res²,)
    cell = h * h
    return {
        "region": float(on.sum() * cell),
        "polygon": float(inside.sum() * cell),
        "both": float((on & inside).sum() * cell),
    }


def best_line(X, y):
    """The best any straight line can do at separating two classes of points in the plane.

        accuracy = max over w, c of the fraction of i with [w·xᵢ + c > 0] = yᵢ

    Exact, not a search on a grid: as the direction of w turns, the order of
    the points along it changes only where w is perpendicular to the
    difference of two points, so one direction strictly between each pair of
    such neighbouring critical directions, with the best threshold along it,
    covers every line.

    Parameters
    ----------
    X : array_like, shape (n, 2), 2 ≤ n ≤ 400
    y : array_like of 0/1, shape (n,)

    Returns
    -------
    dict
        ``{"accuracy", "w", "c"}``: the best fraction correct, and one line
        w·x + c = 0 (w of length 1, shape (2,)) that achieves it, class 1 on
        the side w·x + c > 0.

    Introduced in lesson 04.
    """
    X = as_matrix(X, "X", 2)
    y = as_float_array(y, "y")
    n = len(X)
    if y.shape != (n,):
        raise ValueError(f"y must have shape ({n},), one label per row of X, got {y.shape}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must hold class labels 0 and 1")
    if not 2 <= n <= 400:
        raise ValueError(f"best_line takes 2 to 400 points, got {n}")
    scale = float(np.max(np.abs(X))) or 1.0
    X = X / scale  # the same lines, in numbers that cannot overflow
    i, j = np.triu_indices(n, 1)
    d = X[j] - X[i]  # (pairs, 2)
    # the direction perpendicular to each difference, as an angle in [0, π)
    crit = np.unique(np.mod(np.arctan2(d[:, 1], d[:, 0]) + np.pi / 2, np.pi))
    crit = np.append(crit, crit[0] + np.pi)
    theta = (crit[:-1] + crit[1:]) / 2 if len(crit) > 2 else crit[:1] + np.pi / 2  # (m,)
    u = np.column_stack([np.cos(theta), np.sin(theta)])  # (m, 2)
    proj = X[:, 0][None, :] * u[:, :1] + X[:, 1][None, :] * u[:, 1:]  # (m, n), no BLAS
    order = np.argsort(proj, axis=1)
    ys = y[order]  # (m, n): labels in the order along each direction
    ps = np.take_along_axis(proj, order, axis=1)  # (m, n): the projections, sorted
    ones_left = np.concatenate([np.zeros((len(u), 1)), np.cumsum(ys, axis=1)], axis=1)
    k = np.arange(n + 1)  # the threshold after the first k points
    # class 1 right of the threshold: correct = zeros on the left + ones on the right
    right = (k - ones_left) + (y.sum() - ones_left)  # (m, n + 1)
    left = n - right  # class 1 on the left
    tied = np.zeros_like(right, dtype=bool)
    tied[:, 1:n] = ps[:, 1:] <= ps[:, :-1]  # no threshold fits between equal projections
    right[tied], left[tied] = -1, -1
    best_r, best_l = right.max(axis=1), left.max(axis=1)
    r = int(np.argmax(np.maximum(best_r, best_l)))
    sign = 1.0 if best_r[r] >= best_l[r] else -1.0
    kk = int(np.argmax(right[r] if sign > 0 else left[r]))
    p = ps[r]
    gap = 0.1 * max(float(np.max(np.abs(p))), 1e-300)
    lo = p[kk - 1] if kk > 0 else p[0] - gap
    hi = p[kk] if kk < n else p[-1] + gap
    threshold = lo + (hi - lo) / 2
    return {
        "accuracy": float(max(best_r[r], best_l[r]) / n),
        "w": sign * u[r],
        "c": float(-sign * threshold * scale),
    }


# --- width: bumps -------------------------------------------------------------------------


def bump_width(n_bumps, lo, hi, kind="sigmoid"):
    """Δ, the spacing of the bumps of ``bump_network`` on [lo, hi].

        sigmoid: Δ = (hi − lo)/n (bin width); relu: Δ = (hi − lo)/(n − 1), or (hi − lo)/2 if n = 1

    For sigmoid bumps Δ is the width of a bin; for ReLU hats it is the
    spacing of their centres, which is each hat's half-width.

    Parameters
    ----------
    n_bumps : int ≥ 1
    lo, hi : float, lo < hi
    kind : {"sigmoid", "relu"}

    Returns
    -------
    float

    Introduced in lesson 04.
    """
    _check_kind(kind)
    n_bumps = as_int(n_bumps, "n_bumps", 1)
    lo, hi = _interval(lo, hi)
    if kind == "sigmoid":
        return (hi - lo) / n_bumps
    return (hi - lo) / 2 if n_bumps == 1 else (hi - lo) / (n_bumps - 1)


def bump_network(target, n_bumps, lo, hi, kind="sigmoid", sharpness=10.0):
    """A 1 → hidden → 1 network with hand-set weights whose output approximates ``target``.

        sigmoid: ŷ(x) = Σᵢ hᵢ·[σ(k(x − lᵢ)) − σ(k(x − rᵢ))]
        relu:    ŷ(x) = Σᵢ (hᵢ/Δ)·[ReLU(x − cᵢ + Δ) − 2 ReLU(x − cᵢ) + ReLU(x − cᵢ − Δ)]

    ``kind="sigmoid"``: [lo, hi] is cut into ``n_bumps`` equal bins of width
    Δ; bin i gets a bump of height hᵢ = target(bin centre): a steep step up
    at its left edge lᵢ minus a steep step down at its right edge rᵢ. The
    steepness is k = sharpness / Δ. The first and last bump reach half a bin
    past the ends so the fit does not sag there. 2 hidden units per bump.

    ``kind="relu"``: ``n_bumps`` hats centred at equally spaced cᵢ (the ends
    included), each a tent of height hᵢ = target(cᵢ) and half-width Δ;
    together they join the dots (cᵢ, hᵢ) with straight lines. 3 hidden units
    per hat.

    Parameters
    ----------
    target : callable
        y = target(x) for an array x of shape (m,), returning shape (m,).
    n_bumps : int ≥ 1
    lo, hi : float, lo < hi
    kind : {"sigmoid", "relu"}
    sharpness : float > 0
        Only for sigmoid bumps.

    Returns
    -------
    MLP
        Layers Dense(1 → units, kind) and Dense(units → 1, identity), with
        units = ``UNITS_PER_BUMP[kind]`` · n_bumps.

    Introduced in lesson 04.
    """
    _check_target(target)
    delta = bump_width(n_bumps, lo, hi, kind)  # checks kind, n_bumps, lo and hi
    n_bumps, (lo, hi) = as_int(n_bumps, "n_bumps", 1), _interval(lo, hi)  # as int and floats
    sharpness = as_number(sharpness, "sharpness", 0, low_open=True)
    check_size((1, UNITS_PER_BUMP[kind] * n_bumps), "the hidden layer's W (1, units)")
    if kind == "sigmoid":
        edges = np.linspace(lo, hi, n_bumps + 1)  # (n + 1,)
        heights = _on_grid(target, (edges[:-1] + edges[1:]) / 2)  # (n,)
        edges[0] -= delta / 2
        edges[-1] += delta / 2
        k = sharpness / delta
        steps = np.column_stack([edges[:-1], edges[1:]]).ravel()  # (2n,): l₁, r₁, l₂, r₂, …
        W1 = np.full((1, 2 * n_bumps), k)  # (1, 2n): z = k·x − k·edge
        b1 = -k * steps  # (2n,)
        W2 = np.column_stack([heights, -heights]).reshape(-1, 1)  # (2n, 1): +h up, −h down
    else:
        centres = np.array([(lo + hi) / 2]) if n_bumps == 1 else np.linspace(lo, hi, n_bumps)
        heights = _on_grid(target, centres)  # (n,)
        kinks = np.column_stack([centres - delta, centres, centres + delta]).ravel()  # (3n,)
        W1 = np.ones((1, 3 * n_bumps))  # (1, 3n): z = x − kink
        b1 = -kinks  # (3n,)
        W2 = (np.column_stack([heights, -2 * heights, heights]) / delta).reshape(-1, 1)  # (3n, 1)
    return MLP.from_layers(
        [Dense.from_weights(W1, b1, kind), Dense.from_weights(W2, [0.0], "identity")]
    )


def bump_contributions(net, x):
    """Each bump's share of the output of a ``bump_network``; the shares add up to ŷ.

        parts[j, i] = Σ over bump i's units u of W2[u]·a_u(xⱼ), so Σᵢ parts[j, i] = ŷ(xⱼ)

    Parameters
    ----------
    net : MLP
        Made by ``bump_network``.
    x : array_like, shape (m,)

    Returns
    -------
    ndarray, shape (m, n_bumps)

    Introduced in lesson 04.
    """
    layers = getattr(net, "layers", None)
    hidden = layers[0] if layers and len(layers) == 2 else None
    per_bump = UNITS_PER_BUMP.get(getattr(hidden, "activation", None))
    if per_bump is None or hidden.n_in != 1 or hidden.n_out % per_bump or layers[1].n_out != 1:
        raise ValueError("bump_contributions needs a network made by bump_network")
    x = as_float_array(x, "x")
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"x must have shape (m,) with m ≥ 1 points, got {x.shape}")
    A = hidden.forward(x[:, None])  # (m, units)
    with np.errstate(over="ignore", invalid="ignore"):  # huge x or weights: inf, as in forward
        parts = A * layers[1].W[:, 0]  # (m, units): each unit's weighted output
        return parts.reshape(len(A), -1, per_bump).sum(axis=2)  # (m, n_bumps)


def approximation_error(net, target, lo, hi, res=401):
    """The largest miss of a 1 → … → 1 network on ``res`` equally spaced points of [lo, hi].

        error = maxⱼ |ŷ(xⱼ) − target(xⱼ)|, xⱼ = lo + j·(hi − lo)/(res − 1)

    Parameters
    ----------
    net : MLP
        One input and one output.
    target : callable
        y = target(x) for an array x of shape (res,), returning shape (res,).
    lo, hi : float, lo < hi
    res : int ≥ 2

    Returns
    -------
    float

    Introduced in lesson 04.
    """
    _check_target(target)
    lo, hi = _interval(lo, hi)
    res = as_int(res, "res", 2)
    sizes = getattr(net, "sizes", None)
    if not sizes or sizes[0] != 1 or sizes[-1] != 1:
        raise ValueError(f"need a network with one input and one output, got sizes {sizes}")
    check_size((res, max(sizes)), "the network's widest layer on res points")
    x = np.linspace(lo, hi, res)  # (res,)
    y_hat = net.forward(x[:, None])[:, 0]  # (res,)
    return float(np.max(np.abs(y_hat - _on_grid(target, x))))


# --- one wide layer: joining the dots -----------------------------------------------------


def relu_interpolant(target, units, lo, hi):
    """One hidden layer of ``units`` ReLUs joining the dots of ``target`` at equal spacing.

        ŷ(x) = target(lo) + Σⱼ cⱼ·ReLU(x − tⱼ), tⱼ = lo + j·Δ, Δ = (hi − lo)/units, cⱼ = sⱼ − sⱼ₋₁

    Unit j switches on a change of slope cⱼ at the knot tⱼ (s₋₁ = 0), where
    sⱼ is the slope of the straight piece from (tⱼ, target(tⱼ)) to
    (tⱼ₊₁, target(tⱼ₊₁)). ``units`` ReLUs make ``units`` straight pieces.

    Parameters
    ----------
    target : callable
        y = target(x) for an array x of shape (m,), returning shape (m,).
    units : int ≥ 1
    lo, hi : float, lo < hi

    Returns
    -------
    MLP
        Sizes [1, units, 1].

    Introduced in lesson 04.
    """
    _check_target(target)
    units = as_int(units, "units", 1)
    check_size((1, units), "the hidden layer's W (1, units)")
    lo, hi = _interval(lo, hi)
    knots = np.linspace(lo, hi, units + 1)  # (units + 1,)
    values = _on_grid(target, knots)  # (units + 1,)
    slopes = np.diff(values) / np.diff(knots)  # (units,)
    changes = np.diff(slopes, prepend=0.0)  # (units,)
    hidden = Dense.from_weights(np.ones((1, units)), -knots[:-1], "relu")
    out = Dense.from_weights(changes.reshape(-1, 1), [values[0]], "identity")
    return MLP.from_layers([hidden, out])


def one_unit_per_kink(net):
    """The same function as a 1 → n → 1 ReLU network, rebuilt with one ReLU per distinct kink.

        ŷ(x) = b₂ + Σⱼ cⱼ·ReLU(x − tⱼ),  cⱼ = the change of slope of ŷ at tⱼ

    A unit ReLU(x − t) with output weight v bends ŷ by v at x = t; units with
    the same kink add their weights, and a kink whose weights cancel is no
    kink at all. So a sum of hats, 3 units each, needs only as many units as
    it has corners.

    Parameters
    ----------
    net : MLP
        Layers Dense(1 → n, relu) with W₁ = 1 (z = x − t) and Dense(n → 1, identity),
        e.g. ``bump_network(..., kind="relu")`` or ``relu_interpolant``.

    Returns
    -------
    MLP
        Sizes [1, kinks, 1]: hidden biases −tⱼ (sorted tⱼ), output weights cⱼ.

    Introduced in lesson 04.
    """
    layers = getattr(net, "layers", None)
    ok = (
        layers is not None
        and len(layers) == 2
        and layers[0].activation == "relu"
        and layers[0].n_in == 1
        and layers[1].n_out == 1
        and layers[1].activation == "identity"
        and np.all(layers[0].W == 1.0)
    )
    if not ok:
        raise ValueError(
            "one_unit_per_kink needs a 1 → n → 1 ReLU network with hidden weights 1, "
            "like bump_network(..., kind='relu')"
        )
    t = -layers[0].b  # (n,)
    v = layers[1].W[:, 0]  # (n,)
    scale = max(1.0, float(np.max(np.abs(t))))
    knots, where = np.unique(np.round(t / scale, 12), return_inverse=True)
    changes = np.bincount(where, weights=v)  # (kinks,)
    knots = np.array([t[where == q].mean() for q in range(len(knots))])
    keep = np.abs(changes) > 1e-12 * max(1.0, float(np.max(np.abs(v))))
    if not keep.any():
        keep[0] = True
    hidden = Dense.from_weights(np.ones((1, int(keep.sum()))), -knots[keep], "relu")
    out = Dense.from_weights(changes[keep].reshape(-1, 1), layers[1].b, "identity")
    return MLP.from_layers([hidden, out])


# --- depth: the sawtooth ------------------------------------------------------------------


def sawtooth(x, depth):
    """gₘ(x), ``depth`` folds of the tent g: a sawtooth with 2^(m−1) teeth on [0, 1].

        g(x) = 2 ReLU(x) − 4 ReLU(x − ½), gₘ = g ∘ … ∘ g (m times), g₀(x) = x

    Parameters
    ----------
    x : array_like, any shape, at least one finite number
    depth : int ≥ 0
        m, the number of folds.

    Returns
    -------
    ndarray, same shape as ``x``
        For x > 8.9e307 the first fold 2 − 2x overflows to −inf, without a warning.

    Introduced in lesson 04.
    """
    depth = as_int(depth, "depth", 0)
    g = as_float_array(x, "x")
    if g.size == 0:
        raise ValueError(f"x must hold at least one number, got shape {g.shape}")
    # g piece by piece: 2 ReLU(g) up to ½, then 2g − 4(g − ½) = 2 − 2g, the same numbers
    # on [0, 1], where for a huge g the two terms would overflow to inf − inf = NaN.
    with np.errstate(over="ignore"):
        for _ in range(depth):
            g = np.where(g < 0.5, 2 * relu(g), 2 - 2 * g)
    return g


def sawtooth_network(depth):
    """A deep ReLU network, weights set by hand, that approximates x² on [0, 1].

        ŷ(x) = x − Σₛ gₛ(x)/4ˢ for s = 1 … m, with gₛ = ``sawtooth(x, s)``

    gₛ is made by one more layer each. Each hidden layer has 3 ReLUs:
    ReLU(gₛ₋₁), ReLU(gₛ₋₁ − ½) (which make the next tooth) and ReLU(sumₛ₋₁),
    the running sum carried along. The result joins the points (j/2ᵐ, (j/2ᵐ)²)
    by straight lines, so its largest error is 2^(−2m−2) (Yarotsky 2017): 4×
    smaller per layer.

    Parameters
    ----------
    depth : int ≥ 0
        m, the number of hidden layers (0 gives ŷ = x).

    Returns
    -------
    MLP
        Sizes [1, 3, …, 3, 1] (``depth`` hidden layers of 3 ReLUs).

    Introduced in lesson 04.
    """
    depth = as_int(depth, "depth", 0)
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


def depth_vs_width(max_depth, res=6145):
    """Largest error on [0, 1] of x² with 3m hidden ReLUs: deep (m layers) against one wide layer.

        deep[m−1] = err(sawtooth_network(m)),  shallow[m−1] = err(relu_interpolant(x², 3m))

    where err is ``approximation_error`` against x² on ``res`` points of [0, 1].

    Parameters
    ----------
    max_depth : int ≥ 1
        Depths m = 1 … max_depth.
    res : int ≥ 2
        Points of [0, 1]; the default's 6144 = 3·2¹¹ steps hit a point where
        each fit misses most, for max_depth ≤ 10.

    Returns
    -------
    units, deep, shallow : ndarray, shape (max_depth,) each
        3m hidden ReLUs, and the two errors (by hand 2^(−2m−2) and 1/(4·(3m)²)).

    Introduced in lesson 04.
    """
    max_depth = as_int(max_depth, "max_depth", 1)
    res = as_int(res, "res", 2)
    # the widest layer, the one wide layer of 3·max_depth units, on res points
    check_size((res, 3 * max_depth), "the widest layer on res points")
    depths = range(1, max_depth + 1)
    units = 3 * np.arange(1, max_depth + 1)  # (max_depth,)
    deep = [approximation_error(sawtooth_network(m), np.square, 0, 1, res) for m in depths]
    shallow = [
        approximation_error(relu_interpolant(np.square, 3 * m, 0, 1), np.square, 0, 1, res)
        for m in depths
    ]
    return units, np.array(deep), np.array(shallow)
