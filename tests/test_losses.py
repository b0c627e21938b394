"""Losses: values by hand, gradients by central differences, stability at 0 and 1."""

import math
import re

import numpy as np
import pytest
from _helpers import rel_err, strict
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnmath import MLP, activations, losses
from nnmath.gradcheck import numerical_gradient

FAST = settings(max_examples=50, deadline=None)
EPS = 1e-5
TOL = 1e-6


# ---------------------------------------------------------------- hand values


def test_mse_hand_values():
    # errors −0.5 and 1.0 → squares 0.25 + 1 = 1.25, over n = 2 → 0.625
    assert losses.mse.value([[0.5], [2.0]], [[1.0], [1.0]]) == pytest.approx(0.625, rel=1e-15)
    # ∂L/∂ŷ = 2(ŷ − y)/n = [2·(−0.5)/2, 2·1/2] = [−0.5, 1]
    np.testing.assert_allclose(losses.mse.gradient([[0.5], [2.0]], [[1.0], [1.0]]), [[-0.5], [1.0]])


def test_mse_sums_over_outputs_and_means_over_rows():
    # row 1: (1−0)² + (2−0)² = 5; row 2: (0−1)² + (0−0)² = 1 → (5 + 1)/2 = 3
    assert losses.mse([[1.0, 2.0], [0.0, 0.0]], [[0.0, 0.0], [1.0, 0.0]]) == pytest.approx(3.0)


def test_bce_hand_values():
    # −(1/2)[1·ln 0.8 + (1 − 0)·ln(1 − 0.25)] = −(ln 0.8 + ln 0.75)/2
    expected = -(math.log(0.8) + math.log(0.75)) / 2
    assert losses.binary_cross_entropy.value([0.8, 0.25], [1.0, 0.0]) == pytest.approx(expected)
    # ∂L/∂ŷ = (ŷ − y)/(ŷ(1 − ŷ) n): (−0.2)/(0.16·2) = −0.625, 0.25/(0.1875·2) = 2/3
    np.testing.assert_allclose(
        losses.binary_cross_entropy.gradient([0.8, 0.25], [1.0, 0.0]), [-0.625, 2 / 3]
    )


def test_cross_entropy_hand_values():
    P = [[0.7, 0.2, 0.1], [0.1, 0.5, 0.4]]
    # labels 0 and 2 pick 0.7 and 0.4: −(ln 0.7 + ln 0.4)/2
    expected = -(math.log(0.7) + math.log(0.4)) / 2
    assert losses.cross_entropy.value(P, [0, 2]) == pytest.approx(expected)
    # ∂L/∂ŷ = −y/(ŷ n): only the true classes: −1/(0.7·2), −1/(0.4·2) = −1.25
    np.testing.assert_allclose(
        losses.cross_entropy.gradient(P, [0, 2]), [[-1 / 1.4, 0, 0], [0, 0, -1.25]]
    )


