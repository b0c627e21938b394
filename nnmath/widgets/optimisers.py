"""Lesson 12: SGD, momentum, RMSProp and Adam race on one surface, from one start."""

from .. import optim
from .._checks import as_int
from ..plots.base import figure, label
from ..plots.descent import draw_path, draw_surface, update_path
from ..plots.optimisers import (
    OPTIMISER_COLORS,
    draw_effective_lr,
    median_effective_lr,
    update_effective_lr,
)
from ..surfaces import START_NAMES, get_surface, saddle, two_minima, valley
from .base import Explorer, dropdown, int_slider, log_slider, slider
from .tex import fmt, result, vec

__all__ = ["OptimiserRace", "optimiser_race"]

# The race's grounds: lesson 06's valley and two minima, and lesson 12's saddle.
RACE_SURFACES = {"valley": valley, "saddle": saddle, "two minima": two_minima}
RACERS = ("SGD", "momentum", "RMSProp", "Adam")
# The learning-rate slider's range, 10^−3 … 10^0 (a log slider).
LR_EXP = (-3, 0)
# The most steps a race may take: each move reruns all four paths.
MAX_STEPS = 500


def _optimisers(lr, beta1, beta2):
    """The four racers, built by the core: β₁ is momentum's μ and Adam's β₁,
    β₂ is RMSProp's β and Adam's β₂."""
    return {
        "SGD": optim.SGD(lr),
        "momentum": optim.SGD(lr, momentum=beta1),
        "RMSProp": optim.RMSProp(lr, beta=beta2),
        "Adam": optim.Adam(lr, beta1=beta1, beta2=beta2),
    }


