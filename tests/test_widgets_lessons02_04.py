"""Widgets of lessons 02–04: activation picker, 2 × 2 layer, bumps (width) and folds (depth)."""

import itertools

import numpy as np
import pytest

from nnmath import widgets


@pytest.fixture(scope="module")
def activation_widget():
    """One explorer shared by the tests that only call ``update`` (building one draws a figure)."""
    return widgets.activation_explorer("sigmoid", z=0.5)


@pytest.fixture(scope="module")
def depth_widget():
    return widgets.depth_explorer(depth=1)


# --- lesson 02 ----------------------------------------------------------------------------


def test_activation_explorer_sigmoid_by_hand():
    e = widgets.activation_explorer("sigmoid", z=1.0)
    s = 1.0 / (1.0 + np.exp(-1.0))
    assert np.isclose(e.state["f"], s)
    assert np.isclose(e.state["df"], s * (1 - s))
    assert not e.state["saturated"]
    assert f"{s:.3f}" in e.equation.value and f"{s * (1 - s):.3f}" in e.equation.value


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity"])
@pytest.mark.parametrize("z", [-4.0, -0.5, 0.3, 2.2])
def test_activation_explorer_slope_is_a_central_difference(activation_widget, name, z):
    f = {
        "sigmoid": lambda t: 1.0 / (1.0 + np.exp(-t)),
        "tanh": np.tanh,
        "relu": lambda t: max(t, 0.0),
        "identity": lambda t: t,
    }[name]
    state = activation_widget.update(activation=name, z=z)
    eps = 1e-6
    assert np.isclose(state["f"], f(z))
    assert np.isclose(state["df"], (f(z + eps) - f(z - eps)) / (2 * eps), atol=1e-6)


def test_activation_explorer_flags_saturation_and_dead_relu(activation_widget):
    e = activation_widget
    assert e.update(activation="sigmoid", z=-4.0)["saturated"]  # σ′(−4) ≈ 0.018
    assert not e.update(activation="sigmoid", z=-2.0)["saturated"]  # σ′(−2) ≈ 0.105
    assert e.update(activation="tanh", z=3.0)["saturated"]
    state = e.update(activation="relu", z=-1.0)
    assert state["df"] == 0.0 and "switched off" in e.equation.value
    assert not e.update(activation="identity", z=-5.0)["saturated"]


def test_activation_explorer_controls_redraw():
    e = widgets.activation_explorer("sigmoid", z=0.0)
    png = e.image.value
    e.controls["z"].value = 2.0
    assert e.state["z"] == 2.0 and e.image.value != png
    png = e.image.value
    e.controls["activation"].value = "relu"
    assert e.state["activation"] == "relu" and e.state["f"] == 2.0
    assert e.image.value != png


def test_activation_explorer_blit_equals_full_redraw_after_switching():
    e = widgets.activation_explorer("sigmoid", z=0.0)
    for name in ("identity", "sigmoid", "identity", "relu"):  # new and cached backgrounds
        e.update(activation=name, z=1.5)
        e.update(activation=name, z=-2.5)
        blitted = e.image.value
        e.redraw(full=True)
        assert e.image.value == blitted, name


def test_activation_explorer_refuses_bad_input():
    with pytest.raises(ValueError, match="vector"):
        widgets.activation_explorer("softmax")
    with pytest.raises(ValueError, match="unknown activation"):
        widgets.activation_explorer("gelu")
    with pytest.raises(ValueError, match=r"pre-activation z must be a finite number in \[-6, 6\]"):
        widgets.activation_explorer("tanh", z=9.0)


# --- lesson 03 ----------------------------------------------------------------------------


def test_layer_explorer_numbers_by_hand():
    e = widgets.layer_explorer(W=[[1.0, 0.5], [-0.5, 1.2]], b=[0.5, -0.3], activation="relu")
    # x = (1, 0.5): z₁ = 1·1 + 0.5·(−0.5) + 0.5 = 1.25, z₂ = 1·0.5 + 0.5·1.2 − 0.3 = 0.8
    assert np.allclose(e.state["z"], [1.25, 0.8])
    assert np.allclose(e.state["a"], [1.25, 0.8])
    assert np.isclose(e.state["det"], 1.0 * 1.2 - 0.5 * (-0.5))
    assert "1.25" in e.equation.value and "0.80" in e.equation.value
    s = e.update(w11=-1.0, w12=0.5, w21=-0.5, w22=1.2, b1=0.5, b2=-0.3, activation="tanh")
    assert np.allclose(s["z"], [-0.75, 0.8])
    assert np.allclose(s["a"], np.tanh([-0.75, 0.8]))
    assert s["layer"].W.shape == (2, 2)


