"""Small data sets for the lessons: 2-D toy problems and real handwritten digits.

Every generator takes an explicit ``rng`` and returns ``X (n, 2)`` and integer
labels ``y (n,)``. The plane the 2-D points live in is sampled on a grid
(``plane_window``, ``plane_grid``), and ``output_grid`` / ``hidden_grids`` give a
network's numbers at every grid point. Introduced in lesson 09 (digits: lesson 10).
"""

import math
import os
import re

import numpy as np

from ._checks import (
    as_bool,
    as_float_array,
    as_int,
    as_matrix,
    as_number,
    as_window,
    check_rng,
    open_regular_file,
)
from .network import MLP

# The generators' limits: beyond them a data set is only memory (n) or only noise.
_MAX_POINTS = 1_000_000
_MAX_NOISE = 1e6
_MAX_RES = 1000  # plane_grid: a million points
_N_DIGITS = 1797  # images in scikit-learn's load_digits


def _check(n, noise, rng, min_n=2):
    """``n``, ``noise`` and ``rng`` of a generator, checked (their ranges: see ``moons``)."""
    n = as_int(n, "n", min_n, _MAX_POINTS)
    noise = as_number(noise, "noise", 0, _MAX_NOISE)
    return n, noise, check_rng(rng)


def moons(n=200, noise=0.1, *, rng):
    """Two interleaving half circles (class 0 on top, class 1 below).

    Parameters
    ----------
    n : int
        Points, 2 … 1,000,000 (a whole float such as 1e3 is taken).
    noise : float
        Standard deviation of the Gaussian noise added to every coordinate, in [0, 1e6].
    rng : np.random.Generator or int
        Source of the noise and the shuffle (an int ≥ 0 is a seed).
    """
    n, noise, rng = _check(n, noise, rng)
    n0 = n // 2
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n - n0)
    X = np.concatenate(
        [
            np.column_stack([np.cos(t0), np.sin(t0)]),
            np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)]),
        ]
    )
    y = np.repeat([0, 1], [n0, n - n0])
    return _shuffle(X + rng.normal(0, noise, X.shape), y, rng)


def circles(n=200, noise=0.1, *, rng, factor=0.5):
    """A disc of class 1 inside a ring of class 0.

    ``n``, ``noise`` and ``rng`` as in ``moons``; ``factor`` is the inner
    radius (the outer one is 1), a number in (0, 1).
    """
    n, noise, rng = _check(n, noise, rng)
    factor = as_number(factor, "factor", 0, 1, low_open=True, high_open=True)
    n0 = n // 2
    t = rng.uniform(0, 2 * np.pi, n)
    r = np.where(np.arange(n) < n0, 1.0, factor)
    X = np.column_stack([r * np.cos(t), r * np.sin(t)])
    y = np.repeat([0, 1], [n0, n - n0])
    return _shuffle(X + rng.normal(0, noise, X.shape), y, rng)


def xor(n=200, noise=0.1, *, rng):
    """Points in the four quadrants of [−1, 1]²; class 1 where x₁·x₂ < 0.

    ``noise`` and ``rng`` as in ``moons``; ``n`` may be 1 here.
    """
    n, noise, rng = _check(n, noise, rng, min_n=1)
    X = rng.uniform(-1, 1, (n, 2))
    y = (X[:, 0] * X[:, 1] < 0).astype(np.int64)
    return X + rng.normal(0, noise, X.shape), y


def spiral(n=200, noise=0.1, *, rng, classes=2, turns=1.5):
    """``classes`` interleaved spiral arms, one per class.

    ``noise`` and ``rng`` as in ``moons``. ``classes`` is a whole number ≥ 1,
    and ``n`` at least ``classes`` (one point per arm); ``turns``, how often
    an arm winds around the centre, is a number in [0, 1000].
    """
    classes = as_int(classes, "classes", 1, _MAX_POINTS)
    turns = as_number(turns, "turns", 0, 1000)
    n, noise, rng = _check(n, noise, rng, min_n=max(classes, 2))
    y = np.arange(n) % classes
    r = rng.uniform(0.05, 1.0, n)
    t = 2 * np.pi * (turns * r + y / classes)
    X = np.column_stack([r * np.cos(t), r * np.sin(t)])
    return X + rng.normal(0, noise, X.shape), y.astype(np.int64)


