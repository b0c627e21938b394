"""Plots of lesson 05 (loss) and lesson 06 (gradient descent)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnmath import losses, optim, plots
from nnmath.activations import sigmoid
from nnmath.plots import descent as pd

RNG_SEED = 5


@pytest.fixture
def line_data():
    rng = np.random.default_rng(RNG_SEED)
    x = rng.uniform(0, 3, 12)
    y = 1.5 * x - 1.0 + rng.normal(0, 0.3, 12)
    return x, y


def _central(f, z, eps=1e-5):
    return (f(z + eps) - f(z - eps)) / (2 * eps)


def _has_labels(ax):
    return bool(ax.get_title()) and bool(ax.get_xlabel()) and bool(ax.get_ylabel())


# ---------------------------------------------------------------- lesson 05: loss


def test_loss_grid_mse_matches_losses_module(line_data):
    x, y = line_data
    ws = np.array([-1.0, 0.5, 2.0])
    bs = np.array([-2.0, 0.0, 1.0, 3.0])
    L = plots.loss_grid(x, y, ws, bs)
    assert L.shape == (4, 3)
    for i, b in enumerate(bs):
        for j, w in enumerate(ws):
            by_hand = np.sum((w * x + b - y) ** 2) / x.size
            assert np.isclose(L[i, j], by_hand)
            assert np.isclose(L[i, j], losses.mse.value(w * x + b, y))


def test_loss_grid_bce_matches_losses_module(class_data):
    x, y = class_data
    ws = np.linspace(-2, 3, 4)
    bs = np.linspace(-1, 1, 3)
    L = plots.loss_grid(x, y, ws, bs, loss="binary_cross_entropy", activation="sigmoid")
    for i, b in enumerate(bs):
        for j, w in enumerate(ws):
            p = 1 / (1 + np.exp(-(w * x + b)))
            by_hand = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
            assert np.isclose(L[i, j], by_hand)


@pytest.mark.parametrize(
    ("x", "y", "kwargs"),
    [
        (np.zeros((3, 2)), np.zeros(3), {}),  # x must be 1-D
        (np.zeros(3), np.zeros(4), {}),  # y must match x
        (np.zeros(0), np.zeros(0), {}),  # no samples
        (np.array([0.0, np.nan]), np.zeros(2), {}),
        (np.zeros(3), np.zeros(3), {"loss": "cross_entropy"}),  # not a one-output loss
        (np.zeros(3), np.zeros(3), {"loss": "hinge"}),
        (np.ones(3), np.ones(3), {"loss": "binary_cross_entropy"}),  # identity: ŷ outside [0, 1]
        (np.zeros(3), np.zeros(3), {"activation": "swish"}),
    ],
)
def test_loss_grid_rejects_bad_input(x, y, kwargs):
    with pytest.raises(ValueError):
        plots.loss_grid(x, y, [0.0, 2.0], [0.0, 1.0], **kwargs)


def test_loss_levels_are_increasing_and_above_the_minimum():
    L = np.add.outer(np.linspace(-2, 2, 30) ** 2, np.linspace(-1, 1, 20) ** 2) + 0.7
    lv = plots.loss_levels(L, k=9)
    assert lv.shape == (9,)
    assert np.all(np.diff(lv) > 0)
    assert lv[0] > L.min()
    assert lv[-1] <= L.max()
    # Geometric spacing of the heights above the minimum: constant ratios.
    ratios = np.diff(np.log(lv - L.min()))
    assert np.allclose(ratios, ratios[0])
    assert np.all(np.isfinite(plots.loss_levels(np.ones((3, 3)))))  # a flat grid still works


def test_draw_loss_contours_stars_the_grid_minimum(line_data):
    x, y = line_data
    _fig, ax = plots.figure()
    drawn = plots.draw_loss_contours(ax, x, y, wlim=(-1, 4), blim=(-3, 2), res=61)
    L = drawn["L"]
    assert L.shape == (61, 61)
    assert np.isclose(drawn["best_loss"], L.min())
    # The least-squares line (np.polyfit) lies within one grid step of the star.
    w_ls, b_ls = np.polyfit(x, y, 1)
    step = 5 / 60
    assert abs(drawn["best"][0] - w_ls) <= step and abs(drawn["best"][1] - b_ls) <= step
    assert ax.get_xlim() == (-1, 4)
    with pytest.raises(ValueError):
        plots.draw_loss_contours(ax, x, y, wlim=(2, 1))


def test_loss_contours_and_surface_are_labelled_figures(line_data):
    x, y = line_data
    fig = plots.loss_contours(x, y, w=1.0, b=0.0)
    assert isinstance(fig, Figure)
    assert _has_labels(fig.axes[0])
    point = [ln for ln in fig.axes[0].lines if ln.get_label().startswith("L = ")]
    assert len(point) == 1
    assert point[0].get_label() == f"L = {losses.mse.value(x - 0.0, y):.3f}"
    fig3d = plots.loss_surface(x, y, res=20)
    ax = fig3d.axes[0]
    assert ax.name == "3d"
    assert _has_labels(ax) and ax.get_zlabel()


def test_draw_fit_and_update_fit_move_curve_and_errors(line_data):
    x, y = line_data
    _fig, ax = plots.figure()
    art = plots.draw_neuron_fit(ax, x, y, w=0.5, b=1.0)
    assert np.allclose(art["curve"].get_ydata(), 0.5 * art["xs"] + 1.0)
    y_hat = plots.update_neuron_fit(art, -1.0, 2.0)
    assert np.allclose(y_hat, -x + 2.0)
    assert np.allclose(art["curve"].get_ydata(), -art["xs"] + 2.0)
    segs = np.array(art["residuals"].get_segments())  # (n, 2, 2): from (x, y) to (x, ŷ)
    assert np.allclose(segs[:, 0], np.column_stack([x, y]))
    assert np.allclose(segs[:, 1], np.column_stack([x, -x + 2.0]))


def test_draw_fit_sigmoid_curve(class_data):
    x, y = class_data
    _fig, ax = plots.figure()
    art = plots.draw_neuron_fit(ax, x, y, w=2.0, b=-1.0, activation="sigmoid")
    assert np.allclose(art["curve"].get_ydata(), 1 / (1 + np.exp(-(2 * art["xs"] - 1))))


@pytest.mark.parametrize("y", [0.0, 1.0])
def test_dz_formulas_match_central_differences(y):
    z = np.linspace(-6, 6, 25)

    def mse_of_z(zz):
        return np.array([losses.mse.value([sigmoid(v)], [y]) for v in np.atleast_1d(zz)])

    def bce_of_z(zz):
        return np.array(
            [losses.binary_cross_entropy.value([sigmoid(v)], [y]) for v in np.atleast_1d(zz)]
        )

    assert np.allclose(plots.mse_sigmoid_dz(z, y), _central(mse_of_z, z), rtol=1e-6, atol=1e-9)
    assert np.allclose(plots.bce_sigmoid_dz(z, y), _central(bce_of_z, z), rtol=1e-6, atol=1e-9)


def test_squared_error_gradient_vanishes_when_confidently_wrong():
    # y = 1 but z = −8: σ ≈ 0.000335, so 2(σ − 1)σ(1 − σ) ≈ −0.00067 while σ − 1 ≈ −0.99966.
    s = 1 / (1 + np.exp(8.0))
    assert np.isclose(plots.mse_sigmoid_dz(-8.0, 1.0), 2 * (s - 1) * s * (1 - s))
    assert abs(plots.mse_sigmoid_dz(-8.0, 1.0)) < 1e-3
    assert np.isclose(plots.bce_sigmoid_dz(-8.0, 1.0), s - 1)


def test_loss_5_comparison_figures():
    fig = plots.loss_vs_prediction()
    ax = fig.axes[0]
    assert _has_labels(ax) and len(ax.lines) == 2
    p = ax.lines[1].get_xdata()
    assert np.allclose(ax.lines[1].get_ydata(), -np.log(p))
    for y in (0, 1):
        fig = plots.gradient_wrt_z(y=y)
        assert _has_labels(fig.axes[0])
    with pytest.raises(ValueError):
        plots.gradient_wrt_z(y=0.5)


# ---------------------------------------------------------------- lesson 06: descent


def test_quadratic_value_gradient_and_limit():
    H = np.array([[2.0, 0.5], [0.5, 1.0]])
    s = plots.quadratic(H)
    p = np.array([0.7, -1.3])
    assert np.isclose(s(p), 0.5 * p @ H @ p)
    assert np.allclose(s.gradient(p), H @ p)
    num = [(s(p + e) - s(p - e)) / 2e-5 for e in np.eye(2) * 1e-5]
    assert np.allclose(s.gradient(p), num, rtol=1e-7)
    lam = np.linalg.eigvalsh(H)
    assert np.allclose(s.eigenvalues, lam)
    assert np.isclose(s.lr_limit, 2 / lam.max())
    assert s.f_min == 0.0
    P = np.random.default_rng(0).normal(size=(4, 3, 2))
    assert s(P).shape == (4, 3)
    assert s.gradient(P).shape == (4, 3, 2)
    assert np.allclose(s.gradient(P)[2, 1], H @ P[2, 1])


@pytest.mark.parametrize(
    "H", [np.eye(3), [[1.0, 2.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, -1.0]], [[0.0, 0.0], [0.0, 1.0]]]
)
def test_quadratic_rejects_bad_hessians(H):
    with pytest.raises(ValueError):
        plots.quadratic(H)


def test_named_surfaces():
    b, v = plots.bowl(), plots.valley()
    assert np.allclose(b.eigenvalues, [0.8, 1.0])
    assert np.allclose(v.eigenvalues, [0.5, 10.0])
    assert np.isclose(v.lr_limit, 0.2)
    assert set(plots.SURFACES) == {"bowl", "valley", "two minima"}
    assert plots.get_surface("valley").name == "valley"
    assert plots.get_surface(b) is b
    for name in plots.SURFACES:
        s = plots.get_surface(name)
        assert set(s.starts) == set(pd.START_NAMES)
        for p in s.starts.values():
            assert s.xlim[0] < p[0] < s.xlim[1] and s.ylim[0] < p[1] < s.ylim[1]
        assert repr(s).startswith("<Surface")
    with pytest.raises(ValueError):
        plots.get_surface("saddle")
    with pytest.raises(ValueError):
        b.start("middle")
    with pytest.raises(ValueError):
        b(np.zeros(3))
    with pytest.raises(ValueError):
        b.gradient(np.zeros((2, 3)))


def test_two_minima_gradient_and_minima():
    s = plots.two_minima()
    rng = np.random.default_rng(1)
    for p in rng.uniform(-1.5, 1.5, (5, 2)):
        num = [(s(p + e) - s(p - e)) / 2e-5 for e in np.eye(2) * 1e-5]
        assert np.allclose(s.gradient(p), num, rtol=1e-6, atol=1e-8)
    assert np.allclose(s.gradient(s.minimum), 0, atol=1e-9)
    assert s.minimum[0] < 0  # the tilt +0.3·p₁ makes the left well the deeper one
    assert s.hessian is None and s.lr_limit is None
    # Descent from the right-hand starts settles in the other, higher (local) minimum.
    path = optim.descend(s.gradient, s.start("upper right"), 0.05, 300)
    assert path[-1][0] > 0 and s(path[-1]) > s.f_min + 0.3
    path = optim.descend(s.gradient, s.start("upper left"), 0.05, 300)
    assert np.allclose(path[-1], s.minimum, atol=1e-4)


def test_learning_rate_threshold_on_the_valley():
    v = plots.valley()
    x0 = v.start("upper left")
    below = optim.descend(v.gradient, x0, 0.95 * v.lr_limit, 200)
    above = optim.descend(v.gradient, x0, 1.05 * v.lr_limit, 400)
    assert len(below) == 201 and v(below[-1]) < 1e-3
    assert len(above) < 401  # stopped early: ran 10⁶ away


def test_surface_levels_and_draw_surface():
    s = plots.valley()
    lv = plots.surface_levels(s, 7)
    assert lv.shape == (7,) and np.all(np.diff(lv) > 0) and lv[0] > s.f_min
    _fig, ax = plots.figure()
    drawn = plots.draw_surface(ax, s)
    assert len(drawn) == 3
    assert ax.get_xlim() == s.xlim and ax.get_ylim() == s.ylim
    for artist in drawn:
        artist.remove()
    assert not ax.collections


def test_draw_and_update_path():
    _fig, ax = plots.figure()
    art = plots.draw_path(ax)
    path = np.array([[1.0, 2.0], [0.5, 1.0], [0.2, 0.1]])
    plots.update_path(art, path)
    assert np.allclose(art["line"].get_xydata(), path)
    assert np.allclose(art["start"].get_xydata(), path[:1])
    assert np.allclose(art["end"].get_xydata(), path[-1:])
    with pytest.raises(ValueError):
        plots.update_path(art, np.zeros((3, 3)))
    with pytest.raises(ValueError):
        plots.update_path(art, np.zeros((0, 2)))


def test_gradient_arrows_point_uphill():
    s = plots.valley()
    fig = plots.gradient_arrows(s, n=4, point=(1.0, 1.0))  # even n: no arrow at the minimum
    ax = fig.axes[0]
    assert _has_labels(ax)
    field, step = ax.collections[-2], ax.collections[-1]
    P = field.get_offsets()
    UV = np.column_stack([field.U, field.V])
    G = np.array([s.gradient(p) for p in P])
    cos = np.sum(UV * G, axis=1) / np.linalg.norm(UV, axis=1) / np.linalg.norm(G, axis=1)
    assert np.allclose(cos, 1.0)  # each arrow is parallel to ∇f there
    d = np.array([step.U[0], step.V[0]])
    assert np.isclose(
        d @ s.gradient([1.0, 1.0]), -np.linalg.norm(d) * np.linalg.norm(s.gradient([1.0, 1.0]))
    )  # the highlighted arrow is −∇f


def test_descent_figures():
    s = plots.bowl()
    x0 = s.start("upper left")
    good = optim.descend(s.gradient, x0, 0.5, 30)
    wild = optim.descend(s.gradient, x0, 2.6, 100)
    fig = plots.descent_paths(s, {"η = 0.5": good, "η = 2.6": wild})
    ax = fig.axes[0]
    assert _has_labels(ax)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert f"η = 2.6 ({len(wild) - 1} steps)" in labels
    fig = plots.descent_panels(s, {"good": good, "wild": wild, "again": good}, ncols=2)
    titles = [a.get_title() for a in fig.axes if a.get_visible()]
    assert len(titles) == 3
    assert "diverged" in titles[1] and "diverged" not in titles[0]
    fig = plots.loss_per_step(s, {"good": good, "wild": wild})
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and _has_labels(ax)
    assert np.allclose(
        ax.lines[0].get_ydata(), np.clip(0.5 * (good**2 * [1, 0.8]).sum(1), 1e-8, 1e5)
    )
    with pytest.raises(ValueError):
        plots.descent_paths(s, [])
    with pytest.raises(ValueError):
        plots.loss_per_step(s, {})


def test_gap_curve_clips_into_the_log_axis():
    s = plots.bowl()
    path = np.array([[0.0, 0.0], [1.0, 0.0], [1e200, 0.0]])
    gap = plots.gap_curve(s, path, (1e-8, 1e4))
    assert np.allclose(gap, [1e-8, 0.5, 1e5])


def test_step_factor_figure():
    fig = plots.step_factor((0.5, 10.0), lr_max=0.25)
    ax = fig.axes[0]
    assert _has_labels(ax)
    lr = ax.lines[1].get_xdata()
    assert np.allclose(ax.lines[1].get_ydata(), np.abs(1 - 10.0 * lr))
    vlines = [ln.get_xdata()[0] for ln in ax.lines if np.ptp(ln.get_xdata()) == 0]
    assert np.isclose(vlines[0], 0.2)
    with pytest.raises(ValueError):
        plots.step_factor((1.0, -1.0))
    with pytest.raises(ValueError):
        plots.step_factor(())


def test_neuron_loss_surface_mse(line_data):
    x, y = line_data
    s = plots.neuron_loss_surface(x, y, (-1, 4), (-3, 2))
    p = np.array([0.7, 0.4])
    assert np.isclose(s(p), losses.mse.value(0.7 * x + 0.4, y))
    num = [
        (
            losses.mse.value((p + e)[0] * x + (p + e)[1], y)
            - losses.mse.value((p - e)[0] * x + (p - e)[1], y)
        )
        / 2e-5
        for e in np.eye(2) * 1e-5
    ]
    assert np.allclose(s.gradient(p), num, rtol=1e-6)
    assert np.allclose(s.minimum, np.polyfit(x, y, 1), atol=1e-6)  # least squares
    assert s.axis_labels == ("weight w", "bias b")
    G = s.gradient(np.array([[0.7, 0.4], [1.0, -1.0]]))
    assert G.shape == (2, 2) and np.allclose(G[0], s.gradient(p))


def test_neuron_loss_surface_bce(class_data):
    x, y = class_data
    s = plots.neuron_loss_surface(x, y, (-2, 4), (-3, 3), "binary_cross_entropy", "sigmoid")

    def L(q):
        return losses.binary_cross_entropy.value(sigmoid(q[0] * x + q[1]), y)

    p = np.array([1.2, -0.3])
    num = [(L(p + e) - L(p - e)) / 2e-5 for e in np.eye(2) * 1e-5]
    assert np.allclose(s.gradient(p), num, rtol=1e-6)
    assert np.allclose(s.gradient(s.minimum), 0, atol=1e-7)
    with pytest.raises(ValueError):
        plots.neuron_loss_surface(x, y, (-2, 4), (-3, 3), "mse", "sigmoid")


def test_loss_per_step_in_epochs():
    s = plots.bowl()
    path = optim.descend(s.gradient, s.start("upper left"), 0.5, 20)
    fig = plots.loss_per_step(s, {"run": path}, steps_per_epoch={"run": 4})
    ax = fig.axes[0]
    assert np.allclose(ax.lines[0].get_xdata(), np.arange(21) / 4)
    assert "epoch" in ax.get_xlabel()
