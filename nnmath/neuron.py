"""One artificial neuron: a weighted sum plus a bias, passed through an activation.

With two inputs it lives in the plane: ``decision_line`` is where z = 0 and
``neuron_output_grid`` its output y over a square of the plane (lesson 01).
"""

import numpy as np

from . import activations
from ._checks import as_float_array, as_int, as_number
from .data import plane_grid


class Neuron:
    """A single neuron, y = f(z) with z = w·x + b.

    Parameters
    ----------
    w : array_like, shape (d,), d ≥ 1
        One weight per input.
    b : float
        The bias (a Python or NumPy number): shifts z, and so where the neuron switches on.
    activation : str
        A name in ``nnmath.activations.ACTIVATIONS``.

    Introduced in lesson 01.
    """

    def __init__(self, w, b=0.0, activation="sigmoid"):
        self.w = as_float_array(w, "w")
        if self.w.ndim != 1 or self.w.size == 0:
            raise ValueError(
                f"w must be 1-D with shape (d,), d ≥ 1 weights, got shape {self.w.shape}"
            )
        self.b = as_number(b, "b")
        self.f, _ = activations.get(activation)  # y = f(z); a neuron alone has no backward
        if activation == "softmax":
            raise ValueError("softmax needs several outputs to share; a single neuron has one")
        self.activation = activation

    def z(self, X):
        """Pre-activation z = X·w + b.

        Parameters
        ----------
        X : array_like, shape (n, d) for a batch of n ≥ 1 or (d,) for one input

        Returns
        -------
        ndarray, shape (n,), or a float for one input
            ±inf where w·x + b overflows (huge weights or inputs), without a warning.
        """
        X = as_float_array(X, "X")
        d = self.w.shape[0]
        if X.shape[-1:] != (d,) or X.ndim > 2:
            raise ValueError(f"X must have shape (n, {d}) or ({d},), got {X.shape}")
        if X.size == 0:
            raise ValueError(f"X must hold at least one input, got shape {X.shape}")
        with np.errstate(over="ignore", invalid="ignore"):
            z = X @ self.w + self.b  # (n,) or ()
        return float(z) if z.ndim == 0 else z

    def __call__(self, X):
        """Output y = f(z), same shape as ``self.z(X)``.

        Where z overflows (huge weights or inputs) y is f(±inf), without a warning:
        ±inf for the identity and ReLU, the limit for sigmoid and tanh.
        """
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
    return w, as_number(b, "b"), as_number(lim, "lim", 0, low_open=True)


def decision_line(w, b, lim=2.5):
    """Endpoints of the decision line w₁x₁ + w₂x₂ + b = 0 across the square [−lim, lim]².

    Solved for x₂ = −(w₁/w₂) x₁ − b/w₂ when |w₂| ≥ |w₁|, else for x₁, so it
    never divides by a tiny weight, and huge weights cannot overflow.

    Parameters
    ----------
    w : array_like, shape (2,)
    b : float
    lim : float

    Returns
    -------
    xs, ys : ndarray, shape (2,) each
        The two endpoints (x₁, x₂) = (xs[i], ys[i]); both empty when w = 0
        (then z = b everywhere: there is no line). An end is ±inf, without a
        warning, when b/w overflows: the line is then farther away than floats reach.

    Introduced in lesson 01.
    """
    (w1, w2), b, lim = _plane_neuron(w, b, lim)
    if w1 == 0 and w2 == 0:
        return np.array([]), np.array([])
    ends = np.array([-lim, lim])
    with np.errstate(over="ignore"):
        if abs(w2) >= abs(w1):
            return ends, -(w1 / w2) * ends - b / w2
        return -(w2 / w1) * ends - b / w1, ends


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
        Grid points per axis, 2 … 1000 (``data.plane_grid``'s range).

    Returns
    -------
    ndarray, shape (res, res)
        Row i is the height x₂ = g_i, column j the x₁ = g_j, with g the res
        points of ``np.linspace(−lim, lim, res)`` (``data.plane_grid``'s layout).
        Where w·x + b overflows (huge weights) it holds f(±inf), without a
        warning: ±inf for the identity and ReLU, as ``Neuron.__call__``.

    Introduced in lesson 01.
    """
    w, b, lim = _plane_neuron(w, b, lim)
    res = as_int(res, "res", 2)  # a whole float (7.0) as the int that reshape needs
    y = Neuron(w, b, activation)(plane_grid((-lim, lim), (-lim, lim), res))  # (res²,)
    return y.reshape(res, res)
