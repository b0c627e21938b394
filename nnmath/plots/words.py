"""Words as vectors: one-hot rows, embedding maps, next-character probabilities (lesson 11).

The numbers (one-hot rows, cosine neighbours, softmax(z / T), token labels) come
from ``nnmath.text``; these functions draw them.
"""

import numpy as np

from ..text import nearest, show_token, softmax_temperature
from .base import COLORS, figure, label, update_bars

__all__ = [
    "draw_embedding_map",
    "draw_token_bars",
    "embedding_map",
    "one_hot_picture",
    "temperature_bars",
    "update_embedding_map",
]


def one_hot_picture(text, vocab):
    """Each character of ``text`` as its one-hot row: a single 1 in the column of its index.

    Parameters
    ----------
    text : str
        A short text (each character must be in ``vocab``).
    vocab : nnmath.text.Vocabulary

    Introduced in lesson 11.
    """
    X = vocab.one_hot(text)  # (n, V)
    n, V = X.shape
    # At least as wide as the title, however small the vocabulary.
    fig, ax = figure(float(np.clip(0.2 * V + 1.4, 4.8, 8.0)), 0.3 * n + 1.3)
    ax.imshow(X, cmap="Blues", vmin=0, vmax=1.4, interpolation="nearest", aspect="auto")
    ax.grid(False)
    for i, j in zip(*np.nonzero(X), strict=True):
        ax.text(j, i, "1", ha="center", va="center", fontsize=9, color="white")
    ax.set_xticks(range(V), [show_token(t) for t in vocab.tokens], fontsize=9)
    ax.set_yticks(range(n), [show_token(c) for c in text])
    label(
        ax,
        f"One-hot rows of {text!r}: V = {V} columns, one 1 each",
        "vocabulary index (token)",
        "character of the text",
    )
    return fig


# At most this many neighbours are linked to a highlighted token.
MAX_NEIGHBOURS = 8

# On the map a punctuation mark is a word: a dot or a comma alone is too small to see,
# and ',' and "'" look alike at 11 pt.
_MAP_NAMES = {".": "dot", ",": "comma", "'": "apos", "?": "?"}


def _map_label(token):
    """The label of ``token`` on the embedding map: a name for punctuation, ␣ ↵ for blanks."""
    return _MAP_NAMES.get(token, show_token(token))


def _limits(ax, E):
    """Axis limits around the points ``E`` (V, 2), with a margin for the labels."""
    pad = 0.12 * max(np.ptp(E[:, 0]), np.ptp(E[:, 1]), 1e-6)
    ax.set_xlim(E[:, 0].min() - pad, E[:, 0].max() + pad)
    ax.set_ylim(E[:, 1].min() - pad, E[:, 1].max() + pad)


def draw_embedding_map(ax, E, tokens):
    """Draw each token as its label at its 2-D point (a row of E); returns the artists.

    Punctuation is written as a word ("dot", "comma", "apos"), a space as ␣
    and a line break as ↵, so every point can be read.

    Parameters
    ----------
    ax : matplotlib Axes
    E : array_like, shape (V, 2)
        A 2-D embedding, or the PCA view of a bigger one (``nnmath.text.pca``).
    tokens : sequence of str, length V

    Introduced in lesson 11.
    """
    E = _embedding_2d(E, tokens)
    _limits(ax, E)
    ax.axhline(0, color="k", lw=0.4)
    ax.axvline(0, color="k", lw=0.4)
    style = {"ha": "center", "va": "center", "fontsize": 11, "color": COLORS["blue"]}
    labels = [ax.text(x, y, _map_label(t), **style) for (x, y), t in zip(E, tokens, strict=True)]
    links = [
        ax.plot([], [], color=COLORS["orange"], lw=1.0, alpha=0.7)[0] for _ in range(MAX_NEIGHBOURS)
    ]
    ring = ax.scatter([], [], s=320, facecolor="none", edgecolor=COLORS["vermillion"], lw=2)
    # Highlighted tokens are drawn again on top, bold, on a white patch hiding the plain label.
    marks = [
        ax.text(
            0,
            0,
            "",
            fontweight="bold",
            zorder=4,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3, "alpha": 0.9},
            **style,
        )
        for _ in range(MAX_NEIGHBOURS + 1)
    ]
    return {
        "E": E,
        "tokens": [_map_label(t) for t in tokens],
        "labels": labels,
        "links": links,
        "ring": ring,
        "marks": marks,
    }


