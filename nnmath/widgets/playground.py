"""Lesson 09: a TensorFlow-Playground-like trainer built on ``nnmath.train.fit``.

Pick a data set, the architecture and the hyper-parameters, then Play: an
``ipywidgets.Play`` in the browser ticks every ``interval`` ms and each tick
trains ``speed`` epochs and redraws. The kernel never runs a long loop, so it
stays responsive (Pause, sliders, other cells) while the network trains.
"""

import math
import os
import time

import ipywidgets as w
import numpy as np

from .. import data as data_
from .. import losses as losses_
from ..layers import Dense
from ..network import MLP
from ..optim import SGD
from ..plots.base import COLORS
from ..plots.playground import (
    FIGSIZE,
    draw_playground,
    set_playground_points,
    update_playground,
)
from ..train import fit
from .base import Explorer, fmt

__all__ = [
    "ACTIVATION_CHOICES",
    "BATCH_CHOICES",
    "L2_CHOICES",
    "LOSS_CHOICES",
    "LR_CHOICES",
    "PlaygroundExplorer",
    "load_playground_weights",
    "playground_explorer",
]

LR_CHOICES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
L2_CHOICES = (0.0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1)
BATCH_CHOICES = (1, 2, 5, 10, 20, 50, "all")
ACTIVATION_CHOICES = ("tanh", "relu", "sigmoid", "identity")
LOSS_CHOICES = {"binary_cross_entropy": "cross-entropy", "mse": "MSE"}
MAX_LAYERS, MAX_WIDTH = 4, 8
DEFAULT_PATH = os.path.join("build", "playground_weights.npz")

# A run has diverged when its training loss is this many times the loss of the
# coin-flip guess ŷ = 0.5 (ln 2 for cross-entropy, 0.25 for MSE), or not finite.
DIVERGE_FACTOR = 2.0
COIN_FLIP_LOSS = {"binary_cross_entropy": math.log(2.0), "mse": 0.25}
_STYLE = {"description_width": "initial"}
_LAYOUT = {"width": "320px"}

# Which controls start the run over (new data / new network) and which only
# change how the next steps are taken.
_DATA_KEYS = ("dataset", "noise", "test_fraction")
_NET_KEYS = ("layers", "width", "activation")
_RESTART_KEYS = ("loss",)


def _slider(cls, description, value, lo, hi, step):
    """A slider that fires when released: most of these controls restart training."""
    return cls(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        continuous_update=False,
        style=_STYLE,
        layout=_LAYOUT,
    )


def _dropdown(description, options, value):
    return w.Dropdown(
        options=list(options), value=value, description=description, style=_STYLE, layout=_LAYOUT
    )


def _selection(description, options, value, tooltip=None):
    """A slider over fixed choices (like TensorFlow Playground's menus)."""
    return w.SelectionSlider(
        options=[(v if isinstance(v, str) else f"{v:g}", v) for v in options],
        value=value,
        description=description,
        tooltip=tooltip,
        continuous_update=False,
        style=_STYLE,
        layout=_LAYOUT,
    )


