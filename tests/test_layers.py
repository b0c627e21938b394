"""Dense layers: Z = XW + b, A = f(Z), and backprop through them."""

import re

import numpy as np
import pytest
from _helpers import rel_err, strict
from hypothesis import given, settings
from hypothesis import strategies as st

from nnmath import Dense
from nnmath.gradcheck import numerical_gradient
from nnmath.layers import grid_lines, init_std, unit_square, warp_lines

FAST = settings(max_examples=50, deadline=None)
EPS = 1e-5
TOL = 1e-6
ALL_ACTIVATIONS = ["relu", "tanh", "sigmoid", "identity", "softmax"]


def test_hand_worked_forward():
    W = [[1.0, -1.0, 0.5], [2.0, 0.0, -1.0]]
    b = [0.5, 1.0, 0.0]
    layer = Dense.from_weights(W, b, activation="relu")
    # x = (1, 2):  Z = [1·1 + 2·2 + 0.5,  1·(−1) + 2·0 + 1,  1·0.5 + 2·(−1) + 0] = [5.5, 0, −1.5]
    layer.forward([[1.0, 2.0]])
    np.testing.assert_allclose(layer.Z, [[5.5, 0.0, -1.5]], atol=1e-15)
    # relu → [5.5, 0, 0]
    np.testing.assert_allclose(layer.A, [[5.5, 0.0, 0.0]], atol=1e-15)


def test_hand_worked_backward_identity():
    layer = Dense.from_weights([[1.0, 2.0], [3.0, 4.0]], [0.0, 0.0], activation="identity")
    X = np.array([[1.0, -1.0], [2.0, 0.5]])
    layer.forward(X)
    dA = np.array([[1.0, 0.0], [0.0, 2.0]])
    dX = layer.backward(dA)
    # dW = Xᵀ dA = [[1·1 + 2·0, 1·0 + 2·2], [−1·1 + 0.5·0, −1·0 + 0.5·2]] = [[1, 4], [−1, 1]]
    np.testing.assert_allclose(layer.dW, [[1.0, 4.0], [-1.0, 1.0]])
    # db = column sums of dA = [1, 2]
    np.testing.assert_allclose(layer.db, [1.0, 2.0])
    # dX = dA Wᵀ, Wᵀ = [[1, 3], [2, 4]] → [[1, 3], [4, 8]]
    np.testing.assert_allclose(dX, [[1.0, 3.0], [4.0, 8.0]])


def test_one_sample_as_a_vector():
    layer = Dense(3, 2, "tanh", rng=0)
    x = np.array([0.1, -0.2, 0.3])
    np.testing.assert_allclose(layer.forward(x), layer.forward(x[None, :]))
    assert layer.forward(x).shape == (1, 2)


# ---------------------------------------------------------------- gradients vs central differences


@pytest.mark.parametrize("activation", ALL_ACTIVATIONS)
def test_backward_matches_central_differences(activation):
    rng = np.random.default_rng(10)
    layer = Dense(4, 3, activation, rng=rng)
    layer.b[:] = rng.normal(0.0, 0.5, 3)
    X = rng.normal(size=(5, 4))
    G = rng.normal(size=(5, 3))  # L = Σ G ⊙ A, so ∂L/∂A = G

    def loss(_=None):
        return float(np.sum(G * layer.forward(X)))

    layer.forward(X)
    if activation == "relu":  # keep the kink out of reach of ±eps
        assert np.min(np.abs(layer.Z)) > 1e-3
    dX = layer.backward(G)
    dW, db = layer.dW.copy(), layer.db.copy()

    assert rel_err(dW, numerical_gradient(loss, layer.W, EPS)) < TOL
    assert rel_err(db, numerical_gradient(loss, layer.b, EPS)) < TOL
    Xn = X.copy()
    numeric_dX = numerical_gradient(lambda v: np.sum(G * layer.forward(v)), Xn, EPS)
    assert rel_err(dX, numeric_dX) < TOL


def test_backward_z_matches_central_differences():
    rng = np.random.default_rng(11)
    layer = Dense(3, 2, "sigmoid", rng=rng)
    X = rng.normal(size=(4, 3))
    G = rng.normal(size=(4, 2))  # L = Σ G ⊙ Z, so ∂L/∂Z = G
    layer.forward(X)
    dX = layer.backward_z(G)
    numeric_W = numerical_gradient(lambda _: np.sum(G * (X @ layer.W + layer.b)), layer.W, EPS)
    assert rel_err(layer.dW, numeric_W) < TOL
    np.testing.assert_allclose(layer.db, G.sum(axis=0), rtol=1e-14)
    np.testing.assert_allclose(dX, G @ layer.W.T, rtol=1e-14)


