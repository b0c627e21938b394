"""MLP: forward by hand, backprop checked against central differences for every pairing."""

import re
import zlib
from itertools import pairwise

import numpy as np
import pytest
from _helpers import rel_err, strict
from hypothesis import given, settings
from hypothesis import strategies as st

from nnmath import MLP, Dense, losses, network, text
from nnmath.gradcheck import numerical_gradient

FAST = settings(max_examples=50, deadline=None)
EPS = 1e-5
TOL = 1e-6
HIDDEN = ["relu", "tanh", "sigmoid"]


def hand_net():
    """2 → 2 → 1: W1 = [[1, −1], [0.5, 2]], b1 = [0, −1], relu; W2 = [[2], [3]], b2 = [−1]."""
    return MLP.from_layers(
        [
            Dense.from_weights([[1.0, -1.0], [0.5, 2.0]], [0.0, -1.0], "relu"),
            Dense.from_weights([[2.0], [3.0]], [-1.0], "identity"),
        ]
    )


def targets(output, loss, n, k, rng, one_hot=False):
    if loss == "cross_entropy":
        labels = rng.integers(0, k, n)
        return losses.one_hot(labels, k) if one_hot else labels
    if loss == "binary_cross_entropy" or output == "sigmoid":
        return rng.integers(0, 2, (n, k)).astype(float)
    return rng.normal(size=(n, k))


def seed_of(*parts):
    """A seed that is stable across runs (str hashes are randomised per process)."""
    return zlib.crc32(repr(parts).encode())


def away_from_kinks(net, X):
    """True when no ReLU pre-activation is within 1e-3 of its kink (beyond ±eps's reach)."""
    net.forward(X)
    return all(np.min(np.abs(layer.Z)) > 1e-3 for layer in net.layers if layer.activation == "relu")


def random_case(sizes, hidden, output, n, *parts):
    """A net with random biases and inputs X (n, d), redrawn until ReLUs are off their kinks."""
    for attempt in range(20):
        rng = np.random.default_rng(seed_of(*parts, attempt))
        net = MLP(sizes, hidden=hidden, output=output, rng=rng)
        for layer in net.layers:
            layer.b[:] = rng.normal(0.0, 0.3, layer.b.shape)
        X = rng.normal(size=(n, sizes[0]))
        if away_from_kinks(net, X):
            return net, X, rng
    raise AssertionError("no draw kept the ReLUs off their kinks")


# ---------------------------------------------------------------- forward by hand


def test_hand_worked_forward():
    net = hand_net()
    # Z1 = [2·1 + 1·0.5 + 0, 2·(−1) + 1·2 − 1] = [2.5, −1] → relu [2.5, 0]
    # ŷ = 2.5·2 + 0·3 − 1 = 4
    np.testing.assert_allclose(net.forward([[2.0, 1.0]]), [[4.0]], rtol=1e-15)
    np.testing.assert_allclose(net.layers[0].A, [[2.5, 0.0]])
    assert net([[2.0, 1.0]])[0, 0] == net.output[0, 0] == pytest.approx(4.0)


def test_forward_is_the_composition_of_layers():
    net = MLP([3, 5, 4, 2], hidden="tanh", output="softmax", rng=0)
    X = np.random.default_rng(1).normal(size=(6, 3))
    A = X
    for layer in net.layers:  # f(XW + b), written out again
        A = layer.f(A @ layer.W + layer.b)
    np.testing.assert_allclose(net.forward(X), A, rtol=1e-14)
    np.testing.assert_allclose(net.forward(X).sum(axis=1), 1.0, rtol=1e-14)


def test_activations_per_layer():
    net = MLP([2, 3, 3, 1], hidden="tanh", output="sigmoid", rng=0)
    assert [layer.activation for layer in net.layers] == ["tanh", "tanh", "sigmoid"]
    assert net.sizes == [2, 3, 3, 1]


# ---------------------------------------------------------------- shapes (hypothesis)


