"""Plots of lesson 10 (handwritten digits) and lesson 11 (words as vectors).

That every figure has a title and axis labels is tested in test_accessibility.py; the
training curves (``loss_curves``) in test_plots_playground.py."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnmath import plots, text
from nnmath.plots.digits import _mosaic


@pytest.fixture
def images():
    rng = np.random.default_rng(0)
    return rng.integers(0, 17, size=(12, 64)).astype(float)


# ---------------------------------------------------------------- lesson 10: digits


def test_mosaic_places_tile_i_at_row_and_column_of_divmod(images):
    grid = _mosaic(images[:5], ncols=3, pad=1)
    assert grid.shape == (2 * 9 - 1, 3 * 9 - 1)
    tile = images[4].reshape(8, 8)  # divmod(4, 3) = (1, 1): second row, second column
    assert np.array_equal(grid[9:17, 9:17], tile)
    assert np.isnan(grid[8]).all() and np.isnan(grid[:, 8]).all()  # the gaps
    assert np.isnan(grid[9:, 18:]).all()  # no sixth image: blank


def test_digit_grid_shows_each_image_with_its_title(images):
    fig = plots.digit_grid(images, [str(i) for i in range(12)], ncols=5)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    grid = ax.get_images()[0].get_array()
    pad = 5  # one gap pixel plus four for a one-line title
    r, c = divmod(7, 5)
    top = pad + r * (8 + pad)
    assert np.array_equal(
        grid[top : top + 8, c * (8 + pad) : c * (8 + pad) + 8], images[7].reshape(8, 8)
    )  # row-major: pixel 8 is row 1
    texts = {t.get_text(): t.get_position() for t in ax.texts}
    assert len(texts) == 12 and texts["7"][0] == c * (8 + pad) + 3.5


def test_digit_grid_refuses_bad_shapes(images):
    with pytest.raises(ValueError, match=r"\(n, 64\)"):
        plots.digit_grid(np.zeros((3, 63)))
    with pytest.raises(ValueError, match="need 12 titles"):
        plots.digit_grid(images, ["a"])


def test_weight_images_are_columns_of_W_each_scaled_to_one():
    W = np.random.default_rng(1).normal(size=(64, 20))
    fig = plots.weight_images(W, n=6, ncols=3)
    ax = fig.axes[0]
    im = ax.get_images()[0]
    grid = np.asarray(im.get_array())
    assert grid.shape == (2 * 9 - 1, 3 * 9 - 1)  # 6 units, 3 per row
    unit4 = W[:, 4].reshape(8, 8) / np.abs(W[:, 4]).max()  # divmod(4, 3) = (1, 1)
    assert np.allclose(grid[9:17, 9:17], unit4)
    assert im.get_clim() == (-1.0, 1.0)  # white is weight 0
    with pytest.raises(ValueError, match=r"\(64, h\)"):
        plots.weight_images(W.T)


def test_confusion_plot_titles_the_mistakes():
    fig = plots.confusion_plot([0, 0, 1, 1], [0, 1, 1, 1], k=2)
    ax = fig.axes[0]
    assert ax.get_title() == "Confusion matrix: 1 mistakes, accuracy 75.0%"
    assert ax.get_xlabel() == "predicted digit" and ax.get_ylabel() == "true digit"
    assert sorted(t.get_text() for t in ax.texts) == ["1", "1", "2"]


def test_mistakes_plot_titles_true_and_predicted(images):
    P = np.tile([0.1, 0.9], (12, 1))
    y = np.zeros(12, dtype=int)
    y[3] = 1  # the one right answer
    fig = plots.mistakes_plot(images, P, y, n=4)
    titles = [t.get_text() for t in fig.axes[0].texts]
    assert titles == ["0 → 1\nsure: 90%"] * 4
    with pytest.raises(ValueError, match="no mistakes"):
        plots.mistakes_plot(images, P, np.ones(12, dtype=int))


def test_digit_probability_bars_update_in_place():
    _fig, ax = plots.figure(3, 2)
    p = np.full(10, 0.1)
    artists = plots.draw_digit_probabilities(ax, p)
    bars = list(artists["bars"])
    q = np.array([0.05, 0.0, 0.0, 0.7, 0.0, 0.0, 0.0, 0.0, 0.25, 0.0])
    assert plots.update_bars(artists, q) == 3
    assert list(artists["bars"]) == bars  # the same rectangles, new heights
    assert np.allclose([b.get_height() for b in bars], q)
    assert bars[3].get_facecolor() != bars[8].get_facecolor()
    with pytest.raises(ValueError, match="sum to 1"):
        plots.draw_digit_probabilities(ax, np.ones(10))


def test_draw_digit_and_update(images):
    _fig, ax = plots.figure(2, 2)
    im = plots.draw_digit(ax, images[0])
    plots.update_digit(im, images[1].reshape(8, 8))
    assert np.array_equal(im.get_array(), images[1].reshape(8, 8))
    assert im.get_clim() == (0, 16)
    with pytest.raises(ValueError, match=r"shape \(64,\) or \(8, 8\)"):
        plots.update_digit(im, images[:2])


def test_unit_top_images_shows_each_units_most_active_images_in_order(images):
    H = np.zeros((12, 4))
    H[:, 2] = np.arange(12)  # unit 3 fires hardest on image 11, then 10, …
    H[[4, 7, 1], 0] = [5.0, 9.0, 1.0]  # unit 1: images 7, 4, 1, then ties in image order
    labels = np.arange(12) % 10
    fig = plots.unit_top_images(images, H, [2, 0], labels=labels, n=4)
    grid = np.asarray(fig.axes[0].get_images()[0].get_array())
    step, left, top = 8 + 5, 16, 4  # tiles of 8 pixels plus room for the label; row names
    for r, order in enumerate([[11, 10, 9, 8], [7, 4, 1, 0]]):
        for c, i in enumerate(order):
            tile = grid[top + r * step : top + r * step + 8, left + c * step : left + c * step + 8]
            assert np.array_equal(tile, images[i].reshape(8, 8))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts[0] == "unit 3" and "unit 1" in texts
    assert texts[1:5] == ["1", "0", "9", "8"]  # the labels of images 11, 10, 9, 8
    assert fig.axes[0].get_title()


def test_unit_top_images_refuses_bad_input(images):
    H = np.zeros((12, 4))
    with pytest.raises(ValueError, match="one row per image"):
        plots.unit_top_images(images, H[:5], [0])
    with pytest.raises(ValueError, match="columns of H"):
        plots.unit_top_images(images, H, [4])
    with pytest.raises(ValueError, match="n must be"):
        plots.unit_top_images(images, H, [0], n=13)
    with pytest.raises(ValueError, match="labels"):
        plots.unit_top_images(images, H, [0], labels=[1, 2])


# ---------------------------------------------------------------- lesson 11: words


@pytest.fixture
def vocab():
    return text.Vocabulary.from_text("the cat sat\n")


def test_one_hot_picture_has_one_one_per_row(vocab):
    fig = plots.one_hot_picture("cat", vocab)
    ax = fig.axes[0]
    data = ax.get_images()[0].get_array()
    assert data.shape == (3, len(vocab))
    assert np.array_equal(data.argmax(axis=1), vocab.encode("cat"))
    assert np.array_equal(np.asarray(data).sum(axis=1), [1, 1, 1])
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["↵", "␣"]


def test_embedding_map_puts_each_token_at_its_row():
    E = np.array([[0.0, 1.0], [1.0, 0.0], [0.9, 0.2], [-1.0, -1.0]])
    tokens = ["a", "b", "c", " "]
    fig = plots.embedding_map(E, tokens, highlight="b", n_neighbours=1)
    ax = fig.axes[0]
    labels = {t.get_text(): t.get_position() for t in ax.texts if t.get_fontweight() != "bold"}
    assert labels["␣"] == (-1.0, -1.0) and labels["c"] == (0.9, 0.2) and len(labels) == 4
    bold = [t.get_text() for t in ax.texts if t.get_text() and t.get_fontweight() == "bold"]
    assert bold == ["b", "c"]  # b highlighted, its nearest neighbour c
    ring = ax.collections[0].get_offsets()
    assert np.allclose(ring, [[1.0, 0.0]])
    drawn = [line for line in ax.get_lines() if len(line.get_xdata()) == 2]
    link = [ln for ln in drawn if ln.get_xdata()[0] == 1.0]
    assert len(link) == 1 and np.allclose(link[0].get_ydata(), [0.0, 0.2])  # b's neighbour: c


def test_embedding_map_links_the_nearest_neighbours_never_the_token_itself():
    # cosine neighbours of a = (1, 0): b (0.8, 0.6) at 0.8, then c (0, 1) at 0; asking
    # for more neighbours than the other tokens still links only those two
    E = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]])
    ax = plots.embedding_map(E, ["a", "b", "c"], highlight="a", n_neighbours=5).axes[0]
    bold = [t.get_text() for t in ax.texts if t.get_text() and t.get_fontweight() == "bold"]
    assert bold == ["a", "b", "c"]
    links = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 2 and ln.get_xdata()[0] == 1.0]
    assert [tuple(ln.get_xdata()) for ln in links] == [(1.0, 0.8), (1.0, 0.0)]


def test_embedding_map_refuses_bad_input():
    with pytest.raises(ValueError, match=r"\(V, 2\)"):
        plots.embedding_map(np.zeros((3, 5)), ["a", "b", "c"])
    with pytest.raises(ValueError, match="3 rows but there are 2 tokens"):
        plots.embedding_map(np.zeros((3, 2)), ["a", "b"])
    with pytest.raises(ValueError, match="not one of the tokens"):
        plots.embedding_map(np.ones((2, 2)), ["a", "b"], highlight="z")


def test_update_embedding_map_marks_the_token_and_its_neighbours():
    _fig, ax = plots.figure(3, 3)
    E = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]])
    artists = plots.draw_embedding_map(ax, E, ["x", "y", " "])
    plots.update_embedding_map(artists, 0, [2])
    shown = [(m.get_text(), tuple(m.get_position())) for m in artists["marks"] if m.get_text()]
    assert shown == [("x", (0.0, 1.0)), ("␣", (0.5, 0.5))]
    assert artists["marks"][0].get_color() != artists["marks"][1].get_color()
    plots.update_embedding_map(artists, 1, [])  # the previous highlight is cleared
    assert [m.get_text() for m in artists["marks"] if m.get_text()] == ["y"]
    assert all(len(line.get_xdata()) == 0 for line in artists["links"])
    assert np.allclose(artists["ring"].get_offsets(), [[1.0, 0.0]])
    plots.update_embedding_map(artists, None)
    assert len(artists["ring"].get_offsets()) == 0
    assert not any(m.get_text() for m in artists["marks"])


def test_temperature_bars_are_softmax_of_z_over_T():
    z = np.array([2.0, 0.0, 1.0])
    fig = plots.temperature_bars(z, ["a", "b", "c"], temperatures=(0.5, 2.0))
    ax_cold, ax_hot = fig.axes
    cold = [b.get_height() for b in ax_cold.patches]
    e = np.exp(np.array([2.0, 1.0, 0.0]) / 0.5)  # sorted by z: a, c, b
    assert np.allclose(cold, e / e.sum())
    hot = [b.get_height() for b in ax_hot.patches]
    assert max(hot) < max(cold)  # a higher temperature flattens the distribution
    assert [t.get_text() for t in ax_cold.get_xticklabels()] == ["a", "c", "b"]
    assert ax_cold.get_title() == "T = 0.5"
    top2 = plots.temperature_bars(z, ["a", "b", "c"], temperatures=(1.0,), top=2)
    assert len(top2.axes[0].patches) == 2
    with pytest.raises(ValueError, match="one score per token"):
        plots.temperature_bars(z, ["a", "b"])


def test_token_bars_update_in_place():
    _fig, ax = plots.figure(3, 2)
    artists = plots.draw_token_bars(ax, [0.5, 0.5], ["a", "b"])
    assert plots.update_bars(artists, [0.2, 0.8]) == 1
    assert np.allclose([b.get_height() for b in artists["bars"]], [0.2, 0.8])
    with pytest.raises(ValueError, match="one probability per token"):
        plots.draw_token_bars(ax, [1.0], ["a", "b"])