# ---------------------------------------------------------------- shapes (hypothesis)


@FAST
@given(
    n=st.integers(1, 7),
    n_in=st.integers(1, 7),
    n_out=st.integers(1, 7),
    activation=st.sampled_from(ALL_ACTIVATIONS),
    seed=st.integers(0, 2**31),
)
def test_shapes(n, n_in, n_out, activation, seed):
    rng = np.random.default_rng(seed)
    layer = Dense(n_in, n_out, activation, rng=rng)
    assert layer.W.shape == (n_in, n_out) and layer.b.shape == (n_out,)
    assert (layer.n_in, layer.n_out) == (n_in, n_out)
    A = layer.forward(rng.normal(size=(n, n_in)))
    assert A.shape == (n, n_out)
    dX = layer.backward(rng.normal(size=(n, n_out)))
    assert dX.shape == (n, n_in)
    assert layer.dW.shape == layer.W.shape and layer.db.shape == layer.b.shape
    assert all(g.shape == p.shape for p, g in zip(layer.params(), layer.grads(), strict=True))


# ---------------------------------------------------------------- initialisation


def test_init_biases_zero_and_he_scale_for_relu():
    layer = Dense(400, 300, "relu", rng=0)
    np.testing.assert_array_equal(layer.b, np.zeros(300))
    # He: std √(2/400) ≈ 0.0707; 120,000 draws pin the sample std within ~1 %
    assert layer.W.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert abs(layer.W.mean()) < 0.003


def test_init_xavier_for_tanh_and_explicit_float():
    layer = Dense(400, 200, "tanh", rng=1)
    assert layer.W.std() == pytest.approx(np.sqrt(2 / 600), rel=0.02)
    layer = Dense(300, 300, "relu", rng=2, init=0.5)
    assert layer.W.std() == pytest.approx(0.5, rel=0.02)


@pytest.mark.parametrize(
    ("init", "error", "message"),
    [
        ("glorot", ValueError, "init must be 'he', 'xavier' or a finite number > 0, got 'glorot'"),
        (-1.0, ValueError, "init must be a finite number > 0, got -1.0"),
        (0, ValueError, "init must be a finite number > 0, got 0"),
        (float("inf"), ValueError, "init must be a finite number > 0, got inf"),
        (float("nan"), ValueError, "init must be a finite number > 0, got nan"),
        (True, TypeError, "init must be 'he', 'xavier' or a finite number > 0, got True"),
        (None, TypeError, "init must be 'he', 'xavier' or a finite number > 0, got None"),
        ("0.1", ValueError, "init must be 'he', 'xavier' or a finite number > 0, got '0.1'"),
        (np.array([0.1, 0.2]), TypeError, "init must be 'he', 'xavier' or a finite number > 0"),
    ],
)
def test_bad_init_raises(init, error, message):
    with pytest.raises(error, match=re.escape(message)):
        Dense(2, 2, rng=0, init=init)
    with pytest.raises(error, match=re.escape(message)):
        init_std(2, 2, init)


def test_init_std_takes_numpy_scalars():
    assert init_std(3, 4, np.float32(0.5)) == 0.5
    assert init_std(np.int64(8), np.int32(4), "he") == pytest.approx(0.5)
    assert init_std(2, 6, "xavier") == pytest.approx(0.5)
    layer = Dense(np.int64(300), np.int64(300), rng=0, init=np.float32(0.25))
    assert layer.W.shape == (300, 300) and layer.W.std() == pytest.approx(0.25, rel=0.02)


@pytest.mark.parametrize(
    ("n_in", "n_out", "error", "message"),
    [
        (0, 3, ValueError, "n_in must be a whole number >= 1, got 0"),
        (-1, 3, ValueError, "n_in must be a whole number >= 1, got -1"),
        (2.5, 3, ValueError, "n_in must be a whole number >= 1, got 2.5"),
        (2, 0, ValueError, "n_out must be a whole number >= 1, got 0"),
        (True, 3, TypeError, "n_in must be a whole number >= 1, got True"),
        ("4", 3, TypeError, "n_in must be a whole number >= 1, got '4'"),
    ],
)
def test_init_std_refuses_sizes_it_cannot_divide_by(n_in, n_out, error, message):
    with strict():  # no ZeroDivisionError, no "invalid value in sqrt"
        with pytest.raises(error, match=re.escape(message)):
            init_std(n_in, n_out, "he")


