"""Plots of lessons 02–04: activations, a layer warping the plane, networks and approximation."""

import itertools

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnmath import MLP, Dense, plots


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _titled(fig):
    """Every visible axes has a title and both axis labels (diagrams: a title)."""
    for ax in fig.axes:
        if ax.axison:
            assert ax.get_title() and ax.get_xlabel(), ax
    return True


# --- lesson 02: activations ---------------------------------------------------------------


@pytest.mark.parametrize("z0", [-2.0, 0.0, 1.0, 3.5])
def test_tangent_line_of_sigmoid_by_hand(z0):
    zs, ys = plots.tangent_line("sigmoid", z0, half_width=1.0)
    s = _sigmoid(z0)
    assert np.allclose(zs, [z0 - 1.0, z0 + 1.0])
    # y = σ(z₀) + σ(z₀)(1 − σ(z₀))(z − z₀): at z₀ ± 1 the slope times ±1
    assert np.allclose(ys, [s - s * (1 - s), s + s * (1 - s)])


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity"])
def test_tangent_slope_matches_central_difference(name):
    f, _ = plots.activations._scalar(name)
    z0, eps = 0.7, 1e-5
    zs, ys = plots.tangent_line(name, z0)
    slope = (ys[1] - ys[0]) / (zs[1] - zs[0])
    assert np.isclose(slope, (f(z0 + eps) - f(z0 - eps)) / (2 * eps), rtol=1e-6)
    assert np.isclose(np.mean(ys), f(z0))  # the segment is centred on the curve's point


def test_tangent_line_refuses_softmax_unknown_and_bad_width():
    with pytest.raises(ValueError, match="vector"):
        plots.tangent_line("softmax", 0.0)
    with pytest.raises(ValueError, match="unknown activation"):
        plots.tangent_line("swish", 0.0)
    with pytest.raises(ValueError, match="half_width"):
        plots.tangent_line("tanh", 0.0, half_width=0.0)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity"])
def test_activation_ylim_holds_the_curve(name):
    f, _ = plots.activations._scalar(name)
    lo, hi = plots.activation_ylim(name, 6.0)
    values = f(np.linspace(-6, 6, 101))
    assert lo < values.min() and values.max() < hi


def test_draw_and_update_activation_move_the_artists():
    fig, (ax_f, ax_df) = plots.figure(5, 2.5, ncols=2)
    artists = plots.draw_activation(ax_f, ax_df, "sigmoid", 1.0, zlim=6.0)
    assert np.allclose(artists["f_point"].get_ydata(), [_sigmoid(1.0)])
    assert np.allclose(artists["df_point"].get_ydata(), [_sigmoid(1.0) * (1 - _sigmoid(1.0))])
    assert not plots.update_activation(artists, "sigmoid", -2.0)  # same limits
    assert plots.update_activation(artists, "relu", 2.0)  # relu reaches 6: new limits
    z = artists["f"].get_xdata()
    assert np.allclose(artists["f"].get_ydata(), np.maximum(z, 0))
    assert np.allclose(artists["df"].get_ydata(), z > 0)
    assert artists["f_point"].get_xydata().tolist() == [[2.0, 2.0]]
    assert ax_f.get_ylim()[1] > 6.0
    assert _titled(fig)


def test_activation_curves_figure():
    fig = plots.activation_curves()
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert len(fig.axes[0].lines) >= 4 and _titled(fig)


def test_saturation_threshold_by_hand():
    # σ′ = σ(1 − σ) = 0.05  ⇒  σ = (1 + √0.8)/2  ⇒  z = ln(σ / (1 − σ))
    s = (1 + np.sqrt(0.8)) / 2
    assert np.isclose(plots.saturation_threshold("sigmoid", 0.05), np.log(s / (1 - s)), atol=1e-3)
    # tanh′ = 1 − tanh² = 0.05  ⇒  z = artanh(√0.95)
    assert np.isclose(
        plots.saturation_threshold("tanh", 0.05), np.arctanh(np.sqrt(0.95)), atol=1e-3
    )
    assert plots.saturation_threshold("relu") == np.inf  # slope 1 for every z > 0
    assert plots.saturation_threshold("identity") == np.inf


def test_saturation_figure():
    fig = plots.saturation("tanh")
    assert "2.18" in fig.axes[0].get_title() and _titled(fig)


