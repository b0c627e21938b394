"""One artificial neuron: a weighted sum plus a bias, passed through an activation.

With two inputs it lives in the plane: ``decision_line`` is where z = 0,
``Neuron.distance`` how far an input is from it, ``neuron_output_grid`` the output
y over a square of the plane and ``decide`` what y says about each input (lesson 01).
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

    def distance(self, X):
        """Signed distance d = (X·w + b)/‖w‖ of each input from the decision surface z = 0.

        Positive on the side w points to, so z = ‖w‖·d and y = f(‖w‖·d): the
        direction of w turns the surface, b slides it, ‖w‖ sets how fast y
        changes across it. With two inputs the surface is the decision line.

        Parameters
        ----------
        X : array_like, shape (n, d) for a batch of n ≥ 1 or (d,) for one input

        Returns
        -------
        ndarray, shape (n,), or a float for one input
            ±inf where X·w overflows (huge inputs), without a warning.

        Raises
        ------
        ValueError
            When w = 0: then z = b everywhere and there is no surface to measure from.

        Introduced in lesson 01.
        """
        scale = np.abs(self.w).max()
        if scale == 0:
            raise ValueError(
                "w is 0: z = b everywhere, so there is no decision line to measure from"
            )
        unit_free = Neuron(self.w / scale, self.b / scale, "identity")  # same line, no overflow
        z = unit_free.z(X)
        with np.errstate(over="ignore", invalid="ignore"):
            d = z / np.linalg.norm(unit_free.w)
        return float(d) if np.ndim(d) == 0 else d

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


def decide(y, margin=0.1):
    """What a sigmoid neuron's outputs say: 1 (yes), 0 (no) or 0.5 (undecided).

    Yes where y ≥ 0.5 + margin, no where y ≤ 0.5 − margin, undecided in between:
    an input on or near the decision line, where the output is close to 0.5.

    Parameters
    ----------
    y : array_like, shape (n,) or any shape
        Outputs of a sigmoid neuron, in [0, 1].
    margin : float, 0 ≤ margin < 0.5

    Returns
    -------
    ndarray of 0.0, 0.5 and 1.0, the shape of ``y``

    Introduced in lesson 01.
    """
    y = as_float_array(y, "y")
    if np.any((y < 0) | (y > 1)):
        raise ValueError("y must be outputs of a sigmoid, in [0, 1]")
    margin = as_number(margin, "margin", 0, 0.5, high_open=True)
    return np.select([y >= 0.5 + margin, y <= 0.5 - margin], [1.0, 0.0], 0.5)
