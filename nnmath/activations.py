"""Activation functions and their derivatives, in value/derivative pairs.

Each derivative takes the pre-activation ``z`` (as Nielsen's ``sigmoid_prime``).
``OUTPUT_DERIVATIVES`` gives the same derivatives from the output ``a = f(z)``,
which backpropagation has cached already (as scikit-learn's ``DERIVATIVES``).
For the scalar activations (``SCALAR_ACTIVATIONS``, ``get_scalar``), lesson 02's
numbers about one curve: its ``tangent_line`` and its ``saturation_threshold``.

Every function here takes real numbers of any dtype and refuses complex values,
strings and ``None`` with a ``TypeError``. Unlike the rest of the core they keep
NumPy's NaN-in, NaN-out: NaN gives NaN, and ±inf gives the limit (σ(∞) = 1,
ReLU(−∞) = 0, ReLU′(∞) = 1), never a warning, so a diverging network shows NaN
where it broke instead of stopping inside a layer. The checks cost O(1), not a
pass over the array: these run at every layer of every training step.
Introduced in lesson 02.
"""

import math

import numpy as np

from ._checks import as_bool, as_float_array, as_number, as_real_array


def _as_real(z):
    """``z`` as a float64 array, NaN and ±inf kept (the element-wise NaN-in, NaN-out)."""
    return as_real_array(z, "z")


def sigmoid(z):
    """Logistic sigmoid, σ(z) = 1 / (1 + e^(−z)), computed without overflow.

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``z``, values in (0, 1)

    Introduced in lesson 02.
    """
    z = _as_real(z)
    # For z < −709, e^(−z) overflows to inf and 1/(1 + inf) = 0 is the right answer,
    # to about one unit in the last place (a division by a huge number loses nothing):
    # the overflow is harmless, so it is silenced rather than avoided, which keeps
    # this as fast as the textbook formula (half the cost of a two-branch version).
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    """σ′(z) = σ(z)(1 − σ(z)). Introduced in lesson 02."""
    s = sigmoid(z)
    return s * (1.0 - s)


def relu(z):
    """ReLU(z) = max(0, z). Introduced in lesson 02."""
    return np.maximum(_as_real(z), 0.0)


def relu_prime(z):
    """ReLU′(z) = 1 if z > 0 else 0 (we take 0 at z = 0). Introduced in lesson 02."""
    # The Heaviside step with H(0) = 0 is this derivative, and unlike z > 0 it keeps NaN.
    return np.heaviside(_as_real(z), 0.0)


def tanh(z):
    """tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)). Introduced in lesson 02."""
    return np.tanh(_as_real(z))


def tanh_prime(z):
    """tanh′(z) = 1 − tanh²(z). Introduced in lesson 02."""
    t = np.tanh(_as_real(z))
    return 1.0 - t * t


def identity(z):
    """identity(z) = z, the 'no activation' of a regression output. Introduced in lesson 02."""
    return _as_real(z)


def identity_prime(z):
    """identity′(z) = 1 (NaN where z is NaN). Introduced in lesson 02."""
    z = _as_real(z)
    return np.where(np.isnan(z), np.nan, 1.0)


def softmax(z, *, check_input=True):
    """Softmax over the last axis, softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ).

    Subtracting the row maximum first leaves the result unchanged and keeps
    ``exp`` from overflowing, so logits of ±1e4, or even 1e308 and −1e308, are fine.
    Infinite logits give the limit: a −inf logit gets probability 0 and the +inf
    logits of a row share it equally. A row holding NaN, or only −inf, gives NaN.

    Parameters
    ----------
    z : array_like, shape (k,) or (n, k), k ≥ 1 (any leading axes: softmax acts on the last)
    check_input : bool
        ``False`` is for a layer's own float64 logits, whose caller has set
        ``np.errstate`` (``Dense.forward``): nothing is checked, and a +inf logit
        gives NaN in its row instead of the limit, which saves a training step
        the two reductions it would cost (a diverged network fails anyway).

    Returns
    -------
    ndarray, same shape as ``z``; each row sums to 1

    Introduced in lesson 02.
    """
    if not check_input:
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    z = _as_real(z)
    if z.ndim == 0 or z.size == 0:
        raise ValueError(
            f"z must hold at least one row of logits, shape (k,) or (n, k), got shape {z.shape}"
        )
    m = z.max(axis=-1, keepdims=True)  # NaN in a row that holds NaN
    # z − m overflows to −inf for logits 1e308 and −1e308, where e^(−inf) = 0 is right;
    # inf − inf is NaN for +inf logits, mended below. Neither is worth a warning.
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z - m)
    if not m.max() < np.inf:  # a +inf logit, or NaN, somewhere: one reduction of (…, 1)
        e = np.where(m == np.inf, z == np.inf, e)  # the +inf logits of a row share it
    return e / e.sum(axis=-1, keepdims=True)


def softmax_prime(z):
    """Jacobian of softmax: ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ).

    Softmax mixes its inputs, so its derivative is a matrix per sample, not a number.

    Parameters
    ----------
    z : array_like, shape (k,) or (n, k), k ≥ 1

    Returns
    -------
    ndarray, shape (k, k) or (n, k, k)

    Introduced in lesson 02.
    """
    z = _as_real(z)
    if z.ndim > 2:  # a (k, k) matrix per sample: more axes would be read as more samples
        raise ValueError(f"z must have shape (k,) or (n, k), got shape {z.shape}")
    a = softmax(z)
    return a[..., :, None] * (np.eye(a.shape[-1]) - a[..., None, :])


