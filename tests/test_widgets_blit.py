"""Every widget's blitted frame is the picture a full redraw would give.

A move redraws only what changes onto a saved background (``Explorer.redraw``);
after one or two moves the pixels the widget shows must equal those of
``redraw(full=True)``, for every ``Explorer`` that ``nnmath.widgets`` exports.
"""

import inspect
import io

import numpy as np
import pytest
from _helpers import tiny_cnn
from PIL import Image

import nnmath.widgets as widgets
from nnmath import MLP, data, text
from nnmath.widgets import Explorer


def _words():
    corpus = "the cat sat on the mat. the dog ate the hat. " * 4
    vocab = text.Vocabulary.from_text(corpus)
    net = text.char_model(len(vocab), context=2, dim=2, hidden=8, rng=np.random.default_rng(0))
    return net, vocab


def _line_data():
    x = np.array([-1.0, 0.0, 1.0, 2.0])
    return x, 0.5 * x + 0.2


def _digit_images():
    X_train, _X_test, y_train, _y_test = data.digits(standardized=False)
    return X_train[:20] / 16, y_train[:20]


def _digit_net():
    return MLP([64, 16, 10], hidden="relu", output="softmax", rng=np.random.default_rng(4))


# Each Explorer: how to build it, and the moves (update calls) before the comparison.
CASES = {
    "OptimiserRace": (
        lambda: widgets.OptimiserRace(steps=20),
        [
            {"surface": "saddle", "start": "upper left", "lr": 0.1, "steps": 40, "show": "RMSProp"},
            {"lr": 0.02, "beta1": 0.5, "beta2": 0.9, "show": "momentum"},
        ],
    ),
    "DotProductExplorer": (
        lambda: widgets.DotProductExplorer(),
        [{"angle": 150.0, "length": 2.5}, {"angle": -60.0, "length": 1.0}],
    ),
    "NeuronExplorer": (
        lambda: widgets.NeuronExplorer(
            *data.gaussians(20, noise=0.2, rng=np.random.default_rng(0))
        ),
        [{"w1": 2.0, "w2": -1.0, "b": 0.5}, {"w1": -0.5, "w2": 2.5, "b": -1.0}],
    ),
    "ActivationExplorer": (
        lambda: widgets.ActivationExplorer("sigmoid", z=0.5),
        [{"activation": "relu", "z": -2.0}, {"activation": "sigmoid", "z": 3.0}],
    ),
    "LayerExplorer": (
        lambda: widgets.LayerExplorer(),
        [
            {"w11": 1.5, "w12": 0.5, "w21": -0.5, "w22": 1.0, "b1": 0.5, "b2": -0.5}
            | {"activation": "tanh"},
            {"w11": -1.0, "w12": 0.5, "w21": 0.5, "w22": 1.0, "b1": 0.0, "b2": 0.5}
            | {"activation": "relu"},
        ],
    ),
    "BumpExplorer": (
        lambda: widgets.BumpExplorer(np.sin, -3, 3, bumps=3),
        [
            {"bumps": 6, "kind": "sigmoid", "sharpness": 20.0},
            {"bumps": 4, "kind": "relu", "sharpness": 10.0},
        ],
    ),
    "DepthExplorer": (lambda: widgets.DepthExplorer(depth=1), [{"depth": 3}, {"depth": 5}]),
    "TriangleExplorer": (
        lambda: widgets.TriangleExplorer(1.0),
        [{"sharpness": 4.0}, {"sharpness": 0.5}],
    ),
    "UntangleExplorer": (
        lambda: widgets.UntangleExplorer(
            [[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]], [0, 0, 1, 1]
        ),
        [{"w11": 1.0, "w12": 0.0, "w21": 0.0, "w22": 1.0, "b1": 0.0, "b2": 0.0}, {"b1": 2.0}],
    ),
    "LossExplorer": (
        lambda: widgets.LossExplorer(*_line_data()),
        [{"w": 1.0, "b": -0.5}, {"w": -2.0, "b": 1.5}],
    ),
    "DescentExplorer": (
        lambda: widgets.DescentExplorer(steps=10),
        [
            {"surface": "valley", "start": "upper left", "lr": 0.2, "momentum": 0.5, "steps": 20},
            {"surface": "bowl", "start": "lower right", "lr": 0.1, "momentum": 0.0, "steps": 15},
        ],
    ),
    "DerivativeExplorer": (
        lambda: widgets.DerivativeExplorer(lambda x: x**3, lambda x: 3 * x**2),
        [{"x0": -1.0, "h": 0.5}, {"x0": 1.5, "h": 0.1}],
    ),
    "ChainRuleExplorer": (
        lambda: widgets.ChainRuleExplorer(),
        [{"w": 1.0, "x": -1.0, "b": 0.5, "step": 3}, {"w": -0.5, "x": 2.0, "b": 0.0, "step": 6}],
    ),
    "GradientFlowExplorer": (
        lambda: widgets.GradientFlowExplorer(depth=4),
        [
            {"depth": 8, "activation": "tanh", "init": "he"},
            {"depth": 6, "activation": "relu", "init": 1.0},
        ],
    ),
    "PlaygroundExplorer": (
        lambda: widgets.PlaygroundExplorer("moons", layers=1, width=3, res=12),
        [{"lr": 1.0}, {"width": 5}],
    ),
    "DigitExplorer": (
        lambda: widgets.DigitExplorer(_digit_net()),
        [{"image": 3}, {"image": 8, "pixels": np.full(64, 16.0) * (np.arange(64) % 3 == 0)}],
    ),
    "KernelExplorer": (
        lambda: widgets.KernelExplorer(*_digit_images()),
        [
            {"preset": "blur", "y": 7, "x": 0},
            {"padding": 0},
            {"k11": -2.0, "index": 5},
            {"padding": 1, "y": 7},
        ],
    ),
    "FeatureMapExplorer": (
        lambda: widgets.FeatureMapExplorer(tiny_cnn(), *_digit_images()),
        [{"index": 3}, {"index": 9}],
    ),
    "WordExplorer": (
        lambda: widgets.WordExplorer(*_words(), token="a"),
        [{"temperature": 0.5, "token": "t"}, {"temperature": 1.5, "token": "h"}],
    ),
}


def _pixels(png_or_jpeg):
    return np.asarray(Image.open(io.BytesIO(png_or_jpeg)).convert("RGB"))


def test_every_explorer_has_a_case():
    found = {
        name
        for name, obj in vars(widgets).items()
        if inspect.isclass(obj) and issubclass(obj, Explorer) and obj is not Explorer
    }
    assert found == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_blitted_frame_equals_a_full_redraw(name):
    build, moves = CASES[name]
    e = build()
    for move in moves:
        e.update(**move)
        if name == "PlaygroundExplorer":
            e.step(2)
        blitted = _pixels(e.image.value)
        e.redraw(full=True)
        full = _pixels(e.image.value)
        differ = int(np.any(blitted != full, axis=-1).sum())
        assert differ == 0, f"{differ} pixels differ after {move}"
