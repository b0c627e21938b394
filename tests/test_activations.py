"""Activations and their derivatives: hand values, central differences, identities, stability."""

import math
import re

import numpy as np
import pytest
from _helpers import rel_err, strict
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnmath import activations as act
from nnmath.gradcheck import numerical_gradient

FAST = settings(max_examples=50, deadline=None)
EPS = 1e-5
TOL = 1e-6


def away_from_zero(rng, shape, margin=0.1):
    """Random z with |z| ≥ margin, so ReLU's kink is never inside a finite difference."""
    z = rng.normal(0.0, 2.0, shape)
    return np.sign(z) * (np.abs(z) + margin)


finite = st.floats(-50, 50, allow_nan=False, allow_infinity=False)


# ---------------------------------------------------------------- hand values


def test_sigmoid_hand_values():
    # σ(0) = 1/(1+1) = 1/2;  σ(ln 3) = 1/(1 + 1/3) = 3/4;  σ(−ln 3) = 1/(1+3) = 1/4
    np.testing.assert_allclose(
        act.sigmoid([0.0, math.log(3), -math.log(3)]), [0.5, 0.75, 0.25], rtol=1e-14
    )


def test_relu_tanh_identity_hand_values():
    np.testing.assert_array_equal(act.relu([-2.0, 0.0, 3.5]), [0.0, 0.0, 3.5])
    # tanh(ln 2) = (2 − 1/2) / (2 + 1/2) = 1.5 / 2.5 = 0.6
    assert act.tanh(math.log(2)) == pytest.approx(0.6, rel=1e-14)
    np.testing.assert_array_equal(act.identity([[-1.5, 2.0]]), [[-1.5, 2.0]])


def test_softmax_hand_values():
    # e^0, e^(ln 2), e^(ln 3) = 1, 2, 3; divided by their sum 6
    z = np.array([0.0, math.log(2), math.log(3)])
    np.testing.assert_allclose(act.softmax(z), [1 / 6, 2 / 6, 3 / 6], rtol=1e-14)
    # a batch: every row on its own; second row e^0, e^0 → 1/2, 1/2
    Z = np.array([[0.0, math.log(3)], [5.0, 5.0]])
    np.testing.assert_allclose(act.softmax(Z), [[0.25, 0.75], [0.5, 0.5]], rtol=1e-14)


def test_derivative_hand_values():
    # σ′(ln 3) = σ(1 − σ) = 3/4 · 1/4 = 3/16
    assert act.sigmoid_prime(math.log(3)) == pytest.approx(3 / 16, rel=1e-14)
    # tanh′(ln 2) = 1 − 0.6² = 0.64
    assert act.tanh_prime(math.log(2)) == pytest.approx(0.64, rel=1e-14)
    # ReLU′ is 0 left of 0, 1 right of 0, and 0 at 0 by our convention
    np.testing.assert_array_equal(act.relu_prime([-1.0, 0.0, 2.0]), [0.0, 0.0, 1.0])
    z = np.array([[-3.0, 0.0], [7.0, 1e-300]])
    np.testing.assert_array_equal(act.identity_prime(z), np.ones((2, 2)))


def test_softmax_jacobian_hand_values():
    # z = (0, ln 3) → a = (1/4, 3/4); J = [[a0(1−a0), −a0 a1], [−a1 a0, a1(1−a1)]]
    #   = [[3/16, −3/16], [−3/16, 3/16]]
    J = act.softmax_prime([0.0, math.log(3)])
    np.testing.assert_allclose(J, np.array([[3, -3], [-3, 3]]) / 16, rtol=1e-13)


# ---------------------------------------------------------- derivatives vs central differences


@pytest.mark.parametrize("name", ["sigmoid", "relu", "tanh", "identity"])
def test_elementwise_derivative_matches_central_differences(name):
    f, f_prime = act.ACTIVATIONS[name]
    z = away_from_zero(np.random.default_rng(0), (4, 5))
    # f acts entrywise, so ∂(Σ f(z))/∂zᵢ = f′(zᵢ)
    numeric = numerical_gradient(lambda v: f(v).sum(), z.copy(), EPS)
    assert rel_err(f_prime(z), numeric) < TOL


