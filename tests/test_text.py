"""nnmath.text: vocabulary, one-hot contexts, the Embedding layer, sampling, cosine similarity,
count models, the scatter-add gradient, PCA and the permutation test."""

import re

import numpy as np
import pytest
from _helpers import strict

from nnmath import MLP, SGD, Dense, gradcheck, losses, text, train


@pytest.fixture
def vocab():
    return text.Vocabulary.from_text("banana bread")


def test_corpus_ships_with_the_package():
    corpus = text.load_corpus()
    assert 10_000 < len(corpus) < 100_000  # small enough to train on in a second
    assert "The Fox and the Crow" in corpus and "The Boy Who Cried Wolf" in corpus
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
        (np.array([1.0, 2.5, 3.0]), 1, "ids must be whole numbers"),
        (np.array([1, -2, 3]), 1, "ids must lie in 0, got -2 … 3"),
        (np.array([1, 2, 3]), 0, "context must be a whole number >= 1, got 0"),
        (np.array([[1, 2, 3]]), 1, r"ids must be 1-D with shape \(N,\)"),
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
    with pytest.raises(ValueError, match=r"index must be a whole number in \[0, 4\], got 5"):
        text.nearest(E, 5)
    with pytest.raises(ValueError, match=r"shape \(V, d\)"):
        text.cosine_similarity(np.zeros(3))


def test_embedding_refuses_bad_shapes():
    with pytest.raises(ValueError, match="vocab_size must be a whole number >= 1, got 0"):
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
    with pytest.raises(TypeError, match=r"token must be a str, got 3 \(int\)"):
        text.show_token(3)


# ---------------------------------------------------------------- hostile input (issue 16)

NAN, INF = float("nan"), float("inf")


@pytest.fixture
def model():
    """A 4-token model with 2 tokens of context, and its vocabulary."""
    return text.char_model(4, context=2, dim=2, hidden=3, rng=0), text.Vocabulary(list("abcd"))


