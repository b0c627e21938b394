"""Widgets of lessons 00–01 and the Explorer machinery they share."""

import numpy as np
import pytest

from nnmath import data, widgets
from nnmath.widgets.tex import fmt


@pytest.fixture
def points():
    return data.gaussians(40, noise=0.2, rng=np.random.default_rng(0))


def test_fmt_brackets_negatives_with_a_real_minus():
    assert fmt(0.5) == "0.50"
    assert fmt(-0.25) == "(−0.25)"
    assert fmt(1.23456, 3) == "1.235"
    assert fmt(-0.25, brackets=False) == "−0.25"


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