@pytest.mark.parametrize("name", ["sigmoid", "relu", "tanh", "identity"])
def test_output_derivatives_match_central_differences(name):
    """OUTPUT_DERIVATIVES[name](a) takes a = f(z) and must equal f′(z)."""
    f, _ = act.ACTIVATIONS[name]
    z = away_from_zero(np.random.default_rng(1), (3, 4))
    numeric = numerical_gradient(lambda v: f(v).sum(), z.copy(), EPS)
    assert rel_err(act.OUTPUT_DERIVATIVES[name](f(z)), numeric) < TOL


def test_output_derivatives_cover_every_elementwise_activation():
    assert set(act.OUTPUT_DERIVATIVES) == set(act.ACTIVATIONS) - {"softmax"}


@pytest.mark.parametrize("shape", [(4,), (3, 5)])
def test_softmax_prime_is_the_jacobian(shape):
    z = np.random.default_rng(2).normal(0.0, 1.5, shape)
    J = act.softmax_prime(z)
    k = shape[-1]
    assert J.shape == (*shape, k)
    for row in np.ndindex(shape[:-1]):  # one sample at a time
        zr = z[row].copy()
        for i in range(k):
            # row i of the Jacobian is the gradient of the i-th output
            numeric = numerical_gradient(lambda v, i=i: act.softmax(v)[i], zr, EPS)
            assert rel_err(J[row][i], numeric) < TOL


def test_softmax_backward_is_a_vector_jacobian_product():
    rng = np.random.default_rng(3)
    Z = rng.normal(0.0, 1.5, (4, 6))
    dA = rng.normal(size=(4, 6))
    A = act.softmax(Z)
    got = act.softmax_backward(A, dA)
    # L = Σ dA ⊙ softmax(Z) has ∂L/∂Z equal to the VJP
    numeric = numerical_gradient(lambda v: np.sum(dA * act.softmax(v)), Z.copy(), EPS)
    assert rel_err(got, numeric) < TOL
    # and it is the same as multiplying by the full Jacobian, row by row
    via_jacobian = np.einsum("ni,nij->nj", dA, act.softmax_prime(Z))
    np.testing.assert_allclose(got, via_jacobian, rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------- lookup


def test_get_returns_the_pair():
    assert act.get("tanh") == (act.tanh, act.tanh_prime)
    assert act.get("softmax") == (act.softmax, act.softmax_prime)


@pytest.mark.parametrize("bad", ["swish", "Sigmoid", None, ["relu"]])
def test_get_unknown_name_raises_with_choices(bad):
    with pytest.raises(ValueError, match=r"unknown activation .*choose one of .*'relu'"):
        act.get(bad)


def test_get_message_names_the_bad_activation():
    with pytest.raises(ValueError, match="'swish'"):
        act.get("swish")


# ---------------------------------------------------------------- identities (hypothesis)


@FAST
@given(
    arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 6)), elements=finite),
    st.floats(-100, 100),
)
def test_softmax_rows_sum_to_one_and_shift_invariance(z, c0):
    a = act.softmax(z)
    assert a.shape == z.shape
    assert np.all(a >= 0)
    np.testing.assert_allclose(a.sum(axis=1), 1.0, rtol=1e-12)
    # a different constant per row: c0, c0 + 3, c0 + 6, …
    c = c0 + np.arange(z.shape[0])[:, None] * 3.0
    np.testing.assert_allclose(act.softmax(z + c), a, rtol=1e-9, atol=1e-12)


@FAST
@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-700, 700)))
def test_sigmoid_symmetry(z):
    # σ(−z) = 1 − σ(z)
    np.testing.assert_allclose(act.sigmoid(-z), 1.0 - act.sigmoid(z), rtol=1e-12, atol=1e-15)


@FAST
@given(arrays(np.float64, st.integers(1, 20), elements=finite))
def test_tanh_is_a_rescaled_sigmoid(z):
    # tanh(z) = 2σ(2z) − 1
    np.testing.assert_allclose(act.tanh(z), 2.0 * act.sigmoid(2.0 * z) - 1.0, atol=1e-14)


@FAST
@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e6, 1e6)))
def test_relu_odd_part_is_identity(z):
    # relu(z) − relu(−z) = z
    np.testing.assert_array_equal(act.relu(z) - act.relu(-z), z)
    assert np.all(act.relu(z) >= 0)


