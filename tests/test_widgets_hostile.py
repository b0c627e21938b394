"""Every widget against hostile input: one table (the controls) checks every value.

For each explorer the bad values are built from its own controls (below a
slider's min, above its max, NaN, ±inf, a fraction for a count, a string,
None, a bool, an unknown option), so a new control or a new explorer is
covered as soon as it has an entry in ``FACTORIES``.
"""

import math
import re
import time
import types

import ipywidgets as ipw
import numpy as np
import pytest
from _helpers import tiny_cnn

from nnmath import MLP, text, widgets
from nnmath.widgets import playground as playground_module
from nnmath.widgets.base import Explorer, Refused


def _points():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(30, 2))
    return X, (X[:, 0] + X[:, 1] > 0).astype(int)


def _word_setup():
    vocab = text.Vocabulary.from_text("the cat sat on the mat\n")
    net = text.char_model(len(vocab), context=2, dim=2, hidden=8, rng=np.random.default_rng(7))
    return net, vocab


def _cubic(x):
    return x**3


def _cubic_prime(x):
    return 3 * x**2


def _xor_points():
    # Four clusters, class 1 where x₁x₂ < 0 (lesson 04's XOR).
    rng = np.random.default_rng(4)
    centres = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    X = np.repeat(centres, 5, axis=0) + rng.uniform(-0.4, 0.4, size=(20, 2))
    return X, (X[:, 0] * X[:, 1] < 0).astype(float)


def _ink_images():
    # Twelve 8 × 8 "digits" of ink 0 … 1, as lesson 13 feeds them (ink / 16), and labels.
    rng = np.random.default_rng(6)
    return rng.integers(0, 17, size=(12, 64)) / 16, np.arange(12) % 10


# One entry per explorer class (two for the loss explorer's two losses): how to build it.
FACTORIES = {
    "optimiser_race": lambda: widgets.optimiser_race(steps=20),
    "kernel": lambda: widgets.kernel_explorer(*_ink_images()),
    "feature_map": lambda: widgets.feature_map_explorer(tiny_cnn(), *_ink_images()),
    "dot_product": lambda: widgets.dot_product_explorer(),
    "neuron": lambda: widgets.neuron_explorer(*_points()),
    "activation": lambda: widgets.activation_explorer(),
    "layer": lambda: widgets.layer_explorer(),
    "bump": lambda: widgets.bump_explorer(np.sin, 0, 3),
    "depth": lambda: widgets.depth_explorer(),
    "triangle": lambda: widgets.triangle_explorer(),
    "untangle": lambda: widgets.untangle_explorer(*_xor_points()),
    "loss_mse": lambda: widgets.loss_explorer(*_points()[0].T),
    "loss_bce": lambda: widgets.loss_explorer(
        _points()[0][:, 0], _points()[1], loss="binary_cross_entropy", activation="sigmoid"
    ),
    "descent": lambda: widgets.descent_explorer(),
    "derivative": lambda: widgets.derivative_explorer(_cubic, _cubic_prime),
    "chain_rule": lambda: widgets.chain_rule_explorer(),
    "gradient_flow": lambda: widgets.gradient_flow_explorer(),
    "digit": lambda: widgets.digit_explorer(
        MLP([64, 12, 10], hidden="tanh", output="softmax", rng=0)
    ),
    "word": lambda: widgets.word_explorer(*_word_setup()),
    "playground": lambda: widgets.playground_explorer(layers=1, width=3, res=12),
}


@pytest.fixture(scope="module")
def built():
    """Each explorer built once; the tests that change one put a valid value back."""
    return {}


def _explorer(built, name):
    if name not in built:
        built[name] = FACTORIES[name]()
    return built[name]


def test_every_explorer_class_has_an_entry(built):
    classes = {
        obj
        for obj in vars(widgets).values()
        if isinstance(obj, type) and issubclass(obj, Explorer) and obj is not Explorer
    }
    assert {type(_explorer(built, name)) for name in FACTORIES} == classes


