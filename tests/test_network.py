"""MLP: forward by hand, backprop checked against central differences for every pairing."""

import io
import os
import re
import tracemalloc
import zipfile
import zlib
from itertools import pairwise
from pathlib import Path

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


# ---------------------------------------------------------------- hostile input (issue 16)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: MLP(5, rng=0), TypeError, "sizes must be a sequence of layer widths such as"),
        (lambda: MLP("23", rng=0), TypeError, "sizes must be a sequence of layer widths"),
        (lambda: MLP([2, 0], rng=0), ValueError, "sizes[1] must be a whole number >= 1, got 0"),
        (lambda: MLP([2, 2.5], rng=0), ValueError, "sizes[1] must be a whole number >= 1, got 2.5"),
        (
            lambda: MLP([True, 2], rng=0),
            TypeError,
            "sizes[0] must be a whole number >= 1, got True",
        ),
        (lambda: MLP([2, "3"], rng=0), TypeError, "sizes[1] must be a whole number >= 1, got '3'"),
        (lambda: MLP([2, 10**5, 10**5], rng=0), ValueError, "weights, more than 100,000,000"),
        (
            lambda: MLP([2, 3], hidden="bogus", rng=0),
            ValueError,
            "unknown activation 'bogus' for hidden",
        ),
        (lambda: MLP([2, 3], hidden=None, rng=0), TypeError, "hidden must be an activation name"),
        (
            lambda: MLP([2, 3], output=["relu"], rng=0),
            TypeError,
            "output must be an activation name",
        ),
        (lambda: MLP([2, 3], rng=-1), ValueError, "rng as a seed must be an int >= 0, got -1"),
        (lambda: MLP.from_layers([]), ValueError, "layers must hold at least one layer, got none"),
        (lambda: MLP.from_layers([1, 2]), TypeError, "layers[0] must be a layer such as Dense"),
        (lambda: MLP.from_layers(Dense(2, 2, rng=0)), TypeError, "layers must be a list of layers"),
        (
            lambda: MLP.from_layers([Dense(2, 2, rng=0), "x"]),
            TypeError,
            "layers[1] must be a layer",
        ),
    ],
)
def test_construction_refuses_bad_arguments_by_name(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call()


def test_construction_takes_numpy_sizes_and_whole_floats():
    a = MLP(np.array([2, 3, 1]), rng=0)
    b = MLP([np.int64(2), 3.0, 1], rng=0)
    assert a.sizes == b.sizes == [2, 3, 1] and all(isinstance(s, int) for s in b.sizes)
    np.testing.assert_array_equal(a.layers[0].W, b.layers[0].W)


def test_huge_inputs_give_documented_inf_or_a_clear_error_never_a_warning():
    X = np.full((3, 2), 1e308)
    with strict():
        for hidden in ("relu", "tanh", "identity"):
            for output, k in (("identity", 1), ("sigmoid", 1), ("softmax", 2)):
                net = MLP([2, 8, 8, k], hidden, output, rng=0)
                y_hat = net.forward(X)  # may hold ±inf or NaN: no warning
                assert y_hat.shape == (3, k)
                try:
                    pred = net.predict(X)
                except ValueError as err:
                    assert "the network's output is NaN for X (|x| up to 1e+308)" in str(err)
                    assert np.isnan(y_hat).any()
                else:
                    assert not np.isnan(y_hat).any() and pred.shape == (3,)
        net = MLP([2, 8, 1], "relu", "sigmoid", rng=0)
        net.loss_and_grads(X, [1, 0, 1], "binary_cross_entropy")  # ±inf gradients, no warning
        net.backward(np.full((3, 1), 1e308), need_dX=True)
        net.backward_loss("binary_cross_entropy", [1, 0, 1], need_dX=True)
        net = MLP([2, 8, 1], "relu", "identity", rng=0)
        assert net.loss_and_grads(X, [[1.0]] * 3, "mse") == np.inf  # L overflows: inf
        to_inf = MLP.from_layers([Dense.from_weights([[1e308], [1e308]], [0.0], "identity")])
        with pytest.raises(ValueError, match="y_hat contains infinity"):  # the loss refuses it
            to_inf.loss_and_grads([[10.0, 10.0]], [[1.0]], "mse")


def test_classes_unchecked_is_the_same_rule():
    P = np.random.default_rng(0).dirichlet(np.ones(3), size=6)
    np.testing.assert_array_equal(network.classes(P, check_input=False), network.classes(P))
    p = np.array([[0.2], [0.7]])
    assert network.classes(p, check_input=False).tolist() == network.classes(p).tolist() == [0, 1]


def test_regression_predict_overflow_is_inf():
    net = MLP.from_layers([Dense.from_weights([[1e308], [1e308]], [0.0], "identity")])
    with strict():
        assert net.predict([[10.0, 10.0]]).tolist() == [np.inf]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda net: net.backward(np.ones((4, 1)), need_dX="yes"),
            TypeError,
            "need_dX must be True or False",
        ),
        (
            lambda net: net.backward_loss("mse", np.ones((4, 1)), need_dX=1),
            TypeError,
            "need_dX must be",
        ),
        (
            lambda net: net.loss_and_grads(np.ones((4, 3)), np.ones(4), "mse"),
            ValueError,
            "X must have shape (n, 2)",
        ),
        (lambda net: net.loss_and_grads(np.ones((4, 2)), np.ones(4), "hinge"), ValueError, "hinge"),
        (lambda net: network.classes([["a"]]), TypeError, "y_hat must hold numbers"),
        (
            lambda net: network.classes(np.ones(3)),
            ValueError,
            "y_hat must have shape (n, k) with n, k >= 1, got (3,)",
        ),
        (lambda net: network.classes(np.ones((0, 3))), ValueError, "n, k >= 1, got (0, 3)"),
        (lambda net: network.classes([[np.nan, 0.5]]), ValueError, "y_hat contains NaN"),
        (lambda net: network.classes([[np.inf], [0.5]]), ValueError, "y_hat contains infinity"),
        (lambda net: network.classes([[1 + 1j]]), TypeError, "y_hat must hold real numbers"),
    ],
)
def test_methods_refuse_bad_arguments(call, error, message):
    net = MLP([2, 3, 1], rng=0)
    net.forward(np.ones((4, 2)))
    with pytest.raises(error, match=re.escape(message)):
        call(net)