@FAST
@given(arrays(np.float64, st.integers(1, 20), elements=finite))
def test_sigmoid_prime_formula(z):
    s = act.sigmoid(z)
    np.testing.assert_allclose(act.sigmoid_prime(z), s * (1 - s), atol=1e-16)
    assert np.all(act.sigmoid_prime(z) <= 0.25)


# ---------------------------------------------------------------- numerical honesty


def test_sigmoid_of_huge_inputs_is_finite_and_silent():
    with strict():
        s = act.sigmoid(np.array([1e4, -1e4, 1e308, -1e308]))
        ds = act.sigmoid_prime(np.array([1e4, -1e4]))
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(ds))
    np.testing.assert_array_equal(s, [1.0, 0.0, 1.0, 0.0])
    np.testing.assert_array_equal(ds, [0.0, 0.0])


def test_softmax_of_huge_logits_is_finite_and_silent():
    with strict():
        a = act.softmax(np.array([[1e4, -1e4, 0.0], [1e4, 1e4, -1e4], [-1e4, -1e4, -1e4]]))
        J = act.softmax_prime(np.array([1e4, -1e4]))
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(J))
    np.testing.assert_allclose(a, [[1, 0, 0], [0.5, 0.5, 0], [1 / 3, 1 / 3, 1 / 3]], atol=1e-15)


def test_tanh_of_huge_inputs():
    with strict():
        t = act.tanh([1e4, -1e4])
        dt = act.tanh_prime([1e4, -1e4])
    np.testing.assert_array_equal(t, [1.0, -1.0])
    np.testing.assert_array_equal(dt, [0.0, 0.0])


def test_activations_accept_lists_and_scalars():
    assert act.sigmoid(0) == 0.5
    assert act.relu(-3) == 0.0
    assert act.sigmoid([0, 0]).dtype == np.float64


# ------------------------------------------------- scalar activations: tangent and saturation


def test_get_scalar_returns_the_pair_and_refuses_softmax():
    assert act.get_scalar("tanh") == (act.tanh, act.tanh_prime)
    assert set(act.SCALAR_ACTIVATIONS) == set(act.ACTIVATIONS) - {"softmax"}
    with pytest.raises(ValueError, match="vector"):
        act.get_scalar("softmax")
    with pytest.raises(ValueError, match="unknown activation"):
        act.get_scalar("swish")


@pytest.mark.parametrize("z0", [-2.0, 0.0, 1.0, 3.5])
def test_tangent_line_of_sigmoid_by_hand(z0):
    zs, ys = act.tangent_line("sigmoid", z0, half_width=1.0)
    s = 1.0 / (1.0 + math.exp(-z0))
    np.testing.assert_allclose(zs, [z0 - 1.0, z0 + 1.0])
    # y = σ(z₀) + σ(z₀)(1 − σ(z₀))(z − z₀): at z₀ ± 1 the slope times ±1
    np.testing.assert_allclose(ys, [s - s * (1 - s), s + s * (1 - s)], rtol=1e-12)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity"])
def test_tangent_slope_matches_central_difference(name):
    f, _ = act.ACTIVATIONS[name]
    z0 = 0.7
    zs, ys = act.tangent_line(name, z0)
    slope = (ys[1] - ys[0]) / (zs[1] - zs[0])
    assert slope == pytest.approx((f(z0 + EPS) - f(z0 - EPS)) / (2 * EPS), rel=TOL)
    assert np.mean(ys) == pytest.approx(f(z0))  # the segment is centred on the curve's point


def test_tangent_line_refuses_softmax_unknown_bad_point_and_bad_width():
    with pytest.raises(ValueError, match="vector"):
        act.tangent_line("softmax", 0.0)
    with pytest.raises(ValueError, match="unknown activation"):
        act.tangent_line("swish", 0.0)
    with pytest.raises(ValueError, match="half_width"):
        act.tangent_line("tanh", 0.0, half_width=0.0)
    with pytest.raises(TypeError, match=re.escape("z0 must be a finite number, got [0.0, 1.0]")):
        act.tangent_line("tanh", [0.0, 1.0])
    with pytest.raises(ValueError, match="z0 must be a finite number, got nan"):
        act.tangent_line("tanh", np.nan)


