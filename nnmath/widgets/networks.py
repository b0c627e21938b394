"""Lesson 04: universal approximation by hand — width (bumps) and depth (folds)."""

import numpy as np

from .. import approx
from .._checks import as_float_array, as_int, as_window
from ..plots.base import COLORS, figure, label
from ..plots.networks import (
    draw_bump_fit,
    draw_triangle,
    draw_untangle,
    update_bump_fit,
    update_triangle,
    update_untangle,
)
from .base import Explorer, int_slider, legend_below, slider, toggles
from .tex import fmt, matrix, row

__all__ = [
    "BumpExplorer",
    "DepthExplorer",
    "TriangleExplorer",
    "UntangleExplorer",
    "bump_explorer",
    "depth_explorer",
    "triangle_explorer",
    "untangle_explorer",
]

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
        # the last fold in a strip of its own above the fit, a quarter of its height, so
        # its teeth never cover x² and ŷ; x² dashed on top of ŷ, which it should hide
        self.ax_fit.axhline(1.1, color=COLORS["grey"], lw=0.6)
        self.teeth = self.ax_fit.plot(
            [], [], color=COLORS["sky"], lw=1, label="last fold: 1.1 + gₘ/4"
        )[0]
        self.fit = self.ax_fit.plot([], [], color=COLORS["vermillion"], lw=2.6, label="ŷ")[0]
        self.ax_fit.lines[0].set_zorder(3)  # x² (dashed) above ŷ
        self.ax_fit.set_xlim(0, 1)
        self.ax_fit.set_ylim(-0.02, 1.4)
        label(self.ax_fit, "", "x", "y")
        units, deep, shallow = approx.depth_vs_width(self.max_depth)  # (max_depth,) each
        self.deep, self.shallow = deep, shallow
        self.ax_err.semilogy(units, deep, "o-", color=COLORS["blue"], ms=3, label="error, deep")
        self.ax_err.semilogy(
            units, shallow, "s--", color=COLORS["orange"], ms=3, label="error, one layer"
        )
        self.marks = self.ax_err.plot([], [], "o", color="k", ms=7, mfc="none", mew=1.5)[0]
        legend_below(fig, ncols=3)
        label(self.ax_err, "max |ŷ − x²|", "hidden ReLUs", "error")
        super().__init__(fig, controls)

    def _draw(self, depth):
        net = approx.sawtooth_network(depth)
        units = 3 * depth
        error, shallow = float(self.deep[depth - 1]), float(self.shallow[depth - 1])
        self.fit.set_data(self.x, net.forward(self.x[:, None])[:, 0])
        self.teeth.set_data(self.x, 1.1 + approx.sawtooth(self.x, depth) / 4)
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


class TriangleExplorer(Explorer):
    """The triangle of ``approx.triangle_network``: slide its hidden units' sharpness.

    The shading is ŷ over the plane, the dashed lines the units' lines, the
    yellow dot the probe (−1.4, −0.9), inside all three half-planes near a
    corner. ``update`` returns ``{"net", "area", "fraction", "probe"}``: the
    ``MLP``, the area where ŷ > ½ (``approx.region_areas`` on a 300 × 300
    grid of [−2.5, 2.5]²), that area as a fraction of the triangle's 4.5, and
    ŷ at the probe.
    """

    probe = (-1.4, -0.9)

    def __init__(self, sharpness=1.0):
        controls = {"sharpness": slider("sharpness s", sharpness, 0.5, 8, 0.25, ".2f")}
        fig, self.ax = figure(3.6, 3.6)
        self.artists = draw_triangle(self.ax, 2.5, 200)
        super().__init__(fig, controls)

    def _draw(self, sharpness):
        net = approx.triangle_network(sharpness)
        areas = approx.region_areas(net, 2.5, 300)
        p = float(net.forward(np.array([self.probe]))[0, 0])
        fraction = areas["region"] / approx.TRIANGLE_AREA
        update_triangle(self.artists, net, self.probe)
        self.ax.set_title(f"ŷ > ½ on {fraction:.1%} of the triangle")  # 99.8%, not a rounded "100%"
        self.equation.value = (
            rf"$a = \sigma\big({fmt(sharpness)}\,(xW_1 + b_1)\big),\;"
            rf"\hat y = \sigma\big(10(a_1 + a_2 + a_3) - 25\big)$: "
            rf"area of $\hat y > \tfrac12$ $= {fmt(areas['region'])}$ of $4.5$; "
            rf"at the probe $(-1.4, -0.9)$: $\hat y = {fmt(p, 3)}$"
        )
        self.redraw()
        return {"net": net, "area": areas["region"], "fraction": fraction, "probe": p}


