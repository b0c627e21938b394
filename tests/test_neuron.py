"""One neuron: z = w·x + b, y = f(z); over the plane, its decision line and output grid."""

import math
import re

import numpy as np
import pytest
from _helpers import rel_err, strict

from nnmath import Neuron, neuron
from nnmath.gradcheck import numerical_gradient


def test_hand_worked_two_input_neuron():
    n = Neuron([0.5, -0.3], 0.1, activation="identity")
    # z = 0.5·1.2 + (−0.3)·0.7 + 0.1 = 0.6 − 0.21 + 0.1 = 0.49
    assert n.z([1.2, 0.7]) == pytest.approx(0.49, abs=1e-15)
    assert n([1.2, 0.7]) == pytest.approx(0.49, abs=1e-15)


def test_sigmoid_neuron_output():
    n = Neuron([0.5, -0.3], 0.1)  # sigmoid is the default
    # y = 1 / (1 + e^(−0.49))
    assert n([1.2, 0.7]) == pytest.approx(1.0 / (1.0 + math.exp(-0.49)), rel=1e-14)


def test_relu_neuron_switches_off_below_zero():
    # z = 1·2 + 1·(−3) + 0 = −1 → relu gives 0; z = 1·2 + 1·3 = 5 → 5
    n = Neuron([1.0, 1.0], 0.0, activation="relu")
    assert n([2.0, -3.0]) == 0.0
    assert n([2.0, 3.0]) == 5.0


def test_bias_shifts_every_z_by_the_same_amount():
    X = np.random.default_rng(0).normal(size=(7, 3))
    w = [0.2, -1.0, 0.4]
    z0 = Neuron(w, 0.0).z(X)
    z1 = Neuron(w, 2.5).z(X)
    np.testing.assert_allclose(z1 - z0, 2.5, rtol=1e-13)


def test_batch_matches_one_at_a_time():
    n = Neuron([0.3, -0.8, 1.1], -0.2, activation="tanh")
    X = np.random.default_rng(1).normal(size=(5, 3))
    z = n.z(X)
    y = n(X)
    assert z.shape == (5,) and y.shape == (5,)
    for i in range(5):
        # z_i = Σ_j w_j x_ij + b, written out
        assert z[i] == pytest.approx(0.3 * X[i, 0] - 0.8 * X[i, 1] + 1.1 * X[i, 2] - 0.2)
        assert y[i] == pytest.approx(math.tanh(z[i]), rel=1e-14)
        assert n(X[i]) == pytest.approx(y[i], rel=1e-14)


def test_single_input_gives_a_python_float():
    n = Neuron([1.0, 2.0], 0.5)
    assert isinstance(n.z([1.0, 1.0]), float)
    assert isinstance(n([1.0, 1.0]), float)


def test_gradient_of_output_wrt_weights():
    """∂y/∂w = f′(z) x, checked against central differences on the neuron's own w."""
    n = Neuron([0.4, -0.7, 0.2], 0.3, activation="sigmoid")
    x = np.array([1.5, 0.5, -2.0])
    s = 1.0 / (1.0 + math.exp(-n.z(x)))  # σ(z) by hand
    analytic = s * (1.0 - s) * x  # σ′(z) = σ(z)(1 − σ(z))
    numeric = numerical_gradient(lambda _: n(x), n.w, 1e-5)
    assert rel_err(analytic, numeric) < 1e-6


# ---------------------------------------------------------------- over the plane (lesson 01)


def test_decision_line_by_hand():
    # w = (1, 1), b = −1: |w₂| ≥ |w₁|, so x₂ = −(x₁ − 1) at x₁ = ∓2: x₂ = 3 and −1
    xs, ys = neuron.decision_line([1.0, 1.0], -1.0, lim=2.0)
    assert np.allclose(xs, [-2.0, 2.0]) and np.allclose(ys, [3.0, -1.0])
    # w = (2, 0.5), b = 1: |w₁| > |w₂|, so x₁ = −(0.5·x₂ + 1) / 2 at x₂ = ∓1: −0.25 and −0.75
    xs, ys = neuron.decision_line([2.0, 0.5], 1.0, lim=1.0)
    assert np.allclose(xs, [-0.25, -0.75]) and np.allclose(ys, [-1.0, 1.0])


