"""Lesson 09: a TensorFlow-Playground-like trainer built on ``nnmath.train.fit``.

Pick a data set, the architecture and the hyper-parameters, then Play: an
``ipywidgets.Play`` in the browser ticks every ``interval`` ms and each tick
trains up to ``speed`` epochs, for at most ``TICK_SECONDS`` (checked between
chunks of training), and redraws. The kernel never runs a long loop, so it
stays responsive (Pause, sliders, other cells) while the network trains,
whatever the size of the data.

On a big training set (more than ``CHUNK_STEPS`` batches per epoch) an epoch
is trained in chunks of ``CHUNK_STEPS`` batches: the epoch's shuffled order is
cut into chunks, and ``fit`` trains one chunk per call (shuffling within it).
The chunks depend on the seed only, never on the clock, so a run is the same
however its epochs are split between ticks and ``step``.
"""

import html
import math
import os
import time

import ipywidgets as w
import numpy as np

from .. import data, losses, network
from .._checks import as_float_array, as_int, as_matrix
from ..network import MLP, classes
from ..optim import SGD
from ..plots.base import COLORS, figure
from ..plots.playground import (
    FIGSIZE,
    draw_playground,
    set_playground_points,
    update_playground,
)
from ..train import History, fit
from .base import Explorer, RefusedValue, choices, dropdown, int_slider, slider
from .tex import CONTROL_STYLE, activation_tex, fmt

__all__ = [
    "ACTIVATION_CHOICES",
    "BATCH_CHOICES",
    "L2_CHOICES",
    "LOSS_CHOICES",
    "LR_CHOICES",
    "PlaygroundExplorer",
    "playground_explorer",
]

LR_CHOICES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
L2_CHOICES = (0.0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1)
BATCH_CHOICES = (1, 2, 5, 10, 20, 50, "all")
ACTIVATION_CHOICES = ("tanh", "relu", "sigmoid", "identity")
LOSS_CHOICES = {"binary_cross_entropy": "cross-entropy", "mse": "MSE"}
MAX_LAYERS, MAX_WIDTH = 4, 8
DEFAULT_PATH = os.path.join("build", "playground_weights.npz")

# The data: at least MIN_POINTS (test fraction 0.9 still leaves 2 to train on), at most
# MAX_POINTS (a bigger set only slows every epoch), coordinates within ±MAX_COORD (the
# plane's window and the network's inputs must stay ordinary numbers: rescale bigger data).
MIN_POINTS, MAX_POINTS, MAX_COORD = 20, 20_000, 1e6
# A Play tick trains for about this long at most (then redraws); a chunk of an epoch is
# this many batches (a few tens of ms), so a tick can stop between chunks.
TICK_SECONDS = 0.1
CHUNK_STEPS = 256
MAX_EPOCHS = 10_000  # the most one step(epochs) call trains

# A run has diverged when its training loss is this many times the loss of the
# coin-flip guess ŷ = 0.5 (ln 2 for cross-entropy, 0.25 for MSE), or not finite.
DIVERGE_FACTOR = 2.0
COIN_FLIP_LOSS = {"binary_cross_entropy": math.log(2.0), "mse": 0.25}

# Every control: its label, its kind with its range or choices, and a tooltip. The
# controls are built from this table, and update checks every value against them
# (widgets.base.check_value). "float" (lo, hi, step) and "int" (lo, hi) are sliders,
# "menu" a dropdown (None: the data sets), "choices" a slider over fixed values. All of
# them fire when released: most restart training.
_CONTROLS = {
    "dataset": ("data", "menu", None, "data set"),
    "noise": ("noise", "float", (0.0, 0.5, 0.05), None),
    "test_fraction": ("test fraction", "float", (0.1, 0.9, 0.05), None),
    "layers": ("hidden layers", "int", (0, MAX_LAYERS), None),
    "width": ("units per layer", "int", (1, MAX_WIDTH), None),
    "activation": ("activation f", "menu", ACTIVATION_CHOICES, None),
    "loss": ("loss L", "menu", LOSS_CHOICES, None),
    "lr": ("learning rate η", "choices", LR_CHOICES, None),
    "batch_size": ("batch size", "choices", BATCH_CHOICES, None),
    "l2": ("L2 λ", "choices", L2_CHOICES, "L2 penalty λ on the weights"),
    "speed": ("epochs per tick", "int", (1, 20), None),
}

