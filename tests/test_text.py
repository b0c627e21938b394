"""nnmath.text: vocabulary, one-hot contexts, the Embedding layer, sampling, cosine similarity."""

import numpy as np
import pytest

from nnmath import MLP, SGD, Dense, gradcheck, losses, text, train


@pytest.fixture
def vocab():
    return text.Vocabulary.from_text("banana bread")


def test_corpus_ships_with_the_package():
    corpus = text.load_corpus()
    assert 3000 < len(corpus) < 10000
    assert "The Fox and the Crow" in corpus
    with pytest.raises(ValueError, match="small_tales"):
        text.load_corpus("no_such_text")


def test_vocabulary_is_sorted_distinct_characters(vocab):
    assert vocab.tokens == [" ", "a", "b", "d", "e", "n", "r"]
    assert len(vocab) == 7 and "a" in vocab and "z" not in vocab
    assert vocab.encode("bead").tolist() == [2, 4, 1, 3]
    assert vocab.decode([2, 1, 5, 1]) == "bana"


def test_encode_decode_round_trip_on_the_corpus():
    corpus = text.load_corpus()
    vocab = text.Vocabulary.from_text(corpus)
    ids = vocab.encode(corpus)
    assert ids.dtype == np.int64 and ids.max() == len(vocab) - 1
    assert vocab.decode(ids) == corpus


def test_word_vocabulary_joins_with_its_separator():
    words = text.Vocabulary(["fox", "the", "ran"], sep=" ")
    assert words.decode(words.encode(["the", "fox", "ran"])) == "the fox ran"


def test_vocabulary_refuses_bad_input(vocab):
    with pytest.raises(ValueError, match=r"not in the vocabulary: \['z'\]"):
        vocab.encode("zebra")
    with pytest.raises(ValueError, match="0 … 6"):
        vocab.decode([7])
    with pytest.raises(ValueError, match="distinct"):
        text.Vocabulary(["a", "a"])
    with pytest.raises(ValueError, match="at least one"):
        text.Vocabulary([])


def test_vocabulary_one_hot_has_one_one_per_row(vocab):
    X = vocab.one_hot("nab")
    assert X.shape == (3, 7)
    assert np.array_equal(X.sum(axis=1), np.ones(3))
    assert np.array_equal(X.argmax(axis=1), [5, 1, 2])


def test_contexts_are_sliding_windows():
    ids = np.array([10, 11, 12, 13, 14])
    X, y = text.contexts(ids, 2)
    assert X.tolist() == [[10, 11], [11, 12], [12, 13]]
    assert y.tolist() == [12, 13, 14]
    X1, y1 = text.contexts(ids, 1)
    assert X1[:, 0].tolist() == [10, 11, 12, 13] and y1.tolist() == [11, 12, 13, 14]


@pytest.mark.parametrize(
    "ids, k, match",
    [
        (np.array([1, 2]), 2, "more than context=2"),
        (np.array([1.0, 2.0, 3.0]), 1, "ints"),
        (np.array([1, 2, 3]), 0, "positive int"),
    ],
)
def test_contexts_refuse_bad_input(ids, k, match):
    with pytest.raises(ValueError, match=match):
        text.contexts(ids, k)


def test_one_hot_contexts_puts_each_position_in_its_block():
    X = text.one_hot_contexts(np.array([[2, 0], [1, 1]]), 3)
    assert X.tolist() == [[0, 0, 1, 1, 0, 0], [0, 1, 0, 0, 1, 0]]
    assert text.one_hot_contexts([2, 0], 3).shape == (1, 6)  # one context is one row


def test_one_hot_times_E_picks_a_row():
    rng = np.random.default_rng(0)
    E = rng.normal(size=(5, 3))
    for i in range(5):
        x = np.zeros(5)
        x[i] = 1.0
        assert np.array_equal(x @ E, E[i])


def test_embedding_forward_is_a_row_lookup_per_position():
    E = np.arange(12.0).reshape(4, 3)  # V = 4, d = 3
    layer = text.Embedding.from_weights(E, context=2)
    A = layer.forward(text.one_hot_contexts(np.array([[3, 0], [1, 1]]), 4))
    assert A.tolist() == [[9, 10, 11, 0, 1, 2], [3, 4, 5, 3, 4, 5]]
    assert (layer.n_in, layer.n_out) == (8, 6)


