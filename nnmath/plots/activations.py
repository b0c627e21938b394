"""Pictures of activation functions, their derivatives, saturation and softmax (lesson 02).

The numbers drawn here (f, f′, the tangent, where a unit saturates) come from
``nnmath.activations``.
"""

import numpy as np

from ..activations import (
    SCALAR_ACTIVATIONS,
    get_scalar,
    saturation_threshold,
    softmax,
    tangent_line,
)
from .base import COLORS, figure, label

__all__ = [
    "activation_curves",
    "activation_ylim",
    "draw_activation",
    "saturation",
    "softmax_bars",
    "update_activation",
]

_CURVE_COLORS = {
    "sigmoid": COLORS["blue"],
    "tanh": COLORS["orange"],
    "relu": COLORS["green"],
    "identity": COLORS["purple"],
}


# Where f′ jumps (ReLU's corner): its graph is two pieces, not a vertical segment.
_KINKS = {"relu": (0.0,)}


def _slope_pieces(name, z):
    """f′ over the grid ``z`` as pieces: ``(zs, dfs, dots)``.

    Where f′ jumps (ReLU at 0) the pieces are split by a NaN (no vertical
    segment is drawn) and each piece ends at the jump with its one-sided limit.
    ``dots`` lists ``(z₀, f′(z₀), the other one-sided limit)`` for each jump:
    a closed dot for the value nnmath uses there, an open one for the limit it
    does not take.
    """
    _, f_prime = get_scalar(name)
    zs, dfs, dots = [], [], []
    lo = -np.inf
    for k in _KINKS.get(name, ()):
        left, right, at = (float(f_prime(k + d)) for d in (-1e-9, 1e-9, 0.0))
        inside = z[(z > lo) & (z < k)]
        zs += [inside, [k], [np.nan]]
        dfs += [f_prime(inside), [left], [np.nan]]
        dots.append((k, at, right if at == left else left))
        zs.append([k])
        dfs.append([right])
        lo = k
    rest = z[z > lo]
    zs.append(rest)
    dfs.append(f_prime(rest))
    return np.concatenate(zs), np.concatenate(dfs), dots


def _show_dots(artists, name, dots):
    """Move the closed/open dots of ``draw_activation`` to f′'s jumps (none: hide them)."""
    color = _CURVE_COLORS[name]
    artists["df_closed"].set_data([d[0] for d in dots], [d[1] for d in dots])
    artists["df_open"].set_data([d[0] for d in dots], [d[2] for d in dots])
    artists["df_closed"].set_color(color)
    artists["df_open"].set_markeredgecolor(color)


def _jump_dots(ax, name, dots, size=6):
    """Draw each jump of f′: a closed dot at the value taken, an open one at the other limit."""
    color = _CURVE_COLORS[name]
    for k, at, other in dots:
        ax.plot([k], [at], "o", color=color, ms=size, zorder=4)
        ax.plot([k], [other], "o", mfc="white", mec=color, mew=1.6, ms=size, zorder=4)


def activation_ylim(name, zlim):
    """y-limits that show the whole curve f(z) for z in [−zlim, zlim] with a margin."""
    f, _ = get_scalar(name)
    lo, hi = float(f(-zlim)), float(f(zlim))
    pad = 0.12 * (hi - lo)
    return lo - pad, hi + pad


def draw_activation(ax_f, ax_df, name, z0, zlim=6.0):
    """Draw f(z) on ``ax_f`` and f′(z) on ``ax_df``, the point z₀ on both and f's tangent at z₀.

    The tangent (dashed) touches f at z₀ with slope f′(z₀): the height of the
    dot on the right is the steepness of the dashed line on the left.

    Returns a dict of artists for ``update_activation``.
    Introduced in lesson 02.
    """
    get_scalar(name)
    z = np.linspace(-zlim, zlim, 401)
    artists = {"z": z, "zlim": zlim, "ax_f": ax_f, "ax_df": ax_df}
    artists["f"] = ax_f.plot([], [], lw=2.2, label="f(z)")[0]
    artists["tangent"] = ax_f.plot(
        [], [], color=COLORS["vermillion"], lw=1.5, ls="--", label="tangent, slope f′(z)"
    )[0]
    artists["f_point"] = ax_f.plot([], [], "o", color="k", ms=7, zorder=5)[0]
    artists["df"] = ax_df.plot([], [], lw=2.2, label="f′(z)")[0]
    # where f′ jumps (ReLU at 0): a closed dot at the value taken, an open one at the other
    artists["df_closed"] = ax_df.plot([], [], "o", ms=6, zorder=4)[0]
    artists["df_open"] = ax_df.plot([], [], "o", mfc="white", mew=1.6, ms=6, zorder=4)[0]
    artists["df_point"] = ax_df.plot([], [], "o", color="k", ms=7, zorder=5)[0]
    for ax in (ax_f, ax_df):
        ax.axhline(0, color="k", lw=0.6)
        ax.axvline(0, color="k", lw=0.6)
        ax.set_xlim(-zlim, zlim)
    ax_df.set_ylim(-0.1, 1.15)
    label(ax_f, "f(z)", "z (pre-activation)", "f(z) (output)")
    label(ax_df, "f′(z)", "z (pre-activation)", "f′(z) (slope)")
    update_activation(artists, name, z0)
    return artists