# Which controls start the run over (new data / new network) and which only
# change how the next steps are taken.
_DATA_KEYS = ("dataset", "noise", "test_fraction")
_NET_KEYS = ("layers", "width", "activation")
_RESTART_KEYS = ("loss",)

# The playground's history: one entry per epoch 0 … E (the schema of train.History,
# with the held-out points as its validation data).
HISTORY_KEYS = ("epoch", "loss", "accuracy", "val_loss", "val_accuracy")


class PlaygroundExplorer(Explorer):
    """Train a small MLP on 2-D points and watch it learn.

    Controls (the keyword arguments of ``update``, which takes any subset of
    them): ``dataset``, ``noise``, ``test_fraction`` (the data: new points);
    ``layers``, ``width``, ``activation`` (the architecture: a new network
    from the current seed); ``loss`` (cross-entropy or MSE on a sigmoid
    output: restarts from the same initial weights); ``lr`` η,
    ``batch_size``, ``l2`` λ and ``speed`` (epochs per Play tick: fewer when
    they take longer than ``TICK_SECONDS``), which only change the steps to
    come. ``update`` returns the state dict (below) plus ``"restarted"``; a
    value its control cannot show is refused (``widgets.base``), and so is a
    data setting whose split leaves one class to train on (the control goes
    back). The data: ``n`` generated points, or ``points=(X, y)`` or
    ``csv=path`` (``data.load_csv_points``) of ``MIN_POINTS`` to
    ``MAX_POINTS`` points within ±``MAX_COORD``.

    Methods the buttons call, usable directly: ``step(epochs)``, ``reset()``
    (back to the same initial weights, kept with ``MLP.copy``), ``new_seed()``
    (draw new initial weights) and ``export(path)`` (``network.save``). Each
    returns the state dict: ``epoch, train_loss, test_loss, train_accuracy,
    test_accuracy`` (after the last epoch trained), ``diverged``,
    ``diverged_at`` (the epoch, or None), ``sizes``, ``n_params`` and ``seed``.

    ``history`` is a ``train.History`` with one entry per epoch 0 … E:
    ``epoch``, ``loss`` and ``accuracy`` on all the training points after the
    epoch, ``val_loss`` and ``val_accuracy`` on the held-out (test) points.

    A run that diverges (the loss passes ``DIVERGE_FACTOR`` × the coin-flip
    loss, or stops being finite) is stopped and reported, never silently
    continued with NaN; ``reset`` or a lower η starts again.
    """

    image_format = "jpeg"  # a big shaded figure: JPEG encodes faster (kernel p50 78 → 52 ms)

    def __init__(
        self,
        dataset="moons",
        noise=0.1,
        test_fraction=0.25,
        layers=2,
        width=8,
        activation="tanh",
        loss="binary_cross_entropy",
        lr=0.3,
        batch_size=10,
        l2=0.0,
        speed=5,
        *,
        n=200,
        seed=0,
        data_seed=0,
        points=None,
        csv=None,
        res=60,
        interval=150,
    ):
        self.n = as_int(n, "n", MIN_POINTS, MAX_POINTS)
        self.seed, self.data_seed = as_int(seed, "seed", 0), as_int(data_seed, "data_seed", 0)
        self.res = as_int(res, "res", 2, 200)  # the shading's grid: res² points a redraw
        interval = as_int(interval, "interval", 10, 60_000)
        self.custom = None
        if csv is not None and points is not None:
            raise ValueError("give either points=(X, y) or csv=path, not both")
        if csv is not None:
            points = data.load_csv_points(csv)
        if points is not None:
            self.custom = _check_points(*points)
            dataset = "custom"
        values = dict(
            dataset=dataset,
            noise=noise,
            test_fraction=test_fraction,
            layers=layers,
            width=width,
            activation=activation,
            loss=loss,
            lr=lr,
            batch_size=batch_size,
            l2=l2,
            speed=speed,
        )
        # The controls check the values (before the figure, which would raise less clearly).
        controls = {key: self._control(key, value) for key, value in values.items()}
        self._config = None
        self.net = self.initial = self.optimizer = None
        self.diverged = None
        self.history = _new_history()
        # An epoch trained in chunks: its order of the rows, and how many are trained.
        self._epoch_order, self._epoch_done = None, 0
        self._last_tick = -math.inf
        self.last_draw_ms = None
        fig, _ = figure(*FIGSIZE, ncols=0, layout=None)  # draw_playground places the axes
        # Placeholder data for the first layout; the first update puts the real points in.
        blank = np.zeros((2, 2)), np.array([0, 1])
        self.artists = draw_playground(fig, *blank, *blank, res=self.res)

        # Everything the first draw shows exists before super().__init__ draws it.
        self.play = w.Play(
            value=0,
            min=0,
            max=10**9,
            step=1,
            interval=interval,
            description="Play",
            show_repeat=False,
        )
        self.play.observe(self._on_tick, names="value")
        self.buttons = {
            "step": w.Button(description="Step", tooltip="train one epoch", icon="step-forward"),
            "reset": w.Button(description="Reset", tooltip="same initial weights", icon="undo"),
            "new_seed": w.Button(
                description="New seed", tooltip="new initial weights", icon="random"
            ),
            "export": w.Button(
                description="Export .npz", tooltip="save W1, b1, …", icon="download"
            ),
        }
        actions = {
            "step": lambda: self.step(1),
            "reset": self._reset_clicked,
            "new_seed": self._new_seed_clicked,
            "export": self._export_clicked,
        }
        for name, action in actions.items():
            self.buttons[name].on_click(lambda _button, action=action: self._run(action))
        self.path = w.Text(
            value=DEFAULT_PATH,
            description="file",
            style=CONTROL_STYLE,
            layout=w.Layout(width="300px"),
        )
        self.status = w.HTML()
        b = self.buttons
        super().__init__(
            fig,
            controls,
            header=[w.HBox([self.play, b["step"], b["reset"], b["new_seed"]])],
            footer=[self.status, w.HBox([self.path, b["export"]])],
        )

    # --- the controls -------------------------------------------------------------------

    def _options(self, key):
        """The values a menu or choice control offers (a dict: its keys)."""
        if key == "dataset":
            return [*data.DATASETS, *(["custom"] if self.custom else [])]
        return list(_CONTROLS[key][2])

    def _control(self, key, value):
        label, kind, spec, tooltip = _CONTROLS[key]
        if kind == "float":
            return slider(label, value, *spec, tooltip=tooltip, continuous_update=False)
        if kind == "int":
            return int_slider(label, value, *spec, tooltip=tooltip, continuous_update=False)
        if kind == "menu":
            return dropdown(label, spec or self._options(key), value, tooltip)
        return choices(label, spec, value, tooltip, continuous_update=False)

    def _draw(self, **_values):
        """Apply the controls' values: new data, a new network or a restart, then redraw."""
        v = self.values()
        old = self._config or {}
        changed = {k for k in v if old.get(k) != v[k]}
        # New data first: if it is refused, nothing has changed yet.
        split = self._make_data(v) if changed & set(_DATA_KEYS) else None
        self._config = v
        full = False
        if split is not None:
            self.X_train, self.X_test, self.y_train, self.y_test = split
            full = set_playground_points(
                self.artists, self.X_train, self.y_train, self.X_test, self.y_test
            )
        if self.net is None or changed & set(_NET_KEYS):
            self._build()
        restarted = bool(changed & {*_DATA_KEYS, *_NET_KEYS, *_RESTART_KEYS})
        if restarted:
            self._restart()
        self.optimizer.lr, self.optimizer.weight_decay = float(v["lr"]), float(v["l2"])
        if restarted or split is not None:
            self.draw(full=full)
        else:  # η, batch, λ, speed: the picture is unchanged, only the equation moves
            self.equation.value = self._equation()
        return {**self._state(), "restarted": restarted}

    # --- data, network, run ---------------------------------------------------------------

    def _make_data(self, v):
        """The points for the control values ``v``: ``X_train, X_test, y_train, y_test``."""
        rng = np.random.default_rng(self.data_seed)
        if v["dataset"] == "custom":
            X, y = self.custom
        else:
            X, y = data.make(v["dataset"], self.n, v["noise"], rng=rng)
        X_train, X_test, y_train, y_test = data.train_test_split(X, y, v["test_fraction"], rng=rng)
        if len(np.unique(y_train)) < 2:  # MIN_POINTS leave 2 training points at least
            lowest = self.controls["test_fraction"].min
            advice = "add points of both classes"
            if v["test_fraction"] > lowest:
                advice = f"lower the test fraction (to {lowest:g} at least) or " + advice
            raise RefusedValue(
                f"the split leaves {X_train.shape[0]} training points (of {X.shape[0]}), all of "
                f"class {y_train[0]}: {advice}"
            )
        return X_train, X_test, y_train, y_test

    @property
    def sizes(self):
        """The widths ``[2, width, …, width, 1]`` the controls ask for."""
        v = self._config
        return [2] + [v["width"]] * v["layers"] + [1]

    def _build(self):
        """A new network from ``self.seed``; its initial weights are kept for ``reset``."""
        v = self._config
        self.initial = MLP(
            self.sizes,
            hidden=v["activation"],
            output="sigmoid",
            rng=np.random.default_rng(self.seed),
        )

    def _restart(self):
        """Back to the initial weights, epoch 0, a fresh optimizer and shuffling order."""
        v = self._config
        self.net = self.initial.copy()
        self.optimizer = SGD(v["lr"], weight_decay=v["l2"])
        self.shuffle_rng = np.random.default_rng(self.seed)
        self._epoch_order, self._epoch_done = None, 0
        self.diverged = None
        self.history = _new_history()
        self._record(0)

    def _outputs(self, X):
        """ŷ (n, 1) on ``X``, or ``None`` when it is not finite (a diverged network)."""
        try:
            with np.errstate(all="ignore"):
                y_hat = self.net.forward(X)
        except ValueError:  # a layer refused a NaN input
            return None
        return y_hat if np.all(np.isfinite(y_hat)) else None

    def _record(self, epoch, held_out=None):
        """Append ``epoch`` to the history; False (and nothing appended) if ŷ is not finite.

        The loss and accuracy on all the training points are measured after the
        epoch; those on the held-out points too, unless ``held_out`` brings them
        (``(val_loss, val_accuracy)`` from ``fit``'s own History).
        """
        loss = losses.get(self._config["loss"])
        sets = [(self.X_train, self.y_train)]
        if held_out is None:
            sets.append((self.X_test, self.y_test))
        scores = []
        for X, y in sets:
            y_hat = self._outputs(X)
            if y_hat is None:
                return False
            scores += [loss.value(y_hat, y), float(np.mean(classes(y_hat) == y))]
        for key, value in zip(HISTORY_KEYS, (epoch, *scores, *(held_out or ())), strict=True):
            self.history[key].append(value)
        return True

    def _finite(self):
        """Whether the weights, and the outputs on all the points, are finite numbers."""
        params_ok = all(np.all(np.isfinite(p)) for p in self.net.params())
        return params_ok and all(self._outputs(X) is not None for X in (self.X_train, self.X_test))

    def step(self, epochs=1):
        """Train ``epochs`` more epochs (``nnmath.train.fit``), then redraw; returns the state.

        The loss of every epoch is measured on the whole train and test sets
        after the epoch. Divergence stops the run (see the class docstring).
        An epoch a Play tick left part-trained is finished as the first of them.
        """
        self._train(as_int(epochs, "epochs", 1, MAX_EPOCHS))
        return self._trained()

    def _tick(self):
        """One Play tick: up to ``speed`` epochs, stopped once ``TICK_SECONDS`` have passed."""
        self._train(self._config["speed"], deadline=time.perf_counter() + TICK_SECONDS)
        return self._trained()

    def _trained(self):
        """After training: stop Play if the run diverged, redraw, return the state."""
        if self.diverged is not None and self.play.playing:
            self.play.playing = False
        self.draw()
        return self._state()

    def _train(self, epochs, deadline=None):
        """Train ``epochs`` more epochs, or until ``deadline`` (``time.perf_counter``) has
        passed, checked after every epoch and every chunk of one."""
        if self.diverged is not None:
            return
        v = self._config
        limit = DIVERGE_FACTOR * COIN_FLIP_LOSS[v["loss"]]
        good = [p.copy() for p in self.net.params()]  # the last finite weights

        def end_of_epoch(fitted):
            """Record the epoch ``fit`` just finished; True to stop training."""
            held_out = fitted["val_loss"][-1], fitted["val_accuracy"][-1]
            if not self._record(self.history["epoch"][-1] + 1, held_out):
                return True
            good[:] = [p.copy() for p in self.net.params()]
            if not self.history["loss"][-1] <= limit:
                self.diverged = self.history["epoch"][-1]
                return True
            return deadline is not None and time.perf_counter() >= deadline

        # Huge weights overflow on purpose here: no warnings, we check instead.
        with np.errstate(all="ignore"):
            try:
                self._fit_epochs(epochs, deadline, end_of_epoch)
            except ValueError:
                if self._finite():
                    raise
        if not self._finite():  # NaN or infinity: stop, and draw the last finite weights
            self.diverged = self.history["epoch"][-1] + 1
            for p, g in zip(self.net.params(), good, strict=True):
                p[...] = g

    def _fit_epochs(self, epochs, deadline, end_of_epoch):
        """``fit`` for ``_train``: whole epochs in one call, or an epoch of more than
        ``CHUNK_STEPS`` batches (or one already begun) chunk by chunk."""
        v = self._config
        batch = None if v["batch_size"] == "all" else v["batch_size"]
        n = self.X_train.shape[0]
        chunk_rows = CHUNK_STEPS * (batch or n)
        held_out = (self.X_test, self.y_test)
        done = 0
        while done < epochs:
            if self._epoch_order is None and n <= chunk_rows:
                fit(
                    self.net,
                    self.X_train,
                    self.y_train,
                    v["loss"],
                    self.optimizer,
                    epochs - done,
                    batch,
                    rng=self.shuffle_rng,
                    callback=lambda _epoch, fitted: end_of_epoch(fitted),
                    validation=held_out,
                    progress=False,
                )
                return
            if self._epoch_order is None:
                self._epoch_order, self._epoch_done = self.shuffle_rng.permutation(n), 0
            rows = self._epoch_order[self._epoch_done : self._epoch_done + chunk_rows]
            self._epoch_done += rows.size
            last = self._epoch_done == n
            fitted = fit(
                self.net,
                self.X_train[rows],
                self.y_train[rows],
                v["loss"],
                self.optimizer,
                1,
                batch,
                rng=self.shuffle_rng,
                validation=held_out if last else None,
                progress=False,
            )
            if last:
                self._epoch_order = None
                done += 1
                if end_of_epoch(fitted):
                    return
            elif deadline is not None and time.perf_counter() >= deadline:
                return

    def reset(self):
        """Back to the same initial weights (and shuffling order): epoch 0. Returns the state."""
        self._restart()
        self.draw()
        return self._state()

    def new_seed(self, seed=None):
        """Draw new initial weights (from ``seed``, default the current seed + 1) and start over.

        Returns the state.
        """
        self.seed = self.seed + 1 if seed is None else as_int(seed, "seed", 0)
        self._build()
        return self.reset()

    def export(self, path=None):
        """Save the weights with ``nnmath.network.save`` to ``path``; returns the path.

        ``nnmath.network.load`` rebuilds the network. ``path`` is written as given
        (code may write anywhere, as ``network.save`` does); without it the name
        in the ``file`` box is taken, and kept inside the working folder: an
        absolute path, ``~``, ``..`` out of the folder, a folder name or a name
        with control characters is refused, as the Export button does.
        """
        return network.save(self.net, _export_name(self.path.value) if path is None else path)

    # --- drawing ------------------------------------------------------------------------

    def draw(self, full=False):
        """Move the artists to the current network and history; redraw the image."""
        t0 = time.perf_counter()
        full = update_playground(self.artists, self.net, self.history) or full
        self._titles()
        self.equation.value = self._equation()
        self.redraw(full=full)
        self.last_draw_ms = 1000 * (time.perf_counter() - t0)
        self.status.value = self._status()

    def _titles(self):
        # title.set_text keeps the font size and the place of draw_playground's titles
        h = self.history
        boundary = self.artists["boundary_ax"].title
        if self.diverged is not None:
            boundary.set_text(f"diverged at epoch {self.diverged}")
            boundary.set_color(COLORS["vermillion"])
        else:
            boundary.set_text(f"epoch {h['epoch'][-1]}: test accuracy {h['val_accuracy'][-1]:.0%}")
            boundary.set_color("k")
        self.artists["loss_ax"].title.set_text(
            f"train {h['loss'][-1]:.3f}, test {h['val_loss'][-1]:.3f}"
        )

    def _equation(self):
        v = self._config
        f = activation_tex(v["activation"])
        expr = r"x"
        for i in range(1, v["layers"] + 1):
            expr = rf"{f}({expr}W_{i} + b_{i})"
        k = v["layers"] + 1
        expr = rf"\hat y = \sigma({expr}W_{k} + b_{k})"
        if v["loss"] == "mse":
            loss = r"L = \frac{1}{n}\sum (\hat y - y)^2"
        else:
            loss = r"L = -\frac{1}{n}\sum [y\log\hat y + (1-y)\log(1-\hat y)]"
        h = self.history
        sizes = " → ".join(map(str, self.sizes))
        lines = [
            rf"${expr}$ &nbsp; ({sizes}: {self.net.n_params()} parameters, seed {self.seed})",
            rf"${loss}$: train ${fmt(h['loss'][-1], 3)}$, test "
            rf"${fmt(h['val_loss'][-1], 3)}$ after epoch {h['epoch'][-1]}",
            rf"step: $W \leftarrow W - \eta\,(\partial L/\partial W + \lambda W)$ with "
            rf"$\eta = {v['lr']:g},\ \lambda = {v['l2']:g}$, batch {v['batch_size']}",
        ]
        return "<br>".join(lines)

    def _status(self):
        h = self.history
        if self.diverged is not None:
            limit = DIVERGE_FACTOR * COIN_FLIP_LOSS[self._config["loss"]]
            red = COLORS["vermillion"]
            return (
                f"<b style='color:{red}'>Diverged at epoch {self.diverged}</b>: the training "
                f"loss left the range 0 … {limit:.2f} ({DIVERGE_FACTOR:g} × a coin flip's). "
                "Training stopped. Lower the learning rate and press Reset."
            )
        status = (
            f"epoch {h['epoch'][-1]} · accuracy train {h['accuracy'][-1]:.0%}, "
            f"test {h['val_accuracy'][-1]:.0%}"
        )
        if self._epoch_order is not None:  # a big data set: Play stopped within an epoch
            part = self._epoch_done / self._epoch_order.size
            status += f" · epoch {h['epoch'][-1] + 1}: {part:.0%} of the points trained on"
        return status

    def _state(self):
        h = self.history
        return {
            "epoch": h["epoch"][-1],
            "train_loss": h["loss"][-1],
            "test_loss": h["val_loss"][-1],
            "train_accuracy": h["accuracy"][-1],
            "test_accuracy": h["val_accuracy"][-1],
            "diverged": self.diverged is not None,
            "diverged_at": self.diverged,
            "sizes": self.net.sizes,
            "n_params": self.net.n_params(),
            "seed": self.seed,
        }

    # --- buttons and Play ---------------------------------------------------------------

    def _on_tick(self, _change):
        """One Play tick (``_tick``). Ticks queued while busy are dropped."""
        if time.perf_counter() - self._last_tick < 0.3 * self.play.interval / 1000:
            return
        self._run(self._tick)
        self._last_tick = time.perf_counter()

    def _reset_clicked(self):
        self.play.playing = False
        return self.reset()

    def _new_seed_clicked(self):
        self.play.playing = False
        return self.new_seed()

    def _export_clicked(self):
        """The Export button: the text box's name, kept inside the working folder."""
        path = _export_name(self.path.value)
        replaced = os.path.exists(path)
        try:
            self.export(path)
        except OSError as error:  # a name too long, a folder we may not write, a full disk
            raise RefusedValue(f"could not write {path}: {error.strerror}") from None
        verb = "replaced" if replaced else "saved the weights to"
        self.status.value = f"{verb} <code>{html.escape(path)}</code> (in the working folder)"
        return self.state