def _bad_values(control):
    """(value, exception type) pairs the control refuses."""
    nan, inf = float("nan"), float("inf")
    if isinstance(control, ipw.FloatLogSlider):
        lo, hi = control.base**control.min, control.base**control.max
        numbers = [lo / 2, hi * 2, -1.0, 0.0]
    elif isinstance(control, (ipw.FloatSlider, ipw.IntSlider)):
        lo, hi = control.min, control.max
        numbers = [lo - 1, hi + 1, 10**6, -(10**6)]
    if isinstance(control, (ipw.FloatSlider, ipw.FloatLogSlider, ipw.IntSlider)):
        bad = [(v, ValueError) for v in [*numbers, nan, inf, -inf]]
        bad += [(v, TypeError) for v in ("3", "abc", None, True, [lo], 1j)]
        if isinstance(control, ipw.IntSlider):
            bad += [(lo + 0.5, ValueError), (np.float64(hi - 0.5), ValueError)]
        return bad
    return [(v, ValueError) for v in ("no such option", None, nan, 10**6, True, b"x", ())]


def _valid_values(control):
    """Values at the edges of what the control takes, and as NumPy scalars."""
    if isinstance(control, ipw.FloatLogSlider):
        lo, hi = control.base**control.min, control.base**control.max
        return [lo, hi, np.float64(1e-2)]
    if isinstance(control, ipw.FloatSlider):
        return [control.min, control.max, np.float64((control.min + control.max) / 2)]
    if isinstance(control, ipw.IntSlider):
        return [control.min, control.max, np.int64(control.min)]
    return list(control._options_values)


def _snapshot(e):
    return e.values(), e.image.value, e.equation.value, e.state


@pytest.mark.parametrize("name", FACTORIES)
def test_update_refuses_every_bad_value_and_changes_nothing(built, name):
    e = _explorer(built, name)
    for key, control in e.controls.items():
        for value, error in _bad_values(control):
            values, png, equation, state = _snapshot(e)
            t0 = time.perf_counter()
            with pytest.raises(error, match=rf"^{key} must be ") as info:
                e.update(**{key: value})
            assert time.perf_counter() - t0 < 1.0, (key, value)  # refused before any work
            assert isinstance(info.value, Refused)
            assert "\n" not in str(info.value)  # one line
            assert e.values() == values and e.image.value == png, (key, value)
            assert e.equation.value == equation and e.state is state, (key, value)


@pytest.mark.parametrize("name", FACTORIES)
def test_unknown_names_are_refused(built, name):
    e = _explorer(built, name)
    with pytest.raises(TypeError, match=r"unknown names \['nope'\]; it takes \["):
        e.update(nope=1)


@pytest.mark.parametrize("name", FACTORIES)
def test_valid_extremes_are_drawn_and_shown_on_the_controls(built, name):
    # Warnings are errors here (pytest's filterwarnings): an extreme must draw cleanly.
    e = _explorer(built, name)
    start = e.values()
    for key, control in e.controls.items():
        for value in _valid_values(control):
            state = e.update(**{key: value})
            assert state is e.state and control.value == value, (key, value)
            png = e.image.value
            e.update(**e.values())  # drawn again from what the controls show: the same picture
            assert e.image.value == png, (key, value)
        e.update(**{key: start[key]})  # back, so the next control's edges are its own
    assert e.values() == start


# The explorers whose controls are all whole numbers or choices: no slider can be typed to NaN.
NO_FLOAT_SLIDER = {"depth", "gradient_flow", "digit", "feature_map"}


def _float_sliders(e):
    return [
        k for k, c in e.controls.items() if isinstance(c, (ipw.FloatSlider, ipw.FloatLogSlider))
    ]


def test_the_explorers_without_a_float_slider_are_the_listed_ones(built):
    assert {name for name in FACTORIES if not _float_sliders(_explorer(built, name))} == (
        NO_FLOAT_SLIDER
    )


@pytest.mark.parametrize("name", [name for name in FACTORIES if name not in NO_FLOAT_SLIDER])
def test_a_nan_typed_into_a_slider_is_one_line_and_the_slider_goes_back(built, name):
    e = _explorer(built, name)
    for key in _float_sliders(e):
        control = e.controls[key]
        before, state, png = control.value, e.state, e.image.value
        control.value = float("nan")  # ipywidgets takes it (a slider typed to "nan")
        [output] = e.errors.outputs
        assert output["name"] == "stderr"
        assert output["text"].startswith(f"✗ {key} must be a finite number in [")
        assert output["text"].endswith(", got nan\n") and output["text"].count("\n") == 1
        assert control.value == before and e.state is state and e.image.value == png
        # The next move works and clears the message.
        control.value = control.min if before != control.min else control.max
        assert e.errors.outputs == () and e.state is not state
        control.value = before


