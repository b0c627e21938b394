"""Vectors and the dot product (lesson 00); the projection is ``nnmath.vectors.projection``."""

import numpy as np

from ..vectors import projection
from .base import COLORS, arrows, figure, label

__all__ = ["dot_product", "draw_vectors", "update_vectors"]


def draw_vectors(ax, a, b):
    """Draw arrows ``a`` and ``b`` from the origin and the projection of ``b`` onto ``a``.

    Returns a dict of the artists, so a widget can move them with ``set_data``.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    proj = projection(b, a)
    artists = {
        "a": arrows(ax, 0, 0, *a, width=0.012, color=COLORS["blue"], label="a"),
        "b": arrows(ax, 0, 0, *b, width=0.012, color=COLORS["orange"], label="b"),
        "proj": ax.plot(
            [0, proj[0]],
            [0, proj[1]],
            color=COLORS["green"],
            lw=5,
            alpha=0.6,
            label="projection of b onto a",
            solid_capstyle="butt",
        )[0],
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
    artists["drop"].set_data([b[0], proj[0]], [b[1], proj[1]])


def dot_product(a, b, lim=3.0):
    """A figure of ``a``, ``b`` and the projection whose signed length times ‖a‖ is a·b."""
    fig, ax = figure(4.5, 4.5)
    draw_vectors(ax, a, b)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    label(ax, f"a·b = {np.dot(a, b):.2f}", "first component", "second component")
    return fig