def test_layer_explorer_says_areas_scale_by_abs_det_and_when_the_plane_flips():
    e = widgets.layer_explorer(W=[[1.0, 0.5], [-0.5, 1.2]], b=[0.5, -0.3])
    assert r"|\det W| = 1.45" in e.equation.value and "flipped" not in e.equation.value
    # det W = w₁₁w₂₂ − w₁₂w₂₁ = w₂₂ + 0.25 here: −0.2 thins the square, −0.3 flips it
    s = e.update(w11=1.0, w12=0.5, w21=-0.5, w22=-0.2, b1=0.5, b2=-0.3, activation="relu")
    assert np.isclose(s["det"], 0.05) and "flipped" not in e.equation.value
    s = e.update(w11=1.0, w12=0.5, w21=-0.5, w22=-0.3, b1=0.5, b2=-0.3, activation="relu")
    assert np.isclose(s["det"], -0.05)
    assert r"|\det W| = 0.05" in e.equation.value and "flipped over" in e.equation.value
    e.update(w11=1.0, w12=0.5, w21=2.0, w22=1.0, b1=0.0, b2=0.0, activation="relu")  # det = 0
    assert "flipped" not in e.equation.value


def test_layer_explorer_sliders_redraw_and_fire_update():
    e = widgets.layer_explorer()
    png = e.image.value
    e.controls["w12"].value = 1.0  # z₂ = x₁·1 + x₂·1 = 1.5
    assert np.allclose(e.state["z"], [1.0, 1.5]) and e.image.value != png
    png = e.image.value
    e.controls["activation"].value = "sigmoid"
    assert np.allclose(e.state["a"], 1 / (1 + np.exp(-np.array([1.0, 1.5]))))
    assert e.image.value != png


def test_layer_explorer_blit_equals_full_redraw_after_new_limits():
    e = widgets.layer_explorer(activation="relu")
    for name in ("tanh", "relu", "tanh"):  # a new background, then cached ones
        e.update(w11=1.5, w12=0.2, w21=0.1, w22=0.7, b1=0.0, b2=0.3, activation=name)
        e.update(w11=1.2, w12=0.2, w21=0.1, w22=0.7, b1=0.0, b2=0.3, activation=name)
        blitted = e.image.value
        e.redraw(full=True)
        assert e.image.value == blitted, name


def test_layer_explorer_refuses_bad_input():
    with pytest.raises(ValueError, match=r"W must have shape \(2, 2\)"):
        widgets.layer_explorer(W=np.eye(3))
    with pytest.raises(ValueError, match=r"b must have shape \(2,\)"):
        widgets.layer_explorer(b=[0.0])
    with pytest.raises(ValueError, match="cannot warp"):
        widgets.layer_explorer(activation="softmax")
    with pytest.raises(ValueError, match="probe"):
        widgets.layer_explorer(probe=(1.0, 2.0, 3.0))


# --- lesson 04 ----------------------------------------------------------------------------


def _bumps_by_hand(target, n, lo, hi, sharpness, x):
    """Sigmoid bumps written out in NumPy, independently of nnmath."""
    delta = (hi - lo) / n
    edges = lo + delta * np.arange(n + 1)
    heights = target(edges[:-1] + delta / 2)
    edges[0], edges[-1] = lo - delta / 2, hi + delta / 2
    k = sharpness / delta
    sig = lambda t: 1 / (1 + np.exp(-t))  # noqa: E731
    return sum(
        h * (sig(k * (x - left)) - sig(k * (x - right)))
        for h, left, right in zip(heights, edges[:-1], edges[1:], strict=True)
    )


def test_bump_explorer_error_by_hand():
    e = widgets.bump_explorer(np.sin, -3, 3, bumps=6, kind="sigmoid", sharpness=8)
    x = np.linspace(-3, 3, 401)
    fit = _bumps_by_hand(np.sin, 6, -3, 3, 8, x)
    assert np.allclose(e.state["fit"], fit)
    assert np.isclose(e.state["error"], np.max(np.abs(fit - np.sin(x))))
    assert e.state["units"] == 12
    assert f"{e.state['error']:.3f}" in e.equation.value


def test_bump_explorer_relu_hats_and_more_bumps_fit_better():
    e = widgets.bump_explorer(np.sin, -3, 3, bumps=2, kind="relu")
    errors = [e.update(bumps=n, kind="relu", sharpness=10)["error"] for n in (2, 4, 8, 16, 32)]
    assert all(a > b for a, b in itertools.pairwise(errors))
    # joining sin with 31 pieces of width h = 6/31: error ≤ h²/8 · max|sin″| = h²/8
    assert errors[-1] <= (6 / 31) ** 2 / 8 + 1e-12
    assert e.update(bumps=5, kind="relu", sharpness=10)["units"] == 15


