"""Plots of lessons 07–08: slopes, computational graphs, gradient norms, gradient checks.

The numbers drawn (autograd.neuron_loss_graph, gradcheck.layer_gradient_norms) are tested
in test_autograd.py and test_gradcheck.py; these tests check the drawing (and
test_accessibility.py that every figure has a title and axis labels)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnmath import Value, autograd, plots
from nnmath.plots import backprop, chain_rule


def cubic(x):
    return x**3 - 3 * x + 1


def cubic_prime(x):
    return 3 * x**2 - 3


def sig(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # σ written another way: no exp to overflow


# --- the derivative as a slope --------------------------------------------------------------


def test_secant_slopes_by_hand():
    _fig, ax = plots.figure()
    artists = plots.draw_secant(ax, cubic, 2.0, 0.5, cubic_prime)
    # ((2 + h)³ − 3(2 + h) + 1 − 3) / h = 9 + 6h + h²; central: 9 + h²
    s = plots.update_secant(artists, 2.0, 0.1)
    assert np.isclose(s["forward"], 9.61)
    assert np.isclose(s["central"], 9.01)
    assert np.isclose(s["tangent"], 9.0)
    assert np.isclose(s["f0"], 3.0)
    # the secant line passes through both of its points
    xs, ys = artists["secant"].get_data()
    slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
    assert np.isclose(slope, 9.61)
    assert np.isclose(ys[0] + slope * (2.1 - xs[0]), cubic(2.1))
    px, py = artists["points"].get_data()
    assert np.allclose(px, [2.0, 2.1]) and np.allclose(py, [cubic(2.0), cubic(2.1)])


def test_secant_error_shrinks_like_h_and_h_squared():
    _fig, ax = plots.figure()
    artists = plots.draw_secant(ax, np.sin, 0.7, 0.1, np.cos)
    errs = []
    for h in (0.1, 0.01):
        s = plots.update_secant(artists, 0.7, h)
        errs.append((abs(s["forward"] - s["tangent"]), abs(s["central"] - s["tangent"])))
    assert 8 < errs[0][0] / errs[1][0] < 12  # forward: error ∝ h
    assert 80 < errs[0][1] / errs[1][1] < 120  # central: error ∝ h²


def test_secant_needs_a_nonzero_h():
    _fig, ax = plots.figure()
    with pytest.raises(ValueError, match="h must be a finite number ≠ 0"):
        plots.draw_secant(ax, cubic, 1.0, 0.0, cubic_prime)


def test_secant_without_derivative_has_no_tangent():
    _fig, ax = plots.figure()
    s = plots.update_secant(plots.draw_secant(ax, cubic, 1.0, 0.5), 1.0, 0.5)
    assert s["tangent"] is None


def test_partial_derivative_titles_by_hand():
    # f = x₁²x₂ + x₂²: ∂f/∂x₁ = 2x₁x₂ = 4, ∂f/∂x₂ = x₁² + 2x₂ = 5 at (1, 2)
    fig = plots.partial_derivatives(lambda a, b: a**2 * b + b**2, (1.0, 2.0))
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["∂f/∂x₁ = 4.000", "∂f/∂x₂ = 5.000"]


def test_partial_derivatives_refuse_a_bad_point():
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        plots.partial_derivatives(lambda a, b: a + b, (1.0, 2.0, 3.0))


def test_loss_by_step():
    fig = plots.loss_by_step({"zeroed": [0.5, 0.2, 0.1], "not zeroed": [0.5, 0.3, 0.4]})
    ax = fig.axes[0]
    assert ax.get_title() == "loss per step" and ax.get_xlabel() == "step"
    assert [line.get_label() for line in ax.get_lines()] == ["zeroed", "not zeroed"]
    assert np.allclose(ax.get_lines()[1].get_ydata(), [0.5, 0.3, 0.4])
    with pytest.raises(ValueError, match="empty"):
        plots.loss_by_step({})


# --- graphs of Values -----------------------------------------------------------------------


def test_node_name():
    assert plots.node_name(Value(2.0, label="w")) == "w"
    assert plots.node_name(Value(-1.5)) == "−1.5"  # an unnamed constant shows its value
    assert plots.node_name(Value(2.0) * Value(3.0)) == "·"
    with pytest.raises(ValueError, match="autograd Value"):
        plots.node_name(2.0)


def test_graph_layout_columns_follow_the_arrows():
    n = autograd.neuron_loss_graph(0.5, 1.5, -0.2, 1.0)
    lay = plots.graph_layout(n["L"])
    nodes, pos = lay["nodes"], lay["pos"]
    col = {node.label: pos[i, 0] for i, node in enumerate(nodes)}
    # w, x | w·x, b | z | a, −y | a − y | L
    assert col == {"w": 0, "x": 0, "w·x": 1, "b": 1, "z": 2, "a": 3, "−y": 3, "a − y": 4, "L": 5}
    assert len(lay["edges"]) == sum(len(node._prev) for node in nodes) == 8
    for c_i, p_i, _k, m in lay["edges"]:
        assert pos[c_i, 0] < pos[p_i, 0]  # every arrow points right (forward)
        assert m == 1
    for c in np.unique(pos[:, 0]):
        rows = np.sort(pos[pos[:, 0] == c, 1])
        assert np.all(np.diff(rows) >= 1.0 - 1e-12)  # one row apart: boxes never overlap


def test_graph_layout_of_a_node_used_twice():
    a = Value(3.0, label="a")
    sq = a * a
    lay = plots.graph_layout(sq)
    assert [(k, m) for _c, _p, k, m in lay["edges"]] == [(0, 2), (1, 2)]
    with pytest.raises(ValueError, match="autograd Value"):
        plots.graph_layout(3.0)


def test_draw_and_update_graph_step_by_step():
    n = autograd.neuron_loss_graph(0.5, 1.5, -0.2, 1.0)
    _fig, ax = plots.figure(6, 3)
    art = plots.draw_graph(ax, n["L"])
    nodes = art["layout"]["nodes"]
    N = len(nodes)
    assert all(t.get_text() == "?" for t in art["grads"])  # step 0: forward only
    assert not any(t.get_visible() for t in art["edge_labels"])
    data = {nodes[i].label: t.get_text() for i, t in enumerate(art["texts"])}
    assert data["z"] == "0.55" and data["−y"] == "−1"
    for step in range(1, N + 1):
        info = plots.update_graph(art, n["L"], step)
        shown = [t.get_text() != "?" for t in art["grads"]]
        assert sum(shown) == step
        current = nodes.index(info["current"])
        assert info["current"] is info["order"][step - 1]
        assert art["boxes"][current].get_linewidth() == pytest.approx(2.2)
    # after the last step every gradient is on the drawing, and equal to the hand value
    z = 0.55
    dz = 2 * (sig(z) - 1.0) * sig(z) * (1 - sig(z))
    grads = {nodes[i].label: t.get_text() for i, t in enumerate(art["grads"])}
    assert grads["w"] == f"{dz * 1.5:.3f}".replace("-", "−")
    assert grads["L"] == "1"
    assert all(t.get_visible() for t in art["edge_labels"])
    labels = sorted(t.get_text() for t in art["edge_labels"])
    assert "×1.5" in labels and "×0.5" in labels  # ∂(wx)/∂w = x, ∂(wx)/∂x = w


def test_update_graph_refuses_bad_steps_and_other_graphs():
    n = autograd.neuron_loss_graph(0.5, 1.5, -0.2, 1.0)
    _fig, ax = plots.figure()
    art = plots.draw_graph(ax, n["L"])
    with pytest.raises(ValueError, match="step must be"):
        plots.update_graph(art, n["L"], 10)
    with pytest.raises(ValueError, match="step must be"):
        plots.update_graph(art, n["L"], -1)
    with pytest.raises(ValueError, match="different shape"):
        plots.update_graph(art, Value(1.0) * Value(2.0), 0)


def test_update_graph_without_step_shows_the_grads_held():
    a = Value(2.0, label="a")
    out = a * a
    out.label = "out"
    _fig, ax = plots.figure()
    art = plots.draw_graph(ax, out)
    plots.update_graph(art, out, 2)  # replaying the backward pass changes no grad
    out.backward()
    out.backward()  # gradients accumulate: ∂/∂a shows 2 · 2a = 8
    plots.update_graph(art, out, None)
    texts = sorted(t.get_text() for t in art["grads"])
    assert texts == ["1", "8"]  # backward() sets the output's own grad to 1


def test_computational_graph_figure():
    n = autograd.neuron_loss_graph(0.5, 1.5, -0.2, 1.0)
    n["L"].backward()
    fig = plots.computational_graph(n["L"])
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title() == "computational graph of L"
    assert "backward" in ax.get_xlabel()
    assert 4.0 <= fig.get_figwidth() <= 8.0


# --- lesson 08 ------------------------------------------------------------------------------


def test_gradient_norm_bars_follow_update():
    _fig, ax = plots.figure()
    art = plots.draw_gradient_norms(ax, np.ones(3), max_layers=6)
    assert len(art["bars"]) == 6
    changed = plots.update_gradient_norms(art, np.array([1e-6, 1e-3, 2.0, 0.5]))
    assert changed
    tops = [bar.get_y() + bar.get_height() for bar in art["bars"][:4]]
    assert np.allclose(tops, [1e-6, 1e-3, 2.0, 0.5])
    assert [bar.get_visible() for bar in art["bars"]] == [True] * 4 + [False] * 2
    lo, hi = ax.get_ylim()
    assert lo <= 1e-7 and hi >= 10.0
    assert ax.get_xlim() == (0.4, 6.6)  # max_layers fixes the x axis
    assert art["ref"].get_ydata()[0] == 0.5  # the output layer's norm
    assert not plots.update_gradient_norms(art, np.array([2e-6, 1e-3, 2.0, 0.5]))
    with pytest.raises(ValueError, match="1 to 6"):
        plots.update_gradient_norms(art, np.ones(7))
    with pytest.raises(ValueError, match="only 2 bars"):
        plots.draw_gradient_norms(ax, np.ones(3), max_layers=2)


def test_gradient_norm_axes_fit_without_max_layers():
    _fig, ax = plots.figure()
    art = plots.draw_gradient_norms(ax, np.ones(3))
    assert plots.update_gradient_norms(art, np.array([1e-2, 3.0]))
    assert ax.get_xlim() == (0.4, 2.6)
    assert ax.get_ylim() == (1e-3, 1e2)  # a decade beyond 10⁻² and 10¹ (3 rounds up)
    assert [bar.get_y() for bar in art["bars"][:2]] == [1.0, 1.0]  # bars hang from 1
    assert plots.update_gradient_norms(art, np.array([1e-5, 1e-4]))
    assert ax.get_ylim() == (1e-6, 10.0)  # 1 stays on the axis


def test_gradient_norm_bars_on_fixed_axes():
    _fig, ax = plots.figure()
    art = plots.draw_gradient_norms(ax, np.ones(2), max_layers=5, ylim=(1e-10, 1e10))
    assert not plots.update_gradient_norms(art, np.array([1e-20, 1e3, 1e30]))
    assert ax.get_xlim() == (0.4, 5.6) and ax.get_ylim() == (1e-10, 1e10)
    tops = [bar.get_y() + bar.get_height() for bar in art["bars"][:3]]
    assert np.allclose(tops, [1e-10, 1e3, 1e10])  # clipped to the axis
    with pytest.raises(ValueError, match="ylim"):
        plots.draw_gradient_norms(ax, np.ones(2), ylim=(0.0, 1.0))


def test_zero_norm_is_drawn_at_the_bottom():
    _fig, ax = plots.figure()
    art = plots.draw_gradient_norms(ax, np.array([0.0, 1e-2, 1.0]))
    lo = ax.get_ylim()[0]
    assert lo > 0
    assert np.isclose(art["bars"][0].get_y() + art["bars"][0].get_height(), lo)


def test_gradient_norms_title_is_the_ratio():
    fig = plots.gradient_norms([1e-6, 1e-3, 1.0])
    assert fig.axes[0].get_title() == "‖dW₁‖ / ‖dW_D‖ = 1e−06"


def test_gradcheck_errors_colours_pass_and_fail():
    fig = plots.gradcheck_errors({"right": 1e-10, "wrong": 0.3}, threshold=1e-6)
    bars = fig.axes[0].patches
    assert bars[0].get_facecolor() != bars[1].get_facecolor()
    assert np.isclose(bars[1].get_x() + bars[1].get_width(), 0.3)


@pytest.mark.parametrize(
    "bad",
    [
        lambda: plots.gradient_norm_curves({}),
        lambda: plots.gradcheck_errors({}),
        lambda: plots.gradient_cost([1, 2], [1], [1, 2]),
    ],
)
def test_lesson08_plots_refuse_bad_input(bad):
    with pytest.raises(ValueError):
        bad()


def test_lesson07_08_plot_modules_export_drawing_only():
    assert set(chain_rule.__all__) | set(backprop.__all__) <= set(dir(plots))
    # the math lives in the core (autograd, gradcheck), with no alias left in plots
    moved = ["neuron_loss_graph", "local_gradients", "backward_steps"]
    moved += ["deep_network", "gradient_norm_batch", "layer_gradient_norms"]
    assert not [name for name in moved if hasattr(plots, name)]