def test_a_bug_in_our_code_still_shows_its_traceback(built, monkeypatch):
    e = _explorer(built, "activation")

    def broken(**_values):
        return 1 / 0

    monkeypatch.setattr(e, "_draw", broken)
    before = e.controls["z"].value
    e.controls["z"].value = 2.0
    [output] = e.errors.outputs
    assert output["text"].startswith("Traceback (most recent call last)")
    assert "ZeroDivisionError: division by zero" in output["text"]
    assert e.controls["z"].value == before  # the controls still show the picture's values
    monkeypatch.undo()
    e.controls["z"].value = 2.0
    assert e.errors.outputs == () and e.state["z"] == 2.0


# The review's reproducers (defect 8): refused at once, and the widget works afterwards.
REPRODUCERS = [
    ("activation", {"activation": "sigmoid", "z": 100.0}, ValueError),
    ("activation", {"z": float("nan")}, ValueError),
    ("dot_product", {"angle": 1e6}, ValueError),
    ("neuron", {"w1": 1e6}, ValueError),
    ("descent", {"lr": 50.0}, ValueError),
    ("optimiser_race", {"lr": 50.0}, ValueError),
    ("optimiser_race", {"steps": 10**6}, ValueError),
    ("optimiser_race", {"surface": "bowl"}, ValueError),
    ("word", {"temperature": 1e-9}, ValueError),
    ("depth", {"depth": 4000}, ValueError),
    ("depth", {"depth": 10**6}, ValueError),
    ("depth", {"depth": "3"}, TypeError),
    ("gradient_flow", {"depth": 10**6, "activation": "sigmoid", "init": "xavier"}, ValueError),
    ("descent", {"steps": 10**6}, ValueError),
    ("descent", {"steps": 2.5}, ValueError),
    ("bump", {"bumps": 10**6, "kind": "sigmoid", "sharpness": 10.0}, ValueError),
    ("digit", {"image": 10**6}, ValueError),
    ("digit", {"image": 2.5}, ValueError),
    ("digit", {"image": 0, "pixels": "abc"}, TypeError),
    ("digit", {"image": 0, "pixels": np.full(64, np.nan)}, ValueError),
    ("word", {"token": None}, ValueError),
    ("playground", {"noise": "abc"}, TypeError),
    ("kernel", {"preset": "emboss"}, ValueError),
    ("kernel", {"padding": 2}, ValueError),
    ("kernel", {"padding": 0, "y": 7}, ValueError),
    ("kernel", {"preset": "blur", "k11": 5.0}, ValueError),
    ("kernel", {"k00": float("nan"), "preset": "custom"}, ValueError),
    ("feature_map", {"index": 12}, ValueError),
]


@pytest.mark.parametrize(("name", "values", "error"), REPRODUCERS)
def test_the_reviews_reproducers_are_refused_and_the_widget_keeps_working(
    built, name, values, error
):
    e = _explorer(built, name)
    start = e.values()
    t0 = time.perf_counter()
    with pytest.raises(error):
        e.update(**values)
    assert time.perf_counter() - t0 < 1.0
    assert e.values() == start
    key, control = next(iter(e.controls.items()))
    other = _valid_values(control)[1]
    assert e.update(**{key: other}) is e.state and control.value == other
    e.update(**start)


# --- text the learner typed, shown as HTML --------------------------------------------------


def test_a_function_name_is_escaped_in_the_equation():
    e = widgets.derivative_explorer(_cubic, _cubic_prime, name="<b>g")
    assert "&lt;b&gt;g" in e.equation.value and "<b>g" not in e.equation.value
    with pytest.raises(ValueError, match="name must be a short printable name"):
        widgets.derivative_explorer(_cubic, _cubic_prime, name="a\nb")


def test_a_token_is_escaped_in_the_equation():
    vocab = text.Vocabulary.from_text("<a&b> <b&a> <<>>\n")
    net = text.char_model(len(vocab), context=2, dim=2, hidden=8, rng=np.random.default_rng(1))
    e = widgets.word_explorer(net, vocab, prompt="<a", token="<")
    assert r"\text{&lt;}" in e.equation.value
    assert r"\text{<}" not in e.equation.value and r"\text{\&}" not in e.equation.value


# --- the playground's export box --------------------------------------------------------------