def test_same_seed_same_weights_other_seed_other_weights():
    a = Dense(5, 4, rng=np.random.default_rng(7))
    b = Dense(5, 4, rng=7)  # an int seed is the same as default_rng(seed)
    c = Dense(5, 4, rng=8)
    np.testing.assert_array_equal(a.W, b.W)
    assert not np.allclose(a.W, c.W)


# ---------------------------------------------------------------- bad input


def test_wrong_input_width_names_expected_and_actual():
    layer = Dense(3, 2, rng=0)
    with pytest.raises(ValueError, match=re.escape("X must have shape (n, 3), got (4, 2)")):
        layer.forward(np.ones((4, 2)))


def test_three_d_input_refused():
    layer = Dense(3, 2, rng=0)
    with pytest.raises(ValueError, match=re.escape("got shape (2, 2, 3)")):
        layer.forward(np.ones((2, 2, 3)))


def test_nan_input_refused():
    layer = Dense(2, 2, rng=0)
    with pytest.raises(ValueError, match="X contains NaN"):
        layer.forward([[1.0, np.nan]])


def test_infinite_input_refused_by_name():
    layer = Dense(2, 1, rng=0)
    with pytest.raises(ValueError, match="X contains infinity"):
        layer.forward([[np.inf, 1.0]])
    with pytest.raises(ValueError, match="X contains infinity"):
        layer.forward([[np.inf, -np.inf]])  # the two cancel to NaN in a sum: still named


def test_huge_finite_input_is_accepted_silently():
    # 1e308 + 1e308 overflows a float, but each input is a legal number
    layer = Dense.from_weights([[1e-300], [1e-300]], [0.0], "identity")
    # z = 1e308·1e-300 + 1e308·1e-300 = 2e8
    np.testing.assert_allclose(layer.forward([[1e308, 1e308]]), [[2e8]])


def test_unknown_activation_refused():
    with pytest.raises(ValueError, match="unknown activation 'gelu'"):
        Dense(2, 2, "gelu", rng=0)


def test_rng_none_refused():
    with pytest.raises(ValueError, match=r"rng=np\.random\.default_rng\(seed\).*got None"):
        Dense(2, 2, rng=None)


@pytest.mark.parametrize(
    ("n_in", "n_out", "error", "message"),
    [
        (0, 2, ValueError, "n_in must be a whole number >= 1, got 0"),
        (2, -1, ValueError, "n_out must be a whole number >= 1, got -1"),
        (2.5, 3, ValueError, "n_in must be a whole number >= 1, got 2.5"),
        (float("inf"), 3, ValueError, "n_in must be a whole number >= 1, got inf"),
        (True, 3, TypeError, "n_in must be a whole number >= 1, got True"),
        (2, "3", TypeError, "n_out must be a whole number >= 1, got '3'"),
    ],
)
def test_bad_sizes_refused(n_in, n_out, error, message):
    with pytest.raises(error, match=re.escape(message)):
        Dense(n_in, n_out, rng=0)


def test_whole_float_and_numpy_sizes_are_sizes():
    assert Dense(2.0, np.int64(3), rng=0).W.shape == (2, 3)


def test_backward_before_forward_refused():
    with pytest.raises(ValueError, match="call forward"):
        Dense(2, 2, rng=0).backward(np.ones((1, 2)))


def test_backward_wrong_gradient_shape_refused():
    layer = Dense(3, 2, rng=0)
    layer.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match=re.escape("dA must have shape (4, 2), got (2, 4)")):
        layer.backward(np.ones((2, 4)))
    with pytest.raises(ValueError, match=re.escape("dZ must have shape (4, 2), got (4,)")):
        layer.backward_z(np.ones(4))


# ---------------------------------------------------------------- from_weights, params, repr


