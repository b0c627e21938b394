"""Plots of lessons 00–01: vectors and their projection, the neuron's decision line.

The numbers they draw are tested in test_vectors.py and test_neuron.py; that every
figure has a title and axis labels, in test_accessibility.py."""

import numpy as np
import pytest
from matplotlib.colors import to_rgb

from nnmath import Neuron, plots


def test_bias_shift_refuses_zero_weight():
    with pytest.raises(ValueError, match="non-zero"):
        plots.bias_shift(w=0.0)


def test_update_decision_line_moves_the_artists():
    _fig, ax = plots.figure()
    X, y = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([0, 1])
    artists = plots.draw_decision_line(ax, X, y, [1.0, 0.0], 0.0)
    before = np.asarray(artists["shade"].get_array()).copy()
    plots.update_decision_line(artists, np.array([0.0, 2.0]), -1.0)
    xs, ys = artists["line"].get_data()
    assert np.allclose(Neuron([0.0, 2.0], -1.0).z(np.column_stack([xs, ys])), 0.0)
    assert not np.allclose(np.asarray(artists["shade"].get_array()), before)
    assert (artists["arrow"].U[0], artists["arrow"].V[0]) == (0.0, 2.0)


def test_draw_vectors_draws_the_projection_and_update_moves_it():
    _fig, ax = plots.figure()
    artists = plots.draw_vectors(ax, [3.0, 0.0], [2.0, 2.0])
    # the shadow of b = (2, 2) on a = (3, 0) ends at (2, 0); the dotted drop goes from b to it
    assert np.allclose(np.asarray(artists["proj"].get_data()), [[0.0, 2.0], [0.0, 0.0]])
    assert np.allclose(np.asarray(artists["drop"].get_data()), [[2.0, 2.0], [2.0, 0.0]])
    plots.update_vectors(artists, np.array([1.0, 1.0]), np.array([1.0, 0.0]))
    # b = (1, 0) onto a = (1, 1): (1 / 2)(1, 1)
    assert np.allclose(np.asarray(artists["proj"].get_data()), [[0.0, 0.5], [0.0, 0.5]])
    assert (artists["b"].U[0], artists["b"].V[0]) == (1.0, 0.0)


def _shift_in_points(artist):
    """How far (in points) an artist's transform moves the data origin from transData's."""
    ax = artist.axes
    ax.figure.canvas.draw()
    shift = artist.get_transform().transform((0.0, 0.0)) - ax.transData.transform((0.0, 0.0))
    return shift * 72.0 / ax.figure.dpi


def test_draw_vectors_draws_the_projection_beside_a_on_the_side_away_from_b():
    _fig, ax = plots.figure()
    artists = plots.draw_vectors(ax, [3.0, 0.0], [2.0, 2.0])
    # b is above a = (3, 0): the shadow is drawn below the line of a, not hidden under it
    dx, dy = _shift_in_points(artists["proj"])
    assert abs(dx) < 1e-9 and -9.0 < dy < -3.0
    assert np.allclose(np.asarray(artists["foot"].get_data()).ravel(), [2.0, 0.0])  # on a's line
    plots.update_vectors(artists, np.array([3.0, 0.0]), np.array([1.0, -2.0]))
    dx, dy = _shift_in_points(artists["proj"])
    assert abs(dx) < 1e-9 and 3.0 < dy < 9.0  # b now below a: the shadow moves above
    assert np.allclose(np.asarray(artists["foot"].get_data()).ravel(), [1.0, 0.0])


def test_dot_product_window_holds_both_arrowheads():
    fig = plots.dot_product([3.0, 0.0], [2.0, 2.0])
    (ax,) = fig.axes
    lo, hi = ax.get_xlim()
    assert lo < -3.0 and hi > 3.0 * 1.1 and ax.get_ylim() == (lo, hi)  # a = (3, 0) ends inside
    assert ax.get_title() == "a·b = 6.00   (shadow of b on a: 2.00)"
    fig = plots.dot_product([3.0, 0.0], [-2.0, 1.0], lim=5.0)
    assert fig.axes[0].get_xlim() == (-5.0, 5.0)
    assert fig.axes[0].get_title() == "a·b = −6.00   (shadow of b on a: −2.00)"


def test_draw_decision_line_shades_the_neuron_output():
    _fig, ax = plots.figure()
    X, y = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([0, 1])
    artists = plots.draw_decision_line(ax, X, y, [1.0, 0.0], 0.0, lim=2.0)
    shade = np.asarray(artists["shade"].get_array())
    # y = σ(x₁): the left column (x₁ = −2) is σ(−2), the right one σ(2), in every row
    assert np.allclose(shade[:, 0], 1 / (1 + np.exp(2.0)))
    assert np.allclose(shade[:, -1], 1 / (1 + np.exp(-2.0)))
    assert artists["shade"].get_extent() == [-2.0, 2.0, -2.0, 2.0]
    # w = (1, 0), b = 0: the line is x₁ = 0 from x₂ = −2 to 2
    assert np.allclose(np.asarray(artists["line"].get_data()), [[0.0, 0.0], [-2.0, 2.0]])


def test_plane_helpers_shade_scatter_and_hide():
    _fig, ax = plots.figure()
    im = plots.shade_plane(ax, np.arange(6.0).reshape(2, 3), ((0.0, 3.0), (-1.0, 1.0)), None, None)
    assert im.get_extent() == [0.0, 3.0, -1.0, 1.0] and im.get_clim() == (0.0, 5.0)
    assert im.origin == "lower" and im.get_cmap() is plots.CMAP
    X, y = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]]), np.array([1, 0, 1])
    zero, one = plots.scatter_classes(ax, X, y)
    assert np.allclose(one.get_offsets(), X[[0, 2]]) and one.get_label() == "class 1"
    assert np.allclose(zero.get_facecolor()[0][:3], to_rgb(plots.CLASS_COLORS[0]))
    plots.hide_axes(ax, frame=True)
    assert not ax.get_xticks().size and ax.spines["left"].get_visible()
    plots.hide_axes(ax)
    assert not any(spine.get_visible() for spine in ax.spines.values())
