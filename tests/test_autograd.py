"""Scalar autograd: each op against central differences, accumulation, and agreement with MLP."""

import math
import re

import numpy as np
import pytest
from _helpers import rel_err, strict

from nnmath import MLP, Value, autograd, losses
from nnmath.gradcheck import numerical_gradient

EPS = 1e-5
TOL = 1e-6


def grads_of(fn, xs):
    """Build Values from xs, run fn on them, backprop; return (output, [∂out/∂x])."""
    vs = [Value(x) for x in xs]
    out = fn(*vs)
    out.backward()
    return out.data, [v.grad for v in vs]


# Each op as a function of Values; the same code runs on plain floats for central differences.
OPS = {
    "add": (lambda a, b: a + b, [1.3, -0.4]),
    "radd": (lambda a: 2.5 + a, [0.7]),
    "sub": (lambda a, b: a - b, [1.3, -0.4]),
    "rsub": (lambda a: 2.0 - a, [0.7]),
    "mul": (lambda a, b: a * b, [1.3, -0.4]),
    "rmul": (lambda a: 3.0 * a, [0.7]),
    "neg": (lambda a: -a, [0.7]),
    "div": (lambda a, b: a / b, [1.3, -0.4]),
    "rdiv": (lambda a: 3.0 / a, [0.7]),
    "pow3": (lambda a: a**3, [-1.2]),
    "pow_half": (lambda a: a**0.5, [2.3]),
    "pow_neg": (lambda a: a**-2, [1.7]),
    "exp": (lambda a: a.exp(), [0.8]),
    "log": (lambda a: a.log(), [0.8]),
    "tanh": (lambda a: a.tanh(), [0.6]),
    "sigmoid_pos": (lambda a: a.sigmoid(), [0.9]),
    "sigmoid_neg": (lambda a: a.sigmoid(), [-1.4]),
    "relu_pos": (lambda a: a.relu(), [0.9]),
    "relu_neg": (lambda a: a.relu(), [-0.9]),
    "composite": (lambda a, b, c: (a * b + c.exp()).tanh() * a - b / c, [0.5, -1.5, 0.3]),
}


def plain(name):
    """The op on floats, through the same Value code: only ``.data`` is read."""
    fn, _ = OPS[name]
    return lambda x: fn(*(Value(v) for v in x)).data


@pytest.mark.parametrize("name", list(OPS))
def test_each_op_matches_central_differences(name):
    fn, xs = OPS[name]
    _, analytic = grads_of(fn, xs)
    numeric = numerical_gradient(plain(name), np.array(xs, dtype=np.float64), EPS)
    assert rel_err(analytic, numeric) < TOL


def test_forward_values_by_hand():
    # a = 2, b = −3: a·b + a = −6 + 2 = −4; a² − b = 4 + 3 = 7; a/b = −2/3
    a, b = Value(2.0), Value(-3.0)
    assert (a * b + a).data == -4.0
    assert (a**2 - b).data == 7.0
    assert (a / b).data == pytest.approx(-2 / 3)
    assert Value(0.0).sigmoid().data == 0.5
    assert Value(math.log(2)).tanh().data == pytest.approx(0.6)  # (2 − ½)/(2 + ½)


def test_chain_rule_by_hand():
    # c = a·b + a  →  ∂c/∂a = b + 1 = −2,  ∂c/∂b = a = 2
    _, (da, db) = grads_of(lambda a, b: a * b + a, [2.0, -3.0])
    assert (da, db) == (-2.0, 2.0)
    # d = tanh(a·b) at a·b = 0: ∂d/∂a = (1 − 0)·b = b
    _, (da, db) = grads_of(lambda a, b: (a * b).tanh(), [0.0, 5.0])
    assert (da, db) == (5.0, 0.0)


def test_a_node_used_twice_accumulates():
    # a·a = a² → 2a = 6;  a + a = 2a → 2
    _, (da,) = grads_of(lambda a: a * a, [3.0])
    assert da == 6.0
    _, (da,) = grads_of(lambda a: a + a, [3.0])
    assert da == 2.0
    # e = a·b with b = a + 1: ∂e/∂a = b + a = 2a + 1 = 7 at a = 3
    _, (da,) = grads_of(lambda a: a * (a + 1.0), [3.0])
    assert da == 7.0


