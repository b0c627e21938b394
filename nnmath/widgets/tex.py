"""The vocabulary of the live equations: numbers, names, matrices, and the controls' look.

Every widget writes its equation with these, so a number reads the same in
every lesson: fixed digits, a real minus sign (−, not the hyphen -), and
brackets around a negative factor, ``2.00\\cdot(−0.50)``.
"""

import numpy as np

__all__ = [
    "CONTROL_LAYOUT",
    "CONTROL_STYLE",
    "activation_tex",
    "fmt",
    "matrix",
    "minus",
    "row",
    "sci",
    "signed",
    "vec",
]

# The controls' look: the whole label shown, one width for every control.
CONTROL_STYLE = {"description_width": "initial"}
CONTROL_LAYOUT = {"width": "320px"}


def minus(text):
    """``text`` with real minus signs (−) for hyphens, e.g. in a title "1.2e-08" → "1.2e−08"."""
    return text.replace("-", "−")


def fmt(v, digits=2, brackets=True):
    """A number for a live equation: fixed digits, a real minus sign, negatives in
    brackets (unless ``brackets=False``, e.g. inside f(…))."""
    s = f"{v:.{digits}f}"
    if s.startswith("-"):
        return f"(−{s[1:]})" if brackets else f"−{s[1:]}"
    return s


def signed(v, digits=2):
    """A number with a real minus sign and no brackets: inside f(…), a matrix, an exponent."""
    return fmt(v, digits, brackets=False)


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