@pytest.mark.parametrize("w", [(1.0, 1.0), (2.0, -0.5), (0.3, 4.0), (-1.0, 0.0), (0.0, 2.0)])
@pytest.mark.parametrize("b", [-1.0, 0.0, 0.7])
def test_decision_line_points_have_z_zero(w, b):
    xs, ys = neuron.decision_line(w, b, lim=2.5)
    assert xs.shape == ys.shape == (2,)
    z = Neuron(w, b).z(np.column_stack([xs, ys]))
    assert np.allclose(z, 0.0, atol=1e-12)
    # the free coordinate runs across the whole square
    assert np.allclose(sorted(xs if abs(w[1]) >= abs(w[0]) else ys), [-2.5, 2.5])


def test_decision_line_without_weights_is_empty():
    xs, ys = neuron.decision_line([0.0, 0.0], 1.0)
    assert xs.size == 0 and ys.size == 0


def test_neuron_output_grid_by_hand():
    # identity neuron y = x₁ on a 3 × 3 grid over [−1, 1]²: every row is x₁ = −1, 0, 1
    grid = neuron.neuron_output_grid([1.0, 0.0], 0.0, "identity", lim=1.0, res=3)
    assert np.allclose(grid, [[-1.0, 0.0, 1.0]] * 3)
    # y = x₂ + 0.5: row i is the height x₂ = −1, 0, 1
    grid = neuron.neuron_output_grid([0.0, 1.0], 0.5, "identity", lim=1.0, res=3)
    assert np.allclose(grid, [[-0.5] * 3, [0.5] * 3, [1.5] * 3])


def test_neuron_output_grid_matches_neuron():
    w, b, lim, res = np.array([1.5, -0.5]), 0.2, 2.0, 5
    grid = neuron.neuron_output_grid(w, b, "sigmoid", lim=lim, res=res)
    assert grid.shape == (res, res)
    g = np.linspace(-lim, lim, res)
    # row i is x₂ = g[i], column j is x₁ = g[j] (imshow with origin="lower")
    expected = np.array(
        [[1.0 / (1.0 + math.exp(-(1.5 * x1 - 0.5 * x2 + 0.2))) for x1 in g] for x2 in g]
    )
    assert np.allclose(grid, expected)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"w": [1.0, 2.0, 3.0]}, ValueError, "w must have shape (2,)"),
        ({"w": [1.0, np.nan]}, ValueError, "w contains NaN"),
        ({"w": [1.0, 2j]}, TypeError, "w must hold real numbers"),
        ({"b": [0.0, 1.0]}, TypeError, "b must be a finite number, got [0.0, 1.0]"),
        ({"b": "0.5"}, TypeError, "b must be a finite number, got '0.5'"),
        ({"b": np.inf}, ValueError, "b must be a finite number, got inf"),
        ({"lim": 0.0}, ValueError, "lim must be a finite number > 0, got 0.0"),
        ({"lim": np.inf}, ValueError, "lim must be a finite number > 0, got inf"),
        ({"lim": None}, TypeError, "lim must be a finite number > 0, got None"),
    ],
)
@pytest.mark.parametrize("f", [neuron.decision_line, neuron.neuron_output_grid])
def test_plane_functions_refuse_bad_input(f, kwargs, error, message):
    args = {"w": [1.0, 2.0], "b": 0.0, "lim": 2.5, **kwargs}
    with pytest.raises(error, match=re.escape(message)):
        f(**args)


def test_neuron_output_grid_needs_two_points_per_axis():
    with pytest.raises(ValueError, match="res must be"):
        neuron.neuron_output_grid([1.0, 2.0], 0.0, res=1)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("X", "actual"),
    [([1.0, 2.0, 3.0], "(3,)"), (np.ones((4, 3)), "(4, 3)"), (np.ones((2, 2, 2)), "(2, 2, 2)")],
)
def test_wrong_width_names_expected_and_actual(X, actual):
    n = Neuron([1.0, 2.0], 0.0)
    with pytest.raises(
        ValueError, match=re.escape("X must have shape (n, 2) or (2,), got " + actual)
    ):
        n(X)


