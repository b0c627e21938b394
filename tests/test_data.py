"""Data sets: shapes, labels, determinism, geometry, the digits split, import isolation."""

import contextlib
import os
import re
import signal
import subprocess
import sys
import warnings

import numpy as np
import pytest

from nnmath import MLP, data
from nnmath.activations import sigmoid

GENERATORS = ["moons", "circles", "xor", "spiral", "gaussians"]


@pytest.mark.parametrize("name", GENERATORS)
def test_shapes_and_labels(name):
    X, y = data.DATASETS[name](101, 0.1, rng=np.random.default_rng(0))
    assert X.shape == (101, 2) and X.dtype == np.float64
    assert y.shape == (101,) and np.issubdtype(y.dtype, np.integer)
    assert set(np.unique(y)) == {0, 1}
    # both classes well represented
    assert 40 <= np.sum(y == 1) <= 61


@pytest.mark.parametrize("name", GENERATORS)
def test_same_seed_same_data_other_seed_other_data(name):
    make = data.DATASETS[name]
    X1, y1 = make(50, 0.2, rng=np.random.default_rng(3))
    X2, y2 = make(50, 0.2, rng=3)
    X3, _ = make(50, 0.2, rng=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)


def test_make_by_name():
    X1, y1 = data.make("moons", 30, 0.1, rng=5)
    X2, y2 = data.moons(30, 0.1, rng=5)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    with pytest.raises(ValueError, match=r"unknown data set 'swiss'; choose one of \['circles'"):
        data.make("swiss", rng=0)


def test_moons_without_noise_lie_on_their_arcs():
    X, y = data.moons(200, noise=0.0, rng=0)
    top, bottom = X[y == 0], X[y == 1]
    assert len(top) == len(bottom) == 100
    # class 0: the upper half of the unit circle
    np.testing.assert_allclose(np.hypot(top[:, 0], top[:, 1]), 1.0, rtol=1e-14)
    assert np.all(top[:, 1] >= 0)
    # class 1: the lower half of the unit circle centred at (1, 0.5)
    np.testing.assert_allclose(np.hypot(bottom[:, 0] - 1.0, bottom[:, 1] - 0.5), 1.0, rtol=1e-14)
    assert np.all(bottom[:, 1] <= 0.5 + 1e-15)
    # the arcs run their full length: x from −1 to 1 on top, from 0 to 2 below
    assert top[:, 0].min() == pytest.approx(-1.0) and top[:, 0].max() == pytest.approx(1.0)
    assert bottom[:, 0].min() == pytest.approx(0.0, abs=1e-15)
    assert bottom[:, 0].max() == pytest.approx(2.0)


def test_moons_noise_scatters_around_the_arcs():
    X, y = data.moons(2000, noise=0.1, rng=1)
    r = np.hypot(X[y == 0, 0], X[y == 0, 1])
    # radial scatter of a 2-D N(0, 0.1²) offset is about 0.1
    assert 0.07 < np.std(r - 1.0) < 0.13


def test_circles_without_noise_have_two_radii():
    X, y = data.circles(100, noise=0.0, rng=2, factor=0.3)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0, rtol=1e-14)
    np.testing.assert_allclose(r[y == 1], 0.3, rtol=1e-14)


def test_xor_labels_follow_the_quadrants():
    X, y = data.xor(300, noise=0.0, rng=3)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))
    assert np.all(np.abs(X) <= 1.0)


def test_spiral_with_three_classes():
    X, y = data.spiral(90, noise=0.0, rng=4, classes=3)
    assert set(np.unique(y)) == {0, 1, 2}
    assert np.all(np.bincount(y) == 30)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.all((r >= 0.05 - 1e-12) & (r <= 1.0 + 1e-12))


def test_gaussians_centre_each_class():
    centers = ((-1.0, 0.0), (1.0, 0.0), (0.0, 2.0))
    X, y = data.gaussians(3000, noise=0.05, rng=5, centers=centers)
    assert set(np.unique(y)) == {0, 1, 2}
    for k, c in enumerate(centers):
        # std 2·0.05 + 0.1 = 0.2, 1000 points: the mean is within ≈ 0.006·4
        np.testing.assert_allclose(X[y == k].mean(axis=0), c, atol=0.03)
        np.testing.assert_allclose(X[y == k].std(axis=0), 0.2, rtol=0.1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 1}, "n must be a whole number in [2, 1e+06], got 1"),
        ({"n": 10.5}, "n must be a whole number in [2, 1e+06], got 10.5"),
        ({"noise": -0.1}, "noise must be a finite number in [0, 1e+06], got -0.1"),
        ({"noise": float("nan")}, "noise must be a finite number in [0, 1e+06], got nan"),
        ({"rng": None}, "rng=np.random.default_rng(seed)"),
    ],
)
def test_bad_arguments(kwargs, message):
    args = {"n": 10, "noise": 0.1, "rng": 0}
    args.update(kwargs)
    with pytest.raises(ValueError, match=re.escape(message)):
        data.moons(args["n"], args["noise"], rng=args["rng"])


# ---------------------------------------------------------------- split and standardise


def test_train_test_split():
    X = np.arange(40.0).reshape(20, 2)
    y = np.arange(20)
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, y, 0.25, rng=0)
    assert X_tr.shape == (15, 2) and X_te.shape == (5, 2)  # 0.25·20 = 5
    # rows stay paired with their labels, nothing lost or repeated
    np.testing.assert_array_equal(X_tr[:, 0], 2 * y_tr)
    np.testing.assert_array_equal(X_te[:, 0], 2 * y_te)
    assert sorted(np.concatenate([y_tr, y_te])) == list(range(20))
    again = data.train_test_split(X, y, 0.25, rng=0)
    np.testing.assert_array_equal(again[3], y_te)
    other = data.train_test_split(X, y, 0.25, rng=1)
    assert set(other[3]) != set(y_te)