def update_embedding_map(artists, index=None, neighbours=(), E=None):
    """Ring the token ``index``, link it to its ``neighbours`` (indices) and make them bold.

    Given ``E`` (V, 2), new points (a model that trained on), the labels move
    there first and the axes' limits follow: the caller must then redraw fully.
    """
    if E is not None:
        E = _embedding_2d(E, artists["tokens"])
        artists["E"] = E
        for text, point in zip(artists["labels"], E, strict=True):
            text.set_position(point)
        _limits(artists["labels"][0].axes, E)
    E, marks = artists["E"], artists["marks"]
    neighbours = list(neighbours)[: len(artists["links"])]
    for line in artists["links"]:
        line.set_data([], [])
    for mark in marks:
        mark.set_text("")
    if index is None:
        artists["ring"].set_offsets(np.empty((0, 2)))
        return
    artists["ring"].set_offsets(E[[index]])
    for mark, j, color in zip(
        marks,
        [index, *neighbours],
        [COLORS["vermillion"]] + [COLORS["orange"]] * len(neighbours),
        strict=False,
    ):
        mark.set_position(E[j])
        mark.set_text(artists["tokens"][j])
        mark.set_color(color)
    for line, j in zip(artists["links"], neighbours, strict=False):
        line.set_data([E[index, 0], E[j, 0]], [E[index, 1], E[j, 1]])


def embedding_map(
    E, tokens, highlight=None, n_neighbours=4, title=None, similar=None, axis_names=None
):
    """A figure of 2-D embeddings: every token drawn at its row of E.

    Parameters
    ----------
    E : array_like, shape (V, 2)
        The points: a 2-D embedding, or the PCA view of a bigger one.
    tokens : sequence of str, length V
    highlight : str, optional
        A token to ring, linked to its ``n_neighbours`` nearest by cosine similarity.
    similar : array_like, shape (V, d), optional
        The embedding whose cosines pick the neighbours (the full d-dimensional
        one behind a PCA view); default the drawn points themselves.
    axis_names : (str, str), optional
        The axes' labels; default "E[:, 0]", "E[:, 1]".

    Introduced in lesson 11.
    """
    fig, ax = figure(4.8, 4.4)
    artists = draw_embedding_map(ax, E, tokens)
    if highlight is not None:
        tokens = list(tokens)
        if highlight not in tokens:
            raise ValueError(f"{highlight!r} is not one of the tokens")
        i = tokens.index(highlight)
        by = artists["E"] if similar is None else np.asarray(similar, dtype=float)
        if by.ndim != 2 or by.shape[0] != len(tokens):
            raise ValueError(f"similar must have one row per token, got shape {by.shape}")
        update_embedding_map(artists, i, nearest(by, i, n_neighbours)[0])
    names = axis_names or ("E[:, 0]", "E[:, 1]")
    label(ax, title or "Embeddings: each character is a point\n(a row of E)", *names)
    return fig


def draw_token_bars(ax, p, tokens):
    """Bars of a probability for every token, labelled; returns the artists for the update."""
    p = np.asarray(p, dtype=float).reshape(-1)
    if p.size != len(tokens):
        raise ValueError(f"need one probability per token: {len(tokens)}, got {p.size}")
    bars = ax.bar(np.arange(p.size), p, color=COLORS["sky"], edgecolor=COLORS["blue"], lw=0.5)
    ax.set_xticks(np.arange(p.size), [show_token(t) for t in tokens], fontsize=9)
    ax.set_xlim(-0.7, p.size - 0.3)
    ax.set_ylim(0, 1.0)
    update_bars({"bars": bars}, p)
    return {"bars": bars}


def temperature_bars(z, tokens, temperatures=(0.5, 1.0, 2.0), top=None):
    """softmax(z / T) for a few temperatures, one panel each: low T sharpens, high T flattens.

    Parameters
    ----------
    z : array_like, shape (V,)
        Scores (logits) of each next token.
    tokens : sequence of str, length V
    temperatures : sequence of float
    top : int, optional
        Show only the ``top`` tokens with the largest z.

    Introduced in lesson 11.
    """
    z = np.asarray(z, dtype=float).reshape(-1)
    tokens = list(tokens)
    if z.size != len(tokens):
        raise ValueError(f"need one score per token: {len(tokens)}, got {z.size}")
    keep = np.argsort(-z, kind="stable")[: top or z.size]
    fig, axes = figure(2.4 * len(temperatures) + 0.4, 2.6, ncols=len(temperatures))
    axes = np.atleast_1d(axes)
    for ax, T in zip(axes, temperatures, strict=True):
        p = softmax_temperature(z, T)[keep]
        draw_token_bars(ax, p, [tokens[i] for i in keep])
        label(ax, f"T = {T:g}", "next character", "probability")
    return fig


def _embedding_2d(E, tokens):
    E = np.asarray(E, dtype=float)
    if E.ndim != 2 or E.shape[1] != 2:
        raise ValueError(f"E must have shape (V, 2) to be drawn in the plane, got {E.shape}")
    if E.shape[0] != len(tokens):
        raise ValueError(f"E has {E.shape[0]} rows but there are {len(tokens)} tokens")
    return E
