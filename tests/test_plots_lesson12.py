"""Plots of lesson 12 (optimisers): what they draw is the core's numbers.

That every figure has a title and axis labels is tested in test_accessibility.py."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnmath import optim, plots, surfaces
from nnmath.plots.optimisers import EFFECTIVE_LIM, median_effective_lr


def _runs():
    s = surfaces.valley()
    return {
        "SGD": optim.trajectory(s.gradient, [1.5, 1.5], optim.SGD(0.05), 20),
        "Adam": optim.trajectory(s.gradient, [1.5, 1.5], optim.Adam(0.05), 20),
    }


def test_ema_weights_draws_each_curve_and_its_window():
    weights = {0.9: 0.1 * 0.9 ** np.arange(30), 0.5: 0.5 * 0.5 ** np.arange(30)}
    fig = plots.ema_weights(weights)
    ax = fig.axes[0]
    curves = [line for line in ax.get_lines() if len(line.get_xdata()) == 30]
    np.testing.assert_allclose(curves[0].get_ydata(), weights[0.9])
    windows = sorted(line.get_xdata()[0] for line in ax.get_lines() if len(line.get_xdata()) == 2)
    np.testing.assert_allclose(windows, [2, 10])  # 1/(1 − β)
    assert ax.get_yscale() == "log"
    with pytest.raises(ValueError, match="weights"):
        plots.ema_weights({})


def test_bias_correction_draws_m_and_m_hat_against_the_mean():
    m = np.array([0.2, 0.38, 0.542])
    fig = plots.bias_correction(m, m / (1 - 0.9 ** np.arange(1, 4)), 2.0)
    lines = fig.axes[0].get_lines()
    np.testing.assert_allclose(lines[1].get_ydata(), m)
    np.testing.assert_allclose(lines[2].get_ydata(), 2.0)
    np.testing.assert_allclose(lines[1].get_xdata(), [1, 2, 3])  # steps count from t = 1


def test_step_sizes_draw_the_gradients_and_the_steps_of_each_run():
    runs = _runs()
    fig = plots.step_sizes(runs)
    assert len(fig.axes) == 2
    lines = fig.axes[1].get_lines()  # Adam: |g₁|, |Δp₁|, |g₂|, |Δp₂|
    np.testing.assert_allclose(lines[0].get_ydata(), np.abs(runs["Adam"]["grad"][:, 0]))
    np.testing.assert_allclose(lines[3].get_ydata(), np.abs(runs["Adam"]["step"][:, 1]))


def test_schedule_curves_draw_the_core_schedules():
    cos = optim.cosine(0.1, 50)
    fig = plots.schedule_curves({"cosine": cos, "warm": optim.warmup(0.1, 10)}, 60)
    lines = fig.axes[0].get_lines()
    np.testing.assert_allclose(lines[0].get_ydata(), [cos(t) for t in range(60)])
    assert lines[1].get_ydata()[0] == pytest.approx(0.01)


def test_lr_sweep_rings_each_optimisers_best_mean():
    scores = {
        "Adam": {1e-3: [0.8, 0.82], 1e-2: [0.9, 0.92], 1e-1: [0.85, 0.7]},
        "SGD+momentum": {0.1: [0.95, 0.95], 1.0: [0.5, 0.6]},
    }
    fig = plots.lr_sweep(scores)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    rings = [line for line in ax.get_lines() if line.get_marker() == "o" and line.get_ms() == 12]
    assert [(r.get_xdata()[0], r.get_ydata()[0]) for r in rings] == [(1e-2, 0.91), (0.1, 0.95)]


def test_effective_lr_bars_show_the_median_per_coordinate():
    runs = _runs()
    np.testing.assert_allclose(median_effective_lr(runs["SGD"]), 0.05)  # plain descent: η
    fig = plots.race_panels("valley", runs)
    bars = [p for p in fig.axes[1].patches]
    heights = np.array([b.get_height() + b.get_y() for b in bars]).reshape(2, 2)
    np.testing.assert_allclose(heights[0], 0.05)
    np.testing.assert_allclose(heights[1], median_effective_lr(runs["Adam"]))
    assert isinstance(fig, Figure)
    # A NaN (no gradient) draws no bar; a huge value is clipped to the axis.
    _fig, ax = plots.figure()
    artists = plots.draw_effective_lr(ax, ["a"])
    plots.update_effective_lr(artists, [[np.nan, 1e9]])
    b1, b2 = artists["bars"][0]
    assert b1.get_height() == 0 and b2.get_y() + b2.get_height() == pytest.approx(
        EFFECTIVE_LIM[1] * 10
    )


def test_median_effective_lr_of_a_run_without_steps_is_nan():
    s = surfaces.valley()
    run = optim.trajectory(s.gradient, [1.0, 1.0], optim.Adam(0.1), 0)
    assert np.all(np.isnan(median_effective_lr(run)))