@FAST
@given(
    sizes=st.lists(st.integers(1, 6), min_size=2, max_size=5),
    n=st.integers(1, 5),
    hidden=st.sampled_from(HIDDEN),
    output=st.sampled_from(["identity", "sigmoid", "softmax", "tanh"]),
    seed=st.integers(0, 2**31),
)
def test_shapes(sizes, n, hidden, output, seed):
    rng = np.random.default_rng(seed)
    net = MLP(sizes, hidden=hidden, output=output, rng=rng)
    assert len(net.layers) == len(sizes) - 1
    Y = net.forward(rng.normal(size=(n, sizes[0])))
    assert Y.shape == (n, sizes[-1])
    dX = net.backward(rng.normal(size=(n, sizes[-1])), need_dX=True)
    assert dX.shape == (n, sizes[0])
    assert [g.shape for g in net.grads()] == [p.shape for p in net.params()]
    assert net.predict(rng.normal(size=(n, sizes[0]))).shape == (n,)
    # n_params: Σ (n_in·n_out + n_out)
    assert net.n_params() == sum(a * b + b for a, b in pairwise(sizes))


# ---------------------------------------------------------------- gradients vs central differences

PAIRINGS = [
    ("identity", "mse", False),
    ("sigmoid", "binary_cross_entropy", False),  # fused
    ("softmax", "cross_entropy", False),  # fused, integer labels
    ("softmax", "cross_entropy", True),  # fused, one-hot
    ("sigmoid", "mse", False),  # not fused
    ("softmax", "mse", False),  # not fused, through the softmax Jacobian
    ("tanh", "mse", False),
]


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize(("output", "loss", "one_hot"), PAIRINGS)
def test_backward_loss_matches_central_differences(hidden, output, loss, one_hot):
    k = 1 if output in ("identity", "tanh") or loss == "binary_cross_entropy" else 3
    if output == "sigmoid" and loss == "mse":
        k = 2
    net, X, rng = random_case([3, 4, 5, k], hidden, output, 6, hidden, output, loss, one_hot)
    y = targets(output, loss, 6, k, rng, one_hot)
    L = losses.get(loss)

    value = net.loss_and_grads(X, y, L)
    assert value == pytest.approx(L.value(net.forward(X), y), rel=1e-14)
    analytic = [g.copy() for g in net.grads()]
    for p, g in zip(net.params(), analytic, strict=True):
        numeric = numerical_gradient(lambda _: L.value(net.forward(X), y), p, EPS)
        assert rel_err(g, numeric) < TOL

    net.forward(X)
    dX = net.backward_loss(L, y, need_dX=True)
    numeric_dX = numerical_gradient(lambda v: L.value(net.forward(v), y), X.copy(), EPS)
    assert rel_err(dX, numeric_dX) < TOL


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output", ["identity", "sigmoid", "softmax", "tanh", "relu"])
def test_backward_matches_central_differences(hidden, output):
    """MLP.backward(dY) for L = Σ G ⊙ ŷ, so ∂L/∂ŷ = G."""
    net, X, rng = random_case([2, 4, 3, 3], hidden, output, 5, hidden, output)
    G = rng.normal(size=(5, 3))
    net.forward(X)
    dX = net.backward(G, need_dX=True)
    analytic = [g.copy() for g in net.grads()]
    for p, g in zip(net.params(), analytic, strict=True):
        numeric = numerical_gradient(lambda _: np.sum(G * net.forward(X)), p, EPS)
        assert rel_err(g, numeric) < TOL
    numeric_dX = numerical_gradient(lambda v: np.sum(G * net.forward(v)), X.copy(), EPS)
    assert rel_err(dX, numeric_dX) < TOL


@pytest.mark.parametrize(
    ("output", "loss"), [("softmax", "cross_entropy"), ("sigmoid", "binary_cross_entropy")]
)
def test_fused_gradient_equals_the_unfused_chain_rule(output, loss):
    """(P − Y)/n into Z equals ∂L/∂ŷ pushed through the output activation's derivative."""
    rng = np.random.default_rng(5)
    k = 4 if output == "softmax" else 1
    net = MLP([3, 6, k], hidden="tanh", output=output, rng=rng)
    X = rng.normal(size=(7, 3))
    y = targets(output, loss, 7, k, rng)
    L = losses.get(loss)
    net.forward(X)
    dX_fused = net.backward_loss(L, y, need_dX=True)
    fused = [g.copy() for g in net.grads()]
    net.forward(X)
    dX_chain = net.backward(L.gradient(net.output, y), need_dX=True)
    for a, b in zip(fused, net.grads(), strict=True):
        assert rel_err(a, b) < 1e-12
    assert rel_err(dX_fused, dX_chain) < 1e-12


