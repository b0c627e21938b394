"""Lesson 07: the gradient check of a new backward rule, and what a forgotten zero_grad does.

``gradcheck.value_gradients`` must agree with central differences for a right
rule and disagree, on the graph built to reveal it, for each plausible wrong
one. The repeated-backward results are this engine's (it keeps intermediate
gradients); PyTorch, where installed, doubles leaf gradients exactly.
"""

import math

import numpy as np
import pytest

from nnmath import Value, autograd
from nnmath.gradcheck import relative_error, value_gradients


def _divide(grad_a, grad_b, overwrite=False, children=True):
    """A division op with the backward rule ``grad_a(a, b, g)``, ``grad_b(a, b, g)``."""

    def divide(a, b):
        out = Value(a.data / b.data, (a, b) if children else (), "/")

        def _backward():
            da, db = grad_a(a.data, b.data, out.grad), grad_b(a.data, b.data, out.grad)
            if overwrite:
                a.grad, b.grad = da, db
            else:
                a.grad += da
                b.grad += db

        out._backward = _backward
        return out

    return divide


def _right_a(a, b, g):
    return g / b


def _right_b(a, b, g):
    return -a / b**2 * g


RIGHT = _divide(_right_a, _right_b)
WRONG = {
    "forgot out.grad": _divide(lambda a, b, g: 1 / b, lambda a, b, g: -a / b**2),
    "= instead of +=": _divide(_right_a, _right_b, overwrite=True),
    "wrong sign": _divide(_right_a, lambda a, b, g: a / b**2 * g),
    "each other's derivative": _divide(_right_b, _right_a),
    "no _prev": _divide(_right_a, _right_b, children=False),
}
GRAPHS = {
    "alone": lambda div: lambda a, b: div(a, b),
    "times 3": lambda div: lambda a, b: div(a, b) * 3.0,
    "computed inputs": lambda div: lambda a, b: div(a * b, a + b),
    "reused": lambda div: lambda a, b: div(a, b) * a + b,
}
POINTS = [np.array([1.5, -0.6]), np.array([-2.0, 0.7]), np.array([0.3, 4.0])]


@pytest.mark.parametrize("point", POINTS, ids=str)
@pytest.mark.parametrize("graph", GRAPHS)
def test_a_right_rule_agrees_with_central_differences(graph, point):
    backprop, numeric = value_gradients(GRAPHS[graph](RIGHT), point)
    assert relative_error(backprop, numeric) < 1e-8
    # and with Value's own division
    reference, _ = value_gradients(GRAPHS[graph](lambda a, b: a / b), point)
    assert np.allclose(backprop, reference, rtol=1e-12)


@pytest.mark.parametrize("mistake", WRONG)
def test_every_wrong_rule_fails_on_some_graph(mistake):
    divide = WRONG[mistake]
    errors = [relative_error(*value_gradients(g(divide), POINTS[0])) for g in GRAPHS.values()]
    assert max(errors) > 1e-2, errors


def test_the_graphs_separate_the_mistakes():
    """Which graph first fails names the mistake, as the lesson's check reports it."""

    def first_failing(divide):
        for name, g in GRAPHS.items():
            if relative_error(*value_gradients(g(divide), POINTS[0])) > 1e-6:
                return name
        return None

    assert first_failing(RIGHT) is None
    assert first_failing(WRONG["wrong sign"]) == "alone"
    assert first_failing(WRONG["each other's derivative"]) == "alone"
    assert first_failing(WRONG["forgot out.grad"]) == "times 3"
    assert first_failing(WRONG["no _prev"]) == "computed inputs"
    assert first_failing(WRONG["= instead of +="]) == "reused"


