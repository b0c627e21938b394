"""Text as numbers: a vocabulary, one-hot vectors, embeddings and a next-character model.

A character becomes an index (``Vocabulary``), an index a one-hot vector, and
a one-hot vector times a weight matrix E picks one row of E: the character's
**embedding**. ``Embedding`` is that matrix product as a layer, shared by every
position of the context, so a next-character model is an ordinary ``MLP``
whose first weight matrix *is* the embedding table. Introduced in lesson 11.
"""

from importlib import resources

import numpy as np

from ._checks import as_float_array, as_gradient, as_matrix, check_rng
from .activations import softmax
from .layers import Dense
from .losses import one_hot
from .network import MLP

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
    """
    files = resources.files("nnmath") / "corpus"
    path = files / f"{name}.txt"
    if not path.is_file():
        choices = sorted(p.name[:-4] for p in files.iterdir() if p.name.endswith(".txt"))
        raise ValueError(f"unknown corpus {name!r}; choose one of {choices}")
    return path.read_text(encoding="utf-8")


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
        raise ValueError(f"token must be a str, got {type(token).__name__}")
    return "".join(_VISIBLE.get(c, c) for c in token)


class Vocabulary:
    """The list of distinct tokens (here: characters) and their indices 0 … V−1.

    Parameters
    ----------
    tokens : iterable of str
        Distinct tokens, in index order.
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
        self.tokens = list(tokens)
        if not self.tokens:
            raise ValueError("a vocabulary needs at least one token")
        self.index = {t: i for i, t in enumerate(self.tokens)}
        if len(self.index) != len(self.tokens):
            raise ValueError("tokens must be distinct")
        self.sep = sep

    @classmethod
    def from_text(cls, text):
        """The sorted distinct characters of ``text``."""
        return cls(sorted(set(text)))

    def __len__(self):
        return len(self.tokens)

    def __contains__(self, token):
        return token in self.index

    def encode(self, text):
        """Token indices of ``text`` (a str of characters or a list of tokens), shape (n,)."""
        missing = sorted({t for t in text if t not in self.index})
        if missing:
            raise ValueError(f"not in the vocabulary: {missing}")
        return np.array([self.index[t] for t in text], dtype=np.int64)

    def decode(self, ids):
        """The text of token indices ``ids``, shape (n,)."""
        ids = np.asarray(ids).reshape(-1)
        if ids.size and (ids.min() < 0 or ids.max() >= len(self)):
            raise ValueError(
                f"indices must lie in 0 … {len(self) - 1}, got {ids.min()} … {ids.max()}"
            )
        return self.sep.join(self.tokens[int(i)] for i in ids)

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
    context : int
        k, how many previous tokens the model sees.

    Returns
    -------
    X : ndarray of int, shape (N − k, k)
        ``X[t] = ids[t : t + k]``.
    y : ndarray of int, shape (N − k,)
        ``y[t] = ids[t + k]``, the next token.

    Introduced in lesson 11.
    """
    ids = np.asarray(ids)
    if ids.ndim != 1 or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"ids must be a 1-D array of ints, got {ids.dtype} shape {ids.shape}")
    if not isinstance(context, (int, np.integer)) or context < 1:
        raise ValueError(f"context must be a positive int, got {context!r}")
    if ids.shape[0] <= context:
        raise ValueError(f"need more than context={context} tokens, got {ids.shape[0]}")
    n = ids.shape[0] - context
    X = np.lib.stride_tricks.sliding_window_view(ids, context)[:n].copy()  # (n, k)
    return X, ids[context:].copy()


def one_hot_contexts(X, vocab_size):
    """Each row of k token indices as k one-hot vectors side by side, shape (n, k·V).

    Columns j·V … (j+1)·V − 1 are the one-hot of ``X[:, j]``. Introduced in lesson 11.
    """
    X = np.asarray(X)
    if X.ndim == 1:
        X = X[np.newaxis, :]
    if X.ndim != 2:
        raise ValueError(f"X must have shape (n, k), got {X.shape}")
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
        Standard deviation of the initial entries of E.

    Attributes
    ----------
    E : ndarray, shape (V, d)
    dE : ndarray, shape (V, d), set by ``backward``

    Introduced in lesson 11.
    """

    activation = "identity"

    def __init__(self, vocab_size, dim, context=1, *, rng, scale=1.0):
        for name, v in (("vocab_size", vocab_size), ("dim", dim), ("context", context)):
            if not isinstance(v, (int, np.integer)) or v < 1:
                raise ValueError(f"{name} must be a positive int, got {v!r}")
        self.context = int(context)
        self.E = check_rng(rng).normal(0.0, scale, size=(vocab_size, dim))
        self.dE = np.zeros_like(self.E)
        self.X = self.A = None

    @classmethod
    def from_weights(cls, E, context=1):
        """A layer with the given table ``E`` (V, d)."""
        E = as_float_array(E, "E")
        if E.ndim != 2:
            raise ValueError(f"E must be 2-D with shape (V, d), got shape {E.shape}")
        layer = cls.__new__(cls)
        layer.context = int(context)
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

        ``check_input=False`` skips checking X, as in ``Dense.forward``.
        """
        if check_input:
            X = as_matrix(X, "X", self.n_in)
        self.X = X
        n = X.shape[0]
        blocks = X.reshape(n * self.context, self.vocab_size)  # (n·k, V): one one-hot a row
        self.A = (blocks @ self.E).reshape(n, self.n_out)  # (n·k, d) → (n, k·d)
        return self.A

    __call__ = forward

    def backward(self, dA, need_dX=True, *, check_input=True):
        """dE = Σ_j x_jᵀ dA_j (each position adds to the rows it picked); returns dX (n, k·V).

        With ``need_dX=False`` returns ``None``: training never needs the
        gradient of the one-hot inputs. ``check_input`` as in ``Dense.backward``.
        """
        if check_input:
            dA = as_gradient(self, dA, "dA")
        n = self.X.shape[0]
        blocks = self.X.reshape(n * self.context, self.vocab_size)  # (n·k, V)
        dblocks = dA.reshape(n * self.context, self.dim)  # (n·k, d)
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

    Introduced in lesson 11.
    """
    rng = check_rng(rng)
    return MLP.from_layers(
        [
            Embedding(vocab_size, dim, context, rng=rng),
            Dense(context * dim, hidden, "tanh", rng=rng),
            Dense(hidden, vocab_size, "softmax", rng=rng),
        ]
    )


