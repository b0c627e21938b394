"""Widgets of lessons 00–01 and the Explorer machinery they share."""

import re
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest

from nnmath import data, widgets
from nnmath.widgets.tex import fmt, result, weighted_sum


@pytest.fixture
def points():
    return data.gaussians(40, noise=0.2, rng=np.random.default_rng(0))


def test_fmt_brackets_negatives_with_a_real_minus():
    assert fmt(0.5) == "0.50"
    assert fmt(-0.25) == "(−0.25)"
    assert fmt(1.23456, 3) == "1.235"
    assert fmt(-0.25, brackets=False) == "−0.25"
    # a number that rounds to zero has no sign: −0.00 would be round-off's sign
    assert fmt(-0.004) == "0.00" and fmt(-0.0, 3) == "0.000" and fmt(-0.006) == "(−0.01)"


def test_a_result_has_no_brackets():
    # what follows "=" is not an operand: = −4.12, not = (−4.12)
    assert result(-4.123) == "−4.12" and result(0.5, 3) == "0.500" and result(-0.001) == "0.00"


def _number(text):
    """A number as the equations write it: (−0.54), −0.54 or 0.54, as an exact Decimal."""
    return Decimal(text.strip("()").replace("−", "-"))


def test_weighted_sum_adds_up_to_its_shown_total():
    # 1.00·(−0.537) shows as 1.00·(−0.54): the total is −0.54 − 0.67 = −1.21 (not −1.20,
    # which the unrounded −0.537 − 0.666 = −1.203 would give)
    terms, total, value = weighted_sum([1.0, 1.0], [-0.537, -0.666], 0.0)
    assert terms == "1.00\\cdot(−0.54) + 1.00\\cdot(−0.67) + 0.00"
    assert total == "−1.21" and value == -1.21
    # a tie rounds away from zero, as by hand: 0.5·0.55 + 0.3·0.05 − 0.1 = 0.19 exactly;
    # 0.5·0.01 = 0.005 → 0.01, −0.005 → −0.01
    assert weighted_sum([0.5, 0.3], [0.55, 0.05], -0.1)[1] == "0.19"
    assert weighted_sum([0.5], [0.01])[1] == "0.01" and weighted_sum([0.5], [-0.01])[1] == "−0.01"
    assert weighted_sum([0.5], [-0.004], 0.0)[1] == "0.00"  # shown as 0.50·0.00 + 0.00
    terms, total, _ = weighted_sum([2.0], [0.1234], -1.0, x_digits=3)
    assert terms == "2.00\\cdot0.123 + (−1.00)" and total == "−0.75"  # 0.246 − 1 = −0.754
    with pytest.raises(ValueError, match="one length"):
        weighted_sum([1.0, 2.0], [1.0])


def test_dot_product_explorer_numbers():
    e = widgets.dot_product_explorer(a=(3.0, 0.0), angle=60, length=2.0)
    # b is 2 long at 60° from a = (3, 0): b = (1, √3); a·b = 3·1 = 3 = 3·2·cos 60°
    assert np.allclose(e.state["b"], [1.0, np.sqrt(3.0)])
    assert np.isclose(e.state["dot"], 3.0)
    assert np.isclose(e.state["projection"], 1.0)
    assert "3.00" in e.equation.value


def test_dot_product_explorer_slider_redraws():
    e = widgets.dot_product_explorer()
    png = e.image.value
    e.controls["angle"].value = 120.0
    assert e.image.value != png
    assert e.state["dot"] < 0  # past 90° the vectors disagree


def test_dot_product_explorer_turns_b_by_a_signed_rotation_and_reports_the_angle_between():
    e = widgets.dot_product_explorer(a=(3.0, 0.0), angle=60, length=2.0)
    slider = e.controls["angle"]
    assert slider.description == "rotation of b from a (°)"
    assert (slider.min, slider.max) == (-180.0, 180.0)
    s = e.update(angle=-120, length=2.0)
    # turned clockwise by 120°: b = 2(cos 120°, −sin 120°) = (−1, −√3); θ = 120° between them
    assert np.allclose(s["b"], [-1.0, -np.sqrt(3.0)])
    assert s["theta"] == 120.0 and np.isclose(s["cos"], -0.5)
    assert np.isclose(s["dot"], -3.0) and np.isclose(s["projection"], -1.0)


def test_dot_product_explorer_equation_adds_up_and_brackets_only_negative_operands():
    e = widgets.dot_product_explorer(a=(2.0, 0.5), angle=150, length=2.0)
    eq = e.equation.value
    # b = 2(cos(150° + φ), sin(150° + φ)), φ = atan2(0.5, 2): (−1.9230…, 0.5496…)
    assert r"2.00\cdot(−1.923) + 0.50\cdot0.550 = −3.57$" in eq  # −3.846 + 0.275 = −3.571
    assert "= (−" not in eq and r"\cos 150^\circ" in eq
    assert "a·b = −3.57" in e.ax.get_title()
    e.update(angle=90, length=2.0)  # a·b ≈ −1e-16: no "−0.00"
    assert r"= 0.00$" in e.equation.value and "−0.00" not in e.equation.value


