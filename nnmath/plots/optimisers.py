"""Optimisers compared: moving averages, step sizes per coordinate, schedules, sweeps (lesson 12).

The numbers come from the core: ``nnmath.optim``'s optimisers, schedules and
``trajectory`` (the path, gradients, steps, m, v and effective step sizes of a
2-D run). These functions draw them; a surface argument is a ``Surface`` or
its name in ``surfaces.SURFACES``.
"""

import numpy as np

from ..surfaces import get_surface
from .base import COLORS, figure, label
from .descent import draw_path, draw_surface

__all__ = [
    "OPTIMISER_COLORS",
    "bias_correction",
    "draw_effective_lr",
    "ema_weights",
    "lr_sweep",
    "race_panels",
    "schedule_curves",
    "step_sizes",
    "update_effective_lr",
]

# One colour per optimiser, the same in every lesson 12 picture and in the race widget.
OPTIMISER_COLORS = {
    "SGD": COLORS["vermillion"],
    "momentum": COLORS["blue"],
    "RMSProp": COLORS["green"],
    "Adam": COLORS["purple"],
    "AdamW": COLORS["orange"],
    "SGD+momentum": COLORS["blue"],
}
# The effective step size |Δx|/|g| is drawn on this fixed log axis.
EFFECTIVE_LIM = (1e-3, 1e2)


def _color(name, i):
    others = [COLORS[c] for c in ("sky", "black", "grey")]
    return OPTIMISER_COLORS.get(name, others[i % len(others)])


def _named(d, what):
    if not isinstance(d, dict) or not d:
        raise ValueError(f"{what} must be a non-empty dict")
    return d


def ema_weights(weights):
    """The weight each past gradient gets in a moving average, ``{β: weights (k,)}``.

    Weight (1 − β)βᵃ for the gradient a steps old; a dotted line marks the
    effective window 1/(1 − β). Introduced in lesson 12.
    """
    weights = _named(weights, "weights")
    fig, ax = figure(5.4, 3.4)
    for i, (beta, wts) in enumerate(weights.items()):
        wts = np.asarray(wts, dtype=np.float64).reshape(-1)
        color = [COLORS[c] for c in ("vermillion", "blue", "green", "purple")][i % 4]
        ax.plot(np.arange(wts.size), wts, "-o", ms=2.5, lw=1.4, color=color, label=f"β = {beta:g}")
        ax.axvline(1 / (1 - beta), color=color, ls=":", lw=1.2)
    ax.set_yscale("log")
    ax.legend(fontsize=9, title="dotted: window 1/(1 − β)", title_fontsize=9)
    label(ax, "How much a moving average remembers", "age a of the gradient (steps)", "weight")
    return fig


def bias_correction(m, m_hat, mean):
    """A moving average m_t started at 0 and its bias-corrected m̂_t, against the true mean.

    ``m``, ``m_hat`` of shape (k,), ``mean`` the gradients' expected value.
    Introduced in lesson 12.
    """
    m = np.asarray(m, dtype=np.float64).reshape(-1)
    m_hat = np.asarray(m_hat, dtype=np.float64).reshape(-1)
    t = np.arange(1, m.size + 1)
    fig, ax = figure(5.4, 3.4)
    ax.axhline(mean, color="k", ls="--", lw=1.2, label=f"E[g] = {mean:g}")
    ax.plot(t, m, "-o", ms=2.5, color=COLORS["vermillion"], label="m_t (starts at 0)")
    ax.plot(t, m_hat, "-o", ms=2.5, color=COLORS["blue"], label="m̂_t = m_t / (1 − β₁ᵗ)")
    ax.legend(fontsize=9)
    label(ax, "Bias correction undoes the start at m₀ = 0", "step t", "moving average of g")
    return fig


def step_sizes(runs):
    """|g_i| (dashed) and |Δx_i| (solid) per step and coordinate, one panel per run.

    ``runs`` maps a name to an ``optim.trajectory`` result. Introduced in lesson 12.
    """
    runs = _named(runs, "runs")
    fig, axes = figure(3.3 * len(runs), 3.2, ncols=len(runs))
    axes = np.atleast_1d(axes)
    for ax, (name, run) in zip(axes, runs.items(), strict=True):
        k = np.arange(1, len(run["step"]) + 1)
        for i, color in enumerate((COLORS["blue"], COLORS["orange"])):
            coordinate = "p₁" if i == 0 else "p₂"
            ax.plot(
                k,
                np.abs(run["grad"][:, i]),
                "--",
                color=color,
                lw=1.3,
                label=f"|g| in {coordinate}",
            )
            ax.plot(
                k,
                np.abs(run["step"][:, i]),
                "-",
                color=color,
                lw=1.8,
                label=f"|Δp| in {coordinate}",
            )
        ax.set_yscale("log")
        label(ax, name, "step k", "size (log scale)")
    axes[0].legend(fontsize=9)
    return fig