def _context_of(net):
    first = net.layers[0]
    if not isinstance(first, Embedding):
        raise ValueError("net must start with an Embedding layer (build it with char_model)")
    return first.context, first.vocab_size


def next_logits(net, ids):
    """The scores z (pre-softmax) of every next token after the last k of ``ids``, shape (V,).

    Introduced in lesson 11.
    """
    k, V = _context_of(net)
    ids = np.asarray(ids).reshape(-1)
    if ids.shape[0] < k:
        raise ValueError(f"the model needs {k} tokens of context, got {ids.shape[0]}")
    ids = ids[-k:]
    if ids.min() < 0 or ids.max() >= V:
        raise ValueError(f"token indices must lie in 0 … {V - 1}, got {ids.tolist()}")
    net.forward(one_hot_contexts(ids, V))  # (1, k·V) → ŷ (1, V)
    return net.layers[-1].Z[0].copy()  # (V,): the output layer's z, before the softmax


def softmax_temperature(z, temperature=1.0):
    """p_i = exp(z_i / T) / Σ_j exp(z_j / T), stable; shape of ``z`` (last axis summed).

    T = 1 is the model's own distribution; T → 0 puts everything on the largest
    z (greedy); large T flattens towards uniform. Introduced in lesson 11.
    """
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature!r}")
    return softmax(as_float_array(z, "z") / temperature)


def sample(net, vocab, prompt, length, temperature=1.0, *, rng):
    """Generate ``length`` tokens after ``prompt``, each drawn from softmax(z / T).

    Parameters
    ----------
    net : MLP from ``char_model``
    vocab : Vocabulary
    prompt : str
        At least k tokens: the first context.
    length : int
    temperature : float
        T > 0.
    rng : np.random.Generator or int
        The draws (the same seed gives the same text).

    Returns
    -------
    str
        ``prompt`` followed by the generated text.

    Introduced in lesson 11.
    """
    rng = check_rng(rng)
    if int(length) < 0:
        raise ValueError(f"length must be >= 0, got {length!r}")
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature!r}")
    k, V = _context_of(net)
    if len(vocab) != V:
        raise ValueError(f"the model has {V} tokens but the vocabulary {len(vocab)}")
    ids = list(vocab.encode(prompt))
    if len(ids) < k:
        raise ValueError(f"the model needs {k} tokens of context, got {len(ids)}")
    for _ in range(int(length)):
        p = softmax_temperature(next_logits(net, ids), temperature)  # (V,)
        ids.append(int(rng.choice(V, p=p)))  # token i with probability p_i
    return vocab.decode(ids)


def cosine_similarity(E):
    """cos(e_i, e_j) = e_i·e_j / (‖e_i‖ ‖e_j‖) for every pair of rows of E, shape (V, V).

    A zero row has similarity 0 with everything. Introduced in lesson 11.
    """
    E = as_float_array(E, "E")
    if E.ndim != 2:
        raise ValueError(f"E must be 2-D with shape (V, d), got shape {E.shape}")
    norms = np.linalg.norm(E, axis=1)
    unit = E / np.where(norms > 0, norms, 1.0)[:, None]
    return np.clip(unit @ unit.T, -1.0, 1.0)


def nearest(E, index, n=5):
    """The ``n`` rows most similar to row ``index`` by cosine similarity (itself excluded).

    Returns
    -------
    indices : ndarray of int, shape (n,), most similar first
    similarities : ndarray, shape (n,)

    Introduced in lesson 11.
    """
    S = cosine_similarity(E)  # (V, V); validates E
    if not 0 <= index < S.shape[0]:
        raise ValueError(f"index must lie in 0 … {S.shape[0] - 1}, got {index}")
    sims = S[index].copy()
    sims[index] = -np.inf
    order = np.argsort(-sims, kind="stable")[: min(n, sims.shape[0] - 1)]
    return order, sims[order]