# ---------------------------------------------------------------- tampered weight files


def _saved(tmp_path, name="net"):
    """A saved 2 → 3 → 1 network's arrays, to tamper with."""
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", rng=0)
    with np.load(network.save(net, tmp_path / name)) as f:
        return {k: f[k] for k in f.files}


def _write_npz(tmp_path, arrays, name="tampered.npz"):
    path = tmp_path / name
    np.savez(path, **arrays)
    return path


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda a: a.pop("W2"), "lacks W2"),
        (lambda a: a.pop("sizes"), "lacks sizes"),
        (lambda a: a.update(activations=np.array(["tanh", "tanh", "sigmoid"])), "lacks W3, b3"),
        (
            lambda a: a.update(activations=np.array([], dtype=str)),
            "activations must name 1 … 1000 layers, got 0",
        ),
        (
            lambda a: a.update(activations=np.array([[1.0]])),
            "activations must hold text, got dtype float64",
        ),
        (
            lambda a: a.update(activations=np.array(["tanh", "softplus"])),
            "activations[1] is 'softplus', not one of",
        ),
        (
            lambda a: a.update(sizes=np.array([2, 5, 1])),
            "sizes [2, 5, 1] disagree with the weights' widths [2, 3, 1]",
        ),
        (
            lambda a: a.update(sizes=np.array([2.0, 3.0, 1.0])),
            "sizes must hold whole numbers, got dtype float64",
        ),
        (lambda a: a.update(W1=a["W1"] + 1j), "W1 must hold real numbers, got dtype complex128"),
        (lambda a: a.update(W1=a["W1"].astype(bool)), "W1 must hold real numbers, got dtype bool"),
        (lambda a: a.update(b2=np.array(["x"])), "b2 must hold real numbers"),
        (lambda a: a.update(W1=a["W1"][0]), "W1 must be 2-D, got shape (3,)"),
        (lambda a: a.update(b1=np.zeros(4)), "W1 (2, 3) and b1 (4,) do not chain"),
        (
            lambda a: a.update(W2=np.zeros((4, 1))),
            "W2 (4, 1) and b2 (1,) do not chain with the layer before (its 3 outputs)",
        ),
        (
            lambda a: a.update(W1=np.zeros((2, 0)), b1=np.zeros(0), W2=np.zeros((0, 1))),
            "a layer has no units",
        ),
        (lambda a: a.update(W1=np.full((2, 3), np.nan)), "W1 contains NaN"),
        (lambda a: a.update(b2=np.array([np.inf])), "b2 contains infinity"),
        (
            lambda a: a.update(W9=np.zeros((1, 1))),
            "holds W9.npy, which network.save does not write (activations names 2 layers)",
        ),
    ],
)
def test_load_refuses_tampered_files_naming_them(tmp_path, tamper, message):
    arrays = _saved(tmp_path)
    tamper(arrays)
    path = _write_npz(tmp_path, arrays)
    with pytest.raises(ValueError, match=re.escape(f"{path}") + ".*" + re.escape(message)):
        network.load(path)