@pytest.fixture
def exporter(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return widgets.playground_explorer(layers=1, width=3, res=12), work


def _export(pg, name):
    pg.path.value = name
    pg.buttons["export"].click()
    return pg.errors.outputs


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../escape/evil", r"would leave the working folder: '\.\./escape/evil\.npz'"),
        ("sub/../../evil", "would leave the working folder"),
        ("/tmp/evil", "inside the working folder"),
        ("~/evil", "inside the working folder"),
        ("a\nb", "one line of printable characters"),
        ("a\x00b", "one line of printable characters"),
        ("", "give a file name"),
        ("   ", "give a file name"),
        ("build/", "names a folder"),
        ("build/.", "names a folder"),
        ("..", "names a folder"),
        ("x" * 300, r"could not write x+\.npz: File name too long"),
    ],
)
def test_export_names_outside_the_folder_are_refused_in_one_line(exporter, name, message):
    pg, work = exporter
    status = pg.status.value
    [output] = _export(pg, name)
    assert output["text"].startswith("✗ ") and output["text"].count("\n") == 1
    assert re.search(message, output["text"])
    assert pg.status.value == status  # nothing claims a file was saved
    assert sorted(p.name for p in work.parent.iterdir()) == ["work"]  # nothing written outside
    assert list(work.rglob("*.npz")) == []


def test_export_refuses_a_link_out_of_the_folder(exporter):
    pg, work = exporter
    (work.parent / "outside").mkdir()
    (work / "link").symlink_to(work.parent / "outside")
    [output] = _export(pg, "link/evil")
    assert "would leave the working folder" in output["text"]
    assert list((work.parent / "outside").iterdir()) == []


def test_export_writes_inside_the_folder_and_escapes_the_name(exporter):
    pg, work = exporter
    assert _export(pg, "<img src=x onerror=alert(1)>") == ()
    assert (work / "<img src=x onerror=alert(1)>.npz").is_file()
    assert "<img" not in pg.status.value
    assert pg.status.value.startswith(
        "saved the weights to <code>&lt;img src=x onerror=alert(1)&gt;.npz</code>"
    )
    assert _export(pg, "sub/dir/../w") == ()
    assert (work / "sub" / "w.npz").is_file() and "<code>sub/w.npz</code>" in pg.status.value
    assert _export(pg, "sub/w.npz") == ()
    assert pg.status.value.startswith("replaced <code>sub/w.npz</code>")


# --- the playground's Play ticks on a big data set ------------------------------------------


