"""Plots of lesson 09 (the playground) and ``data.load_csv_points``.

The window, grid and network outputs they draw are tested in test_data.py."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnmath import MLP, data, plots
from nnmath.activations import sigmoid
from nnmath.train import History


@pytest.fixture
def split():
    X, y = data.moons(40, 0.1, rng=np.random.default_rng(1))
    return X[:30], y[:30], X[30:], y[30:]


def test_a_network_without_hidden_layers_says_so(split):
    fig = Figure(figsize=plots.FIGSIZE)
    artists = plots.draw_playground(fig, *split, res=6)
    logistic = MLP([2, 1], output="sigmoid", rng=0)
    plots.update_playground(artists, logistic, _history([0], [0.7], [0.7]))
    assert artists["no_hidden"].get_visible()
    assert not any(im.get_visible() for im in artists["units"])
    # only the first frame stays, for the note, without a "unit 1" label or a caption
    assert [ax.get_visible() for ax in artists["unit_axes"]] == [True] + [False] * 7
    assert artists["unit_axes"][0].get_xlabel() == "" and artists["unit_caption"].get_text() == ""


@pytest.mark.parametrize(
    ("hidden", "words"),
    [("sigmoid", "blue 0 · white 0.5 · orange 1"), ("relu", "the unit's lowest value")],
)
def test_the_unit_caption_says_what_the_colours_mean(split, hidden, words):
    fig = Figure(figsize=plots.FIGSIZE)
    artists = plots.draw_playground(fig, *split, res=6)
    net = MLP([2, 8, 1], hidden=hidden, output="sigmoid", rng=0)
    assert plots.update_playground(artists, net, _history([0], [0.7], [0.7])) is True
    assert words in artists["unit_caption"].get_text()
    assert all(ax.get_visible() for ax in artists["unit_axes"])
    # a narrower layer next: its empty frames go, and the background must be redrawn
    narrow = MLP([2, 6, 1], hidden=hidden, output="sigmoid", rng=0)
    assert plots.update_playground(artists, narrow, _history([0], [0.7], [0.7])) is True
    assert [ax.get_visible() for ax in artists["unit_axes"]] == [True] * 6 + [False] * 2


def _history(epochs, train, test):
    return {"epoch": list(epochs), "loss": list(train), "val_loss": list(test)}


def test_update_playground_moves_the_artists(hand_net, split):
    fig = Figure(figsize=plots.FIGSIZE)
    artists = plots.draw_playground(fig, *split, res=8)
    before = np.asarray(artists["shade"].get_array()).copy()
    history = _history([0, 1, 2], [0.7, 0.5, 1e-5], [0.7, 80, 0.6])
    # The first update hides the 5 frames a 3-unit layer leaves empty and writes the
    # colour caption: a background change. The next one moves only the contents, as
    # 2 epochs fit the initial 0 … 50 axis.
    assert plots.update_playground(artists, hand_net, history) is True
    assert plots.update_playground(artists, hand_net, history) is False
    shade = np.asarray(artists["shade"].get_array())
    assert not np.allclose(shade, before)
    # pixel (row 2, column 5) is ŷ at x = (g₁[5], g₂[2]); unit 1's picture is a₁ there
    x = np.array([np.linspace(*artists["xlim"], 8)[5], np.linspace(*artists["ylim"], 8)[2]])
    (l1, l2) = hand_net.layers
    h = np.tanh(x @ l1.W + l1.b)
    assert np.isclose(shade[2, 5], sigmoid(h @ l2.W + l2.b)[0])
    assert np.isclose(np.asarray(artists["units"][0].get_array())[2, 5], h[0])
    xs, ys = artists["train_line"].get_data()
    assert np.allclose(xs, [0, 1, 2])
    assert np.allclose(ys, [0.7, 0.5, plots.LOSS_LIM[0]])  # clipped into the fixed axis
    assert np.allclose(artists["test_line"].get_data()[1], [0.7, plots.LOSS_LIM[1], 0.6])
    # 3 hidden units: three pictures shown, the other five frames hidden (no "unit 4")
    assert [im.get_visible() for im in artists["units"]] == [True] * 3 + [False] * 5
    assert [ax.get_visible() for ax in artists["unit_axes"]] == [True] * 3 + [False] * 5
    assert artists["unit_caption"].get_text().endswith("blue −1 · white 0 · orange +1")
    assert not artists["no_hidden"].get_visible()
    lo, hi = plots.UNIT_CLIM["tanh"]
    assert artists["units"][0].get_clim() == (lo, hi)


def test_update_playground_widens_the_loss_axis_when_needed(hand_net, split):
    fig = Figure(figsize=plots.FIGSIZE)
    artists = plots.draw_playground(fig, *split, res=6)
    h = _history(range(71), np.full(71, 0.5), np.full(71, 0.6))
    assert plots.update_playground(artists, hand_net, h) is True
    assert artists["loss_ax"].get_xlim() == (0.0, 128.0)
    assert plots.update_playground(artists, hand_net, h) is False  # nothing changed since


def test_relu_units_use_their_own_colour_range(split):
    net = MLP([2, 4, 1], hidden="relu", output="sigmoid", rng=3)
    fig = Figure(figsize=plots.FIGSIZE)
    artists = plots.draw_playground(fig, *split, res=6)
    plots.update_playground(artists, net, _history([0], [0.7], [0.7]))
    xlim, ylim = artists["xlim"], artists["ylim"]
    units = data.hidden_grids(net, xlim, ylim, 6)
    for j in range(4):
        lo, hi = artists["units"][j].get_clim()
        if units[j].max() > units[j].min():
            assert (lo, hi) == (units[j].min(), units[j].max())


def test_set_playground_points_moves_points_and_window(split):
    fig = Figure(figsize=plots.FIGSIZE)
    artists = plots.draw_playground(fig, *split, res=6)
    X_train = np.array([[10.0, 10.0], [12.0, 11.0], [11.0, 12.0]])
    y_train = np.array([0, 1, 1])
    X_test, y_test = np.array([[11.0, 11.0]]), np.array([0])
    plots.set_playground_points(artists, X_train, y_train, X_test, y_test)
    assert np.allclose(artists["points"]["train"][1].get_offsets(), X_train[1:])
    assert np.allclose(artists["points"]["test"][0].get_offsets(), X_test)
    assert artists["points"]["test"][1].get_offsets().shape == (0, 2)
    xlim, ylim = artists["xlim"], artists["ylim"]
    assert xlim[0] < 10.0 and xlim[1] > 12.0 and ylim[0] < 10.0 and ylim[1] > 12.0
    assert artists["boundary_ax"].get_xlim() == xlim
    assert artists["shade"].get_extent() == [*xlim, *ylim]


def test_a_still_playground_before_training_says_so(hand_net, split):
    fig = plots.playground_figure(hand_net, *split, res=6)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["shading: ŷ = P(class 1)", "not trained yet"]


def test_decision_boundaries_draw_one_panel_per_network(hand_net, split):
    fig = plots.decision_boundaries({"one": hand_net}, *split[:2], res=6)
    assert [ax.get_title() for ax in fig.axes] == ["one"]
    assert fig.axes[0].get_images()[0].get_array().shape == (6, 6)


def test_loss_curves_draw_every_run_on_the_chosen_scale():
    runs = {
        "a": {"loss": [0.5, 0.4, 0.3], "accuracy": [0.7, 0.8, 0.9], "val_loss": [0.6, 0.5, 0.55]},
        "b": {"epoch": [0, 1], "loss": [0.7, 0.2], "accuracy": [0.5, 0.9]},
    }
    fig = plots.loss_curves(runs, title="two")
    ax_l, ax_a = fig.axes
    assert ax_l.get_yscale() == "log" and len(ax_l.lines) == 3 and len(ax_a.lines) == 2
    a_train, a_val, b_train = ax_l.lines
    assert np.allclose(a_val.get_ydata(), [0.6, 0.5, 0.55])
    assert a_train.get_linestyle() == "-" and a_val.get_linestyle() == "--"
    assert a_train.get_color() == a_val.get_color() != b_train.get_color()  # a colour per run
    assert np.array_equal(a_train.get_xdata(), [1, 2, 3])  # no "epoch": 1 … n
    assert np.array_equal(b_train.get_xdata(), [0, 1])  # the history's own epochs
    assert ax_a.lines[1].get_color() == b_train.get_color()
    # several runs: one legend below the panels, none inside them to hide a curve
    assert ax_l.get_legend() is None and ax_a.get_legend() is None
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "a: training",
        "a: held out",
        "b: training",
    ]
    named = plots.loss_curves(runs, held_out="validation")
    assert "a: validation" in [t.get_text() for t in named.legends[0].get_texts()]
    assert ax_l.get_title() == "two: loss" and ax_a.get_title() == "two: accuracy"
    assert plots.loss_curves(runs, log=False).axes[0].get_yscale() == "linear"


def test_loss_curves_of_one_history():
    h = History(
        epoch=[1, 2, 3],
        loss=[1.0, 0.5, 0.25],
        accuracy=[0.5, 0.8, 0.9],
        val_loss=[1.1, 0.6, 0.4],
        val_accuracy=[0.45, 0.75, 0.85],
    )
    ax_l, ax_a = plots.loss_curves(h).axes
    train, held = ax_l.get_lines()
    assert np.array_equal(held.get_ydata(), h["val_loss"])
    assert np.array_equal(ax_a.get_lines()[1].get_ydata(), h["val_accuracy"])
    assert [t.get_text() for t in ax_a.get_legend().get_texts()] == ["training", "held out"]
    assert (train.get_color(), held.get_color()) == (plots.COLORS["blue"], plots.COLORS["orange"])
    # regression: accuracy is nan, so there is no accuracy panel
    regression = plots.loss_curves({"loss": [1.0, 0.5], "accuracy": [np.nan, np.nan]})
    assert len(regression.axes) == 1 and len(regression.axes[0].get_lines()) == 1


def test_empty_comparisons_are_refused(split):
    with pytest.raises(ValueError, match="non-empty"):
        plots.loss_curves({})
    with pytest.raises(ValueError, match="'loss'"):
        plots.loss_curves({"run": {"accuracy": [0.5]}})
    with pytest.raises(ValueError, match="at least one"):
        plots.decision_boundaries({}, split[0], split[1])


# --- data.load_csv_points (lesson 09) ----------------------------------------------------


def _write(tmp_path, text, name="points.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_csv_points_reads_header_comments_and_blank_lines(tmp_path):
    path = _write(tmp_path, "x1, x2, label\n# my points\n0.5,-1.25,1\n\n 2 , 3e-1 , 0\n-1,0,1.0\n")
    X, y = data.load_csv_points(path)
    assert X.dtype == np.float64 and X.shape == (3, 2)
    assert np.array_equal(X, [[0.5, -1.25], [2.0, 0.3], [-1.0, 0.0]])
    assert y.dtype == np.int64 and y.tolist() == [1, 0, 1]


def test_load_csv_points_other_delimiter(tmp_path):
    X, y = data.load_csv_points(_write(tmp_path, "1;2;0\n3;4;1\n"), delimiter=";")
    assert X.tolist() == [[1.0, 2.0], [3.0, 4.0]] and y.tolist() == [0, 1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0,0,0\n1,1\n", r"line 2: expected 3 columns \(x1, x2, label\), got 2"),
        ("0,0,0\n1,1,1,5\n", "line 2: expected 3 columns"),
        ("0,0,0\n1,abc,1\n", "line 2: 'abc' is not a number"),
        ("0,abc,1\n1,1,0\n", "line 1: 'abc' is not a number"),  # a number in it: not a header
        ("0,0,0\n1,1,2\n", "line 2: the label must be 0 or 1, got 2"),
        ("0,0,0\nnan,1,1\n", "line 2: NaN or infinity"),
        ("0,0,1\n", "need at least 2 points, found 1"),
        ("x,y,label\n", "need at least 2 points, found 0"),
        ("0,0,1\n1,1,1\n2,2,1\n", "every label is 1"),
    ],
)
def test_load_csv_points_errors_name_the_line(tmp_path, text, message):
    with pytest.raises(ValueError, match=message):
        data.load_csv_points(_write(tmp_path, text))


def test_load_csv_points_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        data.load_csv_points(tmp_path / "nope.csv")