def test_load_refuses_object_arrays_without_unpickling(tmp_path):
    arrays = _saved(tmp_path)
    arrays["W1"] = np.array([[print, 1.0, 2.0]] * 2, dtype=object)  # savez pickles it
    path = _write_npz(tmp_path, arrays)
    with pytest.raises(ValueError, match="W1 holds Python objects, which load never unpickles"):
        network.load(path)


def test_load_refuses_files_that_are_not_npz_archives(tmp_path):
    good = network.save(MLP([2, 3, 1], rng=0), tmp_path / "good")
    data = Path(good).read_bytes()
    cases = {
        "one.npy": None,
        "cut.npz": data[: len(data) // 2],
        "text.npz": b"W1,b1\n1,2\n",
        "empty.npz": b"",
    }
    np.save(tmp_path / "one.npy", np.zeros(3))
    for name, content in cases.items():
        if content is not None:
            (tmp_path / name).write_bytes(content)
        want = "is one .npy array" if name == "one.npy" else "is not an .npz file written by"
        with pytest.raises(ValueError, match=re.escape(f"{tmp_path / name} {want}")):
            network.load(tmp_path / name)


def _bomb(path, shape):
    """An .npz whose W1 header declares ``shape`` (float64) but holds 64 bytes of data."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": shape}
    )
    members = {
        "W1.npy": header.getvalue() + bytes(64),
        "b1.npy": _npy(np.zeros(shape[1])),
        "sizes.npy": _npy(np.array(shape)),
        "activations.npy": _npy(np.array(["sigmoid"])),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return path


def _npy(a):
    buf = io.BytesIO()
    np.save(buf, a)
    return buf.getvalue()


def test_load_refuses_a_zip_bomb_before_allocating(tmp_path):
    path = _bomb(tmp_path / "bomb.npz", (16384, 16384))  # 2.1 GB declared, ~140 kB on disk
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"bomb\.npz: W1 declares shape \(16384, 16384\)"):
            network.load(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * 2**20  # nothing near 2 GB (NumPy reports its buffers to tracemalloc)


def test_load_refuses_more_weights_than_the_limit(tmp_path, monkeypatch):
    path = network.save(MLP([2, 3, 1], rng=0), tmp_path / "net")  # 13 weights
    monkeypatch.setattr(network, "MAX_NUMBERS", 12)
    with pytest.raises(ValueError, match="declares 13 weights, more than 12"):
        network.load(path)


@pytest.mark.parametrize(
    ("path", "error", "message"),
    [
        (None, TypeError, "path must be a file name (str or pathlib.Path), got None"),
        (3, TypeError, "path must be a file name (str or pathlib.Path), got 3 (int)"),
        ("", ValueError, "path must name a file, got ''"),
    ],
)
def test_load_refuses_paths_that_are_not_files(path, error, message):
    with pytest.raises(error, match=re.escape(message)):
        network.load(path)


def test_load_refuses_folders_and_fifos_and_keeps_file_not_found(tmp_path):
    with pytest.raises(ValueError, match="is not a regular file"):
        network.load(tmp_path)
    with pytest.raises(FileNotFoundError):
        network.load(tmp_path / "missing.npz")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.npz")
        with pytest.raises(ValueError, match=r"pipe\.npz is not a regular file"):
            network.load(tmp_path / "pipe.npz")  # refused before open: it would block


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda p: network.save("net", p / "w"), TypeError, "net must be an nnmath MLP, got str"),
        (lambda p: network.save(MLP([2, 1], rng=0), 3), TypeError, "path must be a file name"),
        (lambda p: network.save(MLP([2, 1], rng=0), None), TypeError, "path must be a file name"),
        (lambda p: network.save(MLP([2, 1], rng=0), "a\0b"), ValueError, "must not contain a NUL"),
        (
            lambda p: network.save(text.char_model(3, rng=0), p / "w"),
            ValueError,
            "Dense layers only",
        ),
    ],
)
def test_save_refuses_bad_arguments(tmp_path, call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call(tmp_path)


def test_save_refuses_non_finite_weights(tmp_path):
    net = MLP([2, 3, 1], rng=0)
    net.layers[1].b[0] = np.inf
    with pytest.raises(ValueError, match=r"the weights of layer 2 \(b\) contains infinity"):
        network.save(net, tmp_path / "w")
    assert not (tmp_path / "w.npz").exists()
