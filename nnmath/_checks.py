"""Input validation shared by the core: clear errors, never a silent broadcast or coercion.

The checks run once, where data enters (``MLP.forward``, ``Loss.value``, ``train.fit``),
and each costs at most one pass over the array, so the public path stays fast.

The rules, the same in every module:

- A bad value raises ``ValueError`` and a value of the wrong type ``TypeError``, each
  naming the argument, what was expected and what was given, before any computation.
- Arrays hold real numbers: complex values, strings, ``None`` and ragged lists are
  refused (NumPy would drop the imaginary part with only a warning).
- Data arrays must be finite (NaN and infinity are refused by name) and hold at least
  one sample. The element-wise activations alone keep NumPy's NaN-in, NaN-out.
- Numbers (learning rates, noise, sizes) may be Python or NumPy scalars, must be finite
  and lie in their documented range; a bool is not a number. Counts must be whole.
- Overflow in valid but extreme input gives ``inf`` (documented where it can happen),
  never a warning; training stops with a clear error as soon as anything is not finite.
"""

import contextlib
import math
import numbers
import os
import stat
import sys

import numpy as np

# dtype kinds that hold real numbers: bool, signed and unsigned int, float
_REAL_KINDS = "biuf"


def _what(v):
    """``v`` as a message shows it: its repr, shortened, and its type."""
    text = repr(v)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(v).__name__})"


def as_real_array(a, name):
    """``a`` as a float64 array of real numbers, NaN and ±inf kept, or an error naming ``name``.

    Complex values, strings, ``None`` and ragged lists are refused; a real ndarray costs O(1)
    (no pass over it), which the element-wise activations need.
    """
    if not (isinstance(a, np.ndarray) and a.dtype.kind in _REAL_KINDS):
        try:
            a = np.asarray(a)
        except ValueError:  # NumPy refuses ragged lists ("inhomogeneous shape")
            raise ValueError(
                f"{name} must be a rectangular array of numbers (rows of equal length), "
                f"got {_what(a)}"
            ) from None
        if a.dtype.kind == "c":
            raise TypeError(f"{name} must hold real numbers, got complex values ({a.dtype})")
        if a.dtype.kind not in _REAL_KINDS:
            raise TypeError(f"{name} must hold numbers, got {_what(a.flat[0] if a.size else a)}")
    return np.asarray(a, dtype=np.float64)


def as_float_array(a, name):
    """Return ``a`` as a float64 array of real, finite numbers, or an error naming ``name``."""
    arr = as_real_array(a, name)
    # One pass and one reduction (a sum would be cheaper but can overflow and warn);
    # the ufunc's own reduce skips ndarray.all's Python wrapper, which a step would feel.
    if not np.logical_and.reduce(np.isfinite(arr), axis=None):
        bad = "NaN" if np.isnan(arr).any() else "infinity"
        raise ValueError(f"{name} contains {bad}; check the data or a diverged computation")
    return arr


def as_matrix(a, name, n_cols=None):
    """Return ``a`` as a float64 matrix ``(n, n_cols)`` with n ≥ 1; a 1-D ``a`` is one sample."""
    arr = as_float_array(a, name)
    if arr.ndim == 1:
        arr = arr[np.newaxis, :]
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D with shape (n, d), got shape {arr.shape}")
    if n_cols is not None and arr.shape[1] != n_cols:
        raise ValueError(f"{name} must have shape (n, {n_cols}), got {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must have at least 1 row and 1 column, got shape {arr.shape}")
    return arr


def as_gradient(layer, g, name):
    """``g`` as a finite float64 array shaped like the output of ``layer``'s last forward pass.

    For ``backward`` of any layer that caches its output ``A`` (and input ``X``).
    """
    if layer.A is None:
        raise ValueError("call forward(X) before backward: the layer needs the cached X")
    g = as_float_array(g, name)
    if g.shape != layer.A.shape:
        raise ValueError(f"{name} must have shape {layer.A.shape}, got {g.shape}")
    return g