def test_saturation_threshold_by_hand():
    # σ′ = σ(1 − σ) = 0.05  ⇒  σ = (1 + √0.8)/2  ⇒  z = ln(σ / (1 − σ))
    s = (1 + math.sqrt(0.8)) / 2
    assert act.saturation_threshold("sigmoid", 0.05) == pytest.approx(
        math.log(s / (1 - s)), abs=1e-3
    )
    # tanh′ = 1 − tanh² = 0.05  ⇒  z = artanh(√0.95)
    assert act.saturation_threshold("tanh", 0.05) == pytest.approx(
        math.atanh(math.sqrt(0.95)), abs=1e-3
    )
    # a looser threshold saturates sooner: σ′ = 0.2  ⇒  σ = (1 + √0.2)/2
    s = (1 + math.sqrt(0.2)) / 2
    assert act.saturation_threshold("sigmoid", 0.2) == pytest.approx(
        math.log(s / (1 - s)), abs=1e-3
    )
    assert act.saturation_threshold("relu") == np.inf  # slope 1 for every z > 0
    assert act.saturation_threshold("identity") == np.inf
    # every slope is below 1.5 (σ′ ≤ ¼, tanh′ ≤ 1): saturated from z = 0 on
    assert act.saturation_threshold("tanh", 1.5) == 0.0
    # σ′(2) ≈ 0.105 is still above 0.05: a search that stops at 2 never finds the threshold
    assert act.saturation_threshold("sigmoid", 0.05, zlim=2.0) == np.inf


def test_saturation_threshold_refuses_bad_input():
    with pytest.raises(ValueError, match="vector"):
        act.saturation_threshold("softmax")
    with pytest.raises(
        ValueError, match=re.escape("threshold must be a finite number > 0, got 0.0")
    ):
        act.saturation_threshold("sigmoid", 0.0)
    with pytest.raises(ValueError, match="zlim"):
        act.saturation_threshold("sigmoid", 0.05, zlim=-1.0)


# ---------------------------------------------------------------- hostile input

ELEMENTWISE = [f for name in act.SCALAR_ACTIVATIONS for f in act.ACTIVATIONS[name]]
EVERY = [*ELEMENTWISE, act.softmax, act.softmax_prime]


@pytest.mark.parametrize("f", EVERY, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("z", "error", "message"),
    [
        (1 + 5j, TypeError, "z must hold real numbers, got complex values"),
        ([1.0, 2 + 1j], TypeError, "z must hold real numbers, got complex values"),
        ("1.5", TypeError, "z must hold numbers, got np.str_('1.5')"),
        (None, TypeError, "z must hold numbers, got None"),
        ([1.0, None], TypeError, "z must hold numbers"),
        ([[1.0, 2.0], [3.0]], ValueError, "z must be a rectangular array of numbers"),
    ],
)
def test_every_activation_refuses_what_is_not_real_numbers(f, z, error, message):
    with pytest.raises(error, match=re.escape(message)):
        f(z)


@pytest.mark.parametrize("f", ELEMENTWISE, ids=lambda f: f.__name__)
def test_elementwise_functions_keep_nan_and_take_the_limit_at_inf(f):
    with strict():
        out = f(np.array([np.nan, np.inf, -np.inf]))
    assert np.isnan(out[0])
    want = {
        "sigmoid": [1.0, 0.0],
        "sigmoid_prime": [0.0, 0.0],
        "relu": [np.inf, 0.0],
        "relu_prime": [1.0, 0.0],
        "tanh": [1.0, -1.0],
        "tanh_prime": [0.0, 0.0],
        "identity": [np.inf, -np.inf],
        "identity_prime": [1.0, 1.0],
    }[f.__name__]
    np.testing.assert_array_equal(out[1:], want)


@pytest.mark.parametrize("f", ELEMENTWISE, ids=lambda f: f.__name__)
def test_elementwise_functions_keep_shapes_and_scalar_results(f):
    z = np.array([[-1.0, 0.5], [2.0, 0.0]])
    assert f(z).shape == (2, 2) and f(z).dtype == np.float64
    assert np.ndim(f(0.5)) == 0
    assert f(np.array([1, 2])).dtype == np.float64  # ints are numbers too
    assert f(np.float32(0.5)) == pytest.approx(f(0.5))


def test_a_float64_array_is_not_copied_on_the_way_in():
    # The training loop calls these on every layer: the check must not be a pass.
    z = np.ones((3, 4))
    assert act.identity(z) is z