def _new_history():
    return History({key: [] for key in HISTORY_KEYS})


def _check_points(X, y):
    """Custom points as ``(X, y)``: X (n, 2) finite and within ±MAX_COORD, y of 0s and 1s,
    MIN_POINTS ≤ n ≤ MAX_POINTS, both classes present."""
    X = as_matrix(X, "points X")
    if X.shape[1] != 2:
        raise ValueError(f"points X must have shape (n, 2), got {X.shape}")
    n = X.shape[0]
    if not MIN_POINTS <= n <= MAX_POINTS:
        raise ValueError(
            f"the playground takes {MIN_POINTS} to {MAX_POINTS:,} points (every test fraction "
            f"up to 0.9 must leave 2 to train on, and an epoch must stay short), got {n:,}"
        )
    if np.abs(X).max() > MAX_COORD:
        raise ValueError(
            f"points X must lie within ±{MAX_COORD:g} (rescale them), "
            f"got a coordinate of {np.abs(X).max():g}"
        )
    y = as_float_array(y, "labels y")
    if y.shape != (n,):
        raise ValueError(f"labels y must have shape ({n},), got {y.shape}")
    if not np.all((y == 0) | (y == 1)) or len(np.unique(y)) < 2:
        raise ValueError("labels y must be 0 or 1, with both classes present")
    return X, y.astype(np.int64)