def update_activation(artists, name, z0):
    """Redraw what ``draw_activation`` drew for activation ``name`` at point ``z0``.

    Returns ``True`` when the y-limits of f's axes changed (the caller then
    redraws the whole figure, tick labels included).
    """
    f, f_prime = get_scalar(name)
    z, zlim = artists["z"], artists["zlim"]
    color = _CURVE_COLORS[name]
    artists["f"].set_data(z, f(z))
    artists["f"].set_color(color)
    zs, dfs, dots = _slope_pieces(name, z)
    artists["df"].set_data(zs, dfs)
    artists["df"].set_color(color)
    _show_dots(artists, name, dots)
    artists["tangent"].set_data(*tangent_line(name, z0, half_width=0.3 * zlim))
    artists["f_point"].set_data([z0], [f(z0)])
    artists["df_point"].set_data([z0], [f_prime(z0)])
    ylim = activation_ylim(name, zlim)
    changed = not np.allclose(artists["ax_f"].get_ylim(), ylim)
    if changed:
        artists["ax_f"].set_ylim(*ylim)
    return changed


def activation_curves(names=SCALAR_ACTIVATIONS, zlim=5.0):
    """A figure of several activations f(z) (left) and their derivatives f′(z) (right).

    Where a derivative jumps (ReLU at 0) it is drawn as two pieces, with a
    closed dot at the value nnmath takes there and an open dot at the other.

    Introduced in lesson 02.
    """
    fig, (ax_f, ax_df) = figure(6.4, 2.8, ncols=2)
    z = np.linspace(-zlim, zlim, 401)
    for name in names:
        f, _ = get_scalar(name)
        # identity is dashed: for z > 0 it lies exactly on ReLU (and its slope on ReLU's)
        style = {"ls": (0, (4, 3)), "lw": 1.6} if name == "identity" else {"lw": 2.2}
        ax_f.plot(z, f(z), color=_CURVE_COLORS[name], label=name, **style)
        zs, dfs, dots = _slope_pieces(name, z)
        ax_df.plot(zs, dfs, color=_CURVE_COLORS[name], label=name, **style)
        _jump_dots(ax_df, name, dots)
    ax_f.set_ylim(-1.5, 2.5)
    ax_df.set_ylim(-0.1, 1.15)
    for ax in (ax_f, ax_df):
        ax.axhline(0, color="k", lw=0.6)
        ax.axvline(0, color="k", lw=0.6)
    label(ax_f, "activations f(z)", "z (pre-activation)", "f(z)")
    label(ax_df, "their derivatives f′(z)", "z (pre-activation)", "f′(z)")
    ax_f.legend(loc="upper left", fontsize=9)
    return fig


def saturation(name="sigmoid", threshold=0.05, zlim=8.0):
    """A figure of f and f′ with the saturated regions, where f′(z) < ``threshold``, shaded.

    Introduced in lesson 02.
    """
    f, f_prime = get_scalar(name)
    z = np.linspace(-zlim, zlim, 401)
    fig, ax = figure(5, 3)
    ax.plot(z, f(z), lw=2, color=COLORS["blue"], label=f"{name}(z)")
    ax.plot(z, f_prime(z), lw=2, color=COLORS["vermillion"], label=f"{name}′(z)")
    zs = saturation_threshold(name, threshold, zlim)
    if np.isfinite(zs):
        for lo, hi in ((-zlim, -zs), (zs, zlim)):
            ax.axvspan(lo, hi, color=COLORS["grey"], alpha=0.25, lw=0)
        ax.axvspan(0, 0, color=COLORS["grey"], alpha=0.25, label=f"saturated: f′ < {threshold}")
    ax.axhline(0, color="k", lw=0.6)
    ax.set_xlim(-zlim, zlim)
    label(ax, f"{name} saturates for |z| > {zs:.2f}", "z (pre-activation)", "value")
    ax.legend(loc="center left", fontsize=9, framealpha=0.9)
    return fig


def softmax_bars(z, labels=None):
    """A figure of the logits z (left) and their softmax probabilities (right).

    Parameters
    ----------
    z : array_like, shape (k,)
    labels : sequence of str, optional
        Class names; default "class 0", "class 1", …

    Introduced in lesson 02.
    """
    z = np.asarray(z, dtype=float)
    if z.ndim != 1 or z.size < 2:
        raise ValueError(f"z must be one vector of k ≥ 2 logits, shape (k,), got {z.shape}")
    labels = list(labels) if labels is not None else [f"class {i}" for i in range(z.size)]
    if len(labels) != z.size:
        raise ValueError(f"need {z.size} labels, got {len(labels)}")
    p = softmax(z)
    fig, (ax_z, ax_p) = figure(6, 2.8, ncols=2)
    pos = np.arange(z.size)
    ax_z.bar(pos, z, color=COLORS["sky"])
    ax_p.bar(pos, p, color=COLORS["blue"])
    ax_z.axhline(0, color="k", lw=0.6)
    for ax in (ax_z, ax_p):
        ax.set_xticks(pos, labels)
    for i, v in enumerate(p):
        ax_p.text(i, v + 0.02, f"{v:.2f}", ha="center", fontsize=9)
    ax_p.set_ylim(0, 1.1)
    label(ax_z, "logits z (any real numbers)", "class", "z")
    label(ax_p, "softmax(z):\npositive, sum to 1", "class", "probability")
    return fig