@pytest.mark.parametrize(
    ("z", "want"),
    [
        ([np.inf, 0.0], [1.0, 0.0]),
        ([np.inf, np.inf, 0.0], [0.5, 0.5, 0.0]),
        ([-np.inf, 0.0], [0.0, 1.0]),
        ([1e308, -1e308], [1.0, 0.0]),
        ([-1e308, 1e308, 0.0], [0.0, 1.0, 0.0]),
    ],
)
def test_softmax_of_infinite_or_extreme_logits_is_the_limit_without_a_warning(z, want):
    with strict():
        np.testing.assert_array_equal(act.softmax(z), want)


def test_softmax_rows_with_nan_or_only_minus_inf_are_nan_and_the_others_exact():
    z = np.array([[np.nan, 1.0], [-np.inf, -np.inf], [np.inf, 1.0], [0.0, 0.0]])
    with strict():
        a = act.softmax(z)
        J = act.softmax_prime(z)
    assert np.all(np.isnan(a[:2])) and np.all(np.isnan(J[:2]))
    np.testing.assert_array_equal(a[2:], [[1.0, 0.0], [0.5, 0.5]])


@pytest.mark.parametrize("f", [act.softmax, act.softmax_prime], ids=lambda f: f.__name__)
@pytest.mark.parametrize(("z", "shape"), [(3.0, "()"), ([], "(0,)"), (np.ones((0, 3)), "(0, 3)")])
def test_softmax_needs_a_row_of_logits(f, z, shape):
    with pytest.raises(
        ValueError,
        match=re.escape(f"at least one row of logits, shape (k,) or (n, k), got shape {shape}"),
    ):
        f(z)


@pytest.mark.parametrize(
    ("a", "da", "message"),
    [
        (np.full((2, 3), 1 / 3), 1.0, "da must have the shape of a, (2, 3), got ()"),
        (
            np.full((2, 3), 1 / 3),
            np.ones((2, 1)),
            "da must have the shape of a, (2, 3), got (2, 1)",
        ),
        (np.full((2, 3), 1 / 3), np.ones(3), "da must have the shape of a, (2, 3), got (3,)"),
        (0.5, 0.5, "a must be softmax rows of shape (k,) or (n, k), got shape ()"),
        (np.ones((0, 3)), np.ones((0, 3)), "a must be softmax rows"),
    ],
)
def test_softmax_backward_refuses_a_broadcast(a, da, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        act.softmax_backward(a, da)


def test_softmax_backward_refuses_complex():
    a = np.full((1, 2), 0.5)
    with pytest.raises(TypeError, match="da must hold real numbers"):
        act.softmax_backward(a, [[1j, 0.0]])


@pytest.mark.parametrize(
    ("a", "da", "message"),
    [
        ([[np.nan, 0.5]], [[1.0, 0.0]], "a contains NaN"),
        ([[np.inf, 0.5]], [[1.0, 0.0]], "a contains infinity"),
        ([[-np.inf, 0.5]], [[1.0, 0.0]], "a contains infinity"),
        ([[0.5, 0.5]], [[np.nan, 0.0]], "da contains NaN"),
        ([[0.5, 0.5]], [[np.inf, 0.0]], "da contains infinity"),
        ([[0.5, 0.5]], [[0.0, -np.inf]], "da contains infinity"),
        ([np.nan], [1.0], "a contains NaN"),
        (np.full((1, 2, 1), 0.5), np.ones((1, 2, 1)), "a must be softmax rows of shape (k,)"),
    ],
)
def test_softmax_backward_is_not_element_wise_and_refuses_nan_and_inf(a, da, message):
    # Σⱼ dAⱼ Aⱼ mixes a row: one NaN would spoil every entry of it, silently.
    with pytest.raises(ValueError, match=re.escape(message)):
        act.softmax_backward(a, da)


def test_softmax_backward_of_a_huge_gradient_is_finite_or_documented_inf_and_silent():
    a = np.array([[0.25, 0.75]])
    with strict():
        dz = act.softmax_backward(a, [[1e308, -1e308]])
        np.testing.assert_allclose(dz, [[0.375e308, -0.375e308]])  # a(da − Σ da a), by hand
        far = act.softmax_backward([[1e-4, 1 - 1e-4]], [[1.7e308, -1.7e308]])
    assert far[0, 0] == np.inf  # 1.7e308 + 1.7e308 overflows, as the docstring says
    assert "inf" in act.softmax_backward.__doc__


def test_softmax_backward_without_checks_keeps_nan_for_dense_backward():
    # Dense.backward has checked dA and passes its cached A, NaN where forward broke.
    a = np.array([[np.nan, 0.5]])
    assert np.all(np.isnan(act.softmax_backward(a, np.ones((1, 2)), check_input=False)))
    with pytest.raises(TypeError, match="check_input must be True or False, got 0"):
        act.softmax_backward(a, np.ones((1, 2)), check_input=0)


@pytest.mark.parametrize("z", [np.ones((1, 3, 1)), np.ones((2, 2, 3))])
def test_softmax_prime_refuses_extra_axes(z):
    with pytest.raises(
        ValueError, match=re.escape(f"z must have shape (k,) or (n, k), got shape {z.shape}")
    ):
        act.softmax_prime(z)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"half_width": np.inf}, ValueError, "half_width must be a finite number > 0, got inf"),
        ({"half_width": "1"}, TypeError, "half_width must be a finite number > 0, got '1'"),
        ({"half_width": True}, TypeError, "half_width must be a finite number > 0, got True"),
        ({"z0": np.inf}, ValueError, "z0 must be a finite number, got inf"),
        ({"z0": 1j}, TypeError, "z0 must be a finite number, got 1j (complex)"),
        ({"z0": True}, TypeError, "z0 must be a finite number, got True (bool)"),
        ({"z0": np.bool_(False)}, TypeError, "z0 must be a finite number, got np.False_"),
        ({"z0": "0.5"}, TypeError, "z0 must be a finite number, got '0.5' (str)"),
        ({"z0": [0.5]}, TypeError, "z0 must be a finite number, got [0.5] (list)"),
        ({"z0": 1e308, "half_width": 1e308}, ValueError, "z0 ± half_width must be finite numbers"),
    ],
)
def test_tangent_line_refuses_hostile_numbers(kwargs, error, message):
    args = {"name": "relu", "z0": 0.0, **kwargs}
    with pytest.raises(error, match=re.escape(message)):
        act.tangent_line(**args)


