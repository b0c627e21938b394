"""Gradient checking, itself checked: against analytic gradients and an independent helper."""

import re

import numpy as np
import pytest
from _helpers import rel_err

from nnmath import MLP, Dense, gradcheck, losses


def central_difference(f, x, eps=1e-5):
    """An independent central-difference gradient: works on copies, never touches ``x``."""
    x = np.array(x, dtype=np.float64)
    flat = x.ravel()
    grad = np.empty_like(flat)
    for i in range(flat.size):
        step = np.zeros_like(flat)
        step[i] = eps
        grad[i] = (f((flat + step).reshape(x.shape)) - f((flat - step).reshape(x.shape))) / (
            2 * eps
        )
    return grad.reshape(x.shape)


CASES = [
    # f, analytic ∇f, a point
    (lambda x: np.sum(x**3), lambda x: 3 * x**2, np.array([0.5, -1.2, 2.0])),
    (
        lambda x: x[0] * x[1] + np.sin(x[2]),
        lambda x: np.array([x[1], x[0], np.cos(x[2])]),
        np.array([1.5, -0.7, 0.3]),
    ),
    (  # a matrix argument: f(W) = Σ (AW)², ∇ = 2 Aᵀ(AW)
        lambda W: np.sum((np.arange(6.0).reshape(3, 2) @ W) ** 2),
        lambda W: 2 * np.arange(6.0).reshape(3, 2).T @ (np.arange(6.0).reshape(3, 2) @ W),
        np.array([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]),
    ),
]


@pytest.mark.parametrize(("f", "grad", "x0"), CASES)
def test_numerical_gradient_matches_analytic_and_independent_helper(f, grad, x0):
    x = x0.copy()
    numeric = gradcheck.numerical_gradient(f, x, 1e-5)
    assert numeric.shape == x0.shape
    assert rel_err(numeric, grad(x0)) < 1e-6
    assert rel_err(central_difference(f, x0), grad(x0)) < 1e-6
    # two central differences with the same ε differ only by rounding
    np.testing.assert_allclose(numeric, central_difference(f, x0), rtol=1e-8, atol=1e-10)
    np.testing.assert_array_equal(x, x0)  # nudged in place, then restored exactly


def test_numerical_gradient_by_hand():
    # f(x) = x²: (f(x + ε) − f(x − ε))/2ε = ((x + ε)² − (x − ε)²)/2ε = 4xε/2ε = 2x exactly in
    # exact arithmetic; at x = 3 that is 6
    g = gradcheck.numerical_gradient(lambda v: float(v[0] ** 2), np.array([3.0]))
    assert g[0] == pytest.approx(6.0, rel=1e-9)


def test_numerical_gradient_reads_parameters_by_reference():
    """f reads a layer's W itself, not its argument: the nudges must land in W."""
    layer = Dense.from_weights([[1.0, 2.0], [3.0, -1.0]], [0.5, 0.0], "tanh")
    X = np.array([[0.3, -0.2], [0.1, 0.4]])

    def loss(_):
        return float(np.sum(layer.forward(X) ** 2))

    numeric = gradcheck.numerical_gradient(loss, layer.W)

    def loss_of_W(W):
        return float(np.sum(np.tanh(X @ W + layer.b) ** 2))

    np.testing.assert_allclose(numeric, central_difference(loss_of_W, layer.W), rtol=1e-8)
    np.testing.assert_array_equal(layer.W, [[1.0, 2.0], [3.0, -1.0]])


@pytest.mark.parametrize(
    "x", [[1.0, 2.0], np.array([1, 2]), np.array([1.0, 2.0], dtype=np.float32)]
)
def test_numerical_gradient_needs_a_float64_array(x):
    with pytest.raises(TypeError, match="x must be a float64 ndarray"):
        gradcheck.numerical_gradient(lambda v: float(np.sum(v)), x)


def test_relative_error_by_hand():
    assert gradcheck.relative_error([3.0, 4.0], [3.0, 4.0]) == 0.0
    assert gradcheck.relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    # ‖(1, −1)‖ / (‖(1, 0)‖ + ‖(0, 1)‖) = √2 / 2
    assert gradcheck.relative_error([1.0, 0.0], [0.0, 1.0]) == pytest.approx(np.sqrt(2) / 2)
    # ‖a − 2a‖ / (‖a‖ + ‖2a‖) = 1/3, whatever a is
    a = np.array([[0.3, -1.7], [2.0, 0.1]])
    assert gradcheck.relative_error(a, 2 * a) == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("sizes", "hidden", "output", "loss"),
    [
        ([3, 5, 2], "tanh", "identity", "mse"),
        ([3, 4, 1], "sigmoid", "sigmoid", "binary_cross_entropy"),
        ([3, 6, 4, 3], "tanh", "softmax", "cross_entropy"),
    ],
)
def test_check_passes_a_correct_network(sizes, hidden, output, loss):
    rng = np.random.default_rng(sum(sizes))
    net = MLP(sizes, hidden=hidden, output=output, rng=rng)
    X = rng.normal(size=(5, sizes[0]))
    if loss == "cross_entropy":
        y = rng.integers(0, sizes[-1], 5)
    elif loss == "binary_cross_entropy":
        y = rng.integers(0, 2, (5, 1)).astype(float)
    else:
        y = rng.normal(size=(5, sizes[-1]))
    assert gradcheck.check(net, X, y, loss) < 1e-6


