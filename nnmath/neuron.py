"""One artificial neuron: a weighted sum plus a bias, passed through an activation."""

import numpy as np

from . import activations
from ._checks import as_float_array


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
        self.f, self.f_prime = activations.get(activation)

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