E5 = np.random.default_rng(0).normal(size=(5, 3))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: text.Embedding(3, 2, rng=0, scale=NAN),
            ValueError,
            "scale must be a finite number in [0, 1e+06], got nan",
        ),
        (
            lambda: text.Embedding(3, 2, rng=0, scale=INF),
            ValueError,
            "scale must be a finite number in [0, 1e+06], got inf",
        ),
        (
            lambda: text.Embedding(3, 2, rng=0, scale=-1),
            ValueError,
            "scale must be a finite number in [0, 1e+06], got -1",
        ),
        (
            lambda: text.Embedding(3, 2, rng=0, scale="1"),
            TypeError,
            "scale must be a finite number",
        ),
        (
            lambda: text.Embedding(3, 2.5, rng=0),
            ValueError,
            "dim must be a whole number >= 1, got 2.5",
        ),
        (
            lambda: text.Embedding(3, 2, True, rng=0),
            TypeError,
            "context must be a whole number >= 1, got True",
        ),
        (
            lambda: text.Embedding(10**5, 10**4, rng=0),
            ValueError,
            "E (vocab_size, dim) would hold 1e+09 numbers, more than the 1e+08",
        ),
        (
            lambda: text.Embedding.from_weights(E5, context=0),
            ValueError,
            "context must be a whole number >= 1, got 0",
        ),
        (
            lambda: text.Embedding.from_weights(E5, context=-2),
            ValueError,
            "context must be a whole number >= 1, got -2",
        ),
        (
            lambda: text.Embedding.from_weights(E5, context=1.7),
            ValueError,
            "context must be a whole number >= 1, got 1.7",
        ),
        (
            lambda: text.Embedding.from_weights(np.ones(3)),
            ValueError,
            "E must be 2-D with shape (V, d), V, d >= 1, got shape (3,)",
        ),
        (lambda: text.Embedding.from_weights(np.ones((0, 3))), ValueError, "got shape (0, 3)"),
        (lambda: text.Embedding.from_weights(E5 * 1j), TypeError, "E must hold real numbers"),
        (
            lambda: text.Embedding(3, 2, rng=0).backward(np.ones((1, 2))),
            ValueError,
            "call forward(X) before backward",
        ),
        (
            lambda: text.nearest(E5, 0.5),
            ValueError,
            "index must be a whole number in [0, 4], got 0.5",
        ),
        (
            lambda: text.nearest(E5, -1),
            ValueError,
            "index must be a whole number in [0, 4], got -1",
        ),
        (lambda: text.nearest(E5, "0"), TypeError, "index must be a whole number"),
        (lambda: text.nearest(E5, 0, n=-2), ValueError, "n must be a whole number >= 1, got -2"),
        (lambda: text.nearest(E5, 0, n=0), ValueError, "n must be a whole number >= 1, got 0"),
        (
            lambda: text.nearest(E5[:1], 0),
            ValueError,
            "E must have at least 2 rows to have neighbours",
        ),
        (lambda: text.cosine_similarity([[1.0, NAN]]), ValueError, "E contains NaN"),
        (
            lambda: text.load_corpus("../corpus/small_tales"),
            ValueError,
            "unknown corpus '../corpus/small_tales'; choose one of ['small_tales']",
        ),
        (lambda: text.load_corpus("/etc/passwd"), ValueError, "choose one of ['small_tales']"),
        (
            lambda: text.load_corpus(None),
            TypeError,
            "name must be a corpus name (str), one of ['small_tales'], got None",
        ),
        (lambda: text.Vocabulary([1, 2]), TypeError, "tokens must be str, got 1 (int) at index 0"),
        (
            lambda: text.Vocabulary(["a", ""]),
            ValueError,
            "tokens must be non-empty, got '' at index 1",
        ),
        (
            lambda: text.Vocabulary(["a", "b", "a"]),
            ValueError,
            "tokens must be distinct, got 'a' twice",
        ),
        (lambda: text.Vocabulary(5), TypeError, "tokens must be a list of str, got 5"),
        (lambda: text.Vocabulary(["a"], sep=None), TypeError, "sep must be a str, got None"),
        (lambda: text.Vocabulary.from_text(5), TypeError, "text must be a str, got int"),
        (
            lambda: text.Vocabulary(["a"]).encode(5),
            TypeError,
            "text must be a str or a list of tokens",
        ),
        (
            lambda: text.Vocabulary(["a"]).encode([1]),
            TypeError,
            "text must hold str tokens, got 1 (int)",
        ),
        (
            lambda: text.Vocabulary(list("ab")).decode([1.7, 0.2]),
            ValueError,
            "ids must be whole numbers (token indices), got 1.7",
        ),
        (lambda: text.Vocabulary(list("ab")).decode([NAN]), ValueError, "ids contains NaN"),
        (lambda: text.Vocabulary(list("ab")).decode(["a"]), TypeError, "ids must hold numbers"),
        (
            lambda: text.Vocabulary(list("ab")).decode([[0]]),
            ValueError,
            "ids must be 1-D with shape (n,), got shape (1, 1)",
        ),
        (
            lambda: text.Vocabulary(list("ab")).decode([-1]),
            ValueError,
            "ids must lie in 0 … 1, got -1 … -1",
        ),
        (
            lambda: text.one_hot_contexts([[0, 1.5]], 4),
            ValueError,
            "X must be whole numbers (token indices), got 1.5",
        ),
        (lambda: text.one_hot_contexts([[0, 4]], 4), ValueError, "X must lie in 0 … 3, got 0 … 4"),
        (
            lambda: text.one_hot_contexts([[0, 1]], 0),
            ValueError,
            "vocab_size must be a whole number >= 1, got 0",
        ),
        (
            lambda: text.one_hot_contexts(np.zeros((0, 2), dtype=int), 4),
            ValueError,
            "X must have shape (n, k) with n, k >= 1",
        ),
        (
            lambda: text.char_model(4, hidden=0, rng=0),
            ValueError,
            "hidden must be a whole number >= 1, got 0",
        ),
        (
            lambda: text.char_model(4, context=1.5, rng=0),
            ValueError,
            "context must be a whole number >= 1, got 1.5",
        ),
        (
            lambda: text.softmax_temperature([1.0, 2.0], NAN),
            ValueError,
            "temperature must be a finite number > 0, got nan",
        ),
        (
            lambda: text.softmax_temperature([1.0, 2.0], INF),
            ValueError,
            "temperature must be a finite number > 0, got inf",
        ),
        (
            lambda: text.softmax_temperature([1.0, 2.0], None),
            TypeError,
            "temperature must be a finite number > 0, got None",
        ),
        (
            lambda: text.softmax_temperature([], 1.0),
            ValueError,
            "z must hold at least one score on its last axis",
        ),
        (lambda: text.softmax_temperature([1.0, INF], 1.0), ValueError, "z contains infinity"),
        (lambda: text.show_token(None), TypeError, "token must be a str, got None (NoneType)"),
    ],
)
def test_text_refuses_bad_arguments_by_name(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda net, v: text.next_logits(net, [0.5, 1.5, 2.0]),
            ValueError,
            "ids must be whole numbers (token indices), got 0.5",
        ),
        (
            lambda net, v: text.next_logits(net, [[0, 1]]),
            ValueError,
            "ids must be 1-D with shape (n,), got shape (1, 2)",
        ),
        (
            lambda net, v: text.next_logits(net, [9, 0, 1]),
            ValueError,
            "ids must lie in 0 … 3, got 0 … 9",
        ),
        (
            lambda net, v: text.next_logits("net", [0, 1]),
            TypeError,
            "net must be an MLP from char_model, got str",
        ),
        (
            lambda net, v: text.next_logits(MLP.from_layers([text.Embedding(4, 2, rng=0)]), [0, 1]),
            ValueError,
            "one score per token (4)",
        ),
        (
            lambda net, v: text.sample(net, v, "ab", 2.5, rng=0),
            ValueError,
            "length must be a whole number in [0, 100000], got 2.5",
        ),
        (
            lambda net, v: text.sample(net, v, "ab", True, rng=0),
            TypeError,
            "length must be a whole number",
        ),
        (
            lambda net, v: text.sample(net, v, "ab", 10**6, rng=0),
            ValueError,
            "in [0, 100000], got 1000000",
        ),
        (
            lambda net, v: text.sample(net, v, "ab", 3, temperature=-1, rng=0),
            ValueError,
            "temperature must be a finite number > 0",
        ),
        (
            lambda net, v: text.sample(net, v, "ab", 3, temperature="1", rng=0),
            TypeError,
            "temperature must be a finite number > 0",
        ),
        (
            lambda net, v: text.sample(net, v, "ab", 3, rng=-1),
            ValueError,
            "rng as a seed must be an int >= 0",
        ),
        (
            lambda net, v: text.sample(net, "abcd", "ab", 3, rng=0),
            TypeError,
            "vocab must be a Vocabulary, got str",
        ),
        (
            lambda net, v: text.sample(net, v, 5, 3, rng=0),
            TypeError,
            "text must be a str or a list of tokens",
        ),
    ],
)
def test_model_functions_refuse_bad_arguments(model, call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call(*model)


def test_char_model_refuses_too_many_weights():
    with pytest.raises(ValueError, match="weights, more than 100,000,000"):
        text.char_model(4, context=10**15, rng=0)
    with pytest.raises(ValueError, match="weights, more than 100,000,000"):
        text.char_model(4, hidden=10**15, rng=0)
    assert text.char_model(4.0, context=np.int64(2), dim=2.0, hidden=3, rng=0).sizes == [8, 4, 3, 4]


def test_whole_floats_and_numpy_ints_are_token_indices(model):
    net, vocab = model
    np.testing.assert_array_equal(text.next_logits(net, [1.0, 2.0]), text.next_logits(net, [1, 2]))
    assert vocab.decode(np.array([1, 0], dtype=np.int32)) == vocab.decode([1.0, 0.0]) == "ba"
    assert (
        text.nearest(E5, np.int64(2), n=np.int64(2))[0].tolist()
        == text.nearest(E5, 2, 2)[0].tolist()
    )
    layer = text.Embedding.from_weights(E5, context=np.int64(2))
    assert layer.context == 2 and layer.n_in == 10
    assert text.sample(net, vocab, "ab", 0, rng=0) == "ab"


def test_tiny_temperature_is_the_greedy_limit_without_warning(model):
    net, vocab = model
    with strict():
        np.testing.assert_array_equal(text.softmax_temperature([1, 2], 1e-310), [0.0, 1.0])
        np.testing.assert_array_equal(
            text.softmax_temperature([2.0, 2.0, 1.0], 5e-324), [0.5, 0.5, 0]
        )
        P = text.softmax_temperature([[1.0, -3.0], [0.0, 4.0]], 1e-310)  # the last axis
        np.testing.assert_array_equal(P, [[1.0, 0.0], [0.0, 1.0]])
        np.testing.assert_array_equal(text.softmax_temperature([-1e308, 1e308], 0.5), [0.0, 1.0])
        np.testing.assert_allclose(
            text.softmax_temperature([1e308, 0.0], 1e308), [0.7311, 0.2689], atol=1e-4
        )
        greedy = text.sample(net, vocab, "ab", 20, temperature=1e-310, rng=0)
    out = vocab.encode(greedy)
    for t in range(2, len(out)):
        assert out[t] == np.argmax(text.next_logits(net, out[:t]))  # each step the argmax


def test_cosine_similarity_of_huge_and_tiny_rows_without_warning():
    E = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 3.0], [-1.0, 0.0], [0.0, 0.0]])
    with strict():
        for scale in (1e200, 1e300, 1e-200, 1e-310):
            S = text.cosine_similarity(E * scale)
            np.testing.assert_allclose(S, text.cosine_similarity(E), atol=1e-15)
        S = text.cosine_similarity([[1e308, 1e308], [-1.7e308, -1.7e308], [5e-324, 0.0]])
        np.testing.assert_allclose(
            S, [[1, -1, 0.7071], [-1, 1, -0.7071], [0.7071, -0.7071, 1]], atol=1e-4
        )
        # the power-of-two scaling is exact: ordinary rows give the same bits as the formula
        norms = np.linalg.norm(E5, axis=1)
        unit = E5 / norms[:, None]
        np.testing.assert_array_equal(text.cosine_similarity(E5), np.clip(unit @ unit.T, -1, 1))


