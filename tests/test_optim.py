"""SGD updates computed by hand, and gradient descent on a 2-D bowl."""

import re

import numpy as np
import pytest
from _helpers import strict

from nnmath import SGD
from nnmath.optim import descend


def bowl_grad(x):
    """∇f for f(x) = x₁² + 10 x₂²: (2 x₁, 20 x₂). Stable for η < 2/20 = 0.1."""
    return np.array([2.0 * x[0], 20.0 * x[1]])


def bowl(path):
    return path[:, 0] ** 2 + 10.0 * path[:, 1] ** 2


# ---------------------------------------------------------------- SGD


def test_plain_sgd_step_by_hand():
    w = np.array([1.0, -2.0])
    g = np.array([0.5, 4.0])
    same = w
    SGD(0.1).step([w], [g])
    # w − η g = [1 − 0.1·0.5, −2 − 0.1·4] = [0.95, −2.4]
    np.testing.assert_array_equal(w, [1.0 - 0.1 * 0.5, -2.0 - 0.1 * 4.0])
    assert same is w  # updated in place: the layer sees the new weights
    np.testing.assert_array_equal(g, [0.5, 4.0])  # the gradient is left alone


def test_momentum_two_steps_by_hand():
    w = np.array([1.0, 2.0])
    g = np.array([1.0, -1.0])
    opt = SGD(0.1, momentum=0.9)
    opt.step([w], [g])
    # v₁ = 0.9·0 − 0.1·g = [−0.1, 0.1];  w₁ = [0.9, 2.1]
    np.testing.assert_allclose(opt.velocity[0], [-0.1, 0.1], rtol=1e-15)
    np.testing.assert_allclose(w, [0.9, 2.1], rtol=1e-15)
    opt.step([w], [g])
    # v₂ = 0.9·v₁ − 0.1·g = [−0.09 − 0.1, 0.09 + 0.1] = [−0.19, 0.19];  w₂ = [0.71, 2.29]
    np.testing.assert_allclose(opt.velocity[0], [-0.19, 0.19], rtol=1e-14)
    np.testing.assert_allclose(w, [0.71, 2.29], rtol=1e-14)


def test_weight_decay_by_hand():
    w = np.array([2.0, -1.0])
    g = np.array([1.0, 0.0])
    SGD(0.1, weight_decay=0.5).step([w], [g])
    # g + λw = [1 + 0.5·2, 0 + 0.5·(−1)] = [2, −0.5];  w − 0.1·that = [1.8, −0.95]
    np.testing.assert_allclose(w, [1.8, -0.95], rtol=1e-15)
    np.testing.assert_array_equal(g, [1.0, 0.0])


def test_weight_decay_with_momentum_by_hand():
    w = np.array([1.0])
    opt = SGD(0.5, momentum=0.5, weight_decay=1.0)
    opt.step([w], [np.array([0.0])])
    # v₁ = −0.5·(0 + 1·1) = −0.5; w₁ = 0.5
    opt.step([w], [np.array([0.0])])
    # v₂ = 0.5·(−0.5) − 0.5·(0 + 0.5) = −0.5; w₂ = 0
    np.testing.assert_allclose(w, [0.0], atol=1e-15)


def test_several_arrays_of_different_shapes():
    W, b = np.ones((2, 3)), np.zeros(3)
    SGD(0.5).step([W, b], [np.full((2, 3), 2.0), np.array([1.0, -1.0, 0.0])])
    np.testing.assert_array_equal(W, np.zeros((2, 3)))  # 1 − 0.5·2
    np.testing.assert_array_equal(b, [-0.5, 0.5, 0.0])


def test_reset_forgets_the_velocity():
    w = np.array([0.0])
    opt = SGD(1.0, momentum=0.5)
    opt.step([w], [np.array([1.0])])  # v = −1, w = −1
    opt.reset()
    opt.step([w], [np.array([1.0])])  # a fresh start: v = −1 again, not −1.5
    np.testing.assert_allclose(w, [-2.0])


