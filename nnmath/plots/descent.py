"""Gradient descent on 2-D surfaces: contours, gradient arrows, trajectories (lesson 06).

The surfaces themselves (``Surface``, ``bowl``, ``valley``, ``two_minima``,
``quadratic``, ``neuron_loss_surface``) and their numbers live in the core
module ``nnmath.surfaces``; these functions draw them. A surface argument is
a ``Surface`` or its name in ``surfaces.SURFACES``.
"""

import numpy as np

from ..surfaces import get_surface
from .base import COLORS, arrows, figure, label

__all__ = [
    "descent_panels",
    "descent_paths",
    "draw_path",
    "draw_surface",
    "gap_curve",
    "gradient_arrows",
    "loss_per_step",
    "step_factor",
    "update_path",
]

# Trajectory colours, in the order paths are drawn: vermillion first, which stands out on
# the contours' viridis; lesson 06's text names the colours of its runs.
PATH_COLORS = [COLORS[c] for c in ("vermillion", "blue", "orange", "purple", "green", "sky")]


def _surface_levels(surface, k=14):
    """Contour levels of a drawing: f_min plus geometrically spaced heights, shape (k,)."""
    _, _, F = surface.grid(80)
    span = float(np.quantile(F - surface.f_min, 0.85))
    return surface.f_min + np.geomspace(span * 3e-3, span, k)


def draw_surface(ax, surface, res=120, levels=14, filled=True):
    """Draw a surface's contours and its global minimum; returns the contour artists.

    Returns a list of the artists drawn (remove them to draw another surface).
    """
    surface = get_surface(surface)
    P1, P2, F = surface.grid(res)
    lv = _surface_levels(surface, levels)
    drawn = []
    if filled:
        drawn.append(ax.contourf(P1, P2, F, levels=lv, cmap="viridis_r", alpha=0.45, extend="both"))
    drawn.append(ax.contour(P1, P2, F, levels=lv, colors="k", linewidths=0.5, alpha=0.45))
    drawn.append(
        ax.plot(
            *surface.minimum,
            marker="*",
            ms=13,
            color=COLORS["yellow"],
            mec="k",
            ls="none",
            label="minimum",
        )[0]
    )
    ax.set_xlim(*surface.xlim)
    ax.set_ylim(*surface.ylim)
    ax.set_aspect("equal")
    return drawn


def draw_path(ax, path=None, color=None, label=None):
    """Draw a descent trajectory: the points joined by a line, its start and its end.

    Returns a dict of artists for ``update_path``.
    """
    color = color or COLORS["vermillion"]
    # Long paths (thousands of stochastic steps) are drawn as a thin line without dots.
    long = path is not None and len(path) > 150
    style = {"ls": "-", "lw": 0.8} if long else {"ls": "-", "lw": 1.6, "marker": "o", "ms": 3.5}
    artists = {
        "line": ax.plot([], [], color=color, mec="k", mew=0.3, label=label, **style)[0],
        "start": ax.plot([], [], "s", color="w", mec=color, mew=2, ms=7)[0],
        "end": ax.plot([], [], "o", color=color, mec="k", ms=7)[0],
    }
    if path is not None:
        update_path(artists, path)
    return artists


def update_path(artists, path):
    """Move the artists drawn by ``draw_path`` to a new trajectory ``path (m, 2)``."""
    path = np.asarray(path, dtype=np.float64)
    if path.ndim != 2 or path.shape[1] != 2 or path.shape[0] < 1:
        raise ValueError(f"path must have shape (m, 2) with m >= 1, got {path.shape}")
    artists["line"].set_data(path[:, 0], path[:, 1])
    artists["start"].set_data(path[:1, 0], path[:1, 1])
    artists["end"].set_data(path[-1:, 0], path[-1:, 1])


def _size(surface, extra=1.1):
    """A figure size whose axes fit the surface's window at equal aspect."""
    dx = surface.xlim[1] - surface.xlim[0]
    dy = surface.ylim[1] - surface.ylim[0]
    width = 5.0 if dx / dy > 1.4 else 4.4
    return width, 0.8 * width * dy / dx + extra