@pytest.mark.parametrize(
    ("output", "loss", "W2", "y", "p_minus_y"),
    [
        # z = 800·t − 800·(−t)… ≈ [1600, −1600, 0]: P = [1, 0, 0] exactly; the label is 1
        (
            "softmax",
            "cross_entropy",
            [[800.0, -800.0, 0.0], [-800.0, 800.0, 0.0]],
            [1],
            [1.0, -1.0, 0.0],
        ),
        # z ≈ −1600: σ(z) = 0 exactly (e^(−1600) underflows); the label is 1
        ("sigmoid", "binary_cross_entropy", [[-800.0], [800.0]], [[1.0]], [-1.0]),
    ],
)
def test_fused_gradient_survives_a_saturated_output(output, loss, W2, y, p_minus_y):
    """A confidently wrong output has ŷ of exactly 0 where y = 1: the unfused chain rule gives
    (−1/ŷ)·f′(z) = ∞·0 there (or 0 after clipping), the fused (P − Y)/n stays exact."""
    t = np.tanh(5.0)
    net = MLP.from_layers(
        [
            Dense.from_weights([[1.0, -1.0]], [0.0, 0.0], "tanh"),  # x = 5 → h = (t, −t)
            Dense.from_weights(W2, np.zeros(len(W2[0])), output),
        ]
    )
    X = np.array([[5.0]])
    with strict():
        P = net.forward(X)
        value = net.loss_and_grads(X, y, loss)
    assert np.any(P == 0.0)
    assert np.isfinite(value) and value > 20  # confidently wrong is expensive
    assert all(np.all(np.isfinite(g)) for g in net.grads())
    # one sample (n = 1): db₂ = P − Y, dW₂ = hᵀ(P − Y) with h = (t, −t)
    d = np.array(p_minus_y)
    np.testing.assert_allclose(net.layers[-1].db, d, atol=1e-12)
    np.testing.assert_allclose(net.layers[-1].dW, np.outer([t, -t], d), atol=1e-12)


# ---------------------------------------------------------------- predict, params, copy, repr


def test_predict_per_output_kind():
    X = np.array([[1.0], [-1.0], [0.0]])
    sig = MLP.from_layers([Dense.from_weights([[3.0]], [0.5], "sigmoid")])
    # z = 3.5, −2.5, 0.5 → σ > 0.5, < 0.5, > 0.5
    np.testing.assert_array_equal(sig.predict(X), [1, 0, 1])
    soft = MLP.from_layers([Dense.from_weights([[1.0, -1.0, 0.0]], [0.0, 0.0, 0.5], "softmax")])
    # z rows: [1, −1, 0.5] → 0; [−1, 1, 0.5] → 1; [0, 0, 0.5] → 2
    np.testing.assert_array_equal(soft.predict(X), [0, 1, 2])
    reg = MLP.from_layers([Dense.from_weights([[2.0]], [1.0], "identity")])
    np.testing.assert_allclose(reg.predict(X), [3.0, -1.0, 1.0])


def test_params_and_grads_in_layer_order():
    net = MLP([2, 3, 1], rng=0)
    params = net.params()
    assert len(params) == 4
    assert params[0] is net.layers[0].W and params[1] is net.layers[0].b
    assert params[2] is net.layers[1].W and params[3] is net.layers[1].b
    net.forward(np.ones((2, 2)))
    net.backward(np.ones((2, 1)))
    assert net.grads()[2] is net.layers[1].dW
    # 2·3 + 3 + 3·1 + 1 = 13
    assert net.n_params() == 13


def _one_hot_rows(rng, n, context, vocab_size):
    return np.eye(vocab_size)[rng.integers(vocab_size, size=(n, context))].reshape(n, -1)