class OptimiserRace(Explorer):
    """Run SGD, momentum, RMSProp and Adam with ``optim.trajectory`` from one start; draw all four.

    Controls: ``surface`` (valley, saddle, two minima), ``start`` (a named
    start point), ``lr`` η (log slider, the same η for all four), ``beta1``
    (momentum's μ and Adam's β₁), ``beta2`` (RMSProp's β and Adam's β₂),
    ``steps`` and ``show`` (whose m, v and step the equation writes out). Left:
    the four paths on the contours. Right: each racer's effective step size
    |Δp_i|/|g_i| per coordinate (the median over its steps), p₁ filled, p₂ hatched.

    ``update(...)`` returns ``{"runs", "effective_lr", "gap", "diverged"}``: each
    racer's ``optim.trajectory`` dict (without its per-step ``"effective_lr"``), its
    median effective step per coordinate
    (shape (2,)), its final f − f_min and whether it stopped early (ran away).
    """

    def __init__(
        self,
        surface="valley",
        start="upper left",
        lr=0.05,
        beta1=0.9,
        beta2=0.999,
        steps=60,
        show="Adam",
        max_steps=200,
    ):
        max_steps = as_int(max_steps, "max_steps", 1, MAX_STEPS)
        controls = {
            "surface": dropdown("surface", list(RACE_SURFACES), surface),
            "start": dropdown("start", list(START_NAMES), start, tooltip="start point"),
            "lr": log_slider("learning rate η", lr, *LR_EXP, 0.02),
            "beta1": slider(
                "β₁", beta1, 0.0, 0.99, 0.01, tooltip="momentum μ, and Adam's average of g"
            ),
            "beta2": slider(
                "β₂",
                beta2,
                0.5,
                0.999,
                0.001,
                readout_format=".3f",
                tooltip="RMSProp's and Adam's average of g squared",
            ),
            "steps": int_slider("steps", steps, 1, max_steps),
            "show": dropdown(
                "equation for", list(RACERS), show, tooltip="optimiser in the equation"
            ),
        }
        fig, (self.ax_path, self.ax_bars) = figure(7.6, 3.4, ncols=2)
        self.ax_path.get_gridspec().set_width_ratios([1.4, 1])
        self.surface = None
        self._drawn = []
        self.paths = {
            name: draw_path(self.ax_path, None, OPTIMISER_COLORS[name], name) for name in RACERS
        }
        label(self.ax_path, "", "p₁", "p₂")
        self.bars = draw_effective_lr(self.ax_bars, RACERS)
        label(
            self.ax_bars, "effective step |Δp|/|g|", "filled: p₁, hatched: p₂", "median over steps"
        )
        self.ax_bars.title.set_fontsize(10)
        self.legend = fig.legend(
            handles=[self.paths[n]["line"] for n in RACERS],
            loc="outside lower center",
            ncols=4,
            fontsize=9,
            frameon=False,
        )
        super().__init__(fig, controls)

    def static_artists(self):
        return [*self._drawn, self.ax_path.title, self.ax_bars.title]

    def _set_surface(self, name):
        for artist in self._drawn:
            artist.remove()
        self.surface = get_surface(RACE_SURFACES[name]())
        self._drawn = draw_surface(self.ax_path, self.surface, res=100, levels=12)
        self.ax_path.set_title(f"the race on the {name} surface")

    def _draw(self, surface, start, lr, beta1, beta2, steps, show):
        relayout = False
        if self.surface is None or self.surface.name != surface:
            self._set_surface(surface)
            relayout = True  # a new window brings new tick labels
        s = self.surface
        x0 = s.start(start)
        runs = {
            name: optim.trajectory(s.gradient, x0, opt, steps)
            for name, opt in _optimisers(lr, beta1, beta2).items()
        }
        effective = {name: median_effective_lr(run) for name, run in runs.items()}
        gaps = {name: float(s.gap(run["x"][-1])[0]) for name, run in runs.items()}
        diverged = {name: len(run["step"]) < steps for name, run in runs.items()}
        for name, run in runs.items():
            update_path(self.paths[name], run["x"])
        update_effective_lr(self.bars, [effective[n] for n in RACERS])
        self.equation.value = self._equation(show, runs[show], lr, beta1, beta2, gaps, diverged)
        self.redraw(relayout=relayout)
        # Each run's per-step |Δp|/|g| is NaN where g = 0 (a path that lands exactly on a
        # minimum): the state keeps its median only, under "effective_lr".
        shown = {
            name: {k: v for k, v in run.items() if k != "effective_lr"}
            for name, run in runs.items()
        }
        return {"runs": shown, "effective_lr": effective, "gap": gaps, "diverged": diverged}

    def _equation(self, show, run, lr, beta1, beta2, gaps, diverged):
        rules = {
            "SGD": r"$p \leftarrow p - \eta\,g$",
            "momentum": r"$m \leftarrow \mu m - \eta\,g,\;\; p \leftarrow p + m$ ($\mu = \beta_1$)",
            "RMSProp": r"$v \leftarrow \beta_2 v + (1 - \beta_2)\,g^2,\;\;"
            r" p \leftarrow p - \eta\,g / (\sqrt{v} + \epsilon)$",
            "Adam": r"$m \leftarrow \beta_1 m + (1 - \beta_1)\,g,\;\; v \leftarrow \beta_2 v"
            r" + (1 - \beta_2)\,g^2,\;\;"
            r" p \leftarrow p - \eta\,\hat m / (\sqrt{\hat v} + \epsilon)$"
            r" with $\hat m = m/(1 - \beta_1^t)$, $\hat v = v/(1 - \beta_2^t)$",
        }
        lines = [f"<b>{show}</b>: {rules[show]}"]
        k = len(run["step"])
        if k:
            g, m, v, dp = run["grad"][-1], run["m"][-1], run["v"][-1], run["step"][-1]
            numbers = rf"step $t = {k}$: $g = {vec(g, 3)}$"
            if show != "SGD":
                numbers += rf", $m = {vec(m, 3)}$" if show != "RMSProp" else ""
            if show in ("RMSProp", "Adam"):
                numbers += rf", $v = {vec(v, 3)}$"
            numbers += rf", $\Delta p = {vec(dp, 3)}$"
            lines.append(numbers)
            if show == "Adam":
                c1, c2 = 1 - beta1**k, 1 - beta2**k
                lines.append(
                    rf"$1 - \beta_1^t = {result(c1, 3)},\; 1 - \beta_2^t = {result(c2, 3)}$,"
                    rf" $\eta = {fmt(lr, 3, False)}$"
                )
        table = ", ".join(
            f"{n}: " + ("ran away" if diverged[n] else f"f − f_min = {gaps[n]:.2g}") for n in RACERS
        )
        lines.append(table)
        return "<br>".join(lines)


def optimiser_race(*args, **kwargs):
    """The lesson 12 widget: ``OptimiserRace(*args, **kwargs)``."""
    return OptimiserRace(*args, **kwargs)