def test_train_test_split_bad_input():
    with pytest.raises(ValueError, match=re.escape("y must have one row per row of X (4), got")):
        data.train_test_split(np.zeros((4, 2)), np.zeros(3), rng=0)
    with pytest.raises(
        ValueError, match=re.escape("test_fraction must be a finite number in (0, 1), got 1.0")
    ):
        data.train_test_split(np.zeros((4, 2)), np.zeros(4), 1.0, rng=0)


def test_standardize_uses_the_training_statistics():
    X_train = np.array([[0.0, 5.0], [2.0, 5.0]])  # column 0: mean 1, std 1; column 1 constant
    X_test = np.array([[3.0, 7.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the constant column must not divide by zero
        S_train, S_test = data.standardize(X_train, X_test)
    np.testing.assert_array_equal(S_train, [[-1.0, 0.0], [1.0, 0.0]])
    # (3 − 1)/1 = 2; the constant column is only shifted: 7 − 5 = 2
    np.testing.assert_array_equal(S_test, [[2.0, 2.0]])


# ---------------------------------------------------------------- the plane as a grid (lesson 09)


def test_plane_window_is_a_padded_square_around_the_points():
    X = np.array([[0.0, 0.0], [2.0, 1.0], [1.0, -1.0]])
    (x0, x1), (y0, y1) = data.plane_window(X, pad=0.5)
    # bounding box x ∈ [0, 2], y ∈ [−1, 1]: centre (1, 0); half-size 1 + 0.5 padding
    # + 0.25 for the snapped centre = 1.75, rounded up to the 0.5 grid: 2
    assert np.allclose([x0, x1, y0, y1], [-1.0, 3.0, -2.0, 2.0])
    assert np.isclose(x1 - x0, y1 - y0)


def test_plane_window_holds_the_padded_box_and_ignores_small_changes():
    rng = np.random.default_rng(4)
    for _ in range(50):
        X = rng.normal(rng.normal(size=2), rng.uniform(0.1, 2.0), size=(30, 2))
        (x0, x1), (y0, y1) = data.plane_window(X, pad=0.2)
        assert x0 <= X[:, 0].min() - 0.2 and x1 >= X[:, 0].max() + 0.2
        assert y0 <= X[:, 1].min() - 0.2 and y1 >= X[:, 1].max() + 0.2
        assert np.allclose(np.array([x0, x1, y0, y1]) * 2, np.round(np.array([x0, x1, y0, y1]) * 2))
    X = data.moons(200, 0.10, rng=np.random.default_rng(0))[0]
    nudged = data.moons(200, 0.11, rng=np.random.default_rng(0))[0]
    assert data.plane_window(X) == data.plane_window(nudged)


def test_plane_window_refuses_bad_input():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        data.plane_window(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"at least 1 row and 1 column, got shape \(0, 2\)"):
        data.plane_window(np.zeros((0, 2)))
    with pytest.raises(ValueError, match="X contains NaN"):
        data.plane_window([[0.0, np.nan]])
    with pytest.raises(ValueError, match=re.escape("pad must be a finite number >= 0, got -0.1")):
        data.plane_window(np.zeros((2, 2)), pad=-0.1)


def test_plane_grid_rows_are_heights():
    G = data.plane_grid((0.0, 1.0), (10.0, 12.0), res=3)
    assert G.shape == (9, 2)
    # row i·res + j is (x₁ⱼ, x₂ᵢ): x₁ = 0, 0.5, 1 and x₂ = 10, 11, 12
    assert np.allclose(G[1], [0.5, 10.0])
    assert np.allclose(G[3], [0.0, 11.0])
    assert np.allclose(G[8], [1.0, 12.0])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (((0, 1), (0, 1), 1), "res must be a whole number in [2, 1000], got 1"),
        (((0, 1), (0, 1), 4.5), "res must be a whole number in [2, 1000], got 4.5"),
        (((0, 1), (0, 1), 10**4), "res must be a whole number in [2, 1000], got 10000"),
        (((1, 0), (0, 1), 4), "xlim must be (low, high) with low < high, got (1, 0)"),
        (((0, 1), (0, 1, 2), 4), "ylim must be two finite numbers (low, high), got (0, 1, 2)"),
        (((0, np.inf), (0, 1), 4), "xlim must be two finite numbers (low, high), got (0, inf)"),
        (((0, 1), (0, np.nan), 4), "ylim must be two finite numbers"),
        (((0, 1), "ab", 4), "ylim must be two finite numbers"),
        (((-1e308, 1e308), (0, 1), 4), "xlim must be (low, high) with a finite width"),
    ],
)
def test_plane_grid_refuses_bad_windows(args, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        data.plane_grid(*args)


def test_output_grid_is_the_network_by_hand(hand_net):
    res, xlim, ylim = 4, (-1.0, 1.0), (-2.0, 2.0)
    grid = data.output_grid(hand_net, xlim, ylim, res)
    assert grid.shape == (res, res)
    W1, b1 = hand_net.layers[0].W, hand_net.layers[0].b
    W2, b2 = hand_net.layers[1].W, hand_net.layers[1].b
    for i, x2 in enumerate(np.linspace(*ylim, res)):
        for j, x1 in enumerate(np.linspace(*xlim, res)):
            h = np.tanh(np.array([x1, x2]) @ W1 + b1)
            assert np.isclose(grid[i, j], sigmoid(h @ W2 + b2)[0])


def test_output_grid_needs_one_output():
    with pytest.raises(ValueError, match="one output, got 3"):
        data.output_grid(MLP([2, 3], output="softmax", rng=0), (0, 1), (0, 1), 4)


def test_hidden_grids_are_each_units_output(hand_net):
    res, xlim, ylim = 5, (-1.0, 1.0), (-1.0, 1.0)
    units = data.hidden_grids(hand_net, xlim, ylim, res)
    assert units.shape == (3, res, res)
    g = np.linspace(-1.0, 1.0, res)
    W1, b1 = hand_net.layers[0].W, hand_net.layers[0].b
    # unit 2 at the point (x₁, x₂) = (g[4], g[1]): row 1, column 4
    assert np.isclose(units[1, 1, 4], np.tanh(g[4] * W1[0, 1] + g[1] * W1[1, 1] + b1[1]))
    # unit 3 at (g[0], g[3]): row 3, column 0
    assert np.isclose(units[2, 3, 0], np.tanh(g[0] * W1[0, 2] + g[3] * W1[1, 2] + b1[2]))
    data.output_grid(hand_net, xlim, ylim, res)
    assert np.allclose(data.hidden_grids(hand_net, xlim, ylim, res, forward=False), units)


def test_hidden_grids_show_the_first_of_several_hidden_layers():
    deep = MLP([2, 3, 4, 1], hidden="tanh", output="sigmoid", rng=5)
    units = data.hidden_grids(deep, (-1.0, 1.0), (-1.0, 1.0), 3)
    assert units.shape == (3, 3, 3)  # layer 1 has 3 units, not layer 2's 4
    W1, b1 = deep.layers[0].W, deep.layers[0].b
    # unit 1 at (x₁, x₂) = (1, −1): row 0, column 2
    assert np.isclose(units[0, 0, 2], np.tanh(W1[0, 0] - W1[1, 0] + b1[0]))


def test_hidden_grids_without_hidden_layers_and_stale_cache(hand_net):
    logistic = MLP([2, 1], output="sigmoid", rng=0)
    assert data.hidden_grids(logistic, (0, 1), (0, 1), 6).shape == (0, 6, 6)
    hand_net.forward(np.zeros((3, 2)))  # the cache holds 3 rows, not the grid
    with pytest.raises(ValueError, match="forward=True"):
        data.hidden_grids(hand_net, (0, 1), (0, 1), 6, forward=False)
    with pytest.raises(ValueError, match="res must be a whole number"):
        data.hidden_grids(logistic, (0, 1), (0, 1), 1)


# ---------------------------------------------------------------- digits


@pytest.fixture(scope="module")
def digits():
    return data.digits()


@pytest.fixture(scope="module")
def raw_digits():
    return data.digits(standardized=False)


def test_digits_shapes_and_labels(digits):
    X_train, X_test, y_train, y_test = digits
    # 1,797 images; 20 % of them (rounded up by scikit-learn) held out: 360 and 1,437
    assert X_train.shape == (1437, 64) and X_test.shape == (360, 64)
    assert y_train.shape == (1437,) and y_test.shape == (360,)
    assert np.issubdtype(y_train.dtype, np.integer)
    assert set(y_train) == set(y_test) == set(range(10))
    assert np.all(np.isfinite(X_train)) and np.all(np.isfinite(X_test))


def test_digits_are_standardised_on_the_training_rows(digits, raw_digits):
    X_train, X_test, _, _ = digits
    np.testing.assert_allclose(X_train.mean(axis=0), 0.0, atol=1e-12)
    std = X_train.std(axis=0)
    assert np.all(np.isclose(std, 1.0) | np.isclose(std, 0.0))
    assert np.sum(np.isclose(std, 0.0)) >= 1  # blank corner pixels stay constant
    # the test rows carry the training mean/std, not their own: redo it by hand
    raw_train, raw_test, _, _ = raw_digits
    mean, sd = raw_train.mean(axis=0), raw_train.std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    np.testing.assert_allclose(X_test, (raw_test - mean) / sd, rtol=1e-12, atol=1e-12)
    assert not np.allclose(X_test.mean(axis=0), 0.0, atol=1e-3)


def test_digits_raw_pixels(digits, raw_digits):
    raw_train, _, y_train, _ = raw_digits
    assert raw_train.min() == 0.0 and raw_train.max() == 16.0  # 4-bit grey levels
    np.testing.assert_array_equal(raw_train, np.round(raw_train))
    np.testing.assert_array_equal(y_train, digits[2])  # same split either way


def test_digits_split_is_stratified(digits):
    _, _, y_train, y_test = digits
    total = np.bincount(y_train, minlength=10) + np.bincount(y_test, minlength=10)
    # each digit's share of the test set is its share of the whole, within one image
    expected = total * 360 / 1797
    assert np.all(np.abs(np.bincount(y_test, minlength=10) - expected) <= 1)


def test_digits_split_is_deterministic(digits):
    again = data.digits()
    for a, b in zip(digits, again, strict=True):
        np.testing.assert_array_equal(a, b)
    other = data.digits(seed=1)
    assert not np.array_equal(other[3], digits[3])


# ---------------------------------------------------------------- the core stays NumPy-only


def test_importing_the_core_imports_no_plotting_widgets_or_sklearn():
    # numpy is the positive control: the probe does see a module that is imported
    code = (
        "import sys, nnmath, nnmath.data, nnmath.train; "
        "print(','.join(m for m in ('numpy', 'matplotlib', 'ipywidgets', 'sklearn', 'scipy')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "numpy"


# ---------------------------------------------------------------- hostile input (issue 16)

NAN, INF = float("nan"), float("inf")


def _generator(name):
    """``name`` from DATASETS, or ``make`` itself (its name bound), as one callable."""
    if name == "make":
        return lambda n=20, noise=0.1, **kw: data.make("moons", n, noise, **kw)
    return data.DATASETS[name]


@pytest.mark.parametrize("name", [*GENERATORS, "make"])
@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"noise": INF}, ValueError, "noise must be a finite number in [0, 1e+06], got inf"),
        ({"noise": -INF}, ValueError, "noise must be a finite number in [0, 1e+06], got -inf"),
        ({"noise": NAN}, ValueError, "noise must be a finite number in [0, 1e+06], got nan"),
        ({"noise": 1e7}, ValueError, "noise must be a finite number in [0, 1e+06], got 1"),
        ({"noise": None}, TypeError, "noise must be a finite number in [0, 1e+06], got None"),
        ({"noise": "0.1"}, TypeError, "noise must be a finite number in [0, 1e+06], got '0.1'"),
        ({"noise": True}, TypeError, "got True (bool)"),
        ({"n": True}, TypeError, "n must be a whole number in [2, 1e+06], got True (bool)"),
        ({"n": 20.5}, ValueError, "n must be a whole number in [2, 1e+06], got 20.5"),
        ({"n": "20"}, TypeError, "n must be a whole number in [2, 1e+06], got '20' (str)"),
        ({"n": 10**7}, ValueError, "n must be a whole number in [2, 1e+06], got 10000000"),
        ({"rng": -1}, ValueError, "rng as a seed must be an int >= 0, got -1"),
    ],
)
def test_generators_refuse_bad_hyper_parameters(name, kwargs, error, message):
    if name == "xor":  # xor takes a single point
        message = message.replace("[2, 1e+06]", "[1, 1e+06]")
    args = {"n": 20, "noise": 0.1, "rng": 0, **kwargs}
    with pytest.raises(error, match=re.escape(message)):
        _generator(name)(args["n"], args["noise"], rng=args["rng"])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: data.circles(10, factor=NAN, rng=0), ValueError, "factor must be a finite "),
        (lambda: data.circles(10, factor=0, rng=0), ValueError, "number in (0, 1), got 0"),
        (lambda: data.circles(10, factor=1.0, rng=0), ValueError, "number in (0, 1), got 1.0"),
        (lambda: data.circles(10, factor="0.5", rng=0), TypeError, "factor must be"),
        (lambda: data.spiral(10, turns=NAN, rng=0), ValueError, "turns must be a finite number"),
        (lambda: data.spiral(10, turns=INF, rng=0), ValueError, "in [0, 1000], got inf"),
        (lambda: data.spiral(10, turns=-1, rng=0), ValueError, "in [0, 1000], got -1"),
        (lambda: data.spiral(10, classes=0, rng=0), ValueError, "classes must be a whole number"),
        (lambda: data.spiral(10, classes=-1, rng=0), ValueError, "in [1, 1e+06], got -1"),
        (lambda: data.spiral(10, classes=1.5, rng=0), ValueError, "in [1, 1e+06], got 1.5"),
        (lambda: data.spiral(10, classes=True, rng=0), TypeError, "classes must be"),
        (lambda: data.spiral(3, classes=4, rng=0), ValueError, "n must be a whole number in [4,"),
        (lambda: data.gaussians(4, centers=np.empty((0, 2)), rng=0), ValueError, "at least 1 row"),
        (lambda: data.gaussians(4, centers=[[0, NAN]], rng=0), ValueError, "centers contains NaN"),
        (lambda: data.gaussians(4, centers=[[0, 1, 2]], rng=0), ValueError, "shape (n, 2)"),
        (lambda: data.make(["moons"], rng=0), TypeError, "name must be a data set name (str)"),
        (lambda: data.make(None, rng=0), TypeError, "one of ['circles', 'gaussians', 'moons'"),
    ],
)
def test_generator_shapes_refuse_bad_values(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call()


def test_generators_take_numpy_scalars_whole_floats_and_extremes_without_warning():
    X, y = data.moons(np.int64(30), np.float32(0.25), rng=np.int64(3))
    X2, y2 = data.moons(30.0, 0.25, rng=3)  # 30.0 is a whole number; float32(0.25) is exact
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    for name in GENERATORS:
        X, _ = data.DATASETS[name](20, 1e6, rng=0)  # the largest noise: finite points
        assert np.all(np.isfinite(X))
    assert set(data.spiral(5, classes=1, rng=0)[1]) == {0}
    for turns in (0, 1000):
        assert np.all(np.isfinite(data.spiral(10, rng=0, turns=turns)[0]))
    for factor in (1e-300, 1 - 1e-16):
        assert np.all(np.isfinite(data.circles(10, rng=0, factor=factor)[0]))
    assert data.gaussians(4, centers=[[1e308, -1e308]], rng=0)[0].shape == (4, 2)


@pytest.mark.parametrize(
    ("X", "y", "fraction", "error", "message"),
    [
        (np.ones((1, 2)), [0], 0.25, ValueError, "X must have at least 2 rows to split, got"),
        (np.ones((2, 2)), [0, 1], 0.9, ValueError, "test_fraction=0.9 of 2 rows leaves no row"),
        (np.ones((0, 2)), [], 0.25, ValueError, "X must have at least 2 rows to split"),
        (np.ones((4, 2)), [0, 1, 0, 1], "0.25", TypeError, "in (0, 1), got '0.25' (str)"),
        (np.ones((4, 2)), [0, 1, 0, 1], NAN, ValueError, "in (0, 1), got nan"),
        (np.ones((4, 2)), [0, 1, 0, NAN], 0.25, ValueError, "y contains NaN"),
        (np.ones((4, 2)), ["a", "b", "c", "d"], 0.25, TypeError, "y must hold numbers"),
        (np.ones((4, 2)), 1, 0.25, ValueError, "one row per row of X (4), got shape ()"),
        (np.ones((4, 2)), [[0, 1, 0, 1]], 0.25, ValueError, "one row per row of X (4)"),
        ([[1, 2], [3]], [0, 1], 0.25, ValueError, "X must be a rectangular array"),
        (np.full((4, 2), INF), [0, 1, 0, 1], 0.25, ValueError, "X contains infinity"),
        (np.ones((4, 2)), [0, 1, 0, 1], 0.25, ValueError, "rng as a seed must be an int >= 0"),
    ],
)
def test_train_test_split_refuses_an_empty_side_and_bad_input(X, y, fraction, error, message):
    with pytest.raises(error, match=re.escape(message)):
        data.train_test_split(X, y, fraction, rng=-1 if "rng" in message else 0)


def test_train_test_split_smallest_sides_and_label_dtype():
    X_tr, X_te, y_tr, y_te = data.train_test_split(np.ones((2, 2)), [0, 1], 0.25, rng=0)
    assert len(X_tr) == len(X_te) == 1 and sorted([*y_tr, *y_te]) == [0, 1]
    assert y_tr.dtype == np.array([0, 1]).dtype  # labels keep their dtype
    X_tr, X_te, _, _ = data.train_test_split(np.ones((10, 2)), np.arange(10), 0.9, rng=0)
    assert (len(X_tr), len(X_te)) == (1, 9)
    X_tr, X_te, _, _ = data.train_test_split(np.ones((10, 2)), np.arange(10), 1e-9, rng=0)
    assert (len(X_tr), len(X_te)) == (9, 1)  # the test side never rounds down to nothing


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((np.empty((0, 2)),), ValueError, "X_train must be 2-D with shape (n, d), n, d >= 1"),
        ((np.empty((3, 0)),), ValueError, "got shape (3, 0)"),
        (
            (np.array([1.0, 2.0, 3.0]),),
            ValueError,
            "got shape (3,) (for one feature pass x[:, None])",
        ),
        (
            (np.ones((5, 2)), np.ones((3, 1))),
            ValueError,
            "others[0] must have shape (n, 2), got (3, 1)",
        ),
        (
            (np.ones((5, 2)), np.ones((3, 2)), np.ones(3)),
            ValueError,
            "others[1] must have shape (n, 2)",
        ),
        ((np.ones((5, 2)), np.empty((0, 2))), ValueError, "others[0] must have at least 1 row"),
        ((np.array([[NAN, 1.0], [1.0, 2.0]]),), ValueError, "X_train contains NaN"),
        ((np.ones((2, 2)), [[INF, 0.0]]), ValueError, "others[0] contains infinity"),
        ((np.ones((2, 2)) + 1j,), TypeError, "X_train must hold real numbers"),
        (([["a", "b"]],), TypeError, "X_train must hold numbers"),
    ],
)
def test_standardize_refuses_bad_input(args, error, message):
    with pytest.raises(error, match=re.escape(message)):
        data.standardize(*args)