def gaussians(n=200, noise=0.1, *, rng, centers=((-0.6, -0.6), (0.6, 0.6))):
    """One round blob per class around ``centers``, with std 2·noise + 0.1.

    ``n``, ``noise`` and ``rng`` as in ``moons``; ``centers`` is an array of
    finite points, shape (k, 2) with k ≥ 1: class j is the blob around row j.
    """
    n, noise, rng = _check(n, noise, rng)
    centers = as_matrix(centers, "centers", 2)
    y = np.arange(n) % centers.shape[0]
    X = centers[y] + rng.normal(0, 2 * noise + 0.1, (n, 2))
    return X, y.astype(np.int64)


DATASETS = {
    "moons": moons,
    "circles": circles,
    "xor": xor,
    "spiral": spiral,
    "gaussians": gaussians,
}


def make(name, n=200, noise=0.1, *, rng):
    """``make("moons", ...)`` is ``moons(...)``; raises ValueError naming the choices."""
    if not isinstance(name, str):
        raise TypeError(
            f"name must be a data set name (str), one of {sorted(DATASETS)}, got {name!r}"
        )
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; choose one of {sorted(DATASETS)}")
    return DATASETS[name](n, noise, rng=rng)


def _shuffle(X, y, rng):
    order = rng.permutation(X.shape[0])
    return X[order], y[order]


def train_test_split(X, y, test_fraction=0.25, *, rng):
    """Shuffle and split rows into ``X_train, X_test, y_train, y_test``.

    Parameters
    ----------
    X : array_like, shape (n, ...), n ≥ 2
        Finite numbers, one sample a row.
    y : array_like, shape (n, ...)
        Finite labels or targets, one a row; they keep their dtype.
    test_fraction : float
        In (0, 1): round(test_fraction · n) rows, at least 1, go to the test
        side. Both sides must keep at least one row, or a ValueError says so.
    rng : np.random.Generator or int
        The shuffle.
    """
    X = as_float_array(X, "X")
    as_float_array(y, "y")  # refuses NaN, strings and ragged labels; y keeps its dtype
    y = np.asarray(y)
    test_fraction = as_number(test_fraction, "test_fraction", 0, 1, low_open=True, high_open=True)
    rng = check_rng(rng)
    if X.ndim == 0 or X.shape[0] < 2:
        raise ValueError(f"X must have at least 2 rows to split, got shape {X.shape}")
    if y.ndim == 0 or y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have one row per row of X ({X.shape[0]}), got shape {y.shape}")
    n = X.shape[0]
    n_test = max(1, round(test_fraction * n))
    if n_test >= n:
        raise ValueError(
            f"test_fraction={test_fraction:g} of {n} rows leaves no row for training; "
            "lower test_fraction or add rows"
        )
    order = rng.permutation(n)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def train_val_test_split(X, y, val_fraction=0.2, test_fraction=0.2, *, rng):
    """Shuffle and split rows three ways: ``X_train, X_val, X_test, y_train, y_val, y_test``.

    The validation rows choose everything a lesson tunes (the learning rate, λ,
    when to stop, which model); the test rows are used once, at the end, to
    report how the chosen model does on data nothing was chosen by.

    Parameters
    ----------
    X : array_like, shape (n, ...), n ≥ 3
        Finite numbers, one sample a row.
    y : array_like, shape (n, ...)
        Finite labels or targets, one a row; they keep their dtype.
    val_fraction, test_fraction : float
        Each in (0, 1), together below 1: round(fraction · n) rows, at least 1,
        go to each held-out side; every side keeps at least one row, or a
        ValueError says so.
    rng : np.random.Generator or int
        The shuffle.

    Introduced in lesson 09.
    """
    val_fraction = as_number(val_fraction, "val_fraction", 0, 1, low_open=True, high_open=True)
    test_fraction = as_number(test_fraction, "test_fraction", 0, 1, low_open=True, high_open=True)
    if val_fraction + test_fraction >= 1:
        raise ValueError(
            f"val_fraction + test_fraction must be below 1 to leave rows for training, "
            f"got {val_fraction:g} + {test_fraction:g}"
        )
    X = as_float_array(X, "X")
    n = X.shape[0] if X.ndim else 0
    if n < 3:
        raise ValueError(f"X must have at least 3 rows to split three ways, got shape {X.shape}")
    n_test = max(1, round(test_fraction * n))
    X_rest, X_test, y_rest, y_test = train_test_split(X, y, n_test / n, rng=rng)
    n_val = max(1, round(val_fraction * n))
    if n_val >= X_rest.shape[0]:
        raise ValueError(
            f"val_fraction={val_fraction:g} and test_fraction={test_fraction:g} of {n} rows "
            "leave no row for training; lower them or add rows"
        )
    X_train, X_val, y_train, y_val = train_test_split(
        X_rest, y_rest, n_val / X_rest.shape[0], rng=rng
    )
    return X_train, X_val, X_test, y_train, y_val, y_test


