"""Universal approximation by hand (lesson 04): bumps and hats (width), the sawtooth (depth)."""

import itertools
import re

import numpy as np
import pytest
from _helpers import strict

from nnmath import MLP, Dense, approx


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _identity_net():
    return MLP.from_layers([Dense.from_weights([[1.0]], [0.0], "identity")])


# --- width: bumps -------------------------------------------------------------------------


def test_bump_width_by_hand():
    # sigmoid: 4 bins of [−1, 3] are 1 wide; relu: 5 hat centres −1, 0, …, 3 are 1 apart
    assert approx.bump_width(4, -1, 3, "sigmoid") == pytest.approx(1.0)
    assert approx.bump_width(5, -1, 3, "relu") == pytest.approx(1.0)
    assert approx.bump_width(1, -1, 3, "relu") == pytest.approx(2.0)  # one hat spans it all


def test_one_sigmoid_bump_by_hand():
    net = approx.bump_network(lambda x: 2.0 + 0 * x, 1, 0.0, 1.0, "sigmoid", sharpness=10.0)
    hidden, out = net.layers
    # one bin [0, 1] widened by half a bin each side: edges −0.5 and 1.5; k = 10 / 1
    assert np.allclose(hidden.W, [[10.0, 10.0]])
    assert np.allclose(hidden.b, [5.0, -15.0])
    assert np.allclose(out.W, [[2.0], [-2.0]]) and np.allclose(out.b, [0.0])
    x = np.array([0.5, -3.0, 4.0])
    expected = 2.0 * (_sigmoid(10 * (x + 0.5)) - _sigmoid(10 * (x - 1.5)))
    assert np.allclose(net.forward(x[:, None])[:, 0], expected)
    assert np.isclose(expected[0], 2.0, atol=1e-3) and np.all(np.abs(expected[1:]) < 1e-6)


def test_one_relu_hat_by_hand():
    net = approx.bump_network(lambda x: 3.0 + 0 * x, 1, 0.0, 2.0, "relu")
    x = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 3.0])
    # a tent of height 3 at the centre 1 with half-width 1
    assert np.allclose(net.forward(x[:, None])[:, 0], [0.0, 1.5, 3.0, 1.5, 0.0, 0.0])


def test_relu_hats_join_the_dots():
    net = approx.bump_network(np.sin, 6, 0.0, 3.0, "relu")
    nodes = np.linspace(0.0, 3.0, 6)
    assert np.allclose(net.forward(nodes[:, None])[:, 0], np.sin(nodes))
    # halfway between two nodes, the straight line's value: the mean of theirs
    mids = (nodes[:-1] + nodes[1:]) / 2
    assert np.allclose(
        net.forward(mids[:, None])[:, 0], (np.sin(nodes[:-1]) + np.sin(nodes[1:])) / 2
    )
    assert net.sizes == [1, 18, 1]


def test_units_per_bump_counts_the_hidden_units():
    # 5 sigmoid bumps: a step up and a step down each; 5 ReLU hats: 3 kinks each
    assert approx.bump_network(np.cos, 5, -2, 2, "sigmoid").sizes == [1, 10, 1]
    assert approx.bump_network(np.cos, 5, -2, 2, "relu").sizes == [1, 15, 1]
    for kind, per_bump in approx.UNITS_PER_BUMP.items():
        assert approx.bump_network(np.cos, 4, -2, 2, kind).sizes[1] == 4 * per_bump


def test_more_sigmoid_bumps_fit_better():
    target = np.cos
    errors = [
        approx.approximation_error(approx.bump_network(target, n, -3, 3), target, -3, 3)
        for n in (4, 8, 16, 32)
    ]
    assert all(a > b for a, b in itertools.pairwise(errors))
    assert errors[-1] < 0.1