class PlaygroundExplorer(Explorer):
    """Train a small MLP on 2-D points and watch it learn.

    Controls (the keyword arguments of ``update``): ``dataset``, ``noise``,
    ``test_fraction`` (the data); ``layers``, ``width``, ``activation`` (the
    architecture: changing one builds a new network from the current seed);
    ``loss`` (cross-entropy or MSE on a sigmoid output: changing it restarts
    from the same initial weights); ``lr`` η, ``batch_size``, ``l2`` λ and
    ``speed`` (epochs per Play tick), which only change the steps to come.

    Methods the buttons call, usable directly: ``step(epochs)``, ``reset()``
    (back to the same initial weights, kept with ``MLP.copy``), ``new_seed()``
    (draw new initial weights) and ``export(path)`` (the weights as ``.npz``).
    Each returns the state dict: ``epoch, train_loss, test_loss,
    train_accuracy, test_accuracy`` (after the last epoch trained),
    ``diverged``, ``diverged_at`` (the epoch, or None), ``sizes``,
    ``n_params`` and ``seed``.

    A run that diverges (the loss passes ``DIVERGE_FACTOR`` × the coin-flip
    loss, or stops being finite) is stopped and reported, never silently
    continued with NaN; ``reset`` or a lower η starts again.
    """

    sync_controls = False  # update checks the values, then moves the controls itself
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
        self.n, self.seed, self.data_seed, self.res = int(n), int(seed), int(data_seed), res
        self.custom = None
        if csv is not None and points is not None:
            raise ValueError("give either points=(X, y) or csv=path, not both")
        if csv is not None:
            points = data_.load_csv_points(csv)
        if points is not None:
            self.custom = _check_points(*points)
            dataset = "custom"
        datasets = list(data_.DATASETS) + (["custom"] if self.custom else [])
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
        self._validate(values)  # before the widgets, which would raise less clearly
        self._syncing = False
        self._config = None
        self.net = self.initial = self.optimizer = None
        self.diverged = None
        self.history = _empty_history()
        self._last_tick = -math.inf
        self.throttle = True
        self.last_draw_ms = None
        self.fig, _ = _blank_figure()
        # Placeholder data for the first layout; update() puts the real points in.
        blank = np.zeros((2, 2)), np.array([0, 1])
        self.artists = draw_playground(self.fig, *blank, *blank, res=res)
        controls = {
            "dataset": _dropdown("data", datasets, dataset),
            "noise": _slider(w.FloatSlider, "noise", noise, 0.0, 0.5, 0.05),
            "test_fraction": _slider(w.FloatSlider, "test fraction", test_fraction, 0.1, 0.9, 0.05),
            "layers": _slider(w.IntSlider, "hidden layers", layers, 0, MAX_LAYERS, 1),
            "width": _slider(w.IntSlider, "units per layer", width, 1, MAX_WIDTH, 1),
            "activation": _dropdown("activation f", ACTIVATION_CHOICES, activation),
            "loss": _dropdown("loss L", [(v, k) for k, v in LOSS_CHOICES.items()], loss),
            "lr": _selection("learning rate η", LR_CHOICES, lr),
            "batch_size": _selection("batch size", BATCH_CHOICES, batch_size),
            "l2": _selection("L2 λ", L2_CHOICES, l2, "L2 penalty λ on the weights"),
            "speed": _slider(w.IntSlider, "epochs per tick", speed, 1, 20, 1),
        }
        super().__init__(self.fig, controls)
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
        buttons = {
            "step": w.Button(description="Step", tooltip="train one epoch", icon="step-forward"),
            "reset": w.Button(description="Reset", tooltip="same initial weights", icon="undo"),
            "new_seed": w.Button(
                description="New seed", tooltip="new initial weights", icon="random"
            ),
            "export": w.Button(
                description="Export .npz", tooltip="save W1, b1, …", icon="download"
            ),
        }
        self.buttons = buttons
        self.path = w.Text(
            value=DEFAULT_PATH, description="file", style=_STYLE, layout=w.Layout(width="300px")
        )
        self.status = w.HTML()
        buttons["step"].on_click(lambda _b: self._guarded(self.step, 1))
        buttons["reset"].on_click(lambda _b: self._guarded(self._reset_clicked))
        buttons["new_seed"].on_click(lambda _b: self._guarded(self._new_seed_clicked))
        buttons["export"].on_click(lambda _b: self._guarded(self._export_clicked))
        panel = w.VBox(list(self.controls.values()), layout=w.Layout(min_width="340px"))
        row = w.HBox([self.play, buttons["step"], buttons["reset"], buttons["new_seed"]])
        save = w.HBox([self.path, buttons["export"]])
        self.widget = w.VBox(
            [row, w.HBox([panel, self.image]), self.equation, self.status, save, self.errors],
            layout=w.Layout(border="1px solid #ddd", padding="6px"),
        )
        self._set_status()

    # --- the controls -------------------------------------------------------------------

    def _validate(self, v):
        """Raise a ValueError naming the first control value out of range."""
        datasets = list(data_.DATASETS) + (["custom"] if self.custom else [])
        if v["dataset"] not in datasets:
            raise ValueError(f"unknown data set {v['dataset']!r}; choose one of {datasets}")
        if not 0.0 <= v["noise"] <= 0.5:
            raise ValueError(f"noise must be in [0, 0.5], got {v['noise']!r}")
        if not 0.1 <= v["test_fraction"] <= 0.9:
            raise ValueError(f"test_fraction must be in [0.1, 0.9], got {v['test_fraction']!r}")
        for key, lo, hi in (("layers", 0, MAX_LAYERS), ("width", 1, MAX_WIDTH), ("speed", 1, 20)):
            val = v[key]
            if not (isinstance(val, (int, np.integer)) and lo <= val <= hi):
                raise ValueError(f"{key} must be an int in {lo} … {hi}, got {val!r}")
        for key, options in (
            ("activation", ACTIVATION_CHOICES),
            ("loss", tuple(LOSS_CHOICES)),
            ("lr", LR_CHOICES),
            ("batch_size", BATCH_CHOICES),
            ("l2", L2_CHOICES),
        ):
            if v[key] not in options:
                raise ValueError(f"{key} must be one of {list(options)}, got {v[key]!r}")

    def _on_change(self, change):
        if not self._syncing:
            super()._on_change(change)

    def update(self, **values):
        """Apply control values (any subset; the controls follow) and redraw.

        Data controls draw new points, architecture controls build a new
        network from the current seed, the loss restarts the run; ``lr``,
        ``batch_size``, ``l2`` and ``speed`` apply to the next steps. Returns
        the state dict (see the class docstring) plus ``"restarted"``.
        """
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown controls {sorted(unknown)}; use {list(self.controls)}")
        v = {**self.values(), **values}
        self._validate(v)
        old = self._config or {}
        changed = {k for k in v if old.get(k) != v[k]}
        # New data first: if it is refused, nothing has changed yet.
        split = self._make_data(v) if changed & set(_DATA_KEYS) else None
        self._syncing = True
        try:
            for key, val in values.items():
                if self.controls[key].value != val:
                    self.controls[key].value = val
        finally:
            self._syncing = False
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
            X, y = data_.make(v["dataset"], self.n, v["noise"], rng=rng)
        X_train, X_test, y_train, y_test = data_.train_test_split(X, y, v["test_fraction"], rng=rng)
        if X_train.shape[0] < 2 or len(np.unique(y_train)) < 2:
            raise ValueError(
                f"only {X_train.shape[0]} training points (of {X.shape[0]}) with classes "
                f"{np.unique(y_train).tolist()}: lower test_fraction or add points"
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
        self.diverged = None
        self.history = _empty_history()
        self._record(0)

    def _outputs(self, X):
        """ŷ (n,) on ``X``, or ``None`` when it is not finite (a diverged network)."""
        try:
            with np.errstate(all="ignore"):
                y_hat = self.net.forward(X)[:, 0]
        except ValueError:  # a layer refused a NaN input
            return None
        return y_hat if np.all(np.isfinite(y_hat)) else None

    def _record(self, epoch):
        """Score the network on the whole train and test sets; False if it is not finite."""
        loss = losses_.get(self._config["loss"])
        scores = []
        for X, y in ((self.X_train, self.y_train), (self.X_test, self.y_test)):
            y_hat = self._outputs(X)
            if y_hat is None:
                return False
            # ŷ > 0.5 says class 1 (nnmath.train.accuracy, without a second forward pass)
            scores.append((loss.value(y_hat[:, None], y), float(np.mean((y_hat > 0.5) == y))))
        (train_loss, train_acc), (test_loss, test_acc) = scores
        h = self.history
        for key, value in zip(
            _HISTORY_KEYS, (epoch, train_loss, test_loss, train_acc, test_acc), strict=True
        ):
            h[key].append(value)
        return True

    def _finite(self):
        """Whether the weights, and the outputs on the training points, are finite numbers."""
        params_ok = all(np.all(np.isfinite(p)) for p in self.net.params())
        return params_ok and self._outputs(self.X_train) is not None

    def step(self, epochs=1):
        """Train ``epochs`` more epochs (``nnmath.train.fit``), then redraw; returns the state.

        The loss of every epoch is measured on the whole train and test sets
        after the epoch. Divergence stops the run (see the class docstring).
        """
        if not (isinstance(epochs, (int, np.integer)) and epochs >= 1):
            raise ValueError(f"epochs must be an int ≥ 1, got {epochs!r}")
        if self.diverged is None:
            v = self._config
            limit = DIVERGE_FACTOR * COIN_FLIP_LOSS[v["loss"]]
            start = self.history["epoch"][-1]
            good = [p.copy() for p in self.net.params()]  # the last finite weights

            def callback(epoch, _history):
                if not self._record(start + epoch + 1):
                    return True
                good[:] = [p.copy() for p in self.net.params()]
                if not self.history["train_loss"][-1] <= limit:
                    self.diverged = self.history["epoch"][-1]
                    return True
                return False

            batch = None if v["batch_size"] == "all" else v["batch_size"]
            # Huge weights overflow on purpose here: no warnings, we check instead.
            with np.errstate(all="ignore"):
                try:
                    fit(
                        self.net,
                        self.X_train,
                        self.y_train,
                        v["loss"],
                        self.optimizer,
                        int(epochs),
                        batch,
                        rng=self.shuffle_rng,
                        callback=callback,
                        progress=False,
                    )
                except ValueError:
                    if self._finite():
                        raise
            if not self._finite():  # NaN or infinity: stop, and draw the last finite weights
                self.diverged = self.history["epoch"][-1] + 1
                for p, g in zip(self.net.params(), good, strict=True):
                    p[...] = g
        if self.diverged is not None and self.play.playing:
            self.play.playing = False
        self.draw()
        return self._state()

    def reset(self):
        """Back to the same initial weights (and shuffling order): epoch 0. Returns the state."""
        self._restart()
        self.draw()
        return self._state()

    def new_seed(self, seed=None):
        """Draw new initial weights (from ``seed``, default the current seed + 1) and start over.

        Returns the state.
        """
        if seed is not None and not (isinstance(seed, (int, np.integer)) and seed >= 0):
            raise ValueError(f"seed must be an int ≥ 0, got {seed!r}")
        self.seed = self.seed + 1 if seed is None else int(seed)
        self._build()
        return self.reset()

    def export(self, path=None):
        """Write the weights to ``path`` (default the ``file`` box) as ``.npz``; returns the path.

        Keys ``W1, b1, …, WL, bL`` (``Wl`` of shape (n_in, n_out)), plus
        ``sizes`` and ``activations`` to rebuild the network with
        ``load_playground_weights``. Missing folders are created.
        """
        path = os.fspath(path if path is not None else self.path.value).strip()
        if not path:
            raise ValueError("give a file name, e.g. build/playground_weights.npz")
        if not path.endswith(".npz"):
            path += ".npz"
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        arrays = {}
        for i, layer in enumerate(self.net.layers, start=1):
            arrays[f"W{i}"], arrays[f"b{i}"] = layer.W, layer.b
        np.savez(
            path,
            **arrays,
            sizes=np.array(self.net.sizes),
            activations=np.array([layer.activation for layer in self.net.layers]),
        )
        return path

    # --- drawing ------------------------------------------------------------------------

    def draw(self, full=False):
        """Move the artists to the current network and history; redraw the image."""
        t0 = time.perf_counter()
        full = update_playground(self.artists, self.net, self.history) or full
        self._titles()
        self.equation.value = self._equation()
        self.redraw(full=full)
        self.last_draw_ms = 1000 * (time.perf_counter() - t0)
        if hasattr(self, "status"):
            self._set_status()

    def _titles(self):
        # title.set_text keeps the font size and the place of draw_playground's titles
        h = self.history
        boundary = self.artists["boundary_ax"].title
        if self.diverged is not None:
            boundary.set_text(f"diverged at epoch {self.diverged}")
            boundary.set_color(COLORS["vermillion"])
        else:
            boundary.set_text(f"epoch {h['epoch'][-1]}: test accuracy {h['test_accuracy'][-1]:.0%}")
            boundary.set_color("k")
        self.artists["loss_ax"].title.set_text(
            f"train {h['train_loss'][-1]:.3f}, test {h['test_loss'][-1]:.3f}"
        )

    def _equation(self):
        v = self._config
        f = v["activation"]
        expr = r"x"
        for i in range(1, v["layers"] + 1):
            expr = rf"\mathrm{{{f}}}({expr}W_{i} + b_{i})"
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
            rf"${loss}$: train ${fmt(h['train_loss'][-1], 3)}$, test "
            rf"${fmt(h['test_loss'][-1], 3)}$ after epoch {h['epoch'][-1]}",
            rf"step: $W \leftarrow W - \eta\,(\partial L/\partial W + \lambda W)$ with "
            rf"$\eta = {v['lr']:g},\ \lambda = {v['l2']:g}$, batch {v['batch_size']}",
        ]
        return "<br>".join(lines)

    def _set_status(self):
        h = self.history
        if self.diverged is not None:
            limit = DIVERGE_FACTOR * COIN_FLIP_LOSS[self._config["loss"]]
            red = COLORS["vermillion"]
            text = (
                f"<b style='color:{red}'>Diverged at epoch {self.diverged}</b>: the training "
                f"loss left the range 0 … {limit:.2f} ({DIVERGE_FACTOR:g} × a coin flip's). "
                "Training stopped. Lower the learning rate and press Reset."
            )
        else:
            text = (
                f"epoch {h['epoch'][-1]} · accuracy train {h['train_accuracy'][-1]:.0%}, "
                f"test {h['test_accuracy'][-1]:.0%}"
            )
        self.status.value = text

    def _state(self):
        h = self.history
        return {
            "epoch": h["epoch"][-1],
            "train_loss": h["train_loss"][-1],
            "test_loss": h["test_loss"][-1],
            "train_accuracy": h["train_accuracy"][-1],
            "test_accuracy": h["test_accuracy"][-1],
            "diverged": self.diverged is not None,
            "diverged_at": self.diverged,
            "sizes": self.net.sizes,
            "n_params": self.net.n_params(),
            "seed": self.seed,
        }

    # --- buttons and Play ---------------------------------------------------------------

    def _guarded(self, fn, *args):
        self.errors.outputs = ()
        with self.errors:
            try:
                self.state = fn(*args)
            except Exception:
                import traceback

                self.errors.append_stderr(traceback.format_exc())

    def _on_tick(self, _change):
        """One Play tick: train ``speed`` epochs. Ticks queued while busy are dropped."""
        now = time.perf_counter()
        if self.throttle and now - self._last_tick < 0.3 * self.play.interval / 1000:
            return
        self._guarded(self.step, int(self._config["speed"]))
        self._last_tick = time.perf_counter()

    def _reset_clicked(self):
        self.play.playing = False
        return self.reset()

    def _new_seed_clicked(self):
        self.play.playing = False
        return self.new_seed()

    def _export_clicked(self):
        path = self.export()
        self.status.value = f"saved the weights to <code>{os.path.abspath(path)}</code>"
        return self.state


_HISTORY_KEYS = ("epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy")


def _empty_history():
    return {k: [] for k in _HISTORY_KEYS}


def _blank_figure():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=FIGSIZE)
    FigureCanvasAgg(fig)
    return fig, None


def _check_points(X, y):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"points X must have shape (n, 2), got {X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(f"labels y must have shape ({X.shape[0]},), got {y.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError("points X contain NaN or infinity")
    if not np.all(np.isin(y, (0, 1))) or len(np.unique(y)) < 2:
        raise ValueError("labels y must be 0 or 1, with both classes present")
    return X, y.astype(np.int64)


def load_playground_weights(path):
    """Rebuild the network saved by ``PlaygroundExplorer.export`` as an ``MLP``.

    Introduced in lesson 09.
    """
    with np.load(path) as f:
        acts = [str(a) for a in f["activations"]]
        layers = [
            Dense.from_weights(f[f"W{i}"], f[f"b{i}"], act) for i, act in enumerate(acts, start=1)
        ]
    return MLP.from_layers(layers)


def playground_explorer(dataset="moons", **kwargs):
    """Build the lesson 09 playground (see ``PlaygroundExplorer`` for the options)."""
    return PlaygroundExplorer(dataset, **kwargs)
