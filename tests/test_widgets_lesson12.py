"""The widget of lesson 12: the optimiser race."""

import numpy as np
import pytest

from nnmath import optim, surfaces, widgets
from nnmath.widgets.base import RefusedValue


@pytest.fixture(scope="module")
def race():
    return widgets.optimiser_race(steps=30)


def test_the_race_runs_the_four_optimisers_of_the_core(race):
    s = race.update(surface="valley", start="upper left", lr=0.05, beta1=0.8, beta2=0.99, steps=30)
    valley = surfaces.valley()
    x0 = valley.start("upper left")
    expected = {
        "SGD": optim.SGD(0.05),
        "momentum": optim.SGD(0.05, momentum=0.8),
        "RMSProp": optim.RMSProp(0.05, beta=0.99),
        "Adam": optim.Adam(0.05, beta1=0.8, beta2=0.99),
    }
    for name, opt in expected.items():
        run = optim.trajectory(valley.gradient, x0, opt, 30)
        np.testing.assert_array_equal(s["runs"][name]["x"], run["x"])
        np.testing.assert_allclose(race.paths[name]["line"].get_xdata(), run["x"][:, 0])
        assert s["gap"][name] == pytest.approx(valley.gap(run["x"][-1])[0])
        assert not s["diverged"][name]
    np.testing.assert_allclose(s["effective_lr"]["SGD"], 0.05)  # plain descent: η everywhere


def test_the_equation_shows_the_chosen_optimisers_last_numbers(race):
    s = race.update(surface="valley", show="Adam", steps=5, lr=0.1, beta1=0.9, beta2=0.999)
    adam = s["runs"]["Adam"]
    eq = race.equation.value
    assert "Adam" in eq and r"\hat m" in eq and "t = 5" in eq
    assert f"{adam['v'][-1][1]:.3f}".replace("-", "−") in eq
    assert f"{1 - 0.9**5:.3f}" in eq  # 1 − β₁ᵗ
    race.update(show="RMSProp")
    assert r"\sqrt{v}" in race.equation.value and "m =" not in race.equation.value
    race.update(show="SGD")
    assert "v =" not in race.equation.value


def test_the_saddle_and_two_minima_surfaces_and_a_redraw(race):
    png = race.image.value
    s = race.update(surface="saddle", start="upper left", lr=0.1, steps=100, show="Adam")
    assert race.image.value != png
    assert race.ax_path.get_title() == "the race on the saddle surface"
    leave = {n: int(np.argmax(np.abs(r["x"][:, 1]) > 0.5)) for n, r in s["runs"].items()}
    assert leave["Adam"] < leave["momentum"] < leave["SGD"]
    s = race.update(surface="two minima", start="lower right", lr=0.05, steps=100)
    assert race.surface.name == "two minima" and s["runs"]["SGD"]["x"][-1][0] > 0  # local minimum


def test_a_run_that_runs_away_is_reported(race):
    s = race.update(surface="valley", start="upper left", lr=0.5, beta1=0.0, steps=100)
    assert s["diverged"]["SGD"] and "ran away" in race.equation.value
    race.update(lr=0.05, beta1=0.9)


def test_values_the_controls_cannot_show_are_refused(race):
    with pytest.raises(RefusedValue, match=r"lr must be a finite number in \[0.001, 1\]"):
        race.update(lr=5.0)
    with pytest.raises(RefusedValue, match="show"):
        race.update(show="Nadam")
    with pytest.raises(RefusedValue, match="surface"):
        race.update(surface="bowl")  # lesson 06's bowl is not a race ground
    with pytest.raises(ValueError, match="max_steps"):
        widgets.optimiser_race(max_steps=10**6)


def test_a_slider_drag_reruns_the_race(race):
    race.update(surface="valley", steps=20)
    race.controls["steps"].value = 25
    assert len(race.state["runs"]["Adam"]["x"]) == 26
