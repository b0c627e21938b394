"""The lesson 09 playground: training, reset, seeds, export, CSV points, Play ticks."""

import numpy as np
import pytest

from nnmath import data, network, widgets


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _bce(p, y):
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def _forward(net, X):
    """The network by hand, from its weights: f(…f(XW₁ + b₁)…)W_L + b_L, sigmoid at the end."""
    acts = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0), "identity": lambda z: z}
    A = X
    for layer in net.layers[:-1]:
        A = acts[layer.activation](A @ layer.W + layer.b)
    return _sigmoid(A @ net.layers[-1].W + net.layers[-1].b)[:, 0]


@pytest.fixture
def pg():
    return widgets.playground_explorer("moons", layers=1, width=3, res=12)


@pytest.fixture(scope="module")
def shared():
    """One playground for the tests that only check refusals (they change nothing)."""
    return widgets.playground_explorer("moons", layers=1, width=3, res=12)


def test_data_is_the_seeded_split_of_nnmath_data(pg):
    rng = np.random.default_rng(0)
    X, y = data.moons(200, 0.1, rng=rng)
    X_train, _, _, y_test = data.train_test_split(X, y, 0.25, rng=rng)
    assert np.array_equal(pg.X_train, X_train) and np.array_equal(pg.y_test, y_test)
    assert pg.X_train.shape == (150, 2) and pg.X_test.shape == (50, 2)


def test_epoch_zero_state_is_computed_from_the_initial_weights(pg):
    s = pg.state
    assert s["epoch"] == 0 and s["sizes"] == [2, 3, 1] and s["n_params"] == 2 * 3 + 3 + 3 + 1
    p_train, p_test = _forward(pg.net, pg.X_train), _forward(pg.net, pg.X_test)
    assert np.isclose(s["train_loss"], _bce(p_train, pg.y_train))
    assert np.isclose(s["test_loss"], _bce(p_test, pg.y_test))
    assert np.isclose(s["test_accuracy"], np.mean((p_test > 0.5) == pg.y_test))
    assert f"{s['train_loss']:.3f}" in pg.equation.value


def test_one_full_batch_epoch_is_one_gradient_step_with_l2():
    # No hidden layer: ŷ = σ(XW + b), and for cross-entropy dW = Xᵀ(ŷ − y)/n.
    pg = widgets.playground_explorer(
        "gaussians", layers=0, lr=0.3, l2=0.01, batch_size="all", res=12
    )
    W0, b0 = pg.net.layers[0].W.copy(), pg.net.layers[0].b.copy()
    X, y = pg.X_train, pg.y_train[:, None]
    p = _sigmoid(X @ W0 + b0)
    dW, db = X.T @ (p - y) / len(X), (p - y).mean(axis=0)
    pg.step(1)
    assert np.allclose(pg.net.layers[0].W, W0 - 0.3 * (dW + 0.01 * W0))
    assert np.allclose(pg.net.layers[0].b, b0 - 0.3 * (db + 0.01 * b0))


def test_mse_epoch_goes_through_the_sigmoid_derivative():
    pg = widgets.playground_explorer("xor", layers=0, loss="mse", lr=1.0, batch_size="all", res=12)
    W0, b0 = pg.net.layers[0].W.copy(), pg.net.layers[0].b.copy()
    X, y = pg.X_train, pg.y_train[:, None]
    p = _sigmoid(X @ W0 + b0)
    dZ = 2 * (p - y) / len(X) * p * (1 - p)  # L = mean (ŷ − y)², σ′ = ŷ(1 − ŷ)
    s = pg.step(1)
    assert np.allclose(pg.net.layers[0].W, W0 - X.T @ dZ)
    assert np.isclose(
        s["train_loss"], np.mean((_sigmoid(X @ pg.net.layers[0].W + pg.net.layers[0].b) - y) ** 2)
    )


def test_moons_is_learned_in_200_epochs():
    pg = widgets.playground_explorer("moons", layers=2, width=8, activation="tanh", res=12)
    start = pg.state["train_loss"]
    s = pg.step(200)
    assert s["epoch"] == 200 and len(pg.history["epoch"]) == 201
    assert s["test_accuracy"] >= 0.95
    assert s["train_loss"] < start / 10
    assert not s["diverged"]