def standardize(X_train, *others):
    """Scale columns to mean 0, std 1 using the training rows' statistics only.

    Constant columns of ``X_train`` (std 0 up to rounding, below 10⁻¹² of the
    column's mean, like the digits' blank corners) are left at 0, and in the
    other arrays only shifted by the training mean.

    Parameters
    ----------
    X_train : array_like, shape (n, d)
        Finite numbers, one sample a row (2-D: for one feature pass ``x[:, None]``).
    *others : array_like, shape (m, d)
        Scaled with ``X_train``'s mean and std; a 1-D array is one sample.

    Returns
    -------
    tuple of ndarray
        The scaled arrays in the order given, shapes (n, d), (m, d), ….
        An entry of ``others`` so far from the training mean that the scaled
        value overflows float64 is ±inf (no warning).
    """
    X_train = as_float_array(X_train, "X_train")
    if X_train.ndim != 2 or X_train.size == 0:
        raise ValueError(
            "X_train must be 2-D with shape (n, d), n, d >= 1, one sample a row, "
            f"got shape {X_train.shape} (for one feature pass x[:, None])"
        )
    arrays = [X_train]
    arrays += [as_matrix(X, f"others[{i}]", X_train.shape[1]) for i, X in enumerate(others)]
    with np.errstate(over="ignore"):  # an entry far beyond the training range: inf
        # Each column in units of the power of two just below its largest |value|:
        # exact (the same numbers, to the last bit), and the sums and squares can
        # neither overflow (1e300) nor underflow (1e-300).
        unit = np.ldexp(1.0, np.frexp(np.abs(X_train).max(axis=0))[1] - 1)
        X_unit = X_train / unit
        mean, std = X_unit.mean(axis=0), X_unit.std(axis=0)
        constant = ~(std > 1e-12 * np.abs(mean))  # rounding noise, not spread
        # A constant column is only shifted by the training mean, in its own units.
        mean = np.where(constant, mean * unit, mean)
        unit = np.where(constant, 1.0, unit)
        std = np.where(constant, 1.0, std)
        scaled = tuple((X / unit - mean) / std for X in arrays)
    scaled[0][:, constant] = 0.0
    return scaled


def digits(test_fraction=0.2, standardized=True, seed=0, *, val_fraction=None):
    """Scikit-learn's bundled handwritten digits: 1,797 images of 8×8 pixels, labels 0–9.

    Split stratified (same share of each digit in train and test) with
    ``random_state=seed``, then standardised on the training rows. Nothing
    is downloaded: the images ship inside scikit-learn.

    Parameters
    ----------
    test_fraction : float
        The share of the images held out, in (0, 1); ⌈test_fraction · 1797⌉
        test images, and each side must keep at least 10 (one per digit).
    standardized : bool
        Whether to ``standardize`` the pixels (``False``: ink levels 0–16).
    seed : int
        The split's seed, 0 … 2³² − 1.
    val_fraction : float, optional
        Also hold out this share of all the images for validation, carved out of
        the training side (stratified, the same seed), in (0, 1). The test images
        are the same as without it.

    Returns
    -------
    X_train, X_test : ndarray, shapes (n_train, 64), (n_test, 64)
    y_train, y_test : ndarray of int, shapes (n_train,), (n_test,)
        Without ``val_fraction``.
    X_train, X_val, X_test, y_train, y_val, y_test
        With ``val_fraction``: standardised on the training rows alone.

    Introduced in lesson 10.
    """
    test_fraction = as_number(test_fraction, "test_fraction", 0, 1, low_open=True, high_open=True)
    standardized = as_bool(standardized, "standardized")
    seed = as_int(seed, "seed", 0)
    if seed >= 2**32:
        raise ValueError(f"seed must be a whole number in [0, 2**32 - 1], got {seed}")
    n_test = math.ceil(test_fraction * _N_DIGITS)  # as scikit-learn rounds it
    if not 10 <= n_test <= _N_DIGITS - 10:
        raise ValueError(
            f"test_fraction must leave at least 10 of the {_N_DIGITS} images (one per digit) "
            f"on each side, got {test_fraction:g} ({n_test} test images)"
        )
    if val_fraction is not None:
        val_fraction = as_number(val_fraction, "val_fraction", 0, 1, low_open=True, high_open=True)
        n_val = math.ceil(val_fraction * _N_DIGITS)
        if not (10 <= n_val and n_test + n_val <= _N_DIGITS - 10):
            raise ValueError(
                f"val_fraction must leave at least 10 of the {_N_DIGITS} images (one per digit) "
                f"for validation and for training, got {val_fraction:g} ({n_val} images) "
                f"beside {n_test} test images"
            )
    # Imported here so the core stays importable with NumPy alone.
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split as sk_split

    bunch = load_digits()
    X = bunch.data.astype(np.float64)
    y = bunch.target.astype(np.int64)
    X_train, X_test, y_train, y_test = sk_split(
        X, y, test_size=test_fraction, stratify=y, random_state=seed
    )
    if val_fraction is None:
        if standardized:
            X_train, X_test = standardize(X_train, X_test)
        return X_train, X_test, y_train, y_test
    X_train, X_val, y_train, y_val = sk_split(
        X_train, y_train, test_size=n_val, stratify=y_train, random_state=seed
    )
    if standardized:
        X_train, X_val, X_test = standardize(X_train, X_val, X_test)
    return X_train, X_val, X_test, y_train, y_val, y_test


