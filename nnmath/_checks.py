"""Input validation shared by the core: clear ``ValueError`` messages, never a silent broadcast.

The checks run once, where data enters (``MLP.forward``, ``Loss.value``, ``train.fit``),
and each costs at most one pass over the array, so the public path stays fast.
"""

import sys

import numpy as np


def as_float_array(a, name):
    """Return ``a`` as a float64 array, refusing NaN and infinity with a message naming ``name``."""
    arr = np.asarray(a, dtype=np.float64)
    # One pass and one reduction (a sum would be cheaper but can overflow and warn);
    # the ufunc's own reduce skips ndarray.all's Python wrapper, which a step would feel.
    if not np.logical_and.reduce(np.isfinite(arr), axis=None):
        bad = "NaN" if np.isnan(arr).any() else "infinity"
        raise ValueError(f"{name} contains {bad}; check the data or a diverged computation")
    return arr


def as_matrix(a, name, n_cols=None):
    """Return ``a`` as a float64 matrix ``(n, n_cols)``; a 1-D ``a`` is one sample ``(1, d)``."""
    arr = as_float_array(a, name)
    if arr.ndim == 1:
        arr = arr[np.newaxis, :]
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D with shape (n, d), got shape {arr.shape}")
    if n_cols is not None and arr.shape[1] != n_cols:
        raise ValueError(f"{name} must have shape (n, {n_cols}), got {arr.shape}")
    return arr


def as_gradient(layer, g, name):
    """``g`` as a float64 array shaped like the output of ``layer``'s last forward pass.

    For ``backward`` of any layer that caches its output ``A`` (and input ``X``).
    Only the shape is checked: a gradient is computed, not typed in.
    """
    if layer.A is None:
        raise ValueError("call forward(X) before backward: the layer needs the cached X")
    g = np.asarray(g, dtype=np.float64)
    if g.shape != layer.A.shape:
        raise ValueError(f"{name} must have shape {layer.A.shape}, got {g.shape}")
    return g


def same_shape(a, b, name_a, name_b):
    """Raise unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}"
        )


def check_rng(rng):
    """Return a ``np.random.Generator``; an int is taken as a seed, ``None`` is refused."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise ValueError(
        "pass rng=np.random.default_rng(seed) (or an int seed) so results are reproducible; "
        f"got {rng!r}"
    )


def ipython_shell():
    """The running IPython shell, or ``None`` (IPython itself is never imported here)."""
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def as_window(lim, name):
    """A window ``(low, high)`` as two floats with low < high, or a ValueError naming ``name``."""
    try:
        lo, hi = (float(v) for v in lim)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be two numbers (low, high), got {lim!r}") from None
    if not lo < hi:
        raise ValueError(f"{name} must be (low, high) with low < high, got {lim!r}")
    return lo, hi
