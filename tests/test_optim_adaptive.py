"""RMSProp, Adam, AdamW and the learning-rate schedules, by hand; ``trajectory`` on 2-D bowls."""

import math
import re

import numpy as np
import pytest
from _helpers import strict

from nnmath import optim
from nnmath.optim import SGD, Adam, AdamW, RMSProp, Schedule


def bowl_grad(x):
    """∇f for f(x) = x₁² + 10 x₂²: (2 x₁, 20 x₂)."""
    return np.array([2.0 * x[0], 20.0 * x[1]])


def fresh_optimizers():
    return [SGD(0.1, momentum=0.9), RMSProp(0.1), Adam(0.1), AdamW(0.1)]


# ---------------------------------------------------------------- Adam


def test_adams_first_step_is_minus_lr_times_the_sign_of_g():
    # t = 1: m̂ = g and v̂ = g², so the step is −η g/(|g| + ε): −η sign(g) whatever |g| is
    g = np.array([3.0, -0.001, 250.0, -7e-5])
    w = np.zeros(4)
    Adam(0.1).step([w], [g])
    np.testing.assert_allclose(w, -0.1 * np.sign(g), rtol=2e-4)  # ε/|g| ≤ 1e-8/7e-5
    np.testing.assert_allclose(w, -0.1 * g / (np.abs(g) + 1e-8), rtol=1e-15)


def test_adam_two_steps_by_hand_with_bias_correction():
    # β₁ = β₂ = 0.5, g₁ = 2, g₂ = 4, η = 1, ε tiny:
    # t=1: m = 1, v = 2, m̂ = 1/0.5 = 2, v̂ = 2/0.5 = 4, step −2/2 = −1
    # t=2: m = 0.5·1 + 0.5·4 = 2.5, v = 0.5·2 + 0.5·16 = 9,
    #      m̂ = 2.5/0.75 = 10/3, v̂ = 9/0.75 = 12, step −(10/3)/√12
    opt = Adam(1.0, beta1=0.5, beta2=0.5, eps=1e-300)
    w = np.array([0.0])
    opt.step([w], [np.array([2.0])])
    np.testing.assert_allclose(w, [-1.0], rtol=1e-15)
    np.testing.assert_allclose([opt.m[0][0], opt.v[0][0]], [1.0, 2.0], rtol=1e-15)
    opt.step([w], [np.array([4.0])])
    np.testing.assert_allclose([opt.m[0][0], opt.v[0][0]], [2.5, 9.0], rtol=1e-15)
    assert opt.t == 2
    expected = -1.0 - (10 / 3) / math.sqrt(12)
    np.testing.assert_allclose(w, [expected], rtol=1e-15)
    # the plausible mistakes give other numbers: no correction (−1/√2 − 2.5/3 ≈ −1.54),
    # and β^t instead of 1 − β^t (−1 − (2.5/0.25)/√(9/0.25) ≈ −2.67), against ≈ −1.96
    for wrong in (-1 / math.sqrt(2) - 2.5 / 3, -1.0 - (2.5 / 0.25) / math.sqrt(9 / 0.25)):
        assert abs(w[0] - wrong) > 0.4


def test_adam_l2_weight_decay_adds_lambda_w_to_the_gradient():
    # g + λw = 0 + 0.5·2 = 1: the first step is −η sign(1) = −0.1
    w = np.array([2.0])
    Adam(0.1, weight_decay=0.5).step([w], [np.array([0.0])])
    np.testing.assert_allclose(w, [1.9], rtol=1e-8)  # ε: 0.1·1/(1 + 1e-8)


# ---------------------------------------------------------------- RMSProp


def test_rmsprop_first_step_by_hand():
    # v = (1 − β) g², so the step is −η g/(√(1 − β)|g| + ε) ≈ −η sign(g)/√(1 − β)
    g = np.array([4.0, -0.5])
    w = np.ones(2)
    opt = RMSProp(0.01, beta=0.75)
    opt.step([w], [g])
    np.testing.assert_allclose(opt.v[0], 0.25 * g**2, rtol=1e-15)
    np.testing.assert_allclose(w, 1.0 - 0.01 * g / (0.5 * np.abs(g) + 1e-8), rtol=1e-15)
    assert not hasattr(opt, "m")  # RMSProp keeps v only


