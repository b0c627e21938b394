"""Lesson 11: a temperature slider for sampling and a character picker showing its neighbours."""

import html

import numpy as np

from .._checks import as_int
from ..plots.base import figure, label, update_bars
from ..plots.words import (
    draw_embedding_map,
    draw_token_bars,
    update_embedding_map,
)
from ..text import Embedding, nearest, next_logits, sample, show_token, softmax_temperature
from .base import Explorer, dropdown, slider
from .tex import fmt, result

__all__ = ["WordExplorer", "word_explorer"]

MAX_LENGTH = 1000  # the sampled text's length: every move samples it again


class WordExplorer(Explorer):
    """Temperature and a token picker for a trained next-character model.

    Left: the 2-D embeddings, the picked token ringed and linked to its ``n``
    nearest neighbours by cosine similarity. Right: the probabilities of the
    ``top`` likeliest next characters after ``prompt`` at temperature T,
    softmax(z / T) (computed over the whole vocabulary). Below:
    the equation with the current numbers and a text sampled at T (the same
    ``seed`` every time, so only T changes it).

    ``update(temperature, token)`` returns ``{"probabilities", "top",
    "neighbours", "similarities", "sample"}``; ``probabilities`` has one entry
    per vocabulary token.
    """

    def __init__(
        self, net, vocab, prompt="the ", temperature=1.0, token="a", length=80, seed=0, n=4, top=12
    ):
        first = net.layers[0]
        if not isinstance(first, Embedding) or first.dim != 2:
            raise ValueError("net must start with a 2-D Embedding (char_model(..., dim=2))")
        if first.vocab_size != len(vocab):
            raise ValueError(f"net has {first.vocab_size} tokens, the vocabulary {len(vocab)}")
        if token not in vocab:
            raise ValueError(f"{token!r} is not in the vocabulary")
        controls = {
            "temperature": slider("temperature T", temperature, 0.1, 2.0, 0.05),
            "token": dropdown(
                "character", [(show_token(t), t) for t in vocab.tokens], token, "picked character"
            ),
        }
        self.net, self.vocab, self.prompt = net, vocab, prompt
        self.prompt_ids = vocab.encode(prompt)  # validates the prompt
        self.length = as_int(length, "length", 1, MAX_LENGTH)
        self.seed = as_int(seed, "seed", 0)
        self.n = as_int(n, "n", 1, len(vocab) - 1)
        top = as_int(top, "top", 1)  # at most the whole vocabulary is shown
        self.z = next_logits(net, self.prompt_ids)  # (V,): fixed while the sliders move
        # The bars show the `top` likeliest next characters; T never changes their order.
        self.shown = np.argsort(-self.z, kind="stable")[:top]

        fig, (self.ax_e, self.ax_p) = figure(5.4, 2.9, ncols=2)
        self.emap = draw_embedding_map(self.ax_e, first.E, vocab.tokens)
        self.bars = draw_token_bars(
            self.ax_p,
            softmax_temperature(self.z)[self.shown],
            [vocab.tokens[i] for i in self.shown],
        )
        label(self.ax_e, "", "E[:, 0]", "E[:, 1]")
        label(self.ax_p, "", "next character", "probability")
        super().__init__(fig, controls)

    def static_artists(self):
        # The token labels never move: drawn once, into the background.
        return self.emap["labels"]

    def _draw(self, temperature, token):
        E = self.net.layers[0].E
        i = self.vocab.index[token]
        neighbours, sims = nearest(E, i, self.n)
        update_embedding_map(self.emap, i, neighbours)
        p = softmax_temperature(self.z, temperature)  # (V,)
        top = self.shown[update_bars(self.bars, p[self.shown])]
        text = sample(
            self.net,
            self.vocab,
            self.prompt,
            self.length,
            temperature,
            rng=np.random.default_rng(self.seed),
        )
        shown = show_token(token)
        # The learner's text in a title: a $ would start matplotlib's math mode.
        self.ax_e.set_title(f"nearest to {shown!r} by cosine".replace("$", r"\$"), fontsize=10)
        self.ax_p.set_title(
            f"after {self.prompt!r}, T = {temperature:.2f}".replace("$", r"\$"), fontsize=10
        )
        t_top = show_token(self.vocab.tokens[top])
        near = ", ".join(
            rf"$\cos(e_{{\text{{{_tex(shown)}}}}}, e_{{\text{{{_tex(other)}}}}}) = {result(s)}$"
            for other, s in zip(
                (show_token(self.vocab.tokens[j]) for j in neighbours), sims, strict=True
            )
        )
        self.equation.value = (
            rf"$p_{{\text{{{_tex(t_top)}}}}} = \dfrac{{e^{{z_{{\text{{{_tex(t_top)}}}}}/T}}}}"
            rf"{{\sum_j e^{{z_j/T}}}} = \dfrac{{e^{{{fmt(self.z[top])}/{fmt(temperature)}}}}}"
            rf"{{\sum_j e^{{z_j/{fmt(temperature)}}}}} = {result(p[top], 3)}$"
            f"<br>{near}"
            '<br><span style="font-family: monospace; white-space: pre-wrap">'
            f"{html.escape(text)}</span>"
        )
        self.redraw()
        return {
            "probabilities": p,
            "top": self.vocab.tokens[top],
            "neighbours": [self.vocab.tokens[j] for j in neighbours],
            "similarities": sims,
            "sample": text,
        }


def _tex(s):
    """A token inside LaTeX \\text{…} in the HTML equation: escape the characters TeX treats
    specially, then HTML's (a token is the learner's text: ``<`` must not open a tag)."""
    special = {"\\": r"\backslash{}", "~": r"\sim{}", "^": r"\hat{}"}
    special.update({c: "\\" + c for c in "{}$%#&_"})
    return html.escape("".join(special.get(c, c) for c in s))


def word_explorer(*args, **kwargs):
    """The lesson 11 widget: ``WordExplorer(*args, **kwargs)``."""
    return WordExplorer(*args, **kwargs)