@pytest.mark.parametrize("kind", ["sigmoid", "relu"])
def test_bump_contributions_add_up_to_the_output(kind):
    net = approx.bump_network(np.cos, 5, -2, 2, kind)
    x = np.linspace(-2, 2, 31)
    parts = approx.bump_contributions(net, x)
    assert parts.shape == (31, 5)
    assert np.allclose(parts.sum(axis=1), net.forward(x[:, None])[:, 0])


def test_bump_contributions_of_one_relu_hat_by_hand():
    net = approx.bump_network(lambda x: 3.0 + 0 * x, 1, 0.0, 2.0, "relu")
    assert np.allclose(approx.bump_contributions(net, [0.5, 1.0]), [[1.5], [3.0]])


def test_bump_contributions_refuses_other_networks():
    x = np.linspace(-1, 1, 5)
    for net in (MLP([1, 4, 1], hidden="tanh", rng=0), MLP([1, 3, 3, 1], rng=0), _identity_net()):
        with pytest.raises(ValueError, match="bump_network"):
            approx.bump_contributions(net, x)


def test_bump_network_refuses_bad_input():
    with pytest.raises(ValueError, match="kind"):
        approx.bump_network(np.cos, 3, 0, 1, "tanh")
    with pytest.raises(ValueError, match="n_bumps"):
        approx.bump_network(np.cos, 0, 0, 1)
    with pytest.raises(ValueError, match="n_bumps"):
        approx.bump_network(np.cos, 2.5, 0, 1)
    with pytest.raises(ValueError, match="lo < hi"):
        approx.bump_network(np.cos, 3, 1, 1)
    with pytest.raises(ValueError, match="sharpness"):
        approx.bump_network(np.cos, 3, 0, 1, sharpness=0)
    with pytest.raises(ValueError, match="target"):
        approx.bump_network(lambda x: 1.0, 3, 0, 1)


# --- the error of an approximation --------------------------------------------------------


def test_approximation_error_by_hand():
    # max over [0, 1] of x − x² is at x = ½: ½ − ¼
    assert np.isclose(approx.approximation_error(_identity_net(), np.square, 0, 1, 101), 0.25)
    # on 3 points 0, ½, 1 only the middle one misses; on [1, 2] the miss x² − x is largest at 2
    assert np.isclose(approx.approximation_error(_identity_net(), np.square, 0, 1, 3), 0.25)
    assert np.isclose(approx.approximation_error(_identity_net(), np.square, 1, 2, 2), 2.0)


def test_approximation_error_refuses_bad_input():
    with pytest.raises(ValueError, match="lo < hi"):
        approx.approximation_error(_identity_net(), np.square, 1, 0)
    with pytest.raises(ValueError, match="res"):
        approx.approximation_error(_identity_net(), np.square, 0, 1, res=1)
    with pytest.raises(ValueError, match="one input and one output"):
        approx.approximation_error(MLP([2, 3, 1], rng=0), np.square, 0, 1)
    with pytest.raises(ValueError, match="target"):
        approx.approximation_error(_identity_net(), lambda x: 0.0, 0, 1)


# --- one wide layer: joining the dots -----------------------------------------------------


def test_relu_interpolant_weights_by_hand():
    net = approx.relu_interpolant(np.square, 2, 0, 1)
    hidden, out = net.layers
    # knots 0, ½, 1; slopes of x² between them ¼/½ = ½ and ¾/½ = 3/2; changes ½ and 1
    assert np.allclose(hidden.b, [0.0, -0.5]) and np.allclose(hidden.W, [[1.0, 1.0]])
    assert np.allclose(out.W, [[0.5], [1.0]]) and np.allclose(out.b, [0.0])


def test_relu_interpolant_joins_the_dots_of_x_squared():
    for units in (1, 3, 7):
        net = approx.relu_interpolant(np.square, units, 0, 1)
        knots = np.linspace(0, 1, units + 1)
        assert np.allclose(net.forward(knots[:, None])[:, 0], knots**2)
        # joining x² with spacing h misses by h²/4 at the middle of each piece
        err = approx.approximation_error(net, np.square, 0, 1, 2 * units * 8 + 1)
        assert np.isclose(err, 0.25 / units**2)