def test_backward_twice_accumulates_and_zero_grad_resets():
    a, b = Value(2.0), Value(-3.0)
    out = a * b
    out.backward()
    assert (a.grad, b.grad) == (-3.0, 2.0)
    out.backward()  # no zeroing: the leaves collect a second copy
    assert (a.grad, b.grad) == (-6.0, 4.0)
    out.zero_grad()
    assert (a.grad, b.grad, out.grad) == (0.0, 0.0, 0.0)
    out.backward()
    assert (a.grad, b.grad) == (-3.0, 2.0)


def test_deep_chain_does_not_hit_the_recursion_limit():
    a = Value(0.5)
    x = a
    for _ in range(5000):
        x = x + 1.0
    x = x * a  # (a + 5000)·a → ∂/∂a = 2a + 5000
    x.backward()
    assert x.data == pytest.approx(5000.5 * 0.5)
    assert a.grad == pytest.approx(2 * 0.5 + 5000, rel=1e-15)
    x.zero_grad()
    assert a.grad == 0.0


def test_deep_chain_of_multiplications():
    a = Value(1.0)
    x = a
    for _ in range(10000):
        x = x * 1.0
    x.backward()
    assert a.grad == 1.0


def test_topological_order_puts_children_first():
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = a * b
    d = c + a
    e = d.tanh() * c
    order = e.topological_order()
    assert len(order) == len({id(n) for n in order}) == 6  # a, b, c, d, tanh(d), e
    pos = {id(n): i for i, n in enumerate(order)}
    for node in order:
        for child in node._prev:
            assert pos[id(child)] < pos[id(node)]
    assert order[-1] is e


def test_numpy_scalars_are_accepted():
    assert (Value(np.float64(2.0)) * np.float64(3.0)).data == 6.0


def test_bad_values():
    with pytest.raises(ValueError, match="Value data must be a finite number, got nan"):
        Value(float("nan"))
    with pytest.raises(ValueError, match=r"log needs a value > 0, got -1\.0"):
        Value(-1.0).log()
    with pytest.raises(TypeError, match="only constant powers"):
        Value(2.0) ** Value(3.0)


def test_repr_shows_label_data_and_grad():
    v = Value(1.5, label="w1")
    assert "w1" in repr(v) and "1.5" in repr(v) and "grad=0" in repr(v)


# ---------------------------------------------------------------- lesson 07: L = (f(wx + b) − y)²