def test_embedding_equals_a_bias_free_identity_dense_layer():
    rng = np.random.default_rng(1)
    layer = text.Embedding(6, 2, context=3, rng=rng)
    X = text.one_hot_contexts(rng.integers(0, 6, size=(10, 3)), 6)
    dense = layer.as_dense()
    assert isinstance(dense, Dense) and dense.W.shape == (18, 6)
    assert np.allclose(layer.forward(X), dense.forward(X))
    dA = rng.normal(size=(10, 6))
    dX = layer.backward(dA)
    assert np.allclose(dX, dense.backward(dA))
    # dE is the sum of the dense layer's k diagonal blocks: one table shared by every position
    blocks = [dense.dW[j * 6 : (j + 1) * 6, j * 2 : (j + 1) * 2] for j in range(3)]
    assert np.allclose(layer.dE, sum(blocks))


def test_embedding_gradient_adds_up_for_a_repeated_token():
    layer = text.Embedding.from_weights(np.zeros((3, 2)), context=2)
    layer.forward(text.one_hot_contexts(np.array([[1, 1]]), 3))
    layer.backward(np.array([[1.0, 2.0, 10.0, 20.0]]))
    assert layer.dE.tolist() == [[0, 0], [11, 22], [0, 0]]


def test_char_model_gradients_match_central_differences():
    rng = np.random.default_rng(2)
    net = text.char_model(5, context=2, dim=2, hidden=4, rng=rng)
    X = text.one_hot_contexts(rng.integers(0, 5, size=(6, 2)), 5)
    y = rng.integers(0, 5, size=6)
    assert gradcheck.check(net, X, y, "cross_entropy") < 1e-6


def test_char_model_shapes_and_initial_loss_near_log_V():
    net = text.char_model(29, context=3, dim=2, hidden=64, rng=0)
    assert net.sizes == [87, 6, 64, 29]
    assert isinstance(net.layers[0], text.Embedding)
    rng = np.random.default_rng(0)
    X = text.one_hot_contexts(rng.integers(0, 29, size=(200, 3)), 29)
    P = net.forward(X)
    assert np.allclose(P.sum(axis=1), 1.0)
    # small random output weights: nearly uniform guesses, L ≈ ln V
    assert abs(losses.cross_entropy.value(P, rng.integers(0, 29, 200)) - np.log(29)) < 0.5


def test_char_model_learns_a_deterministic_sequence():
    vocab = text.Vocabulary.from_text("abcd")
    ids = vocab.encode("abcd" * 30)
    X, y = text.contexts(ids, 2)
    Xo = text.one_hot_contexts(X, 4)
    net = text.char_model(4, context=2, dim=2, hidden=16, rng=0)
    history = train.fit(net, Xo, y, "cross_entropy", SGD(0.3, momentum=0.9), 40, 16, rng=0)
    assert history["loss"][-1] < 0.05 < history["loss"][0]
    assert text.sample(net, vocab, "ab", 8, temperature=0.5, rng=0) == "abcdabcdab"


def test_next_logits_are_the_softmax_inputs():
    net = text.char_model(4, context=2, dim=2, hidden=8, rng=3)
    z = text.next_logits(net, [0, 3, 1])  # uses the last two: (3, 1)
    P = net.forward(text.one_hot_contexts([3, 1], 4))[0]
    assert np.allclose(np.exp(z) / np.exp(z).sum(), P)
    with pytest.raises(ValueError, match="2 tokens of context"):
        text.next_logits(net, [1])
    with pytest.raises(ValueError, match="0 … 3"):
        text.next_logits(net, [1, 4])
    with pytest.raises(ValueError, match="Embedding"):
        text.next_logits(MLP([3, 3], rng=0), [1])


def test_softmax_temperature_by_hand():
    z = np.array([2.0, 1.0, 0.0])
    e = np.exp([2.0, 1.0, 0.0])
    assert np.allclose(text.softmax_temperature(z, 1.0), e / e.sum())
    e2 = np.exp([4.0, 2.0, 0.0])  # T = 0.5 doubles every z
    assert np.allclose(text.softmax_temperature(z, 0.5), e2 / e2.sum())
    assert np.allclose(text.softmax_temperature(z, 1e6), 1 / 3, atol=1e-5)  # flat
    assert np.allclose(text.softmax_temperature(z, 1e-3), [1, 0, 0])  # greedy, no overflow
    with pytest.raises(ValueError, match="temperature"):
        text.softmax_temperature(z, 0.0)


