"""Lesson 04: universal approximation by hand — width (bumps) and depth (folds)."""

import numpy as np

from .. import approx
from .._checks import as_float_array, as_int, as_window
from ..plots.base import COLORS, figure, label
from ..plots.networks import draw_bump_fit, update_bump_fit
from .base import Explorer, int_slider, legend_below, slider, toggles
from .tex import fmt

__all__ = ["BumpExplorer", "DepthExplorer", "bump_explorer", "depth_explorer"]

# The largest max_bumps and max_depth a widget is built for: each bump is an artist,
# and a fold doubles the pieces (2^16 of them on 513 points is already beyond the eye).
MAX_BUMPS, MAX_DEPTH = 100, 16


class BumpExplorer(Explorer):
    """Width: approximate a curve with a sum of hand-set bumps, one hidden layer.

    Controls: ``bumps`` (how many), ``kind`` ("sigmoid" bumps, 2 units each, or
    "relu" hats, 3 units each) and ``sharpness`` (sigmoid steepness, in units of
    one over the bin width). ``update`` returns ``{"net", "error", "units",
    "fit"}``: the ``MLP``, max |ŷ − y| over 401 points of [lo, hi], the number
    of hidden units and ŷ on those points.
    """

    def __init__(self, target, lo, hi, bumps=4, kind="sigmoid", sharpness=10.0, max_bumps=40):
        if not callable(target):
            raise ValueError(
                f"target must be a function y = target(x), got {type(target).__name__}"
            )
        try:
            lo, hi = as_window((lo, hi), "(lo, hi)")
        except ValueError:
            raise ValueError(f"need finite lo < hi, got lo={lo!r}, hi={hi!r}") from None
        if kind not in approx.UNITS_PER_BUMP:  # named as the argument (the buttons say "units")
            raise ValueError(f"kind must be one of {list(approx.UNITS_PER_BUMP)}, got {kind!r}")
        max_bumps = as_int(max_bumps, "max_bumps", 1, MAX_BUMPS)
        controls = {
            "bumps": int_slider("bumps n", bumps, 1, max_bumps),
            "kind": toggles("units", approx.UNITS_PER_BUMP, kind),
            "sharpness": slider("sigmoid sharpness", sharpness, 1, 30, 1, ".0f"),
        }
        self.target, self.lo, self.hi = target, lo, hi
        self.x = np.linspace(lo, hi, 401)
        with np.errstate(all="ignore"):  # NaN or infinity is refused by name below
            self.y = as_float_array(target(self.x), "target(x)")
        if self.y.shape != self.x.shape:
            raise ValueError(f"target must map shape (m,) to (m,), got {self.y.shape}")
        fig, self.ax = figure(5.0, 3.2)
        self.artists = draw_bump_fit(self.ax, self.x, self.y, max_bumps)
        span = self.y.max() - self.y.min()
        self.ax.set_xlim(lo, hi)
        self.ax.set_ylim(min(self.y.min(), 0) - 0.15 * span, max(self.y.max(), 0) + 0.3 * span)
        label(self.ax, "", "x", "y")
        legend_below(fig, ncols=3)
        super().__init__(fig, controls)

    def _draw(self, bumps, kind, sharpness):
        net = approx.bump_network(self.target, bumps, self.lo, self.hi, kind, sharpness)
        fit = net.forward(self.x[:, None])[:, 0]  # (401,)
        error = approx.approximation_error(net, self.target, self.lo, self.hi, len(self.x))
        units = net.layers[0].n_out
        update_bump_fit(self.artists, fit, approx.bump_contributions(net, self.x))
        what = "sigmoid bumps" if kind == "sigmoid" else "ReLU hats"
        self.ax.set_title(f"{bumps} {what}, {units} hidden units: max error {error:.3f}")
        delta = approx.bump_width(bumps, self.lo, self.hi, kind)
        if kind == "sigmoid":
            formula = (
                r"\hat y(x) = \sum_{i=1}^{n} h_i\,\big[\sigma(k(x - l_i)) - \sigma(k(x - r_i))\big]"
            )
            detail = rf"k = {fmt(sharpness, 0)}/\Delta = {fmt(sharpness / delta, 1)}"
        else:
            formula = (
                r"\hat y(x) = \sum_{i=1}^{n} \tfrac{h_i}{\Delta}"
                r"\big[\mathrm{ReLU}(x - c_i + \Delta) - 2\,\mathrm{ReLU}(x - c_i)"
                r" + \mathrm{ReLU}(x - c_i - \Delta)\big]"
            )
            detail = rf"\Delta = {fmt(delta)}"
        self.equation.value = (
            f"${formula}$<br>$n = {bumps}$ bumps $= {units}$ hidden units, ${detail}$: "
            rf"$\;\max_x |\hat y(x) - y(x)| = {fmt(error, 3)}$"
        )
        self.redraw()
        return {"net": net, "error": error, "units": units, "fit": fit}