def _export_name(name):
    """The text box's file name as a path inside the working folder, relative to it, with
    ``.npz`` added; a ``RefusedValue`` (one line) for a name that would leave the folder."""
    example = f"e.g. {DEFAULT_PATH}"
    name = name.strip()
    if not name:
        raise RefusedValue(f"give a file name, {example}")
    if not name.isprintable():  # newlines, NUL, other control characters
        raise RefusedValue(f"the file name must be one line of printable characters, {example}")
    if name.startswith("~") or os.path.isabs(name):
        raise RefusedValue(f"give a file name inside the working folder ({example}), not {name!r}")
    if not name.endswith(".npz"):
        name += ".npz"
    if os.path.basename(name) in (".npz", "..npz", "...npz"):  # "build/", "build/.", "build/.."
        raise RefusedValue(f"the file name names a folder; add a name, {example}")
    root = os.path.realpath(os.getcwd())
    path = os.path.realpath(os.path.join(root, name))  # symbolic links and .. resolved
    if os.path.commonpath([root, path]) != root:
        raise RefusedValue(f"the file would leave the working folder: {name!r} resolves outside it")
    if os.path.isdir(path):
        raise RefusedValue(f"{os.path.relpath(path, root)!r} is a folder, not a file name")
    return os.path.relpath(path, root)


def playground_explorer(*args, **kwargs):
    """The lesson 09 playground: ``PlaygroundExplorer(*args, **kwargs)``."""
    return PlaygroundExplorer(*args, **kwargs)
