"""Lesson 00: the dot product as a projection."""

import numpy as np

from .._checks import as_float_array
from ..plots import draw_vectors, figure, label, update_vectors
from .base import Explorer, legend_below, slider
from .tex import fmt

__all__ = ["DotProductExplorer", "dot_product_explorer"]


class DotProductExplorer(Explorer):
    """Turn and stretch ``b`` against a fixed ``a`` and watch a·b = ‖a‖‖b‖cos θ.

    Controls: ``angle`` θ between a and b (degrees), ``length`` ‖b‖.
    ``update`` returns ``{"a", "b", "dot", "cos", "projection"}`` where
    ``projection`` is the signed length of b's shadow on a (a·b / ‖a‖).
    """

    def __init__(self, a=(2.0, 0.5), angle=45.0, length=2.0):
        self.a = as_float_array(a, "a")
        # Up to 1e6: the window (and the equation's numbers) must stay readable.
        if self.a.shape != (2,) or not np.any(self.a) or np.abs(self.a).max() > 1e6:
            raise ValueError(f"a must be a non-zero 2-D vector with entries within ±1e6, got {a!r}")
        controls = {
            "angle": slider("angle θ between a and b (°)", angle, -180, 180, 5, ".0f"),
            "length": slider("length ‖b‖", length, 0, 3, 0.1, ".1f"),
        }
        fig, self.ax = figure(4.2, 4.2)
        lim = 1.15 * max(np.linalg.norm(self.a), 3.0)
        self.artists = draw_vectors(self.ax, self.a, self.a)
        self.ax.set_xlim(-lim, lim)
        self.ax.set_ylim(-lim, lim)
        label(self.ax, "", "first component", "second component")
        legend_below(fig, ncols=3)
        super().__init__(fig, controls)

    def _draw(self, angle, length):
        theta = np.deg2rad(angle) + np.arctan2(self.a[1], self.a[0])
        b = length * np.array([np.cos(theta), np.sin(theta)])
        a = self.a
        dot = float(a @ b)
        cos = float(np.cos(np.deg2rad(angle)))
        proj = dot / float(np.linalg.norm(a))
        update_vectors(self.artists, a, b)
        self.ax.set_title(f"a·b = {dot:.2f}   (shadow of b on a: {proj:.2f})")
        self.equation.value = (
            rf"$a\cdot b = a_1 b_1 + a_2 b_2 = {fmt(a[0])}\cdot{fmt(b[0])} + "
            rf"{fmt(a[1])}\cdot{fmt(b[1])} = {fmt(dot)}$"
            rf"$\quad = \|a\|\,\|b\|\cos\theta = {fmt(np.linalg.norm(a))}\cdot{fmt(length)}"
            rf"\cdot{fmt(cos)}$"
        )
        self.redraw()
        return {"a": a, "b": b, "dot": dot, "cos": cos, "projection": proj}


def dot_product_explorer(*args, **kwargs):
    """The lesson 00 widget: ``DotProductExplorer(*args, **kwargs)``."""
    return DotProductExplorer(*args, **kwargs)