def test_relu_interpolant_refuses_bad_input():
    with pytest.raises(ValueError, match="units"):
        approx.relu_interpolant(np.square, 0, 0, 1)
    with pytest.raises(ValueError, match="lo < hi"):
        approx.relu_interpolant(np.square, 3, 1, 1)


# --- depth: the sawtooth ------------------------------------------------------------------


def test_sawtooth_by_hand():
    x = np.linspace(0, 1, 9)
    assert np.allclose(approx.sawtooth(x, 0), x)
    assert np.allclose(approx.sawtooth(x, 1), [0, 0.25, 0.5, 0.75, 1, 0.75, 0.5, 0.25, 0])
    assert np.allclose(approx.sawtooth(x, 2), [0, 0.5, 1, 0.5, 0, 0.5, 1, 0.5, 0])
    with pytest.raises(ValueError, match="depth"):
        approx.sawtooth(x, -1)


@pytest.mark.parametrize("depth", [0, 1, 2, 3, 5])
def test_sawtooth_network_is_x_minus_folds_and_fits_x_squared(depth):
    net = approx.sawtooth_network(depth)
    assert net.sizes == [1] + [3] * depth + [1]
    x = np.linspace(0, 1, 257)
    # the tent by hand, folded s times, in plain NumPy
    tent = lambda g: np.where(g < 0.5, 2 * g, 2 - 2 * g)  # noqa: E731
    g, expected = x.copy(), x.copy()
    for s in range(1, depth + 1):
        g = tent(g)
        expected -= g / 4**s
    assert np.allclose(net.forward(x[:, None])[:, 0], expected)
    assert np.isclose(
        approx.approximation_error(net, np.square, 0, 1, 1025), 2.0 ** (-2 * depth - 2)
    )


def test_sawtooth_network_refuses_bad_depth():
    with pytest.raises(ValueError, match="depth"):
        approx.sawtooth_network(-1)
    with pytest.raises(ValueError, match="depth"):
        approx.sawtooth_network(2.5)
    assert approx.sawtooth_network(2.0).sizes == [1, 3, 3, 1]  # a whole float is a count


def test_depth_vs_width_by_hand():
    units, deep, shallow = approx.depth_vs_width(4)
    m = np.arange(1, 5)
    assert np.array_equal(units, 3 * m)
    assert np.allclose(deep, 2.0 ** (-2 * m - 2))  # 2^m pieces of width h: h²/4
    assert np.allclose(shallow, 0.25 / (3 * m) ** 2)  # 3m pieces
    with pytest.raises(ValueError, match="max_depth"):
        approx.depth_vs_width(0)


def test_relu_interpolants_differ_by_the_sawtooth_over_four_to_the_s():
    # Yarotsky's step: halving every interval lowers each midpoint by (Δ/2)² = 4^(−s)
    x = np.linspace(0, 1, 513)
    for s in range(1, 5):
        coarse = approx.relu_interpolant(np.square, 2 ** (s - 1), 0, 1).forward(x[:, None])
        fine = approx.relu_interpolant(np.square, 2**s, 0, 1).forward(x[:, None])
        assert np.allclose(coarse[:, 0] - fine[:, 0], approx.sawtooth(x, s) / 4**s)


# --- the triangle and regions of the plane ------------------------------------------------


def test_triangle_network_by_hand():
    net = approx.triangle_network(2.0)
    hidden, out = net.layers
    assert np.allclose(hidden.W, [[0.0, 8.0, -8.0], [8.0, -4.0, -4.0]])
    assert np.allclose(hidden.b, [8.0, 8.0, 8.0])
    assert np.allclose(out.W, [[10.0], [10.0], [10.0]]) and np.allclose(out.b, [-25.0])
    # at the origin every z is 8: ŷ = σ(30 σ(8) − 25)
    y0 = net.forward([[0.0, 0.0]])[0, 0]
    assert np.isclose(y0, _sigmoid(30 * _sigmoid(8.0) - 25))
    with pytest.raises(ValueError, match="sharpness"):
        approx.triangle_network(0)