def sig(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # σ written another way: no exp to overflow


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_neuron_loss_graph_by_hand(activation):
    w, x, b, y = 0.5, 1.5, -0.2, 1.0
    n = autograd.neuron_loss_graph(w, x, b, y, activation)
    z = w * x + b  # 0.55
    f, fp = {
        "sigmoid": (sig(z), sig(z) * (1 - sig(z))),
        "tanh": (math.tanh(z), 1 - math.tanh(z) ** 2),
        "relu": (max(z, 0.0), 1.0),
    }[activation]
    assert np.isclose(n["z"].data, 0.55)
    assert np.isclose(n["L"].data, (f - y) ** 2)
    n["L"].backward()
    dz = 2 * (f - y) * fp
    assert np.isclose(n["w"].grad, dz * x)
    assert np.isclose(n["x"].grad, dz * w)
    assert np.isclose(n["b"].grad, dz)
    assert np.isclose(n["a"].grad, 2 * (f - y))


def test_neuron_loss_graph_gradients_match_central_differences():
    p = np.array([0.8, -1.2, 0.3])  # w, x, b

    def loss(q):
        return autograd.neuron_loss_graph(q[0], q[1], q[2], 0.25)["L"].data

    n = autograd.neuron_loss_graph(*p, 0.25)
    n["L"].backward()
    numeric = numerical_gradient(loss, p)
    analytic = np.array([n["w"].grad, n["x"].grad, n["b"].grad])
    assert np.allclose(analytic, numeric, rtol=1e-6, atol=1e-10)


def test_neuron_loss_graph_refuses_unknown_activation():
    with pytest.raises(ValueError, match="activation"):
        autograd.neuron_loss_graph(1, 1, 0, 0, "softmax")
    with pytest.raises(ValueError, match="w must be a finite number, got nan"):
        autograd.neuron_loss_graph(float("nan"), 1, 0, 0)
    with pytest.raises(TypeError, match="y must be a finite number, got '1'"):
        autograd.neuron_loss_graph(1, 1, 0, "1")
    with pytest.raises(TypeError, match=re.escape("x must be a finite number, got '1.5'")):
        autograd.neuron_loss_graph(1, "1.5", 0, 0)
    with pytest.raises(ValueError, match="activation"):
        autograd.neuron_loss_graph(1, 1, 0, 0, ["relu"])


def test_chain_rule_replay_refuses_a_plain_number():
    with pytest.raises(TypeError, match="node must be an autograd Value"):
        autograd.local_gradients(2.0)
    with pytest.raises(TypeError, match="root must be an autograd Value"):
        autograd.backward_steps(2.0)


def test_local_gradients_by_hand_and_grads_restored():
    a, b = Value(3.0), Value(-2.0)
    prod = a * b
    a.grad, b.grad, prod.grad = 7.0, 8.0, 9.0
    assert autograd.local_gradients(prod) == [-2.0, 3.0]  # ∂(ab)/∂a = b, ∂(ab)/∂b = a
    assert (a.grad, b.grad, prod.grad) == (7.0, 8.0, 9.0)
    assert autograd.local_gradients(a) == []
    assert autograd.local_gradients(a * a) == [3.0, 3.0]  # each edge of a·a carries a
    assert autograd.local_gradients(a + a) == [1.0, 1.0]
    assert np.isclose(autograd.local_gradients(a.tanh())[0], 1 - math.tanh(3.0) ** 2)
    assert np.isclose(autograd.local_gradients(a**3)[0], 27.0)


def test_backward_steps_accumulate_and_leave_the_graph_alone():
    a = Value(3.0, label="a")
    b = a * a
    c = b + a  # c = a² + a: ∂c/∂a = 2a + 1 = 7, arriving along three edges
    b.label, c.label = "b", "c"
    a.grad = 5.0  # whatever the graph holds is put back afterwards
    steps = autograd.backward_steps(c)
    assert [s["node"] for s in steps] == list(reversed(c.topological_order()))
    assert [s["node"].label for s in steps] == ["c", "b", "a"]
    assert [s["grad"] for s in steps] == [1.0, 1.0, 7.0]
    assert steps[0]["grad"] == 1.0 and steps[-1]["grad"] == 7.0
    assert (a.grad, b.grad, c.grad) == (5.0, 0.0, 0.0)


def test_backward_steps_equal_value_backward_on_a_bigger_graph():
    n1 = autograd.neuron_loss_graph(-0.7, 2.0, 0.4, 0.0, "tanh")
    n2 = autograd.neuron_loss_graph(-0.7, 2.0, 0.4, 0.0, "tanh")
    steps = autograd.backward_steps(n1["L"])
    n2["L"].backward()
    by_label = {s["node"].label: s["grad"] for s in steps}
    for k in n1:
        assert by_label[n1[k].label] == pytest.approx(n2[k].grad, rel=1e-15)
        assert n1[k].grad == 0.0


# ---------------------------------------------------------------- Value against MLP


def value_forward(net, x, hidden):
    """Forward one sample through ``net``'s weights, entirely in Values."""
    a = [Value(v) for v in x]
    params = []
    for li, layer in enumerate(net.layers):
        W = [[Value(w) for w in row] for row in layer.W]
        b = [Value(v) for v in layer.b]
        params.append((W, b))
        z = [sum((a[i] * W[i][j] for i in range(layer.n_in)), b[j]) for j in range(layer.n_out)]
        if li < len(net.layers) - 1:
            a = [getattr(zj, hidden)() for zj in z]
        else:
            a = z  # the output activation is applied by the loss below
    return a, params


def value_loss(net, X, y, hidden, kind):
    """Mean loss over the batch in Values; returns (L, params per sample)."""
    total = Value(0.0)
    all_params = []
    for x, t in zip(X, y, strict=True):
        z, params = value_forward(net, x, hidden)
        all_params.append(params)
        if kind == "bce":  # −[t log σ(z) + (1 − t) log(1 − σ(z))]
            t = float(t)  # a Python float, so t·Value is Value.__rmul__, not a NumPy broadcast
            p = z[0].sigmoid()
            total = total - (t * p.log() + (1.0 - t) * (1.0 - p).log())
        elif kind == "ce":  # softmax from exp, then −log p_t
            e = [zj.exp() for zj in z]
            s = sum(e[1:], e[0])
            total = total - (e[int(t)] / s).log()
        else:  # mse with an identity output
            total = total + sum(
                ((zj - tj) ** 2 for zj, tj in zip(z, np.atleast_1d(t), strict=True)), Value(0.0)
            )
    return total / len(X), all_params


def gather(all_params, net):
    """Sum each weight's gradient over the per-sample copies (they are one weight in the MLP)."""
    out = []
    for li, layer in enumerate(net.layers):
        dW = np.zeros_like(layer.W)
        db = np.zeros_like(layer.b)
        for params in all_params:
            W, b = params[li]
            dW += np.array([[w.grad for w in row] for row in W])
            db += np.array([v.grad for v in b])
        out += [dW, db]
    return out


@pytest.mark.parametrize(
    ("sizes", "hidden", "output", "loss", "kind"),
    [
        ([2, 3, 1], "tanh", "sigmoid", "binary_cross_entropy", "bce"),
        ([2, 3, 1], "sigmoid", "sigmoid", "binary_cross_entropy", "bce"),
        ([2, 3, 2], "relu", "softmax", "cross_entropy", "ce"),
        ([2, 4, 3], "tanh", "softmax", "cross_entropy", "ce"),
        ([2, 3, 1], "relu", "identity", "mse", "mse"),
    ],
)
def test_value_gradients_equal_mlp_gradients(sizes, hidden, output, loss, kind):
    rng = np.random.default_rng(sum(sizes) + len(hidden) + len(kind))
    net = MLP(sizes, hidden=hidden, output=output, rng=rng)
    for layer in net.layers:
        layer.b[:] = rng.normal(0.0, 0.3, layer.b.shape)
    X = rng.normal(size=(4, 2))
    if kind == "bce":
        y = np.array([0.0, 1.0, 1.0, 0.0])
    elif kind == "ce":
        y = np.arange(4) % sizes[-1]
    else:
        y = rng.normal(size=4)
    value = net.loss_and_grads(X, y, losses.get(loss))
    if hidden == "relu":
        assert np.min(np.abs(net.layers[0].Z)) > 1e-3

    L, all_params = value_loss(net, X, y, hidden, kind)
    assert isinstance(L, Value)
    L.backward()
    assert L.data == pytest.approx(value, rel=1e-12)
    for from_value, from_mlp in zip(gather(all_params, net), net.grads(), strict=True):
        assert rel_err(from_value, from_mlp) < 1e-9


# ---------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        ("1.5", TypeError, "Value data must be a finite number, got '1.5' (str)"),
        (None, TypeError, "Value data must be a finite number, got None"),
        (True, TypeError, "Value data must be a finite number, got True"),
        (1 + 2j, TypeError, "Value data must be a finite number, got (1+2j)"),
        (np.array([1.0, 2.0]), TypeError, "Value data must be a finite number, got array("),
        (float("inf"), ValueError, "Value data must be a finite number, got inf"),
        (-float("inf"), ValueError, "Value data must be a finite number, got -inf"),
    ],
)
def test_a_value_is_one_finite_real_number(data, error, message):
    with pytest.raises(error, match=re.escape(message)):
        Value(data)