def softmax_backward(a, da, *, check_input=True):
    """Vector-Jacobian product of softmax: dZ = A ⊙ (dA − Σⱼ dAⱼ Aⱼ), shapes (n, k).

    The same as ``da @ softmax_prime(z)`` per row, without building the (k, k) matrices.
    Not element-wise, so unlike the activations it refuses NaN and ±inf.

    Parameters
    ----------
    a : array_like, shape (k,) or (n, k), finite
        The softmax output A.
    da : array_like, the shape of ``a``, finite
        ∂L/∂A.
    check_input : bool
        ``False`` skips checking ``a`` and ``da`` (type, shape, NaN), for
        ``Dense.backward``, which has checked its gradient and caches ``a``; the
        caller then owns the floating-point warnings.

    Returns
    -------
    ndarray, the shape of ``a``: ∂L/∂Z
        Where dA − Σⱼ dAⱼ Aⱼ overflows (``da`` near ±1e308) it holds ±inf (NaN
        where A is 0), without a warning.

    Introduced in lesson 08.
    """
    if check_input is not False and as_bool(check_input, "check_input"):
        a, da = as_float_array(a, "a"), as_float_array(da, "da")
        if a.ndim not in (1, 2) or a.size == 0:
            raise ValueError(f"a must be softmax rows of shape (k,) or (n, k), got shape {a.shape}")
        if da.shape != a.shape:
            raise ValueError(f"da must have the shape of a, {a.shape}, got {da.shape}")
        with np.errstate(over="ignore", invalid="ignore"):
            return softmax_backward(a, da, check_input=False)
    return a * (da - np.sum(da * a, axis=-1, keepdims=True))


# The activations that map one number z to one number f(z); softmax maps a vector.
SCALAR_ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity")

ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "relu": (relu, relu_prime),
    "tanh": (tanh, tanh_prime),
    "identity": (identity, identity_prime),
    "softmax": (softmax, softmax_prime),
}

OUTPUT_DERIVATIVES = {
    "sigmoid": lambda a: a * (1.0 - a),
    "relu": lambda a: a > 0,  # a boolean mask: dA * mask is dA where a > 0, else 0
    "tanh": lambda a: 1.0 - a * a,
    "identity": np.ones_like,
}


def get(name):
    """Return ``(f, f_prime)`` for an activation name, or raise a ValueError listing the names."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}"
        ) from None


def get_scalar(name):
    """Return ``(f, f_prime)`` for an activation that maps a number z to a number f(z).

    Softmax maps a vector to a vector (its derivative is a matrix), so it is
    refused with a ValueError, as is an unknown name.
    Introduced in lesson 02.
    """
    if isinstance(name, str) and name == "softmax":
        raise ValueError(
            "softmax maps a vector to a vector (its derivative is a matrix); "
            f"choose one of {list(SCALAR_ACTIVATIONS)} for a curve f(z)"
        )
    return get(name)


def tangent_line(name, z0, half_width=1.5):
    """The tangent to f at z₀, as a segment over [z₀ − h, z₀ + h].

        y = f(z₀) + f′(z₀)(z − z₀)

    Parameters
    ----------
    name : str
        A scalar activation: "sigmoid", "tanh", "relu" or "identity".
    z0 : float
        Where the tangent touches the curve.
    half_width : float > 0
        h, how far the segment reaches on each side.

    Returns
    -------
    zs, ys : ndarray, shape (2,) each
        The segment's two ends.

    Introduced in lesson 02.
    """
    f, f_prime = get_scalar(name)
    z0 = as_number(z0, "z0")
    half_width = as_number(half_width, "half_width", 0, low_open=True)
    ends = (z0 - half_width, z0 + half_width)
    if not all(math.isfinite(end) for end in ends):
        raise ValueError(
            f"z0 ± half_width must be finite numbers, got z0={z0!r}, half_width={half_width!r}"
        )
    zs = np.array(ends)  # (2,)
    return zs, f(z0) + f_prime(z0) * (zs - z0)  # (2,), (2,)


def saturation_threshold(name, threshold=0.05, zlim=10.0):
    """The smallest z* ≥ 0 with f′(z) < ``threshold`` for every |z| > z* (∞ if there is none).

        z* = min { t ≥ 0 : f′(z) < threshold for all |z| > t }, searched on a grid of [0, zlim]

    For the sigmoid and threshold 0.05 that is |z| ≈ 2.89: beyond it the
    neuron is *saturated*, its slope nearly zero.

    Parameters
    ----------
    name : str
        A scalar activation: "sigmoid", "tanh", "relu" or "identity".
    threshold : float > 0
        The slope below which a unit counts as saturated.
    zlim : float > 0
        How far to search; a slope still ≥ ``threshold`` at ±zlim gives ∞.

    Returns
    -------
    float
        z*, to the grid's step zlim / 20000; ``np.inf`` if f′ is not small at ±zlim.

    Introduced in lesson 02.
    """
    _, f_prime = get_scalar(name)
    threshold = as_number(threshold, "threshold", 0, low_open=True)
    zlim = as_number(zlim, "zlim", 0, low_open=True)
    z = np.linspace(0.0, zlim, 20001)  # (20001,)
    small = (f_prime(z) < threshold) & (f_prime(-z) < threshold)  # (20001,)
    # Saturated from here on: the first z after which every value is small.
    if not small[-1]:
        return np.inf
    big = np.flatnonzero(~small)
    return float(z[big[-1] + 1]) if big.size else 0.0