def shift_digits(X, rows=0, cols=0):
    """Every 8 × 8 image of ``X`` moved ``rows`` pixels down and ``cols`` right.

    Blank paper (0) moves in at the edge the image leaves; ink pushed past the other
    edge is lost. Negative values move up and left.

    Parameters
    ----------
    X : array_like, shape (n, 64)
        Ink levels (``digits(standardized=False)``), one flattened image per row.
    rows, cols : int in [−8, 8]

    Returns
    -------
    ndarray, shape (n, 64)

    Introduced in lesson 13.
    """
    X = as_float_array(X, "X")
    if X.ndim != 2 or X.shape[1] != 64:
        raise ValueError(f"X must have shape (n, 64), one 8 × 8 image a row, got {X.shape}")
    rows, cols = as_int(rows, "rows", -8, 8), as_int(cols, "cols", -8, 8)
    padded = np.zeros((len(X), 24, 24))  # a blank border 8 pixels wide all round
    padded[:, 8:16, 8:16] = X.reshape(-1, 8, 8)
    return padded[:, 8 - rows : 16 - rows, 8 - cols : 16 - cols].reshape(-1, 64)


# --- the plane of the 2-D points, sampled on a grid (lesson 09) ------------------------


def plane_window(X, pad=0.2):
    """A square window ``(x₁ range, x₂ range)`` of the plane that holds every row of ``X``.

    The square is centred near the points' bounding box and at least ``pad``
    wider on each side, so a decision boundary is not squashed by unequal
    axes. Centre and half-width snap to multiples of 0.5, so a little more
    noise keeps the same window.

    Parameters
    ----------
    X : array_like, shape (n, 2), n ≥ 1
        Finite points; a window beyond the float64 range (points near ±1.8e308)
        is refused with a ValueError.
    pad : float
        The margin around the points, a finite number ≥ 0.

    Returns
    -------
    xlim, ylim : tuple of float, (lo, hi) each, with hi − lo the same for both

    Introduced in lesson 09.
    """
    X = as_matrix(X, "X", 2)
    pad = as_number(pad, "pad", 0)
    lo, hi = X.min(axis=0), X.max(axis=0)
    with np.errstate(over="ignore", invalid="ignore"):  # beyond float64: refused below
        centre = np.round((lo + hi) / 2 / 0.5) * 0.5  # moved by at most 0.25 ...
        reach = max(float(np.max(hi - lo)) / 2, 0.5) + pad + 0.25  # ... so + 0.25
        half = np.ceil(reach / 0.5) * 0.5
        window = centre - half, centre + half
    if not (np.isfinite(window[0]).all() and np.isfinite(window[1]).all()):
        raise ValueError(
            f"the window around X (|x| up to {np.abs(X).max():g}) with pad {pad:g} "
            "lies beyond the float64 range; scale the points down"
        )
    return (float(window[0][0]), float(window[1][0])), (float(window[0][1]), float(window[1][1]))


