"""Lesson 03: a 2 → 2 layer, Z = XW + b then A = f(Z), warping a grid of the plane."""

import numpy as np

from .._checks import as_float_array, as_number
from ..layers import Dense
from ..plots.base import figure
from ..plots.layers import activation_box, draw_grid_warp, update_grid_warp
from .activations import activation_buttons
from .base import Explorer, slider
from .tex import activation_tex, fmt, matrix, row

__all__ = ["LayerExplorer", "layer_explorer"]


def _weight_slider(W, i, j):
    """The slider of W[i, j]: labelled w_ij (x_i → z_j), its tooltip says it in words."""
    sub = "₁₂"
    return slider(
        f"w{sub[i]}{sub[j]} (x{sub[i]} → z{sub[j]})",
        float(W[i, j]),
        -2,
        2,
        0.1,
        tooltip=f"weight from input x{sub[i]} to output z{sub[j]}",
    )


class LayerExplorer(Explorer):
    """Four weight sliders, two biases and an activation for a layer from the plane to the plane.

    Left: the grid after the linear step Z = XW + b (grey: the input grid);
    right: after the activation A = f(Z) (grey, for ReLU and the identity: the
    Z grid). The black dot follows one input, ``probe`` = (1, 0.5). ``update``
    returns ``{"layer", "x", "z", "a", "det"}``: the ``Dense`` layer, the
    probe, its Z and A (shape (2,) each) and det W = w₁₁w₂₂ − w₁₂w₂₁. The
    linear step multiplies areas by |det W|; det W < 0 means it also flips
    the plane over (the unit square's corners come out clockwise).
    """

    def __init__(
        self,
        W=((1.0, 0.0), (0.0, 1.0)),
        b=(0.0, 0.0),
        activation="relu",
        probe=(1.0, 0.5),
        lim=2.0,
        zlim=4.0,
    ):
        W = as_float_array(W, "W")
        b = as_float_array(b, "b")
        if W.shape != (2, 2):
            raise ValueError(f"W must have shape (2, 2), got {W.shape}")
        if b.shape != (2,):
            raise ValueError(f"b must have shape (2,), got {b.shape}")
        lim = as_number(lim, "lim", 0, 1e3, low_open=True)
        zlim = as_number(zlim, "zlim", 0, 1e3, low_open=True)
        activation_box(activation, zlim)  # refuses softmax and unknown names
        self.probe = as_float_array(probe, "probe")
        if self.probe.shape != (2,):
            raise ValueError(f"probe must have shape (2,), got {self.probe.shape}")
        controls = {
            "w11": _weight_slider(W, 0, 0),
            "w12": _weight_slider(W, 0, 1),
            "w21": _weight_slider(W, 1, 0),
            "w22": _weight_slider(W, 1, 1),
            "b1": slider("bias b₁", float(b[0]), -2, 2, 0.1),
            "b2": slider("bias b₂", float(b[1]), -2, 2, 0.1),
            "activation": activation_buttons(activation),
        }
        fig, (ax_z, ax_a) = figure(5.0, 2.7, ncols=2)
        self.artists = draw_grid_warp(ax_z, ax_a, W, b, activation, lim, zlim)
        super().__init__(fig, controls)

    def _draw(self, w11, w12, w21, w22, b1, b2, activation):
        W = np.array([[w11, w12], [w21, w22]], dtype=float)
        b = np.array([b1, b2], dtype=float)
        layer = Dense.from_weights(W, b, activation)
        a = layer.forward(self.probe)[0]  # (2,)
        z = layer.Z[0]  # (2,)
        det = float(np.linalg.det(W))
        update_grid_warp(self.artists, W, b, activation, self.probe)
        self.artists["ax_z"].set_title(f"Z = XW + b   (det W = {det:.2f})")
        flipped = ", flipped over" if det < -1e-12 else ""  # round-off of a zero det is no flip
        self.equation.value = (
            rf"$z = xW + b = {row(self.probe)}{matrix(W)} + {row(b)} = {row(z)}$, "
            rf"$\quad a = {activation_tex(activation)}(z) = {row(a)}$"
            rf"$\quad$ (areas × $|\det W| = {fmt(abs(det))}${flipped})"
        )
        self.redraw(key=activation)  # the A panel's limits depend on the activation
        return {"layer": layer, "x": self.probe.copy(), "z": z, "a": a, "det": det}


def layer_explorer(*args, **kwargs):
    """The lesson 03 widget: ``LayerExplorer(*args, **kwargs)``."""
    return LayerExplorer(*args, **kwargs)
