"""Gradient checking and measuring: central differences, and gradient norms per layer.

``check`` compares a network's backprop gradients with central differences,
``value_gradients`` does the same for a function built from ``autograd.Value``s;
``deep_network``, ``gradient_norm_batch`` and ``layer_gradient_norms`` measure
how the gradient shrinks (vanishes) or grows (explodes) layer by layer in a
deep stack, the experiment that ``plots.gradient_norm_curves`` draws.
Introduced in lesson 08.
"""

import numpy as np

from . import losses
from ._checks import _what, as_float_array, as_int, as_number, check_rng, check_size, same_shape
from .autograd import Value
from .network import MLP

__all__ = [
    "check",
    "deep_network",
    "difference_quotients",
    "gradient_norm_batch",
    "layer_gradient_norms",
    "numerical_gradient",
    "relative_error",
    "value_gradients",
]


def difference_quotients(f, x0, h):
    """The forward and the central difference quotient of a function of one number at x₀.

        forward = (f(x₀ + h) − f(x₀)) / h,   central = (f(x₀ + h) − f(x₀ − h)) / (2h)

    The forward quotient is off from f′(x₀) by O(h), the central one by O(h²).

    Parameters
    ----------
    f : callable, float -> float
    x0, h : float, h ≠ 0

    Returns
    -------
    (forward, central) : tuple of float

    Introduced in lesson 07.
    """
    x0, h = as_number(x0, "x0"), as_number(h, "h")
    if h == 0:
        raise ValueError("h must be a finite number ≠ 0 (two different points), got 0")
    f = _scalar_function(f)
    right = f(x0 + h)
    return (right - f(x0)) / h, (right - f(x0 - h)) / (2 * h)