class DepthExplorer(Explorer):
    """Depth: a ReLU network that folds [0, 1] once more per layer, approximating x².

    Left: x², the deep network's ŷ and its last fold gₘ (a sawtooth with
    2^(m−1) teeth). Right: the largest error against the number of hidden
    ReLUs, for the deep network (3 per layer) and for one wide layer with the
    same number of ReLUs; the dots mark the current depth. ``update`` returns
    ``{"net", "error", "shallow_error", "units", "pieces"}``.
    """

    def __init__(self, depth=2, max_depth=8):
        self.max_depth = as_int(max_depth, "max_depth", 1, MAX_DEPTH)
        controls = {"depth": int_slider("depth m (hidden layers)", depth, 1, self.max_depth)}
        self.x = np.linspace(0, 1, 513)
        fig, (self.ax_fit, self.ax_err) = figure(5.6, 3.0, ncols=2)
        self.ax_fit.plot(self.x, self.x**2, color="k", lw=2, ls="--", label="x²")
        self.teeth = self.ax_fit.plot([], [], color=COLORS["sky"], lw=1, label="last fold gₘ")[0]
        self.fit = self.ax_fit.plot([], [], color=COLORS["vermillion"], lw=1.8, label="ŷ")[0]
        self.ax_fit.set_xlim(0, 1)
        self.ax_fit.set_ylim(-0.02, 1.25)
        label(self.ax_fit, "", "x", "y")
        units, deep, shallow = approx.depth_vs_width(self.max_depth)  # (max_depth,) each
        self.deep, self.shallow = deep, shallow
        self.ax_err.semilogy(units, deep, "o-", color=COLORS["blue"], ms=3, label="error, deep")
        self.ax_err.semilogy(
            units, shallow, "s--", color=COLORS["orange"], ms=3, label="error, one layer"
        )
        self.marks = self.ax_err.plot([], [], "o", color="k", ms=7, mfc="none", mew=1.5)[0]
        legend_below(fig, ncols=5)
        label(self.ax_err, "max |ŷ − x²|", "hidden ReLUs", "error")
        super().__init__(fig, controls)

    def _draw(self, depth):
        net = approx.sawtooth_network(depth)
        units = 3 * depth
        error, shallow = float(self.deep[depth - 1]), float(self.shallow[depth - 1])
        self.fit.set_data(self.x, net.forward(self.x[:, None])[:, 0])
        self.teeth.set_data(self.x, approx.sawtooth(self.x, depth))
        self.marks.set_data([units, units], [error, shallow])
        self.ax_fit.set_title(f"depth {depth}: {2**depth} straight pieces")
        self.equation.value = (
            rf"$\hat y(x) = x - \sum_{{s=1}}^{{m}} g_s(x)/4^s$ with $m = {depth}$ layers "
            rf"$\times\,3 = {units}$ ReLUs: $\;\max|\hat y - x^2| = {error:.2e}$ "
            rf"$(= 2^{{-2m-2}})$; $\;$ one layer of ${units}$ ReLUs: ${shallow:.2e}$"
        )
        self.redraw()
        return {
            "net": net,
            "error": error,
            "shallow_error": shallow,
            "units": units,
            "pieces": 2**depth,
        }


def bump_explorer(*args, **kwargs):
    """The lesson 04 width widget: ``BumpExplorer(*args, **kwargs)``."""
    return BumpExplorer(*args, **kwargs)


def depth_explorer(*args, **kwargs):
    """The lesson 04 depth widget: ``DepthExplorer(*args, **kwargs)``."""
    return DepthExplorer(*args, **kwargs)