def test_standardize_constant_columns_are_zero_up_to_rounding():
    # std of three 0.1s is 1.4e-17, not 0: rounding noise must not be amplified to ±1
    (S,) = data.standardize(np.full((3, 1), 0.1))
    np.testing.assert_array_equal(S, np.zeros((3, 1)))
    (S,) = data.standardize(np.array([[1e6], [1e6 + 1e-9]]))  # 8 ulps apart: constant
    np.testing.assert_array_equal(S, np.zeros((2, 1)))
    # a genuinely tiny spread is not constant: the tolerance scales with the column
    (S,) = data.standardize(np.array([[1e-20], [3e-20]]))
    np.testing.assert_allclose(S, [[-1.0], [1.0]])
    # the other arrays' constant columns are only shifted by the training mean
    _, T = data.standardize(np.array([[0.1, 0.0], [0.1, 2.0]]), [[0.6, 1.0]])
    np.testing.assert_allclose(T, [[0.5, 0.0]])


def test_standardize_takes_lists_and_one_other_sample():
    S_list, T_list = data.standardize([[0.0, 5.0], [2.0, 5.0]], [3.0, 7.0])
    S, T = data.standardize(np.array([[0.0, 5.0], [2.0, 5.0]]), np.array([[3.0, 7.0]]))
    np.testing.assert_array_equal(S_list, S)
    np.testing.assert_array_equal(T_list, T)  # a 1-D other is one sample, shape (1, d)


