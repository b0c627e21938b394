"""Text as numbers: a vocabulary, one-hot vectors, embeddings and a next-character model.

A character becomes an index (``Vocabulary``), an index a one-hot vector, and
a one-hot vector times a weight matrix E picks one row of E: the character's
**embedding**. ``Embedding`` is that matrix product as a layer, shared by every
position of the context, so a next-character model is an ordinary ``MLP``
whose first weight matrix *is* the embedding table. Introduced in lesson 11.
"""

from importlib import resources

import numpy as np

from . import train
from ._checks import (
    MAX_NUMBERS,
    as_bool,
    as_float_array,
    as_gradient,
    as_int,
    as_matrix,
    as_number,
    check_rng,
    check_size,
    silent_overflow,
)
from .activations import softmax
from .layers import Dense
from .losses import one_hot
from .network import MLP
from .optim import SGD

_MAX_SAMPLE = 100_000  # tokens sample generates in one call

__all__ = [
    "Embedding",
    "Vocabulary",
    "char_model",
    "contexts",
    "cosine_group_test",
    "cosine_similarity",
    "embedding_gradient",
    "fit_char_model",
    "load_corpus",
    "nearest",
    "next_logits",
    "ngram_counts",
    "ngram_interpolate",
    "ngram_loss",
    "ngram_probabilities",
    "one_hot_contexts",
    "pca",
    "sample",
    "show_token",
    "softmax_temperature",
]


def load_corpus(name="small_tales"):
    """The text ``nnmath/corpus/<name>.txt`` shipped with the package (nothing is downloaded).

    ``"small_tales"``: twenty short fables after Aesop (and the little red hen),
    retold in plain English for this course (about 15,000 characters; MIT
    licence, like the package).
    Only the names of the shipped texts are taken, never a path.
    """
    files = resources.files("nnmath") / "corpus"
    choices = sorted(p.name[:-4] for p in files.iterdir() if p.name.endswith(".txt"))
    if not isinstance(name, str):
        raise TypeError(f"name must be a corpus name (str), one of {choices}, got {name!r}")
    if name not in choices:
        raise ValueError(f"unknown corpus {name!r}; choose one of {choices}")
    return (files / f"{name}.txt").read_text(encoding="utf-8")


# Blank characters as visible symbols, so a space or a newline can be read as a token.
_VISIBLE = {" ": "␣", "\n": "↵", "\t": "⇥"}


def show_token(token):
    """A printable label for a token: space → ␣, newline → ↵, tab → ⇥, the rest as it is.

    Parameters
    ----------
    token : str

    Returns
    -------
    str
        One symbol per character of ``token``.

    Introduced in lesson 11.
    """
    if not isinstance(token, str):
        raise TypeError(f"token must be a str, got {token!r} ({type(token).__name__})")
    return "".join(_VISIBLE.get(c, c) for c in token)


def _token_ids(ids, name, vocab_size=None):
    """``ids`` as an int64 array of whole numbers ≥ 0 (< ``vocab_size`` if given), any shape.

    Ints are taken as they are, floats only if whole (2.0, not 1.7); anything
    else (NaN, strings, ragged lists) is refused naming ``name``.
    """
    if not (isinstance(ids, np.ndarray) and ids.dtype.kind in "iu"):
        floats = as_float_array(ids, name)
        fraction = floats != np.floor(floats)
        if fraction.any():
            raise ValueError(
                f"{name} must be whole numbers (token indices), got {floats[fraction][0]:g}"
            )
        ids = floats
    if ids.size:
        lo, hi = ids.min(), ids.max()
        if lo < 0 or (vocab_size is not None and hi >= vocab_size):
            top = "" if vocab_size is None else f" … {vocab_size - 1}"
            raise ValueError(f"{name} must lie in 0{top}, got {lo:g} … {hi:g}")
    return ids.astype(np.int64)


def _table(E):
    """``E`` as a finite float matrix (V, d) with V, d ≥ 1 (a 1-D E is refused, not one row)."""
    E = as_float_array(E, "E")
    if E.ndim != 2 or E.size == 0:
        raise ValueError(f"E must be 2-D with shape (V, d), V, d >= 1, got shape {E.shape}")
    return E


