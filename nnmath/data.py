"""Small data sets for the lessons: 2-D toy problems and real handwritten digits.

Every generator takes an explicit ``rng`` and returns ``X (n, 2)`` and integer
labels ``y (n,)``. Introduced in lesson 09 (digits: lesson 10).
"""

import numpy as np

from ._checks import as_float_array, as_matrix, check_rng


def _check(n, noise, rng, min_n=2):
    if not isinstance(n, (int, np.integer)) or n < min_n:
        raise ValueError(f"n must be an int >= {min_n}, got {n!r}")
    if not noise >= 0:
        raise ValueError(f"noise must be >= 0, got {noise!r}")
    return int(n), float(noise), check_rng(rng)


def moons(n=200, noise=0.1, *, rng):
    """Two interleaving half circles (class 0 on top, class 1 below)."""
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
    """A disc of class 1 inside a ring of class 0; ``factor`` is the inner radius."""
    n, noise, rng = _check(n, noise, rng)
    n0 = n // 2
    t = rng.uniform(0, 2 * np.pi, n)
    r = np.where(np.arange(n) < n0, 1.0, factor)
    X = np.column_stack([r * np.cos(t), r * np.sin(t)])
    y = np.repeat([0, 1], [n0, n - n0])
    return _shuffle(X + rng.normal(0, noise, X.shape), y, rng)


def xor(n=200, noise=0.1, *, rng):
    """Points in the four quadrants of [−1, 1]²; class 1 where x₁·x₂ < 0."""
    n, noise, rng = _check(n, noise, rng, min_n=1)
    X = rng.uniform(-1, 1, (n, 2))
    y = (X[:, 0] * X[:, 1] < 0).astype(np.int64)
    return X + rng.normal(0, noise, X.shape), y


def spiral(n=200, noise=0.1, *, rng, classes=2, turns=1.5):
    """``classes`` interleaved spiral arms, one per class."""
    n, noise, rng = _check(n, noise, rng, min_n=classes)
    y = np.arange(n) % classes
    r = rng.uniform(0.05, 1.0, n)
    t = 2 * np.pi * (turns * r + y / classes)
    X = np.column_stack([r * np.cos(t), r * np.sin(t)])
    return X + rng.normal(0, noise, X.shape), y.astype(np.int64)


def gaussians(n=200, noise=0.1, *, rng, centers=((-0.6, -0.6), (0.6, 0.6))):
    """One round blob per class around ``centers``, with std 2·noise + 0.1."""
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
    try:
        return DATASETS[name](n, noise, rng=rng)
    except KeyError:
        raise ValueError(f"unknown data set {name!r}; choose one of {sorted(DATASETS)}") from None


def _shuffle(X, y, rng):
    order = rng.permutation(X.shape[0])
    return X[order], y[order]


def train_test_split(X, y, test_fraction=0.25, *, rng):
    """Shuffle and split rows into ``X_train, X_test, y_train, y_test``."""
    X = as_float_array(X, "X")
    y = np.asarray(y)
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"y has {y.shape[0]} rows but X has {X.shape[0]}")
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction!r}")
    order = check_rng(rng).permutation(X.shape[0])
    n_test = max(1, round(test_fraction * X.shape[0]))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def standardize(X_train, *others):
    """Scale columns to mean 0, std 1 using the training rows' statistics only.

    Constant columns (std 0, like the digits' blank corners) are left at 0.
    Returns the scaled arrays in the order given.
    """
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return tuple((X - mean) / std for X in (X_train, *others))


def digits(test_fraction=0.2, standardized=True, seed=0):
    """Scikit-learn's bundled handwritten digits: 1,797 images of 8×8 pixels, labels 0–9.

    Split stratified (same share of each digit in train and test) with
    ``random_state=seed``, then standardised on the training rows. Nothing
    is downloaded: the images ship inside scikit-learn.

    Returns
    -------
    X_train, X_test : ndarray, shapes (n_train, 64), (n_test, 64)
    y_train, y_test : ndarray of int, shapes (n_train,), (n_test,)

    Introduced in lesson 10.
    """
    # Imported here so the core stays importable with NumPy alone.
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split as sk_split

    bunch = load_digits()
    X = bunch.data.astype(np.float64)
    y = bunch.target.astype(np.int64)
    X_train, X_test, y_train, y_test = sk_split(
        X, y, test_size=test_fraction, stratify=y, random_state=seed
    )
    if standardized:
        X_train, X_test = standardize(X_train, X_test)
    return X_train, X_test, y_train, y_test


def load_csv_points(path, delimiter=","):
    """Labelled 2-D points from a CSV file: columns x₁, x₂, label (0 or 1).

    One point per line, e.g. ``0.5,-1.2,1``. An optional first line of column
    names is skipped, and so are blank lines and lines starting with ``#``.
    Every other line must hold exactly two finite numbers and a label 0 or 1,
    and both classes must appear; otherwise a ``ValueError`` names the line
    and what is wrong with it.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of int, shape (n,)

    Introduced in lesson 09.
    """
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().splitlines()
    rows, labels = [], []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        cells = [c.strip() for c in text.split(delimiter)]
        if len(cells) != 3:
            raise ValueError(
                f"{path}, line {number}: expected 3 columns (x1, x2, label), got {len(cells)}"
            )
        try:
            values = [float(c) for c in cells]
        except ValueError:
            if not rows and not any(_is_number(c) for c in cells):
                continue  # a header line of column names
            bad = next(c for c in cells if not _is_number(c))
            raise ValueError(f"{path}, line {number}: {bad!r} is not a number") from None
        if not all(np.isfinite(values)):
            raise ValueError(f"{path}, line {number}: NaN or infinity is not a point")
        if values[2] not in (0.0, 1.0):
            raise ValueError(f"{path}, line {number}: the label must be 0 or 1, got {cells[2]}")
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


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True