def test_softmax_bars_and_its_input_checks():
    fig = plots.softmax_bars([2.0, 1.0, 0.1], labels=["cat", "dog", "fox"])
    heights = [p.get_height() for p in fig.axes[1].patches]
    e = np.exp([2.0, 1.0, 0.1])
    assert np.allclose(heights, e / e.sum()) and _titled(fig)
    with pytest.raises(ValueError, match="one vector"):
        plots.softmax_bars([[1.0, 2.0]])
    with pytest.raises(ValueError, match="one vector"):
        plots.softmax_bars([1.0])
    with pytest.raises(ValueError, match="labels"):
        plots.softmax_bars([1.0, 2.0], labels=["a"])


# --- lesson 03: a layer warping the plane -------------------------------------------------


def test_grid_lines_shape_and_orientation():
    lines = plots.grid_lines(lim=2.0, n=5, res=11)
    assert lines.shape == (10, 11, 2)
    assert np.allclose(lines[:5, :, 1], lines[:5, :1, 1])  # horizontal: x₂ fixed along a line
    assert np.allclose(lines[5:, :, 0], lines[5:, :1, 0])  # vertical: x₁ fixed
    assert np.allclose(lines[:5, 0, 1], [-2, -1, 0, 1, 2])
    with pytest.raises(ValueError, match="n ≥ 2"):
        plots.grid_lines(n=1)


def test_unit_square_outline():
    sq = plots.unit_square(res=5)
    assert sq.shape == (20, 2)
    assert np.all((sq >= 0) & (sq <= 1))
    on_edge = np.isclose(sq, 0) | np.isclose(sq, 1)
    assert np.all(on_edge.any(axis=1))  # every point lies on a side
    assert np.allclose(sq[0], sq[-1])  # closed


def test_warp_lines_is_xw_plus_b_then_f():
    lines = plots.grid_lines(n=3, res=4)
    W = np.array([[1.0, -0.5], [2.0, 0.3]])
    b = np.array([0.1, -0.2])
    Z, A = plots.warp_lines(lines, W, b, "tanh")
    x1, x2 = lines[..., 0], lines[..., 1]
    assert np.allclose(Z[..., 0], 1.0 * x1 + 2.0 * x2 + 0.1)  # z₁ = w₁₁x₁ + w₂₁x₂ + b₁
    assert np.allclose(Z[..., 1], -0.5 * x1 + 0.3 * x2 - 0.2)
    assert np.allclose(A, np.tanh(Z))


def test_linear_step_keeps_lines_straight_the_activation_bends_them():
    lines = plots.grid_lines(n=5, res=9)
    W, b = [[1.0, 0.5], [-0.7, 1.2]], [0.3, -0.4]

    def bent(L):
        d1, d2 = L[:, 1:-1] - L[:, :1], L[:, -1:] - L[:, :1]
        cross = d1[..., 0] * d2[..., 1] - d1[..., 1] * d2[..., 0]
        return np.abs(cross).max()

    Z, A = plots.warp_lines(lines, W, b, "sigmoid")
    assert bent(Z) < 1e-12
    assert bent(A) > 1e-3


def test_warp_lines_refuses_bad_shapes():
    with pytest.raises(ValueError, match=r"\(2, 2\)"):
        plots.warp_lines(plots.grid_lines(), np.eye(3), np.zeros(3))
    with pytest.raises(ValueError, match=r"\(\.\.\., 2\)"):
        plots.warp_lines(np.zeros((4, 3)), np.eye(2), np.zeros(2))
    with pytest.raises(ValueError, match="b must have shape"):
        plots.warp_lines(plots.grid_lines(), np.eye(2), np.zeros(3))


def test_activation_box():
    assert plots.activation_box("sigmoid", 4) == (-0.1, 1.1)
    assert plots.activation_box("relu", 4) == (-0.4, 4)
    assert plots.activation_box("identity", 4) == (-4, 4)
    with pytest.raises(ValueError, match="cannot warp"):
        plots.activation_box("softmax", 4)


def test_grid_warp_artists_follow_the_layer():
    _, (ax_z, ax_a) = plots.figure(5, 2.6, ncols=2)
    W, b = np.array([[2.0, 0.0], [0.0, 0.5]]), np.array([1.0, 0.0])
    artists = plots.draw_grid_warp(ax_z, ax_a, W, b, "relu")
    first = artists["Z"].get_segments()[0]
    assert np.allclose(first, artists["lines"][0] @ W + b)
    assert np.allclose(artists["Z_probe"].get_xydata(), [[3.0, 0.25]])  # (1, 0.5)W + b
    assert not plots.update_grid_warp(artists, W, -b, "relu")
    assert np.allclose(artists["A_probe"].get_xydata(), [[1.0, 0.25]])  # ReLU(3 − 2 = 1, 0.25)
    assert plots.update_grid_warp(artists, W, b, "sigmoid")  # the A panel changes limits
    assert np.allclose(artists["A"].get_segments()[0], _sigmoid(artists["lines"][0] @ W + b))
    assert ax_a.get_xlim() == (-0.1, 1.1)