class Vocabulary:
    """The list of distinct tokens (here: characters) and their indices 0 … V−1.

    Parameters
    ----------
    tokens : iterable of str
        Distinct, non-empty tokens, in index order (a str is its characters).
    sep : str
        Put between tokens by ``decode`` ("" for characters, " " for words).

    Examples
    --------
    >>> vocab = Vocabulary.from_text("banana")
    >>> vocab.tokens, vocab.encode("nab").tolist(), vocab.decode([1, 0, 2])
    (['a', 'b', 'n'], [2, 0, 1], 'ban')

    Introduced in lesson 11.
    """

    def __init__(self, tokens, sep=""):
        if not np.iterable(tokens):
            raise TypeError(f"tokens must be a list of str, got {tokens!r}")
        self.tokens = list(tokens)
        if not self.tokens:
            raise ValueError("a vocabulary needs at least one token")
        for i, t in enumerate(self.tokens):
            if not isinstance(t, str):
                raise TypeError(f"tokens must be str, got {t!r} ({type(t).__name__}) at index {i}")
            if not t:
                raise ValueError(f"tokens must be non-empty, got '' at index {i}")
        self.index = {t: i for i, t in enumerate(self.tokens)}
        if len(self.index) != len(self.tokens):
            twice = next(t for i, t in enumerate(self.tokens) if self.index[t] != i)
            raise ValueError(f"tokens must be distinct, got {twice!r} twice")
        if not isinstance(sep, str):
            raise TypeError(f"sep must be a str, got {sep!r} ({type(sep).__name__})")
        self.sep = sep

    @classmethod
    def from_text(cls, text):
        """The sorted distinct characters of ``text`` (a non-empty str)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        return cls(sorted(set(text)))

    def __len__(self):
        return len(self.tokens)

    def __contains__(self, token):
        return isinstance(token, str) and token in self.index

    def encode(self, text):
        """Token indices of ``text`` (a str of characters or a list of tokens), shape (n,)."""
        if not isinstance(text, str):
            if not np.iterable(text):
                raise TypeError(f"text must be a str or a list of tokens, got {text!r}")
            text = list(text)
            bad = next((t for t in text if not isinstance(t, str)), None)
            if bad is not None:
                raise TypeError(f"text must hold str tokens, got {bad!r} ({type(bad).__name__})")
        missing = sorted({t for t in text if t not in self.index})
        if missing:
            raise ValueError(f"not in the vocabulary: {missing}")
        return np.array([self.index[t] for t in text], dtype=np.int64)

    def decode(self, ids):
        """The text of token indices ``ids`` (whole numbers 0 … V − 1), shape (n,)."""
        ids = _token_ids(ids, "ids", len(self))
        if ids.ndim != 1:
            raise ValueError(f"ids must be 1-D with shape (n,), got shape {ids.shape}")
        return self.sep.join([self.tokens[i] for i in ids.tolist()])

    def one_hot(self, text):
        """One one-hot row per token of ``text``, shape (n, V)."""
        return one_hot(self.encode(text), len(self))

    def __repr__(self):
        shown = "".join(self.tokens[:40]).replace("\n", "↵")
        more = "…" if len(self) > 40 else ""
        return f"Vocabulary({len(self)} tokens: {shown!r}{more})"


def contexts(ids, context):
    """Sliding windows: every ``context`` consecutive tokens and the token that follows.

    Parameters
    ----------
    ids : array_like of int, shape (N,)
        Token indices, whole numbers ≥ 0.
    context : int
        k ≥ 1, how many previous tokens the model sees; N > k.

    Returns
    -------
    X : ndarray of int, shape (N − k, k)
        ``X[t] = ids[t : t + k]``.
    y : ndarray of int, shape (N − k,)
        ``y[t] = ids[t + k]``, the next token.

    Introduced in lesson 11.
    """
    ids = _token_ids(ids, "ids")
    if ids.ndim != 1:
        raise ValueError(f"ids must be 1-D with shape (N,), got shape {ids.shape}")
    context = as_int(context, "context", 1)
    if ids.shape[0] <= context:
        raise ValueError(f"need more than context={context} tokens, got {ids.shape[0]}")
    n = ids.shape[0] - context
    X = np.lib.stride_tricks.sliding_window_view(ids, context)[:n].copy()  # (n, k)
    return X, ids[context:].copy()


def one_hot_contexts(X, vocab_size):
    """Each row of k token indices as k one-hot vectors side by side, shape (n, k·V).

    Columns j·V … (j+1)·V − 1 are the one-hot of ``X[:, j]``. ``X`` holds whole
    numbers 0 … V − 1, shape (n, k) with n, k ≥ 1 (a 1-D X is one row).
    Introduced in lesson 11.
    """
    vocab_size = as_int(vocab_size, "vocab_size", 1)
    X = _token_ids(X, "X", vocab_size)
    if X.ndim == 1:
        X = X[np.newaxis, :]
    if X.ndim != 2 or X.size == 0:
        raise ValueError(f"X must have shape (n, k) with n, k >= 1, got {X.shape}")
    n, k = X.shape
    return one_hot(X.reshape(-1), vocab_size).reshape(n, k * vocab_size)


class Embedding:
    """An embedding table E (V, d) applied to each of k one-hot inputs: a Dense-like layer.

    For the one-hot x_j of the j-th context token, x_j E is row ``E[index]``;
    the layer puts the k rows side by side:

        A = [x_1 E, x_2 E, …, x_k E]      X (n, k·V) → A (n, k·d)

    It is a ``Dense`` layer with identity activation, no bias, and one weight
    matrix E shared by every position (its W is block-diagonal, k copies of E).

    Parameters
    ----------
    vocab_size : int
        V.
    dim : int
        d, the length of an embedding.
    context : int
        k, how many one-hot vectors each input row holds.
    rng : np.random.Generator or int
    scale : float
        Standard deviation of the initial entries of E, in [0, 1e6].

    Attributes
    ----------
    E : ndarray, shape (V, d)
    dE : ndarray, shape (V, d), set by ``backward``

    Introduced in lesson 11.
    """

    activation = "identity"

    def __init__(self, vocab_size, dim, context=1, *, rng, scale=1.0):
        vocab_size = as_int(vocab_size, "vocab_size", 1)
        dim = as_int(dim, "dim", 1)
        self.context = as_int(context, "context", 1)
        scale = as_number(scale, "scale", 0, 1e6)
        check_size((vocab_size, dim), "E (vocab_size, dim)")
        self.E = check_rng(rng).normal(0.0, scale, size=(vocab_size, dim))
        self.dE = np.zeros_like(self.E)
        self.X = self.A = None

    @classmethod
    def from_weights(cls, E, context=1):
        """A layer with the given table ``E`` (V, d) of finite numbers; ``context`` k ≥ 1."""
        E = _table(E)
        context = as_int(context, "context", 1)
        layer = cls.__new__(cls)
        layer.context = context
        layer.E, layer.dE = E.copy(), np.zeros_like(E)
        layer.X = layer.A = None
        return layer

    @property
    def vocab_size(self):
        return self.E.shape[0]

    @property
    def dim(self):
        return self.E.shape[1]

    @property
    def n_in(self):
        return self.context * self.vocab_size

    @property
    def n_out(self):
        return self.context * self.dim

    def forward(self, X, *, check_input=True):
        """A = [x_1 E, …, x_k E] for one-hot inputs X (n, k·V); returns A (n, k·d).

        ``check_input=False`` skips checking X, as in ``Dense.forward``. An X so
        large that A overflows float64 gives ±inf (or NaN) entries, without a warning.
        """
        if check_input:
            X = as_matrix(X, "X", self.n_in)
        self.X = X
        n = X.shape[0]
        blocks = X.reshape(n * self.context, self.vocab_size)  # (n·k, V): one one-hot a row
        with silent_overflow(check_input):
            self.A = (blocks @ self.E).reshape(n, self.n_out)  # (n·k, d) → (n, k·d)
        return self.A

    __call__ = forward

    def backward(self, dA, need_dX=True, *, check_input=True):
        """dE = Σ_j x_jᵀ dA_j (each position adds to the rows it picked); returns dX (n, k·V).

        With ``need_dX=False`` returns ``None``: training never needs the
        gradient of the one-hot inputs. ``check_input`` as in ``Dense.backward``.
        Gradients that overflow float64 are ±inf (or NaN), without a warning.
        """
        if check_input:
            dA = as_gradient(self, dA, "dA")
            need_dX = as_bool(need_dX, "need_dX")
        n = self.X.shape[0]
        blocks = self.X.reshape(n * self.context, self.vocab_size)  # (n·k, V)
        dblocks = dA.reshape(n * self.context, self.dim)  # (n·k, d)
        with silent_overflow(check_input):
            self.dE = blocks.T @ dblocks  # (V, d)
            if not need_dX:
                return None
            return (dblocks @ self.E.T).reshape(n, self.n_in)  # (n, k·V)

    def as_dense(self):
        """The equivalent ``Dense`` layer (block-diagonal W, zero bias), to compare against."""
        W = np.kron(np.eye(self.context), self.E)  # (k·V, k·d)
        return Dense.from_weights(W, np.zeros(self.n_out), "identity")

    def params(self):
        return [self.E]

    def grads(self):
        return [self.dE]

    def __repr__(self):
        return (
            f"Embedding({self.context} × {self.vocab_size} one-hot → {self.context} × {self.dim}, "
            f"E {self.E.shape})"
        )


def char_model(vocab_size, context=3, dim=2, hidden=64, *, rng):
    """A next-character model: embeddings, a tanh hidden layer, a softmax over the vocabulary.

        p(next | c_1 … c_k) = softmax( tanh([e_1, …, e_k] W_1 + b_1) W_2 + b_2 ),
        e_j = x_j E  (the embedding of c_j)

    Returns an ``MLP`` (so ``train.fit`` trains it) whose first layer is an
    ``Embedding``: inputs are ``one_hot_contexts`` rows, shape (n, k·V).
    ``vocab_size``, ``context``, ``dim`` and ``hidden`` are whole numbers ≥ 1,
    making at most 10⁸ weights.

    Introduced in lesson 11.
    """
    sizes = {"vocab_size": vocab_size, "context": context, "dim": dim, "hidden": hidden}
    V, k, d, h = (as_int(v, name, 1) for name, v in sizes.items())
    weights = V * d + (k * d + 1) * h + (h + 1) * V
    if weights > MAX_NUMBERS:
        raise ValueError(f"{sizes} make {weights:,} weights, more than {MAX_NUMBERS:,}")
    rng = check_rng(rng)
    return MLP.from_layers(
        [
            Embedding(V, d, k, rng=rng),
            Dense(k * d, h, "tanh", rng=rng),
            Dense(h, V, "softmax", rng=rng),
        ]
    )


def _context_of(net):
    """``(k, V)`` of a next-token model: an MLP from an Embedding to one score per token."""
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP from char_model, got {type(net).__name__}")
    first, last = net.layers[0], net.layers[-1]
    if not isinstance(first, Embedding):
        raise ValueError("net must start with an Embedding layer (build it with char_model)")
    if not isinstance(last, Dense) or last.n_out != first.vocab_size:
        raise ValueError(
            f"net must end in a Dense layer with one score per token ({first.vocab_size}), "
            f"got sizes {net.sizes}"
        )
    return first.context, first.vocab_size


def next_logits(net, ids):
    """The scores z (pre-softmax) of every next token after the last k of ``ids``, shape (V,).

    ``ids`` are token indices 0 … V − 1, at least k of them. Introduced in lesson 11.
    """
    k, V = _context_of(net)
    ids = _token_ids(ids, "ids", V)
    if ids.ndim != 1:
        raise ValueError(f"ids must be 1-D with shape (n,), got shape {ids.shape}")
    if ids.shape[0] < k:
        raise ValueError(f"the model needs {k} tokens of context, got {ids.shape[0]}")
    net.forward(one_hot_contexts(ids[-k:], V))  # (1, k·V) → ŷ (1, V)
    return net.layers[-1].Z[0].copy()  # (V,): the output layer's z, before the softmax


def softmax_temperature(z, temperature=1.0):
    """p_i = exp(z_i / T) / Σ_j exp(z_j / T), stable; shape of ``z`` (last axis summed).

    T = 1 is the model's own distribution; T → 0 puts everything on the largest
    z (greedy); large T flattens towards uniform. ``temperature`` is any
    finite T > 0: a T so small that z / T overflows (1e-310) gives that greedy
    limit exactly, the probability shared equally by tied largest scores.
    Introduced in lesson 11.
    """
    temperature = as_number(temperature, "temperature", 0, low_open=True)
    z = as_float_array(z, "z")
    if z.ndim == 0 or z.shape[-1] == 0:
        raise ValueError(f"z must hold at least one score on its last axis, got shape {z.shape}")
    with np.errstate(over="ignore"):
        scaled = z / temperature
    if np.isfinite(scaled).all():
        return softmax(scaled)
    # z / T overflowed: exp((z − max z) / T) is 1 at the largest z and 0 (exp(−inf)) elsewhere.
    with np.errstate(over="ignore"):
        p = np.exp((z - z.max(axis=-1, keepdims=True)) / temperature)
    return p / p.sum(axis=-1, keepdims=True)


def sample(net, vocab, prompt, length, temperature=1.0, *, rng):
    """Generate ``length`` tokens after ``prompt``, each drawn from softmax(z / T).

    Parameters
    ----------
    net : MLP from ``char_model``
    vocab : Vocabulary
    prompt : str
        At least k tokens: the first context.
    length : int
        0 … 100,000 tokens to generate.
    temperature : float
        T > 0 (as in ``softmax_temperature``: a tiny T is greedy).
    rng : np.random.Generator or int
        The draws (the same seed gives the same text).

    Returns
    -------
    str
        ``prompt`` followed by the generated text.

    Introduced in lesson 11.
    """
    rng = check_rng(rng)
    length = as_int(length, "length", 0, _MAX_SAMPLE)
    temperature = as_number(temperature, "temperature", 0, low_open=True)
    k, V = _context_of(net)
    if not isinstance(vocab, Vocabulary):
        raise TypeError(f"vocab must be a Vocabulary, got {type(vocab).__name__}")
    if len(vocab) != V:
        raise ValueError(f"the model has {V} tokens but the vocabulary {len(vocab)}")
    ids = list(vocab.encode(prompt))
    if len(ids) < k:
        raise ValueError(f"the model needs {k} tokens of context, got {len(ids)}")
    for _ in range(length):
        p = softmax_temperature(next_logits(net, ids[-k:]), temperature)  # (V,)
        ids.append(int(rng.choice(V, p=p)))  # token i with probability p_i
    return vocab.decode(ids)


def cosine_similarity(E):
    """cos(e_i, e_j) = e_i·e_j / (‖e_i‖ ‖e_j‖) for every pair of rows of E, shape (V, V).

    A zero row has similarity 0 with everything. ``E`` is a finite (V, d)
    table; rows of any size (1e-200 or 1e200) give the right cosines.
    Introduced in lesson 11.
    """
    E = _table(E)
    # Each row divided by the power of two just below its largest |entry|: exact (the
    # same cosines, to the last bit), and the squares in the norm can neither
    # overflow (1e200) nor underflow (1e-200).
    _, exponent = np.frexp(np.abs(E).max(axis=1))
    E = np.ldexp(E, 1 - exponent[:, None])
    norms = np.linalg.norm(E, axis=1)
    unit = E / np.where(norms > 0, norms, 1.0)[:, None]
    return np.clip(unit @ unit.T, -1.0, 1.0)


def nearest(E, index, n=5):
    """The ``n`` rows most similar to row ``index`` by cosine similarity (itself excluded).

    Parameters
    ----------
    E : array_like, shape (V, d), V ≥ 2
    index : int
        A row of E, 0 … V − 1.
    n : int
        How many neighbours, ≥ 1; at most the V − 1 other rows are returned.

    Returns
    -------
    indices : ndarray of int, shape (min(n, V − 1),), most similar first
    similarities : ndarray, shape (min(n, V − 1),)

    Introduced in lesson 11.
    """
    E = _table(E)
    if E.shape[0] < 2:
        raise ValueError(f"E must have at least 2 rows to have neighbours, got shape {E.shape}")
    index = as_int(index, "index", 0, E.shape[0] - 1)
    n = as_int(n, "n", 1)
    S = cosine_similarity(E)  # (V, V)
    sims = S[index].copy()
    sims[index] = -np.inf
    order = np.argsort(-sims, kind="stable")[: min(n, sims.shape[0] - 1)]
    return order, sims[order]


# ---------------------------------------------------------------- counting: n-gram tables


def _contexts_and_targets(X, y, vocab_size):
    """``X`` (n, c) and ``y`` (n,) as token indices 0 … V − 1 with matching n ≥ 1."""
    X = _token_ids(X, "X", vocab_size)
    if X.ndim == 1:
        X = X[:, np.newaxis]
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"X must have shape (n, c) with n >= 1, got shape {X.shape}")
    y = _token_ids(y, "y", vocab_size)
    if y.shape != (X.shape[0],):
        raise ValueError(
            f"y must have shape ({X.shape[0]},), one next token per row of X, got {y.shape}"
        )
    return X, y


def _order(order, X):
    """``order`` n ≥ 1 as an int; the contexts ``X`` must hold its n − 1 tokens."""
    order = as_int(order, "order", 1, 6)
    if X.shape[1] < order - 1:
        raise ValueError(
            f"an order-{order} model reads the last {order - 1} tokens, "
            f"but X has {X.shape[1]} columns"
        )
    return order


def ngram_counts(X, y, vocab_size, order):
    """How often each token followed each context of n − 1 tokens: the n-gram count table.

        N[c_1, …, c_{n−1}, t] = #{rows i : the last n − 1 entries of X[i] are c, y[i] = t}

    Parameters
    ----------
    X : array_like of int, shape (n_rows, c), c ≥ order − 1
        Contexts (``contexts``); only their last ``order`` − 1 columns are read,
        so every order is counted on the same rows as a model with c tokens of context.
    y : array_like of int, shape (n_rows,)
        The next token of each row.
    vocab_size : int
        V; every index lies in 0 … V − 1.
    order : int
        n in 1 … 6: 1 counts tokens alone (unigram), 2 pairs (bigram), 3 triples (trigram).

    Returns
    -------
    ndarray of float, shape (V,) * order
        The counts; the last axis is the next token.

    Introduced in lesson 11.
    """
    vocab_size = as_int(vocab_size, "vocab_size", 1)
    X, y = _contexts_and_targets(X, y, vocab_size)
    order = _order(order, X)
    check_size((vocab_size,) * order, f"an order-{order} table of V = {vocab_size}")
    counts = np.zeros((vocab_size,) * order)
    keys = (*X[:, X.shape[1] - (order - 1) :].T, y)  # n − 1 context columns, then the next token
    np.add.at(counts, keys, 1.0)  # a context seen twice counts twice
    return counts


def ngram_probabilities(counts, smoothing=1.0):
    """Add-k smoothing: p(t | c) = (N[c, t] + k) / (Σ_t' N[c, t'] + k V).

    Every token gets k pretend counts in every context, so a pair never seen
    in training still has a probability above 0 (its loss −ln p is finite), and
    a context never seen gives the uniform 1/V.

    Parameters
    ----------
    counts : array_like, shape (V,) * n
        From ``ngram_counts``: finite, ≥ 0, the last axis the next token.
    smoothing : float
        k > 0, finite.

    Returns
    -------
    ndarray, shape (V,) * n
        Each row along the last axis sums to 1.

    Introduced in lesson 11.
    """
    counts = as_float_array(counts, "counts")
    V = counts.shape[-1] if counts.ndim else 0
    if counts.ndim == 0 or counts.shape != (V,) * counts.ndim or V == 0:
        raise ValueError(f"counts must have shape (V,) * n with V >= 1, got {counts.shape}")
    if (counts < 0).any():
        raise ValueError("counts must be >= 0 (how often each token followed each context)")
    k = as_number(smoothing, "smoothing", 0, 1e6, low_open=True)
    smoothed = counts + k
    return smoothed / smoothed.sum(axis=-1, keepdims=True)


def ngram_loss(p, X, y):
    """The mean cross-entropy of an n-gram table on contexts X and next tokens y.

        L = −(1/n) Σ_i ln p(y_i | last n − 1 tokens of X[i])

    The same loss as the network's (lesson 05's cross-entropy), on the same rows.

    Parameters
    ----------
    p : array_like, shape (V,) * n
        From ``ngram_probabilities``: entries in [0, 1], each row along the last
        axis summing to 1.
    X : array_like of int, shape (n_rows, c), c ≥ n − 1
    y : array_like of int, shape (n_rows,)

    Returns
    -------
    float
        inf if some y_i has probability 0 (an unsmoothed table): smooth the counts.

    Introduced in lesson 11.
    """
    p = as_float_array(p, "p")
    V = p.shape[-1] if p.ndim else 0
    if p.ndim == 0 or p.shape != (V,) * p.ndim or V == 0:
        raise ValueError(f"p must have shape (V,) * n with V >= 1, got {p.shape}")
    if not ((p >= 0) & (p <= 1)).all() or not np.allclose(p.sum(axis=-1), 1.0, atol=1e-6):
        raise ValueError("p must hold probabilities in [0, 1], each row summing to 1")
    X, y = _contexts_and_targets(X, y, V)
    order = _order(p.ndim, X)
    keys = (*X[:, X.shape[1] - (order - 1) :].T, y)
    with np.errstate(divide="ignore"):  # ln 0 = −inf: a next token the table never allows
        return float(-np.mean(np.log(p[keys])))


def _probability_table(p, name):
    """``p`` as an n-gram table, shape (V,) * n, each row along the last axis summing to 1."""
    p = as_float_array(p, name)
    V = p.shape[-1] if p.ndim else 0
    if p.ndim == 0 or p.shape != (V,) * p.ndim or V == 0:
        raise ValueError(f"{name} must have shape (V,) * n with V >= 1, got {p.shape}")
    if not ((p >= 0) & (p <= 1)).all() or not np.allclose(p.sum(axis=-1), 1.0, atol=1e-6):
        raise ValueError(f"{name} must hold probabilities in [0, 1], each row summing to 1")
    return p


def ngram_interpolate(tables, X, y, iterations=100):
    """Mix n-gram tables of several orders, with weights fitted to the rows X, y (Jelinek–Mercer).

        p(t | c) = Σ_m w_m p_m(t | last m − 1 tokens of c),   w_m ≥ 0,  Σ_m w_m = 1

    A long context predicts sharply where it was seen in training; a short one
    is blurrier but has been seen far more often. The mixture uses both. The
    weights that maximise the likelihood of the rows (pass *validation* rows,
    never training rows, on which the longest table always looks best) are found
    by expectation–maximisation, starting from equal weights: each row shares
    itself among the tables in proportion to w_m p_m(y_i | c_i), and the new
    w_m is table m's mean share. Every step lowers the loss on the rows.

    Parameters
    ----------
    tables : sequence of array_like, table m of shape (V,) * n_m
        From ``ngram_probabilities``, any orders n_m ≥ 1 with the same V.
    X : array_like of int, shape (n_rows, c), c ≥ max n_m − 1
        The contexts the weights are fitted on.
    y : array_like of int, shape (n_rows,)
        Their next tokens.
    iterations : int
        EM steps, 1 … 10,000.

    Returns
    -------
    p : ndarray, shape (V,) * max n_m
        The mixed table (every table broadcast to the longest context), usable
        with ``ngram_loss``.
    weights : ndarray, shape (len(tables),)
        w_m, in the order of ``tables``.

    Introduced in lesson 11.
    """
    if isinstance(tables, np.ndarray) or not isinstance(tables, list | tuple) or not tables:
        raise TypeError("tables must be a non-empty list or tuple of n-gram probability tables")
    tables = [_probability_table(p, f"tables[{m}]") for m, p in enumerate(tables)]
    V = tables[0].shape[-1]
    if any(p.shape[-1] != V for p in tables):
        raise ValueError("every table must have the same vocabulary size V")
    shape = (V,) * max(p.ndim for p in tables)
    check_size(shape, f"the mixed table of V = {V}")
    iterations = as_int(iterations, "iterations", 1, 10_000)
    X, y = _contexts_and_targets(X, y, V)
    _order(len(shape), X)
    # Q[i, m] = p_m(y_i | c_i): each table's probability of every row's next token.
    Q = np.stack([p[(*X[:, X.shape[1] - (p.ndim - 1) :].T, y)] for p in tables], axis=1)
    if not (Q.sum(axis=1) > 0).all():
        raise ValueError("some row has probability 0 under every table: smooth the tables")
    weights = np.full(len(tables), 1.0 / len(tables))
    for _ in range(iterations):
        share = Q * weights
        weights = np.mean(share / share.sum(axis=1, keepdims=True), axis=0)
    mixed = np.zeros(shape)
    for w, p in zip(weights, tables, strict=True):
        mixed += w * p  # broadcasting aligns p's axes with the last ones: its context's end
    return mixed, weights


# ---------------------------------------------------------------- the embedding's gradient


def embedding_gradient(ids, dA, vocab_size):
    """dE as a scatter-add: each position's gradient is added to the row of the token it read.

        dE = Σ_j x_jᵀ dA_j,   so   dE[v] = Σ_{(i, j) : ids[i, j] = v} dA_j[i]

    Row v collects one term for every time token v was read, in any
    position; a row never read gets 0. It equals ``Embedding.backward``'s
    matrix product with the one-hot inputs, without multiplying by zeros.

    Parameters
    ----------
    ids : array_like of int, shape (n, k)
        The token index read at each position (``contexts``), 0 … V − 1.
    dA : array_like, shape (n, k·d)
        ∂L/∂A, the gradient of the k embeddings side by side.
    vocab_size : int
        V.

    Returns
    -------
    ndarray, shape (V, d)

    Introduced in lesson 11.
    """
    vocab_size = as_int(vocab_size, "vocab_size", 1)
    ids = _token_ids(ids, "ids", vocab_size)
    if ids.ndim == 1:
        ids = ids[np.newaxis, :]
    if ids.ndim != 2 or ids.size == 0:
        raise ValueError(f"ids must have shape (n, k) with n, k >= 1, got {ids.shape}")
    n, k = ids.shape
    dA = as_float_array(dA, "dA")
    if dA.ndim != 2 or dA.shape[0] != n or dA.shape[1] % k or dA.shape[1] == 0:
        raise ValueError(f"dA must have shape ({n}, k·d) = ({n}, {k}·d), got {dA.shape}")
    d = dA.shape[1] // k
    check_size((vocab_size, d), "dE (vocab_size, d)")
    dE = np.zeros((vocab_size, d))
    with silent_overflow(True):
        np.add.at(dE, ids.reshape(-1), dA.reshape(n * k, d))  # row ids[i, j] += dA_j[i]
    return dE


# ---------------------------------------------------------------- training and reading E


def fit_char_model(
    X,
    y,
    vocab_size,
    context=3,
    dim=10,
    hidden=64,
    l2=0.0,
    *,
    rng,
    epochs=8,
    fine_tune=3,
    lr=0.2,
    batch_size=128,
    validation=None,
):
    """Build ``char_model`` and train it: ``epochs`` at η, then ``fine_tune`` more at η/10.

    SGD with momentum 0.9 and the L2 penalty (λ/2)‖w‖² on every parameter
    (``SGD(weight_decay=λ)``). The smaller steps at the end let the weights
    settle into the valley instead of bouncing across it (lesson 06).

    Parameters
    ----------
    X : array_like, shape (n, k·V)
        One-hot contexts (``one_hot_contexts``).
    y : array_like of int, shape (n,)
    vocab_size, context, dim, hidden : int
        V, k, d and the hidden width, as in ``char_model``.
    l2 : float
        λ ≥ 0.
    rng : np.random.Generator or int
        The initial weights and the shuffling (the same seed, the same model).
    epochs, fine_tune : int
        Epochs at η (1 … 1000) and then at η/10 (0 … 1000).
    lr : float
        η > 0.
    batch_size : int
    validation : tuple (X_val, y_val), optional
        Scored after every epoch.

    Returns
    -------
    net : MLP
    history : dict of lists
        ``train.fit``'s per-epoch ``loss``, ``accuracy`` (and ``val_loss``,
        ``val_accuracy``), both phases one after the other.

    Introduced in lesson 11.
    """
    rng = check_rng(rng)
    epochs = as_int(epochs, "epochs", 1, 1000)
    fine_tune = as_int(fine_tune, "fine_tune", 0, 1000)
    lr = as_number(lr, "lr", 0, 1e3, low_open=True)
    net = char_model(vocab_size, context, dim, hidden, rng=rng)
    optimizer = SGD(lr, momentum=0.9, weight_decay=l2)
    history = {}
    for phase_epochs, phase_lr in ((epochs, lr), (fine_tune, lr / 10)):
        if not phase_epochs:
            continue
        optimizer.lr = phase_lr
        phase = train.fit(
            net,
            X,
            y,
            "cross_entropy",
            optimizer,
            phase_epochs,
            batch_size,
            rng=rng,
            validation=validation,
            progress=False,
        )
        for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
            if key in phase:
                history.setdefault(key, []).extend(phase[key])
    return net, history


def pca(E, n_components=2, reference=None):
    """The best n_components-D view of the rows of E: their projection on its principal axes.

    Centre the rows, Ē = E − mean(E), and take the SVD Ē = U Σ Vᵀ (NumPy's).
    The first rows of Vᵀ are the directions along which the points spread the
    most; projecting on them, P = Ē V[:, :c], keeps as much of the spread
    (variance) as any c-D linear view can. Each axis's sign is chosen so that
    its largest loading is positive (an SVD may flip it), or, given
    ``reference`` axes, so that it points the same way as the matching one:
    a map redrawn while training then does not flip over.

    Parameters
    ----------
    E : array_like, shape (V, d), V ≥ 2
    n_components : int
        c, 1 … d.
    reference : array_like, shape (c, d), optional
        Earlier ``axes``: each new axis is flipped if its dot product with the old one is < 0.

    Returns
    -------
    P : ndarray, shape (V, c)
        The coordinates of each row in the view (±inf where entries near the
        float64 limit, 1e308, spread further than it reaches).
    axes : ndarray, shape (c, d)
        The principal directions, orthonormal rows.
    explained : ndarray, shape (c,)
        The fraction of the total variance along each axis, σ_i² / Σ_j σ_j².

    Introduced in lesson 11.
    """
    E = _table(E)
    if E.shape[0] < 2:
        raise ValueError(f"E must have at least 2 rows to spread, got shape {E.shape}")
    c = as_int(n_components, "n_components", 1, E.shape[1])
    # Scaled by a power of two first (exact), so that huge entries (1e300) cannot
    # overflow while centring or inside the SVD; the projection is scaled back at the end.
    _, exponent = np.frexp(max(float(np.abs(E).max()), np.finfo(float).tiny))
    scaled = np.ldexp(E, 1 - exponent)  # entries in (−2, 2)
    centred = scaled - scaled.mean(axis=0)  # (V, d)
    _, sigma, Vt = np.linalg.svd(centred, full_matrices=False)  # Vt (min(V, d), d)
    axes = Vt[:c].copy()
    if axes.shape[0] < c:  # fewer rows than dimensions: the remaining axes carry nothing
        axes = np.vstack([axes, np.zeros((c - axes.shape[0], E.shape[1]))])
    if reference is None:
        biggest = np.argmax(np.abs(axes), axis=1)
        leading = axes[np.arange(c), biggest]
    else:
        reference = as_float_array(reference, "reference")
        if reference.shape != axes.shape:
            raise ValueError(f"reference must have shape {axes.shape}, got {reference.shape}")
        leading = np.sum(axes * reference, axis=1)  # (c,): the old axis · the new one
    axes *= np.where(leading < 0, -1.0, 1.0)[:, None]
    total = float(np.sum(sigma**2))
    spread = np.zeros(c)
    spread[: min(c, sigma.size)] = sigma[:c] ** 2
    explained = spread / total if total > 0 else spread
    with silent_overflow(True):
        P = np.ldexp(centred @ axes.T, exponent - 1)  # (V, c), in E's own units
    return P, axes, explained


def cosine_group_test(E, group, population=None, n_permutations=10_000, *, rng):
    """Are the rows ``group`` of E more alike than a random group of the same size?

    The statistic is the mean cosine similarity over the group's pairs,
    s(G) = mean_{i < j in G} cos(e_i, e_j). Draw ``n_permutations`` random
    groups of the same size from ``population`` and count how often chance
    reaches s(G): p = (1 + #{random s ≥ s(G)}) / (1 + n_permutations).

    Parameters
    ----------
    E : array_like, shape (V, d)
    group : array_like of int, shape (m,), m ≥ 2
        Distinct row indices (e.g. ``vocab.encode("aeiou")``).
    population : array_like of int, optional
        The rows random groups are drawn from (e.g. all the letters); default
        every row. It must hold every row of ``group`` (the group itself is one
        of the possible draws).
    n_permutations : int
        1 … 10⁶ random groups.
    rng : np.random.Generator or int

    Returns
    -------
    observed : float
        s(G).
    p_value : float
        In (0, 1]: small means chance rarely makes a group this alike.

    Introduced in lesson 11.
    """
    E = _table(E)
    V = E.shape[0]
    group = _token_ids(group, "group", V)
    population = np.arange(V) if population is None else _token_ids(population, "population", V)
    for name, rows in (("group", group), ("population", population)):
        if rows.ndim != 1 or np.unique(rows).size != rows.size:
            raise ValueError(
                f"{name} must be distinct row indices, shape (m,), got {rows.tolist()}"
            )
    if group.size < 2:
        raise ValueError(f"group must hold at least 2 rows to have pairs, got {group.tolist()}")
    if not np.isin(group, population).all():
        raise ValueError("population must contain every row of group")
    n_permutations = as_int(n_permutations, "n_permutations", 1, 1_000_000)
    rng = check_rng(rng)
    S = cosine_similarity(E)  # (V, V)
    m = group.size
    pairs = np.triu_indices(m, 1)

    def mean_cosine(rows):  # rows (..., m) → the mean over the m(m − 1)/2 pairs
        return S[rows[..., pairs[0]], rows[..., pairs[1]]].mean(axis=-1)

    observed = float(mean_cosine(group))
    # Random groups: the first m of a random order of the population, one per draw.
    keys = rng.random((n_permutations, population.size))
    draws = population[np.argsort(keys, axis=1)[:, :m]]  # (n_permutations, m)
    reached = int(np.sum(mean_cosine(draws) >= observed - 1e-12))
    return observed, (1 + reached) / (1 + n_permutations)
