"""Lesson 08: how the gradient's size changes layer by layer, for depth, activation and init."""

import numpy as np

from .._checks import as_int
from ..gradcheck import deep_network, gradient_norm_batch, layer_gradient_norms
from ..plots import draw_gradient_norms, figure, label, update_gradient_norms
from .base import Explorer, dropdown, int_slider, legend_below
from .tex import minus, sci

__all__ = ["GradientFlowExplorer", "gradient_flow_explorer"]

MAX_DEPTH = 20
MAX_WIDTH = 64  # units per layer: one forward and backward pass per move stays fast
# Fixed axes: a bar's height is an absolute size, and a move never redraws the ticks.
YLIM = (1e-45, 1e25)
INITS = (("small (std 0.01)", 0.01), ("Xavier", "xavier"), ("He", "he"), ("large (std 1)", 1.0))


def _sub(n):
    """An integer as Unicode subscript digits: 12 → ₁₂."""
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


class GradientFlowExplorer(Explorer):
    """Depth, activation and initialisation → the size of ‖dW_l‖ in every layer.

    A network 4 → width → … → width → 1 of ``depth`` Dense layers does one
    forward and backward pass (MSE) on a fixed batch; the bars are the
    gradient norms per layer on a fixed log axis, layer 1 next to the input,
    the output layer in orange. Bars falling towards layer 1, or all of them
    tiny: vanishing gradients; rising, or all of them huge: exploding.

    ``update(depth, activation, init)`` returns ``{"norms", "ratio",
    "per_layer", "net"}``: ‖dW_l‖ for l = 1 … depth, ‖dW₁‖/‖dW_L‖, the
    geometric-mean factor per layer ratio^(1/(L−1)) and the network used.
    """

    def __init__(self, depth=10, activation="sigmoid", init="xavier", width=16, seed=0):
        controls = {
            "depth": int_slider("depth (layers)", depth, 2, MAX_DEPTH),
            "activation": dropdown("hidden activation", ["sigmoid", "tanh", "relu"], activation),
            "init": dropdown("init", INITS, init, tooltip="initial weights"),
        }
        self.width = as_int(width, "width", 1, MAX_WIDTH)
        self.seed = as_int(seed, "seed", 0)
        self.X, self.y = gradient_norm_batch(n=64, n_in=4, seed=self.seed)
        fig, self.ax = figure(4.8, 3.3)
        self.artists = draw_gradient_norms(
            self.ax, np.ones(controls["depth"].value), max_layers=MAX_DEPTH, ylim=YLIM
        )
        label(self.ax, "", "layer l (1 = next to the input)", r"$\|dW_l\|$ (log scale)")
        legend_below(fig)
        super().__init__(fig, controls)

    def _draw(self, depth, activation, init):
        net = deep_network(depth, activation, init, self.width, n_in=4, seed=self.seed)
        norms = layer_gradient_norms(net, self.X, self.y, "mse")
        ratio = norms[0] / norms[-1] if norms[-1] > 0 else np.inf
        per_layer = ratio ** (1.0 / (depth - 1)) if np.isfinite(ratio) else np.inf
        changed = update_gradient_norms(self.artists, norms)
        self.ax.set_title(
            minus(f"{activation}: ‖dW₁‖ = {norms[0]:.1e}, ‖dW{_sub(depth)}‖ = {norms[-1]:.1e}"),
            fontsize=11,
        )
        self.equation.value = (
            r"$dZ_l = (dZ_{l+1} W_{l+1}^{\top}) \odot f'(Z_l),\; dW_l = A_{l-1}^{\top} dZ_l$"
            rf": $\|dW_1\| = {sci(norms[0])},\; \|dW_{{{depth}}}\| = {sci(norms[-1])}$;"
            rf" from layer to layer back, about $\times {per_layer:.3g}$"
        )
        self.redraw(full=changed)
        return {"norms": norms, "ratio": ratio, "per_layer": per_layer, "net": net}


def gradient_flow_explorer(*args, **kwargs):
    """The lesson 08 widget: ``GradientFlowExplorer(*args, **kwargs)``."""
    return GradientFlowExplorer(*args, **kwargs)