def test_the_label_names_a_bad_value_and_must_be_a_string():
    with pytest.raises(TypeError, match=re.escape("w must be a finite number, got 'a'")):
        Value("a", label="w")
    with pytest.raises(TypeError, match="label must be a str, got 3"):
        Value(1.0, label=3)


@pytest.mark.parametrize("number", [np.float32(1.5), np.int64(3), np.array(2.5), 7])
def test_numpy_and_python_numbers_are_values(number):
    assert Value(number).data == float(number)
    assert isinstance(Value(number).data, float)
    assert (Value(1.0) + number).data == 1.0 + float(number)


@pytest.mark.parametrize(
    "operation",
    [
        lambda v: v + "1",
        lambda v: v * None,
        lambda v: v - "1",
        lambda v: "1" - v,
        lambda v: v / "2",
        lambda v: "2" / v,
        lambda v: v ** "2",
    ],
)
def test_operations_with_strings_or_none_are_refused_by_name(operation):
    with pytest.raises(TypeError, match="must be a finite number"):
        operation(Value(2.0))


def test_overflow_gives_inf_without_a_warning_or_an_error():
    with strict():
        e = Value(1000.0).exp()
        p = Value(2.0) ** 1e4
        q = Value(-2.0) ** 10001
        r = Value(1.0) / 5e-324
        s = Value(1e308) * 10.0
        e.backward()
        p.backward()
    assert e.data == math.inf and e._prev[0].grad == math.inf  # d/dx eˣ = eˣ
    assert p.data == math.inf and p._prev[0].grad == math.inf  # 1e4 · 2^9999
    assert q.data == -math.inf  # an odd power keeps the sign
    assert r.data == math.inf and s.data == math.inf
    assert Value(-1000.0).exp().data == 0.0  # underflow is just 0


