"""One artificial neuron: a weighted sum plus a bias, passed through an activation.

With two inputs it lives in the plane: ``decision_line`` is where z = 0 and
``neuron_output_grid`` its output y over a square of the plane (lesson 01).
"""

import numpy as np

from . import activations
from ._checks import as_float_array
from .data import plane_grid


class Neuron:
    """A single neuron, y = f(z) with z = w·x + b.

    Parameters
    ----------
    w : array_like, shape (d,)
        One weight per input.
    b : float
        The bias: shifts z, and so where the neuron switches on.
    activation : str
        A name in ``nnmath.activations.ACTIVATIONS``.

    Introduced in lesson 01.
    """

    def __init__(self, w, b=0.0, activation="sigmoid"):
        self.w = as_float_array(w, "w")
        if self.w.ndim != 1:
            raise ValueError(f"w must be 1-D with shape (d,), got shape {self.w.shape}")
        self.b = float(as_float_array(b, "b"))
        if activation == "softmax":
            raise ValueError("softmax needs several outputs to share; a single neuron has one")
        self.activation = activation
        self.f, _ = activations.get(activation)  # y = f(z); a neuron alone has no backward

    def z(self, X):
        """Pre-activation z = X·w + b.

        Parameters
        ----------
        X : array_like, shape (n, d) for a batch or (d,) for one input

        Returns
        -------
        ndarray, shape (n,), or a float for one input
        """
        X = as_float_array(X, "X")
        d = self.w.shape[0]
        if X.shape[-1:] != (d,) or X.ndim > 2:
            raise ValueError(f"X must have shape (n, {d}) or ({d},), got {X.shape}")
        z = X @ self.w + self.b  # (n,) or ()
        return float(z) if z.ndim == 0 else z

    def __call__(self, X):
        """Output y = f(z), same shape as ``self.z(X)``."""
        y = self.f(self.z(X))
        return float(y) if np.ndim(y) == 0 else y

    def __repr__(self):
        w = ", ".join(f"{v:.3g}" for v in self.w)
        return f"Neuron(w=[{w}], b={self.b:.3g}, activation={self.activation!r})"


def _plane_neuron(w, b, lim):
    """``w`` (2,) and ``b`` as floats, and ``lim`` > 0: a 2-input neuron over [−lim, lim]²."""
    w = as_float_array(w, "w")
    if w.shape != (2,):
        raise ValueError(f"w must have shape (2,): a neuron over the plane, got {w.shape}")
    b = as_float_array(b, "b")
    if b.ndim != 0:
        raise ValueError(f"b must be a number, got shape {b.shape}")
    if not lim > 0:
        raise ValueError(f"lim must be > 0, got {lim!r}")
    return w, float(b), float(lim)


def decision_line(w, b, lim=2.5):
    """Endpoints of the decision line w₁x₁ + w₂x₂ + b = 0 across the square [−lim, lim]².

    Solved for x₂ = −(w₁x₁ + b) / w₂ when |w₂| ≥ |w₁|, else for x₁, so it
    never divides by a tiny weight.

    Parameters
    ----------
    w : array_like, shape (2,)
    b : float
    lim : float

    Returns
    -------
    xs, ys : ndarray, shape (2,) each
        The two endpoints (x₁, x₂) = (xs[i], ys[i]); both empty when w = 0
        (then z = b everywhere: there is no line).

    Introduced in lesson 01.
    """
    (w1, w2), b, lim = _plane_neuron(w, b, lim)
    if w1 == 0 and w2 == 0:
        return np.array([]), np.array([])
    if abs(w2) >= abs(w1):
        xs = np.array([-lim, lim])
        return xs, -(w1 * xs + b) / w2
    ys = np.array([-lim, lim])
    return -(w2 * ys + b) / w1, ys


def neuron_output_grid(w, b, activation="sigmoid", lim=2.5, res=120):
    """The neuron's output y = f(w·x + b) on a res × res grid over [−lim, lim]².

    Parameters
    ----------
    w : array_like, shape (2,)
    b : float
    activation : str
        A name in ``nnmath.activations.ACTIVATIONS`` (not softmax).
    lim : float
    res : int
        Grid points per axis, ≥ 2.

    Returns
    -------
    ndarray, shape (res, res)
        Row i is the height x₂ = g_i, column j the x₁ = g_j, with g the res
        points of ``np.linspace(−lim, lim, res)`` (``data.plane_grid``'s layout).

    Introduced in lesson 01.
    """
    w, b, lim = _plane_neuron(w, b, lim)
    y = Neuron(w, b, activation)(plane_grid((-lim, lim), (-lim, lim), res))  # (res²,)
    return y.reshape(res, res)