def gradient_arrows(surface, n=9, point=None):
    """Contours of a surface with ∇f drawn as arrows: uphill, across the contour lines.

    Arrows are scaled to one length (only their direction matters here);
    with ``point``, the arrow −∇f there (the step downhill) is drawn too.
    Introduced in lesson 06.
    """
    surface = get_surface(surface)
    fig, ax = figure(*_size(surface, 1.5))
    draw_surface(ax, surface, filled=False)
    g1 = np.linspace(*surface.xlim, n + 2)[1:-1]
    g2 = np.linspace(*surface.ylim, n + 2)[1:-1]
    P = np.stack(np.meshgrid(g1, g2), axis=-1)  # (n, n, 2)
    G = surface.gradient(P)
    norm = np.linalg.norm(G, axis=-1, keepdims=True)
    U = np.divide(G, norm, out=np.zeros_like(G), where=norm > 0)
    step = 0.75 * min(g1[1] - g1[0], g2[1] - g2[0])
    arrows(
        ax,
        P[..., 0],
        P[..., 1],
        U[..., 0] * step,
        U[..., 1] * step,
        width=0.006,
        color=COLORS["blue"],
        label="∇f (uphill)",
    )
    if point is not None:
        point = np.asarray(point, dtype=np.float64)
        d = -surface.gradient(point)
        d = d / (np.linalg.norm(d) or 1.0) * 2.5 * step
        arrows(
            ax,
            *point,
            *d,
            width=0.009,
            color=COLORS["vermillion"],
            label="−∇f (a step downhill)",
        )
        ax.plot(*point, "o", color=COLORS["vermillion"], mec="k", ms=6)
    fig.legend(loc="outside lower center", ncols=3, fontsize=9, frameon=False)
    label(ax, f"{surface.name}: the gradient points uphill", *surface.axis_labels)
    return fig


def _named_paths(paths):
    if not isinstance(paths, dict) or not paths:
        raise ValueError("paths must be a non-empty dict {label: path of shape (m, 2)}")
    return paths


def descent_paths(surface, paths, title=None, eigenvectors=False):
    """Several trajectories ``{label: path (m, 2)}`` on one contour plot.

    With ``eigenvectors=True`` (a quadratic surface only) the Hessian's two
    eigenvector axes v_i (``surface.eigenvectors``) are drawn through the
    minimum, labelled with their eigenvalues λ_i: the bowl's own axes.
    Introduced in lesson 06.
    """
    surface = get_surface(surface)
    paths = _named_paths(paths)
    if eigenvectors and surface.hessian is None:
        raise ValueError(f"eigenvectors=True needs a quadratic surface, got {surface.name!r}")
    fig, ax = figure(*_size(surface, 1.5))
    draw_surface(ax, surface)
    if eigenvectors:
        for i, (lam, color) in enumerate(
            zip(surface.eigenvalues, (COLORS["sky"], COLORS["green"]), strict=True)
        ):
            v = surface.eigenvectors[:, i]
            ax.axline(
                surface.minimum,
                surface.minimum + v,
                color=color,
                ls="--",
                lw=1.6,
                label=f"eigenvector v{'₁₂'[i]}, λ{'₁₂'[i]} = {lam:.3g}",
            )
    for (name, path), color in zip(paths.items(), PATH_COLORS, strict=False):
        draw_path(ax, path, color, f"{name} ({len(path) - 1} steps)")
    fig.legend(loc="outside lower center", ncols=2, fontsize=9, frameon=False)
    label(ax, title or f"Gradient descent on the {surface.name}", *surface.axis_labels)
    return fig