def test_from_weights_validation():
    with pytest.raises(
        ValueError, match=re.escape("W must be 2-D with shape (n_in, n_out), got shape (3,)")
    ):
        Dense.from_weights([1.0, 2.0, 3.0], [0.0])
    with pytest.raises(ValueError, match=re.escape("b must have shape (2,) to match W, got (3,)")):
        Dense.from_weights(np.ones((3, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="W contains NaN"):
        Dense.from_weights([[np.nan]], [0.0])
    with pytest.raises(ValueError, match="unknown activation 'nope'"):
        Dense.from_weights(np.ones((1, 1)), [0.0], activation="nope")


def test_from_weights_copies_its_inputs():
    W = np.array([[1.0, 2.0]])
    b = np.array([0.0, 0.0])
    layer = Dense.from_weights(W, b, "identity")
    W[0, 0] = 100.0
    b[1] = 100.0
    np.testing.assert_array_equal(layer.W, [[1.0, 2.0]])
    np.testing.assert_array_equal(layer.b, [0.0, 0.0])


def test_scalar_bias_for_a_single_output():
    layer = Dense.from_weights([[2.0], [3.0]], 1.0, "identity")
    # 2·1 + 3·1 + 1 = 6
    np.testing.assert_allclose(layer.forward([[1.0, 1.0]]), [[6.0]])


def test_params_are_the_arrays_themselves():
    layer = Dense(2, 3, rng=0)
    W, b = layer.params()
    assert W is layer.W and b is layer.b
    layer.forward(np.ones((2, 2)))
    layer.backward(np.ones((2, 3)))
    dW, db = layer.grads()
    assert dW is layer.dW and db is layer.db


def test_repr_shows_sizes_and_activation():
    r = repr(Dense(3, 5, "tanh", rng=0))
    assert "3" in r and "5" in r and "'tanh'" in r and "(3, 5)" in r
    assert r.startswith("Dense(")


# ------------------------------------------------- a 2 → 2 layer as a map of the plane


def test_grid_lines_shape_and_orientation():
    lines = grid_lines(lim=2.0, n=5, res=11)
    assert lines.shape == (10, 11, 2)
    assert np.allclose(lines[:5, :, 1], lines[:5, :1, 1])  # horizontal: x₂ fixed along a line
    assert np.allclose(lines[5:, :, 0], lines[5:, :1, 0])  # vertical: x₁ fixed
    assert np.allclose(lines[:5, 0, 1], [-2, -1, 0, 1, 2])  # the 5 heights, spacing 4/4
    assert np.allclose(lines[0, :, 0], np.arange(11) * 0.4 - 2)  # along a line: spacing 4/10


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n": 1}, ValueError, "n must be a whole number >= 2, got 1"),
        ({"res": 1}, ValueError, "res must be a whole number >= 2, got 1"),
        ({"n": 3.5}, ValueError, "n must be a whole number >= 2, got 3.5"),
        ({"n": True}, TypeError, "n must be a whole number >= 2, got True"),
        ({"res": "9"}, TypeError, "res must be a whole number >= 2, got '9'"),
        ({"lim": 0.0}, ValueError, "lim must be a finite number > 0, got 0.0"),
        ({"lim": np.inf}, ValueError, "lim must be a finite number > 0, got inf"),
        ({"lim": "2"}, TypeError, "lim must be a finite number > 0, got '2'"),
    ],
)
def test_grid_lines_refuses_bad_input(kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        grid_lines(**kwargs)


def test_grid_lines_and_unit_square_take_numpy_numbers():
    assert grid_lines(np.float32(1.5), np.int64(3), 4.0).shape == (6, 4, 2)
    assert unit_square(np.int64(3)).shape == (12, 2)
    with pytest.raises(ValueError, match=re.escape("res must be a whole number >= 2, got 2.5")):
        unit_square(2.5)


def test_unit_square_outline():
    sq = unit_square(res=5)
    assert sq.shape == (20, 2)
    assert np.all((sq >= 0) & (sq <= 1))
    on_edge = np.isclose(sq, 0) | np.isclose(sq, 1)
    assert np.all(on_edge.any(axis=1))  # every point lies on a side
    assert np.allclose(sq[0], sq[-1])  # closed
    # counter-clockwise: the shoelace area ½ Σ (x₁ᵢ x₂ᵢ₊₁ − x₁ᵢ₊₁ x₂ᵢ) is +1
    x1, x2 = sq[:, 0], sq[:, 1]
    assert np.isclose(0.5 * np.sum(x1 * np.roll(x2, -1) - np.roll(x1, -1) * x2), 1.0)
    with pytest.raises(ValueError, match="res"):
        unit_square(res=1)


def test_warp_lines_is_xw_plus_b_then_f():
    lines = grid_lines(n=3, res=4)
    W = np.array([[1.0, -0.5], [2.0, 0.3]])
    b = np.array([0.1, -0.2])
    Z, A = warp_lines(lines, W, b, "tanh")
    assert Z.shape == A.shape == lines.shape
    x1, x2 = lines[..., 0], lines[..., 1]
    assert np.allclose(Z[..., 0], 1.0 * x1 + 2.0 * x2 + 0.1)  # z₁ = w₁₁x₁ + w₂₁x₂ + b₁
    assert np.allclose(Z[..., 1], -0.5 * x1 + 0.3 * x2 - 0.2)
    assert np.allclose(A, np.tanh(Z))


def test_warp_lines_of_one_point_by_hand():
    # x = (1, 0.5): z = (1·2 + 0.5·0, 1·0 + 0.5·0.5) + (1, 0) = (3, 0.25); ReLU keeps both
    Z, A = warp_lines([[1.0, 0.5]], [[2.0, 0.0], [0.0, 0.5]], [1.0, 0.0], "relu")
    assert np.allclose(Z, [[3.0, 0.25]]) and np.allclose(A, [[3.0, 0.25]])
    # with b = (−1, −1): z = (1, −0.75), and ReLU switches the second one off
    Z, A = warp_lines([1.0, 0.5], [[2.0, 0.0], [0.0, 0.5]], [-1.0, -1.0], "relu")
    assert np.allclose(Z, [1.0, -0.75]) and np.allclose(A, [1.0, 0.0])


def test_linear_step_keeps_lines_straight_the_activation_bends_them():
    lines = grid_lines(n=5, res=9)
    W, b = [[1.0, 0.5], [-0.7, 1.2]], [0.3, -0.4]

    def bent(L):
        d1, d2 = L[:, 1:-1] - L[:, :1], L[:, -1:] - L[:, :1]
        cross = d1[..., 0] * d2[..., 1] - d1[..., 1] * d2[..., 0]
        return np.abs(cross).max()

    Z, A = warp_lines(lines, W, b, "sigmoid")
    assert bent(Z) < 1e-12
    assert bent(A) > 1e-3


def test_linear_step_scales_the_unit_square_by_det_w():
    W = np.array([[2.0, 1.0], [0.5, 1.5]])  # det W = 3 − 0.5 = 2.5
    Z, _ = warp_lines(unit_square(), W, [0.4, -0.3], "identity")
    z1, z2 = Z[:, 0], Z[:, 1]
    area = 0.5 * np.sum(z1 * np.roll(z2, -1) - np.roll(z1, -1) * z2)
    assert np.isclose(area, 2.5)


def test_warp_lines_refuses_bad_shapes():
    with pytest.raises(ValueError, match=r"\(2, 2\)"):
        warp_lines(grid_lines(), np.eye(3), np.zeros(3))
    with pytest.raises(ValueError, match=r"\(\.\.\., 2\)"):
        warp_lines(np.zeros((4, 3)), np.eye(2), np.zeros(2))
    with pytest.raises(ValueError, match="b must have shape"):
        warp_lines(grid_lines(), np.eye(2), np.zeros(3))
    with pytest.raises(ValueError, match="lines contains NaN"):
        warp_lines([[np.nan, 0.0]], np.eye(2), np.zeros(2))


# ---------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    ("W", "b", "error", "message"),
    [
        (
            np.ones((2, 4)),
            np.ones((2, 2)),
            ValueError,
            "b must have shape (4,) to match W, got (2, 2)",
        ),
        (
            np.ones((2, 4)),
            np.ones((4, 1)),
            ValueError,
            "b must have shape (4,) to match W, got (4, 1)",
        ),
        (np.ones((2, 4)), 0.5, ValueError, "b must have shape (4,) to match W, got ()"),
        (
            np.ones((2, 1)),
            [[[0.5]]],
            ValueError,
            "b must have shape (1,) to match W, got (1, 1, 1)",
        ),
        (np.ones((2, 2)), "0.5", TypeError, "b must hold numbers, got np.str_('0.5')"),
        (np.ones((2, 2)), [1j, 0.0], TypeError, "b must hold real numbers, got complex values"),
        (
            np.ones((0, 4)),
            np.ones(4),
            ValueError,
            "W must have at least 1 row and 1 column, got shape (0, 4)",
        ),
        (
            np.ones((2, 0)),
            np.ones(0),
            ValueError,
            "W must have at least 1 row and 1 column, got shape (2, 0)",
        ),
        ([[1.0, 2.0], [3.0]], [0.0, 0.0], ValueError, "W must be a rectangular array of numbers"),
        ([[np.inf, 0.0]], [0.0, 0.0], ValueError, "W contains infinity"),
    ],
)
def test_from_weights_refuses_hostile_weights(W, b, error, message):
    with pytest.raises(error, match=re.escape(message)):
        Dense.from_weights(W, b)