def test_layer_grid_figure():
    fig = plots.layer_grid([[1.0, 0.5], [-0.5, 1.0]], [0.0, 0.2], "tanh")
    assert isinstance(fig, Figure) and len(fig.axes) == 2 and _titled(fig)
    assert "tanh" in fig.axes[1].get_title()


# --- lesson 04: networks ------------------------------------------------------------------


def test_network_diagram_edges_follow_the_weights():
    net = MLP.from_layers(
        [
            Dense.from_weights([[1.0, -2.0, 0.5], [0.0, 1.0, -1.0]], [0, 0, 0], "relu"),
            Dense.from_weights([[1.0], [-1.0], [2.0]], [0.0], "sigmoid"),
        ]
    )
    fig = plots.network_diagram(net)
    edges = fig.axes[0].collections[0]
    assert len(edges.get_segments()) == 2 * 3 + 3 * 1
    widths = edges.get_linewidths()
    assert widths[1] > widths[0]  # |−2| drawn thicker than |1|
    assert fig.axes[0].get_title() == "2 → 3 → 1"
    wide = plots.network_diagram([3, 20, 1])
    assert len(wide.axes[0].collections[0].get_segments()) == 3 * 8 + 8 * 1
    with pytest.raises(ValueError, match="two positive"):
        plots.network_diagram([3])


def _triangle_net():
    W = np.array([[0.0, 4.0, -4.0], [4.0, -2.0, -2.0]])
    return MLP.from_layers(
        [
            Dense.from_weights(W, [2.0, 2.0, 2.0], "sigmoid"),
            Dense.from_weights([[6.0], [6.0], [6.0]], [-15.0], "sigmoid"),
        ]
    )


def test_hidden_units_figure_has_a_panel_per_unit_and_the_output():
    fig = plots.hidden_units(_triangle_net())
    visible = [ax for ax in fig.axes if ax.axison]
    assert len(visible) == 4 and _titled(fig)
    assert "unit 3" in visible[2].get_title()
    with pytest.raises(ValueError, match="2-input"):
        plots.hidden_units(MLP([3, 2, 1], rng=0))


def test_one_sigmoid_bump_by_hand():
    net = plots.bump_network(lambda x: 2.0 + 0 * x, 1, 0.0, 1.0, "sigmoid", sharpness=10.0)
    hidden, out = net.layers
    # one bin [0, 1] widened by half a bin each side: edges −0.5 and 1.5; k = 10 / 1
    assert np.allclose(hidden.W, [[10.0, 10.0]])
    assert np.allclose(hidden.b, [5.0, -15.0])
    assert np.allclose(out.W, [[2.0], [-2.0]]) and np.allclose(out.b, [0.0])
    x = np.array([0.5, -3.0, 4.0])
    expected = 2.0 * (_sigmoid(10 * (x + 0.5)) - _sigmoid(10 * (x - 1.5)))
    assert np.allclose(net.forward(x[:, None])[:, 0], expected)
    assert np.isclose(expected[0], 2.0, atol=1e-3) and np.all(np.abs(expected[1:]) < 1e-6)


def test_one_relu_hat_by_hand():
    net = plots.bump_network(lambda x: 3.0 + 0 * x, 1, 0.0, 2.0, "relu")
    x = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 3.0])
    # a tent of height 3 at the centre 1 with half-width 1
    assert np.allclose(net.forward(x[:, None])[:, 0], [0.0, 1.5, 3.0, 1.5, 0.0, 0.0])


def test_relu_hats_join_the_dots():
    net = plots.bump_network(np.sin, 6, 0.0, 3.0, "relu")
    nodes = np.linspace(0.0, 3.0, 6)
    assert np.allclose(net.forward(nodes[:, None])[:, 0], np.sin(nodes))
    assert net.sizes == [1, 18, 1]