def descent_panels(surface, paths, ncols=None):
    """One small contour panel per trajectory, ``{title: path (m, 2)}``, side by side.

    A path that stopped early (``optim.descend`` halts at divergence) says so.
    Introduced in lesson 06.
    """
    surface = get_surface(surface)
    paths = _named_paths(paths)
    k = len(paths)
    ncols = ncols or k
    nrows = -(-k // ncols)
    fig, axes = figure(2.6 * ncols, 2.5 * nrows, ncols=ncols, nrows=nrows)
    axes = np.atleast_1d(axes).ravel()
    for ax, (name, path), color in zip(axes, paths.items(), PATH_COLORS * k, strict=False):
        draw_surface(ax, surface, res=80, levels=10)
        draw_path(ax, path, color)
        gap = surface(path[-1]) - surface.f_min
        final = "diverged" if not np.isfinite(gap) or gap > 1e3 else f"f − f_min = {gap:.2g}"
        ax.set_title(f"{name}\n{final}", fontsize=10)
        ax.set_xlabel(surface.axis_labels[0])
    for ax in axes[k:]:
        ax.set_visible(False)
    for ax in axes[::ncols]:
        ax.set_ylabel(surface.axis_labels[1])
    return fig


def loss_per_step(
    surface, paths, ylim=(1e-8, 1e4), steps_per_epoch=None, samples_per_step=None, epoch_size=None
):
    """f(p_k) − f_min against the step k, for ``{label: path (m, 2)}``, on a log axis.

    On a log axis steady convergence is a straight line going down; a line
    going up is divergence. With ``steps_per_epoch`` (``{label: int}``, the
    updates one pass over the data makes) the x axis counts epochs instead,
    so runs with different batch sizes compare at equal work. With
    ``samples_per_step`` (``{label: m}``, the batch size) it counts gradient
    evaluations k·m on a log axis, each run holding its value until its next
    step lands (the start is drawn at 1); ``epoch_size`` n marks one epoch.
    Introduced in lesson 06.
    """
    surface = get_surface(surface)
    paths = _named_paths(paths)
    if steps_per_epoch is not None and samples_per_step is not None:
        raise ValueError("give steps_per_epoch or samples_per_step, not both")
    fig, ax = figure(5.0, 3.3)
    for (name, path), color in zip(paths.items(), PATH_COLORS, strict=False):
        k = np.arange(len(path), dtype=np.float64)
        style = {}
        if steps_per_epoch is not None:
            k = k / steps_per_epoch[name]
        elif samples_per_step is not None:
            k = np.maximum(k * samples_per_step[name], 1.0)  # a log axis has no 0
            style = {"drawstyle": "steps-post"}
        ax.plot(k, gap_curve(surface, path, ylim), color=color, lw=1.4, label=name, **style)
    ax.set_yscale("log")
    ax.set_ylim(*ylim)
    if samples_per_step is not None:
        ax.set_xscale("log")
        if epoch_size is not None:
            ax.axvline(epoch_size, color="k", ls=":", lw=1)
            ax.text(epoch_size, ylim[1], " 1 epoch", fontsize=9, va="top", ha="left")
    ax.legend(fontsize=9)
    xlabel = "step k" if steps_per_epoch is None else "epochs (passes over the data)"
    if samples_per_step is not None:
        xlabel = "gradient evaluations (samples used)"
    label(ax, f"{surface.name}: how far above the minimum", xlabel, "f(p_k) − f_min")
    return fig


def gap_curve(surface, path, ylim=(1e-8, 1e4)):
    """f(path) − f_min clipped into ``ylim`` (a log axis cannot show 0 or 10³⁰⁰), shape (m,)."""
    gap = surface.gap(path)
    gap = np.where(np.isfinite(gap), gap, np.inf)
    return np.clip(gap, ylim[0], ylim[1] * 10)


def step_factor(eigenvalues=(0.5, 10.0), lr_max=0.25):
    """|1 − ηλ| against η: how much each eigen-direction of a quadratic shrinks per step.

    Along an eigenvector with eigenvalue λ, one step multiplies the distance
    to the minimum by (1 − ηλ): it shrinks while |1 − ηλ| < 1, i.e. η < 2/λ.
    Introduced in lesson 06.
    """
    eigenvalues = np.asarray(eigenvalues, dtype=np.float64).reshape(-1)
    if eigenvalues.size == 0 or not np.all(eigenvalues > 0):
        raise ValueError("eigenvalues must be positive numbers")
    lr = np.linspace(0, lr_max, 500)
    fig, ax = figure(5.0, 3.3)
    for lam in eigenvalues:
        (line,) = ax.plot(lr, np.abs(1 - lr * lam), lw=2, label=f"λ = {lam:g}")
        color = line.get_color()
        if 2 / lam <= lr_max:
            ax.axvline(2 / lam, color=color, ls="--", lw=1)
            ax.text(
                2 / lam,
                2.35,
                f"η = 2/λ = {2 / lam:.3g} ",
                color=color,
                fontsize=9,
                va="top",
                ha="right",
            )
    ax.axhline(1, color="k", lw=1)
    ax.axhspan(1, 2.5, color=COLORS["vermillion"], alpha=0.08, lw=0)
    ax.set_ylim(0, 2.5)
    ax.set_xlim(0, lr_max)
    ax.legend(fontsize=9, loc="lower right")
    label(ax, "Shrink factor per step along each eigen-direction", "learning rate η", "|1 − ηλ|")
    return fig
