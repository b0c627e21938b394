"""Plots of lesson 05 (loss) and lesson 06 (gradient descent).

That every figure has a title and axis labels is tested in test_accessibility.py."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnmath import losses, optim, plots, surfaces

# ---------------------------------------------------------------- lesson 05: loss


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
    # The grid drawn is the core's L(w, b).
    ws, bs = np.linspace(-1, 4, 61), np.linspace(-3, 2, 61)
    np.testing.assert_array_equal(L, losses.loss_grid(x, y, ws, bs))
    with pytest.raises(ValueError):
        plots.draw_loss_contours(ax, x, y, wlim=(2, 1))


def test_loss_contour_levels_are_geometric_above_the_minimum(line_data):
    x, y = line_data
    _fig, ax = plots.figure()
    drawn = plots.draw_loss_contours(ax, x, y, wlim=(-1, 4), blim=(-3, 2), res=41)
    L, lv = drawn["L"], np.asarray(drawn["lines"].levels)
    assert lv.shape == (14,)
    assert np.all(np.diff(lv) > 0)
    assert lv[0] > L.min() and lv[-1] <= L.max()
    # Geometric spacing of the heights above the minimum: constant ratios.
    ratios = np.diff(np.log(lv - L.min()))
    np.testing.assert_allclose(ratios, ratios[0])
    # A flat loss (every line fits the same) still draws, with finite levels.
    _fig, ax = plots.figure()
    flat = plots.draw_loss_contours(ax, np.zeros(3), np.zeros(3), res=5)
    assert np.all(np.isfinite(flat["lines"].levels))


def test_loss_contours_mark_the_point_and_the_surface_is_3d(line_data):
    x, y = line_data
    fig = plots.loss_contours(x, y, w=1.0, b=0.0)
    assert isinstance(fig, Figure)
    point = [ln for ln in fig.axes[0].lines if ln.get_label().startswith("L = ")]
    assert len(point) == 1
    assert point[0].get_label() == f"L = {losses.mse.value(x - 0.0, y):.3f}"
    fig3d = plots.loss_surface(x, y, res=20)
    ax = fig3d.axes[0]
    assert ax.name == "3d"


def test_draw_neuron_fit_and_update_move_curve_and_errors(line_data):
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


def test_draw_neuron_fit_sigmoid_curve(class_data):
    x, y = class_data
    _fig, ax = plots.figure()
    art = plots.draw_neuron_fit(ax, x, y, w=2.0, b=-1.0, activation="sigmoid")
    assert np.allclose(art["curve"].get_ydata(), 1 / (1 + np.exp(-(2 * art["xs"] - 1))))


def test_loss_5_comparison_figures():
    fig = plots.loss_vs_prediction()
    ax = fig.axes[0]
    assert len(ax.lines) == 2
    p = ax.lines[1].get_xdata()
    assert np.allclose(ax.lines[1].get_ydata(), -np.log(p))
    for y in (0, 1):
        fig = plots.gradient_wrt_z(y=y)
        ax = fig.axes[0]
        # The curves are σ(z) − y and 2(σ − y)σ(1 − σ), by hand.
        z = ax.lines[0].get_xdata()
        s = 1 / (1 + np.exp(-z))
        np.testing.assert_allclose(ax.lines[0].get_ydata(), s - y, atol=1e-12)
        np.testing.assert_allclose(ax.lines[1].get_ydata(), 2 * (s - y) * s * (1 - s), atol=1e-12)
    with pytest.raises(ValueError):
        plots.gradient_wrt_z(y=0.5)


# ---------------------------------------------------------------- lesson 06: descent


def test_draw_surface_levels_and_removal():
    s = surfaces.valley()
    _fig, ax = plots.figure()
    drawn = plots.draw_surface(ax, s, levels=7)
    assert len(drawn) == 3
    lv = np.asarray(drawn[1].levels)
    assert lv.shape == (7,) and np.all(np.diff(lv) > 0) and lv[0] > s.f_min
    np.testing.assert_allclose(drawn[2].get_xydata(), [s.minimum])  # the star
    # A name works as well as a Surface.
    _fig, ax2 = plots.figure()
    plots.draw_surface(ax2, "valley", levels=7)
    assert ax2.get_xlim() == s.xlim
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
    s = surfaces.valley()
    fig = plots.gradient_arrows(s, n=4, point=(1.0, 1.0))  # even n: no arrow at the minimum
    ax = fig.axes[0]
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
    s = surfaces.bowl()
    x0 = s.start("upper left")
    good = optim.descend(s.gradient, x0, 0.5, 30)
    wild = optim.descend(s.gradient, x0, 2.6, 100)
    fig = plots.descent_paths(s, {"η = 0.5": good, "η = 2.6": wild})
    ax = fig.axes[0]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert f"η = 2.6 ({len(wild) - 1} steps)" in labels
    fig = plots.descent_panels(s, {"good": good, "wild": wild, "again": good}, ncols=2)
    titles = [a.get_title() for a in fig.axes if a.get_visible()]
    assert len(titles) == 3
    assert "diverged" in titles[1] and "diverged" not in titles[0]
    fig = plots.loss_per_step(s, {"good": good, "wild": wild})
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    assert np.allclose(
        ax.lines[0].get_ydata(), np.clip(0.5 * (good**2 * [1, 0.8]).sum(1), 1e-8, 1e5)
    )
    with pytest.raises(ValueError):
        plots.descent_paths(s, [])
    with pytest.raises(ValueError):
        plots.loss_per_step(s, {})


def test_gap_curve_clips_into_the_log_axis():
    s = surfaces.bowl()
    path = np.array([[0.0, 0.0], [1.0, 0.0], [1e200, 0.0]])
    gap = plots.gap_curve(s, path, (1e-8, 1e4))
    assert np.allclose(gap, [1e-8, 0.5, 1e5])


def test_step_factor_figure():
    fig = plots.step_factor((0.5, 10.0), lr_max=0.25)
    ax = fig.axes[0]
    lr = ax.lines[1].get_xdata()
    assert np.allclose(ax.lines[1].get_ydata(), np.abs(1 - 10.0 * lr))
    vlines = [ln.get_xdata()[0] for ln in ax.lines if np.ptp(ln.get_xdata()) == 0]
    assert np.isclose(vlines[0], 0.2)
    with pytest.raises(ValueError):
        plots.step_factor((1.0, -1.0))
    with pytest.raises(ValueError):
        plots.step_factor(())


def test_descent_panels_on_a_neuron_loss_surface(line_data):
    x, y = line_data
    s = surfaces.neuron_loss_surface(x, y, (-1, 4), (-3, 2))
    path = optim.descend(s.gradient, s.start("upper left"), 0.1, 30)
    fig = plots.descent_panels(s, {"full batch": path})
    ax = fig.axes[0]
    assert ax.get_xlabel() == "weight w" and ax.get_ylabel() == "bias b"
    gap = s(path[-1]) - s.f_min
    assert ax.get_title() == f"full batch\nf − f_min = {gap:.2g}"


def test_loss_per_step_in_epochs():
    s = surfaces.bowl()
    path = optim.descend(s.gradient, s.start("upper left"), 0.5, 20)
    fig = plots.loss_per_step(s, {"run": path}, steps_per_epoch={"run": 4})
    ax = fig.axes[0]
    assert np.allclose(ax.lines[0].get_xdata(), np.arange(21) / 4)
    assert "epoch" in ax.get_xlabel()


def test_descent_paths_draws_the_eigenvector_axes():
    s = surfaces.quadratic([[5.0, 2.0], [2.0, 2.0]], name="tilted")
    path = optim.descend(s.gradient, s.start("upper left"), 0.3, 10)
    fig = plots.descent_paths(s, {"η = 0.3": path}, eigenvectors=True)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any("λ₁ = 1" in t for t in labels) and any("λ₂ = 6" in t for t in labels)
    with pytest.raises(ValueError, match="quadratic"):
        plots.descent_paths(surfaces.two_minima(), {"p": path}, eigenvectors=True)


def test_loss_per_step_per_gradient_evaluation():
    s = surfaces.bowl()
    path = optim.descend(s.gradient, s.start("upper left"), 0.5, 5)
    fig = plots.loss_per_step(s, {"run": path}, samples_per_step={"run": 32}, epoch_size=100)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and "gradient evaluations" in ax.get_xlabel()
    assert np.allclose(ax.lines[0].get_xdata(), [1, 32, 64, 96, 128, 160])  # the start at 1
    assert ax.lines[0].get_drawstyle() == "steps-post"
    with pytest.raises(ValueError, match="not both"):
        plots.loss_per_step(
            s, {"run": path}, steps_per_epoch={"run": 1}, samples_per_step={"run": 1}
        )
