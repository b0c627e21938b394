"""Text as numbers: a vocabulary, one-hot vectors, embeddings and a next-character model.

A character becomes an index (``Vocabulary``), an index a one-hot vector, and
a one-hot vector times a weight matrix E picks one row of E: the character's
**embedding**. ``Embedding`` is that matrix product as a layer, shared by every
position of the context, so a next-character model is an ordinary ``MLP``
whose first weight matrix *is* the embedding table. Introduced in lesson 11.
"""

from importlib import resources

import numpy as np

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

_MAX_SAMPLE = 100_000  # tokens sample generates in one call

__all__ = [
    "Embedding",
    "Vocabulary",
    "char_model",
    "contexts",
    "cosine_similarity",
    "load_corpus",
    "nearest",
    "next_logits",
    "one_hot_contexts",
    "sample",
    "show_token",
    "softmax_temperature",
]


def load_corpus(name="small_tales"):
    """The text ``nnmath/corpus/<name>.txt`` shipped with the package (nothing is downloaded).

    ``"small_tales"``: seven short fables after Aesop, retold in plain English
    for this course (about 4,400 characters; MIT licence, like the package).
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