@pytest.mark.parametrize(
    ("make", "inputs"),
    [
        (
            lambda: MLP([2, 4, 1], hidden="tanh", output="sigmoid", rng=3),
            lambda rng: rng.normal(size=(5, 2)),
        ),
        (  # an Embedding first layer (lesson 11)
            lambda: text.char_model(7, context=3, dim=2, hidden=5, rng=3),
            lambda rng: _one_hot_rows(rng, 5, 3, 7),
        ),
    ],
    ids=["dense", "embedding"],
)
def test_copy_is_independent(make, inputs):
    net = make()
    X = inputs(np.random.default_rng(4))
    twin = net.copy()
    np.testing.assert_array_equal(twin.forward(X), net.forward(X))
    assert [repr(layer) for layer in twin.layers] == [repr(layer) for layer in net.layers]
    before = [p.copy() for p in net.params()]
    for p in twin.params():
        p += 1.0
    for p, b in zip(net.params(), before, strict=True):
        np.testing.assert_array_equal(p, b)
    assert not np.allclose(twin.forward(X), net.forward(X))


def test_same_seed_same_network():
    a = MLP([3, 4, 2], rng=np.random.default_rng(9))
    b = MLP([3, 4, 2], rng=9)
    c = MLP([3, 4, 2], rng=10)
    for p, q in zip(a.params(), b.params(), strict=True):
        np.testing.assert_array_equal(p, q)
    assert not np.allclose(a.params()[0], c.params()[0])


def test_repr_is_readable():
    r = repr(MLP([2, 3, 1], hidden="tanh", output="sigmoid", rng=0))
    assert "2 → 3 → 1" in r
    assert "13 parameters" in r  # 2·3 + 3 + 3·1 + 1
    assert "'tanh'" in r and "'sigmoid'" in r
    assert len(r.splitlines()) == 3  # the header and one line per layer


# ---------------------------------------------------------------- bad input


def test_wrong_input_width():
    net = MLP([2, 3, 1], rng=0)
    with pytest.raises(ValueError, match=re.escape("X must have shape (n, 2), got (4, 3)")):
        net.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match=re.escape("X must have shape (n, 2), got (4, 3)")):
        net.predict(np.ones((4, 3)))


def test_nan_input():
    with pytest.raises(ValueError, match="X contains NaN"):
        MLP([2, 1], rng=0).forward([[np.nan, 1.0]])


def test_bad_construction():
    with pytest.raises(
        ValueError, match=re.escape("sizes needs an input and an output width, got [3]")
    ):
        MLP([3], rng=0)
    with pytest.raises(ValueError, match="unknown activation 'relu6'"):
        MLP([2, 3, 1], hidden="relu6", rng=0)
    with pytest.raises(ValueError, match="unknown activation 'softplus'"):
        MLP([2, 3, 1], output="softplus", rng=0)
    with pytest.raises(ValueError, match=r"rng=np\.random\.default_rng\(seed\).*got None"):
        MLP([2, 3, 1], rng=None)


def test_from_layers_must_chain():
    layers = [Dense(2, 3, rng=0), Dense(4, 1, rng=0)]
    with pytest.raises(ValueError, match="3 outputs feed 4 inputs"):
        MLP.from_layers(layers)


def test_backward_skips_the_first_dX_unless_asked():
    """Training needs dW and db only: by default the first layer computes no dX."""
    net, X, rng = random_case([3, 4, 2], "tanh", "sigmoid", 5, 7)
    G = rng.normal(size=(5, 2))
    net.forward(X)
    assert net.backward(G) is None
    skipped = [g.copy() for g in net.grads()]
    dX = net.backward(G, need_dX=True)
    # the same dW, db either way, and dX = dZ₁ W₁ᵀ by hand from layer 1's cached values
    for a, b in zip(skipped, net.grads(), strict=True):
        np.testing.assert_array_equal(a, b)
    first = net.layers[0]
    dA1 = (G * net.output * (1 - net.output)) @ net.layers[1].W.T  # σ′ = A(1 − A)
    np.testing.assert_allclose(dX, (dA1 * (1 - first.A**2)) @ first.W.T, rtol=1e-12)
    assert net.backward_loss("mse", rng.normal(size=(5, 2))) is None


