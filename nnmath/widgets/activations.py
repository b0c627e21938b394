"""Lesson 02: pick an activation, slide z, see f(z) and its slope f′(z) side by side."""

from .._checks import as_number
from ..activations import SCALAR_ACTIVATIONS, get_scalar
from ..plots.activations import draw_activation, update_activation
from ..plots.base import figure
from .base import Explorer, slider, toggles
from .tex import fmt, signed

__all__ = ["ActivationExplorer", "activation_explorer"]

# Below this slope a unit is called saturated: a gradient step through it barely moves.
SATURATED = 0.05


def _equation(name, z, fz, dfz):
    """The live equation for activation ``name`` at ``z``: its formula, then the numbers."""
    if name == "sigmoid":
        return (
            rf"$\sigma(z) = \dfrac{{1}}{{1 + e^{{-z}}}} = \dfrac{{1}}{{1 + e^{{-{fmt(z)}}}}}"
            rf" = {fmt(fz, 3)}$, $\quad\sigma'(z) = \sigma(z)\,(1 - \sigma(z)) = "
            rf"{fmt(fz, 3)}\cdot{fmt(1 - fz, 3)} = {fmt(dfz, 3)}$"
        )
    if name == "tanh":
        return (
            rf"$\tanh(z) = \dfrac{{e^{{z}} - e^{{-z}}}}{{e^{{z}} + e^{{-z}}}} = "
            rf"\tanh({signed(z)}) = {signed(fz, 3)}$, $\quad\tanh'(z) = 1 - \tanh^2(z) = "
            rf"1 - {fmt(fz, 3)}^2 = {fmt(dfz, 3)}$"
        )
    if name == "relu":
        case = "z > 0" if z > 0 else r"z \le 0"
        return (
            rf"$\mathrm{{ReLU}}(z) = \max(0, z) = \max(0, {signed(z)}) = {signed(fz)}$, "
            rf"$\quad\mathrm{{ReLU}}'(z) = {fmt(dfz, 0)}$ (because ${case}$)"
        )
    return rf"$f(z) = z = {signed(fz)}$, $\quad f'(z) = 1$ (a straight line has one slope)"


def activation_buttons(activation):
    """The row of buttons that picks the activation f (lessons 02 and 03's widgets)."""
    return toggles("f", SCALAR_ACTIVATIONS, activation, tooltip="activation function f")


class ActivationExplorer(Explorer):
    """Choose an activation and a pre-activation z; f(z), f′(z) and the tangent follow.

    Left: f(z) with the current point and its tangent (slope f′(z)); right:
    f′(z) with the same point. ``update`` returns ``{"activation", "z", "f",
    "df", "saturated"}``; ``saturated`` is true when f′(z) < 0.05, where a
    gradient step through the unit barely changes anything.
    """

    def __init__(self, activation="sigmoid", z=1.0, zlim=6.0):
        get_scalar(activation)  # names softmax as the vector activation it is
        self.zlim = zlim = as_number(zlim, "zlim", 0, 1e3, low_open=True)
        controls = {
            "activation": activation_buttons(activation),
            "z": slider("pre-activation z", z, -zlim, zlim, 0.1),
        }
        fig, (ax_f, ax_df) = figure(5.2, 2.6, ncols=2)
        self.artists = draw_activation(ax_f, ax_df, activation, controls["z"].value, zlim)
        super().__init__(fig, controls)

    def _draw(self, activation, z):
        f, f_prime = get_scalar(activation)
        z = float(z)
        fz, dfz = float(f(z)), float(f_prime(z))
        update_activation(self.artists, activation, z)
        saturated = dfz < SATURATED
        note = ""
        if activation == "relu" and z <= 0:
            note = " — switched off: slope 0, so no gradient flows through this unit"
        elif saturated:
            note = " — saturated: the slope is almost 0, so learning through this unit stalls"
        self.artists["ax_f"].set_title(f"{activation}({z:.1f}) = {fz:.3f}")
        self.artists["ax_df"].set_title(f"{activation}′({z:.1f}) = {dfz:.3f}")
        self.equation.value = _equation(activation, z, fz, dfz) + note
        # f's axes have limits of their own per activation: a background for each
        self.redraw(key=activation)
        return {
            "activation": activation,
            "z": z,
            "f": fz,
            "df": dfz,
            "saturated": saturated,
        }


def activation_explorer(*args, **kwargs):
    """The lesson 02 widget: ``ActivationExplorer(*args, **kwargs)``."""
    return ActivationExplorer(*args, **kwargs)
