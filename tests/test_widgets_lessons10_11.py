"""Widgets of lesson 10 (pick or draw a digit) and lesson 11 (temperature, neighbours)."""

import numpy as np
import pytest

from nnmath import MLP, data, text, widgets


def _softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


# ---------------------------------------------------------------- lesson 10: digits


@pytest.fixture(scope="module")
def digit_net():
    # Untrained is enough: the widget must show whatever this network computes.
    return MLP([64, 16, 10], hidden="relu", output="softmax", rng=np.random.default_rng(4))


@pytest.fixture(scope="module")
def split():
    return data.digits(standardized=False), data.digits()


def _by_hand(net, x):
    """ŷ = softmax(relu(x W₁ + b₁) W₂ + b₂), straight from the weights."""
    (l1, l2) = net.layers
    return _softmax(np.maximum(x @ l1.W + l1.b, 0.0) @ l2.W + l2.b)


def test_digit_explorer_classifies_the_picked_test_image(digit_net, split):
    (_, X_test_raw, _, y_test), (_, X_test, _, _) = split
    e = widgets.digit_explorer(digit_net, image=5)
    s = e.update(image=7)
    assert np.allclose(e.standardize(X_test_raw[7]), X_test[7])  # the train-set statistics
    p = _by_hand(digit_net, X_test[7])
    assert np.allclose(s["probabilities"], p)
    assert s["prediction"] == int(np.argmax(p)) and s["label"] == y_test[7]
    assert s["source"] == "test" and np.array_equal(s["pixels"], X_test_raw[7])
    heights = [b.get_height() for b in e.bars["bars"]]
    assert np.allclose(heights, p)
    assert f"{p.max():.3f}" in e.equation.value


def test_digit_explorer_slider_redraws_and_copies_the_image_to_the_grid(digit_net, split):
    (_, X_test_raw, _, _), _ = split
    e = widgets.digit_explorer(digit_net, image=0)
    png = e.image.value
    e.controls["image"].value = 11
    assert e.image.value != png and e.image.value[:4] == b"\x89PNG"
    assert e.state["source"] == "test" and np.array_equal(e.state["pixels"], X_test_raw[11])
    on = np.array([b.value for b in e.pixels])
    assert np.array_equal(on, X_test_raw[11] >= 8)


def test_digit_explorer_toggle_classifies_the_drawing(digit_net):
    e = widgets.digit_explorer(digit_net)
    e.clear.click()
    assert e.state["source"] == "drawing" and not e.state["pixels"].any()
    for i in (3, 11, 19, 27, 35, 43, 51, 59):  # a vertical stroke: column 3
        e.pixels[i].value = True
    s = e.state
    drawn = np.zeros(64)
    drawn[[3, 11, 19, 27, 35, 43, 51, 59]] = 16.0
    assert np.array_equal(s["pixels"], drawn) and s["label"] is None
    assert np.allclose(s["probabilities"], _by_hand(digit_net, e.standardize(drawn)))
    assert "your drawing" in e.ax_img.get_title()
    e.controls["image"].value = 3  # picking a test image leaves drawing mode
    assert e.state["source"] == "test"


def test_digit_explorer_direct_update_shows_the_drawing_on_the_grid(digit_net):
    e = widgets.digit_explorer(digit_net)
    pixels = np.zeros(64)
    pixels[[3, 11, 19, 27, 35]] = 16.0  # a vertical stroke in column 3
    e.update(image=0, pixels=pixels)
    assert [b.value for b in e.pixels] == [bool(v) for v in pixels]
    assert np.array_equal(e.drawing, pixels)


def test_digit_explorer_refuses_bad_input(digit_net):
    with pytest.raises(ValueError, match="64 pixels to 10 classes"):
        widgets.digit_explorer(MLP([64, 5], rng=0))
    with pytest.raises(ValueError, match=r"test image must be a whole number in \[0, 359\]"):
        widgets.digit_explorer(digit_net, image=360)
    e = widgets.digit_explorer(digit_net)
    with pytest.raises(ValueError, match="64 ink levels"):
        e.update(image=0, pixels=np.full(64, 20.0))
    with pytest.raises(ValueError, match="64 ink levels"):
        e.update(image=0, pixels=np.zeros(10))
    with pytest.raises(ValueError, match="val_fraction"):
        widgets.digit_explorer(digit_net, val_fraction=0.9)