def test_from_weights_takes_b_as_a_row_but_never_broadcasts():
    layer = Dense.from_weights(np.ones((2, 3)), [[0.1, 0.2, 0.3]], "identity")
    np.testing.assert_array_equal(layer.b, [0.1, 0.2, 0.3])
    assert layer.b.shape == (3,)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_backward_refuses_non_finite_gradients(bad):
    layer = Dense(3, 2, "tanh", rng=0)
    layer.forward(np.ones((4, 3)))
    g = np.ones((4, 2))
    g[1, 1] = bad
    name = "NaN" if np.isnan(bad) else "infinity"
    with pytest.raises(ValueError, match=f"dA contains {name}"):
        layer.backward(g)
    with pytest.raises(ValueError, match=f"dZ contains {name}"):
        layer.backward_z(g)
    with pytest.raises(TypeError, match="dA must hold real numbers"):
        layer.backward(g.astype(complex))


@pytest.mark.parametrize("activation", ALL_ACTIVATIONS)
def test_forward_and_backward_of_huge_values_give_inf_without_a_warning(activation):
    layer = Dense.from_weights(np.full((2, 3), 1e300), np.zeros(3), activation)
    with strict():
        A = layer.forward([[1e300, -1e300], [1e300, 1e300]])  # z: inf − inf = NaN, then inf
        dX = layer.backward(np.full((2, 3), 1e300))
    assert np.isinf(layer.Z[1]).all()  # the overflow is there, documented, and silent
    assert A.shape == (2, 3) and dX.shape == (2, 2)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda layer: layer.forward(np.ones((1, 2)), check_input="no"), "check_input"),
        (lambda layer: layer.backward(np.ones((1, 2)), need_dX="yes"), "need_dX"),
        (lambda layer: layer.backward_z(np.ones((1, 2)), check_input=None), "check_input"),
    ],
)
def test_flags_must_be_true_or_false(call, message):
    layer = Dense(2, 2, rng=0)
    layer.forward(np.ones((1, 2)))
    with pytest.raises(TypeError, match=f"{message} must be True or False"):
        call(layer)


