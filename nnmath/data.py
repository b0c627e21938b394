"""Small data sets for the lessons: 2-D toy problems and real handwritten digits.

Every generator takes an explicit ``rng`` and returns ``X (n, 2)`` and integer
labels ``y (n,)``. The plane the 2-D points live in is sampled on a grid
(``plane_window``, ``plane_grid``), and ``output_grid`` / ``hidden_grids`` give a
network's numbers at every grid point. Introduced in lesson 09 (digits: lesson 10).
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
    pad : float
        The margin around the points, ≥ 0.

    Returns
    -------
    xlim, ylim : tuple of float, (lo, hi) each, with hi − lo the same for both

    Introduced in lesson 09.
    """
    X = as_float_array(X, "X")
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] == 0:
        raise ValueError(f"X must have shape (n, 2) with n ≥ 1, got {X.shape}")
    if not pad >= 0:
        raise ValueError(f"pad must be >= 0, got {pad!r}")
    lo, hi = X.min(axis=0), X.max(axis=0)
    centre = np.round((lo + hi) / 2 / 0.5) * 0.5  # moved by at most 0.25 ...
    half = np.ceil((max(float(np.max(hi - lo)) / 2, 0.5) + pad + 0.25) / 0.5) * 0.5  # ... so +0.25
    return (float(centre[0] - half), float(centre[0] + half)), (
        float(centre[1] - half),
        float(centre[1] + half),
    )


def _interval(lim, name):
    """``lim`` as a pair of floats ``lo < hi``."""
    arr = as_float_array(lim, name)
    if arr.shape != (2,) or not arr[0] < arr[1]:
        raise ValueError(f"{name} must be a pair (lo, hi) with lo < hi, got {lim!r}")
    return float(arr[0]), float(arr[1])


def plane_grid(xlim, ylim, res=60):
    """The ``res × res`` grid over the window as rows x = (x₁, x₂), shape (res², 2).

        X[i·res + j] = (g₁ⱼ, g₂ᵢ),  g₁ = linspace(*xlim, res), g₂ = linspace(*ylim, res)

    One number per row of X, reshaped to (res, res), puts height x₂ = g₂ᵢ in
    row i: the layout ``imshow(..., origin="lower")`` draws.

    Parameters
    ----------
    xlim, ylim : pair of float
        ``(lo, hi)`` of x₁ and of x₂, lo < hi.
    res : int
        Points per axis, ≥ 2.

    Introduced in lesson 09.
    """
    if not (isinstance(res, (int, np.integer)) and res >= 2):
        raise ValueError(f"res must be an int ≥ 2, got {res!r}")
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
    y_hat = net.forward(plane_grid(xlim, ylim, res))  # (res², 1)
    if y_hat.shape[1] != 1:
        raise ValueError(f"need a network with one output, got {y_hat.shape[1]}")
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
    points = plane_grid(xlim, ylim, res)  # validates the window and res
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
