"""Backpropagation in matrix form: gradient checks, cost, and gradient norms per layer (lesson 08).

Backward through a layer, dZ = dA ⊙ f′(Z), dW = Xᵀ dZ, db = Σₙ dZ,
dX = dZ Wᵀ: every layer multiplies the gradient by its Wᵀ and its f′, so
in a deep stack the gradient reaching the first layers can shrink
(vanish) or grow (explode) geometrically. These plots show by how much;
the numbers come from the core (``gradcheck.layer_gradient_norms`` of a
``gradcheck.deep_network``, ``gradcheck.check``).
"""

import numpy as np
from matplotlib.ticker import MaxNLocator

from .base import COLORS, figure, label

__all__ = [
    "draw_gradient_norms",
    "gradcheck_errors",
    "gradient_cost",
    "gradient_norm_curves",
    "gradient_norms",
    "update_gradient_norms",
]

# Norms at or below this are drawn at the bottom of a log axis (a dead layer's 0).
_FLOOR = 1e-300


def _decades(norms):
    """Log-axis limits a decade beyond the smallest and largest positive norm, and 1."""
    pos = np.append(norms[norms > _FLOOR], 1.0)
    lo = 10.0 ** (np.floor(np.log10(pos.min())) - 1)
    hi = 10.0 ** (np.ceil(np.log10(pos.max())) + 1)
    return float(lo), float(hi)


def draw_gradient_norms(ax, norms, max_layers=None, ylim=None):
    """Bars of ‖dW_ℓ‖ per layer on a log axis; the output layer's bar in orange.

    Bars start at ‖dW‖ = 1 (the black line): they grow up for large gradients
    and hang down for small ones.

    Parameters
    ----------
    ax : matplotlib Axes
    norms : array_like, shape (D,)
        ‖dW_ℓ‖ for ℓ = 1 … D, layer 1 (next to the input) first.
    max_layers : int, optional
        Bars to create (default D), so a widget can show more layers later.
        Given, the x axis is fixed to that many layers.
    ylim : (float, float), optional
        Fixed log-axis limits, so the height of a bar reads as an absolute
        size (a row of equal bars at 10¹⁵ is an explosion). Default: fit the
        norms, a decade beyond either end.

    Returns
    -------
    dict of artists for ``update_gradient_norms``.

    Introduced in lesson 08.
    """
    norms = np.asarray(norms, dtype=float)
    n = max_layers or len(norms)
    if len(norms) > n:
        raise ValueError(f"got {len(norms)} norms but only {n} bars")
    if ylim is not None and not 0 < ylim[0] < ylim[1]:
        raise ValueError(f"ylim must be (low, high) with 0 < low < high, got {ylim!r}")
    bars = ax.bar(np.arange(1, n + 1), np.ones(n), width=0.75, color=COLORS["blue"])
    ax.axhline(1.0, color=COLORS["black"], lw=0.8)
    ref = ax.axhline(1.0, color=COLORS["orange"], ls="--", lw=1.2, label="output layer's ‖dW‖")
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", fontsize=9, framealpha=0.9)
    artists = {"bars": bars, "ref": ref, "ax": ax, "ylim": ylim}
    if max_layers is not None:
        ax.set_xlim(0.4, n + 0.6)
    if ylim is not None:
        ax.set_ylim(*ylim)
    artists["fixed_x"] = max_layers is not None
    update_gradient_norms(artists, norms)
    return artists


def update_gradient_norms(artists, norms):
    """Set the bar heights to ``norms``, hide unused bars, and fit the axes if not fixed.

    Returns
    -------
    bool
        True if the axis limits changed (a widget then redraws the ticks too).
    """
    norms = np.asarray(norms, dtype=float)
    bars, ax = artists["bars"], artists["ax"]
    if norms.ndim != 1 or not 1 <= len(norms) <= len(bars):
        raise ValueError(f"norms must be 1-D with 1 to {len(bars)} entries, got {norms.shape}")
    lo, hi = artists["ylim"] or _decades(norms)
    D = len(norms)
    for i, bar in enumerate(bars):
        if i < D:
            bar.set_y(1.0)  # bars grow from ‖dW‖ = 1: up when large, down when small
            bar.set_height(min(max(norms[i], lo), hi) - 1.0)
            bar.set_color(COLORS["orange"] if i == D - 1 else COLORS["blue"])
            bar.set_visible(True)
        else:
            bar.set_visible(False)
    artists["ref"].set_ydata([norms[-1], norms[-1]])
    xlim = ax.get_xlim() if artists["fixed_x"] else (0.4, D + 0.6)
    changed = (ax.get_xlim(), ax.get_ylim()) != (xlim, (lo, hi))
    if changed:
        ax.set_xlim(*xlim)
        ax.set_ylim(lo, hi)
    return changed


