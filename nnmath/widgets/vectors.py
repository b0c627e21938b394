"""Lesson 00: the dot product as a projection."""

import numpy as np

from .._checks import as_float_array
from ..plots import draw_vectors, figure, label, update_vectors
from .base import Explorer, legend_below, slider
from .tex import fmt, result, weighted_sum

__all__ = ["DotProductExplorer", "dot_product_explorer"]


class DotProductExplorer(Explorer):
    """Turn and stretch ``b`` against a fixed ``a`` and watch a·b = ‖a‖‖b‖cos θ.

    Controls: ``angle``, the rotation of b from a in degrees (−180 to 180, counter-clockwise
    positive), and ``length`` ‖b‖. The angle *between* the vectors is θ = |rotation|, in
    [0°, 180°]. ``update`` returns ``{"a", "b", "dot", "cos", "theta", "projection"}`` where
    ``theta`` is θ in degrees and ``projection`` the signed length of b's shadow on a
    (a·b / ‖a‖).
    """

    def __init__(self, a=(2.0, 0.5), angle=45.0, length=2.0):
        self.a = as_float_array(a, "a")
        # Up to 1e6: the window (and the equation's numbers) must stay readable.
        if self.a.shape != (2,) or not np.any(self.a) or np.abs(self.a).max() > 1e6:
            raise ValueError(f"a must be a non-zero 2-D vector with entries within ±1e6, got {a!r}")
        controls = {
            "angle": slider(
                "rotation of b from a (°)",
                angle,
                -180,
                180,
                5,
                ".0f",
                tooltip="turn b counter-clockwise (+) or clockwise (−) from a; "
                "the angle between them is θ = |rotation|",
            ),
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
        phi = np.deg2rad(angle) + np.arctan2(self.a[1], self.a[0])  # b's direction
        b = length * np.array([np.cos(phi), np.sin(phi)])
        a = self.a
        dot = float(a @ b)
        theta = abs(float(angle))  # the angle between a and b, in [0°, 180°]
        cos = float(np.cos(np.deg2rad(theta)))
        proj = dot / float(np.linalg.norm(a))
        update_vectors(self.artists, a, b)
        # a with 2 decimals, b with 3: the total is the sum of the products shown, so it
        # adds up by hand (for the default a, the true a·b is within 0.002). Results: no brackets.
        terms, total, _ = weighted_sum(a, b, digits=2, x_digits=3)
        self.ax.set_title(f"a·b = {total}   (shadow of b on a: {result(proj)})")
        self.equation.value = (
            rf"$a\cdot b = a_1 b_1 + a_2 b_2 = {terms} = {total}$"
            rf"$\quad = \|a\|\,\|b\|\cos\theta = {fmt(np.linalg.norm(a))}\cdot{fmt(length)}"
            rf"\cdot\cos {theta:.0f}^\circ$"
        )
        self.redraw()
        return {"a": a, "b": b, "dot": dot, "cos": cos, "theta": theta, "projection": proj}


def dot_product_explorer(*args, **kwargs):
    """The lesson 00 widget: ``DotProductExplorer(*args, **kwargs)``."""
    return DotProductExplorer(*args, **kwargs)
