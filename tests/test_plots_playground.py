"""Plots of lesson 09 (the playground) and ``data.load_csv_points``.

The window, grid and network outputs they draw are tested in test_data.py."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnmath import MLP, Dense, data, plots


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


@pytest.fixture
def net():
    """2 → 3 → 1, tanh then sigmoid, with hand-set weights."""
    W1 = np.array([[1.0, -0.5, 0.2], [0.3, 0.8, -1.1]])
    b1 = np.array([0.1, -0.2, 0.0])
    W2 = np.array([[1.5], [-0.7], [0.4]])
    b2 = np.array([0.05])
    return MLP.from_layers(
        [Dense.from_weights(W1, b1, "tanh"), Dense.from_weights(W2, b2, "sigmoid")]
    )


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


def _history(epochs, train, test):
    return {"epoch": list(epochs), "train_loss": list(train), "test_loss": list(test)}


def test_update_playground_moves_the_artists(net, split):
    fig = Figure(figsize=plots.FIGSIZE)
    artists = plots.draw_playground(fig, *split, res=8)
    before = np.asarray(artists["shade"].get_array()).copy()
    full = plots.update_playground(
        artists, net, _history([0, 1, 2], [0.7, 0.5, 1e-5], [0.7, 80, 0.6])
    )
    assert full is False  # 2 epochs fit the initial 0 … 50 axis
    shade = np.asarray(artists["shade"].get_array())
    assert not np.allclose(shade, before)
    # pixel (row 2, column 5) is ŷ at x = (g₁[5], g₂[2]); unit 1's picture is a₁ there
    x = np.array([np.linspace(*artists["xlim"], 8)[5], np.linspace(*artists["ylim"], 8)[2]])
    (l1, l2) = net.layers
    h = np.tanh(x @ l1.W + l1.b)
    assert np.isclose(shade[2, 5], _sigmoid(h @ l2.W + l2.b)[0])
    assert np.isclose(np.asarray(artists["units"][0].get_array())[2, 5], h[0])
    xs, ys = artists["train_line"].get_data()
    assert np.allclose(xs, [0, 1, 2])
    assert np.allclose(ys, [0.7, 0.5, plots.LOSS_LIM[0]])  # clipped into the fixed axis
    assert np.allclose(artists["test_line"].get_data()[1], [0.7, plots.LOSS_LIM[1], 0.6])
    # 3 hidden units: three pictures shown, the other five frames empty
    assert [im.get_visible() for im in artists["units"]] == [True] * 3 + [False] * 5
    assert not artists["no_hidden"].get_visible()
    lo, hi = plots.UNIT_CLIM["tanh"]
    assert artists["units"][0].get_clim() == (lo, hi)


def test_update_playground_widens_the_loss_axis_when_needed(net, split):
    fig = Figure(figsize=plots.FIGSIZE)
    artists = plots.draw_playground(fig, *split, res=6)
    h = _history(range(71), np.full(71, 0.5), np.full(71, 0.6))
    assert plots.update_playground(artists, net, h) is True
    assert artists["loss_ax"].get_xlim() == (0.0, 128.0)
    assert plots.update_playground(artists, net, h) is False  # nothing changed since


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


@pytest.mark.parametrize(
    "make",
    [
        lambda net, s: plots.playground_figure(net, *s),
        lambda net, s: plots.playground_figure(
            net, *s, history=_history([0, 5], [0.7, 0.3], [0.7, 0.4])
        ),
        lambda net, s: plots.loss_curves({"a": _history([0, 1], [0.5, 0.4], [0.6, 0.5])}),
        lambda net, s: plots.decision_boundaries({"one": net, "two": net}, s[0], s[1]),
        lambda net, s: plots.decision_boundaries({"one": net}, s[0], s[1]),
    ],
)
def test_figures_have_titles_and_axis_labels(make, net, split):
    fig = make(net, split)
    assert isinstance(fig, Figure)
    main = [ax for ax in fig.axes if ax.get_title()]
    assert main
    for ax in main:
        assert ax.get_xlabel() and ax.get_ylabel()
    assert plots.render_png(fig)[:8] == b"\x89PNG\r\n\x1a\n"


def test_loss_curves_draws_every_run_on_the_chosen_scale():
    runs = {
        "a": _history([0, 1, 2], [0.5, 0.4, 0.3], [0.6, 0.5, 0.55]),
        "b": _history([0, 1], [0.7, 0.2], [0.7, 0.3]),
    }
    ax = plots.loss_curves(runs).axes[0]
    assert ax.get_yscale() == "log" and len(ax.lines) == 4
    assert np.allclose(ax.lines[1].get_ydata(), [0.6, 0.5, 0.55])  # run a, test
    assert ax.lines[1].get_linestyle() == "--" and ax.lines[0].get_linestyle() == "-"
    assert plots.loss_curves(runs, log=False).axes[0].get_yscale() == "linear"


def test_empty_comparisons_are_refused(split):
    with pytest.raises(ValueError, match="at least one"):
        plots.loss_curves({})
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