def test_reset_returns_to_the_same_weights_and_repeats_the_run(pg):
    initial = [p.copy() for p in pg.net.params()]
    first = pg.step(15)
    curve = list(pg.history["loss"])
    s = pg.reset()
    assert s["epoch"] == 0
    assert all(np.array_equal(a, b) for a, b in zip(initial, pg.net.params(), strict=True))
    again = pg.step(15)
    assert again["train_loss"] == first["train_loss"]
    assert pg.history["loss"] == curve


def test_new_seed_draws_new_initial_weights(pg):
    old = [p.copy() for p in pg.net.params()]
    pg.step(3)
    s = pg.new_seed()
    assert s["seed"] == 1 and s["epoch"] == 0
    assert not np.allclose(old[0], pg.net.params()[0])
    new = [p.copy() for p in pg.net.params()]
    pg.step(3)
    pg.reset()  # reset now returns to the new seed's weights
    assert all(np.array_equal(a, b) for a, b in zip(new, pg.net.params(), strict=True))
    back = pg.new_seed(0)  # an explicit seed: the first run's weights again
    assert back["seed"] == 0
    assert all(np.array_equal(a, b) for a, b in zip(old, pg.net.params(), strict=True))
    with pytest.raises(ValueError, match="seed"):
        pg.new_seed(-1)


def test_architecture_controls_rebuild_and_hyperparameters_do_not(pg):
    pg.step(4)
    s = pg.update(lr=0.03, batch_size=20, l2=0.001, speed=7)
    assert not s["restarted"] and s["epoch"] == 4
    assert (pg.optimizer.lr, pg.optimizer.weight_decay) == (0.03, 0.001)
    assert pg.controls["lr"].value == 0.03 and pg.controls["speed"].value == 7
    assert r"\eta = 0.03" in pg.equation.value
    s = pg.update(layers=3, width=5, activation="relu")
    assert s["restarted"] and s["epoch"] == 0 and s["sizes"] == [2, 5, 5, 5, 1]
    assert pg.controls["layers"].value == 3 and pg.net.layers[0].activation == "relu"
    pg.step(2)
    assert pg.update(loss="mse")["epoch"] == 0  # another loss: start over
    spiral = pg.update(dataset="spiral", noise=0.0)
    assert spiral["restarted"]
    assert np.array_equal(
        pg.X_train,
        data.train_test_split(
            *data.spiral(200, 0.0, rng=np.random.default_rng(0)), 0.25, rng=_after_make(0, "spiral")
        )[0],
    )


def _after_make(seed, name):
    """The generator in the state the playground's split sees: after drawing the data."""
    rng = np.random.default_rng(seed)
    data.make(name, 200, 0.0, rng=rng)
    return rng


def test_a_slider_move_restarts_and_redraws(pg):
    pg.step(3)
    png = pg.image.value
    pg.controls["width"].value = 6  # what a drag does
    assert pg.state["sizes"] == [2, 6, 1] and pg.state["epoch"] == 0
    assert pg.image.value != png and pg.image.value[:3] == b"\xff\xd8\xff"  # a JPEG
    png = pg.image.value
    pg.step(2)
    assert pg.image.value != png


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        ({"lr": 0.05}, ValueError, r"must be one of \[0.001, 0.003, "),
        ({"lr": "0.3"}, ValueError, r"must be one of .*, got '0.3'"),
        ({"layers": 9}, ValueError, r"must be a whole number in \[0, 4\], got 9"),
        ({"layers": 2.5}, ValueError, r"must be a whole number in \[0, 4\], got 2.5"),
        ({"width": 0}, ValueError, r"must be a whole number in \[1, 8\], got 0"),
        ({"speed": None}, TypeError, r"must be a whole number in \[1, 20\], got None"),
        ({"activation": "swish"}, ValueError, r"must be one of \['tanh', 'relu', "),
        ({"loss": "hinge"}, ValueError, r"must be one of \['binary_cross_entropy', 'mse'\]"),
        ({"dataset": "custom"}, ValueError, r"must be one of \['moons', "),
        ({"noise": 0.9}, ValueError, r"must be a finite number in \[0, 0.5\], got 0.9"),
        ({"noise": "abc"}, TypeError, r"must be a finite number in \[0, 0.5\], got 'abc'"),
        ({"test_fraction": float("nan")}, ValueError, r"in \[0.1, 0.9\], got nan"),
        ({"batch_size": True}, ValueError, r"must be one of \[1, 2, 5, "),
    ],
)
def test_bad_values_raise(shared, values, error, message):
    before, png = shared.values(), shared.image.value
    with pytest.raises(error, match=message):
        shared.update(**values)
    assert shared.values() == before and shared.image.value == png
    with pytest.raises(error, match=message):  # the constructor refuses the same values
        widgets.playground_explorer(**values, res=12)