def test_rmsprop_equalises_the_step_sizes_of_steep_and_flat_coordinates():
    # One coordinate's gradient is 1000× the other's; SGD's steps differ by 1000×,
    # RMSProp's by the factor (|g| + ε/√(1−βᵗ)) / … only: equal to 1e-6.
    g = np.array([1000.0, 1.0])
    w_rms, w_sgd = np.zeros(2), np.zeros(2)
    rms, sgd = RMSProp(0.01), SGD(0.01)
    for _ in range(50):
        before = w_rms.copy()
        rms.step([w_rms], [g])
        sgd.step([w_sgd], [g])
    rms_step = np.abs(w_rms - before)
    assert rms_step[0] / rms_step[1] == pytest.approx(1.0, rel=1e-6)
    assert abs(w_sgd[0] / w_sgd[1]) == pytest.approx(1000.0)
    # with a constant g, v_t = (1 − βᵗ) g² exactly: the step is η/√(1 − 0.9⁵⁰)
    np.testing.assert_allclose(rms_step, 0.01 / math.sqrt(1 - 0.9**50), rtol=1e-6)


# ---------------------------------------------------------------- AdamW


def test_adamw_is_not_adam_with_l2():
    # A flat loss (g = 0) at w = 1, η = 0.1, λ = 0.1:
    # AdamW: w ← w − ηλw = 0.99; Adam's step on g = 0 is 0 (m = 0)  → 0.99.
    # Adam + L2: g + λw = 0.1 and its first step is −η sign(0.1) = −0.1  → 0.9.
    w_decoupled, w_l2 = np.array([1.0]), np.array([1.0])
    AdamW(0.1, weight_decay=0.1).step([w_decoupled], [np.array([0.0])])
    Adam(0.1, weight_decay=0.1).step([w_l2], [np.array([0.0])])
    np.testing.assert_allclose(w_decoupled, [0.99], rtol=1e-15)
    np.testing.assert_allclose(w_l2, [0.9], rtol=1e-7)


def test_adamw_without_decay_is_adam():
    rng = np.random.default_rng(3)
    a, b = np.ones(5), np.ones(5)
    adam, adamw = Adam(0.05, 0.8, 0.99, 1e-6), AdamW(0.05, (0.8, 0.99), 1e-6, weight_decay=0.0)
    for _ in range(10):
        g = rng.normal(size=5)
        adam.step([a], [g])
        adamw.step([b], [g])
    np.testing.assert_array_equal(a, b)


def test_adamw_decay_uses_the_scheduled_lr():
    w = np.array([1.0])
    opt = AdamW(optim.step_decay(0.5, every=1, gamma=0.5), weight_decay=0.2)
    for _ in range(2):
        opt.step([w], [np.array([0.0])])
    # η₀ = 0.5, η₁ = 0.25: w = (1 − 0.5·0.2)(1 − 0.25·0.2) = 0.9 · 0.95
    np.testing.assert_allclose(w, [0.9 * 0.95], rtol=1e-15)


# ---------------------------------------------------------------- shared behaviour


@pytest.mark.parametrize("make", [RMSProp, Adam, AdamW])
def test_state_is_kept_per_parameter(make):
    rng = np.random.default_rng(5)
    W, b = rng.normal(size=(2, 3)), rng.normal(size=3)
    W1, b1 = W.copy(), b.copy()
    together, alone_W, alone_b = make(0.05), make(0.05), make(0.05)
    for _ in range(4):
        gW, gb = rng.normal(size=(2, 3)), rng.normal(size=3)
        together.step([W, b], [gW, gb])
        alone_W.step([W1], [gW])
        alone_b.step([b1], [gb])
    np.testing.assert_array_equal(W, W1)
    np.testing.assert_array_equal(b, b1)
    assert [s.shape for s in together.v] == [(2, 3), (3,)]
    assert together.t == 4


@pytest.mark.parametrize("opt", fresh_optimizers(), ids=repr)
def test_reset_forgets_the_state_and_restarts_the_clock(opt):
    w, g = np.array([1.0, -1.0]), np.array([0.3, 2.0])
    opt.step([w], [g])
    first = 1.0 - w
    opt.step([w], [g])
    opt.reset()
    assert opt.t == 0
    assert all(getattr(opt, name) is None for name in opt._STATE)
    w = np.array([1.0, -1.0])
    opt.step([w], [g])
    np.testing.assert_array_equal(1.0 - w, first)


@pytest.mark.parametrize("opt", fresh_optimizers(), ids=repr)
@pytest.mark.parametrize(
    ("grads", "error", "message"),
    [
        ([np.array([np.nan, 1.0])], ValueError, "grads[0] contains NaN"),
        ([np.ones(3)], ValueError, "grads[0] must have the shape of params[0], (2,), got (3,)"),
        ([[1j, 0.0]], TypeError, "grads[0] must hold real numbers"),
        ([], ValueError, "got 1 parameter arrays but 0 gradients"),
    ],
)
def test_every_optimizer_refuses_bad_gradients_before_touching_anything(opt, grads, error, message):
    w = np.ones(2)
    with pytest.raises(error, match=re.escape(message)):
        opt.step([w], grads)
    np.testing.assert_array_equal(w, np.ones(2))
    assert opt.t == 0 and getattr(opt, opt._STATE[0]) is None