def test_check_agrees_with_the_independent_helper():
    rng = np.random.default_rng(1)
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", rng=rng)
    X = rng.normal(size=(4, 2))
    y = np.array([0.0, 1.0, 1.0, 0.0])
    bce = losses.binary_cross_entropy
    net.loss_and_grads(X, y, bce)
    dW1 = net.layers[0].dW.copy()
    W1 = net.layers[0].W

    def loss_of_W1(W):
        saved = W1.copy()
        W1[...] = W
        value = bce.value(net.forward(X), y)
        W1[...] = saved
        return value

    assert rel_err(dW1, central_difference(loss_of_W1, W1.copy())) < 1e-6


def test_check_catches_a_wrong_backward():
    """A backward pass that doubles dW must be flagged, or the check proves nothing."""
    rng = np.random.default_rng(2)
    net = MLP([3, 4, 2], hidden="tanh", output="identity", rng=rng)
    X = rng.normal(size=(6, 3))
    y = rng.normal(size=(6, 2))
    layer = net.layers[0]
    correct = layer.backward_z  # what MLP's backprop calls, through layer.backward

    def doubled(dZ, need_dX=True, **kwargs):
        dX = correct(dZ, need_dX, **kwargs)
        layer.dW = 2.0 * layer.dW
        return dX

    layer.backward_z = doubled
    # ‖2g − g‖ / (‖2g‖ + ‖g‖) = 1/3
    assert gradcheck.check(net, X, y, "mse") == pytest.approx(1 / 3, rel=1e-5)


def test_check_catches_a_missing_one_over_n():
    rng = np.random.default_rng(3)
    net = MLP([2, 3, 3], hidden="sigmoid", output="softmax", rng=rng)
    X = rng.normal(size=(4, 2))
    y = np.array([0, 1, 2, 1])

    class NoMean(losses.CrossEntropy):
        def fused_gradient(self, y_hat, y, *, check_input=True):
            dZ = super().fused_gradient(y_hat, y, check_input=check_input)
            return dZ * y_hat.shape[0]  # forgot the 1/n

    # n·g against g: ‖ng − g‖ / (‖ng‖ + ‖g‖) = (n − 1)/(n + 1) = 3/5 for n = 4
    assert gradcheck.check(net, X, y, NoMean()) == pytest.approx(3 / 5, rel=1e-5)


# --- lesson 08: how big the gradient is, layer by layer ---------------------------------------


def sig(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # σ written another way: no exp to overflow


def hand_gradient_norms(net, X, y):
    """Forward and backward by hand (MSE, identity output): ‖dW_l‖ per layer."""
    acts = {
        "sigmoid": (sig, lambda Z: sig(Z) * (1 - sig(Z))),
        "tanh": (np.tanh, lambda Z: 1 - np.tanh(Z) ** 2),
        "relu": (lambda Z: np.maximum(Z, 0), lambda Z: (Z > 0) * 1.0),
        "identity": (lambda Z: Z, np.ones_like),
    }
    A, Zs = [X], []
    for layer in net.layers:
        Zs.append(A[-1] @ layer.W + layer.b)
        A.append(acts[layer.activation][0](Zs[-1]))
    dA = 2 * (A[-1] - y) / X.shape[0]
    norms = []
    for i in reversed(range(len(net.layers))):
        dZ = dA * acts[net.layers[i].activation][1](Zs[i])
        norms.append(np.sqrt(np.sum((A[i].T @ dZ) ** 2)))
        dA = dZ @ net.layers[i].W.T
    return np.array(norms[::-1])


def test_gradient_norm_batch_is_fixed():
    X, y = gradcheck.gradient_norm_batch(n=10, n_in=3, seed=1)
    X2, y2 = gradcheck.gradient_norm_batch(n=10, n_in=3, seed=1)
    assert X.shape == (10, 3) and y.shape == (10, 1)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)


def test_deep_network_shape():
    net = gradcheck.deep_network(5, "tanh", "he", width=8, n_in=3, seed=0)
    assert net.sizes == [3, 8, 8, 8, 8, 1]
    assert [layer.activation for layer in net.layers] == ["tanh"] * 4 + ["identity"]
    with pytest.raises(ValueError, match="depth"):
        gradcheck.deep_network(0)
    with pytest.raises(ValueError, match=r"sizes\[1\] must be a whole number >= 1"):
        gradcheck.deep_network(3, width=0)