def test_standardize_extreme_values_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        X = np.array([[1e308, -1e308, 1.0], [-1e308, 1e308, 1.0], [0.0, 0.0, 1.0]])
        (S,) = data.standardize(X)  # the sum and the squares would overflow
        assert np.all(np.isfinite(S))
        np.testing.assert_allclose(S.mean(axis=0), 0.0, atol=1e-12)
        np.testing.assert_allclose(S.std(axis=0), [1.0, 1.0, 0.0])
        # far outside the training range: a documented inf, still no warning
        _, T = data.standardize(np.array([[0.0], [1e-300]]), [[1e308]])
        assert T[0, 0] == np.inf


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"seed": -1}, ValueError, "seed must be a whole number >= 0, got -1"),
        ({"seed": 2**32}, ValueError, "seed must be a whole number in [0, 2**32 - 1], got"),
        ({"seed": 1.5}, ValueError, "seed must be a whole number >= 0, got 1.5"),
        ({"seed": "0"}, TypeError, "seed must be a whole number >= 0, got '0' (str)"),
        (
            {"test_fraction": 0},
            ValueError,
            "test_fraction must be a finite number in (0, 1), got 0",
        ),
        (
            {"test_fraction": 1},
            ValueError,
            "test_fraction must be a finite number in (0, 1), got 1",
        ),
        ({"test_fraction": NAN}, ValueError, "test_fraction must be a finite number in (0, 1)"),
        ({"test_fraction": 0.001}, ValueError, "at least 10 of the 1797 images (one per digit)"),
        ({"test_fraction": 0.999}, ValueError, "on each side, got 0.999 (1796 test images)"),
        ({"standardized": "yes"}, TypeError, "standardized must be True or False, got 'yes'"),
    ],
)
def test_digits_errors_name_nnmaths_arguments(kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        data.digits(**kwargs)


def test_plane_window_and_grid_extremes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="lies beyond the float64 range"):
            data.plane_window([[1e308, -1e308], [-1e308, 1e308]])
        with pytest.raises(ValueError, match="with pad 1e"):
            data.plane_window([[0.0, 0.0]], pad=1e308)
        (x0, x1), _ = data.plane_window([[1e300, 0.0], [-1e300, 0.0]])
        assert np.isfinite(x0) and np.isfinite(x1) and x0 <= -1e300 < 1e300 <= x1
    with pytest.raises(TypeError, match="pad must be a finite number >= 0, got '1'"):
        data.plane_window([[0.0, 0.0]], pad="1")
    np.testing.assert_array_equal(
        data.plane_grid((0, 1), (0, 1), np.int64(4)), data.plane_grid((0, 1), (0, 1), 4.0)
    )


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda net: data.output_grid("net", (0, 1), (0, 1), 4),
            TypeError,
            "net must be an nnmath MLP, got str",
        ),
        (
            lambda net: data.output_grid(MLP([3, 1], rng=0), (0, 1), (0, 1)),
            ValueError,
            "net must take 2 inputs",
        ),
        (
            lambda net: data.output_grid(net, (0, 1), (0, 1), 2.5),
            ValueError,
            "res must be a whole number in [2, 1000]",
        ),
        (
            lambda net: data.hidden_grids(None, (0, 1), (0, 1)),
            TypeError,
            "net must be an nnmath MLP, got NoneType",
        ),
        (
            lambda net: data.hidden_grids(net, (0, 1), (0, 1), 4, forward=1),
            TypeError,
            "forward must be True or False",
        ),
        (
            lambda net: data.hidden_grids(net, (0, 1), (0, 1), 4.5),
            ValueError,
            "res must be a whole number",
        ),
    ],
)
def test_grids_refuse_bad_networks_and_flags(hand_net, call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call(hand_net)


# ---------------------------------------------------------------- CSV files (issue 16)


def _csv(tmp_path, content, name="points.csv"):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


TWO_POINTS = "x1,x2,label\n0,0,0\n1,1,1\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (TWO_POINTS.encode("utf-16"), ": UTF-16 text (it starts with a UTF-16 mark)"),
        (TWO_POINTS.encode("utf-16-be"), ": binary data, not CSV text (a NUL byte at byte 0;"),
        (
            "x1,x2,étiquette\n0,0,0\n1,1,1\n".encode("latin-1"),
            ", line 1: not UTF-8 text (byte 0xe9)",
        ),
        ("0,0,0\n1,1,1\n# café\n".encode("latin-1"), ", line 3: not UTF-8 text (byte 0xe9)"),
        (bytes(range(256)), ": binary data, not CSV text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", ": binary data, not CSV text"),
        (b"\xff\xd8\xff\xe0JFIF", ", line 1: not UTF-8 text (byte 0xff)"),
    ],
)
def test_load_csv_points_refuses_other_encodings_and_binary(tmp_path, content, message):
    path = _csv(tmp_path, content)
    with pytest.raises(ValueError, match=re.escape(f"{path}{message}")):
        data.load_csv_points(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("x1,x2,label\nx,y,z\n0,0,0\n1,1,1\n", "line 2: 'x' is not a number"),  # one header
        ("0,0,0\nx1,x2,label\n1,1,1\n", "line 2: 'x1' is not a number"),
        ("1_000,0,0\n1,1,1\n", "line 1: '1_000' is not a number"),
        ("0x10,0,0\n1,1,1\n", "line 1: '0x10' is not a number"),
        ("\u0661,0,0\n1,1,1\n", "line 1: '\u0661' is not a number"),  # an Arabic-Indic 1
        ("1 000,0,0\n1,1,1\n", "line 1: '1 000' is not a number"),
        ('"0,5",1,0\n1,1,1\n', "line 1: expected 3 columns"),
        ('"0.5,1,0\n1,1,1\n', "line 1: '\"0.5' is not a number"),
        ("1e999,0,0\n0,0,1\n", "line 1: NaN or infinity is not a point"),
        ("0,-Infinity,0\n0,0,1\n", "line 1: NaN or infinity is not a point"),
        ("nan,nan,nan\n0,0,0\n1,1,1\n", "line 1: NaN or infinity is not a point"),
        ("0,0,0\n1,1,0.5\n", "line 2: the label must be 0 or 1, got 0.5"),
    ],
)
def test_load_csv_points_refuses_lookalike_numbers_and_a_second_header(tmp_path, content, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        data.load_csv_points(_csv(tmp_path, content))


def test_load_csv_points_reads_quotes_crlf_bom_and_other_delimiters(tmp_path):
    expected = ([[0.5, -1.0], [2.0, 3e-1]], [1, 0])
    for content, delimiter in [
        ('"x1","x2","label"\n"0.5","-1","1"\n"2", ".3" ,"0"\n', ","),
        ("x1,x2,label\r\n0.5,-1,1\r\n2,.3,0\r\n", ","),
        ("\ufeffx1;x2;label\n+0.5;-1.0;1\n2.;3E-1;0.0\n", ";"),
        ("0.5\t-1\t1\n2\t0.3\t0\n", "\t"),
        ("0.5|-1|1\n\n# a comment\n2|0.3|0", "|"),
    ]:
        X, y = data.load_csv_points(_csv(tmp_path, content), delimiter)
        assert X.tolist() == expected[0] and y.tolist() == expected[1], content


@pytest.mark.parametrize(
    ("path", "error", "message"),
    [
        (None, TypeError, "path must be a file name (str or pathlib.Path), got None"),
        (0, TypeError, "path must be a file name (str or pathlib.Path), got 0 (int)"),
        (b"points.csv", TypeError, "path must be a file name"),
        ("", ValueError, "path must name a file, got ''"),
        ("  ", ValueError, "path must name a file, got '  '"),
        ("a\0b.csv", ValueError, "path must not contain a NUL character"),
        ("/dev/zero", ValueError, "/dev/zero is not a regular file (a directory, FIFO or device)"),
    ],
)
def test_load_csv_points_refuses_paths_that_are_not_files(path, error, message):
    if path == "/dev/zero" and not os.path.exists(path):
        pytest.skip("no /dev/zero here")
    with pytest.raises(error, match=re.escape(message)):
        data.load_csv_points(path)


@contextlib.contextmanager
def _deadline(seconds=5):
    """Fail instead of hanging (reading a FIFO would block forever)."""

    def stuck(*_):
        raise TimeoutError("blocked: the FIFO was opened for reading")

    old = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_load_csv_points_refuses_a_fifo_and_a_folder_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with _deadline(), pytest.raises(ValueError, match=re.escape(f"{fifo} is not a regular file")):
        data.load_csv_points(fifo)
    with pytest.raises(ValueError, match=re.escape(f"{tmp_path} is not a regular file")):
        data.load_csv_points(tmp_path)


def test_load_csv_points_limits_the_size(tmp_path):
    rows = "".join(f"{i},{i},{i % 2}\n" for i in range(5))
    path = _csv(tmp_path, rows)
    with pytest.raises(ValueError, match=re.escape("line 4: more than max_rows=3 points")):
        data.load_csv_points(path, max_rows=3)
    assert data.load_csv_points(path, max_rows=5)[0].shape == (5, 2)
    big = _csv(tmp_path, "# " + "x" * 1100 + "\n" + TWO_POINTS, "big.csv")  # > 2 · 512 bytes
    with pytest.raises(ValueError, match=r"big\.csv has 1,127 bytes, more than the 1,024 read"):
        data.load_csv_points(big, max_rows=2)
    assert data.load_csv_points(big, max_rows=3)[1].tolist() == [0, 1]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"delimiter": "ab"},
            ValueError,
            "delimiter must be one of [',', ';', '\\t', '|'], got 'ab'",
        ),
        ({"delimiter": "."}, ValueError, "delimiter must be one of"),
        ({"delimiter": 5}, ValueError, "delimiter must be one of"),
        ({"max_rows": 1}, ValueError, "max_rows must be a whole number in [2, 1e+07], got 1"),
        ({"max_rows": 2.5}, ValueError, "max_rows must be a whole number"),
        ({"max_rows": True}, TypeError, "max_rows must be a whole number"),
    ],
)
def test_load_csv_points_refuses_bad_options(tmp_path, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        data.load_csv_points(_csv(tmp_path, TWO_POINTS), **kwargs)


# ---------------------------------------------------------------- three-way splits (lesson 09)


def test_train_val_test_split_partitions_the_rows():
    X = np.arange(40.0).reshape(20, 2)
    y = np.arange(20)
    X_tr, X_va, X_te, y_tr, y_va, y_te = data.train_val_test_split(X, y, 0.2, 0.25, rng=3)
    assert (len(y_tr), len(y_va), len(y_te)) == (11, 4, 5)
    assert sorted(np.concatenate([y_tr, y_va, y_te]).tolist()) == list(range(20))  # each row once
    for Xs, ys in ((X_tr, y_tr), (X_va, y_va), (X_te, y_te)):
        np.testing.assert_array_equal(Xs[:, 0], 2 * ys)  # rows keep their labels
    again = data.train_val_test_split(X, y, 0.2, 0.25, rng=3)
    np.testing.assert_array_equal(again[4], y_va)  # the same seed, the same split


@pytest.mark.parametrize(
    ("n", "val", "test", "message"),
    [
        (10, 0.5, 0.5, "must be below 1"),
        (10, 0.0, 0.2, "val_fraction"),
        (2, 0.3, 0.3, "at least 3 rows"),
        (4, 0.4, 0.4, "leave no row for training"),
    ],
)
def test_train_val_test_split_refuses_an_empty_side(n, val, test, message):
    with pytest.raises(ValueError, match=message):
        data.train_val_test_split(np.zeros((n, 2)), np.zeros(n), val, test, rng=0)


def test_digits_with_validation_keeps_the_test_images_and_standardises_on_train_only():
    X_tr, X_va, _, y_tr, y_va, y_te = data.digits(val_fraction=0.2)
    *_, y_te4 = data.digits()
    raw = data.digits(val_fraction=0.2, standardized=False)
    assert (len(y_tr), len(y_va), len(y_te)) == (1077, 360, 360)
    np.testing.assert_array_equal(y_te, y_te4)  # the same test images as the 2-way split
    assert set(y_va.tolist()) == set(range(10)) and np.bincount(y_va).min() >= 30  # stratified
    np.testing.assert_allclose(X_tr.mean(axis=0), 0, atol=1e-12)
    lit = raw[0].std(axis=0) > 0
    np.testing.assert_allclose(X_tr.std(axis=0)[lit], 1)
    assert abs(X_va.mean()) > 1e-6  # scaled by the training statistics, not its own
    with pytest.raises(ValueError, match="val_fraction must leave at least 10"):
        data.digits(test_fraction=0.5, val_fraction=0.5)


# ---------------------------------------------------------------- shift_digits (lesson 13)


def _one_pixel(r, c, value=7.0):
    image = np.zeros((8, 8))
    image[r, c] = value
    return image.reshape(1, 64)


@pytest.mark.parametrize(
    ("rows", "cols"), [(1, 0), (0, 1), (-1, 0), (0, -1), (2, -3), (-2, 2), (5, 2)]
)
def test_shift_digits_moves_a_pixel_rows_down_and_cols_right(rows, cols):
    r, c = 2, 5
    got = data.shift_digits(_one_pixel(r, c), rows, cols)
    assert got.shape == (1, 64)
    want = np.zeros((8, 8))
    want[r + rows, c + cols] = 7.0  # every shift here keeps the pixel on the image
    np.testing.assert_array_equal(got.reshape(8, 8), want)


def test_shift_digits_shifts_each_image_of_the_batch_the_same_way():
    X = np.concatenate([_one_pixel(0, 0, 1.0), _one_pixel(6, 3, 2.0)])
    got = data.shift_digits(X, 1, 2).reshape(2, 8, 8)
    assert got[0, 1, 2] == 1.0 and got[1, 7, 5] == 2.0
    assert np.count_nonzero(got) == 2


def test_shift_digits_fills_with_blank_paper():
    ones = np.ones((1, 64))
    down = data.shift_digits(ones, 1, 0).reshape(8, 8)
    np.testing.assert_array_equal(down[0], np.zeros(8))
    np.testing.assert_array_equal(down[1:], np.ones((7, 8)))
    left = data.shift_digits(ones, 0, -2).reshape(8, 8)
    np.testing.assert_array_equal(left[:, 6:], np.zeros((8, 2)))
    np.testing.assert_array_equal(left[:, :6], np.ones((8, 6)))
    assert data.shift_digits(ones, -3, 4).sum() == 5 * 4  # 5 rows × 4 columns left of ink


@pytest.mark.parametrize(
    ("r", "c", "rows", "cols"), [(7, 7, 1, 0), (7, 7, 0, 1), (0, 0, -1, 0), (0, 3, 0, -4)]
)
def test_shift_digits_loses_ink_pushed_off_the_edge(r, c, rows, cols):
    gone = data.shift_digits(_one_pixel(r, c), rows, cols)
    np.testing.assert_array_equal(gone, np.zeros((1, 64)))
    np.testing.assert_array_equal(data.shift_digits(gone, -rows, -cols), np.zeros((1, 64)))


def test_shift_digits_by_8_leaves_a_blank_image():
    ones = np.ones((2, 64))
    for rows, cols in [(8, 0), (-8, 0), (0, 8), (0, -8), (8, -8)]:
        np.testing.assert_array_equal(data.shift_digits(ones, rows, cols), np.zeros((2, 64)))


def test_shift_digits_by_zero_is_the_identity():
    X = np.random.default_rng(0).uniform(0, 16, (3, 64))
    np.testing.assert_array_equal(data.shift_digits(X), X)
    np.testing.assert_array_equal(data.shift_digits(X, 0, 0), X)
    assert data.shift_digits(X).dtype == np.float64


@pytest.mark.parametrize(("rows", "cols"), [(1, 0), (0, -1), (2, -3), (-1, 1), (-3, -2)])
def test_shift_digits_back_restores_the_pixels_that_stayed_on(rows, cols):
    X = np.random.default_rng(1).uniform(1, 16, (4, 64))  # ink everywhere, no zero
    before = X.copy()
    back = data.shift_digits(data.shift_digits(X, rows, cols), -rows, -cols).reshape(4, 8, 8)
    np.testing.assert_array_equal(X, before)  # the input is not changed
    # pixel (r, c) survives the first shift iff (r + rows, c + cols) is on the 8 × 8 image
    r, c = np.arange(8)[:, None], np.arange(8)[None, :]
    kept = (r + rows >= 0) & (r + rows < 8) & (c + cols >= 0) & (c + cols < 8)
    images = X.reshape(4, 8, 8)
    np.testing.assert_array_equal(back[:, kept], images[:, kept])
    np.testing.assert_array_equal(back[:, ~kept], 0.0)
    assert kept.sum() == (8 - abs(rows)) * (8 - abs(cols))


def test_shift_digits_takes_the_raw_digits():
    X = data.digits(standardized=False)[0][:5]
    shifted = data.shift_digits(X, 0, 1).reshape(-1, 8, 8)
    np.testing.assert_array_equal(shifted[:, :, 1:], X.reshape(-1, 8, 8)[:, :, :-1])
    np.testing.assert_array_equal(shifted[:, :, 0], 0.0)


@pytest.mark.parametrize(
    ("X", "kwargs", "error", "message"),
    [
        (np.zeros(64), {}, ValueError, r"X must have shape \(n, 64\), one 8 × 8 image a row"),
        (np.zeros((2, 63)), {}, ValueError, r"X must have shape \(n, 64\).*got \(2, 63\)"),
        (np.zeros((2, 8, 8)), {}, ValueError, r"X must have shape \(n, 64\)"),
        (np.zeros((64, 2)), {}, ValueError, r"X must have shape \(n, 64\)"),
        (np.full((1, 64), np.nan), {}, ValueError, r"X contains NaN"),
        ([["a"] * 64], {}, TypeError, r"X must hold numbers"),
        (np.zeros((1, 64)), {"rows": 9}, ValueError, r"rows must be a whole number in \[-8, 8\]"),
        (np.zeros((1, 64)), {"rows": -9}, ValueError, r"rows must be a whole number in \[-8, 8\]"),
        (np.zeros((1, 64)), {"cols": 9}, ValueError, r"cols must be a whole number in \[-8, 8\]"),
        (np.zeros((1, 64)), {"cols": -100}, ValueError, r"cols must be a whole number in"),
        (np.zeros((1, 64)), {"rows": 0.5}, ValueError, r"rows must be a whole number"),
        (np.zeros((1, 64)), {"cols": "1"}, TypeError, r"cols must be a whole number"),
    ],
)
def test_shift_digits_refuses_bad_input(X, kwargs, error, message):
    with pytest.raises(error, match=message):
        data.shift_digits(X, **kwargs)
