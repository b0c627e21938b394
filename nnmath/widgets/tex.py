"""The vocabulary of the live equations: numbers, names, matrices, and the controls' look.

Every widget writes its equation with these, so a number reads the same in
every lesson: fixed digits, a real minus sign (−, not the hyphen -), brackets
around a negative operand, ``2.00\\cdot(−0.50)``, and none around a result,
``= −1.00`` (``fmt`` for an operand, ``result`` for what follows "=").
A number that rounds to zero shows as 0.00, never −0.00. ``weighted_sum``
writes w₁x₁ + … + b with the total of the numbers it shows, so the shown
terms add up to the shown total by hand.
"""

from decimal import ROUND_HALF_UP, Decimal, localcontext

import numpy as np

__all__ = [
    "CONTROL_LAYOUT",
    "CONTROL_STYLE",
    "activation_tex",
    "fmt",
    "matrix",
    "minus",
    "result",
    "row",
    "sci",
    "signed",
    "vec",
    "weighted_sum",
]

# The controls' look: the whole label shown, one width for every control.
CONTROL_STYLE = {"description_width": "initial"}
CONTROL_LAYOUT = {"width": "320px"}


def minus(text):
    """``text`` with real minus signs (−) for hyphens, e.g. in a title "1.2e-08" → "1.2e−08"."""
    return text.replace("-", "−")


def fmt(v, digits=2, brackets=True):
    """An operand for a live equation: fixed digits, a real minus sign, negatives in
    brackets (unless ``brackets=False``, e.g. inside f(…)); −0.004 shows as 0.00."""
    s = f"{v:.{digits}f}"
    if s.startswith("-"):
        if not s.strip("-0."):  # rounds to zero: no sign (it would be round-off's)
            return s[1:]
        return f"(−{s[1:]})" if brackets else f"−{s[1:]}"
    return s


def signed(v, digits=2):
    """A number with a real minus sign and no brackets: inside f(…), a matrix, an exponent."""
    return fmt(v, digits, brackets=False)


def result(v, digits=2):
    """A result, what follows "=": a real minus sign and no brackets, ``= −1.20``."""
    return fmt(v, digits, brackets=False)


def _shown(v, digits):
    """``v`` exactly as ``fmt`` shows it, as a Decimal (no −0)."""
    return Decimal(fmt(v, digits, brackets=False).replace("−", "-"))


def weighted_sum(w, x, b=None, digits=2, x_digits=None):
    """``w₁x₁ + w₂x₂ + … + b`` for a live equation, and its total from the numbers shown.

    Every operand is rounded to the digits it is shown with, and the total is
    the exact sum of the shown products (plus the shown bias), rounded half away
    from zero to ``digits``: a learner who adds up the shown terms by hand gets
    the shown total. The true w·x + b differs from it by the operands' rounding.

    Parameters
    ----------
    w, x : sequence of float, the same length ≥ 1
    b : float, optional
        The bias; ``None`` for a plain dot product w·x.
    digits : int
        Digits of w, b and the total.
    x_digits : int, optional
        Digits of x (default ``digits``).

    Returns
    -------
    terms : str
        e.g. ``1.00\\cdot(−0.54) + 1.00\\cdot(−0.67) + 0.00``.
    total : str
        The total as a ``result``, e.g. ``−1.21``.
    value : float
        The shown total as a number (to feed the next step of the equation).
    """
    w, x = np.atleast_1d(np.asarray(w, float)), np.atleast_1d(np.asarray(x, float))
    if w.ndim != 1 or w.shape != x.shape or w.size == 0:
        raise ValueError(f"w and x must be two vectors of one length, got {w.shape}, {x.shape}")
    x_digits = digits if x_digits is None else x_digits
    parts = [rf"{fmt(wi, digits)}\cdot{fmt(xi, x_digits)}" for wi, xi in zip(w, x, strict=True)]
    if b is not None:
        parts.append(fmt(b, digits))
    if not (np.all(np.isfinite(w)) and np.all(np.isfinite(x)) and np.isfinite(b or 0.0)):
        total = float(w @ x + (b or 0.0))  # ±inf or NaN: nothing to add up by hand
        return " + ".join(parts), result(total, digits), total
    with localcontext() as exact_context:
        exact_context.prec = 2 * 330 + 20  # every digit of two floats' product: exact
        exact = sum(_shown(wi, digits) * _shown(xi, x_digits) for wi, xi in zip(w, x, strict=True))
        if b is not None:
            exact += _shown(b, digits)
        total = float(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
    return " + ".join(parts), result(total, digits), total


def vec(p, digits=2):
    """A vector as a tuple, e.g. (−3.40, 1.40)."""
    return "(" + ", ".join(signed(v, digits) for v in p) + ")"


def row(v, digits=2):
    """A row vector as a LaTeX bmatrix."""
    return r"\begin{bmatrix}" + " & ".join(signed(x, digits) for x in v) + r"\end{bmatrix}"


def matrix(M, digits=2):
    """A matrix as a LaTeX bmatrix."""
    rows = r" \\ ".join(" & ".join(signed(x, digits) for x in r) for r in M)
    return r"\begin{bmatrix}" + rows + r"\end{bmatrix}"


def sci(v):
    """A number in scientific notation, e.g. 3.10\\cdot 10^{-8}; 0 and ∞ as themselves."""
    if v == 0:
        return "0"
    if not np.isfinite(v):
        return r"\infty"
    exp = int(np.floor(np.log10(abs(v))))
    return rf"{v / 10.0**exp:.2f}\cdot 10^{{{exp}}}"


def activation_tex(name, sigma=False):
    """The LaTeX name of an activation, ``\\mathrm{tanh}``; with ``sigma``, the sigmoid is σ."""
    return r"\sigma" if sigma and name == "sigmoid" else rf"\mathrm{{{name}}}"