def test_bump_explorer_slider_redraws():
    e = widgets.bump_explorer(np.cos, -2, 2, bumps=3)
    png = e.image.value
    e.controls["bumps"].value = 9
    assert e.state["units"] == 18 and e.image.value != png
    png = e.image.value
    e.controls["sharpness"].value = 3.0
    assert e.image.value != png


def test_bump_explorer_refuses_bad_input():
    with pytest.raises(ValueError, match="function"):
        widgets.bump_explorer(3.0, 0, 1)
    with pytest.raises(ValueError, match="lo < hi"):
        widgets.bump_explorer(np.cos, 1, 0)
    with pytest.raises(ValueError, match="kind"):
        widgets.bump_explorer(np.cos, 0, 1, kind="tanh")
    with pytest.raises(ValueError, match="bumps"):
        widgets.bump_explorer(np.cos, 0, 1, bumps=0)


@pytest.mark.parametrize("depth", [1, 2, 4, 6])
def test_depth_explorer_errors_by_hand(depth_widget, depth):
    s = depth_widget.update(depth=depth)
    assert np.isclose(s["error"], 2.0 ** (-2 * depth - 2))  # 2^m pieces joining x²
    assert np.isclose(s["shallow_error"], 0.25 / (3 * depth) ** 2, rtol=1e-5)  # 3m pieces
    assert s["units"] == 3 * depth and s["pieces"] == 2**depth
    assert s["net"].sizes == [1] + [3] * depth + [1]


def test_depth_explorer_slider_redraws_and_refuses_bad_depth():
    e = widgets.depth_explorer(depth=2)
    png = e.image.value
    e.controls["depth"].value = 5
    assert e.state["pieces"] == 32 and e.image.value != png
    with pytest.raises(ValueError, match=r"depth must be a whole number in \[1, 8\], got 9"):
        e.update(depth=9)
    with pytest.raises(ValueError, match="depth"):
        widgets.depth_explorer(depth=0)
    with pytest.raises(ValueError, match="depth"):
        widgets.depth_explorer(depth=9)


def test_depth_explorer_keeps_the_fold_in_its_own_strip(depth_widget):
    depth_widget.update(depth=5)
    teeth = depth_widget.teeth.get_ydata()
    assert teeth.min() >= 1.1 - 1e-12 and teeth.max() <= 1.35 + 1e-12  # above ŷ ≤ 1


def _sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_triangle_explorer_probe_by_hand_and_region_fills_the_triangle():
    e = widgets.triangle_explorer(1.0)
    # probe (−1.4, −0.9): z = (4·0.1, 4(−1.4) − 2(−0.9) + 4, −4(−1.4) − 2(−0.9) + 4)
    a = _sig(np.array([0.4, 0.2, 11.4]))
    assert np.isclose(e.state["probe"], _sig(10 * a.sum() - 25))
    fractions = [e.update(sharpness=s)["fraction"] for s in (0.5, 1.0, 2.0, 4.0, 8.0)]
    assert all(x < y for x, y in itertools.pairwise(fractions)) and fractions[-1] > 0.99
    # s = 8 fills 99.8 % of the triangle: the title says so, and does not round it to 100 %
    assert e.ax.get_title() == "ŷ > ½ on 99.8% of the triangle"
    png = e.image.value
    e.controls["sharpness"].value = 3.0
    assert e.image.value != png and np.isclose(e.state["area"], e.state["fraction"] * 4.5)
    with pytest.raises(ValueError, match="sharpness"):
        e.update(sharpness=20)


_XOR4 = [[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]]


def test_untangle_explorer_separability_appears_and_disappears():
    e = widgets.untangle_explorer(_XOR4, [0, 0, 1, 1])
    assert e.state["accuracy"] == 1.0  # the hand-set hidden layer untangles XOR
    W = np.array([[1.5, 1.0], [1.5, 2.0]])
    assert np.allclose(e.state["A"], np.tanh(np.array(_XOR4) @ W + [1.5, -1.5]))
    squash = e.update(w11=1.0, w12=0.0, w21=0.0, w22=1.0, b1=0.0, b2=0.0)
    assert squash["accuracy"] == 0.75
    png = e.image.value
    e.controls["w12"].value = 1.0
    assert e.image.value != png
    with pytest.raises(ValueError, match="shape"):
        widgets.untangle_explorer([[0.0, 1.0, 2.0]], [0])
    with pytest.raises(ValueError, match="label"):
        widgets.untangle_explorer(_XOR4, [0, 0, 1, 2])