def _big_playground(n, **kwargs):
    rng = np.random.default_rng(5)
    X = rng.uniform(-1, 1, (n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    return widgets.playground_explorer(
        points=(X, y), test_fraction=0.1, batch_size=1, res=12, **kwargs
    )


def _jumpy_clock():
    """A stand-in for the time module whose clock jumps 1 s at every reading (from now on,
    so the tick before is long past)."""
    now = [time.perf_counter()]

    def perf_counter():
        now[0] += 1.0
        return now[0]

    return types.SimpleNamespace(perf_counter=perf_counter)


def test_a_tick_on_20000_points_trains_one_chunk_when_time_is_up(monkeypatch):
    pg = _big_playground(playground_module.MAX_POINTS, layers=4, width=8)
    assert pg.X_train.shape == (18_000, 2)
    t0 = time.perf_counter()
    pg.play.value += 1  # a real tick: one epoch would be 18,000 steps (seconds)
    assert time.perf_counter() - t0 < 2.0
    assert pg.state["epoch"] == 0 and 0 < pg._epoch_done < 18_000
    assert "of the points trained on" in pg.status.value
    pg.reset()
    monkeypatch.setattr(playground_module, "time", _jumpy_clock())
    pg.play.value += 1  # the clock says the tick's time is up after every chunk
    assert pg._epoch_done == playground_module.CHUNK_STEPS  # one chunk of 256 batches of 1
    assert pg.errors.outputs == ()


def test_chunked_epochs_give_the_same_run_however_ticks_split_them(monkeypatch):
    # 600 points, 540 to train on in batches of 1: an epoch is 3 chunks (256, 256, 28).
    ticked, stepped = _big_playground(600), _big_playground(600)
    monkeypatch.setattr(playground_module, "time", _jumpy_clock())
    for _ in range(4):  # one chunk a tick: epoch 1 and a third of epoch 2
        ticked.play.value += 1
    assert ticked.state["epoch"] == 1 and ticked._epoch_done == 256
    ticked.step(2)  # finishes epoch 2, then epoch 3
    stepped.step(3)
    assert ticked.history == stepped.history and len(ticked.history["epoch"]) == 4
    for a, b in zip(ticked.net.params(), stepped.net.params(), strict=True):
        assert np.array_equal(a, b)


def test_a_tick_on_a_small_data_set_still_trains_speed_epochs():
    pg = widgets.playground_explorer(layers=1, width=3, res=12, speed=3)
    pg.play.interval = 0
    pg.play.value += 1
    assert pg.state["epoch"] == 3 and pg._epoch_order is None
    assert math.isfinite(pg.state["train_loss"])


# --- constructors: the sizes that set a widget's cost are bounded ----------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: widgets.depth_explorer(max_depth=4000), r"max_depth must be .* \[1, 16\]"),
        (lambda: widgets.optimiser_race(max_steps=10**6), r"max_steps .*\[1, 500\]"),
        (
            lambda: widgets.optimiser_race(beta2=0.1),
            r"β₂ must be a finite number in \[0.5, 0.999\]",
        ),
        (lambda: widgets.depth_explorer(depth=9), r"depth m .* in \[1, 8\], got 9"),
        (lambda: widgets.bump_explorer(np.sin, 0, 3, max_bumps=10**6), r"max_bumps .*\[1, 100\]"),
        (lambda: widgets.bump_explorer(np.sin, 0, np.inf), "need finite lo < hi"),
        (lambda: widgets.bump_explorer(np.log, -1, 1), r"target\(x\) contains NaN"),
        (lambda: widgets.descent_explorer(max_steps=10**6), r"max_steps .*\[1, 1000\]"),
        (lambda: widgets.descent_explorer(lr=float("nan")), "learning rate η must be a finite"),
        (lambda: widgets.gradient_flow_explorer(width=10**6), r"width .*\[1, 64\]"),
        (lambda: widgets.gradient_flow_explorer(depth=1), r"depth \(layers\) .*\[2, 20\]"),
        (lambda: widgets.activation_explorer(zlim=np.inf), r"zlim must be a finite number"),
        (lambda: widgets.dot_product_explorer(a=(np.nan, 1.0)), "a contains NaN"),
        (lambda: widgets.neuron_explorer(*_points(), w=(5.0, 0.0)), r"w₁ .*\[-3, 3\], got 5"),
        (lambda: widgets.layer_explorer(W=[[9.0, 0], [0, 1]]), r"\[-2, 2\], got 9"),
        (lambda: widgets.loss_explorer(*_points()[0].T, wlim=(0, 1e9)), "within ±1000"),
        (lambda: widgets.derivative_explorer(_cubic, _cubic_prime, xlim=(0, 0.5)), "wider than 1"),
        (lambda: widgets.chain_rule_explorer(step=10), r"backward step .*\[0, 9\], got 10"),
        (lambda: widgets.chain_rule_explorer(w=np.nan), "weight w must be a finite number"),
        (lambda: widgets.word_explorer(*_word_setup(), length=10**9), r"length .*\[1, 1000\]"),
        (lambda: widgets.word_explorer(*_word_setup(), temperature=0.0), r"temperature T .*0\.1"),
        (lambda: widgets.kernel_explorer(*_ink_images(), kernel="emboss"), "kernel must be one of"),
        (lambda: widgets.kernel_explorer(*_ink_images(), kernel=[[9.0] * 3] * 3), r"\[-5, 5\]"),
        (lambda: widgets.kernel_explorer(*_ink_images(), padding=2), r"padding .*\[0, 1\], got 2"),
        (lambda: widgets.kernel_explorer(*_ink_images(), index=12), r"digit .*\[0, 11\], got 12"),
        (lambda: widgets.kernel_explorer(np.full((2, 64), np.nan), [0, 1]), "images contains NaN"),
        (
            lambda: widgets.feature_map_explorer(MLP([64, 4, 10], rng=0), *_ink_images()),
            "net has no conv.Conv2D layer",
        ),
        (
            lambda: widgets.feature_map_explorer(
                tiny_cnn(), _ink_images()[0][:, :60], np.arange(12)
            ),
            r"images must have shape \(n, 64\)",
        ),
    ],
)
def test_constructors_refuse_values_their_controls_cannot_show(build, message):
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match=message):
        build()
    assert time.perf_counter() - t0 < 5.0
