"""Lesson 01: one neuron's weights and bias move its decision line over data."""

import numpy as np

from .. import activations
from .._checks import as_float_array, as_matrix, as_number
from ..network import classes
from ..neuron import Neuron
from ..plots import draw_decision_line, figure, label, update_decision_line
from .base import Explorer, legend_below, slider
from .tex import activation_tex, result, vec, weighted_sum

__all__ = ["NeuronExplorer", "neuron_explorer"]


class NeuronExplorer(Explorer):
    """Sliders for w₁, w₂ and b of a 2-input neuron drawn over labelled points.

    The shading is the neuron's output y = f(w·x + b); the black line is z = 0
    (where a sigmoid neuron says 0.5); the green arrow is w, which always
    points across the line towards larger z. ``update`` returns
    ``{"neuron", "z", "y", "distance", "accuracy"}`` with z, y and the signed
    distance from the line (``Neuron.distance``; ``None`` when w = 0) of the
    probe input ``X[0]``, and the fraction of points whose class the neuron
    predicts (``network.classes``: ŷ > 0.5, for a sigmoid the side z > 0).
    The live equation shows the probe rounded to 2 decimals and computes its
    z from the numbers shown (``tex.weighted_sum``), so it adds up by hand.
    """

    def __init__(self, X, y, w=(1.0, 0.0), b=0.0, activation="sigmoid", lim=2.5):
        self.X = as_matrix(X, "X")
        if self.X.shape[1] != 2:
            raise ValueError(f"X must have shape (n, 2), got {self.X.shape}")
        self.y = as_float_array(y, "y")
        if self.y.shape != (self.X.shape[0],):
            raise ValueError(f"y must have shape ({self.X.shape[0]},), got {self.y.shape}")
        activations.get(activation)
        self.activation = activation
        w = as_float_array(w, "w")
        if w.shape != (2,):
            raise ValueError(f"w must be two weights (w₁, w₂), got shape {w.shape}")
        lim = as_number(lim, "lim", 0, 1e6, low_open=True)
        controls = {
            "w1": slider("w₁", float(w[0]), -3, 3, 0.1, tooltip="weight of input x₁"),
            "w2": slider("w₂", float(w[1]), -3, 3, 0.1, tooltip="weight of input x₂"),
            "b": slider("bias b", b, -3, 3, 0.1),
        }
        fig, self.ax = figure(4.6, 4.4)
        self.artists = draw_decision_line(
            self.ax, self.X, self.y, w, controls["b"].value, activation, lim
        )
        self.probe = self.ax.scatter(*self.X[0], s=140, facecolor="none", edgecolor="k", lw=2)
        label(self.ax, "", "x₁", "x₂")
        legend_below(fig)
        super().__init__(fig, controls)

    def _draw(self, w1, w2, b):
        neuron = Neuron([w1, w2], b, self.activation)
        x = self.X[0]
        z = neuron.z(x)
        y = neuron(x)
        d = neuron.distance(x) if np.any(neuron.w) else None  # w = 0: no line
        accuracy = float(np.mean(classes(neuron(self.X)[:, None]) == self.y))
        update_decision_line(self.artists, neuron.w, b)
        self.ax.set_title(f"{accuracy:.0%} of points on their side of z = 0")
        # The equation shows the circled point to 2 decimals, and its z is the total
        # of the numbers shown (so it adds up by hand) and y is f of that z; the
        # true z differs by the point's rounding (under 0.03 on these sliders).
        terms, z_text, z_shown = weighted_sum([w1, w2], x, b)
        f = activation_tex(self.activation, sigma=True)
        self.equation.value = (
            rf"circled point $x \approx {vec(x)}$: "
            rf"$z = w_1x_1 + w_2x_2 + b = {terms} = {z_text}$, "
            rf"$\;y = {f}({z_text}) = {result(neuron.f(z_shown), 3)}$"
        )
        self.redraw()
        return {"neuron": neuron, "z": z, "y": y, "distance": d, "accuracy": accuracy}


def neuron_explorer(*args, **kwargs):
    """The lesson 01 widget: ``NeuronExplorer(*args, **kwargs)``."""
    return NeuronExplorer(*args, **kwargs)
