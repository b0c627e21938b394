"""Widgets of lesson 05 (loss over (w, b)) and lesson 06 (gradient descent)."""

import numpy as np
import pytest

from nnmath import widgets
from nnmath.widgets.tex import fmt


@pytest.fixture
def line_data():
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 3, 15)
    y = 1.5 * x - 1.0 + rng.normal(0, 0.3, 15)
    return x, y


# ---------------------------------------------------------------- lesson 05


def test_loss_explorer_mse_numbers(line_data):
    x, y = line_data
    e = widgets.loss_explorer(x, y, w=0.5, b=1.0, wlim=(-1, 4), blim=(-3, 2))
    s = e.update(w=2.0, b=-0.5)
    residual = 2.0 * x - 0.5 - y
    assert np.isclose(s["loss"], (residual**2).sum() / len(x))
    assert np.allclose(s["y_hat"], 2.0 * x - 0.5)
    # The lowest grid point is the least-squares line, to within a grid step.
    w_ls, b_ls = np.polyfit(x, y, 1)
    assert abs(s["best"][0] - w_ls) < 0.07 and abs(s["best"][1] - b_ls) < 0.07
    assert s["best_loss"] <= s["loss"]
    # The live equation shows the first sample's term and the total, with the numbers.
    assert f"(2.00\\cdot{fmt(x[0])} + (−0.50) - {fmt(y[0])})^2" in e.equation.value
    assert f"= {s['loss']:.4f}" in e.equation.value
    assert "\\frac{1}{15}" in e.equation.value


def test_loss_explorer_bce_numbers(class_data):
    x, y = class_data
    e = widgets.loss_explorer(
        x, y, loss="binary_cross_entropy", activation="sigmoid", wlim=(-2, 4), blim=(-3, 3)
    )
    s = e.update(w=1.5, b=-0.2)
    p = 1.0 / (1.0 + np.exp(-(1.5 * x - 0.2)))
    by_hand = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert np.isclose(s["loss"], by_hand)
    assert np.allclose(s["y_hat"], p)
    assert "\\log(1 - \\sigma(1.50\\cdot(−2.00) + (−0.20)))" in e.equation.value
    assert f"= {by_hand:.4f}" in e.equation.value


def test_loss_explorer_slider_redraws(line_data):
    e = widgets.loss_explorer(*line_data)
    png = e.image.value
    e.controls["w"].value = 1.25
    assert e.image.value != png and e.image.value[:4] == b"\x89PNG"
    x, y = line_data
    assert np.isclose(e.state["loss"], np.mean((1.25 * x + 0.0 - y) ** 2))
    png = e.image.value
    e.controls["b"].value = -1.0
    assert e.image.value != png


@pytest.mark.parametrize(
    ("x", "y", "kwargs"),
    [
        (np.zeros((4, 2)), np.zeros(4), {}),
        (np.zeros(4), np.zeros(5), {}),
        (np.zeros(4), np.zeros(4), {"loss": "cross_entropy"}),
        (np.zeros(4), np.zeros(4), {"loss": "nope"}),
        (np.zeros(4), np.zeros(4), {"wlim": (1, -1)}),
    ],
)
def test_loss_explorer_rejects_bad_input(x, y, kwargs):
    with pytest.raises(ValueError):
        widgets.loss_explorer(x, y, **kwargs)


# ---------------------------------------------------------------- lesson 06


def _hand_descent(H, x0, lr, steps, momentum=0.0):
    """Heavy-ball descent on f = ½ pᵀHp, written out independently of nnmath."""
    p, v, path = np.array(x0, dtype=float), np.zeros(2), [np.array(x0, dtype=float)]
    for _ in range(steps):
        v = momentum * v - lr * (H @ p)
        p = p + v
        path.append(p.copy())
    return np.array(path)


def test_descent_explorer_path_matches_hand_loop():
    e = widgets.descent_explorer(surface="valley", start="upper left", lr=0.05, steps=40)
    H = np.diag([0.5, 10.0])
    s = e.update(surface="valley", start="upper left", lr=0.05, momentum=0.0, steps=40)
    x0 = e.surface.start("upper left")
    assert np.allclose(s["path"], _hand_descent(H, x0, 0.05, 40))
    assert s["steps_taken"] == 40 and not s["diverged"] and not s["growing"]
    p = s["path"][-1]
    assert np.isclose(s["f_final"], 0.5 * p @ H @ p)
    assert np.isclose(s["gap"], s["f_final"])  # f_min = 0 at the origin
    assert np.isclose(s["lr_limit"], 2 / 10.0)
    s = e.update(surface="valley", start="lower right", lr=0.1, momentum=0.6, steps=30)
    assert np.allclose(s["path"], _hand_descent(H, e.surface.start("lower right"), 0.1, 30, 0.6))
    assert "v_{k+1}" in e.equation.value