def test_dot_product_explorer_refuses_zero_a():
    with pytest.raises(ValueError, match="non-zero"):
        widgets.dot_product_explorer(a=(0.0, 0.0))


def test_neuron_explorer_state_matches_hand_computation(points):
    X, y = points
    e = widgets.neuron_explorer(X, y)
    s = e.update(w1=2.0, w2=-1.0, b=0.5)
    z = 2.0 * X[0, 0] - 1.0 * X[0, 1] + 0.5
    assert np.isclose(s["z"], z)
    assert np.isclose(s["y"], 1.0 / (1.0 + np.exp(-z)))
    z_all = X @ np.array([2.0, -1.0]) + 0.5
    assert np.isclose(s["accuracy"], np.mean((z_all > 0) == (y == 1)))


def test_neuron_explorer_equation_adds_up_by_hand(points):
    # Review finding 18: "1.00·(−0.54) + 1.00·(−0.67) + 0.00 = (−1.20)" did not add up.
    # On many slider states, the shown terms add up (exactly, in decimals) to the shown
    # z, y is σ of the shown z, and results carry no brackets.
    X, y = points
    rng = np.random.default_rng(3)
    for probe in range(3):  # the circled point is X[0]: three different ones
        e = widgets.neuron_explorer(X[probe:], y[probe:])
        for w1, w2, b in np.round(rng.uniform(-3, 3, (15, 3)), 1):
            s = e.update(w1=float(w1), w2=float(w2), b=float(b))
            eq = e.equation.value
            sums = re.search(r"b = (.*?) = (\S+)\$, \$\\;y = \\sigma\((\S+)\) = (\S+)\$", eq)
            assert sums, eq
            terms, z_shown, z_inside, y_shown = sums.groups()
            products = re.findall(r"(\S+)\\cdot(\S+) \+", terms)
            by_hand = sum(_number(a) * _number(x) for a, x in products)
            by_hand += _number(terms.rsplit(" + ", 1)[1])  # the bias
            assert len(products) == 2
            assert _number(z_shown) == by_hand.quantize(Decimal("0.01"), ROUND_HALF_UP), eq
            assert z_inside == z_shown and "(" not in z_shown + y_shown
            sigma = 1 / (1 + np.exp(-float(_number(z_shown))))
            assert float(y_shown) == pytest.approx(sigma, abs=5e-4)  # σ of the shown z
            assert abs(float(by_hand) - s["z"]) < 0.031  # the rounding of the point shown
            assert np.isclose(s["distance"], s["z"] / np.hypot(w1, w2))


def test_neuron_explorer_without_weights_has_no_distance(points):
    s = widgets.neuron_explorer(*points).update(w1=0.0, w2=0.0, b=0.5)
    assert s["distance"] is None and np.isclose(s["z"], 0.5)


def test_neuron_explorer_slider_fires_update_and_redraws(points):
    e = widgets.neuron_explorer(*points)
    png = e.image.value
    e.controls["b"].value = 1.5
    assert e.state["neuron"].b == 1.5
    assert e.image.value != png and e.image.value[:4] == b"\x89PNG"


def test_neuron_explorer_errors_are_captured_not_raised(points, monkeypatch):
    e = widgets.neuron_explorer(*points)

    def broken(**_):
        raise RuntimeError("boom")

    monkeypatch.setattr(e, "update", broken)
    state = e.state
    e.controls["w1"].value = 0.3  # must not raise out of the slider callback
    assert e.state is state
    assert "RuntimeError: boom" in e.errors.outputs[0]["text"]
    monkeypatch.undo()
    e.controls["w1"].value = 0.4  # the next successful move clears the message
    assert e.errors.outputs == ()


def test_neuron_explorer_validates_shapes():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        widgets.neuron_explorer(np.zeros((5, 3)), np.zeros(5))
    with pytest.raises(ValueError, match=r"y must have shape \(5,\)"):
        widgets.neuron_explorer(np.zeros((5, 2)), np.zeros(4))


def test_the_legend_is_outside_the_axes(points):
    # Inside, the moving shading and line would be drawn over it (tests/test_widgets_blit.py).
    e = widgets.neuron_explorer(*points)
    assert e.ax.get_legend() is None
    (legend,) = e.fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["class 0", "class 1", "z = 0", "w"]
    e.fig.canvas.draw()
    assert not legend.get_window_extent().overlaps(e.ax.get_window_extent())


def test_a_direct_update_moves_the_sliders_to_match(points):
    e = widgets.neuron_explorer(*points)
    calls = []
    draw = e._draw
    e._draw = lambda **v: calls.append(v) or draw(**v)
    s = e.update(w1=2.0, w2=-1.0, b=0.5)
    assert {k: c.value for k, c in e.controls.items()} == {"w1": 2.0, "w2": -1.0, "b": 0.5}
    assert calls == [{"w1": 2.0, "w2": -1.0, "b": 0.5}]  # moving the sliders drew nothing more
    assert e.state is s