def test_nan_in_input_is_refused():
    n = Neuron([1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match="X contains NaN"):
        n.z([1.0, float("nan")])


def test_nan_or_infinite_weights_are_refused():
    with pytest.raises(ValueError, match="w contains NaN"):
        Neuron([1.0, float("nan")])
    with pytest.raises(ValueError, match="b must be a finite number, got inf"):
        Neuron([1.0, 2.0], float("inf"))


@pytest.mark.parametrize(("w", "shape"), [(np.ones((2, 2)), "(2, 2)"), ([], "(0,)"), (1.0, "()")])
def test_w_must_be_a_vector(w, shape):
    with pytest.raises(
        ValueError,
        match=re.escape(f"w must be 1-D with shape (d,), d ≥ 1 weights, got shape {shape}"),
    ):
        Neuron(w)


def test_unknown_activation():
    with pytest.raises(ValueError, match="unknown activation 'step'"):
        Neuron([1.0], 0.0, activation="step")


def test_repr_shows_weights_bias_and_activation():
    r = repr(Neuron([0.5, -0.3], 0.1, activation="tanh"))
    assert r.startswith("Neuron(")
    assert "0.5" in r and "-0.3" in r and "0.1" in r and "'tanh'" in r


# ---------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    ("b", "error", "message"),
    [
        (np.array([0.5]), TypeError, "b must be a finite number, got array([0.5])"),
        ("0.5", TypeError, "b must be a finite number, got '0.5'"),
        (None, TypeError, "b must be a finite number, got None"),
        (True, TypeError, "b must be a finite number, got True"),
        (1 + 2j, TypeError, "b must be a finite number, got (1+2j)"),
        (float("nan"), ValueError, "b must be a finite number, got nan"),
    ],
)
def test_bias_must_be_one_finite_number(b, error, message):
    with pytest.raises(error, match=re.escape(message)):
        Neuron([1.0, 2.0], b)


def test_numpy_scalars_are_biases():
    assert Neuron([1.0], np.float32(0.5)).b == 0.5
    assert Neuron([1.0], np.int64(2)).z([1.0]) == 3.0
    assert Neuron([1.0], np.array(0.25)).b == 0.25


@pytest.mark.parametrize("X", [np.empty((0, 2)), []])
def test_no_inputs_are_refused(X):
    with pytest.raises(ValueError, match=r"X must (hold at least one input|have shape)"):
        Neuron([1.0, 2.0])(X)


def test_complex_and_string_inputs_are_refused():
    with pytest.raises(TypeError, match="X must hold real numbers"):
        Neuron([1.0, 2.0])([1.0, 2j])
    with pytest.raises(TypeError, match="X must hold numbers"):
        Neuron([1.0, 2.0]).z(["1", "2"])


@pytest.mark.parametrize("activation", [np.array(["relu"]), ["relu"], None])
def test_activation_names_that_are_not_strings_are_refused(activation):
    with pytest.raises(ValueError, match="unknown activation"):
        Neuron([1.0], activation=activation)


def test_huge_weights_give_inf_or_the_limit_without_a_warning():
    n = Neuron([1e308, 1e308], 0.0, "sigmoid")
    with strict():
        assert n.z([10.0, 10.0]) == np.inf
        assert n([10.0, 10.0]) == 1.0
        xs, ys = neuron.decision_line([1e308, 1e308], 0.0)
        grid = neuron.neuron_output_grid([1e308, -1e308], 1e308, "tanh", res=3)
    # x₂ = −x₁ exactly, with no overflow of w₁x₁
    np.testing.assert_array_equal(ys, -xs)
    assert np.all(np.isfinite(grid))


def test_decision_line_far_away_is_inf_without_a_warning():
    with strict():
        _, ys = neuron.decision_line([0.0, 1e-300], 1e300)  # x₂ = −1e600
    np.testing.assert_array_equal(ys, [-np.inf, -np.inf])


@pytest.mark.parametrize("activation", ["identity", "relu"])
def test_an_unbounded_activation_of_huge_inputs_is_documented_inf_silently(activation):
    n = Neuron([1.0, 1.0], 0.0, activation)
    with strict():
        y = n(np.array([[1e308, 1e308], [-1e308, -1e308]]))
        grid = neuron.neuron_output_grid([1e308, 1e308], 0.0, activation, res=3)
    assert y[0] == np.inf and y[1] == (-np.inf if activation == "identity" else 0.0)
    assert grid[-1, -1] == np.inf  # 1e308·2.5 + 1e308·2.5 overflows at the corner
    for f in (Neuron.__call__, neuron.neuron_output_grid):
        assert re.search(r"\binf\b", f.__doc__)


