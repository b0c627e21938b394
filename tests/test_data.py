"""Data sets: shapes, labels, determinism, geometry, the digits split, import isolation."""

import re
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
        ({"n": 1}, "n must be an int >= 2, got 1"),
        ({"n": 10.0}, "n must be an int >= 2, got 10.0"),
        ({"noise": -0.1}, "noise must be >= 0, got -0.1"),
        ({"noise": float("nan")}, "noise must be >= 0, got nan"),
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
    with pytest.raises(ValueError, match="y has 3 rows but X has 4"):
        data.train_test_split(np.zeros((4, 2)), np.zeros(3), rng=0)
    with pytest.raises(ValueError, match=re.escape("test_fraction must be in (0, 1), got 1.0")):
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
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        data.plane_window(np.zeros((0, 2)))
    with pytest.raises(ValueError, match="X contains NaN"):
        data.plane_window([[0.0, np.nan]])
    with pytest.raises(ValueError, match=re.escape("pad must be >= 0, got -0.1")):
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
        (((0, 1), (0, 1), 1), "res must be an int ≥ 2, got 1"),
        (((0, 1), (0, 1), 4.0), "res must be an int ≥ 2, got 4.0"),
        (((1, 0), (0, 1), 4), "xlim must be a pair (lo, hi) with lo < hi, got (1, 0)"),
        (((0, 1), (0, 1, 2), 4), "ylim must be a pair (lo, hi) with lo < hi"),
        (((0, np.inf), (0, 1), 4), "xlim contains infinity"),
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
    with pytest.raises(ValueError, match="res must be an int"):
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