def test_region_areas_of_a_half_plane_by_hand():
    # ŷ = σ(x₁): the region ŷ > ½ and the "polygon" z > 0 are both x₁ > 0, half the box
    net = MLP.from_layers(
        [
            Dense.from_weights([[1.0], [0.0]], [0.0], "identity"),
            Dense.from_weights([[1.0]], [0.0], "sigmoid"),
        ]
    )
    areas = approx.region_areas(net, lim=1.0, res=10)
    assert areas == pytest.approx({"region": 2.0, "polygon": 2.0, "both": 2.0})


def test_triangle_region_lies_inside_the_triangle_and_fills_it_as_it_sharpens():
    fractions = []
    for s in (0.5, 1.0, 2.0, 4.0, 8.0):
        areas = approx.region_areas(approx.triangle_network(s), 2.5, 300)
        assert areas["polygon"] == pytest.approx(4.5, abs=0.03)  # ½ · base 3 · height 3
        assert areas["both"] == areas["region"]  # if one unit is < ½, the sum is < 2.5
        fractions.append(areas["region"] / approx.TRIANGLE_AREA)
    assert all(a < b for a, b in itertools.pairwise(fractions))
    assert fractions[1] < 0.9 and fractions[-1] > 0.99


def test_region_areas_refuses_bad_input():
    with pytest.raises(ValueError, match="two inputs and one output"):
        approx.region_areas(MLP([1, 3, 1], rng=0))
    with pytest.raises(ValueError, match="res"):
        approx.region_areas(approx.triangle_network(), res=1)
    with pytest.raises(ValueError, match="lim"):
        approx.region_areas(approx.triangle_network(), lim=0)


def _line_accuracy(X, y, line):
    return np.mean(((np.asarray(X) @ line["w"] + line["c"]) > 0) == (np.asarray(y) == 1))


def test_best_line_by_hand():
    xor = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    line = approx.best_line(xor, [0, 1, 1, 0])
    assert line["accuracy"] == 0.75  # no line gets XOR; one gets 3 of 4
    assert _line_accuracy(xor, [0, 1, 1, 0], line) == 0.75
    line = approx.best_line([[0.0, 0.0], [1.0, 2.0]], [1, 0])
    assert line["accuracy"] == 1.0 and _line_accuracy([[0, 0], [1, 2]], [1, 0], line) == 1.0
    # three points on a line labelled 0, 1, 0: any line cuts it once, so 2 of 3 at best
    pts = [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]
    assert approx.best_line(pts, [0, 1, 0])["accuracy"] == pytest.approx(2 / 3)
    # duplicate points with different labels: a line cannot split them
    assert approx.best_line([[1.0, 1.0], [1.0, 1.0]], [0, 1])["accuracy"] == 0.5


def test_best_line_finds_separating_lines_that_a_coarse_search_misses():
    # two thin clusters separable only by lines within ~0.6° of one direction
    rng = np.random.default_rng(0)
    t = rng.uniform(-1, 1, 40)
    X = np.column_stack([t, 0.01 * t + np.where(np.arange(40) < 20, 0.003, -0.003)])
    y = (np.arange(40) < 20).astype(int)
    line = approx.best_line(X, y)
    assert line["accuracy"] == 1.0 and _line_accuracy(X, y, line) == 1.0


def test_best_line_refuses_bad_input():
    with pytest.raises(ValueError, match="one label per row"):
        approx.best_line([[0.0, 0.0], [1.0, 1.0]], [0, 1, 1])
    with pytest.raises(ValueError, match="labels 0 and 1"):
        approx.best_line([[0.0, 0.0], [1.0, 1.0]], [0, 2])
    with pytest.raises(ValueError, match="2 to 400 points"):
        approx.best_line(np.zeros((401, 2)), np.zeros(401))
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        approx.best_line(np.zeros((3, 3)), [0, 1, 0])


