"""Loss functions and the loss surface of one neuron over its (w, b) (lesson 05).

The model throughout is one neuron with one input, ŷ = f(w x + b), on data
``x (n,)``, ``y (n,)``; its loss L(w, b) is a function of two numbers, so it
can be drawn as a surface or as contours.
"""

import numpy as np
from matplotlib.collections import LineCollection

from .. import losses as losses_
from ..activations import get as get_activation
from ..activations import sigmoid
from ..optim import descend
from .base import CLASS_COLORS, COLORS, figure, label
from .descent import Surface

__all__ = [
    "bce_sigmoid_dz",
    "draw_loss_contours",
    "draw_neuron_fit",
    "gradient_wrt_z",
    "loss_contours",
    "loss_grid",
    "loss_levels",
    "loss_surface",
    "loss_vs_prediction",
    "mse_sigmoid_dz",
    "neuron_loss_surface",
    "update_neuron_fit",
]

# The one-neuron losses the grid knows how to evaluate, vectorised over (b, w).
_GRID_LOSSES = ("mse", "binary_cross_entropy")
_TITLES = {"mse": "Squared error", "binary_cross_entropy": "Cross-entropy"}


def _xy(x, y):
    """``x`` and ``y`` as float arrays of shape (n,), with a clear error otherwise."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D with shape (n,) (one input per sample), got {x.shape}")
    if y.shape != x.shape:
        raise ValueError(f"y must have the shape of x {x.shape}, got {y.shape}")
    if x.size == 0:
        raise ValueError("x and y must hold at least one sample")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y must not contain NaN or infinity")
    return x, y


def _loss_name(loss):
    name = losses_.get(loss).name
    if name not in _GRID_LOSSES:
        raise ValueError(
            f"a one-output neuron's loss surface needs one of {_GRID_LOSSES}, got {name!r}"
        )
    return name


def _lim(lim, name):
    lo, hi = (float(v) for v in lim)
    if not lo < hi:
        raise ValueError(f"{name} must be (low, high) with low < high, got {lim!r}")
    return lo, hi


def loss_grid(x, y, ws, bs, loss="mse", activation="identity"):
    """The loss of the neuron ŷ = f(w x + b) at every (w, b) of a grid.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Inputs and targets.
    ws : array_like, shape (a,)
        Weights to try (the grid's columns).
    bs : array_like, shape (c,)
        Biases to try (the grid's rows).
    loss : {"mse", "binary_cross_entropy"} or a Loss
    activation : str
        The neuron's f ("identity" for regression, "sigmoid" for a probability).

    Returns
    -------
    L : ndarray, shape (c, a)
        ``L[i, j]`` is the loss at w = ws[j], b = bs[i] (the layout of
        ``np.meshgrid(ws, bs)``), the same number ``nnmath.losses`` gives.

    Introduced in lesson 05.
    """
    ws = np.asarray(ws, dtype=np.float64).reshape(-1)
    bs = np.asarray(bs, dtype=np.float64).reshape(-1)
    W, B = np.meshgrid(ws, bs)  # (c, a) each
    return _neuron_loss(x, y, W, B, loss, activation)


def _neuron_loss(x, y, W, B, loss, activation):
    """L at weights ``W`` and biases ``B`` (arrays of one shape S), shape S."""
    x, y = _xy(x, y)
    name = _loss_name(loss)
    f, _ = get_activation(activation)
    y_hat = f(np.asarray(B)[..., None] + np.asarray(W)[..., None] * x)  # (*S, n)
    if name == "mse":
        return np.mean((y_hat - y) ** 2, axis=-1)
    if np.any((y_hat < 0) | (y_hat > 1)):
        raise ValueError("binary cross-entropy needs probabilities: use activation='sigmoid'")
    p = np.clip(y_hat, losses_.EPS, 1.0 - losses_.EPS)
    return -np.mean(y * np.log(p) + (1.0 - y) * np.log1p(-p), axis=-1)


def loss_levels(L, k=14):
    """Contour levels for a loss grid: L_min plus geometrically spaced heights.

    A quadratic bowl's ellipses then look evenly spaced, and the low region
    near the minimum gets as many lines as the steep walls.

    Parameters
    ----------
    L : ndarray, any shape
    k : int

    Returns
    -------
    levels : ndarray, shape (k,), increasing
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
    wlim, blim = _lim(wlim, "wlim"), _lim(blim, "blim")
    ws = np.linspace(*wlim, res)
    bs = np.linspace(*blim, res)
    L = loss_grid(x, y, ws, bs, loss, activation)
    levels = loss_levels(L)
    filled = ax.contourf(ws, bs, L, levels=levels, cmap="viridis_r", alpha=0.55, extend="both")
    lines = ax.contour(ws, bs, L, levels=levels, colors="k", linewidths=0.5, alpha=0.5)
    i, j = np.unravel_index(np.argmin(L), L.shape)
    best = (float(ws[j]), float(bs[i]))
    star = ax.plot(*best, marker="*", ms=13, color=COLORS["yellow"], mec="k", ls="none")[0]
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
        "star": star,
    }


def loss_contours(
    x, y, w=None, b=None, wlim=(-3, 3), blim=(-3, 3), loss="mse", activation="identity"
):
    """A figure of the loss L(w, b) of one neuron as contours, with an optional point (w, b).

    Introduced in lesson 05.
    """
    fig, ax = figure(4.8, 4.2)
    draw_loss_contours(ax, x, y, wlim, blim, loss, activation)
    if w is not None and b is not None:
        here = losses_.get(loss).value(get_activation(activation)[0](w * _xy(x, y)[0] + b), y)
        ax.plot(w, b, "o", ms=9, color=COLORS["vermillion"], mec="k", label=f"L = {here:.3f}")
    ax.legend(loc="upper right", fontsize=9, framealpha=0.9)
    label(ax, f"{_TITLES[_loss_name(loss)]}: contours of L(w, b)", "weight w", "bias b")
    return fig


def loss_surface(x, y, wlim=(-3, 3), blim=(-3, 3), loss="mse", activation="identity", res=50):
    """The loss L(w, b) of one neuron as a 3-D surface (a static figure).

    Introduced in lesson 05.
    """
    wlim, blim = _lim(wlim, "wlim"), _lim(blim, "blim")
    ws = np.linspace(*wlim, res)
    bs = np.linspace(*blim, res)
    L = loss_grid(x, y, ws, bs, loss, activation)
    W, B = np.meshgrid(ws, bs)
    fig, ax = figure(5.0, 4.4, projection="3d")
    ax.plot_surface(W, B, L, cmap="viridis_r", linewidth=0, antialiased=True, alpha=0.9)
    ax.contour(
        W,
        B,
        L,
        levels=loss_levels(L, 10),
        zdir="z",
        offset=float(L.min()),
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
        s=120,
        color=COLORS["yellow"],
        edgecolor="k",
        depthshade=False,
    )
    ax.view_init(elev=35, azim=-60)
    ax.set_zlabel("loss L")
    label(ax, f"{_TITLES[_loss_name(loss)]}: the surface L(w, b)", "weight w", "bias b")
    return fig


def draw_neuron_fit(ax, x, y, w, b, activation="identity", res=200):
    """Draw the data, the neuron's curve ŷ = f(w x + b) and each sample's error ŷᵢ − yᵢ.

    The errors are vertical segments from each point to the curve: what MSE
    squares and averages. Returns a dict of artists for ``update_neuron_fit``.
    """
    x, y = _xy(x, y)
    f, _ = get_activation(activation)
    pad = 0.08 * (x.max() - x.min() or 1.0)
    xs = np.linspace(x.min() - pad, x.max() + pad, res)
    residuals = LineCollection(
        _segments(x, y, f(w * x + b)), colors=COLORS["vermillion"], linewidths=1.2, alpha=0.8
    )
    ax.add_collection(residuals)
    curve = ax.plot(xs, f(w * xs + b), color=COLORS["blue"], lw=2, label="model ŷ")[0]
    if activation == "sigmoid" and np.all(np.isin(y, (0.0, 1.0))):
        colors = [CLASS_COLORS[int(v)] for v in y]
    else:
        colors = COLORS["orange"]
    ax.scatter(x, y, s=26, c=colors, edgecolor="k", linewidth=0.5, zorder=3, label="data (x, y)")
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


def neuron_loss_surface(x, y, wlim, blim, loss="mse", activation="identity"):
    """The loss L(w, b) of the neuron ŷ = f(w x + b) as a ``Surface`` for descent demos.

    Its gradient is the chain rule on ``nnmath.losses``: with gᵢ = ∂L/∂ŷᵢ
    (``loss.gradient``) and ∂L/∂zᵢ = gᵢ f′(zᵢ),

        ∂L/∂w = Σᵢ ∂L/∂zᵢ xᵢ,    ∂L/∂b = Σᵢ ∂L/∂zᵢ,

    and for the pairs sigmoid + binary cross-entropy the stable ∂L/∂zᵢ = (ŷᵢ − yᵢ)/n.
    Only the convex pairs (mse, identity) and (binary_cross_entropy, sigmoid)
    are accepted; their minimum is found by descent from the grid's lowest point.

    Parameters
    ----------
    x, y : array_like, shape (n,)
    wlim, blim : (float, float)
        The window of the (w, b) plane.

    Returns
    -------
    Surface
        Points are p = (w, b).

    Introduced in lesson 06.
    """
    x, y = _xy(x, y)
    loss = losses_.get(loss)
    if (loss.name, activation) not in {("mse", "identity"), ("binary_cross_entropy", "sigmoid")}:
        raise ValueError(
            "neuron_loss_surface needs loss='mse' with activation='identity' or "
            f"loss='binary_cross_entropy' with activation='sigmoid', got {loss.name!r}, "
            f"{activation!r}"
        )
    wlim, blim = _lim(wlim, "wlim"), _lim(blim, "blim")
    f, f_prime = get_activation(activation)

    def value(W, B):
        return _neuron_loss(x, y, W, B, loss, activation)

    def grad_one(w, b):
        z = w * x + b  # (n,)
        if loss.fused_activation == activation:
            dz = loss.fused_gradient(f(z), y)  # (ŷ − y)/n, shape (n,)
        else:
            dz = loss.gradient(f(z), y) * f_prime(z)
        return dz @ x, dz.sum()

    def gradient(W, B):
        W, B = np.broadcast_arrays(np.asarray(W, dtype=np.float64), np.asarray(B, dtype=np.float64))
        out = np.array([grad_one(w, b) for w, b in zip(W.ravel(), B.ravel(), strict=True)])
        return out[:, 0].reshape(W.shape), out[:, 1].reshape(W.shape)

    # The minimum: the grid's lowest point, polished by plain descent with η = 1/(largest
    # curvature) — for these convex losses the Hessian is at most c·mean([x², x; x, 1]),
    # c = 2 (mse) or 1/4 (sigmoid + cross-entropy).
    ws, bs = np.linspace(*wlim, 101), np.linspace(*blim, 101)
    L = loss_grid(x, y, ws, bs, loss, activation)
    i, j = np.unravel_index(np.argmin(L), L.shape)
    M = np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    c = 2.0 if loss.name == "mse" else 0.25
    lr = 1.0 / (c * np.linalg.eigvalsh(M)[-1])
    best = descend(lambda p: np.array(grad_one(*p)), [ws[j], bs[i]], lr, 2000)[-1]
    (w0, w1), (b0, b1) = wlim, blim
    starts = {
        "upper left": (w0 + 0.1 * (w1 - w0), b0 + 0.85 * (b1 - b0)),
        "upper right": (w0 + 0.9 * (w1 - w0), b0 + 0.9 * (b1 - b0)),
        "lower left": (w0 + 0.2 * (w1 - w0), b0 + 0.08 * (b1 - b0)),
        "lower right": (w0 + 0.95 * (w1 - w0), b0 + 0.25 * (b1 - b0)),
    }
    return Surface(
        "loss L(w, b)",
        value,
        gradient,
        wlim,
        blim,
        best,
        starts,
        formula="L(w, b)",
        axis_labels=("weight w", "bias b"),
    )


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


def mse_sigmoid_dz(z, y):
    """∂L/∂z for ŷ = σ(z) and L = (ŷ − y)²: 2(σ(z) − y)σ(z)(1 − σ(z)), shape of ``z``.

    Introduced in lesson 05.
    """
    s = sigmoid(z)
    return 2.0 * (s - y) * s * (1.0 - s)


def bce_sigmoid_dz(z, y):
    """∂L/∂z for ŷ = σ(z) and L = −[y log ŷ + (1 − y) log(1 − ŷ)]: σ(z) − y, shape of ``z``.

    Introduced in lesson 05.
    """
    return sigmoid(z) - y


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
    ax.plot(z, bce_sigmoid_dz(z, y), color=COLORS["orange"], lw=2, label="cross-entropy: σ(z) − y")
    ax.plot(
        z, mse_sigmoid_dz(z, y), color=COLORS["blue"], lw=2, label="squared error: 2(σ − y)σ(1 − σ)"
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
