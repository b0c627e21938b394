"""Lesson 11: a next-character model's embedding map and predictions, trained step by step.

Sliders pick the temperature and a character; with training data the
widget also trains the model, one epoch per Step (or per Play tick), and the
map, the probabilities and the sampled text follow.
"""

import html
import time

import ipywidgets as w
import numpy as np

from .._checks import as_int, as_number, check_rng
from ..losses import cross_entropy
from ..network import MLP
from ..optim import SGD
from ..plots.base import figure, label, update_bars
from ..plots.words import (
    draw_embedding_map,
    draw_token_bars,
    update_embedding_map,
)
from ..text import (
    Embedding,
    nearest,
    next_logits,
    pca,
    sample,
    show_token,
    softmax_temperature,
)
from ..train import fit
from .base import Explorer, dropdown, slider
from .tex import fmt, result

__all__ = ["WordExplorer", "word_explorer"]

MAX_LENGTH = 1000  # the sampled text's length: every move samples it again
MAX_EPOCHS = 200  # the most one step(epochs) call trains


class WordExplorer(Explorer):
    """Temperature, a token picker and (with training data) Step / Play / Reset.

    Left: the embeddings as a map. A 2-D embedding is drawn as it is; a
    bigger one (d > 2) through its PCA view (``nnmath.text.pca`` of the rows
    of E). The picked token is ringed and linked to its ``n`` nearest
    neighbours by cosine similarity, measured on the full, centred embedding
    E − mean(E) (in 2-D, cosines are inflated). Right: the probabilities of the
    ``top`` likeliest next characters after ``prompt`` at temperature T,
    softmax(z / T) (computed over the whole vocabulary). Below: the equation
    with the current numbers and a text sampled at T (the same ``seed`` every
    time, so only T and the weights change it).

    ``update(temperature, token)`` returns ``{"probabilities", "top",
    "neighbours", "similarities", "sample", "epoch", "loss", "val_loss"}``;
    ``probabilities`` has one entry per vocabulary token.

    Training: given ``train=(X, y)`` (one-hot contexts and next tokens), a
    Step button trains one epoch (``nnmath.train.fit``: SGD with momentum 0.9,
    η = ``lr``, L2 λ = ``l2``, batches of ``batch_size`` shuffled by
    ``train_seed``), Play one epoch per tick, Reset goes back to the weights
    the widget was given (epoch 0). ``step(epochs)`` and ``reset()`` do the
    same from code and return the state. ``loss`` is the training loss
    averaged over the epoch's batches (``fit``'s), ``val_loss`` the loss on
    ``validation=(X, y)`` after it (None without validation data).
    """

    def __init__(
        self,
        net,
        vocab,
        prompt="the ",
        temperature=1.0,
        token="a",
        length=80,
        seed=0,
        n=4,
        top=12,
        *,
        train=None,
        validation=None,
        lr=0.2,
        l2=0.0,
        batch_size=128,
        train_seed=0,
        interval=500,
    ):
        first = net.layers[0] if isinstance(net, MLP) else None
        if not isinstance(first, Embedding) or first.dim < 2:
            raise ValueError("net must start with an Embedding of d >= 2 (char_model(..., dim=2))")
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
        self.top = as_int(top, "top", 1)  # at most the whole vocabulary is shown
        self._setup_training(train, validation, lr, l2, batch_size, train_seed)
        self.initial = net.copy()  # Reset's weights
        self.epoch, self.losses = 0, {"loss": None, "val_loss": self._val_loss()}
        self.axes = None  # the PCA axes of the last map (so a new map keeps their signs)
        self._read_model()

        fig, (self.ax_e, self.ax_p) = figure(5.4, 2.9, ncols=2)
        self.emap = draw_embedding_map(self.ax_e, self.points, vocab.tokens)
        self.bars = draw_token_bars(
            self.ax_p,
            softmax_temperature(self.z)[self.shown],
            [vocab.tokens[i] for i in self.shown],
        )
        names = ("E[:, 0]", "E[:, 1]") if first.dim == 2 else ("PCA axis 1", "PCA axis 2")
        label(self.ax_e, "", *names)
        label(self.ax_p, "", "next character", "probability")
        self.status = w.HTML()
        header = ()
        if self.X_train is not None:
            self.play = w.Play(
                value=0,
                min=0,
                max=10**9,
                step=1,
                interval=as_int(interval, "interval", 10, 60_000),
                description="Play",
                show_repeat=False,
            )
            self.play.observe(self._on_tick, names="value")
            self.buttons = {
                "step": w.Button(
                    description="Step", tooltip="train one epoch", icon="step-forward"
                ),
                "reset": w.Button(
                    description="Reset", tooltip="back to the initial weights", icon="undo"
                ),
            }
            self.buttons["step"].on_click(lambda _b: self._run(self.step))
            self.buttons["reset"].on_click(lambda _b: self._run(self._reset_clicked))
            header = [w.HBox([self.play, *self.buttons.values()])]
        self._last_tick = -np.inf
        self._full = False  # the next redraw must be full (the model trained: labels moved)
        super().__init__(fig, controls, header=header, footer=[self.status])

    # --- training -----------------------------------------------------------------------

    def _setup_training(self, train, validation, lr, l2, batch_size, train_seed):
        self.X_train = self.y_train = self.X_val = self.y_val = None
        self.lr = as_number(lr, "lr", 0, 10, low_open=True)
        self.l2 = as_number(l2, "l2", 0, 1)
        self.batch_size = as_int(batch_size, "batch_size", 1)
        self.train_seed = as_int(train_seed, "train_seed", 0)
        if validation is not None and train is None:
            raise ValueError("validation data needs training data: give train=(X, y) too")
        for name, data in (("train", train), ("validation", validation)):
            if data is None:
                continue
            if not (isinstance(data, (tuple, list)) and len(data) == 2):
                raise TypeError(f"{name} must be a pair (X, y), got {type(data).__name__}")
            X, y = data
            X = np.asarray(X, dtype=float)
            width = self.net.sizes[0]
            if X.ndim != 2 or X.shape[1] != width or X.shape[0] == 0:
                raise ValueError(f"{name} X must have shape (n, {width}), got {X.shape}")
            # Scored once here: a bad y is refused now, not at the first Step.
            cross_entropy.value(np.full((X.shape[0], len(self.vocab)), 1 / len(self.vocab)), y)
            if name == "train":
                self.X_train, self.y_train = X, np.asarray(y)
            else:
                self.X_val, self.y_val = X, np.asarray(y)
        self.optimizer = SGD(self.lr, momentum=0.9, weight_decay=self.l2)
        self.shuffle_rng = check_rng(self.train_seed)

    def _val_loss(self):
        if self.X_val is None:
            return None
        return cross_entropy.value(self.net.forward(self.X_val), self.y_val)

    def step(self, epochs=1):
        """Train ``epochs`` (1 … 200) more epochs, then redraw; returns the state."""
        if self.X_train is None:
            raise ValueError("this explorer has no training data: give train=(X, y)")
        epochs = as_int(epochs, "epochs", 1, MAX_EPOCHS)
        history = fit(
            self.net,
            self.X_train,
            self.y_train,
            "cross_entropy",
            self.optimizer,
            epochs,
            self.batch_size,
            rng=self.shuffle_rng,
            validation=None if self.X_val is None else (self.X_val, self.y_val),
            progress=False,
        )
        self.epoch += epochs
        self.losses = {
            "loss": history["loss"][-1],
            "val_loss": history["val_loss"][-1] if self.X_val is not None else None,
        }
        return self._moved()

    def reset(self):
        """Back to the weights the widget was given, epoch 0, the same shuffling; the state."""
        if self.X_train is None:
            raise ValueError("this explorer has no training data: give train=(X, y)")
        for p, p0 in zip(self.net.params(), self.initial.params(), strict=True):
            p[...] = p0
        self.optimizer = SGD(self.lr, momentum=0.9, weight_decay=self.l2)
        self.shuffle_rng = check_rng(self.train_seed)
        self.epoch, self.axes = 0, None
        self.losses = {"loss": None, "val_loss": self._val_loss()}
        return self._moved()

    def _moved(self):
        """The weights changed: read the model again, move the map, redraw everything."""
        self._read_model()
        update_embedding_map(self.emap, E=self.points)
        # The likeliest characters after the prompt change as the model learns: new tick labels.
        self.ax_p.set_xticks(
            np.arange(self.shown.size),
            [show_token(self.vocab.tokens[j]) for j in self.shown],
            fontsize=9,
        )
        self._full = True
        return self.update()

    def _read_model(self):
        """What the picture shows of the current weights: the map's points, z after the prompt."""
        E = self.net.layers[0].E
        self.centred = E - E.mean(axis=0)  # cosines from the centre of the cloud
        if E.shape[1] == 2:
            self.points = E
        else:
            self.points, self.axes, self.explained = pca(E, 2, reference=self.axes)
        self.z = next_logits(self.net, self.prompt_ids)  # (V,): fixed while the sliders move
        # The bars show the `top` likeliest next characters; T never changes their order.
        self.shown = np.argsort(-self.z, kind="stable")[: self.top]

    def _on_tick(self, _change):
        """One Play tick: one epoch. Ticks queued while busy are dropped."""
        if time.perf_counter() - self._last_tick < 0.3 * self.play.interval / 1000:
            return
        if self.epoch >= MAX_EPOCHS:
            self.play.playing = False
            return
        self._run(self.step)
        self._last_tick = time.perf_counter()

    def _reset_clicked(self):
        self.play.playing = False
        return self.reset()

    # --- drawing ------------------------------------------------------------------------

    def static_artists(self):
        # The token labels move only when the model trains (then the redraw is full).
        return self.emap["labels"]

    def _draw(self, temperature, token):
        i = self.vocab.index[token]
        neighbours, sims = nearest(self.centred, i, self.n)
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
        label_ = show_token(token)
        # The learner's text in a title: a $ would start matplotlib's math mode.
        self.ax_e.set_title(f"nearest to {label_!r} by cosine".replace("$", r"\$"), fontsize=10)
        self.ax_p.set_title(
            f"after {self.prompt!r}, T = {temperature:.2f}".replace("$", r"\$"), fontsize=10
        )
        t_top = show_token(self.vocab.tokens[top])
        near = ", ".join(
            rf"$\cos(e_{{\text{{{_tex(label_)}}}}}, e_{{\text{{{_tex(other)}}}}}) = {result(s)}$"
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
        self.status.value = self._status()
        full, self._full = self._full, False
        self.redraw(full=full)
        return {
            "probabilities": p,
            "top": self.vocab.tokens[top],
            "neighbours": [self.vocab.tokens[j] for j in neighbours],
            "similarities": sims,
            "sample": text,
            "epoch": self.epoch,
            **self.losses,
        }

    def _status(self):
        if self.X_train is None:
            return ""
        parts = [f"epoch {self.epoch}"]
        if self.losses["loss"] is not None:
            parts.append(f"training loss {self.losses['loss']:.3f}")
        if self.losses["val_loss"] is not None:
            parts.append(f"validation loss {self.losses['val_loss']:.3f}")
        setting = f"(SGD η = {self.lr:g}, momentum 0.9, L2 λ = {self.l2:g})"
        return html.escape(", ".join(parts) + " " + setting)


def _tex(s):
    """A token inside LaTeX \\text{…} in the HTML equation: escape the characters TeX treats
    specially, then HTML's (a token is the learner's text: ``<`` must not open a tag)."""
    special = {"\\": r"\backslash{}", "~": r"\sim{}", "^": r"\hat{}"}
    special.update({c: "\\" + c for c in "{}$%#&_"})
    return html.escape("".join(special.get(c, c) for c in s))


def word_explorer(*args, **kwargs):
    """The lesson 11 widget: ``WordExplorer(*args, **kwargs)``."""
    return WordExplorer(*args, **kwargs)