def test_one_unit_per_kink_of_one_hat_by_hand():
    hat = approx.bump_network(lambda x: 3.0 + 0 * x, 1, 0.0, 2.0, "relu")  # tent 0 → 3 → 0
    kinks = approx.one_unit_per_kink(hat)
    assert np.allclose(-kinks.layers[0].b, [0.0, 1.0, 2.0])
    assert np.allclose(kinks.layers[1].W[:, 0], [3.0, -6.0, 3.0])  # slope 0 → 3 → −3 → 0


def test_one_unit_per_kink_merges_the_shared_kinks_of_hats():
    net = approx.bump_network(np.cos, 5, -2, 2, "relu")  # 15 units
    kinks = approx.one_unit_per_kink(net)
    assert kinks.sizes == [1, 5 + 2, 1]  # kinks at the 5 centres and one step past each end
    x = np.linspace(-4, 4, 401)[:, None]
    assert np.allclose(kinks.forward(x), net.forward(x))
    # a network with one unit per kink already stays as it is
    wide = approx.relu_interpolant(np.sin, 6, 0, 3)
    assert approx.one_unit_per_kink(wide).sizes == [1, 6, 1]


def test_one_unit_per_kink_refuses_other_networks():
    for net in (approx.bump_network(np.cos, 2, 0, 1, "sigmoid"), MLP([1, 3, 1], "relu", rng=0)):
        with pytest.raises(ValueError, match="one_unit_per_kink needs"):
            approx.one_unit_per_kink(net)


