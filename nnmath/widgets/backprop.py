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
# Absolute sizes the text flags: a per-layer factor near 1 can hide that every layer's
# gradient is enormous (ReLU, std 1) or negligible (std 0.01).
HUGE, TINY = 1e3, 1e-6
# ‖dW₁‖ below this fraction of the output layer's: the first layers learn far slower.
VANISHED_RATIO = 1e-2
INITS = (("small (std 0.01)", 0.01), ("Xavier", "xavier"), ("He", "he"), ("large (std 1)", 1.0))


def _sub(n):
    """An integer as Unicode subscript digits: 12 → ₁₂."""
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


class GradientFlowExplorer(Explorer):
    """Depth, activation and initialisation → the size of ‖dW_ℓ‖ in every layer.

    A network 4 → width → … → width → 1 of ``depth`` = D Dense layers does one
    forward and backward pass (MSE) on a fixed batch; the bars are the
    gradient norms per layer on a fixed log axis, layer 1 next to the input,
    the output layer in orange. Bars falling towards layer 1, or all of them
    tiny: vanishing gradients; rising, or all of them huge: exploding.

    ``update(depth, activation, init)`` returns ``{"norms", "ratio",
    "per_layer", "verdict", "net"}``: ‖dW_ℓ‖ for ℓ = 1 … D, ‖dW₁‖/‖dW_D‖, the
    geometric-mean factor per layer ratio^(1/(D−1)), the verdict the text
    shows and the network used. The verdict judges absolute sizes too:
    ``"exploding"`` when some ‖dW_ℓ‖ > 10³ (even if the per-layer factor is
    near 1), ``"vanishing"`` when some ‖dW_ℓ‖ < 10⁻⁶ or ‖dW₁‖/‖dW_D‖ < 10⁻²,
    ``"healthy"`` otherwise.

    Introduced in lesson 08.
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
        label(self.ax, "", "layer ℓ (1 = next to the input)", r"$\|dW_\ell\|$ (log scale)")
        legend_below(fig)
        super().__init__(fig, controls)

    def _draw(self, depth, activation, init):
        net = deep_network(depth, activation, init, self.width, n_in=4, seed=self.seed)
        norms = layer_gradient_norms(net, self.X, self.y, "mse")
        ratio = norms[0] / norms[-1] if norms[-1] > 0 else np.inf
        per_layer = ratio ** (1.0 / (depth - 1)) if np.isfinite(ratio) else np.inf
        verdict = _verdict(norms, ratio)
        changed = update_gradient_norms(self.artists, norms)
        self.ax.set_title(
            minus(f"{activation}: ‖dW₁‖ = {norms[0]:.1e}, ‖dW{_sub(depth)}‖ = {norms[-1]:.1e}"),
            fontsize=11,
        )
        self.equation.value = (
            r"$dZ_\ell = (dZ_{\ell+1} W_{\ell+1}^{\top}) \odot f'(Z_\ell),\;"
            r" dW_\ell = A_{\ell-1}^{\top} dZ_\ell$"
            rf": $\|dW_1\| = {sci(norms[0])},\; \|dW_{{{depth}}}\| = {sci(norms[-1])}$;"
            rf" from layer to layer back, about $\times {per_layer:.3g}$. "
            + _VERDICT_TEXT[verdict](norms)
        )
        self.redraw(full=changed)
        return {
            "norms": norms,
            "ratio": ratio,
            "per_layer": per_layer,
            "verdict": verdict,
            "net": net,
        }


def _verdict(norms, ratio):
    """ "exploding", "vanishing" or "healthy" from the absolute sizes ‖dW_ℓ‖ and ‖dW₁‖/‖dW_D‖."""
    if norms.max() > HUGE:
        return "exploding"
    if norms.min() < TINY or ratio < VANISHED_RATIO:
        return "vanishing"
    return "healthy"


_VERDICT_TEXT = {
    "exploding": lambda norms: (
        rf"Exploding: the gradients themselves are huge, up to ${sci(norms.max())}$"
        " — a small per-layer factor does not mean a healthy network."
    ),
    "vanishing": lambda norms: (
        rf"Vanishing: the smallest $\|dW_\ell\|$ is ${sci(norms.min())}$;"
        " the layers near the input barely learn."
    ),
    "healthy": lambda norms: (
        rf"Healthy: every $\|dW_\ell\|$ lies between ${sci(norms.min())}$"
        rf" and ${sci(norms.max())}$."
    ),
}


def gradient_flow_explorer(*args, **kwargs):
    """The lesson 08 widget: ``GradientFlowExplorer(*args, **kwargs)``."""
    return GradientFlowExplorer(*args, **kwargs)