def test_digit_explorer_with_a_validation_part_standardises_on_the_training_rows(digit_net):
    # The net of lesson 10 trains on the rows left after the validation part is carved out:
    # the widget must standardise with those rows, and still show the same test images.
    X_train, _, X_test, _, _, y_test = data.digits(val_fraction=0.2)
    e = widgets.digit_explorer(digit_net, val_fraction=0.2, image=3)
    s = e.update(image=3)
    assert s["label"] == y_test[3]
    assert np.allclose(s["probabilities"], _by_hand(digit_net, X_test[3]))
    assert e.X_train.shape == X_train.shape == (1077, 64)
    plain = widgets.digit_explorer(digit_net, image=3)
    assert np.array_equal(plain.X_test, e.X_test) and plain.X_train.shape == (1437, 64)


# ---------------------------------------------------------------- lesson 11: words


@pytest.fixture(scope="module")
def word_setup():
    vocab = text.Vocabulary.from_text("the cat sat on the mat\n")
    net = text.char_model(len(vocab), context=2, dim=2, hidden=8, rng=np.random.default_rng(7))
    return net, vocab


def _logits_by_hand(net, ids):
    emb, hidden, out = net.layers
    x = np.concatenate([emb.E[i] for i in ids])  # the k embeddings side by side
    return np.tanh(x @ hidden.W + hidden.b) @ out.W + out.b


def test_word_explorer_probabilities_are_softmax_of_z_over_T(word_setup):
    net, vocab = word_setup
    e = widgets.word_explorer(net, vocab, prompt="the ", token="a")
    s = e.update(temperature=0.5, token="a")
    z = _logits_by_hand(net, vocab.encode("e "))  # the last k = 2 characters
    assert np.allclose(s["probabilities"], _softmax(z / 0.5))
    assert s["top"] == vocab.tokens[int(np.argmax(z))]
    shown = [b.get_height() for b in e.bars["bars"]]
    top = np.argsort(-z, kind="stable")[: len(shown)]
    assert np.allclose(shown, _softmax(z / 0.5)[top])
    hot = e.update(temperature=2.0, token="a")["probabilities"]
    assert hot.max() < s["probabilities"].max()  # higher T, flatter


def test_word_explorer_neighbours_by_cosine(word_setup):
    net, vocab = word_setup
    e = widgets.word_explorer(net, vocab, token="t")
    s = e.update(temperature=1.0, token="t")
    E = net.layers[0].E - net.layers[0].E.mean(axis=0)  # cosines of the centred embedding
    t = E[vocab.index["t"]]
    cos = E @ t / (np.linalg.norm(E, axis=1) * np.linalg.norm(t))
    cos[vocab.index["t"]] = -np.inf
    expected = [vocab.tokens[i] for i in np.argsort(-cos)[:4]]
    assert s["neighbours"] == expected
    assert np.allclose(s["similarities"], np.sort(cos)[::-1][:4])
    assert f"{s['similarities'][0]:.2f}" in e.equation.value


def test_word_explorer_sample_is_seeded_and_changes_with_T(word_setup):
    net, vocab = word_setup
    e = widgets.word_explorer(net, vocab, prompt="the ", length=30, seed=3)
    a = e.update(temperature=1.0, token="a")["sample"]
    b = e.update(temperature=1.0, token="c")["sample"]
    assert a == b and a.startswith("the ") and len(a) == 34
    assert a == text.sample(net, vocab, "the ", 30, 1.0, rng=np.random.default_rng(3))
    cold = e.update(temperature=0.1, token="a")["sample"]
    assert cold != a


def test_word_explorer_controls_redraw(word_setup):
    net, vocab = word_setup
    e = widgets.word_explorer(net, vocab)
    png = e.image.value
    e.controls["token"].value = "m"
    assert e.image.value != png
    png = e.image.value
    e.controls["temperature"].value = 0.3
    assert e.image.value != png and e.state["probabilities"].max() > 0.0
    assert e.errors.outputs == ()


def test_word_explorer_refuses_bad_input(word_setup):
    net, vocab = word_setup
    with pytest.raises(ValueError, match="not in the vocabulary"):
        widgets.word_explorer(net, vocab, token="z")
    with pytest.raises(ValueError, match="not in the vocabulary"):
        widgets.word_explorer(net, vocab, prompt="zz")
    with pytest.raises(ValueError, match="d >= 2"):
        widgets.word_explorer(text.char_model(len(vocab), 2, 1, 4, rng=0), vocab)
    with pytest.raises(ValueError, match="vocabulary"):
        widgets.word_explorer(text.char_model(4, 2, 2, 4, rng=0), vocab)
    e = widgets.word_explorer(net, vocab)
    with pytest.raises(ValueError, match="temperature"):
        e.update(temperature=0.0, token="a")
