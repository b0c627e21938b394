"""Gradient checking: compare analytic gradients with central differences."""

import numpy as np

from . import losses as losses_


def numerical_gradient(f, x, eps=1e-5):
    """Central-difference gradient ∂f/∂xᵢ ≈ (f(x + εeᵢ) − f(x − εeᵢ)) / 2ε.

    ``x`` is nudged in place and restored, so it can be a parameter array that
    ``f`` reads by reference (e.g. a layer's ``W``).

    Parameters
    ----------
    f : callable, ndarray -> float
        Called as ``f(x)``.
    x : ndarray of float64, any shape
    eps : float

    Returns
    -------
    ndarray, same shape as ``x``

    Introduced in lesson 08.
    """
    if not (isinstance(x, np.ndarray) and x.dtype == np.float64):
        raise ValueError("x must be a float64 ndarray (it is nudged in place)")
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + eps
        f_plus = float(f(x))
        x[i] = old - eps
        f_minus = float(f(x))
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def relative_error(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖), 0 when both are 0. Below 1e-6 the two agree. Lesson 08."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def check(net, X, y, loss, eps=1e-5):
    """Largest relative error between ``net``'s backprop gradients and central differences.

    Runs ``net.backward_loss`` once, then nudges every weight and bias.

    Parameters
    ----------
    net : MLP
    X : ndarray, shape (n, d)
    y : ndarray, targets for ``loss``
    loss : Loss or str

    Returns
    -------
    float
        max over parameter arrays of ``relative_error(analytic, numerical)``.

    Introduced in lesson 08.
    """
    loss = losses_.get(loss)
    net.loss_and_grads(X, y, loss)
    analytic = [g.copy() for g in net.grads()]
    errors = []
    for p, g in zip(net.params(), analytic, strict=True):
        numeric = numerical_gradient(lambda _: loss.value(net.forward(X), y), p, eps)
        errors.append(relative_error(g, numeric))
    return max(errors)
