"""Activation functions and their derivatives, in value/derivative pairs.

Each derivative takes the pre-activation ``z`` (as Nielsen's ``sigmoid_prime``).
``OUTPUT_DERIVATIVES`` gives the same derivatives from the output ``a = f(z)``,
which backpropagation has cached already (as scikit-learn's ``DERIVATIVES``).
Introduced in lesson 02.
"""

import numpy as np


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
    z = np.asarray(z, dtype=np.float64)
    # e^(−|z|) never overflows: σ(z) = 1/(1 + e^(−z)) for z ≥ 0, e^z/(1 + e^z) below.
    e = np.exp(-np.abs(z))
    r = 1.0 / (1.0 + e)
    return np.where(z >= 0, r, e * r)


def sigmoid_prime(z):
    """σ′(z) = σ(z)(1 − σ(z)). Introduced in lesson 02."""
    s = sigmoid(z)
    return s * (1.0 - s)


def relu(z):
    """ReLU(z) = max(0, z). Introduced in lesson 02."""
    return np.maximum(np.asarray(z, dtype=np.float64), 0.0)


def relu_prime(z):
    """ReLU′(z) = 1 if z > 0 else 0 (we take 0 at z = 0). Introduced in lesson 02."""
    return (np.asarray(z) > 0).astype(np.float64)


def tanh(z):
    """tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)). Introduced in lesson 02."""
    return np.tanh(np.asarray(z, dtype=np.float64))


def tanh_prime(z):
    """tanh′(z) = 1 − tanh²(z). Introduced in lesson 02."""
    t = np.tanh(np.asarray(z, dtype=np.float64))
    return 1.0 - t * t


def identity(z):
    """identity(z) = z, the 'no activation' of a regression output. Introduced in lesson 02."""
    return np.asarray(z, dtype=np.float64)


def identity_prime(z):
    """identity′(z) = 1. Introduced in lesson 02."""
    return np.ones_like(np.asarray(z, dtype=np.float64))


def softmax(z):
    """Softmax over the last axis, softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ).

    Subtracting the row maximum first leaves the result unchanged and keeps
    ``exp`` from overflowing, so logits of ±1e4 are fine.

    Parameters
    ----------
    z : array_like, shape (k,) or (n, k)

    Returns
    -------
    ndarray, same shape as ``z``; each row sums to 1

    Introduced in lesson 02.
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_prime(z):
    """Jacobian of softmax: ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ).

    Softmax mixes its inputs, so its derivative is a matrix per sample, not a number.

    Parameters
    ----------
    z : array_like, shape (k,) or (n, k)

    Returns
    -------
    ndarray, shape (k, k) or (n, k, k)

    Introduced in lesson 02.
    """
    a = softmax(z)
    return a[..., :, None] * (np.eye(a.shape[-1]) - a[..., None, :])


def softmax_backward(a, da):
    """Vector-Jacobian product of softmax: dZ = A ⊙ (dA − Σⱼ dAⱼ Aⱼ), shapes (n, k).

    The same as ``da @ softmax_prime(z)`` per row, without building the (k, k) matrices.
    Introduced in lesson 08.
    """
    return a * (da - np.sum(da * a, axis=-1, keepdims=True))


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