def test_value_gradients_of_known_functions():
    backprop, numeric = value_gradients(lambda w, b: (w * 1.5 + b).tanh(), [0.2, -0.1])
    t = math.tanh(0.2 * 1.5 - 0.1)
    assert np.allclose(backprop, [(1 - t * t) * 1.5, 1 - t * t], rtol=1e-12)
    assert np.allclose(numeric, backprop, rtol=1e-8)
    one, _ = value_gradients(lambda x: x.exp(), np.array([0.0]))
    assert one.shape == (1,) and one[0] == 1.0


def test_value_gradients_refuses_bad_input():
    with pytest.raises(TypeError, match="f must be a function"):
        value_gradients(3.0, [1.0])
    with pytest.raises(TypeError, match="must return an autograd Value"):
        value_gradients(lambda a: a.data, [1.0])
    with pytest.raises(ValueError, match="1-D array"):
        value_gradients(lambda a: a, [[1.0, 2.0]])
    with pytest.raises(ValueError, match="1-D array"):
        value_gradients(lambda *v: v[0], [])
    with pytest.raises(ValueError, match="NaN"):
        value_gradients(lambda a: a, [math.nan])
    with pytest.raises(ValueError, match="eps"):
        value_gradients(lambda a: a, [1.0], eps=0)


def test_value_gradients_gives_fresh_values_to_every_call():
    seen = []

    def f(a):
        seen.append(a)
        return a * a

    value_gradients(f, [2.0])
    assert len({id(v) for v in seen}) == len(seen) == 3  # backward, then ± ε


# --- repeated backward: this engine, and PyTorch


def _neuron():
    return autograd.neuron_loss_graph(0.5, 1.5, -0.2, 1.0)


def test_a_second_backward_in_this_engine_grows_along_the_chain():
    n = _neuron()
    n["L"].backward()
    once = {k: n[k].grad for k in ("d", "a", "z", "wx", "w")}
    n["L"].backward()
    assert [round(n[k].grad / once[k]) for k in once] == [2, 3, 4, 5, 6]


def test_with_intermediate_gradients_zeroed_a_second_backward_doubles_the_leaves():
    n = _neuron()
    n["L"].backward()
    once = {k: n[k].grad for k in ("w", "x", "b")}
    for node in n["L"].topological_order():
        if node._prev:
            node.grad = 0.0
    n["L"].backward()
    assert all(n[k].grad == 2 * once[k] for k in once)


def test_pytorch_doubles_leaf_gradients_exactly():
    torch = pytest.importorskip("torch", reason="PyTorch not installed")
    w, x, b = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (0.5, 1.5, -0.2))
    L = (torch.sigmoid(w * x + b) - 1.0) ** 2
    L.backward(retain_graph=True)
    once = [t.grad.item() for t in (w, x, b)]
    L.backward()
    assert [t.grad.item() for t in (w, x, b)] == [2 * g for g in once]
    n = _neuron()
    n["L"].backward()
    assert np.allclose(once, [n[k].grad for k in ("w", "x", "b")], rtol=1e-12)


def _loss(w, b):
    return ((w * 1.5 + b).sigmoid() - 0.3) ** 2


def test_training_without_zero_grad_is_momentum_one():
    """w.grad piles up Σ g: the step −η Σ g is lesson 6's momentum with μ = 1."""
    lr = 0.5
    w, b = Value(0.5), Value(-0.2)
    p, v = np.array([0.5, -0.2]), np.zeros(2)
    for _ in range(40):
        _loss(w, b).backward()  # no zero_grad
        w.data -= lr * w.grad
        b.data -= lr * b.grad
        v = 1.0 * v - lr * value_gradients(_loss, p)[0]
        p = p + v
        assert np.allclose([w.data, b.data], p, rtol=0, atol=1e-12)
    # it overshoots and sticks: the loss of the final point is (0 − 0.3)², no gradient left
    assert _loss(Value(p[0]), Value(p[1])).data == pytest.approx(0.09, abs=1e-3)
    assert np.linalg.norm(value_gradients(_loss, p)[0]) < 1e-5 < 0.1 < np.linalg.norm(v)
