"""Lesson 05: move one neuron's (w, b) over its loss contours and watch its fit change."""

from .. import losses
from .._checks import as_int, as_window
from ..neuron import Neuron
from ..plots.base import COLORS, figure, label
from ..plots.loss import _loss_colorbar, draw_loss_contours, draw_neuron_fit, update_neuron_fit
from .base import Explorer, legend_below, slider
from .tex import activation_tex, fmt

__all__ = ["LossExplorer", "loss_explorer"]

# The widest (w, b) window: beyond it the contours' losses overflow.
WINDOW_MAX = 1e3


class LossExplorer(Explorer):
    """Sliders for the weight w and bias b of a one-input neuron ŷ = f(w x + b).

    Left: the contours of the loss L(w, b) over the (w, b) plane, with the
    current (w, b) as a red dot and the grid's lowest point as a star. Right:
    the data (black), the neuron's curve and each sample's error ŷᵢ − yᵢ as a
    thick vermillion (red-orange) segment. The live equation writes L(w, b) out
    with the current numbers. ``res`` is the number of grid values of w and of b
    (the star is the lowest of those res × res points).

    ``update(w, b)`` returns ``{"loss", "y_hat", "best", "best_loss"}``: the loss
    at (w, b) (from ``nnmath.losses``), the predictions (n,), and the lowest
    grid point (w, b) with its loss. ``x``, ``y`` have shape (n,); ``loss`` is
    "mse" (with ``activation`` "identity") or "binary_cross_entropy" (with
    "sigmoid").
    """

    def __init__(
        self,
        x,
        y,
        w=0.0,
        b=0.0,
        loss="mse",
        activation="identity",
        wlim=(-3.0, 3.0),
        blim=(-3.0, 3.0),
        res=80,
    ):
        self.x, self.y = losses.neuron_data(x, y)
        self.loss = losses.get(loss)
        self.activation = activation
        wlim, blim = as_window(wlim, "wlim"), as_window(blim, "blim")
        if max(map(abs, (*wlim, *blim))) > WINDOW_MAX:
            raise ValueError(f"wlim and blim must lie within ±{WINDOW_MAX:g}, got {wlim}, {blim}")
        controls = {
            "w": slider("weight w", w, *wlim, 0.05),
            "b": slider("bias b", b, *blim, 0.05),
        }
        w, b = controls["w"].value, controls["b"].value
        fig, (self.ax_loss, self.ax_fit) = figure(7.8, 3.5, ncols=2)
        res = as_int(res, "res", 2, 401)
        self.contours = draw_loss_contours(
            self.ax_loss, self.x, self.y, wlim, blim, self.loss, activation, res
        )
        self.colorbar = _loss_colorbar(fig, self.ax_loss, self.contours["filled"])
        self.point = self.ax_loss.plot(
            [w], [b], "o", ms=9, color=COLORS["vermillion"], mec="k", label="your (w, b)"
        )[0]
        label(self.ax_loss, "", "weight w", "bias b")
        self.fit = draw_neuron_fit(self.ax_fit, self.x, self.y, w, b, activation)
        legend_below(fig, ncols=5)  # one legend for both panels
        lo, hi = self.y.min(), self.y.max()
        pad = 0.25 * (hi - lo or 1.0)
        self.ax_fit.set_ylim(lo - pad, hi + pad)
        label(self.ax_fit, "data and prediction ŷ = f(wx + b)", "input x", "target y, prediction ŷ")
        self.ax_fit.title.set_fontsize(10)
        super().__init__(fig, controls)

    def static_artists(self):
        # The contours, their labels, the colour bar and the fit panel's title never
        # change: drawn once, with the background.
        contours = [self.contours[k] for k in ("filled", "lines", "star")]
        return [
            *contours,
            *self.contours["labels"],
            *self.colorbar.ax.get_children(),
            self.ax_fit.title,
        ]

    def _draw(self, w, b):
        neuron = Neuron([w], b, self.activation)
        y_hat = neuron(self.x[:, None])  # (n,)
        loss = self.loss.value(y_hat, self.y)
        self.point.set_data([w], [b])
        update_neuron_fit(self.fit, w, b)
        best_loss = self.contours["best_loss"]
        # One live title (text is the slowest thing to draw); the fit panel's
        # numbers are in the equation below the figure.
        self.ax_loss.set_title(f"L(w, b) = {loss:.3f}", fontsize=10)
        self.equation.value = self._equation(w, b, loss, best_loss)
        self.redraw()
        return {
            "loss": loss,
            "y_hat": y_hat,
            "best": self.contours["best"],
            "best_loss": best_loss,
        }

    def _model_text(self, w, b):
        inner = f"{w:.2f}·x {'+' if b >= 0 else '−'} {abs(b):.2f}"
        return inner if self.activation == "identity" else f"{self.activation}({inner})"

    def _prediction_tex(self, w, b, x):
        """f(w·x + b) with the numbers in, in LaTeX."""
        inner = rf"{fmt(w)}\cdot{fmt(x)} + {fmt(b)}"
        if self.activation == "identity":
            return inner
        return rf"{activation_tex(self.activation, sigma=True)}({inner})"

    def _term(self, w, b, x, y):
        pred = self._prediction_tex(w, b, x)
        if self.loss.name == "mse":
            return rf"({pred} - {fmt(y)})^2"
        if y == 1:
            return rf"\log {pred}"
        if y == 0:
            return rf"\log(1 - {pred})"
        return rf"[{fmt(y)}\log {pred} + {fmt(1 - y)}\log(1 - {pred})]"

    def _equation(self, w, b, loss, best_loss):
        n = self.x.size
        shown = [self._term(w, b, self.x[i], self.y[i]) for i in range(min(n, 2))]
        if n > 3:
            shown.append(r"\dots")
        if n > 2:
            shown.append(self._term(w, b, self.x[-1], self.y[-1]))
        numbers = " + ".join(shown)
        if self.activation == "identity":
            pred = "w x_i + b"
        else:
            pred = f"{activation_tex(self.activation, sigma=True)}(w x_i + b)"
        if self.loss.name == "mse":
            symbolic = rf"L(w, b) = \frac{{1}}{{n}}\sum_{{i=1}}^{{n}} ({pred} - y_i)^2"
            sign = ""
        else:
            symbolic = (
                rf"L(w, b) = -\frac{{1}}{{n}}\sum_{{i=1}}^{{n}} "
                rf"\left[y_i \log {pred} + (1 - y_i)\log(1 - {pred})\right]"
            )
            sign = "-"
        return (
            f"the line on the right: ŷ = {self._model_text(w, b)}<br>"
            rf"${symbolic}$<br>"
            rf"$= {sign}\frac{{1}}{{{n}}}\left[{numbers}\right] = {fmt(loss, 4)}$"
            rf"$\quad$(the lowest point of the grid, ★: $L = {fmt(best_loss, 4)}$)"
        )


def loss_explorer(*args, **kwargs):
    """The lesson 05 widget: ``LossExplorer(*args, **kwargs)``."""
    return LossExplorer(*args, **kwargs)
