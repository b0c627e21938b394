"""Input validation shared by the core: clear ``ValueError`` messages, never a silent broadcast."""

import numpy as np


def as_float_array(a, name):
    """Return ``a`` as a float64 array, refusing NaN and infinity with a message naming ``name``."""
    arr = np.asarray(a, dtype=np.float64)
    # The smallest and largest entry are finite exactly when all are (NaN propagates
    # through min and max): two reductions, no temporary array, nothing to overflow.
    if arr.size and not (np.isfinite(arr.min()) and np.isfinite(arr.max())):
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