def test_descent_explorer_divergence_is_reported_not_raised():
    e = widgets.descent_explorer(surface="bowl", lr=0.5, steps=100)
    s = e.update(surface="bowl", start="upper left", lr=2.5, momentum=0.0, steps=100)
    # |1 − 2.5·1| = 1.5 per step along the steep axis: 10⁶ away well before 100 steps.
    k = int(np.ceil(np.log(1e6 / abs(e.surface.start("upper left")[0])) / np.log(1.5)))
    assert s["diverged"] and abs(s["steps_taken"] - k) <= 1
    assert np.all(np.isfinite(s["path"]))
    assert f"diverged after {s['steps_taken']} steps" in e.equation.value
    assert e.ax_gap.get_title() == f"diverged after {s['steps_taken']} steps"
    assert "> 2" in e.equation.value


def test_descent_explorer_threshold_wording():
    e = widgets.descent_explorer(surface="valley", lr=0.2, steps=50)
    s = e.state
    # η = 2/λ_max exactly: the steep coordinate flips sign forever, neither shrinking nor growing.
    assert not s["diverged"]
    assert "= 2" in e.equation.value and "bounces" in e.equation.value
    # With momentum μ the bound is 2(1 + μ): η λ_max = 2 < 2(1 + 0.5) = 3.
    e.update(surface="valley", start="upper left", lr=0.2, momentum=0.5, steps=50)
    assert "2(1 + \\mu) = 3.00" in e.equation.value and "shrinks" in e.equation.value
    # At and past 2(1 + μ)/λ_max = 3/10: the verdict follows η, not η = 2/λ_max.
    e.update(surface="valley", start="upper left", lr=0.3, momentum=0.5, steps=50)
    assert "= 2(1 + \\mu)" in e.equation.value and "bounces" in e.equation.value
    e.update(surface="valley", start="upper left", lr=0.31, momentum=0.5, steps=50)
    assert "> 2(1 + \\mu)" in e.equation.value and "grows" in e.equation.value


def test_descent_explorer_two_minima_and_surface_switch():
    e = widgets.descent_explorer(surface="valley")
    s = e.update(surface="two minima", start="upper right", lr=0.05, momentum=0.0, steps=200)
    assert e.surface.name == "two minima"
    # The new window's wider tick labels are laid out again: the p₂ label stays in view.
    renderer = e.fig.canvas.get_renderer()
    assert e.ax_path.yaxis.label.get_window_extent(renderer).x0 >= 0
    assert s["lr_limit"] is None
    assert s["path"][-1][0] > 0 and s["gap"] > 0.3  # stuck in the right-hand, local minimum
    assert "stability" not in e.equation.value
    s = e.update(surface="two minima", start="upper left", lr=0.05, momentum=0.0, steps=200)
    assert s["gap"] < 1e-6


def test_descent_explorer_controls_redraw():
    e = widgets.descent_explorer()
    for name, value in [
        ("lr", 0.1),
        ("momentum", 0.5),
        ("steps", 120),
        ("start", "lower right"),
        ("surface", "bowl"),
    ]:
        png = e.image.value
        e.controls[name].value = value
        assert e.image.value != png, name
    assert e.state["steps_taken"] == 120
    assert e.ax_gap.get_xlim() == (0.0, 200.0)
    assert e.controls["lr"].min == -3  # a log slider: 10⁻³ … 10^0.7


@pytest.mark.parametrize(
    "kwargs",
    [
        {"surface": "saddle"},
        {"start": "middle"},
        {"steps": 0},
        {"steps": 500},
        {"steps": 10.5},
        {"lr": 0.0},
        {"lr": 50.0},
        {"momentum": 1.0},
    ],
)
def test_descent_explorer_rejects_bad_input(kwargs):
    with pytest.raises(ValueError):
        widgets.descent_explorer(**kwargs)