@pytest.mark.parametrize("res", [7.0, np.int64(7), np.float32(7.0), np.array(7)])
def test_neuron_output_grid_takes_whole_floats_and_numpy_counts(res):
    grid = neuron.neuron_output_grid([1.0, 2.0], 0.0, res=res)
    assert grid.shape == (7, 7)
    np.testing.assert_array_equal(grid, neuron.neuron_output_grid([1.0, 2.0], 0.0, res=7))


@pytest.mark.parametrize(
    ("res", "error", "message"),
    [
        (7.5, ValueError, "res must be a whole number >= 2, got 7.5"),
        (True, TypeError, "res must be a whole number >= 2, got True"),
        ("7", TypeError, "res must be a whole number >= 2, got '7'"),
        (10**15, ValueError, "res must be a whole number in [2, 1000]"),
    ],
)
def test_neuron_output_grid_refuses_counts_that_are_not_whole(res, error, message):
    with pytest.raises(error, match=re.escape(message)):
        neuron.neuron_output_grid([1.0, 2.0], 0.0, res=res)


# ---------------------------------------------------------------- distance, decide


def test_distance_by_hand():
    # w = (3, 4), ‖w‖ = 5, b = −5: the line 3x₁ + 4x₂ = 5 is 1 from the origin, on w's side.
    n = Neuron([3.0, 4.0], -5.0)
    assert n.distance([0.0, 0.0]) == pytest.approx(-1.0)  # the origin is 1 behind it
    assert n.distance([3.0, 4.0]) == pytest.approx(4.0)  # z = 9 + 16 − 5 = 20 = 5·4
    np.testing.assert_allclose(n.distance([[0.6, 0.8], [-1.0, 2.0]]), [0.0, 0.0], atol=1e-15)


def test_distance_is_the_euclidean_distance_to_the_line_and_sets_y():
    rng = np.random.default_rng(2)
    n = Neuron(rng.normal(size=2), 0.7)
    X = rng.normal(size=(9, 2))
    d = n.distance(X)
    xs, ys = neuron.decision_line(n.w, n.b, lim=50.0)
    a, e = np.array([xs[0], ys[0]]), np.array([xs[1], ys[1]])
    # |d| is the distance to the line through the endpoints (area of the parallelogram / base)
    cross = np.abs((e - a)[0] * (X - a)[:, 1] - (e - a)[1] * (X - a)[:, 0])
    np.testing.assert_allclose(np.abs(d), cross / np.linalg.norm(e - a), rtol=1e-9)
    assert np.all(np.sign(d) == np.sign(n.z(X)))  # positive on the side w points to
    np.testing.assert_allclose(n(X), 1 / (1 + np.exp(-np.linalg.norm(n.w) * d)), rtol=1e-12)


def test_scaling_w_and_b_keeps_the_distance():
    n = Neuron([1.0, -2.0, 0.5], 0.3)
    X = np.random.default_rng(5).normal(size=(4, 3))
    for c in (1e-3, 7.0, 1e200):
        np.testing.assert_allclose(Neuron(c * n.w, c * n.b).distance(X), n.distance(X))


def test_distance_without_weights_is_refused():
    with pytest.raises(ValueError, match="no decision line"):
        Neuron([0.0, 0.0], 1.0).distance([1.0, 1.0])


def test_decide_by_hand():
    y = [0.0, 0.39, 0.4, 0.41, 0.5, 0.59, 0.6, 1.0]
    np.testing.assert_array_equal(neuron.decide(y), [0, 0, 0, 0.5, 0.5, 0.5, 1, 1])
    np.testing.assert_array_equal(neuron.decide(y, margin=0.0), [0, 0, 0, 0, 1, 1, 1, 1])


@pytest.mark.parametrize(
    ("y", "margin", "message"),
    [([0.2, 1.5], 0.1, r"in \[0, 1\]"), ([0.2], 0.5, "margin"), ([0.2], -0.1, "margin")],
)
def test_decide_refuses_bad_input(y, margin, message):
    with pytest.raises(ValueError, match=message):
        neuron.decide(y, margin)