def test_embedding_huge_input_gives_inf_without_warning():
    layer = text.Embedding.from_weights([[1e308, 1.0], [1e308, 1.0]])
    with strict():
        A = layer.forward([[1e308, 1e308]])
        assert A[0, 0] == np.inf and A[0, 1] > 1e307
        assert np.isinf(layer.backward([[1e308, 1.0]])).any()
    with pytest.raises(TypeError, match="need_dX must be True or False"):
        layer.backward([[1.0, 1.0]], need_dX="no")


# ---------------------------------------------------------------- count models


def test_ngram_counts_count_each_context_and_next_token():
    X = np.array([[0, 1], [1, 0], [0, 1], [1, 1]])  # contexts of 2 tokens
    y = np.array([2, 1, 2, 0])
    uni = text.ngram_counts(X, y, 3, 1)
    assert uni.tolist() == [1, 1, 2]  # the next tokens alone
    bi = text.ngram_counts(X, y, 3, 2)  # reads the last column only
    assert bi.shape == (3, 3) and bi[1, 2] == 2 and bi[0, 1] == 1 and bi[1, 0] == 1
    tri = text.ngram_counts(X, y, 3, 3)
    assert tri[0, 1, 2] == 2 and tri.sum() == 4


def test_ngram_probabilities_add_k_by_hand():
    counts = np.array([[0.0, 0.0, 2.0], [1.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    p = text.ngram_probabilities(counts, 1.0)
    assert np.allclose(p[0], [0.2, 0.2, 0.6])  # (N + k) / (ΣN + kV) = 3/5
    assert np.allclose(p[2], 1 / 3)  # a context never seen: uniform
    assert np.allclose(p.sum(axis=-1), 1)


def test_ngram_loss_is_the_mean_negative_log_probability():
    counts = np.array([[1.0, 3.0], [2.0, 2.0]])
    p = text.ngram_probabilities(counts, 0.5)
    X, y = np.array([[0], [1], [0]]), np.array([1, 0, 0])
    expected = -np.mean(np.log([p[0, 1], p[1, 0], p[0, 0]]))
    assert np.isclose(text.ngram_loss(p, X, y), expected)


def test_ngram_tables_refuse_bad_input():
    X, y = np.array([[0, 1]]), np.array([1])
    with pytest.raises(ValueError, match="last 3 tokens"):
        text.ngram_counts(X, y, 3, 4)
    with pytest.raises(ValueError, match="one next token per row"):
        text.ngram_counts(X, np.array([1, 2]), 3, 2)
    with pytest.raises(ValueError, match="lie in 0 … 2"):
        text.ngram_counts(X, np.array([3]), 3, 2)
    with pytest.raises(ValueError, match="smoothing"):
        text.ngram_probabilities(np.ones((2, 2)), 0.0)
    with pytest.raises(ValueError, match=">= 0"):
        text.ngram_probabilities(-np.ones((2, 2)), 1.0)
    with pytest.raises(ValueError, match=r"shape \(V,\) \* n"):
        text.ngram_probabilities(np.ones((2, 3)), 1.0)
    with pytest.raises(ValueError, match="each row summing to 1"):
        text.ngram_loss(np.array([[0.7, 0.0], [0.5, 0.5]]), X[:, :1], y)
    with np.errstate(all="raise"):  # a probability of 0: inf, without a warning
        assert text.ngram_loss(np.array([[1.0, 0.0], [0.5, 0.5]]), X[:, :1], y) == np.inf


# ---------------------------------------------------------------- the scatter-add gradient


def test_embedding_gradient_by_hand_adds_repeated_rows():
    ids = np.array([[0, 1, 0]])
    dA = np.array([[1.0, 2.0, 3.0, -1.0, 0.5, 0.5]])
    dE = text.embedding_gradient(ids, dA, 4)
    assert np.allclose(dE, [[1.5, 2.5], [3.0, -1.0], [0.0, 0.0], [0.0, 0.0]])


def test_embedding_gradient_equals_the_layer_backward_and_central_differences():
    rng = np.random.default_rng(0)
    V, d, k, n = 6, 3, 3, 7
    ids = rng.integers(0, V, (n, k))
    dA = rng.normal(size=(n, k * d))
    layer = text.Embedding(V, d, k, rng=1)
    X = text.one_hot_contexts(ids, V)
    layer.forward(X)
    layer.backward(dA)
    assert np.allclose(text.embedding_gradient(ids, dA, V), layer.dE)
    numeric = gradcheck.numerical_gradient(lambda _: np.sum(layer.forward(X) * dA), layer.E)
    assert np.abs(numeric - layer.dE).max() < 1e-8


def test_embedding_gradient_refuses_bad_shapes():
    with pytest.raises(ValueError, match=r"dA must have shape \(2, k·d\)"):
        text.embedding_gradient(np.array([[0, 1], [1, 0]]), np.ones((2, 3)), 2)
    with pytest.raises(ValueError, match="ids"):
        text.embedding_gradient(np.array([[0, 5]]), np.ones((1, 2)), 2)


# ---------------------------------------------------------------- training, PCA, chance


def test_fit_char_model_learns_and_is_reproducible():
    vocab = text.Vocabulary.from_text("the cat sat on the mat. " * 8)
    C, y = text.contexts(vocab.encode("the cat sat on the mat. " * 8), 3)
    X = text.one_hot_contexts(C, len(vocab))
    net, history = text.fit_char_model(
        X,
        y,
        len(vocab),
        dim=4,
        hidden=16,
        rng=0,
        epochs=20,
        fine_tune=5,
        batch_size=16,
        validation=(X, y),
    )
    again, _ = text.fit_char_model(
        X,
        y,
        len(vocab),
        dim=4,
        hidden=16,
        rng=0,
        epochs=20,
        fine_tune=5,
        batch_size=16,
        validation=(X, y),
    )
    assert len(history["loss"]) == 25 and len(history["val_loss"]) == 25
    assert history["val_loss"][-1] < 0.5 * np.log(len(vocab))
    assert np.array_equal(net.layers[0].E, again.layers[0].E)
    with pytest.raises(ValueError, match="epochs"):
        text.fit_char_model(X, y, len(vocab), rng=0, epochs=0)


def test_pca_keeps_the_largest_spread_and_has_a_fixed_sign():
    rng = np.random.default_rng(0)
    # points spread mostly along (1, 1, 0)/√2, a little along z
    t = rng.normal(size=50)
    E = np.outer(t, [1.0, 1.0, 0.0]) / np.sqrt(2) + 0.1 * rng.normal(size=(50, 3))
    P, axes, explained = text.pca(E, 2)
    assert P.shape == (50, 2) and axes.shape == (2, 3)
    assert np.allclose(axes @ axes.T, np.eye(2))
    assert abs(abs(axes[0] @ [1, 1, 0]) / np.sqrt(2) - 1) < 0.01
    assert explained[0] > 0.9 and explained.sum() <= 1 + 1e-12
    assert np.allclose(P, (E - E.mean(0)) @ axes.T)
    # the sign: largest loading positive; with a reference, the reference's direction
    assert axes[0, np.argmax(np.abs(axes[0]))] > 0
    _, flipped, _ = text.pca(E, 2, reference=-axes)
    assert np.allclose(flipped, -axes)
    with pytest.raises(ValueError, match="n_components"):
        text.pca(E, 4)
    with pytest.raises(ValueError, match="reference"):
        text.pca(E, 2, reference=np.ones((3, 3)))


def test_cosine_group_test_finds_a_planted_group_and_not_a_random_one():
    rng = np.random.default_rng(0)
    E = rng.normal(size=(26, 10))
    E[:5] = [3.0] + [0.0] * 9 + 0.3 * rng.normal(size=(5, 10))  # five rows pointing alike
    observed, p = text.cosine_group_test(E, [0, 1, 2, 3, 4], n_permutations=2000, rng=0)
    assert observed > 0.8 and p < 0.01
    _, p_random = text.cosine_group_test(E, [10, 13, 17, 20, 24], n_permutations=2000, rng=0)
    assert p_random > 0.05
    assert text.cosine_group_test(E, [0, 1], n_permutations=10, rng=3) == text.cosine_group_test(
        E, [0, 1], n_permutations=10, rng=3
    )
    with pytest.raises(ValueError, match="at least 2"):
        text.cosine_group_test(E, [0], rng=0)
    with pytest.raises(ValueError, match="distinct"):
        text.cosine_group_test(E, [0, 0], rng=0)
    with pytest.raises(ValueError, match="population must contain"):
        text.cosine_group_test(E, [0, 1], population=[1, 2, 3], rng=0)


def test_ngram_interpolate_mixes_tables_with_weights_fitted_by_em():
    X = np.array([[0, 1], [1, 2], [2, 0], [0, 1], [1, 1], [2, 2]])
    y = np.array([2, 0, 1, 2, 0, 1])
    tables = [text.ngram_probabilities(text.ngram_counts(X, y, 3, n), 0.1) for n in (1, 2, 3)]
    p, w = text.ngram_interpolate(tables, X, y, iterations=200)
    assert p.shape == (3, 3, 3) and np.allclose(p.sum(axis=-1), 1.0)
    assert np.all(w >= 0) and np.isclose(w.sum(), 1.0)
    assert np.allclose(p, w[0] * tables[0] + w[1] * tables[1] + w[2] * tables[2])
    # EM never raises the loss on the rows it fits, and beats (or ties) the best single table.
    one, _ = text.ngram_interpolate(tables, X, y, iterations=1)
    loss = text.ngram_loss(p, X, y)
    assert loss <= text.ngram_loss(one, X, y) + 1e-12
    assert loss <= min(text.ngram_loss(t, X, y) for t in tables) + 1e-9
    # One table: weight 1, the table itself (broadcast to its own shape).
    p1, w1 = text.ngram_interpolate(tables[1:2], X, y)
    assert np.allclose(w1, [1.0]) and np.allclose(p1, tables[1])


def test_ngram_interpolate_refuses_bad_input():
    X, y = np.array([[0, 1], [1, 0]]), np.array([1, 0])
    t = text.ngram_probabilities(text.ngram_counts(X, y, 2, 2), 0.5)
    with pytest.raises(TypeError):
        text.ngram_interpolate([], X, y)
    with pytest.raises(TypeError):
        text.ngram_interpolate(np.stack([t, t]), X, y)
    with pytest.raises(ValueError, match="same vocabulary"):
        text.ngram_interpolate([t, np.full(3, 1 / 3)], X, y)
    with pytest.raises(ValueError, match="probabilities"):
        text.ngram_interpolate([2 * t], X, y)
    with pytest.raises(ValueError):
        text.ngram_interpolate([t], X, y, iterations=0)
    with pytest.raises(ValueError, match="smooth"):
        text.ngram_interpolate([np.array([[1.0, 0.0], [1.0, 0.0]])], X, y)