def _scalar_function(f):
    """``f`` wrapped so that each value it returns is checked to be one finite real number."""
    if not callable(f):
        raise TypeError(f"f must be a function returning a number, got {f!r}")

    def value(x):
        return as_number(f(x), "f(x)")  # a vector, complex, NaN or text is refused by name

    return value


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
        got = f"a {type(x).__name__}" + (f" of {x.dtype}" if isinstance(x, np.ndarray) else "")
        raise TypeError(f"x must be a float64 ndarray (it is nudged in place), got {got}")
    as_float_array(x, "x")  # finite: a NaN start gives only NaN differences
    if x.size == 0:
        raise ValueError("x must hold at least one number, got an empty array")
    f = _scalar_function(f)
    eps = as_number(eps, "eps", 0, low_open=True)
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        try:
            x[i] = old + eps
            f_plus = f(x)
            x[i] = old - eps
            f_minus = f(x)
        finally:
            x[i] = old  # restored even when f refuses a nudged x
        grad[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def relative_error(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖), 0 when both are 0. Below 1e-6 the two agree.

    ``a`` and ``b`` must be finite and of one shape (no broadcasting: a gradient
    compared with an array of another shape is a bug, not an agreement). Both are
    scaled by their largest entry first, so entries near 1e308 do not overflow.

    A relative error measures agreement, and misleads where both gradients are
    almost 0 (about 1e-12, where rounding noise dominates) or where an input sits
    exactly on a kink of ReLU: there a correct backprop can score far above 1e-6.

    Introduced in lesson 08.
    """
    a, b = as_float_array(a, "a"), as_float_array(b, "b")
    same_shape(a, b, "a", "b")
    scale = max(np.abs(a).max(initial=0.0), np.abs(b).max(initial=0.0))
    if scale == 0:
        return 0.0
    a, b = a / scale, b / scale
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


# More inputs than a hand-built Value graph has by far, yet a check that stays quick.
MAX_VALUE_INPUTS = 1000


def value_gradients(f, point, eps=1e-5):
    """The gradient of L = f(v₁, …, v_k), built from ``Value``s: by ``backward()`` and numerically.

        backprop: ∂L/∂vᵢ = vᵢ.grad after L.backward()
        numeric:  ∂L/∂vᵢ ≈ (L(p + εeᵢ) − L(p − εeᵢ)) / 2ε, from L's forward values alone

    This is the gradient check of a new operation: the two agree
    (``relative_error`` below 1e-6) exactly when the backward rules f runs
    through match its forward values. Every call of f gets fresh ``Value``s,
    so a wrong rule cannot leak from one evaluation into the next.

    Parameters
    ----------
    f : callable
        Called as ``f(v_1, …, v_k)`` with k ``Value``s; returns the ``Value`` L.
    point : array_like, shape (k,)
        Where: the inputs' values, 1 ≤ k ≤ 1000, finite.
    eps : float > 0
        The nudge ε of the central differences.

    Returns
    -------
    backprop, numeric : ndarray, shape (k,)
        A gradient that overflows float64 is ±inf in ``backprop``, as ``Value``
        gives it; a forward value L that is not finite is refused (ValueError).

    Introduced in lesson 07.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of Values returning a Value, got {_what(f)}")
    point = as_float_array(point, "point")
    if point.ndim != 1 or not 1 <= point.size <= MAX_VALUE_INPUTS:
        raise ValueError(
            f"point must be a 1-D array of 1 to {MAX_VALUE_INPUTS} numbers (one per input of f), "
            f"got shape {point.shape}"
        )
    eps = as_number(eps, "eps", 0, low_open=True)

    def output(inputs):
        out = f(*inputs)
        if not isinstance(out, Value):
            raise TypeError(f"f must return an autograd Value, got {_what(out)}")
        return out

    leaves = [Value(float(t)) for t in point]
    output(leaves).backward()
    backprop = np.array([v.grad for v in leaves], dtype=np.float64)
    numeric = numerical_gradient(
        lambda p: output([Value(float(t)) for t in p]).data, point.copy(), eps
    )
    return backprop, numeric


def check(net, X, y, loss, eps=1e-5):
    """Largest relative error between ``net``'s backprop gradients and central differences.

    Runs ``net.loss_and_grads`` once, then nudges every weight and bias.

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
    loss = losses.get(loss)
    net.loss_and_grads(X, y, loss)
    analytic = [g.copy() for g in net.grads()]
    errors = []
    for p, g in zip(net.params(), analytic, strict=True):
        numeric = numerical_gradient(lambda _: loss.value(net.forward(X), y), p, eps)
        errors.append(relative_error(g, numeric))
    return max(errors)


def gradient_norm_batch(n=64, n_in=4, seed=0):
    """A fixed regression batch for the gradient-norm experiment, every entry drawn from N(0, 1).

    Parameters
    ----------
    n, n_in : int
        Number of samples and of inputs.
    seed : int or np.random.Generator

    Returns
    -------
    X : ndarray, shape (n, n_in)
    y : ndarray, shape (n, 1)

    Introduced in lesson 08.
    """
    n, n_in = as_int(n, "n", 1), as_int(n_in, "n_in", 1)
    check_size((n, n_in), "the batch X")
    rng = check_rng(seed)
    return rng.normal(size=(n, n_in)), rng.normal(size=(n, 1))


# Deeper than the experiment needs by far (lesson 08 goes to 20 layers).
MAX_DEPTH = 1000


def deep_network(depth, activation="sigmoid", init="xavier", width=16, n_in=4, seed=0):
    """An MLP of ``depth`` Dense layers: n_in → width → … → width → 1 (identity output).

    Parameters
    ----------
    depth : int
        Number of weight layers D, 1 ≤ D ≤ 1000; D − 1 hidden layers of ``width`` units.
    activation : str
        Activation f of every hidden layer.
    init : "he", "xavier" or float
        Initial weights' standard deviation (see ``layers.init_std``).
    width, n_in : int
        Units per hidden layer, and inputs.
    seed : int or np.random.Generator

    Returns
    -------
    MLP
        Maps X of shape (n, n_in) to ŷ of shape (n, 1).

    Introduced in lesson 08.
    """
    depth = as_int(depth, "depth", 1, MAX_DEPTH)  # Dense checks width and n_in
    sizes = [n_in] + [width] * (depth - 1) + [1]
    return MLP(sizes, hidden=activation, output="identity", rng=seed, init=init)


def layer_gradient_norms(net, X, y, loss="mse"):
    """‖dW_ℓ‖ (Frobenius norm) for every layer ℓ = 1 … D after one forward and backward pass.

    ‖dW_ℓ‖ = √(Σᵢⱼ (dW_ℓ)ᵢⱼ²), dW_ℓ = A_{ℓ−1}ᵀ dZ_ℓ.

    Parameters
    ----------
    net : MLP
    X : ndarray, shape (n, d)
    y : ndarray, targets for ``loss``, e.g. shape (n, 1)
    loss : Loss or str

    Returns
    -------
    ndarray, shape (D,)
        Layer 1 (next to the input) first. Gradients too large for float64
        (targets near 1e300) are refused with a ValueError, not returned as inf.

    Introduced in lesson 08.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP, got {type(net).__name__}")
    with np.errstate(over="ignore", invalid="ignore"):  # refused below instead of a warning
        net.loss_and_grads(X, y, loss)  # checks X, y and the loss
        norms = np.array([np.linalg.norm(layer.dW) for layer in net.layers])
    if not np.all(np.isfinite(norms)):
        raise ValueError("the gradients overflowed float64: scale X and y down (to about 1)")
    return norms
