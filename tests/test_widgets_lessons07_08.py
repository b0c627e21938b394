"""Widgets of lessons 07–08: secant → tangent, the backward pass step by step, gradient flow."""

import math

import numpy as np
import pytest

from nnmath import widgets
from nnmath.gradcheck import numerical_gradient
from nnmath.widgets.backprop import INITS


def cubic(x):
    return x**3 - 3 * x + 1


def cubic_prime(x):
    return 3 * x**2 - 3


def sig(z):
    return 1.0 / (1.0 + math.exp(-z))


# --- lesson 07: the derivative explorer -----------------------------------------------------


def test_derivative_explorer_numbers_by_hand():
    e = widgets.derivative_explorer(cubic, cubic_prime, x0=1.0, h=1.0)
    s = e.update(x0=2.0, h=0.1)
    # (f(2 + h) − f(2)) / h = 9 + 6h + h² = 9.61; central 9 + h² = 9.01; f′(2) = 9
    assert np.isclose(s["forward"], 9.61)
    assert np.isclose(s["central"], 9.01)
    assert np.isclose(s["tangent"], 9.0)
    assert np.isclose(s["forward_error"], 0.61)
    assert np.isclose(s["central_error"], 0.01)
    assert "9.610" in e.equation.value and "9.000" in e.equation.value


def test_derivative_explorer_slider_redraws():
    e = widgets.derivative_explorer(cubic, cubic_prime)
    png = e.image.value
    e.controls["h"].value = 0.05
    assert e.image.value != png and e.image.value[:4] == b"\x89PNG"
    assert np.isclose(e.state["forward"], (cubic(1.05) - cubic(1.0)) / 0.05)


@pytest.mark.parametrize(
    "kwargs", [{"f": 3.0, "df": cubic_prime}, {"f": cubic, "df": cubic_prime, "h": 0.0}]
)
def test_derivative_explorer_refuses_bad_input(kwargs):
    with pytest.raises(ValueError):
        widgets.derivative_explorer(**kwargs)


# --- lesson 07: the chain-rule explorer -----------------------------------------------------


def hand_grads(w, x, b, y):
    a = sig(w * x + b)
    dz = 2 * (a - y) * a * (1 - a)
    return {"L": (a - y) ** 2, "w": dz * x, "x": dz * w, "b": dz, "a": 2 * (a - y)}


def test_chain_rule_explorer_gradients_by_hand():
    e = widgets.chain_rule_explorer(y=1.0)
    s = e.update(w=0.8, x=-1.2, b=0.3, step=9)
    h = hand_grads(0.8, -1.2, 0.3, 1.0)
    assert np.isclose(s["L"], h["L"])
    for k in ("w", "x", "b", "a"):
        assert np.isclose(s["grads"][k], h[k]), k
    assert s["grads"]["L"] == 1.0
    assert s["values"]["z"] == pytest.approx(0.8 * -1.2 + 0.3)


def test_chain_rule_explorer_gradients_match_central_differences():
    e = widgets.chain_rule_explorer(y=0.2)
    p = np.array([-0.4, 2.0, 0.5])
    s = e.update(w=p[0], x=p[1], b=p[2], step=0)

    def loss(q):
        return (sig(q[0] * q[1] + q[2]) - 0.2) ** 2

    numeric = numerical_gradient(loss, p)
    assert np.allclose([s["grads"]["w"], s["grads"]["x"], s["grads"]["b"]], numeric, rtol=1e-6)


def test_chain_rule_explorer_steps_reveal_one_node_each():
    e = widgets.chain_rule_explorer()
    s0 = e.update(w=0.5, x=1.5, b=-0.2, step=0)
    assert s0["shown"] == {} and s0["current"] is None
    assert "forward" in e.equation.value
    assert s0["order"][0] == "L" and sorted(s0["order"][-2:] + s0["order"][:0]) != []
    for step in range(1, e.n_nodes + 1):
        s = e.update(w=0.5, x=1.5, b=-0.2, step=step)
        assert len(s["shown"]) == step
        assert s["current"] == s["order"][step - 1]
        assert s["shown"][s["current"]] == pytest.approx(s["grads"][_key(s["current"])])
    assert s["shown"].keys() == set(s["order"])


def _key(label):
    return {"w·x": "wx", "a − y": "d"}.get(label, label)


def test_chain_rule_equation_is_the_chain_rule_with_numbers():
    e = widgets.chain_rule_explorer()
    s = e.update(w=0.5, x=1.5, b=-0.2, step=1)
    assert "seed" in e.equation.value
    z_step = s["order"].index("z") + 1
    s = e.update(w=0.5, x=1.5, b=-0.2, step=z_step)
    # ∂L/∂z = ∂L/∂a · ∂a/∂z, with ∂a/∂z = σ(z)(1 − σ(z)) = 0.232 at z = 0.55
    a = sig(0.55)
    assert f"{a * (1 - a):.3f}" in e.equation.value
    assert f"{2 * (a - 1) * a * (1 - a):.4f}".replace("-", "−") in e.equation.value
    assert r"\partial a" in e.equation.value