def test_more_sigmoid_bumps_fit_better():
    target = np.cos
    errors = [
        plots.approximation_error(plots.bump_network(target, n, -3, 3), target, -3, 3)
        for n in (4, 8, 16, 32)
    ]
    assert all(a > b for a, b in itertools.pairwise(errors))
    assert errors[-1] < 0.1


def test_bump_contributions_add_up_to_the_output():
    for kind in plots.BUMP_KINDS:
        net = plots.bump_network(np.cos, 5, -2, 2, kind)
        x = np.linspace(-2, 2, 31)
        parts = plots.bump_contributions(net, x)
        assert parts.shape == (31, 5)
        assert np.allclose(parts.sum(axis=1), net.forward(x[:, None])[:, 0])
    with pytest.raises(ValueError, match="bump_network"):
        plots.bump_contributions(MLP([1, 4, 1], hidden="tanh", rng=0), x)


def test_bump_network_refuses_bad_input():
    with pytest.raises(ValueError, match="kind"):
        plots.bump_network(np.cos, 3, 0, 1, "tanh")
    with pytest.raises(ValueError, match="n_bumps"):
        plots.bump_network(np.cos, 0, 0, 1)
    with pytest.raises(ValueError, match="lo < hi"):
        plots.bump_network(np.cos, 3, 1, 1)
    with pytest.raises(ValueError, match="sharpness"):
        plots.bump_network(np.cos, 3, 0, 1, sharpness=0)
    with pytest.raises(ValueError, match="target"):
        plots.bump_network(lambda x: 1.0, 3, 0, 1)


def test_approximation_error_by_hand():
    identity = MLP.from_layers([Dense.from_weights([[1.0]], [0.0], "identity")])
    # max over [0, 1] of x − x² is at x = ½: ½ − ¼
    assert np.isclose(plots.approximation_error(identity, np.square, 0, 1, 101), 0.25)


def test_relu_interpolant_joins_the_dots_of_x_squared():
    for units in (1, 3, 7):
        net = plots.relu_interpolant(np.square, units, 0, 1)
        knots = np.linspace(0, 1, units + 1)
        assert np.allclose(net.forward(knots[:, None])[:, 0], knots**2)
        # joining x² with spacing h misses by h²/4 at the middle of each piece
        err = plots.approximation_error(net, np.square, 0, 1, 2 * units * 8 + 1)
        assert np.isclose(err, 0.25 / units**2)
    with pytest.raises(ValueError, match="units"):
        plots.relu_interpolant(np.square, 0, 0, 1)


def test_sawtooth_by_hand():
    x = np.linspace(0, 1, 9)
    assert np.allclose(plots.sawtooth(x, 0), x)
    assert np.allclose(plots.sawtooth(x, 1), [0, 0.25, 0.5, 0.75, 1, 0.75, 0.5, 0.25, 0])
    assert np.allclose(plots.sawtooth(x, 2), [0, 0.5, 1, 0.5, 0, 0.5, 1, 0.5, 0])
    with pytest.raises(ValueError, match="depth"):
        plots.sawtooth(x, -1)


@pytest.mark.parametrize("depth", [0, 1, 2, 3, 5])
def test_sawtooth_network_is_x_minus_folds_and_fits_x_squared(depth):
    net = plots.sawtooth_network(depth)
    assert net.sizes == [1] + [3] * depth + [1]
    x = np.linspace(0, 1, 257)
    # the tent by hand, folded s times, in plain NumPy
    tent = lambda g: np.where(g < 0.5, 2 * g, 2 - 2 * g)  # noqa: E731
    g, expected = x.copy(), x.copy()
    for s in range(1, depth + 1):
        g = tent(g)
        expected -= g / 4**s
    assert np.allclose(net.forward(x[:, None])[:, 0], expected)
    assert np.isclose(
        plots.approximation_error(net, np.square, 0, 1, 1025), 2.0 ** (-2 * depth - 2)
    )


def test_sawtooth_network_refuses_negative_depth():
    with pytest.raises(ValueError, match="depth"):
        plots.sawtooth_network(-1)


def test_fit_figures():
    fig = plots.bump_fit(np.cos, 6, -3, 3, "relu")
    assert "18 units" in fig.axes[0].get_title() and _titled(fig)
    fig = plots.depth_fit(4)
    deep, shallow = fig.axes[0].lines[:2]
    assert np.allclose(deep.get_ydata(), [2.0 ** (-2 * m - 2) for m in range(1, 5)])
    assert np.allclose(shallow.get_ydata(), [0.25 / (3 * m) ** 2 for m in range(1, 5)])
    assert _titled(fig)