def test_one_hot_by_hand():
    np.testing.assert_array_equal(losses.one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])
    np.testing.assert_array_equal(losses.one_hot(np.array([1.0, 0.0]), 2), [[0, 1], [1, 0]])


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ([0, 3], "labels must lie in 0 … 2, got 0 … 3"),
        ([-1, 0], "labels must lie in 0 … 2, got -1 … 0"),
        ([0.5, 1.0], "whole numbers"),
        ([[0, 1]], "labels must be 1-D with shape (n,), got shape (1, 2)"),
    ],
)
def test_one_hot_bad_labels(labels, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        losses.one_hot(labels, 3)


# ---------------------------------------------------------------- gradients vs central differences


def test_mse_gradient_matches_central_differences():
    rng = np.random.default_rng(0)
    y_hat, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    numeric = numerical_gradient(lambda v: losses.mse.value(v, y), y_hat.copy(), EPS)
    assert rel_err(losses.mse.gradient(y_hat, y), numeric) < TOL


def test_bce_gradient_matches_central_differences():
    rng = np.random.default_rng(1)
    y_hat = rng.uniform(0.05, 0.95, (6, 2))
    y = rng.integers(0, 2, (6, 2)).astype(float)
    bce = losses.binary_cross_entropy
    numeric = numerical_gradient(lambda v: bce.value(v, y), y_hat.copy(), EPS)
    assert rel_err(bce.gradient(y_hat, y), numeric) < TOL


@pytest.mark.parametrize("one_hot", [False, True])
def test_cross_entropy_gradient_matches_central_differences(one_hot):
    rng = np.random.default_rng(2)
    y_hat = activations.softmax(rng.normal(size=(5, 4)))
    labels = rng.integers(0, 4, 5)
    y = losses.one_hot(labels, 4) if one_hot else labels
    ce = losses.cross_entropy
    # ∂L/∂ŷᵢⱼ moves one entry alone, off the rows-sum-to-1 simplex that the checked
    # path insists on, so the nudged evaluations skip the check (targets prepared once).
    Y = ce.prepare(y, y_hat.shape)
    numeric = numerical_gradient(lambda v: ce.value(v, Y, check_input=False), y_hat.copy(), EPS)
    assert rel_err(ce.gradient(y_hat, y), numeric) < TOL


def test_fused_softmax_cross_entropy_gradient_is_dL_dZ():
    rng = np.random.default_rng(3)
    Z = rng.normal(size=(5, 4))
    labels = rng.integers(0, 4, 5)
    ce = losses.cross_entropy
    numeric = numerical_gradient(lambda v: ce.value(activations.softmax(v), labels), Z.copy(), EPS)
    assert rel_err(ce.fused_gradient(activations.softmax(Z), labels), numeric) < TOL


def test_fused_sigmoid_bce_gradient_is_dL_dZ():
    rng = np.random.default_rng(4)
    Z = rng.normal(size=(6, 2))
    y = rng.integers(0, 2, (6, 2)).astype(float)
    bce = losses.binary_cross_entropy
    numeric = numerical_gradient(lambda v: bce.value(activations.sigmoid(v), y), Z.copy(), EPS)
    assert rel_err(bce.fused_gradient(activations.sigmoid(Z), y), numeric) < TOL


def test_fused_activation_pairings():
    assert losses.cross_entropy.fused_activation == "softmax"
    assert losses.binary_cross_entropy.fused_activation == "sigmoid"
    assert losses.mse.fused_activation is None


# ---------------------------------------------------------------- properties (hypothesis)

probs = st.floats(0.0, 1.0)


@FAST
@given(st.data())
def test_losses_are_non_negative(data):
    n = data.draw(st.integers(1, 6))
    k = data.draw(st.integers(1, 5))
    y_hat = data.draw(arrays(np.float64, (n, k), elements=st.floats(-1e3, 1e3)))
    y = data.draw(arrays(np.float64, (n, k), elements=st.floats(-1e3, 1e3)))
    assert losses.mse.value(y_hat, y) >= 0
    p = data.draw(arrays(np.float64, (n, k), elements=probs))
    t = data.draw(arrays(np.float64, (n, k), elements=probs))
    with strict():
        assert losses.binary_cross_entropy.value(p, t) >= 0
    z = data.draw(arrays(np.float64, (n, k), elements=st.floats(-50, 50)))
    labels = data.draw(arrays(np.int64, (n,), elements=st.integers(0, k - 1)))
    with strict():
        assert losses.cross_entropy.value(activations.softmax(z), labels) >= 0


@FAST
@given(st.data())
def test_cross_entropy_one_hot_equals_labels(data):
    n = data.draw(st.integers(1, 6))
    k = data.draw(st.integers(2, 5))
    z = data.draw(arrays(np.float64, (n, k), elements=st.floats(-30, 30)))
    labels = data.draw(arrays(np.int64, (n,), elements=st.integers(0, k - 1)))
    P = activations.softmax(z)
    Y = losses.one_hot(labels, k)
    ce = losses.cross_entropy
    assert ce.value(P, Y) == ce.value(P, labels)
    np.testing.assert_array_equal(ce.gradient(P, Y), ce.gradient(P, labels))
    np.testing.assert_array_equal(ce.fused_gradient(P, Y), ce.fused_gradient(P, labels))


@FAST
@given(arrays(np.float64, st.integers(1, 8), elements=st.floats(-1e3, 1e3)))
def test_mse_zero_only_at_the_target(y):
    assert losses.mse.value(y, y) == 0.0
    assert losses.mse.value(y + 1.0, y) == pytest.approx(1.0)  # every error is 1 → mean 1


def test_column_targets_accepted_for_a_single_output():
    y_hat = np.array([[0.2], [0.9], [0.6]])
    y = np.array([0.0, 1.0, 1.0])
    for loss in (losses.mse, losses.binary_cross_entropy):
        assert loss.value(y_hat, y) == loss.value(y_hat, y[:, None])
        np.testing.assert_array_equal(loss.gradient(y_hat, y), loss.gradient(y_hat, y[:, None]))


# ---------------------------------------------------------------- numerical honesty


def test_bce_at_exact_zero_and_one_is_finite_and_silent():
    bce = losses.binary_cross_entropy
    y_hat = np.array([0.0, 1.0, 0.0, 1.0])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    with strict():
        right = bce.value(y_hat[:2], y[:2])
        wrong = bce.value(y_hat, y)
        g = bce.gradient(y_hat, y)
        gf = bce.fused_gradient(y_hat, y)
    assert math.isfinite(wrong) and np.all(np.isfinite(g)) and np.all(np.isfinite(gf))
    assert right == pytest.approx(0.0, abs=1e-9)  # confident and right costs (almost) nothing
    assert wrong > 10 * math.log(2)  # confident and wrong costs far more than a coin flip
    # the gradient pushes ŷ towards y: negative where y = 1, positive where y = 0
    assert g[2] < 0 < g[3]


def test_cross_entropy_at_exact_zero_and_one_is_finite_and_silent():
    ce = losses.cross_entropy
    P = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    with strict():
        right = ce.value(P, [0, 1])
        wrong = ce.value(P, [1, 2])
        g = ce.gradient(P, [1, 2])
    assert right == 0.0
    assert math.isfinite(wrong) and wrong > 10 * math.log(3)
    assert np.all(np.isfinite(g))


def test_cross_entropy_of_a_huge_logit_softmax_is_finite():
    P = activations.softmax(np.array([[1e4, -1e4], [-1e4, 1e4]]))
    with strict():
        value = losses.cross_entropy.value(P, [1, 1])
    assert math.isfinite(value) and value > 0


# ---------------------------------------------------------------- bad input


def test_wrong_number_of_targets():
    with pytest.raises(
        ValueError, match=re.escape("y must have the shape of y_hat (3, 1), got (2,)")
    ):
        losses.mse.value(np.zeros((3, 1)), np.zeros(2))
    with pytest.raises(
        ValueError, match=re.escape("y must have the shape of y_hat (2, 2), got (2, 3)")
    ):
        losses.mse.gradient(np.zeros((2, 2)), np.zeros((2, 3)))
    with pytest.raises(
        ValueError, match=re.escape("y must have the shape of y_hat (4, 1), got (3,)")
    ):
        losses.binary_cross_entropy.value(np.full((4, 1), 0.5), np.zeros(3))


def test_cross_entropy_wrong_labels_or_shape():
    P = np.full((3, 2), 0.5)
    with pytest.raises(ValueError, match="y has 2 labels but y_hat has 3 rows"):
        losses.cross_entropy.value(P, [0, 1])
    with pytest.raises(
        ValueError, match=re.escape("y must have the shape of y_hat (3, 2), got (3, 3)")
    ):
        losses.cross_entropy.value(P, np.eye(3))
    with pytest.raises(
        ValueError, match=re.escape("y_hat must be 2-D with shape (n, k), got shape (3,)")
    ):
        losses.cross_entropy.value(np.full(3, 0.5), [0, 1, 0])
    with pytest.raises(ValueError, match=re.escape("labels must lie in 0 … 1, got 0 … 2")):
        losses.cross_entropy.value(P, [0, 1, 2])


def test_bce_refuses_non_probabilities():
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
        losses.binary_cross_entropy.value([1.5, 0.5], [1.0, 0.0])


@pytest.mark.parametrize("loss", [losses.mse, losses.binary_cross_entropy, losses.cross_entropy])
def test_nan_refused_in_predictions_and_targets(loss):
    P = np.full((2, 2), 0.5)
    bad = P.copy()
    bad[0, 1] = np.nan
    with pytest.raises(ValueError, match="y_hat contains NaN"):
        loss.value(bad, np.eye(2))
    with pytest.raises(ValueError, match="y contains NaN"):
        loss.gradient(P, bad)


def test_nan_labels_refused_by_cross_entropy():
    with pytest.raises(ValueError, match="y contains NaN"):
        losses.cross_entropy.value(np.full((2, 2), 0.5), [0.0, np.nan])


def test_get_by_name_and_unknown():
    assert losses.get("mse") is losses.mse
    assert losses.get(losses.cross_entropy) is losses.cross_entropy
    with pytest.raises(ValueError, match="unknown loss 'hinge'; choose one of"):
        losses.get("hinge")


def test_call_is_value_and_repr():
    y_hat, y = [[0.3], [0.9]], [[0.0], [1.0]]
    assert losses.mse(y_hat, y) == losses.mse.value(y_hat, y)
    assert "cross_entropy" in repr(losses.cross_entropy)


# ---------------------------------------------------------------- one neuron on a grid (lesson 05)


def test_loss_grid_mse_by_hand(line_data):
    x, y = line_data
    ws = np.array([-1.0, 0.5, 2.0])
    bs = np.array([-2.0, 0.0, 1.0, 3.0])
    L = losses.loss_grid(x, y, ws, bs)
    assert L.shape == (4, 3)  # rows are biases, columns weights
    for i, b in enumerate(bs):
        for j, w in enumerate(ws):
            by_hand = np.sum((w * x + b - y) ** 2) / x.size
            assert L[i, j] == pytest.approx(by_hand, rel=1e-13)
            assert L[i, j] == pytest.approx(losses.mse.value(w * x + b, y), rel=1e-15)


def test_loss_grid_bce_by_hand(class_data):
    x, y = class_data
    ws = np.linspace(-2, 3, 4)
    bs = np.linspace(-1, 1, 3)
    L = losses.loss_grid(x, y, ws, bs, loss="binary_cross_entropy", activation="sigmoid")
    assert L.shape == (3, 4)
    for i, b in enumerate(bs):
        for j, w in enumerate(ws):
            p = 1 / (1 + np.exp(-(w * x + b)))
            by_hand = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
            assert L[i, j] == pytest.approx(by_hand, rel=1e-12)


def test_loss_grid_tiny_case_by_hand():
    # x = (0, 1), y = (1, 3); at w = 2, b = 1 the line passes through both: L = 0.
    # w = 0, b = 0: errors −1, −3 → (1 + 9)/2 = 5;  w = 2, b = 0: −1, −1 → (1 + 1)/2 = 1;
    # w = 0, b = 1: 0, −2 → (0 + 4)/2 = 2.
    L = losses.loss_grid([0.0, 1.0], [1.0, 3.0], [0.0, 2.0], [0.0, 1.0])
    np.testing.assert_allclose(L, [[5.0, 1.0], [2.0, 0.0]], atol=1e-15)


def test_loss_grid_bce_is_finite_where_the_sigmoid_saturates():
    # σ(±800) is exactly 1 or 0 in float64: one clip keeps log away from 0, silently.
    with strict():
        L = losses.loss_grid(
            [1.0, -1.0], [1.0, 1.0], [800.0], [0.0], "binary_cross_entropy", "sigmoid"
        )
    # The right sample costs −log(1 − 1e-12) ≈ 0, the wrong one −log(1e-12) = 27.63…
    assert L[0, 0] == pytest.approx(-np.log(losses.EPS) / 2, rel=1e-9)


@pytest.mark.parametrize(
    ("x", "y", "kwargs", "message"),
    [
        (np.zeros((3, 2)), np.zeros(3), {}, "x must be 1-D"),
        (np.zeros(3), np.zeros(4), {}, "y must have the shape of x"),
        (np.zeros(0), np.zeros(0), {}, "at least one sample"),
        (np.array([0.0, np.nan]), np.zeros(2), {}, "x contains NaN"),
        (np.zeros(3), np.zeros(3), {"loss": "cross_entropy"}, "one-output neuron"),
        (np.zeros(3), np.zeros(3), {"loss": "hinge"}, "unknown loss"),
        (np.ones(3), np.ones(3), {"loss": "binary_cross_entropy"}, "probabilities"),
        (np.zeros(3), np.zeros(3), {"activation": "swish"}, "unknown activation"),
        (np.zeros(3), np.zeros(3), {"activation": "softmax"}, "vector"),
    ],
)
def test_loss_grid_rejects_bad_input(x, y, kwargs, message):
    with pytest.raises(ValueError, match=message):
        losses.loss_grid(x, y, [0.0, 2.0], [0.0, 1.0], **kwargs)


def test_loss_grid_rejects_nan_weights():
    with pytest.raises(ValueError, match="ws contains NaN"):
        losses.loss_grid([1.0], [1.0], [np.nan], [0.0])


def _central(f, z, eps=1e-5):
    return (f(z + eps) - f(z - eps)) / (2 * eps)


@pytest.mark.parametrize("y", [0.0, 1.0])
def test_dz_formulas_match_central_differences(y):
    z = np.linspace(-6, 6, 25)

    def mse_of_z(zz):
        return np.array([losses.mse.value([activations.sigmoid(v)], [y]) for v in zz])

    def bce_of_z(zz):
        return np.array(
            [losses.binary_cross_entropy.value([activations.sigmoid(v)], [y]) for v in zz]
        )

    np.testing.assert_allclose(
        losses.mse_sigmoid_dz(z, y), _central(mse_of_z, z), rtol=1e-6, atol=1e-9
    )
    np.testing.assert_allclose(
        losses.bce_sigmoid_dz(z, y), _central(bce_of_z, z), rtol=1e-6, atol=1e-9
    )


def test_squared_error_gradient_vanishes_when_confidently_wrong():
    # y = 1 but z = −8: σ ≈ 0.000335, so 2(σ − 1)σ(1 − σ) ≈ −0.00067 while σ − 1 ≈ −0.99966.
    s = 1 / (1 + np.exp(8.0))
    assert losses.mse_sigmoid_dz(-8.0, 1.0) == pytest.approx(2 * (s - 1) * s * (1 - s))
    assert abs(losses.mse_sigmoid_dz(-8.0, 1.0)) < 1e-3
    assert losses.bce_sigmoid_dz(-8.0, 1.0) == pytest.approx(s - 1)


def test_dz_formulas_refuse_nan():
    with pytest.raises(ValueError, match="z contains NaN"):
        losses.mse_sigmoid_dz([0.0, np.nan], 1.0)
    with pytest.raises(ValueError, match="y contains NaN"):
        losses.bce_sigmoid_dz(0.0, np.nan)


# ------------------------------------------------------------ hostile input (issue 16)


@pytest.mark.parametrize(
    ("loss", "y_hat", "y", "error", "message"),
    [
        # the classic slip: scores before the softmax, which clipping turned into 0 or 27.6
        ("cross_entropy", [[5.0, -3.0]], [0], ValueError, "apply a softmax to the scores first"),
        ("cross_entropy", [[-3.0, 5.0]], [0], ValueError, "probabilities in [0, 1]"),
        ("cross_entropy", [[0.6, 0.6]], [0], ValueError, "summing to 1.2"),
        ("cross_entropy", [[0.5, 0.5]], [[0.0, 2.0]], ValueError, "probabilities in [0, 1]"),
        ("cross_entropy", [[0.5, 0.5]], [[0.0, 0.0]], ValueError, "summing to 0"),
        ("cross_entropy", [[0.5, 0.5]], [2], ValueError, "labels must lie in 0 … 1, got 2 … 2"),
        ("cross_entropy", [[0.5, 0.5]], [0.5], ValueError, "whole numbers 0 … 1, got 0.5"),
        ("binary_cross_entropy", [[0.3], [0.6]], [2, -1], ValueError, "y must be probabilities"),
        ("binary_cross_entropy", [[1.3]], [1], ValueError, "y_hat must be probabilities"),
        ("binary_cross_entropy", [[0.3]], [1 + 2j], TypeError, "y must hold real numbers"),
        ("mse", np.empty((0, 1)), [], ValueError, "n >= 1"),
        ("binary_cross_entropy", np.empty((0, 1)), [], ValueError, "n >= 1"),
        ("cross_entropy", np.empty((0, 2)), [], ValueError, "n >= 1"),
        ("mse", [[1 + 1j]], [1.0], TypeError, "y_hat must hold real numbers"),
        ("mse", [["a"]], [1.0], TypeError, "y_hat must hold numbers"),
        ("mse", [[1.0], [2.0, 3.0]], [1.0, 2.0], ValueError, "rectangular array"),
        ("mse", 0.5, 0.5, ValueError, "n >= 1"),
    ],
)
@pytest.mark.parametrize("method", ["value", "gradient", "fused_gradient"])
def test_losses_refuse_what_would_be_a_plausible_wrong_number(
    loss, y_hat, y, error, message, method
):
    with pytest.raises(error, match=re.escape(message)):
        getattr(losses.get(loss), method)(y_hat, y)


def test_soft_targets_stay_valid():
    assert losses.binary_cross_entropy.value([[0.5]], [0.25]) == pytest.approx(np.log(2))
    P = np.array([[0.25, 0.75]])
    expected = -(0.5 * np.log(0.25) + 0.5 * np.log(0.75))
    assert losses.cross_entropy.value(P, [[0.5, 0.5]]) == pytest.approx(expected)


def test_train_and_backward_refuse_labels_outside_0_1_for_bce():
    net = MLP([2, 3, 1], "tanh", "sigmoid", rng=0)
    X = np.ones((2, 2))
    with pytest.raises(ValueError, match="y must be probabilities"):
        net.loss_and_grads(X, [2, -1], "binary_cross_entropy")
    net.forward(X)
    with pytest.raises(ValueError, match="y must be probabilities"):
        net.backward_loss("binary_cross_entropy", [2, -1])


@pytest.mark.parametrize(
    ("labels", "k", "error", "message"),
    [
        ([0, 1], 2.5, ValueError, "k must be a whole number >= 1, got 2.5"),
        ([0, 1], "2", TypeError, "k must be a whole number"),
        (["a"], 2, TypeError, "labels must hold numbers"),
        ([1e20], 4, ValueError, "labels must lie in 0 … 3, got 1e+20 … 1e+20"),
        ([[0, 1]], 2, ValueError, "labels must be 1-D"),
    ],
)
def test_one_hot_names_what_is_wrong(labels, k, error, message):
    with pytest.raises(error, match=re.escape(message)):
        losses.one_hot(labels, k)


def test_one_hot_takes_numpy_and_whole_float_sizes():
    assert losses.one_hot([1.0], np.int64(2)).tolist() == [[0.0, 1.0]]
    assert losses.one_hot([], 3).shape == (0, 3)


# ---------------------------------------------------------------- cross-entropy from logits


def test_log_softmax_by_hand():
    # z = (0, ln 3): softmax = (1, 3)/4, so log softmax = (ln 1/4, ln 3/4)
    np.testing.assert_allclose(
        losses.log_softmax([0.0, math.log(3.0)]), [math.log(0.25), math.log(0.75)], rtol=1e-14
    )
    # rows are independent: a second row (5, 5) gives ln ½ twice
    out = losses.log_softmax([[0.0, math.log(3.0)], [5.0, 5.0]])
    np.testing.assert_allclose(out[1], [-math.log(2.0)] * 2, rtol=1e-14)


@FAST
@given(arrays(np.float64, (3, 4), elements=st.floats(-30, 30)))
def test_log_softmax_is_log_of_softmax_and_shift_invariant(z):
    out = losses.log_softmax(z)
    np.testing.assert_allclose(out, np.log(activations.softmax(z)), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(np.exp(out).sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(out <= 0)
    np.testing.assert_allclose(losses.log_softmax(z + 17.0), out, atol=1e-12)


def test_log_softmax_where_the_probability_underflows():
    # e^(−800) is 0 in float64, so log(softmax) would be log 0; z − logsumexp(z) is −800:
    # logsumexp(800, 0) = 800 + log(1 + e^(−800)) = 800 exactly in float64.
    with strict():
        out = losses.log_softmax([800.0, 0.0])
    np.testing.assert_array_equal(out, [0.0, -800.0])


def test_cross_entropy_from_logits_by_hand():
    # row 1: logits (0, ln 3), right class 1: −ln(3/4); row 2: (2, 2), class 0: −ln ½ = ln 2
    Z = [[0.0, math.log(3.0)], [2.0, 2.0]]
    L = losses.cross_entropy_from_logits(Z, [1, 0])
    assert L == pytest.approx((-math.log(0.75) + math.log(2.0)) / 2, rel=1e-14)


def test_cross_entropy_from_logits_gives_800_where_the_clipped_probability_gives_27_6():
    Z = np.array([[800.0, 0.0]])
    with strict():
        exact = losses.cross_entropy_from_logits(Z, [1])
        clipped = losses.cross_entropy.value(activations.softmax(Z), [1])
        dZ = losses.cross_entropy_from_logits_dz(Z, [1])
        unfused = losses.cross_entropy.gradient(activations.softmax(Z), [1])
    assert exact == 800.0  # logsumexp(800, 0) − 0
    assert clipped == pytest.approx(-math.log(losses.EPS))  # 27.63: only the clip
    np.testing.assert_array_equal(dZ, [[1.0, -1.0]])  # softmax (1, 0) minus one-hot (0, 1)
    assert unfused[0, 1] == pytest.approx(-1 / losses.EPS)  # −1/ŷ at the clip: −1e12


@FAST
@given(st.data())
def test_cross_entropy_from_logits_equals_the_probability_path_where_nothing_clips(data):
    n, k = data.draw(st.integers(1, 5)), data.draw(st.integers(1, 5))
    Z = data.draw(arrays(np.float64, (n, k), elements=st.floats(-10, 10)))  # e^(−20) > 1e-12
    labels = data.draw(arrays(np.int64, (n,), elements=st.integers(0, k - 1)))
    P = activations.softmax(Z)
    ce = losses.cross_entropy
    L = losses.cross_entropy_from_logits(Z, labels)
    assert L == pytest.approx(ce.value(P, labels), rel=1e-10, abs=1e-12)
    assert L == losses.cross_entropy_from_logits(Z, losses.one_hot(labels, k))
    np.testing.assert_allclose(
        losses.cross_entropy_from_logits_dz(Z, labels), ce.fused_gradient(P, labels), atol=1e-15
    )


@pytest.mark.parametrize("scale", [1.0, 300.0])
@pytest.mark.parametrize("soft", [False, True])
def test_cross_entropy_from_logits_dz_matches_central_differences(scale, soft):
    rng = np.random.default_rng(11)
    Z = scale * rng.normal(size=(4, 3))
    y = rng.dirichlet(np.ones(3), 4) if soft else rng.integers(0, 3, 4)
    numeric = numerical_gradient(lambda v: losses.cross_entropy_from_logits(v, y), Z.copy(), EPS)
    assert rel_err(losses.cross_entropy_from_logits_dz(Z, y), numeric) < TOL


def test_cross_entropy_from_logits_soft_targets_by_hand():
    # logits (0, ln 3) → log-probabilities (ln ¼, ln ¾); target (½, ½)
    L = losses.cross_entropy_from_logits([[0.0, math.log(3.0)]], [[0.5, 0.5]])
    assert L == pytest.approx(-(0.5 * math.log(0.25) + 0.5 * math.log(0.75)), rel=1e-14)


def test_cross_entropy_from_logits_overflow_is_a_silent_inf():
    with strict():
        L = losses.cross_entropy_from_logits([[1e308, -1e308]], [1])
        dZ = losses.cross_entropy_from_logits_dz([[1e308, -1e308]], [1])
        right = losses.cross_entropy_from_logits([[1e308, -1e308]], [0])
    assert L == math.inf and right == 0.0
    np.testing.assert_array_equal(dZ, [[1.0, -1.0]])


@pytest.mark.parametrize(
    ("Z", "y", "error", "message"),
    [
        ([0.0, 1.0], [0], ValueError, "Z must be logits of shape (n, k) with n, k >= 1"),
        (np.empty((0, 2)), [], ValueError, "Z must be logits of shape (n, k)"),
        ([[0.0, np.nan]], [0], ValueError, "Z contains NaN"),
        ([[0.0, np.inf]], [0], ValueError, "Z contains infinity"),
        ([[0.0, 1.0]], [2], ValueError, "labels must lie in 0 … 1"),
        ([[0.0, 1.0]], [0, 1], ValueError, "y has 2 labels but y_hat has 1 rows"),
        ([[0.0, 1.0]], [[0.5, 0.6]], ValueError, "each row of y must sum to 1"),
        ([["a", "b"]], [0], TypeError, "Z must hold numbers"),
    ],
)
@pytest.mark.parametrize(
    "fn", [losses.cross_entropy_from_logits, losses.cross_entropy_from_logits_dz]
)
def test_cross_entropy_from_logits_refuses_bad_input(fn, Z, y, error, message):
    with pytest.raises(error, match=re.escape(message)):
        fn(Z, y)


@pytest.mark.parametrize(
    ("z", "message"),
    [
        (np.zeros((2, 2, 2)), "z must be logits of shape (k,) or (n, k)"),
        (np.empty(0), "z must be logits of shape (k,) or (n, k)"),
        (3.0, "z must be logits of shape (k,) or (n, k)"),
        ([1.0, np.nan], "z contains NaN"),
    ],
)
def test_log_softmax_refuses_bad_input(z, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        losses.log_softmax(z)


def test_log_softmax_unchecked_is_the_same_number_and_check_input_is_a_bool():
    z = np.array([[800.0, 0.0], [1.0, 2.0]])
    np.testing.assert_array_equal(losses.log_softmax(z, check_input=False), losses.log_softmax(z))
    with pytest.raises(TypeError, match="check_input must be True or False"):
        losses.log_softmax(z, check_input="no")
    with pytest.raises(ValueError, match="z contains NaN"):
        losses.log_softmax([1.0, np.nan], check_input=True)
