"""Vectors and the dot product (lesson 00); the projection is ``nnmath.vectors.projection``."""

import numpy as np
from matplotlib.transforms import offset_copy

from ..vectors import projection
from .base import COLORS, arrows, figure, label

__all__ = ["dot_product", "draw_vectors", "update_vectors"]

OFFSET = 5.0  # points: the shadow is drawn this far beside the line of a, so a stays visible


def _shadow_transform(ax, a, b):
    """Data coordinates shifted ``OFFSET`` points across the line of ``a``, away from ``b``.

    The shadow lies on the line of a; drawn exactly there it would hide under a's arrow
    (or hide it). A dimension line beside a shows both; the dotted drop still ends on a.
    """
    normal = np.array([-a[1], a[0]]) / np.hypot(a[0], a[1])  # a turned by +90°
    side = -1.0 if a[0] * b[1] - a[1] * b[0] >= 0 else 1.0  # the side of a that b is not on
    dx, dy = side * OFFSET * normal
    return offset_copy(ax.transData, fig=ax.figure, x=dx, y=dy, units="points")


def draw_vectors(ax, a, b):
    """Draw arrows ``a`` and ``b`` from the origin and the projection of ``b`` onto ``a``.

    The projection (``vectors.projection(b, a)``, the shadow of b on the line of a) is a
    thick green segment drawn a few points beside the line of a, on the side away from b,
    with a green dot at its true foot on the line of a, where the dotted drop from b ends.
    Returns a dict of the artists, so a widget can move them with ``update_vectors``.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    proj = projection(b, a)
    artists = {
        "a": arrows(ax, 0, 0, *a, width=0.012, color=COLORS["blue"], label="a", zorder=3),
        "b": arrows(ax, 0, 0, *b, width=0.012, color=COLORS["orange"], label="b", zorder=3),
        "proj": ax.plot(
            [0, proj[0]],
            [0, proj[1]],
            color=COLORS["green"],
            lw=3.5,
            label="projection of b onto a",
            solid_capstyle="butt",
            transform=_shadow_transform(ax, a, b),
            zorder=2,
        )[0],
        "foot": ax.plot(*proj, "o", color=COLORS["green"], ms=6, zorder=4)[0],
        "drop": ax.plot([b[0], proj[0]], [b[1], proj[1]], ls=":", color=COLORS["grey"])[0],
    }
    ax.set_aspect("equal")
    ax.axhline(0, color="k", lw=0.5)
    ax.axvline(0, color="k", lw=0.5)
    ax.legend(loc="upper left", fontsize=9)
    return artists


def update_vectors(artists, a, b):
    """Move the arrows drawn by ``draw_vectors`` to new ``a`` and ``b``."""
    proj = projection(b, a)
    artists["a"].set_UVC(*a)
    artists["b"].set_UVC(*b)
    artists["proj"].set_data([0, proj[0]], [0, proj[1]])
    artists["proj"].set_transform(_shadow_transform(artists["proj"].axes, a, b))
    artists["foot"].set_data([proj[0]], [proj[1]])
    artists["drop"].set_data([b[0], proj[0]], [b[1], proj[1]])


def dot_product(a, b, lim=None):
    """A figure of ``a``, ``b`` and the projection whose signed length times ‖a‖ is a·b.

    ``lim`` is the half-width of the square window; by default 1.2 × the longer
    vector, so both arrowheads are inside it.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if lim is None:
        lim = 1.2 * max(np.hypot(*a), np.hypot(*b), 1e-12)
    fig, ax = figure(4.5, 4.5)
    draw_vectors(ax, a, b)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    dot = float(a @ b)
    shadow = dot / float(np.hypot(*a))
    title = f"a·b = {dot:.2f}   (shadow of b on a: {shadow:.2f})".replace("-", "−")
    label(ax, title, "first component", "second component")
    return fig