def test_chain_rule_explorer_sliders_redraw():
    e = widgets.chain_rule_explorer()
    png = e.image.value
    e.controls["step"].value = 3
    assert e.image.value != png
    assert len(e.state["shown"]) == 3
    png = e.image.value
    e.controls["w"].value = -1.0
    assert e.image.value != png
    assert np.isclose(e.state["grads"]["w"], hand_grads(-1.0, 1.5, -0.2, 1.0)["w"])
    assert e.play.max == e.n_nodes == 9


def test_chain_rule_explorer_refuses_bad_step():
    with pytest.raises(ValueError, match="step"):
        widgets.chain_rule_explorer(step=10)


# --- lesson 08: gradient flow ---------------------------------------------------------------


def hand_norms(net, X, y):
    """‖dW_l‖ by hand: forward, then dZ = dA ⊙ f′(Z), dW = Aᵀ dZ, dA = dZ Wᵀ (MSE)."""
    A, Zs = [X], []
    for layer in net.layers:
        Zs.append(A[-1] @ layer.W + layer.b)
        Z = Zs[-1]
        A.append(
            {
                "sigmoid": 0.5 * (1 + np.tanh(Z / 2)),
                "tanh": np.tanh(Z),
                "relu": np.maximum(Z, 0),
                "identity": Z,
            }[layer.activation]
        )
    dA = 2 * (A[-1] - y) / len(X)
    norms = []
    for i in reversed(range(len(net.layers))):
        a = A[i + 1]
        fp = {"sigmoid": a * (1 - a), "tanh": 1 - a**2, "relu": (a > 0) * 1.0, "identity": 1.0}
        dZ = dA * fp[net.layers[i].activation]
        norms.append(np.sqrt(np.sum((A[i].T @ dZ) ** 2)))
        dA = dZ @ net.layers[i].W.T
    return np.array(norms[::-1])


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("init", ["xavier", "he"])
def test_gradient_flow_norms_by_hand(activation, init):
    e = widgets.gradient_flow_explorer(depth=4)
    s = e.update(depth=7, activation=activation, init=init)
    expected = hand_norms(s["net"], e.X, e.y)
    assert s["norms"].shape == (7,)
    assert np.allclose(s["norms"], expected, rtol=1e-10)
    assert np.isclose(s["ratio"], expected[0] / expected[-1])
    assert np.isclose(s["per_layer"] ** 6, s["ratio"])


def test_gradient_flow_vanishes_for_sigmoid_and_explodes_for_large_relu():
    e = widgets.gradient_flow_explorer()
    sig_state = e.update(depth=12, activation="sigmoid", init="xavier")
    assert sig_state["ratio"] < 1e-5  # each sigmoid layer at most ×0.25 from σ′
    # ReLU with std 1: every layer multiplies by about 1·√16·√½ ≈ 2.8, forward and back,
    # so ‖dW_l‖ = ‖A_(l−1)ᵀ dZ_l‖ is about equal in every layer, and huge in all of them
    big = e.update(depth=12, activation="relu", init=1.0)
    assert big["norms"].min() > 1e4
    tiny = e.update(depth=12, activation="relu", init=0.01)
    assert tiny["norms"].max() < 1e-10
    he = e.update(depth=12, activation="relu", init="he")
    assert 1e-2 < he["ratio"] < 1e2
    assert 1e-3 < he["norms"].min() and he["norms"].max() < 1e2


def test_gradient_flow_text_flags_absolute_sizes():
    e = widgets.gradient_flow_explorer()
    # std 1 ReLU: a per-layer factor below 1, yet every gradient is enormous
    big = e.update(depth=20, activation="relu", init=1.0)
    assert big["per_layer"] < 1 and big["norms"].min() > 1e12
    assert big["verdict"] == "exploding" and "Exploding" in e.equation.value
    tiny = e.update(depth=20, activation="tanh", init=0.01)
    assert 0.1 < tiny["ratio"] < 10  # the ratio alone looks harmless
    assert tiny["verdict"] == "vanishing" and "Vanishing" in e.equation.value
    assert e.update(depth=5, activation="sigmoid", init="xavier")["verdict"] == "vanishing"
    assert e.update(depth=20, activation="relu", init="he")["verdict"] == "healthy"
    assert "Healthy" in e.equation.value


def test_gradient_flow_controls_redraw():
    e = widgets.gradient_flow_explorer(depth=5)
    png = e.image.value
    e.controls["depth"].value = 15
    assert e.image.value != png and len(e.state["norms"]) == 15
    visible = [bar.get_visible() for bar in e.artists["bars"]]
    assert sum(visible) == 15
    png = e.image.value
    e.controls["activation"].value = "relu"
    assert e.image.value != png
    png = e.image.value
    e.controls["init"].value = 0.01
    assert e.image.value != png
    assert [v for _, v in INITS] == [0.01, "xavier", "he", 1.0]
    assert "‖dW₁₅‖ = " in e.ax.get_title()
    assert e.ax.get_ylim() == (1e-45, 1e25)  # fixed: heights are absolute sizes


@pytest.mark.parametrize(
    "kwargs", [{"activation": "softmax"}, {"init": "zeros"}, {"depth": 1}, {"depth": 21}]
)
def test_gradient_flow_refuses_bad_input(kwargs):
    with pytest.raises(ValueError):
        widgets.gradient_flow_explorer(**kwargs)
