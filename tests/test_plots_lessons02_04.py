"""Plots of lessons 02–04: activations, a layer warping the plane, networks and approximation.

That every figure has a title and axis labels is tested in test_accessibility.py."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnmath import MLP, Dense, activations, plots


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# --- lesson 02: activations ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity"])
def test_activation_ylim_holds_the_curve(name):
    f, _ = activations.get_scalar(name)
    lo, hi = plots.activation_ylim(name, 6.0)
    values = f(np.linspace(-6, 6, 101))
    assert lo < values.min() and values.max() < hi


def test_draw_and_update_activation_move_the_artists():
    _, (ax_f, ax_df) = plots.figure(5, 2.5, ncols=2)
    artists = plots.draw_activation(ax_f, ax_df, "sigmoid", 1.0, zlim=6.0)
    assert np.allclose(artists["f_point"].get_ydata(), [_sigmoid(1.0)])
    assert np.allclose(artists["df_point"].get_ydata(), [_sigmoid(1.0) * (1 - _sigmoid(1.0))])
    assert not plots.update_activation(artists, "sigmoid", -2.0)  # same limits
    assert plots.update_activation(artists, "relu", 2.0)  # relu reaches 6: new limits
    z = artists["f"].get_xdata()
    assert np.allclose(artists["f"].get_ydata(), np.maximum(z, 0))
    zs, dfs = artists["df"].get_data()
    ok = np.isfinite(zs)
    off = ok & (zs != 0)
    assert np.allclose(dfs[off], zs[off] > 0)  # ReLU′ = 1 for z > 0, 0 for z < 0
    assert sorted(dfs[zs == 0]) == [0.0, 1.0]  # each piece ends at 0 with its one-sided limit
    assert np.isnan(dfs[~ok]).all() and (~ok).sum() == 1  # two pieces: no vertical segment
    assert artists["df_closed"].get_xydata().tolist() == [[0.0, 0.0]]  # nnmath takes 0 at 0
    assert artists["df_open"].get_xydata().tolist() == [[0.0, 1.0]]
    assert artists["f_point"].get_xydata().tolist() == [[2.0, 2.0]]
    assert ax_f.get_ylim()[1] > 6.0
    plots.update_activation(artists, "tanh", 0.0)
    assert artists["df_open"].get_xydata().size == 0  # tanh′ has no jump: no dots


def test_drawn_tangent_has_the_slope_of_f_at_z0():
    _, (ax_f, ax_df) = plots.figure(5, 2.5, ncols=2)
    artists = plots.draw_activation(ax_f, ax_df, "tanh", 0.5, zlim=6.0)
    zs, ys = artists["tangent"].get_data()
    # tanh′(½) = 1 − tanh²(½); the segment reaches 0.3·zlim = 1.8 each side of z₀
    assert np.allclose(zs, [0.5 - 1.8, 0.5 + 1.8])
    assert np.isclose((ys[1] - ys[0]) / (zs[1] - zs[0]), 1 - np.tanh(0.5) ** 2)
    assert np.isclose(np.mean(ys), np.tanh(0.5))


def test_activation_curves_figure():
    fig = plots.activation_curves()
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert len(fig.axes[0].lines) >= 4


def test_relu_slope_is_two_pieces_with_a_closed_and_an_open_dot():
    fig = plots.activation_curves(("relu",))
    ax_df = fig.axes[1]
    zs, dfs = ax_df.lines[0].get_data()
    left, right = zs < 0, zs > 0
    # no segment joins the 0-piece to the 1-piece: they are separated by a break (NaN)
    assert np.all(dfs[left] == 0) and np.all(dfs[right] == 1) and np.isnan(zs).sum() == 1
    steps = np.diff(dfs)
    assert np.all((steps[np.isfinite(steps)]) == 0)  # each piece is flat
    dots = {
        (ln.get_xdata()[0], ln.get_ydata()[0]): ln.get_markerfacecolor() for ln in ax_df.lines[1:]
    }
    assert set(dots) == {(0.0, 0.0), (0.0, 1.0)}
    assert dots[(0.0, 1.0)] == "white" and dots[(0.0, 0.0)] != "white"  # open at 1, closed at 0


def test_saturation_figure():
    fig = plots.saturation("tanh")
    assert "2.18" in fig.axes[0].get_title()


def test_softmax_bars_and_its_input_checks():
    fig = plots.softmax_bars([2.0, 1.0, 0.1], labels=["cat", "dog", "fox"])
    heights = [p.get_height() for p in fig.axes[1].patches]
    e = np.exp([2.0, 1.0, 0.1])
    assert np.allclose(heights, e / e.sum())
    with pytest.raises(ValueError, match="one vector"):
        plots.softmax_bars([[1.0, 2.0]])
    with pytest.raises(ValueError, match="one vector"):
        plots.softmax_bars([1.0])
    with pytest.raises(ValueError, match="labels"):
        plots.softmax_bars([1.0, 2.0], labels=["a"])


# --- lesson 03: a layer warping the plane -------------------------------------------------


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
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert "tanh" in fig.axes[1].get_title()


def test_grid_warp_shows_the_grey_z_grid_only_where_it_fits():
    _, (ax_z, ax_a) = plots.figure(5, 2.6, ncols=2)
    artists = plots.draw_grid_warp(ax_z, ax_a, np.eye(2), np.zeros(2), "relu")
    assert artists["before_a"].get_visible()
    plots.update_grid_warp(artists, np.eye(2), np.zeros(2), "tanh")  # Z mostly outside the box
    assert not artists["before_a"].get_visible()
    plots.update_grid_warp(artists, np.eye(2), np.zeros(2), "identity")
    assert artists["before_a"].get_visible()


def test_layer_diagram_labels_weights_biases_and_points_every_arrow_forward():
    ax = plots.layer_diagram(3, 2).axes[0]
    texts = [t.get_text() for t in ax.texts]
    weights = {t for t in texts if t.startswith("$w_")}
    assert weights == {f"$w_{{{i}{j}}}$" for i in (1, 2, 3) for j in (1, 2)}  # one per arrow
    assert {"$+b_1$", "$+b_2$", "$a_1 = f(z_1)$", "$a_2 = f(z_2)$"} <= set(texts)
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    into_units = [a for a in arrows if a.xyann[0] == 0.0]
    assert len(into_units) == 6 and all(a.xy[0] == 2.0 for a in into_units)  # inputs → units
    assert all(a.arrow_patch.get_arrowstyle().__class__.__name__ == "CurveFilledB" for a in arrows)
    with pytest.raises(ValueError, match="n_in"):
        plots.layer_diagram(5, 2)
    with pytest.raises(TypeError, match="n_out"):
        plots.layer_diagram(3, "2")


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
    assert len(visible) == 4
    assert "unit 3" in visible[2].get_title()
    with pytest.raises(ValueError, match="2-input"):
        plots.hidden_units(MLP([3, 2, 1], rng=0))


def test_hidden_units_output_panel_shows_the_network_on_the_plane():
    net = _triangle_net()
    fig = plots.hidden_units(net, lim=2.0, res=5)
    out = fig.axes[3].images[0].get_array()
    # origin="lower": row 0 is x₂ = −2, the last column x₁ = +2
    corner = net.forward(np.array([[2.0, -2.0]]))[0, 0]
    assert out.shape == (5, 5) and np.isclose(out[0, -1], corner)
    # at the centre (0, 0): z = (2, 2, 2), ŷ = σ(18 σ(2) − 15)
    assert np.isclose(out[2, 2], _sigmoid(18 * _sigmoid(2.0) - 15))


def test_fit_figures():
    fig = plots.bump_fit(np.cos, 6, -3, 3, "relu")
    assert "18 units" in fig.axes[0].get_title()
    bumps = fig.axes[0].collections[0].get_segments()
    fit = fig.axes[0].lines[1].get_ydata()
    assert len(bumps) == 6  # one thin curve per hat, adding up to the drawn fit
    assert np.allclose(sum(b[:, 1] for b in bumps), fit)
    fig = plots.depth_fit(4)
    deep, shallow = fig.axes[0].lines[:2]
    assert np.allclose(deep.get_ydata(), [2.0 ** (-2 * m - 2) for m in range(1, 5)])
    assert np.allclose(shallow.get_ydata(), [0.25 / (3 * m) ** 2 for m in range(1, 5)])


def test_hidden_units_output_panel_draws_the_units_lines():
    fig = plots.hidden_units(_triangle_net())
    dashed = [ln for ln in fig.axes[3].lines if ln.get_linestyle() == "--"]
    assert len(dashed) == 3  # one per hidden unit, on the output panel


_XOR4 = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])


def test_untangle_moves_the_points_to_the_hidden_plane():
    W, b = np.array([[1.5, 1.0], [1.5, 2.0]]), np.array([1.5, -1.5])
    fig = plots.untangle(_XOR4, [0, 0, 1, 1], W, b)
    blue, orange = fig.axes[1].collections[:2]
    assert np.allclose(blue.get_offsets(), np.tanh(_XOR4[:2] @ W + b))
    assert np.allclose(orange.get_offsets(), np.tanh(_XOR4[2:] @ W + b))
    assert "100%" in fig.axes[1].get_title()
    fig = plots.untangle(_XOR4, [0, 0, 1, 1], np.eye(2), [0.0, 0.0])
    assert "75%" in fig.axes[1].get_title()  # tanh of each coordinate alone: still XOR


def test_update_triangle_shades_the_network_output():
    from nnmath import approx
    from nnmath.data import output_grid

    _, ax = plots.figure(3, 3)
    artists = plots.draw_triangle(ax, lim=2.0, res=7)
    net = approx.triangle_network(3.0)
    plots.update_triangle(artists, net, probe=(0.5, 0.0))
    assert np.allclose(artists["shade"].get_array(), output_grid(net, (-2, 2), (-2, 2), 7))
    assert np.allclose(artists["probe"].get_xydata(), [[0.5, 0.0]])
    assert len([ln for ln in ax.lines if ln.get_linestyle() == "--"]) == 3