def test_sample_is_reproducible_and_starts_with_the_prompt():
    vocab = text.Vocabulary.from_text("hello world")
    net = text.char_model(len(vocab), context=2, dim=2, hidden=8, rng=0)
    a = text.sample(net, vocab, "he", 30, rng=np.random.default_rng(5))
    b = text.sample(net, vocab, "he", 30, rng=np.random.default_rng(5))
    c = text.sample(net, vocab, "he", 30, rng=np.random.default_rng(6))
    assert a == b != c and a.startswith("he") and len(a) == 32
    assert set(a) <= set(vocab.tokens)
    with pytest.raises(ValueError, match="length"):
        text.sample(net, vocab, "he", -1, rng=0)
    with pytest.raises(ValueError, match="reproducible"):
        text.sample(net, vocab, "he", 3, rng=None)
    with pytest.raises(ValueError, match="temperature"):
        text.sample(net, vocab, "he", 3, temperature=0.0, rng=0)
    with pytest.raises(ValueError, match="vocabulary"):
        text.sample(net, text.Vocabulary.from_text("ab"), "ab", 3, rng=0)
    with pytest.raises(ValueError, match="2 tokens of context"):
        text.sample(net, vocab, "h", 3, rng=0)


def test_sample_follows_next_logits_at_every_step():
    # Low temperature: each drawn token is the argmax of the checked next_logits.
    vocab = text.Vocabulary.from_text("hello world")
    net = text.char_model(len(vocab), context=2, dim=2, hidden=8, rng=1)
    out = vocab.encode(text.sample(net, vocab, "he", 12, temperature=1e-4, rng=0))
    for t in range(2, len(out)):
        assert out[t] == np.argmax(text.next_logits(net, out[:t]))


def test_sample_draws_with_the_model_frequencies():
    # A model whose output ignores its input: the bias alone sets p = softmax(b2).
    vocab = text.Vocabulary.from_text("ab")
    net = text.char_model(2, context=1, dim=1, hidden=1, rng=0)
    net.layers[-1].W[:] = 0.0
    net.layers[-1].b[:] = [np.log(3.0), 0.0]  # p(a) = 3/4
    out = text.sample(net, vocab, "a", 1000, rng=np.random.default_rng(0))
    assert abs(out[1:].count("a") / 1000 - 0.75) < 0.045  # 3 standard deviations


def test_cosine_similarity_by_hand():
    E = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 3.0], [-1.0, 0.0], [0.0, 0.0]])
    S = text.cosine_similarity(E)
    assert S.shape == (5, 5)
    assert np.isclose(S[0, 1], 0.0)  # perpendicular
    assert np.isclose(S[0, 2], 1 / np.sqrt(2))  # 45°
    assert np.isclose(S[0, 3], -1.0)  # opposite
    assert np.allclose(S[4], 0.0)  # a zero vector has no direction
    assert np.allclose(np.diag(S)[:4], 1.0) and np.allclose(S, S.T)


def test_nearest_orders_by_cosine_and_skips_itself():
    E = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [-1.0, 0.0], [5.0, 0.2]])
    idx, sims = text.nearest(E, 0, n=3)
    assert idx.tolist() == [4, 1, 2]  # length does not matter, direction does
    assert np.allclose(sims, [5 / np.hypot(5, 0.2), 0.9 / np.hypot(0.9, 0.1), 0.0])
    with pytest.raises(ValueError, match="0 … 4"):
        text.nearest(E, 5)
    with pytest.raises(ValueError, match=r"shape \(V, d\)"):
        text.cosine_similarity(np.zeros(3))


def test_embedding_refuses_bad_shapes():
    with pytest.raises(ValueError, match="positive int"):
        text.Embedding(0, 2, rng=0)
    layer = text.Embedding(4, 2, context=2, rng=0)
    with pytest.raises(ValueError, match=r"shape \(n, 8\)"):
        layer.forward(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="before backward"):
        layer.backward(np.zeros((3, 4)))
    layer.forward(np.zeros((3, 8)))
    with pytest.raises(ValueError, match=r"dA must have shape \(3, 4\)"):
        layer.backward(np.zeros((3, 3)))


def test_show_token_makes_blanks_visible():
    assert text.show_token(" ") == "␣"
    assert text.show_token("\n") == "↵"
    assert text.show_token("\t") == "⇥"
    assert text.show_token("a") == "a"
    assert text.show_token("a b\n") == "a␣b↵"  # one symbol per character of a longer token
    assert text.show_token("") == ""


def test_show_token_needs_a_string():
    with pytest.raises(ValueError, match="token must be a str, got int"):
        text.show_token(3)