def _interval(lim, name):
    """``lim`` as a pair of floats ``lo < hi`` whose width hi − lo is finite too."""
    lo, hi = as_window(lim, name)
    if not np.isfinite(hi - lo):
        raise ValueError(f"{name} must be (low, high) with a finite width high − low, got {lim!r}")
    return lo, hi


def _check_net(net, name="net"):
    """Raise unless ``net`` is an ``MLP`` taking the plane's two inputs."""
    if not isinstance(net, MLP):
        raise TypeError(f"{name} must be an nnmath MLP, got {type(net).__name__}")
    if net.sizes[0] != 2:
        raise ValueError(f"{name} must take 2 inputs (x₁, x₂), got sizes {net.sizes}")


def plane_grid(xlim, ylim, res=60):
    """The ``res × res`` grid over the window as rows x = (x₁, x₂), shape (res², 2).

        X[i·res + j] = (g₁ⱼ, g₂ᵢ),  g₁ = linspace(*xlim, res), g₂ = linspace(*ylim, res)

    One number per row of X, reshaped to (res, res), puts height x₂ = g₂ᵢ in
    row i: the layout ``imshow(..., origin="lower")`` draws.

    Parameters
    ----------
    xlim, ylim : pair of float
        ``(lo, hi)`` of x₁ and of x₂, finite, lo < hi.
    res : int
        Points per axis, 2 … 1000.

    Introduced in lesson 09.
    """
    res = as_int(res, "res", 2, _MAX_RES)
    g1 = np.linspace(*_interval(xlim, "xlim"), res)
    g2 = np.linspace(*_interval(ylim, "ylim"), res)
    G1, G2 = np.meshgrid(g1, g2)
    return np.column_stack([G1.ravel(), G2.ravel()])  # (res², 2)


def output_grid(net, xlim, ylim, res=60):
    """A one-output network's ŷ(x) at every point of ``plane_grid``, shape (res, res).

        ŷ[i, j] = net(g₁ⱼ, g₂ᵢ)

    One forward pass over the res² points; it stays cached in ``net.layers``,
    so ``hidden_grids(..., forward=False)`` reads the hidden units without a
    second pass.

    Parameters
    ----------
    net : MLP
        Two inputs and one output (e.g. a sigmoid ŷ = P(class 1 | x)).
    xlim, ylim : pair of float
    res : int

    Introduced in lesson 09.
    """
    _check_net(net)
    if net.sizes[-1] != 1:
        raise ValueError(f"need a network with one output, got {net.sizes[-1]}")
    res = as_int(res, "res", 2, _MAX_RES)
    y_hat = net.forward(plane_grid(xlim, ylim, res))  # (res², 1)
    return y_hat[:, 0].reshape(res, res)


def hidden_grids(net, xlim, ylim, res=60, forward=True):
    """Each unit of the first hidden layer at every point of ``plane_grid``, shape (k, res, res).

        grids[j, r, c] = a_j(g₁_c, g₂_r),  a = the first hidden layer's output A (res², k)

    Parameters
    ----------
    net : MLP
        Two inputs; a network without hidden layers has none: shape (0, res, res).
    xlim, ylim : pair of float
    res : int
    forward : bool
        ``False`` reuses the pass ``output_grid`` just cached (same window and res).

    Introduced in lesson 09.
    """
    _check_net(net)
    res = as_int(res, "res", 2, _MAX_RES)
    forward = as_bool(forward, "forward")
    points = plane_grid(xlim, ylim, res)  # validates the window
    hidden = net.layers[:-1]
    if not hidden:
        return np.zeros((0, res, res))
    if forward:
        net.forward(points)
    A = hidden[0].A  # (res², k)
    if A is None or A.shape[0] != res * res:
        raise ValueError("the cached pass is not over the grid: call with forward=True")
    return A.T.reshape(-1, res, res)


# --- your own points ----------------------------------------------------------------------


# A number as a CSV cell: digits, an optional point and exponent (no "1_000", "0x1f", "١").
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NOT_FINITE = ("nan", "inf", "infinity")
_DELIMITERS = (",", ";", "\t", "|")
_BYTES_PER_ROW = 512  # the file-size limit is max_rows lines of this length


def _cell_kind(cell):
    """``"number"``, ``"not finite"`` (NaN or infinity spelled out) or ``"text"``."""
    if _NUMBER.fullmatch(cell):
        return "number"
    if cell.lower().lstrip("+-") in _NOT_FINITE:
        return "not finite"
    return "text"