def test_unknown_names_are_refused(shared):
    with pytest.raises(TypeError, match=r"unknown names \['bogus'\]; it takes \['dataset'"):
        shared.update(bogus=1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 10}, r"n must be a whole number in \[20, 20000\], got 10"),
        ({"n": 10**6}, r"n must be a whole number in \[20, 20000\]"),
        ({"seed": -1}, "seed must be a whole number >= 0"),
        ({"res": 10**4}, r"res must be a whole number in \[2, 200\]"),
        ({"interval": 0}, "interval must be a whole number"),
    ],
)
def test_bad_settings_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        widgets.playground_explorer(**kwargs)


def test_step_needs_a_positive_int(shared):
    with pytest.raises(ValueError, match="epochs"):
        shared.step(0)
    with pytest.raises(ValueError, match=r"epochs must be a whole number in \[1, 10000\]"):
        shared.step(2.5)
    with pytest.raises(ValueError, match=r"epochs must be a whole number in \[1, 10000\]"):
        shared.step(10**6)


def test_divergence_is_stopped_and_reported_without_warnings():
    # pytest turns warnings into errors: an overflow here would fail the test.
    pg = widgets.playground_explorer("moons", layers=2, width=8, lr=10.0, res=12)
    s = pg.step(50)
    assert s["diverged"] and s["diverged_at"] is not None and s["epoch"] < 50
    assert s["train_loss"] > 2 * np.log(2)  # the rule: twice a coin flip's loss
    assert "Diverged at epoch" in pg.status.value
    assert pg.step(5)["epoch"] == s["epoch"]  # stopped: no more training
    pg.update(lr=0.3)
    assert pg.reset()["diverged"] is False
    assert not pg.step(5)["diverged"]


def test_divergence_to_nan_keeps_finite_weights():
    pg = widgets.playground_explorer(
        "moons", layers=4, width=8, activation="relu", lr=10.0, batch_size=1, res=12
    )
    s = pg.step(20)
    assert s["diverged"]
    assert all(np.all(np.isfinite(p)) for p in pg.net.params())
    assert all(np.isfinite(pg.history["loss"]))


def test_export_and_load_weights(pg, tmp_path):
    pg.step(5)
    path = pg.export(tmp_path / "sub" / "w")
    assert path.endswith("w.npz")
    with np.load(path) as f:
        assert sorted(f.files) == ["W1", "W2", "activations", "b1", "b2", "sizes"]
        assert np.array_equal(f["W1"], pg.net.layers[0].W)
        assert np.array_equal(f["b2"], pg.net.layers[1].b)
        assert f["sizes"].tolist() == [2, 3, 1]
    net = network.load(path)
    assert np.allclose(net.forward(pg.X_test), pg.net.forward(pg.X_test))
    with pytest.raises(ValueError, match="file name"):
        pg.export("  ")


def test_buttons_drive_the_same_methods(pg, tmp_path, monkeypatch):
    pg.buttons["step"].click()
    assert pg.state["epoch"] == 1
    pg.buttons["reset"].click()
    assert pg.state["epoch"] == 0
    pg.buttons["new_seed"].click()
    assert pg.state["seed"] == 1
    monkeypatch.chdir(tmp_path)
    pg.path.value = "out"
    pg.buttons["export"].click()
    assert (tmp_path / "out.npz").exists()
    assert pg.status.value.startswith("saved the weights to <code>out.npz</code>")
    assert pg.errors.outputs == ()
    pg.buttons["export"].click()
    assert pg.status.value.startswith("replaced <code>out.npz</code>")


def test_play_ticks_train_speed_epochs_and_drop_a_backlog(pg):
    pg.update(speed=4)
    pg.play.interval = 10**6  # a tick within 0.3 × interval of the last chunk is a backlog
    pg.play.value += 1
    assert pg.state["epoch"] == 4
    pg.play.value += 1  # arrives straight after the last chunk: a queued tick, dropped
    assert pg.state["epoch"] == 4
    pg.play.interval = 0  # no tick is too early now
    pg.play.value += 1
    assert pg.state["epoch"] == 8


def _few_of_class_1():
    """20 points, 2 of class 1: with data_seed=1 the split at test fraction 0.25 or 0.5
    trains on one of them, at 0.75 on none."""
    X = np.random.default_rng(1).uniform(-1, 1, (20, 2))
    y = np.zeros(20, dtype=int)
    y[:2] = 1
    return X, y