HOSTILE_HYPERPARAMETERS = [
    ({"lr": 0}, ValueError, "lr must be a finite number > 0, got 0"),
    ({"lr": -0.1}, ValueError, "lr must be a finite number > 0, got -0.1"),
    ({"lr": float("nan")}, ValueError, "lr must be a finite number > 0, got nan"),
    ({"lr": float("inf")}, ValueError, "lr must be a finite number > 0, got inf"),
    ({"lr": "0.1"}, TypeError, "lr must be a finite number > 0, got '0.1' (str)"),
    ({"lr": np.array([0.1, 0.2])}, TypeError, "lr must be a finite number > 0, got array("),
    ({"lr": None}, TypeError, "lr must be a finite number > 0, got None"),
    ({"lr": True}, TypeError, "lr must be a finite number > 0, got True"),
    (
        {"lr": 0.1, "momentum": 1.0},
        ValueError,
        "momentum must be a finite number in [0, 1), got 1.0",
    ),
    (
        {"lr": 0.1, "momentum": -0.2},
        ValueError,
        "momentum must be a finite number in [0, 1), got -0.2",
    ),
    (
        {"lr": 0.1, "momentum": float("nan")},
        ValueError,
        "momentum must be a finite number in [0, 1), got nan",
    ),
    (
        {"lr": 0.1, "momentum": "0.9"},
        TypeError,
        "momentum must be a finite number in [0, 1), got '0.9'",
    ),
]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        *HOSTILE_HYPERPARAMETERS,
        (
            {"lr": 0.1, "weight_decay": -1e-3},
            ValueError,
            "weight_decay must be a finite number >= 0, got -0.001",
        ),
        (
            {"lr": 0.1, "weight_decay": float("inf")},
            ValueError,
            "weight_decay must be a finite number >= 0, got inf",
        ),
        (
            {"lr": 0.1, "weight_decay": [0.1]},
            TypeError,
            "weight_decay must be a finite number >= 0, got [0.1]",
        ),
    ],
)
def test_bad_hyperparameters(kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        SGD(**kwargs)


def test_numpy_scalars_are_hyperparameters():
    opt = SGD(np.float32(0.5), momentum=np.float64(0.25), weight_decay=np.int64(0))
    assert (opt.lr, opt.momentum, opt.weight_decay) == (0.5, 0.25, 0.0)
    assert SGD(1e308).lr == 1e308  # huge, but a finite number > 0


def test_mismatched_params_and_grads():
    with pytest.raises(ValueError, match="got 2 parameter arrays but 1 gradients"):
        SGD(0.1).step([np.zeros(2), np.zeros(2)], [np.zeros(2)])
    with pytest.raises(
        ValueError, match=re.escape("grads[0] must have the shape of params[0], (2,), got (3,)")
    ):
        SGD(0.1).step([np.zeros(2)], [np.zeros(3)])


@pytest.mark.parametrize(
    ("params", "grads", "error", "message"),
    [
        ([np.ones(2)], [np.array([np.nan, 1.0])], ValueError, "grads[0] contains NaN"),
        (
            [np.ones(2), np.ones(1)],
            [np.ones(2), [np.inf]],
            ValueError,
            "grads[1] contains infinity",
        ),
        ([np.ones(2)], [[1j, 0.0]], TypeError, "grads[0] must hold real numbers"),
        ([np.ones(2)], [["a", "b"]], TypeError, "grads[0] must hold numbers"),
        (
            [np.ones(2)],
            [np.ones((1, 2))],
            ValueError,
            "grads[0] must have the shape of params[0], (2,), got (1, 2)",
        ),
        (
            [np.ones(2)],
            [1.0],
            ValueError,
            "grads[0] must have the shape of params[0], (2,), got ()",
        ),
        ([np.ones(2)], [], ValueError, "got 1 parameter arrays but 0 gradients"),
        ([np.ones(2)], np.ones((1, 2)), TypeError, "grads must be a list of arrays, got array("),
        (np.ones(2), [np.ones(2)], TypeError, "params must be a list of arrays"),
        (
            [[1.0, 2.0]],
            [np.ones(2)],
            TypeError,
            "params[0] must be a float ndarray (it is updated in place), got [1.0, 2.0]",
        ),
        ([np.ones(2, dtype=int)], [np.ones(2)], TypeError, "params[0] must be a float ndarray"),
    ],
)
def test_step_refuses_hostile_gradients_before_touching_the_parameters(
    params, grads, error, message
):
    before = [np.array(p, copy=True) for p in params]
    opt = SGD(0.1, momentum=0.5)
    with pytest.raises(error, match=re.escape(message)):
        opt.step(params, grads)
    for p, b in zip(params, before, strict=True):
        np.testing.assert_array_equal(p, b)  # nothing was updated
    assert opt.velocity is None


def test_step_refuses_parameters_that_its_velocity_was_not_built_for():
    opt = SGD(0.1, momentum=0.9)
    opt.step([np.ones(2)], [np.ones(2)])
    with pytest.raises(
        ValueError, match=re.escape("call reset() before optimizing other parameters")
    ):
        opt.step([np.ones(3)], [np.ones(3)])
    with pytest.raises(ValueError, match="call reset"):
        opt.step([np.ones(2), np.ones(1)], [np.ones(2), np.ones(1)])
    opt.reset()
    opt.step([np.ones(3)], [np.ones(3)])


def test_step_takes_lists_of_numbers_as_gradients():
    w = np.array([1.0, 2.0])
    SGD(0.5).step((w,), ([2, 2],))
    np.testing.assert_array_equal(w, [0.0, 1.0])


def test_step_without_checks_is_the_same_update():
    w1, w2 = np.array([1.0, -2.0]), np.array([1.0, -2.0])
    g = np.array([0.5, 4.0])
    a, b = SGD(0.1, momentum=0.5), SGD(0.1, momentum=0.5)
    for _ in range(3):
        a.step([w1], [g])
        b.step([w2], [g], check_input=False)
    np.testing.assert_array_equal(w1, w2)
    with pytest.raises(TypeError, match="check_input must be True or False"):
        a.step([w1], [g], check_input="no")


def test_repr():
    r = repr(SGD(0.05, momentum=0.9))
    assert "lr=0.05" in r and "momentum=0.9" in r


# ---------------------------------------------------------------- descend


def test_descend_first_step_by_hand():
    path = descend(bowl_grad, [1.0, 1.0], lr=0.01, steps=1)
    # x₁ = x₀ − 0.01·(2, 20) = (0.98, 0.8)
    np.testing.assert_allclose(path, [[1.0, 1.0], [0.98, 0.8]], rtol=1e-15)


def test_descend_follows_the_closed_form():
    # each coordinate shrinks by its own factor per step: (1 − 2η)ᵏ and (1 − 20η)ᵏ
    lr, steps = 0.01, 50
    path = descend(bowl_grad, [1.0, -2.0], lr=lr, steps=steps)
    k = np.arange(steps + 1)
    expected = np.column_stack([(1 - 2 * lr) ** k, -2.0 * (1 - 20 * lr) ** k])
    np.testing.assert_allclose(path, expected, rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("lr", [0.01, 0.05, 0.09])
def test_descend_converges_below_two_over_twenty(lr):
    x0 = np.array([1.0, 1.0])
    with strict():
        path = descend(bowl_grad, x0, lr=lr, steps=1000)
    assert path.shape == (1001, 2)
    np.testing.assert_array_equal(path[0], [1.0, 1.0])
    np.testing.assert_array_equal(x0, [1.0, 1.0])  # the start is not modified
    assert np.linalg.norm(path[-1]) < 1e-6
    assert np.all(np.diff(bowl(path)) <= 0)  # f never goes up


@pytest.mark.parametrize("lr", [0.11, 0.5, 1e100])
def test_descend_diverges_above_two_over_twenty(lr):
    with strict():
        path = descend(bowl_grad, [1.0, 1.0], lr=lr, steps=10_000)
    assert len(path) < 10_001  # stopped early
    assert np.all(np.isfinite(path))  # no NaN or infinity in what is returned
    assert np.linalg.norm(path[-1] - path[0]) > 1e6  # it ran away, and the path shows it


def test_descend_stops_at_the_divergence_radius():
    # x₂ is multiplied by 1 − 20·0.11 = −1.2 each step, so x₂ = (−1.2)ᵏ; k = ln 1e6 / ln 1.2
    # ≈ 75.8: at k = 75 the distance |x₂ − 1| is ≈ 8.7e5, at k = 76 it is ≈ 1.04e6 > 1e6
    path = descend(bowl_grad, [0.0, 1.0], lr=0.11, steps=500)
    assert len(path) == 76 + 1  # x₀ … x₇₆: the first point past 1e6 away is kept
    assert np.linalg.norm(path[-1] - path[0]) > 1e6
    assert np.linalg.norm(path[-2] - path[0]) <= 1e6


def test_descend_with_momentum_two_steps_by_hand():
    path = descend(lambda x: 2.0 * x, [1.0], lr=0.1, steps=2, momentum=0.5)
    # g₀ = 2; v₁ = −0.2; x₁ = 0.8.  g₁ = 1.6; v₂ = 0.5·(−0.2) − 0.16 = −0.26; x₂ = 0.54
    np.testing.assert_allclose(path[:, 0], [1.0, 0.8, 0.54], rtol=1e-14)


def test_descend_momentum_converges_on_the_bowl():
    path = descend(bowl_grad, [1.0, 1.0], lr=0.01, steps=500, momentum=0.9)
    assert np.linalg.norm(path[-1]) < 1e-3


def test_descend_bad_input():
    with pytest.raises(ValueError, match="lr must be a finite number > 0, got 0"):
        descend(bowl_grad, [1.0, 1.0], lr=0, steps=5)
    with pytest.raises(
        ValueError, match=re.escape("momentum must be a finite number in [0, 1), got 1")
    ):
        descend(bowl_grad, [1.0, 1.0], lr=0.1, steps=5, momentum=1)
    with pytest.raises(
        ValueError, match=re.escape("x0 must be 1-D with shape (d,), d ≥ 1, got shape (1, 2)")
    ):
        descend(bowl_grad, [[1.0, 1.0]], lr=0.1, steps=5)
    with pytest.raises(ValueError, match=re.escape("grad_fn must return shape (2,), got (3,)")):
        descend(lambda x: np.zeros(3), [1.0, 1.0], lr=0.1, steps=5)
    with pytest.raises(ValueError, match="x0 contains NaN"):
        descend(bowl_grad, [np.nan, 1.0], lr=0.1, steps=5)


def test_descend_drops_a_non_finite_point():
    with strict():
        path = descend(lambda x: np.array([np.inf, 0.0]), [1.0, 1.0], lr=0.1, steps=5)
    np.testing.assert_array_equal(path, [[1.0, 1.0]])


@pytest.mark.parametrize(
    ("steps", "error", "message"),
    [
        (float("inf"), ValueError, "steps must be a whole number >= 0, got inf"),
        (2.7, ValueError, "steps must be a whole number >= 0, got 2.7"),
        ("5", TypeError, "steps must be a whole number >= 0, got '5'"),
        (-1, ValueError, "steps must be a whole number >= 0, got -1"),
        (True, TypeError, "steps must be a whole number >= 0, got True"),
        (None, TypeError, "steps must be a whole number >= 0, got None"),
    ],
)
def test_descend_refuses_steps_that_are_not_a_count(steps, error, message):
    with pytest.raises(error, match=re.escape(message)):
        descend(bowl_grad, [1.0, 1.0], 0.01, steps)


@pytest.mark.parametrize(("kwargs", "error", "message"), HOSTILE_HYPERPARAMETERS)
def test_descend_refuses_hostile_hyperparameters(kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        descend(bowl_grad, [1.0, 1.0], steps=3, **kwargs)


@pytest.mark.parametrize(
    ("x0", "error", "message"),
    [
        ([], ValueError, "x0 must be 1-D with shape (d,), d ≥ 1, got shape (0,)"),
        (1.0, ValueError, "x0 must be 1-D with shape (d,), d ≥ 1, got shape ()"),
        ([1.0, 1j], TypeError, "x0 must hold real numbers"),
        ("1.0", TypeError, "x0 must hold numbers"),
        ([np.inf, 0.0], ValueError, "x0 contains infinity"),
    ],
)
def test_descend_refuses_hostile_starts(x0, error, message):
    with pytest.raises(error, match=re.escape(message)):
        descend(bowl_grad, x0, 0.01, 3)


def test_descend_refuses_a_gradient_that_is_not_real_or_not_a_function():
    with pytest.raises(TypeError, match="grad_fn must be a function of x, got 3"):
        descend(3, [1.0, 1.0], 0.01, 3)
    with pytest.raises(TypeError, match="grad_fn must return real numbers, got dtype complex128"):
        descend(lambda x: x * 1j, [1.0, 1.0], 0.01, 3)
    with pytest.raises(TypeError, match="grad_fn must return real numbers"):
        descend(lambda x: None, [1.0, 1.0], 0.01, 3)


def test_descend_takes_numpy_numbers_and_zero_steps():
    path = descend(bowl_grad, [1.0, 1.0], np.float32(0.25), np.int64(1), np.float64(0.0))
    np.testing.assert_allclose(path, [[1.0, 1.0], [0.5, -4.0]])
    np.testing.assert_array_equal(descend(bowl_grad, [1.0, 1.0], 0.1, 0), [[1.0, 1.0]])
    assert len(descend(bowl_grad, [1.0, 1.0], 0.01, 3.0)) == 4  # a whole float is a count


@pytest.mark.parametrize(
    ("grad_fn", "error", "message"),
    [
        (lambda x: "a", TypeError, "grad_fn must return real numbers, got dtype <U1"),
        (lambda x: x + 1j, TypeError, "grad_fn must return real numbers, got dtype complex128"),
        (lambda x: np.append(x, 0.0), ValueError, "grad_fn must return shape (2,), got (3,)"),
    ],
)
@pytest.mark.parametrize("steps", [0, 1, 5])
def test_descend_checks_grad_fn_at_x0_even_for_no_steps(grad_fn, error, message, steps):
    with pytest.raises(error, match=re.escape(message)):
        descend(grad_fn, [1.0, 1.0], 0.01, steps)


@pytest.mark.parametrize("steps", [0, 1, 7])
def test_descend_takes_one_gradient_per_step_at_the_points_it_uses(steps):
    seen = []

    def grad(x):
        seen.append(x.copy())
        return bowl_grad(x)

    path = descend(grad, [1.0, 1.0], 0.01, steps)
    assert len(seen) == max(steps, 1)  # ∇f(x0) checks grad_fn; no gradient goes unused
    np.testing.assert_array_equal(np.reshape(seen[: len(path) - 1], (-1, 2)), path[:-1])