def _unquote(cell):
    """A cell without one pair of surrounding double quotes, as spreadsheets write them."""
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        return cell[1:-1].strip()
    return cell


def _csv_text(path, data):
    """The bytes ``data`` of the file ``path`` as text, or a ValueError saying what they are."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError(f"{path}: UTF-16 text (it starts with a UTF-16 mark); save it as UTF-8")
    nul = data.find(b"\0")
    if nul >= 0:
        raise ValueError(
            f"{path}: binary data, not CSV text (a NUL byte at byte {nul}; UTF-16 text "
            "has them too): save the points as UTF-8 text"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ValueError(
            f"{path}, line {line}: not UTF-8 text (byte {data[err.start]:#04x}); "
            "save the file as UTF-8 (Latin-1 and other encodings are not read)"
        ) from None


def load_csv_points(path, delimiter=",", *, max_rows=100_000):
    """Labelled 2-D points from a CSV file: columns x₁, x₂, label (0 or 1).

    One point per line, e.g. ``0.5,-1.2,1``. An optional first line of column
    names is skipped (one line only), and so are blank lines and lines
    starting with ``#``; a cell may be in double quotes. Every other line must
    hold exactly two finite numbers (digits with an optional point and
    exponent: ``1_000`` or ``0x1f`` are refused) and a label 0 or 1, and both
    classes must appear; otherwise a ``ValueError`` names the line and what
    is wrong with it.

    Parameters
    ----------
    path : str or os.PathLike
        A regular file of UTF-8 text. Directories, FIFOs and devices are refused
        before the file is read, as are UTF-16, Latin-1 and binary content.
    delimiter : {",", ";", "\\t", "|"}
    max_rows : int
        The most points read, 2 … 10,000,000; a larger file (more points, or
        more than 512 bytes a point on average) is refused with a ValueError.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of int, shape (n,)

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path``.

    Introduced in lesson 09.
    """
    if not (isinstance(delimiter, str) and delimiter in _DELIMITERS):
        raise ValueError(f"delimiter must be one of {list(_DELIMITERS)}, got {delimiter!r}")
    max_rows = as_int(max_rows, "max_rows", 2, 10_000_000)
    limit = max_rows * _BYTES_PER_ROW
    path, f = open_regular_file(path)
    with f:
        size = os.fstat(f.fileno()).st_size
        if size > limit:
            raise ValueError(
                f"{path} has {size:,} bytes, more than the {limit:,} read for "
                f"max_rows={max_rows:,} points; pass a larger max_rows to read it"
            )
        data = f.read(limit + 1)
    if len(data) > limit:  # the file grew after the size check
        raise ValueError(f"{path} has more than {limit:,} bytes; pass a larger max_rows")
    lines = _csv_text(path, data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    rows, labels, header = [], [], False
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        cells = [_unquote(c.strip()) for c in text.split(delimiter)]
        if len(cells) != 3:
            raise ValueError(
                f"{path}, line {number}: expected 3 columns (x1, x2, label), got {len(cells)}"
            )
        kinds = [_cell_kind(c) for c in cells]
        if "text" in kinds:
            if not rows and not header and set(kinds) == {"text"}:
                header = True  # the one line of column names
                continue
            bad = cells[kinds.index("text")]
            raise ValueError(f"{path}, line {number}: {bad!r} is not a number")
        values = [float(c) for c in cells]
        if not all(np.isfinite(values)):  # spelled out, or beyond float64 like 1e999
            raise ValueError(f"{path}, line {number}: NaN or infinity is not a point")
        if values[2] not in (0.0, 1.0):
            raise ValueError(f"{path}, line {number}: the label must be 0 or 1, got {cells[2]}")
        if len(rows) == max_rows:
            raise ValueError(
                f"{path}, line {number}: more than max_rows={max_rows:,} points; "
                "pass a larger max_rows to read them all"
            )
        rows.append(values[:2])
        labels.append(int(values[2]))
    if len(rows) < 2:
        raise ValueError(f"{path}: need at least 2 points, found {len(rows)}")
    y = np.array(labels, dtype=np.int64)
    if np.all(y == y[0]):
        raise ValueError(
            f"{path}: every label is {y[0]}; a classifier needs points of both classes"
        )
    return np.array(rows, dtype=np.float64), y
