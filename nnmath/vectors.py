"""Vectors and the dot product: the projection of one vector onto another (lesson 00)."""

import numpy as np

from ._checks import as_float_array

__all__ = ["projection"]

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
