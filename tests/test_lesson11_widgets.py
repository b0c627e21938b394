"""Lesson 11's plots and widget, as the lesson now uses them: a PCA map of a d = 10
embedding, legible punctuation labels, and the explorer that trains step by step."""

import numpy as np
import pytest

from nnmath import plots, text, widgets


@pytest.fixture(scope="module")
def data():
    corpus = "the cat sat on the mat. the rat, the bat's hat? " * 6
    vocab = text.Vocabulary.from_text(corpus)
    C, y = text.contexts(vocab.encode(corpus), 3)
    X = text.one_hot_contexts(C, len(vocab))
    return vocab, X[:200], y[:200], X[200:], y[200:]


def _net(vocab, dim=10, seed=0):
    return text.char_model(len(vocab), 3, dim, 16, rng=seed)


def test_map_labels_punctuation_as_words(data):
    vocab = data[0]
    E = np.random.default_rng(0).normal(size=(len(vocab), 2))
    ax = plots.embedding_map(E, vocab.tokens).axes[0]
    shown = {t.get_text() for t in ax.texts}
    assert {"dot", "comma", "apos", "?", "␣"} <= shown
    assert not shown & {".", ",", "'", " "}


def test_embedding_map_links_neighbours_of_the_full_embedding(data):
    vocab = data[0]
    E10 = np.random.default_rng(1).normal(size=(len(vocab), 10))
    P, _, _ = text.pca(E10, 2)
    fig = plots.embedding_map(
        P,
        vocab.tokens,
        highlight="a",
        n_neighbours=2,
        similar=E10,
        axis_names=("PCA axis 1", "PCA axis 2"),
    )
    ax = fig.axes[0]
    near, _ = text.nearest(E10, vocab.index["a"], 2)
    linked = [
        tuple(np.round(line.get_xydata()[1], 9))
        for line in ax.lines
        if len(line.get_xdata()) and line.get_color() == plots.COLORS["orange"]
    ]
    assert sorted(linked) == sorted(tuple(np.round(P[j], 9)) for j in near)
    assert ax.get_xlabel() == "PCA axis 1"
    with pytest.raises(ValueError, match="one row per token"):
        plots.embedding_map(P, vocab.tokens, highlight="a", similar=E10[:3])


def test_update_embedding_map_moves_labels_and_limits(data):
    vocab = data[0]
    _, ax = plots.figure()
    E = np.zeros((len(vocab), 2)) + np.arange(len(vocab))[:, None] * 0.1
    artists = plots.draw_embedding_map(ax, E, vocab.tokens)
    plots.update_embedding_map(artists, E=10 * E)
    assert np.allclose(artists["labels"][3].get_position(), 10 * E[3])
    assert ax.get_xlim()[1] > 10 * E[:, 0].max()


def test_word_explorer_draws_a_pca_map_of_a_bigger_embedding(data):
    vocab = data[0]
    net = _net(vocab)
    e = widgets.word_explorer(net, vocab, token="a")
    P, _, _ = text.pca(net.layers[0].E, 2)
    assert np.allclose(e.emap["E"], P)
    centred = net.layers[0].E - net.layers[0].E.mean(axis=0)
    near, sims = text.nearest(centred, vocab.index["a"], 4)
    assert e.state["neighbours"] == [vocab.tokens[j] for j in near]
    assert np.allclose(e.state["similarities"], sims)
    assert e.ax_e.get_xlabel() == "PCA axis 1"
    assert e.state["epoch"] == 0 and e.state["loss"] is None and e.state["val_loss"] is None


def test_word_explorer_trains_one_epoch_per_step_and_resets(data):
    vocab, X, y, X_val, y_val = data
    net = _net(vocab)
    E0 = net.layers[0].E.copy()
    e = widgets.word_explorer(net, vocab, train=(X, y), validation=(X_val, y_val), l2=1e-4)
    start = e.state
    assert start["epoch"] == 0 and start["val_loss"] > 2
    png = e.image.value
    s = e.step(5)
    assert s["epoch"] == 5 and s["val_loss"] < start["val_loss"] and s["loss"] is not None
    assert not np.allclose(net.layers[0].E, E0) and e.image.value != png
    assert np.allclose(e.emap["E"], text.pca(net.layers[0].E, 2, reference=e.axes)[0])
    assert "epoch 5" in e.status.value and "validation loss" in e.status.value
    # the same training from code: a fresh copy trained by fit gives the same weights
    again = widgets.word_explorer(_net(vocab), vocab, train=(X, y), l2=1e-4)
    again.step(5)
    assert np.allclose(again.net.layers[0].E, net.layers[0].E)
    r = e.reset()
    assert r["epoch"] == 0 and np.allclose(net.layers[0].E, E0)
    assert np.isclose(r["val_loss"], start["val_loss"]) and r["sample"] == start["sample"]
    assert e.step(5)["val_loss"] == s["val_loss"]  # same shuffling after a reset


def test_word_explorer_buttons_and_play(data):
    vocab, X, y, _, _ = data
    e = widgets.word_explorer(_net(vocab), vocab, train=(X, y))
    e.buttons["step"].click()
    assert e.state["epoch"] == 1 and e.errors.outputs == ()
    e.play.value += 1  # a tick of Play
    assert e.state["epoch"] == 2
    e.buttons["reset"].click()
    assert e.state["epoch"] == 0 and e.errors.outputs == ()


def test_word_explorer_training_refuses_bad_input(data):
    vocab, X, y, _, _ = data
    net = _net(vocab)
    with pytest.raises(ValueError, match="no training data"):
        widgets.word_explorer(net, vocab).step()
    with pytest.raises(ValueError, match=r"train X must have shape"):
        widgets.word_explorer(net, vocab, train=(X[:, :5], y))
    with pytest.raises(ValueError, match="needs training data"):
        widgets.word_explorer(net, vocab, validation=(X, y))
    with pytest.raises(TypeError, match="pair"):
        widgets.word_explorer(net, vocab, train=X)
    with pytest.raises(ValueError, match="d >= 2"):
        widgets.word_explorer(_net(vocab, dim=1), vocab)
    e = widgets.word_explorer(net, vocab, train=(X, y))
    for bad in (0, 2.5, 10**6, "1", True):
        with pytest.raises((ValueError, TypeError)):
            e.step(bad)