def schedule_curves(schedules, steps):
    """η(t) against the step t for ``{label: schedule}``; any callable t → η.

    Introduced in lesson 12.
    """
    schedules = _named(schedules, "schedules")
    t = np.arange(steps)
    fig, ax = figure(5.4, 3.3)
    palette = [COLORS[c] for c in ("black", "vermillion", "blue", "green", "purple")]
    for (name, schedule), color in zip(schedules.items(), palette * len(schedules), strict=False):
        ax.plot(t, [schedule(int(s)) for s in t], color=color, lw=1.8, label=name)
    ax.legend(fontsize=9)
    label(ax, "Learning-rate schedules", "step t", "learning rate η(t)")
    return fig


def lr_sweep(scores, ylabel="validation accuracy", title="Each optimiser's learning-rate sweep"):
    """Mean ± standard deviation over seeds against η, ``{name: {lr: scores (seeds,)}}``.

    The best η of each (highest mean) is ringed. Introduced in lesson 12.
    """
    scores = _named(scores, "scores")
    fig, ax = figure(5.6, 3.6)
    for i, (name, by_lr) in enumerate(scores.items()):
        lrs = np.array(sorted(by_lr))
        runs = [np.asarray(by_lr[lr], dtype=np.float64) for lr in lrs]
        mean, sd = np.array([r.mean() for r in runs]), np.array([r.std() for r in runs])
        color = _color(name, i)
        ax.errorbar(lrs, mean, yerr=sd, fmt="-o", ms=4, capsize=3, color=color, label=name)
        best = int(np.argmax(mean))
        ax.plot(lrs[best], mean[best], "o", ms=12, mfc="none", mec=color, mew=1.8)
    ax.set_xscale("log")
    ax.legend(fontsize=9)
    label(ax, title, "learning rate η (log scale)", ylabel)
    return fig


def draw_effective_lr(ax, names):
    """Bars of the effective step size |Δx|/|g| per coordinate, two per optimiser in ``names``.

    Returns the artists for ``update_effective_lr``: ``{"bars": [[p₁ bar, p₂ bar], …]}``.
    """
    lo = EFFECTIVE_LIM[0]
    bars = []
    for i, name in enumerate(names):
        color = _color(name, i)
        b1 = ax.bar(3 * i, lo, bottom=lo, width=1, color=color, label="p₁" if i == 0 else None)[0]
        b2 = ax.bar(3 * i + 1, lo, bottom=lo, width=1, color="w", edgecolor=color, hatch="///")[0]
        bars.append([b1, b2])
    ax.set_yscale("log")
    ax.set_ylim(*EFFECTIVE_LIM)
    # Tilted names: "momentum" and "RMSProp" side by side would run into each other.
    ax.set_xticks([3 * i + 0.5 for i in range(len(names))], list(names), rotation=20, ha="right")
    ax.tick_params(axis="x", labelsize=9)
    return {"bars": bars}


def update_effective_lr(artists, values):
    """Set the bars of ``draw_effective_lr`` to ``values`` (n, 2); NaN draws no bar."""
    lo, hi = EFFECTIVE_LIM
    for pair, row in zip(artists["bars"], np.asarray(values, dtype=np.float64), strict=True):
        for bar, v in zip(pair, row, strict=True):
            v = lo if not np.isfinite(v) else float(np.clip(v, lo, hi * 10))
            bar.set_height(v - lo)


def median_effective_lr(run):
    """The median over a run's steps of |Δx_i|/|g_i| per coordinate, shape (d,)."""
    eff = run["effective_lr"]
    if len(eff) == 0 or np.all(np.isnan(eff)):
        return np.full(run["x"].shape[1], np.nan)
    with np.errstate(all="ignore"):
        return np.array([np.nanmedian(c) if np.any(np.isfinite(c)) else np.nan for c in eff.T])


def race_panels(surface, runs):
    """Several optimisers' paths on one surface, and each one's effective step per coordinate.

    ``runs`` maps a name to an ``optim.trajectory`` result. Left: the paths on
    the contours. Right: the median of |Δx_i|/|g_i| over the steps, p₁ filled
    and p₂ hatched (for plain descent both are η). Introduced in lesson 12.
    """
    surface = get_surface(surface)
    runs = _named(runs, "runs")
    fig, (ax, ax_bars) = figure(8.2, 3.6, ncols=2)
    ax.get_gridspec().set_width_ratios([1.4, 1])
    draw_surface(ax, surface, res=100, levels=12)
    for i, (name, run) in enumerate(runs.items()):
        draw_path(ax, run["x"], _color(name, i), name)
    label(ax, f"the {surface.name} surface", *surface.axis_labels)
    artists = draw_effective_lr(ax_bars, list(runs))
    update_effective_lr(artists, [median_effective_lr(r) for r in runs.values()])
    label(ax_bars, "effective step |Δp|/|g|", "filled: p₁, hatched: p₂", "median over steps")
    ax_bars.title.set_fontsize(10)
    fig.legend(loc="outside lower center", ncols=5, fontsize=9, frameon=False)
    return fig