# --- hostile input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: approx.bump_width(True, 0, 1),
            TypeError,
            "n_bumps must be a whole number >= 1, got True",
        ),
        (
            lambda: approx.bump_width("3", 0, 1),
            TypeError,
            "n_bumps must be a whole number >= 1, got '3'",
        ),
        (
            lambda: approx.bump_width(3, 0, np.inf),
            ValueError,
            "hi must be a finite number, got inf",
        ),
        (
            lambda: approx.bump_width(3, np.nan, 1),
            ValueError,
            "lo must be a finite number, got nan",
        ),
        (lambda: approx.bump_width(3, "0", 1), TypeError, "lo must be a finite number, got '0'"),
        (
            lambda: approx.bump_width(3, -1e308, 1e308),
            ValueError,
            "hi − lo must be a finite number",
        ),
        (lambda: approx.bump_width(3, 0, 1, ["relu"]), ValueError, "kind must be one of"),
        (
            lambda: approx.bump_network(np.cos, 3, 0, 1, sharpness=np.inf),
            ValueError,
            "sharpness must be a finite number > 0, got inf",
        ),
        (
            lambda: approx.bump_network(np.cos, 3, 0, 1, sharpness="10"),
            TypeError,
            "sharpness must be a finite number > 0",
        ),
        (
            lambda: approx.bump_network("cos", 3, 0, 1),
            TypeError,
            "target must be a function y = target(x), got 'cos'",
        ),
        (
            lambda: approx.bump_network(lambda x: x * 1j, 3, 0, 1),
            TypeError,
            "target(x) must hold real numbers",
        ),
        (
            lambda: approx.bump_network(lambda x: np.full_like(x, np.nan), 3, -1, 1),
            ValueError,
            "target(x) contains NaN",
        ),
        (
            lambda: approx.relu_interpolant(np.square, 2.5, 0, 1),
            ValueError,
            "units must be a whole number >= 1, got 2.5",
        ),
        (
            lambda: approx.relu_interpolant(np.square, np.inf, 0, 1),
            ValueError,
            "units must be a whole number >= 1, got inf",
        ),
        (lambda: approx.relu_interpolant(None, 3, 0, 1), TypeError, "target must be a function"),
        (
            lambda: approx.approximation_error(_identity_net(), np.square, 0, 1, 2.5),
            ValueError,
            "res must be a whole number >= 2, got 2.5",
        ),
        (
            lambda: approx.approximation_error(_identity_net(), np.square, 0, 1, True),
            TypeError,
            "res must be a whole number >= 2, got True",
        ),
        (
            lambda: approx.sawtooth([0.5], "2"),
            TypeError,
            "depth must be a whole number >= 0, got '2'",
        ),
        (
            lambda: approx.sawtooth([], 1),
            ValueError,
            "x must hold at least one number, got shape (0,)",
        ),
        (lambda: approx.sawtooth([np.nan], 1), ValueError, "x contains NaN"),
        (lambda: approx.sawtooth([1j], 1), TypeError, "x must hold real numbers"),
        (
            lambda: approx.sawtooth_network(np.inf),
            ValueError,
            "depth must be a whole number >= 0, got inf",
        ),
        (
            lambda: approx.depth_vs_width(1.5),
            ValueError,
            "max_depth must be a whole number >= 1, got 1.5",
        ),
        (
            lambda: approx.depth_vs_width(1, res=1),
            ValueError,
            "res must be a whole number >= 2, got 1",
        ),
    ],
)
def test_hostile_numbers_are_refused_by_name(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call()


@pytest.mark.parametrize(
    ("x", "message"),
    [
        ([], "got (0,)"),
        (np.ones((2, 2)), "got (2, 2)"),
        (0.5, "got ()"),
        (["a"], "x must hold numbers"),
    ],
)
def test_bump_contributions_needs_points_of_shape_m(x, message):
    net = approx.bump_network(np.cos, 3, 0, 1)
    with pytest.raises((TypeError, ValueError), match=re.escape(message)):
        approx.bump_contributions(net, x)


def test_numpy_numbers_are_taken():
    net = approx.bump_network(
        np.cos, np.int64(3), np.float32(0.0), np.float64(1.0), "relu", np.float32(5)
    )
    assert net.sizes == [1, 9, 1]
    assert approx.bump_width(np.int64(4), 0, np.float32(1.0)) == 0.25
    assert approx.sawtooth(np.float32(0.25), np.int64(1)) == 0.5


def test_sawtooth_of_huge_x_overflows_to_minus_inf_without_a_warning():
    with strict():
        g = approx.sawtooth([1e308, -1e308, 0.75, 1e307], 1)
        g2 = approx.sawtooth([1e308], 2)
    np.testing.assert_array_equal(g, [-np.inf, 0.0, 0.5, 2 - 2e307])
    np.testing.assert_array_equal(g2, [0.0])  # a fold of −inf is 0, as by hand


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: approx.bump_network(np.sin, 10**15, 0, 1),
            "the hidden layer's W (1, units) would hold 2e+15 numbers",
        ),
        (
            lambda: approx.bump_network(np.sin, 10**15, 0, 1, kind="relu"),
            "the hidden layer's W (1, units) would hold 3e+15 numbers",
        ),
        (
            lambda: approx.relu_interpolant(np.sin, 10**15, 0, 1),
            "the hidden layer's W (1, units) would hold 1e+15 numbers",
        ),
        (
            lambda: approx.approximation_error(_identity_net(), np.sin, 0, 1, 10**15),
            "the network's widest layer on res points would hold 1e+15 numbers",
        ),
        (
            lambda: approx.approximation_error(
                approx.relu_interpolant(np.sin, 100, 0, 1), np.sin, 0, 1, 10**7
            ),
            "1e+09 numbers, more than the 1e+08 this course allows (shape (10000000, 100))",
        ),
        (
            lambda: approx.depth_vs_width(2, 10**15),
            "the widest layer on res points would hold 6e+15 numbers",
        ),
    ],
)
def test_sizes_no_machine_can_allocate_are_refused_before_allocating(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