@pytest.mark.parametrize(
    ("x", "k", "want"),
    [
        (1e300, 2.0, math.inf),
        (-1e300, 3.0, -math.inf),
        (2.0, 1e4, math.inf),
        (2.0, 1e300, math.inf),
    ],
)
def test_a_power_that_overflows_is_inf_silently_as_its_docstring_says(x, k, want):
    with strict():
        p = Value(x) ** k
        p.backward()
    assert p.data == want
    assert re.search(r"\binf\b", Value.__pow__.__doc__)  # the fuzzer's rule: inf documented


@pytest.mark.parametrize("y", [1e300, -1e300, 2e154])
def test_neuron_loss_graph_of_a_huge_target_is_inf_silently_as_documented(y):
    with strict():
        n = autograd.neuron_loss_graph(0.5, 1.5, -0.2, y)
        n["L"].backward()
    assert n["L"].data == math.inf  # (a − y)² overflows
    a = sig(0.55)
    assert n["w"].grad == pytest.approx(2 * (a - y) * a * (1 - a) * 1.5)  # its slope does not
    assert re.search(r"\binf\b", autograd.neuron_loss_graph.__doc__)


def test_results_that_are_not_real_numbers_are_refused():
    big = Value(1000.0).exp()
    with pytest.raises(ValueError, match=re.escape("+ gave NaN (inf − inf or 0 · inf)")):
        big - big
    with pytest.raises(ValueError, match=re.escape("* gave NaN")):
        big * 0.0
    with pytest.raises(ValueError, match=re.escape("division by zero: 1 / 0")):
        Value(1.0) / 0
    with pytest.raises(
        ValueError, match=re.escape("0 has no negative power (a division by zero), got 0 ** -1")
    ):
        Value(0.0) ** -1
    with pytest.raises(ValueError, match="0 has no negative power"):
        1.0 / Value(0.0)
    with pytest.raises(ValueError, match="0 has no negative power"):
        Value(2.0) / Value(0.0)
    with pytest.raises(
        ValueError, match=re.escape("a negative number has no real power 0.5, got (-8) ** 0.5")
    ):
        Value(-8.0) ** 0.5
    with pytest.raises(ValueError, match=re.escape("log needs a value > 0, got 0.0")):
        Value(0.0).log()
    with pytest.raises(ValueError, match="the power k must be a finite number, got inf"):
        Value(2.0) ** math.inf
    with pytest.raises(TypeError, match="the power k must be a finite number, got True"):
        Value(2.0) ** True


def test_powers_at_zero_and_of_negative_numbers_by_hand():
    with strict():
        x = Value(0.0)
        y = x**0.5  # √x: 0, with an infinite slope at 0
        y.backward()
        assert y.data == 0.0 and x.grad == math.inf
        x = Value(0.0)
        y = x**0  # the constant 1: slope 0, even at 0
        y.backward()
        assert y.data == 1.0 and x.grad == 0.0
        x = Value(-2.0)
        y = x**3  # a whole power of a negative number is fine: −8, slope 3·4
        y.backward()
        assert y.data == -8.0 and x.grad == 12.0
    assert (Value(3.0) ** np.float32(2.0)).data == 9.0
    assert (Value(3.0) ** np.int64(2))._op == "**2"  # the label stays the same


def test_division_by_a_number_is_one_constant_node():
    x = Value(3.0)
    y = x / 4
    assert y._op == "*" and y._prev[1].data == 0.25 and not y._prev[1]._prev
    d = x - 1.0  # a + (−y): one constant −1
    assert d._op == "+" and d._prev[1].data == -1.0 and not d._prev[1]._prev