def same_shape(a, b, name_a, name_b):
    """Raise unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}"
        )


def _is_real(v):
    """A real number: Python or NumPy int or float, or a 0-d real array; never a bool."""
    if isinstance(v, np.ndarray) and v.ndim == 0 and v.dtype.kind in "iuf":
        return True
    return isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))


def _range_text(low, high, low_open, high_open):
    if low is not None and high is not None:
        return f" in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f" {'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f" {'<' if high_open else '<='} {high:g}"
    return ""


def as_number(v, name, low=None, high=None, *, low_open=False, high_open=False):
    """``v`` as a finite float in the given range, or a ``TypeError``/``ValueError`` naming it.

    ``low_open=True`` makes the bound strict: ``as_number(lr, "lr", 0, low_open=True)`` is lr > 0.
    """
    want = "a finite number" + _range_text(low, high, low_open, high_open)
    if not _is_real(v):
        raise TypeError(f"{name} must be {want}, got {_what(v)}")
    x = float(v)
    ok = math.isfinite(x)
    if ok and low is not None:
        ok = x > low if low_open else x >= low
    if ok and high is not None:
        ok = x < high if high_open else x <= high
    if not ok:
        raise ValueError(f"{name} must be {want}, got {v!r}")
    return x


def as_int(v, name, low=None, high=None):
    """``v`` as an int in [low, high] (a float is taken only if it is whole, as 1e3 is)."""
    want = "a whole number" + _range_text(low, high, False, False)
    if not _is_real(v):
        raise TypeError(f"{name} must be {want}, got {_what(v)}")
    x = float(v)
    if not (math.isfinite(x) and x == math.floor(x)):
        raise ValueError(f"{name} must be {want}, got {v!r}")
    n = int(v)
    if (low is not None and n < low) or (high is not None and n > high):
        raise ValueError(f"{name} must be {want}, got {v!r}")
    return n


def as_bool(v, name):
    """``v`` as a bool; only True/False (Python or NumPy) are taken."""
    if not isinstance(v, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_what(v)}")
    return bool(v)


def check_rng(rng):
    """Return a ``np.random.Generator``; an int ≥ 0 is taken as a seed, ``None`` is refused."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        if rng < 0:
            raise ValueError(f"rng as a seed must be an int >= 0, got {rng!r}")
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
    """A window ``(low, high)`` of two finite floats, low < high, or an error naming ``name``."""
    try:
        lo, hi = (as_number(v, name) for v in lim)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be two finite numbers (low, high), got {lim!r}") from None
    if not lo < hi:
        raise ValueError(f"{name} must be (low, high) with low < high, got {lim!r}")
    return lo, hi


# No array the course makes needs more numbers than this (800 MB of float64): a
# larger size is a typo, refused before NumPy tries (and fails) to allocate it.
MAX_NUMBERS = 10**8


def check_size(shape, what):
    """Refuse an array of ``shape`` with more than ``MAX_NUMBERS`` entries, naming ``what``."""
    n = math.prod(int(d) for d in shape)
    if n > MAX_NUMBERS:
        raise ValueError(
            f"{what} would hold {n:.3g} numbers, more than the {MAX_NUMBERS:.0e} "
            f"this course allows (shape {tuple(shape)})"
        )


def silent_overflow(checked):
    """``np.errstate`` letting overflow give ±inf (and NaN) without a warning, for a checked
    public call; no context for an inner call (``check_input=False``), whose caller owns it."""
    if checked:
        return np.errstate(over="ignore", invalid="ignore")
    return _NO_CONTEXT


_NO_CONTEXT = contextlib.nullcontext()  # reusable: an inner call in a training step makes none


def as_path(path):
    """``path`` (a str or ``os.PathLike``) as a str naming a file: not blank, no NUL."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            f"path must be a file name (str or pathlib.Path), got {path!r} ({type(path).__name__})"
        )
    name = os.fspath(path)
    if not isinstance(name, str):
        raise TypeError(f"path must be a file name (str or pathlib.Path), got {name!r}")
    if "\0" in name:
        raise ValueError(f"path must not contain a NUL character, got {name!r}")
    if not name.strip():
        raise ValueError(f"path must name a file, got {name!r}: give a file name")
    return name


def open_regular_file(path):
    """``(name, file)``: the regular file ``path`` opened for reading bytes.

    Anything else is refused before it is opened: a directory, a FIFO (reading
    one blocks the kernel), a device such as /dev/zero (it never ends), or a
    file descriptor. The open itself does not block, and what it opened is
    checked again, in case the path changed in between.
    """
    name = as_path(path)
    refused = f"{name} is not a regular file (a directory, FIFO or device); give a file"
    if not stat.S_ISREG(os.stat(name).st_mode):
        raise ValueError(refused)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    f = os.fdopen(os.open(name, flags), "rb")
    if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
        f.close()
        raise ValueError(refused)
    return name, f
