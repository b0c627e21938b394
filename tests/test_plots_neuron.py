"""Plots of lessons 00–01: vectors, projection, the neuron's decision line."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnmath import Neuron, plots


def test_projection_by_hand():
    # b = (2, 2) onto a = (3, 0): (a·b / a·a) a = (6 / 9)(3, 0) = (2, 0)
    assert np.allclose(plots.projection([2.0, 2.0], [3.0, 0.0]), [2.0, 0.0])
    # onto a diagonal: a = (1, 1), b = (1, 0): (1 / 2)(1, 1)
    assert np.allclose(plots.projection([1.0, 0.0], [1.0, 1.0]), [0.5, 0.5])


def test_projection_residual_is_perpendicular():
    rng = np.random.default_rng(3)
    for _ in range(20):
        a, b = rng.normal(size=2), rng.normal(size=2)
        p = plots.projection(b, a)
        assert abs((b - p) @ a) < 1e-12


def test_projection_onto_zero_vector_is_refused():
    with pytest.raises(ValueError, match="zero vector"):
        plots.projection([1.0, 2.0], [0.0, 0.0])


@pytest.mark.parametrize("w", [(1.0, 1.0), (2.0, -0.5), (0.3, 4.0), (-1.0, 0.0), (0.0, 2.0)])
@pytest.mark.parametrize("b", [-1.0, 0.0, 0.7])
def test_decision_line_points_have_z_zero(w, b):
    xs, ys = plots.decision_line(w, b, lim=2.5)
    assert xs.shape == ys.shape == (2,)
    z = Neuron(w, b).z(np.column_stack([xs, ys]))
    assert np.allclose(z, 0.0, atol=1e-12)


def test_decision_line_without_weights_is_empty():
    xs, ys = plots.decision_line([0.0, 0.0], 1.0)
    assert xs.size == 0 and ys.size == 0


def test_neuron_output_grid_matches_neuron():
    w, b, lim, res = np.array([1.5, -0.5]), 0.2, 2.0, 5
    grid = plots.neuron_output_grid(w, b, "sigmoid", lim=lim, res=res)
    g = np.linspace(-lim, lim, res)
    # row i is x₂ = g[i], column j is x₁ = g[j] (imshow with origin="lower")
    expected = np.array([[Neuron(w, b)(np.array([x1, x2])) for x1 in g] for x2 in g])
    assert np.allclose(grid, expected)


@pytest.mark.parametrize(
    "fig",
    [
        lambda: plots.dot_product([2.0, 0.5], [1.0, 3.0]),
        lambda: plots.neuron_response("tanh"),
        lambda: plots.bias_shift(2.0, (-1.0, 1.0)),
        lambda: plots.neuron_plane(
            np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([0, 1]), [1.0, -1.0], 0.0
        ),
    ],
)
def test_figures_have_titles_and_axis_labels(fig):
    f = fig()
    assert isinstance(f, Figure)
    for ax in f.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert plots.render_png(f)[:8] == b"\x89PNG\r\n\x1a\n"


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