def test_gradient_norm_batch_and_norms_refuse_bad_input():
    with pytest.raises(ValueError, match="n must be a whole number >= 1"):
        gradcheck.gradient_norm_batch(n=0)
    with pytest.raises(ValueError, match="n_in must be a whole number >= 1"):
        gradcheck.gradient_norm_batch(n_in=2.5)
    with pytest.raises(TypeError, match="net must be an MLP"):
        gradcheck.layer_gradient_norms("net", np.ones((2, 4)), np.ones((2, 1)))
    net = gradcheck.deep_network(2, n_in=4)
    with pytest.raises(ValueError, match=r"shape \(n, 4\)"):
        gradcheck.layer_gradient_norms(net, np.ones((2, 3)), np.ones((2, 1)))


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_layer_gradient_norms_match_hand_backprop(activation):
    X, y = gradcheck.gradient_norm_batch(n=16, seed=2)
    net = gradcheck.deep_network(6, activation, "xavier", width=5, seed=3)
    norms = gradcheck.layer_gradient_norms(net, X, y)
    assert norms.shape == (6,)
    assert np.allclose(norms, hand_gradient_norms(net, X, y), rtol=1e-10)


def test_layer_gradient_norms_match_central_differences():
    X, y = gradcheck.gradient_norm_batch(n=8, seed=0)
    net = gradcheck.deep_network(3, "tanh", "xavier", width=4, seed=1)
    norms = gradcheck.layer_gradient_norms(net, X, y)
    for layer, norm in zip(net.layers, norms, strict=True):
        W = layer.W  # net.forward reads it: each nudged copy goes in, then the original back

        def loss_of_W(V, W=W):
            saved = W.copy()
            W[...] = V
            value = np.mean((net.forward(X) - y) ** 2)
            W[...] = saved
            return value

        numeric = central_difference(loss_of_W, W.copy())
        assert np.isclose(np.linalg.norm(numeric), norm, rtol=1e-6)


def test_sigmoid_gradients_vanish_and_he_relu_do_not():
    X, y = gradcheck.gradient_norm_batch()
    sig_norms = gradcheck.layer_gradient_norms(
        gradcheck.deep_network(10, "sigmoid", "xavier"), X, y
    )
    relu_norms = gradcheck.layer_gradient_norms(gradcheck.deep_network(10, "relu", "he"), X, y)
    assert sig_norms[0] / sig_norms[-1] < 1e-4
    assert 1e-2 < relu_norms[0] / relu_norms[-1] < 1e2


def test_layer_gradient_norms_of_a_hand_set_network():
    # one layer W = [[2]], b = 0, identity: ŷ = 2x; L = mean((2x − y)²)
    # dW = Xᵀ · 2(ŷ − y)/n = (1·2(2 − 0) + 2·2(4 − 1)) / 2 = (4 + 12) / 2 = 8
    net = MLP.from_layers([Dense.from_weights([[2.0]], [0.0], "identity")])
    norms = gradcheck.layer_gradient_norms(net, np.array([[1.0], [2.0]]), np.array([[0.0], [1.0]]))
    assert np.allclose(norms, [8.0])


def test_difference_quotients_by_hand():
    # f = x³ − 3x + 1 at 2: forward = 9 + 6h + h², central = 9 + h² (the exact slope is 9)
    def cubic(x):
        return x**3 - 3 * x + 1

    forward, central = gradcheck.difference_quotients(cubic, 2.0, 0.1)
    assert np.isclose(forward, 9.61) and np.isclose(central, 9.01)
    # halving h halves the forward error (O(h)) and quarters the central one (O(h²))
    f2, c2 = gradcheck.difference_quotients(cubic, 2.0, 0.05)
    assert np.isclose((forward - 9) / (f2 - 9), 2, rtol=0.05)
    assert np.isclose((central - 9) / (c2 - 9), 4)
    with pytest.raises(ValueError, match="h must be a finite number ≠ 0"):
        gradcheck.difference_quotients(cubic, 2.0, 0.0)


# ------------------------------------------------------------ hostile input (issue 16)


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ([1, 2, 3], [[1], [2], [3]], "a and b must have the same shape, got (3,) and (3, 1)"),
        (np.ones(3), 1.0, "a and b must have the same shape, got (3,) and ()"),
        ([1.0, np.nan], [1.0, 1.0], "a contains NaN"),
        ([1.0, 1.0], [np.inf, 1.0], "b contains infinity"),
    ],
)
def test_relative_error_refuses_what_it_would_broadcast_or_not_compare(a, b, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        gradcheck.relative_error(a, b)


def test_relative_error_of_huge_entries_does_not_overflow():
    a = np.array([1e300, -1e300])
    assert gradcheck.relative_error(a, a) == 0.0
    assert gradcheck.relative_error(a, 2 * a) == pytest.approx(1 / 3)  # ‖a‖ / 3‖a‖


@pytest.mark.parametrize(
    ("eps", "error"),
    [(0, ValueError), (-1e-5, ValueError), (np.inf, ValueError), ("1e-5", TypeError)],
)
def test_numerical_gradient_needs_a_positive_step(eps, error):
    with pytest.raises(error, match="eps must be a finite number > 0"):
        gradcheck.numerical_gradient(lambda v: float(np.sum(v)), np.ones(2), eps)