class UntangleExplorer(Explorer):
    """Hidden layers untangle data: a 2 → 2 tanh layer moves the points to the hidden plane A₁.

    Left: the data. Middle: A₁ = tanh(XW + b), with the best straight line
    there (``approx.best_line``). Right: the input plane shaded by the side
    of that line each point x lands on: the line pulled back, a curve.
    Sliders: the four weights and two biases. ``update`` returns
    ``{"layer", "A", "accuracy", "w", "c"}``.
    """

    def __init__(self, X, y, W=((1.5, 1.0), (1.5, 2.0)), b=(1.5, -1.5)):
        X = as_float_array(X, "X")
        y = as_float_array(y, "y")
        if X.ndim != 2 or X.shape[1] != 2 or not 2 <= len(X) <= 200:
            raise ValueError(f"X must have shape (n, 2) with 2 ≤ n ≤ 200, got {X.shape}")
        if y.shape != (len(X),) or not np.all((y == 0) | (y == 1)):
            raise ValueError(f"y must hold one label 0 or 1 per row of X, got shape {y.shape}")
        W, b = as_float_array(W, "W"), as_float_array(b, "b")
        if W.shape != (2, 2) or b.shape != (2,):
            raise ValueError(f"W must have shape (2, 2) and b (2,), got {W.shape}, {b.shape}")
        sub = "₁₂"
        controls = {
            f"w{i + 1}{j + 1}": slider(
                f"w{sub[i]}{sub[j]} (x{sub[i]} → z{sub[j]})",
                float(W[i, j]),
                -3,
                3,
                0.1,
                tooltip=f"weight from input x{sub[i]} to hidden unit z{sub[j]}",
            )
            for i in range(2)
            for j in range(2)
        }
        controls |= {
            f"b{j + 1}": slider(f"bias b{sub[j]} of hidden unit {j + 1}", float(b[j]), -3, 3, 0.1)
            for j in range(2)
        }
        fig, axes = figure(8.8, 3.1, ncols=3)
        self.artists = draw_untangle(axes, X, y.astype(int), 2.0, 100)
        label(axes[1], "", "a₁", "a₂")
        legend_below(fig, ncols=3)
        super().__init__(fig, controls)

    def _draw(self, w11, w12, w21, w22, b1, b2):
        W = np.array([[w11, w12], [w21, w22]])
        b = np.array([b1, b2])
        found = update_untangle(self.artists, W, b, "tanh")
        best = found["best"]
        self.equation.value = (
            rf"$A_1 = \tanh(XW + b)$, $W = {matrix(W)}$, $b = {row(b)}$: the best line in "
            rf"the hidden plane, ${fmt(best['w'][0])}a_1 {'+' if best['w'][1] >= 0 else '-'} "
            rf"{fmt(abs(best['w'][1]))}a_2 {'+' if best['c'] >= 0 else '-'} "
            rf"{fmt(abs(best['c']))} = 0$, gets ${best['accuracy']:.0%}$ right".replace("%", r"\%")
        )
        self.redraw()
        return {
            "layer": found["layer"],
            "A": found["A"],
            "accuracy": best["accuracy"],
            "w": best["w"],
            "c": best["c"],
        }


def triangle_explorer(*args, **kwargs):
    """The lesson 04 triangle widget: ``TriangleExplorer(*args, **kwargs)``."""
    return TriangleExplorer(*args, **kwargs)


def untangle_explorer(*args, **kwargs):
    """The lesson 04 untangling widget: ``UntangleExplorer(*args, **kwargs)``."""
    return UntangleExplorer(*args, **kwargs)


def bump_explorer(*args, **kwargs):
    """The lesson 04 width widget: ``BumpExplorer(*args, **kwargs)``."""
    return BumpExplorer(*args, **kwargs)


def depth_explorer(*args, **kwargs):
    """The lesson 04 depth widget: ``DepthExplorer(*args, **kwargs)``."""
    return DepthExplorer(*args, **kwargs)