def test_warp_lines_refuses_no_points():
    with pytest.raises(ValueError, match=re.escape("at least one point, got (0, 2)")):
        warp_lines(np.ones((0, 2)), np.eye(2), np.zeros(2))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Dense(10**15, 3, rng=0), "W (n_in, n_out) would hold 3e+15 numbers"),
        (lambda: Dense(3, 10**15, rng=0), "W (n_in, n_out) would hold 3e+15 numbers"),
        (lambda: Dense(10**4, 10**4 + 1, rng=0), "more than the 1e+08 this course allows"),
        (lambda: grid_lines(n=10**15), "grid_lines(lim, n, res) would hold 1.64e+17 numbers"),
        (lambda: grid_lines(res=10**15), "grid_lines(lim, n, res) would hold 3.6e+16 numbers"),
        (lambda: unit_square(10**15), "unit_square(res) would hold 8e+15 numbers"),
    ],
)
def test_sizes_no_machine_can_allocate_are_refused_before_allocating(make, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        make()


@pytest.mark.parametrize(
    ("lines", "W"),
    [
        (np.array([[1e308, -1e308], [1e308, 1e308]]), np.eye(2) + 0.5),
        (np.array([[1.0, 2.0], [3.0, -4.0]]), np.array([[1e308, -1e308], [1e308, -1e308]])),
    ],
)
def test_warp_lines_of_huge_points_or_weights_gives_documented_inf_silently(lines, W):
    with strict():
        Z, A = warp_lines(lines, W, np.zeros(2), "tanh")
    assert np.isinf(Z).any() and np.all(np.abs(A[np.isfinite(Z)]) <= 1)
    assert "inf" in warp_lines.__doc__


@pytest.mark.parametrize("method", ["forward", "backward", "backward_z"])
def test_a_checked_call_runs_its_method_once(method, monkeypatch):
    # A wrapper that counts calls (as lesson 08 counts them) must see one call, not a
    # checked call that calls itself again unchecked.
    layer = Dense(3, 2, "tanh", rng=0)
    X = np.ones((4, 3))
    layer.forward(X)
    calls = []
    original = getattr(Dense, method)

    def counted(self, *args, **kwargs):
        calls.append(method)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Dense, method, counted)
    getattr(layer, method)(X if method == "forward" else np.ones((4, 2)))
    assert calls == [method]
