"""Vectors and the dot product: the projection of one vector onto another (lesson 00)."""

from ._checks import as_float_array

__all__ = ["projection"]


def projection(b, a):
    """The projection of ``b`` onto the line of ``a``.

        proj_a(b) = (a·b / a·a) a

    Parameters
    ----------
    b : array_like, shape (d,)
        The vector that casts the shadow.
    a : array_like, shape (d,)
        The direction it falls on; must not be the zero vector.

    Returns
    -------
    ndarray, shape (d,)
        A multiple of ``a``; ``b − proj_a(b)`` is perpendicular to ``a``.

    Introduced in lesson 00.
    """
    a, b = as_float_array(a, "a"), as_float_array(b, "b")
    if a.ndim != 1 or b.shape != a.shape:
        raise ValueError(f"a and b must be vectors of one length (d,), got {a.shape} and {b.shape}")
    aa = a @ a
    if aa == 0:
        raise ValueError("a must not be the zero vector: it has no direction to project onto")
    return (a @ b) / aa * a