def gradient_norms(norms, title=None):
    """A bar chart of ‖dW_ℓ‖ per layer (log axis), from ``gradcheck.layer_gradient_norms``.

    Introduced in lesson 08.
    """
    norms = np.asarray(norms, dtype=float)
    fig, ax = figure(4.6, 3.2)
    draw_gradient_norms(ax, norms)
    ratio = norms[0] / norms[-1] if norms[-1] > 0 else np.inf
    label(
        ax,
        title or f"‖dW₁‖ / ‖dW_D‖ = {ratio:.2g}".replace("-", "−"),
        "layer ℓ (1 = next to the input)",
        r"$\|dW_\ell\|$ (log scale)",
    )
    return fig


def gradient_norm_curves(curves, title="gradient norm per layer"):
    """Lines of ‖dW_ℓ‖ against layer ℓ, one per network, on a log axis.

    Parameters
    ----------
    curves : dict of str -> array_like
        A legend label and the norms of each network (layer 1 first).

    Introduced in lesson 08.
    """
    if not curves:
        raise ValueError("curves is empty: pass {label: norms}")
    fig, ax = figure(6.4, 3.4)
    for name, norms in curves.items():
        norms = np.maximum(np.asarray(norms, dtype=float), _FLOOR)
        ax.plot(
            np.arange(1, len(norms) + 1),
            norms,
            "o-",
            ms=3.5,
            lw=1.6,
            label=name,
        )
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    label(ax, title, "layer ℓ (1 = next to the input)", r"$\|dW_\ell\|$ (log scale)")
    return fig


def gradcheck_errors(errors, threshold=1e-6):
    """Horizontal bars of relative errors (log axis) against the pass threshold.

    Parameters
    ----------
    errors : dict of str -> float
        A name per backward implementation and its ``gradcheck`` relative error.
    threshold : float
        Below it analytic and numerical gradients agree.

    Introduced in lesson 08.
    """
    if not errors:
        raise ValueError("errors is empty: pass {name: relative error}")
    names = list(errors)
    vals = np.maximum(np.array([errors[k] for k in names], dtype=float), 1e-16)
    fig, ax = figure(4.8, 0.5 * len(names) + 1.3)
    colors = [COLORS["green"] if v < threshold else COLORS["vermillion"] for v in vals]
    ax.barh(np.arange(len(names)), vals, color=colors, left=1e-16)
    ax.axvline(threshold, color=COLORS["black"], ls="--", lw=1.2, label=f"{threshold:g}")
    ax.set_xscale("log")
    ax.set_yticks(np.arange(len(names)), names)
    ax.invert_yaxis()
    ax.legend(loc="lower right", fontsize=9)
    label(
        ax,
        "gradient check: green passes, red fails",
        "relative error (log scale)",
        "backward implementation",
    )
    return fig


def gradient_cost(n_params, numerical, backprop):
    """Cost of one gradient, in forward passes, against the number of parameters (log-log).

    Parameters
    ----------
    n_params : array_like
        Number of parameters P of each network.
    numerical : array_like
        Forward passes for central differences (two per parameter: 2P).
    backprop : array_like
        Forward-pass equivalents of one forward + backward pass, timed at each
        size (the time of forward + backward over the time of one forward pass).

    Introduced in lesson 08.
    """
    P = np.asarray(n_params, dtype=float)
    num, bp = np.asarray(numerical, dtype=float), np.asarray(backprop, dtype=float)
    if not P.shape == num.shape == bp.shape:
        raise ValueError(f"shapes differ: {P.shape}, {num.shape}, {bp.shape}")
    fig, ax = figure(4.6, 3.2)
    ax.loglog(P, num, "o-", color=COLORS["vermillion"], label="central differences (2P)")
    ax.loglog(P, bp, "s-", color=COLORS["blue"], label="backprop (forward + backward, timed)")
    ax.legend(fontsize=9, loc="upper left")
    label(ax, "cost of one gradient", "number of parameters P", "cost (forward passes)")
    return fig