def test_callback_errors_are_shown_as_one_line_and_the_control_goes_back():
    pg = widgets.playground_explorer(points=_few_of_class_1(), data_seed=1, res=12)
    before, png = pg.X_train.copy(), pg.image.value
    pg.controls["test_fraction"].value = 0.75  # the slider moved: no class 1 left to train on
    [line] = pg.errors.outputs
    assert line["text"] == (
        "✗ the split leaves 5 training points (of 20), all of class 0: lower the test "
        "fraction (to 0.1 at least) or add points of both classes\n"
    )
    assert pg.controls["test_fraction"].value == 0.25  # back to the value on show, not stuck
    assert np.array_equal(pg.X_train, before) and pg.image.value == png
    with pytest.raises(ValueError, match="training points"):
        pg.update(test_fraction=0.75)
    assert pg.controls["test_fraction"].value == 0.25
    pg.controls["lr"].value = 0.1  # any other move works, the error is gone
    assert pg.errors.outputs == () and pg.optimizer.lr == 0.1
    pg.controls["test_fraction"].value = 0.5
    assert pg.errors.outputs == () and pg.X_train.shape == (10, 2)


def test_csv_points_become_the_custom_data_set(tmp_path):
    rng = np.random.default_rng(4)
    X, y = data.circles(40, 0.05, rng=rng)
    path = tmp_path / "mine.csv"
    path.write_text(
        "x1,x2,label\n" + "\n".join(f"{a},{b},{c}" for (a, b), c in zip(X, y, strict=True))
    )
    pg = widgets.playground_explorer(csv=path, res=12)
    assert pg.controls["dataset"].value == "custom"
    assert "custom" in pg.controls["dataset"].options
    both = np.concatenate([pg.X_train, pg.X_test])
    assert sorted(map(tuple, both)) == sorted(map(tuple, X))
    pg.update(dataset="moons")
    assert pg.X_train.shape == (150, 2)


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        (np.zeros((20, 2)), [0, 1, 2] + [1] * 17, "0 or 1"),
        (np.zeros((20, 2)), [0] * 20, "both classes"),
        (np.zeros((20, 3)), [0, 1] * 10, r"shape \(n, 2\)"),
        (np.zeros((20, 2)), [0, 1] * 5, r"labels y must have shape \(20,\)"),
        (np.zeros((2, 2)), [0, 1], "takes 20 to 20,000 points .* got 2"),
        (np.zeros((20_001, 2)), [0, 1] * 10_000 + [0], "takes 20 to 20,000 points"),
        (np.full((20, 2), 1e308), [0, 1] * 10, r"within ±1e\+06 \(rescale them\)"),
        (np.full((20, 2), np.nan), [0, 1] * 10, "points X contains NaN"),
        (np.full((20, 2), "a"), [0, 1] * 10, "points X must hold numbers"),
    ],
)
def test_bad_custom_points_are_refused(X, y, message):
    with pytest.raises((ValueError, TypeError), match=message):
        widgets.playground_explorer(points=(X, np.array(y)))


def test_a_csv_of_huge_values_is_refused(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text("\n".join(f"{1e308 * (-1) ** i},{i},{i % 2}" for i in range(20)))
    with pytest.raises(ValueError, match=r"within ±1e\+06 \(rescale them\), got .* 1e\+308"):
        widgets.playground_explorer(csv=path)


def test_points_and_csv_together_are_refused(tmp_path):
    with pytest.raises(ValueError, match="not both"):
        widgets.playground_explorer(points=(np.zeros((2, 2)), [0, 1]), csv=tmp_path / "x.csv")


def test_blitted_redraw_equals_a_full_redraw(pg):
    pg.step(3)
    blitted = pg.image.value
    pg.redraw(full=True)
    assert pg.image.value == blitted


def test_a_narrower_layer_shows_no_empty_unit_frames(pg):
    """Six units: six frames, no blank "unit 7" and "unit 8" left from the 8-unit layout."""
    pg.update(width=6)
    shown = [ax.get_visible() for ax in pg.artists["unit_axes"]]
    assert shown == [True] * 6 + [False] * 2
    assert "orange +1" in pg.artists["unit_caption"].get_text()
    pg.update(width=8)
    assert all(ax.get_visible() for ax in pg.artists["unit_axes"])