def test_tangent_line_takes_numpy_scalars_and_extreme_points_silently():
    with strict():
        zs, ys = act.tangent_line("relu", 1e308, np.float32(1e30))
        assert np.all(np.isfinite(ys))
        zs, ys = act.tangent_line("sigmoid", np.float64(-3.0), np.float32(0.5))
    np.testing.assert_allclose(zs, [-3.5, -2.5])
    for z0 in (np.array(-3.0), np.int64(-3), -3):  # a 0-d array and ints are numbers too
        np.testing.assert_array_equal(act.tangent_line("sigmoid", z0, 0.5)[0], zs)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"threshold": np.nan}, ValueError, "threshold must be a finite number > 0, got nan"),
        ({"threshold": "0.05"}, TypeError, "threshold must be a finite number > 0, got '0.05'"),
        ({"zlim": np.inf}, ValueError, "zlim must be a finite number > 0, got inf"),
        ({"zlim": None}, TypeError, "zlim must be a finite number > 0, got None"),
    ],
)
def test_saturation_threshold_refuses_hostile_numbers(kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        act.saturation_threshold("sigmoid", **kwargs)


def test_saturation_threshold_of_a_huge_window_is_finite_and_silent():
    with strict():
        assert np.isfinite(act.saturation_threshold("tanh", np.float32(0.05), 1e308))


@pytest.mark.parametrize("bad", [np.array(["softmax"]), ["softmax"], 3])
def test_get_scalar_refuses_names_that_are_not_strings(bad):
    with pytest.raises(ValueError, match="unknown activation"):
        act.get_scalar(bad)


def test_unchecked_softmax_is_the_same_softmax_for_finite_logits():
    # Dense.forward's path: the same numbers to the last bit, only the +inf limit is given up.
    z = np.random.default_rng(0).normal(scale=30.0, size=(50, 7))
    np.testing.assert_array_equal(act.softmax(z, check_input=False), act.softmax(z))
    with np.errstate(invalid="ignore"):
        assert np.isnan(act.softmax(np.array([[np.inf, 0.0]]), check_input=False)).all()