@pytest.mark.parametrize("opt", fresh_optimizers(), ids=repr)
def test_every_optimizer_refuses_parameters_its_state_was_not_built_for(opt):
    opt.step([np.ones(2)], [np.ones(2)])
    with pytest.raises(ValueError, match=re.escape("call reset() before optimizing other")):
        opt.step([np.ones(3)], [np.ones(3)])
    assert opt.t == 1


@pytest.mark.parametrize(
    ("make", "kwargs", "error", "message"),
    [
        (Adam, {"lr": 0}, ValueError, "lr must be a finite number > 0, got 0"),
        (Adam, {"lr": 0.1, "beta1": 1.0}, ValueError, "beta1 must be a finite number in [0, 1)"),
        (Adam, {"lr": 0.1, "beta2": -0.1}, ValueError, "beta2 must be a finite number in [0, 1)"),
        (Adam, {"lr": 0.1, "eps": 0}, ValueError, "eps must be a finite number > 0, got 0"),
        (Adam, {"lr": 0.1, "weight_decay": -1}, ValueError, "weight_decay must be a finite"),
        (RMSProp, {"lr": 0.1, "beta": 1}, ValueError, "beta must be a finite number in [0, 1)"),
        (RMSProp, {"lr": 0.1, "eps": np.inf}, ValueError, "eps must be a finite number > 0"),
        (RMSProp, {"lr": "0.1"}, TypeError, "lr must be a finite number > 0, got '0.1'"),
        (AdamW, {"lr": 0.1, "betas": 0.9}, TypeError, "betas must be a pair (beta1, beta2)"),
        (AdamW, {"lr": 0.1, "betas": (0.9,)}, TypeError, "betas must be a pair (beta1, beta2)"),
        (AdamW, {"lr": 0.1, "betas": (0.9, 1)}, ValueError, "beta2 must be a finite number in"),
        (AdamW, {"lr": optim.cosine}, TypeError, "lr must be a number > 0 or a Schedule such"),
        (SGD, {"lr": lambda t: 0.1}, TypeError, "lr must be a number > 0 or a Schedule such"),
    ],
)
def test_bad_hyperparameters(make, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        make(**kwargs)


def test_repr_shows_the_hyperparameters_and_the_schedule():
    assert repr(Adam(0.001)) == (
        "Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08, weight_decay=0)"
    )
    assert repr(AdamW(0.01)) == ("AdamW(lr=0.01, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01)")
    assert repr(RMSProp(0.01, beta=0.5)) == "RMSProp(lr=0.01, beta=0.5, eps=1e-08, weight_decay=0)"
    assert repr(SGD(optim.cosine(0.1, 10))) == (
        "SGD(lr=cosine(0.1, 10, lr_min=0), momentum=0, weight_decay=0)"
    )


# ---------------------------------------------------------------- schedules


def test_schedule_values_by_hand():
    s = optim.step_decay(0.1, every=3, gamma=0.5)
    assert [s(t) for t in (0, 2, 3, 5, 6, 9)] == pytest.approx(
        [0.1, 0.1, 0.05, 0.05, 0.025, 0.0125]
    )
    c = optim.cosine(1.0, 4)
    # (1 + cos(πt/4))/2 at t = 0, 1, 2, 4: 1, (1 + √2/2)/2, 1/2, 0; then 0
    assert [c(t) for t in (0, 1, 2, 4, 10)] == pytest.approx(
        [1.0, (1 + math.sqrt(0.5)) / 2, 0.5, 0.0, 0.0], abs=1e-15
    )
    assert optim.cosine(1.0, 4, lr_min=0.2)(2) == pytest.approx(0.6, rel=1e-15)
    assert optim.cosine(1.0, 4, lr_min=0.2)(99) == 0.2
    assert [optim.constant(0.3)(t) for t in (0, 10**9)] == [0.3, 0.3]


def test_warmup_ramps_linearly_then_follows_the_inner_schedule_on_its_own_clock():
    w = optim.warmup(1.0, 4)
    assert [w(t) for t in range(6)] == [0.25, 0.5, 0.75, 1.0, 1.0, 1.0]
    inner = optim.step_decay(1.0, every=2, gamma=0.5)  # 1, 1, 0.5, 0.5, 0.25, …
    w = optim.warmup(inner, 4)
    assert [w(t) for t in range(6)] == [0.25, 0.5, 0.375, 0.5, 0.25, 0.25]
    assert optim.warmup(0.1, 1)(0) == 0.1  # one step of warm-up: none


def test_an_optimizer_uses_schedule_t_at_step_t():
    opt = SGD(optim.step_decay(1.0, every=1, gamma=0.5))
    w = np.array([0.0])
    seen = []
    for _ in range(3):
        seen.append(opt.lr_now)
        opt.step([w], [np.array([1.0])])
    assert seen == [1.0, 0.5, 0.25]
    np.testing.assert_allclose(w, [-1.75])
    opt.reset()
    assert opt.lr_now == 1.0
    assert Adam(0.02).lr_now == 0.02


def test_a_schedule_ending_at_zero_stops_the_steps():
    w = np.array([1.0])
    opt = Adam(optim.cosine(0.1, 2))  # η = 0.1, 0.05, then 0
    for _ in range(5):
        opt.step([w], [np.array([1.0])])
    np.testing.assert_allclose(w, [1.0 - 0.15], rtol=1e-8)  # up to ε


def test_warmup_into_cosine_by_hand():
    s = optim.warmup(optim.cosine(0.1, 50), 5)
    for t in range(60):
        inner = 0.1 * (1 + math.cos(math.pi * t / 50)) / 2 if t < 50 else 0.0
        assert s(t) == pytest.approx(inner * min(1.0, (t + 1) / 5), rel=1e-15, abs=1e-18)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: optim.constant(0), ValueError, "lr must be a finite number > 0, got 0"),
        (lambda: optim.constant(None), TypeError, "lr must be a finite number > 0, got None"),
        (lambda: optim.step_decay(0.1, 0), ValueError, "every must be a whole number >= 1"),
        (lambda: optim.step_decay(0.1, 2.5), ValueError, "every must be a whole number >= 1"),
        (
            lambda: optim.step_decay(0.1, 2, 0),
            ValueError,
            "gamma must be a finite number in (0, 1]",
        ),
        (lambda: optim.step_decay(0.1, 2, 1.5), ValueError, "gamma must be a finite number in"),
        (lambda: optim.cosine(0.1, 0), ValueError, "total_steps must be a whole number >= 1"),
        (lambda: optim.cosine(0.1, 10, 0.2), ValueError, "lr_min must be a finite number in [0,"),
        (lambda: optim.cosine(0.1, 10, -0.01), ValueError, "lr_min must be a finite number in"),
        (lambda: optim.warmup(0.1, 0), ValueError, "steps must be a whole number >= 1, got 0"),
        (lambda: optim.warmup("0.1", 5), TypeError, "lr must be a finite number > 0"),
        (lambda: optim.warmup(optim.cosine(0.1, 9), True), TypeError, "steps must be a whole"),
        (lambda: optim.constant(0.1)(-1), ValueError, "t must be a whole number >= 0, got -1"),
        (lambda: optim.constant(0.1)(1.5), ValueError, "t must be a whole number >= 0, got 1.5"),
        (lambda: optim.constant(0.1)("3"), TypeError, "t must be a whole number >= 0"),
        (lambda: Schedule(3, "three"), TypeError, "rate must be a function of the step t"),
        (lambda: Schedule(lambda t: 0.1, 3), TypeError, "text must be a str"),
        (lambda: Schedule(lambda t: -0.1, "neg")(0), ValueError, "neg at step 0 must be a finite"),
        (lambda: Schedule(lambda t: "a", "str")(0), TypeError, "str at step 0 must be a finite"),
    ],
)
def test_bad_schedule_arguments(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call()


def test_a_custom_schedule():
    s = Schedule(lambda t: 1.0 / (t + 1), "1/(t+1)")
    assert (s(0), s(3), repr(s)) == (1.0, 0.25, "1/(t+1)")
    opt = Adam(s)
    assert opt.lr_now == 1.0


# ---------------------------------------------------------------- trajectory


def test_trajectory_records_every_step_of_adam():
    with strict():
        r = optim.trajectory(bowl_grad, [1.0, 1.0], Adam(0.1), 5)
    assert set(r) == {"x", "grad", "step", "m", "v", "lr", "effective_lr"}
    assert r["x"].shape == (6, 2) and r["lr"].shape == (5,)
    for key in ("grad", "step", "m", "v", "effective_lr"):
        assert r[key].shape == (5, 2), key
    np.testing.assert_array_equal(r["x"][0], [1.0, 1.0])
    np.testing.assert_allclose(r["step"][0], [-0.1, -0.1], rtol=1e-8)  # −η sign(g)
    np.testing.assert_array_equal(r["grad"][0], [2.0, 20.0])
    np.testing.assert_allclose(r["m"][0], [0.2, 2.0], rtol=1e-15)  # (1 − β₁) g
    np.testing.assert_allclose(r["v"][0], [0.004, 0.4], rtol=1e-12)  # (1 − β₂) g²
    np.testing.assert_allclose(r["effective_lr"][0], [0.05, 0.005], rtol=1e-8)  # 0.1/|g|
    np.testing.assert_array_equal(np.diff(r["x"], axis=0), r["step"])
    for k in range(5):
        np.testing.assert_array_equal(r["grad"][k], bowl_grad(r["x"][k]))
    np.testing.assert_array_equal(r["lr"], 0.1)


def test_trajectory_of_sgd_is_descend_and_its_m_is_the_velocity():
    r = optim.trajectory(bowl_grad, [1.0, -2.0], SGD(0.01, momentum=0.5), 40)
    np.testing.assert_array_equal(r["x"], optim.descend(bowl_grad, [1.0, -2.0], 0.01, 40, 0.5))
    np.testing.assert_allclose(r["m"], r["step"], rtol=1e-13)  # w ← w + v: the step is v
    np.testing.assert_array_equal(r["v"], 0.0)
    r = optim.trajectory(bowl_grad, [1.0, -2.0], RMSProp(0.01), 3)
    np.testing.assert_array_equal(r["m"], 0.0)


def test_trajectory_resets_the_optimizer_first():
    opt = Adam(optim.warmup(0.1, 3))
    opt.step([np.zeros(2)], [np.ones(2)])
    again = optim.trajectory(bowl_grad, [1.0, 1.0], opt, 6)
    fresh = optim.trajectory(bowl_grad, [1.0, 1.0], Adam(optim.warmup(0.1, 3)), 6)
    for key in fresh:
        np.testing.assert_array_equal(again[key], fresh[key])
    np.testing.assert_allclose(fresh["lr"], [0.1 / 3, 0.2 / 3, 0.1, 0.1, 0.1, 0.1])
    assert opt.t == 6  # it keeps its state afterwards


def test_effective_lr_is_nan_where_the_gradient_is_zero():
    r = optim.trajectory(bowl_grad, [1.0, 0.0], RMSProp(0.01), 2)
    assert np.all(np.isnan(r["effective_lr"][:, 1]))
    assert np.all(np.isfinite(r["effective_lr"][:, 0]))


def test_trajectory_stops_early_with_arrays_of_one_length():
    with strict():
        r = optim.trajectory(bowl_grad, [1.0, 1.0], SGD(0.5), 1000)
    k = len(r["lr"])
    assert k < 1000 and r["x"].shape == (k + 1, 2)
    assert all(len(r[key]) == k for key in ("grad", "step", "m", "v", "effective_lr"))
    assert np.linalg.norm(r["x"][-1] - r["x"][0]) > 1e6
    with strict():
        r = optim.trajectory(lambda x: np.array([np.inf, 0.0]), [1.0, 1.0], Adam(0.1), 5)
    assert r["x"].shape == (1, 2) and r["grad"].shape == (0, 2) and r["lr"].shape == (0,)


def test_trajectory_does_not_hand_grad_fn_its_working_array():
    r = optim.trajectory(lambda x: x, [1.0, 2.0], SGD(0.5), 2)  # g = x itself
    np.testing.assert_array_equal(r["grad"], [[1.0, 2.0], [0.5, 1.0]])
    np.testing.assert_array_equal(r["x"], [[1.0, 2.0], [0.5, 1.0], [0.25, 0.5]])


def test_trajectory_bad_input():
    with pytest.raises(TypeError, match="optimizer must be an nnmath optimiser"):
        optim.trajectory(bowl_grad, [1.0, 1.0], 0.1, 5)
    with pytest.raises(TypeError, match="grad_fn must be a function of x"):
        optim.trajectory(None, [1.0, 1.0], Adam(0.1), 5)
    with pytest.raises(ValueError, match=re.escape("x0 must be 1-D with shape (d,)")):
        optim.trajectory(bowl_grad, [[1.0, 1.0]], Adam(0.1), 5)
    with pytest.raises(ValueError, match="steps must be a whole number >= 0, got -1"):
        optim.trajectory(bowl_grad, [1.0, 1.0], Adam(0.1), -1)
    with pytest.raises(ValueError, match=re.escape("grad_fn must return shape (2,), got (3,)")):
        optim.trajectory(lambda x: np.zeros(3), [1.0, 1.0], Adam(0.1), 0)
