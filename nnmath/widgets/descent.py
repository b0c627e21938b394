"""Lesson 06: gradient descent on a 2-D surface with learning-rate, momentum and steps sliders."""

import numpy as np

from .._checks import as_int
from ..optim import descend
from ..plots.base import COLORS, figure, label
from ..plots.descent import draw_path, draw_surface, gap_curve, update_path
from ..surfaces import START_NAMES, SURFACES, get_surface, lr_limit
from .base import Explorer, dropdown, int_slider, log_slider, slider
from .tex import result, vec

__all__ = ["DescentExplorer", "descent_explorer"]

# The loss panel's fixed log axis: 10⁻⁸ (converged) … 10⁴ (flying off).
GAP_LIM = (1e-8, 1e4)
# The learning-rate slider's range, 10^−3 … 10^0.7 ≈ 5 (a log slider).
LR_EXP = (-3, 0.7)
# The most steps a path may take: each move recomputes the whole path.
MAX_STEPS = 1000


class DescentExplorer(Explorer):
    """Run ``nnmath.optim.descend`` on a surface and draw the path and the loss per step.

    Controls: ``surface`` (a name in ``SURFACES``), ``start`` (a corner of the
    window), ``lr`` η (log slider), ``momentum`` μ and ``steps``. Left: the
    trajectory on the contours. Right: f(p_k) − f_min per step on a fixed log
    axis, so convergence is a line going down and divergence a line going up.

    ``update(...)`` returns ``{"path", "steps_taken", "diverged", "growing",
    "f_final", "gap", "lr_limit"}``: the path (m, 2), the steps actually taken,
    whether descent stopped early because it ran away (``descend`` halts 10⁶
    from the start), whether f ended above where it started, the final f and
    f − f_min, and 2/λ_max for a quadratic surface (``None`` otherwise).
    """

    def __init__(
        self, surface="valley", start="upper left", lr=0.05, momentum=0.0, steps=50, max_steps=200
    ):
        max_steps = as_int(max_steps, "max_steps", 1, MAX_STEPS)
        controls = {
            "surface": dropdown("surface", list(SURFACES), surface),
            "start": dropdown("start", list(START_NAMES), start, tooltip="start point"),
            "lr": log_slider("learning rate η", lr, *LR_EXP, 0.02),
            "momentum": slider("momentum μ", momentum, 0.0, 0.99, 0.01),
            "steps": int_slider("steps", steps, 1, max_steps),
        }
        fig, (self.ax_path, self.ax_gap) = figure(7.4, 3.3, ncols=2)
        self.ax_path.get_gridspec().set_width_ratios([1.35, 1])
        self.surface = None
        self._drawn = []
        self.path_artists = draw_path(self.ax_path, None, COLORS["vermillion"], "path")
        label(self.ax_path, "", "p₁", "p₂")
        self.gap_line = self.ax_gap.plot([], [], "-o", color=COLORS["vermillion"], lw=1.6, ms=2.5)[
            0
        ]
        self.ax_gap.set_yscale("log")
        self.ax_gap.set_ylim(*GAP_LIM)
        label(self.ax_gap, "", "step k", "f(p_k) − f_min (log scale)")
        self.ax_gap.title.set_fontsize(10)
        super().__init__(fig, controls)

    def static_artists(self):
        # The path panel's title names the surface: it changes only with a full redraw.
        return [*self._drawn, self.ax_path.title]

    def _set_surface(self, name):
        for artist in self._drawn:
            artist.remove()
        self.surface = get_surface(name)
        self._drawn = draw_surface(self.ax_path, self.surface, res=100, levels=12)
        self.ax_path.set_title(f"descent on the {name} surface")

    def _draw(self, surface, start, lr, momentum, steps):
        full = relayout = False
        if self.surface is None or self.surface.name != surface:
            self._set_surface(surface)
            relayout = True  # a new window brings new tick labels: lay the figure out again
        self._steps = steps
        # The step axis snaps to 25, 50, 100, … so most moves of the steps slider
        # keep the axis (a blitted redraw) and only a few redraw the ticks.
        xmax = 25 * 2 ** int(np.ceil(np.log2(max(self._steps, 25) / 25)))
        if self.ax_gap.get_xlim()[1] != xmax:
            self.ax_gap.set_xlim(0, xmax)
            full = True
        s = self.surface
        x0 = s.start(start)
        path = descend(s.gradient, x0, lr, self._steps, momentum)
        taken = len(path) - 1
        diverged = taken < self._steps
        f_final = s(path[-1])
        gap = f_final - s.f_min
        growing = bool(f_final > s(x0))
        update_path(self.path_artists, path)
        self.gap_line.set_data(np.arange(len(path)), gap_curve(s, path, GAP_LIM))
        if diverged:
            status, color = f"diverged after {taken} steps", COLORS["vermillion"]
        elif growing:
            status, color = f"moving away: f grew to {f_final:.3g}", COLORS["vermillion"]
        else:
            status, color = f"f − f_min = {gap:.2g} after {taken} steps", "k"
        # One live title (text is the slowest thing to draw): the slider readouts
        # already show η and μ.
        self.ax_gap.set_title(status, color=color)
        self.equation.value = self._equation(s, path, lr, momentum, status)
        self.redraw(full=full, relayout=relayout)
        return {
            "path": path,
            "steps_taken": taken,
            "diverged": diverged,
            "growing": growing,
            "f_final": f_final,
            "gap": gap,
            "lr_limit": s.lr_limit,
        }

    def _equation(self, s, path, lr, momentum, status):
        p0 = path[0]
        g0 = s.gradient(p0)
        if momentum:
            rule = (
                r"$v_{k+1} = \mu v_k - \eta\,\nabla f(p_k),\;\; p_{k+1} = p_k + v_{k+1}$"
                r" (with $v_0 = 0$)"
            )
        else:
            rule = r"$p_{k+1} = p_k - \eta\,\nabla f(p_k)$"
        first = rf"$p_0 = {vec(p0)},\;\nabla f(p_0) = {vec(g0)}$"
        if len(path) > 1:
            first += rf"$,\;\; p_1 = {vec(p0)} - {lr:.3g}\cdot{vec(g0)} = {vec(path[1])}$"
        lines = [rule, first]
        if s.hessian is not None:
            lam = float(s.eigenvalues[-1])
            limit = lr_limit(s.eigenvalues, momentum)  # 2(1 + μ)/λ_max
            if np.isclose(lr, limit):
                verdict, word = "=", "bounces back and forth without shrinking"
            elif lr < limit:
                verdict, word = "<", "shrinks"
            else:
                verdict, word = ">", "grows"
            # The same comparison times λ_max: ηλ_max against 2(1 + μ).
            bound = "2" if not momentum else rf"2(1 + \mu) = {result(limit * lam)}"
            lines.append(
                rf"stability: $\eta\lambda_{{max}} = {lr:.3g}\cdot{lam:g} = {result(lr * lam, 3)}"
                rf" {verdict} {bound}$, so the steep direction {word}"
            )
        lines.append(f"<b>{status}</b>")
        return "<br>".join(lines)


def descent_explorer(*args, **kwargs):
    """The lesson 06 widget: ``DescentExplorer(*args, **kwargs)``."""
    return DescentExplorer(*args, **kwargs)