def test_check_input_false_is_the_same_math_unchecked():
    """check_input=False (for callers that checked already) skips the checks, nothing else."""
    net, X, rng = random_case([3, 4, 2], "relu", "softmax", 6, 8)
    y = rng.integers(0, 2, 6)
    Y = losses.cross_entropy.prepare(y, (6, 2))
    checked = net.loss_and_grads(X, y, "cross_entropy")
    grads = [g.copy() for g in net.grads()]
    assert net.loss_and_grads(X, Y, "cross_entropy", check_input=False) == checked
    for a, b in zip(grads, net.grads(), strict=True):
        np.testing.assert_array_equal(a, b)
    bad = X.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        net.forward(bad)
    assert np.isnan(net.forward(bad, check_input=False)[0]).all()  # NaN flows through unchecked


def test_is_classifier():
    assert MLP([2, 3], output="softmax", rng=0).is_classifier
    assert MLP([2, 1], output="sigmoid", rng=0).is_classifier
    assert not MLP([2, 1], output="identity", rng=0).is_classifier


def test_backward_loss_before_forward():
    with pytest.raises(ValueError, match="call forward"):
        MLP([2, 1], rng=0).backward_loss("mse", np.zeros((1, 1)))


def test_backward_loss_wrong_targets():
    net = MLP([2, 3, 1], output="sigmoid", rng=0)
    net.forward(np.zeros((4, 2)))
    with pytest.raises(
        ValueError, match=re.escape("y must have the shape of y_hat (4, 1), got (3,)")
    ):
        net.backward_loss("binary_cross_entropy", np.zeros(3))


# --- one class rule, saving and loading ---------------------------------------


def test_classes_is_argmax_or_one_half():
    # several outputs: the largest; one output: ŷ > 0.5 (exactly 0.5 is class 0)
    assert network.classes(np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]])).tolist() == [1, 0]
    assert network.classes(np.array([[0.2], [0.5], [0.51]])).tolist() == [0, 0, 1]
    with pytest.raises(ValueError, match=r"shape \(n, k\)"):
        network.classes(np.array([0.2, 0.9]))


def test_predict_uses_the_class_rule():
    net = MLP([2, 3, 3], hidden="tanh", output="softmax", rng=0)
    X = np.random.default_rng(1).normal(size=(6, 2))
    assert np.array_equal(net.predict(X), net.forward(X).argmax(axis=1))


def test_save_then_load_is_the_same_network(tmp_path):
    net = MLP([2, 4, 3, 1], hidden="tanh", output="sigmoid", rng=0)
    path = network.save(net, tmp_path / "sub" / "weights")  # folder made, suffix added
    assert path.endswith("weights.npz")
    with np.load(path, allow_pickle=False) as f:  # plain arrays, no pickles
        assert sorted(f.files) == ["W1", "W2", "W3", "activations", "b1", "b2", "b3", "sizes"]
        assert f["sizes"].tolist() == [2, 4, 3, 1]
    loaded = network.load(path)
    X = np.random.default_rng(2).normal(size=(5, 2))
    assert loaded.sizes == net.sizes
    assert [layer.activation for layer in loaded.layers] == ["tanh", "tanh", "sigmoid"]
    assert np.array_equal(loaded.forward(X), net.forward(X))


def test_load_refuses_a_file_that_is_not_a_network(tmp_path):
    np.savez(tmp_path / "other.npz", x=np.zeros(3))
    with pytest.raises(ValueError, match=r"not a file written by network\.save"):
        network.load(tmp_path / "other.npz")
    np.savez(tmp_path / "cut.npz", activations=np.array(["tanh", "sigmoid"]), W1=np.zeros((2, 2)))
    with pytest.raises(ValueError, match="lacks b1, W2, b2"):
        network.load(tmp_path / "cut.npz")
    with pytest.raises(ValueError, match="file name"):
        network.save(MLP([2, 1], output="sigmoid", rng=0), "  ")
