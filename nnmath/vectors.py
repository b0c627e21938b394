"""Vectors and the dot product: projection and cosine similarity (lesson 00)."""

import numpy as np

from ._checks import as_float_array

__all__ = ["cosine_similarity", "projection"]

# Within these magnitudes a·a and a·b can neither overflow nor lose a to underflow.
_SAFE = 1e-100, 1e100


def projection(b, a):
    """The projection of ``b`` onto the line of ``a``.

        proj_a(b) = (a·b / a·a) a

    Parameters
    ----------
    b : array_like, shape (d,)
        The vector that casts the shadow.
    a : array_like, shape (d,), d ≥ 1
        The direction it falls on; must not be the zero vector.

    Returns
    -------
    ndarray, shape (d,)
        A multiple of ``a``; ``b − proj_a(b)`` is perpendicular to ``a``.
        Huge or tiny vectors are fine (they are rescaled first); only a
        projection beyond the largest float is ±inf, without a warning.

    Introduced in lesson 00.
    """
    a, b = as_float_array(a, "a"), as_float_array(b, "b")
    if a.ndim != 1 or b.shape != a.shape or a.size == 0:
        raise ValueError(f"a and b must be vectors of one length (d,), got {a.shape} and {b.shape}")
    scale_a, scale_b = np.abs(a).max(), np.abs(b).max()
    if scale_a == 0:
        raise ValueError("a must not be the zero vector: it has no direction to project onto")
    if _SAFE[0] <= scale_a <= _SAFE[1] and scale_b <= _SAFE[1]:
        return (a @ b) / (a @ a) * a  # the formula as written: every product is safe
    if scale_b == 0:
        return np.zeros_like(a)
    # proj_a(b) = sb · proj_u(v) with u = a/sa, v = b/sb, whose entries lie in [−1, 1].
    u, v = a / scale_a, b / scale_b
    with np.errstate(over="ignore"):
        return (u @ v) / (u @ u) * u * scale_b


def cosine_similarity(x, w):
    """The cosine of the angle between each input and ``w``: direction only, not length.

        cos θ = x·w / (‖x‖ ‖w‖)

    Parameters
    ----------
    x : array_like, shape (d,) or (n, d)
        One input, or a batch with one sample per row; no row may be the zero vector.
    w : array_like, shape (d,)
        The direction to compare with (a neuron's weights); not the zero vector.

    Returns
    -------
    float or ndarray, shape (n,)
        A number in [−1, 1] per input (round-off past ±1 is clipped, so ``np.arccos``
        always works): 1 when x points along w, 0 when perpendicular, −1 when opposite.
        It does not change when x or w is scaled by a positive number.
        Huge or tiny vectors are fine (each is rescaled first).

    Introduced in lesson 00.
    """
    x, w = as_float_array(x, "x"), as_float_array(w, "w")
    if w.ndim != 1 or w.size == 0 or x.ndim not in (1, 2) or x.shape[-1] != w.size:
        raise ValueError(
            f"x must have shape (d,) or (n, d) and w shape (d,) with d ≥ 1, "
            f"got {x.shape} and {w.shape}"
        )
    X = np.atleast_2d(x)
    if X.shape[0] == 0:
        raise ValueError("x must hold at least one sample, got shape (0, d)")
    scale_x, scale_w = np.abs(X).max(axis=1), np.abs(w).max()
    if scale_w == 0:
        raise ValueError("w must not be the zero vector: it has no direction")
    if np.any(scale_x == 0):
        raise ValueError("x must not contain the zero vector: it has no direction")
    # cos θ does not change when a vector is scaled. Each is divided by the power of two
    # just below its largest |entry| (exact, to the last bit), so entries lie in [−2, 2]
    # and the squares in the lengths can neither overflow nor underflow.
    U = np.ldexp(X, 1 - np.frexp(scale_x)[1][:, np.newaxis])
    v = np.ldexp(w, 1 - np.frexp(scale_w)[1])
    cos = (U @ v) / (np.sqrt(np.einsum("ij,ij->i", U, U)) * np.sqrt(v @ v))
    cos = np.clip(cos, -1.0, 1.0)
    return float(cos[0]) if x.ndim == 1 else cos
