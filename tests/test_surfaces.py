"""Surfaces for 2-D descent: values and gradients against central differences, the
Hessian's eigenvalues against second differences, and the step-size limit against
the heavy-ball recursion and descent itself."""

import re

import numpy as np
import pytest
from _helpers import strict

from nnmath import losses, optim, surfaces
from nnmath.activations import sigmoid


def _central_gradient(f, p, eps=1e-5):
    return np.array([(f(p + e) - f(p - e)) / (2 * eps) for e in np.eye(2) * eps])


def _hessian_from_values(f, p, h=1e-2):
    """Second differences of f alone (exact up to rounding for a quadratic)."""
    e1, e2 = np.array([h, 0.0]), np.array([0.0, h])
    f11 = (f(p + e1) - 2 * f(p) + f(p - e1)) / h**2
    f22 = (f(p + e2) - 2 * f(p) + f(p - e2)) / h**2
    f12 = (f(p + e1 + e2) - f(p + e1 - e2) - f(p - e1 + e2) + f(p - e1 - e2)) / (4 * h**2)
    return np.array([[f11, f12], [f12, f22]])


def _eig2(H):
    """Eigenvalues of a symmetric 2 × 2 matrix from its trace and determinant, smallest first."""
    tr, det = H[0, 0] + H[1, 1], H[0, 0] * H[1, 1] - H[0, 1] * H[1, 0]
    root = np.sqrt(tr * tr / 4 - det)
    return np.array([tr / 2 - root, tr / 2 + root])


# ---------------------------------------------------------------- quadratics


def test_quadratic_value_gradient_and_limit():
    H = np.array([[2.0, 0.5], [0.5, 1.0]])
    s = surfaces.quadratic(H)
    p = np.array([0.7, -1.3])
    assert s(p) == pytest.approx(0.5 * p @ H @ p)
    np.testing.assert_allclose(s.gradient(p), H @ p)
    np.testing.assert_allclose(s.gradient(p), _central_gradient(s, p), rtol=1e-7)
    lam = _eig2(H)  # (3 ± √2)/2 … by trace and determinant
    np.testing.assert_allclose(lam, [(3 - np.sqrt(2)) / 2, (3 + np.sqrt(2)) / 2])
    np.testing.assert_allclose(s.eigenvalues, lam)
    assert s.lr_limit == pytest.approx(2 / lam[1])
    assert s.f_min == 0.0
    P = np.random.default_rng(0).normal(size=(4, 3, 2))
    assert s(P).shape == (4, 3)
    assert s.gradient(P).shape == (4, 3, 2)
    np.testing.assert_allclose(s.gradient(P)[2, 1], H @ P[2, 1])


@pytest.mark.parametrize(
    ("H", "message"),
    [
        (np.eye(3), "shape"),
        ([[1.0, 2.0], [0.0, 1.0]], "symmetric"),
        ([[1.0, 0.0], [0.0, -1.0]], "positive definite"),
        ([[0.0, 0.0], [0.0, 1.0]], "positive definite"),
        ([[np.nan, 0.0], [0.0, 1.0]], "NaN"),
    ],
)
def test_quadratic_rejects_bad_hessians(H, message):
    with pytest.raises(ValueError, match=message):
        surfaces.quadratic(H)


@pytest.mark.parametrize("make", [surfaces.bowl, surfaces.valley])
def test_named_quadratics_eigenvalues_from_second_differences(make):
    s = make()
    # The Hessian from f's values alone, at a point away from the minimum.
    H = _hessian_from_values(s, np.array([0.9, -0.4]))
    lam = _eig2(H)
    np.testing.assert_allclose(s.eigenvalues, lam, rtol=1e-6)
    assert s.lr_limit == pytest.approx(2 / lam[1], rel=1e-6)
    # The gradient agrees with f.
    for p in np.random.default_rng(2).uniform(-1.5, 1.5, (4, 2)):
        np.testing.assert_allclose(s.gradient(p), _central_gradient(s, p), rtol=1e-7, atol=1e-9)


def test_bowl_and_valley_match_their_formulas():
    # ½(p₁² + 0.8 p₂²) and ½(0.5 p₁² + 10 p₂²), as the docstrings and lesson 06 write them.
    p = np.array([1.3, -0.7])
    assert surfaces.bowl()(p) == pytest.approx(0.5 * (1.3**2 + 0.8 * 0.7**2))
    assert surfaces.valley()(p) == pytest.approx(0.5 * (0.5 * 1.3**2 + 10 * 0.7**2))


def test_named_surfaces_and_get_surface():
    b = surfaces.bowl()
    assert set(surfaces.SURFACES) == {"bowl", "valley", "two minima"}
    assert surfaces.get_surface("valley").name == "valley"
    assert surfaces.get_surface(b) is b
    for name in surfaces.SURFACES:
        s = surfaces.get_surface(name)
        assert set(s.starts) == set(surfaces.START_NAMES)
        for p in s.starts.values():
            assert s.xlim[0] < p[0] < s.xlim[1] and s.ylim[0] < p[1] < s.ylim[1]
        assert repr(s).startswith("<Surface")
        P1, P2, F = s.grid(7)
        assert P1.shape == P2.shape == F.shape == (7, 7)
        assert F[3, 5] == pytest.approx(s([P1[3, 5], P2[3, 5]]))
    with pytest.raises(ValueError, match="unknown surface"):
        surfaces.get_surface("saddle")
    with pytest.raises(ValueError, match="unknown start"):
        b.start("middle")
    with pytest.raises(ValueError, match="shape"):
        b(np.zeros(3))
    with pytest.raises(ValueError, match="shape"):
        b.gradient(np.zeros((2, 3)))


def test_surface_rejects_a_bad_window_or_minimum():
    def f(p1, p2):
        return p1 * p1 + p2 * p2

    def g(p1, p2):
        return 2 * p1, 2 * p2

    with pytest.raises(ValueError, match="xlim"):
        surfaces.Surface("s", f, g, (1, -1), (-1, 1), (0, 0), {})
    with pytest.raises(ValueError, match="ylim"):
        surfaces.Surface("s", f, g, (-1, 1), (0,), (0, 0), {})
    with pytest.raises(ValueError, match="minimum"):
        surfaces.Surface("s", f, g, (-1, 1), (-1, 1), (0, 0, 0), {})


def test_two_minima_gradient_and_minima():
    s = surfaces.two_minima()
    rng = np.random.default_rng(1)
    for p in rng.uniform(-1.5, 1.5, (5, 2)):
        np.testing.assert_allclose(s.gradient(p), _central_gradient(s, p), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(s.gradient(s.minimum), 0, atol=1e-9)
    assert s.minimum[0] < 0  # the tilt +0.3·p₁ makes the left well the deeper one
    assert s.hessian is None and s.lr_limit is None and s.eigenvalues is None
    # Descent from the right-hand starts settles in the other, higher (local) minimum.
    path = optim.descend(s.gradient, s.start("upper right"), 0.05, 300)
    assert path[-1][0] > 0 and s(path[-1]) > s.f_min + 0.3
    path = optim.descend(s.gradient, s.start("upper left"), 0.05, 300)
    np.testing.assert_allclose(path[-1], s.minimum, atol=1e-4)
    with pytest.raises(ValueError, match="tilt"):
        surfaces.two_minima(np.inf)


# ---------------------------------------------------------------- the step-size limit


def _heavy_ball_radius(lam, lr, momentum):
    """Spectral radius of one heavy-ball step along an eigenvector: (p, p_prev) → (p', p)."""
    A = np.array([[1 + momentum - lr * lam, -momentum], [1.0, 0.0]])
    return max(abs(np.linalg.eigvals(A)))


@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9])
def test_lr_limit_is_where_the_heavy_ball_recursion_turns_unstable(momentum):
    lam = np.array([0.5, 10.0])
    limit = surfaces.lr_limit(lam, momentum)
    assert limit == pytest.approx(2 * (1 + momentum) / 10.0)
    assert _heavy_ball_radius(10.0, 0.99 * limit, momentum) < 1
    assert _heavy_ball_radius(10.0, 1.01 * limit, momentum) > 1
    # The flat direction is far from its own limit: still stable just above λ_max's.
    assert _heavy_ball_radius(0.5, 1.01 * limit, momentum) < 1


@pytest.mark.parametrize("momentum", [0.0, 0.5])
def test_descent_on_the_valley_converges_below_the_limit_and_diverges_above(momentum):
    v = surfaces.valley()
    x0 = v.start("upper left")
    limit = surfaces.lr_limit(v.eigenvalues, momentum)
    below = optim.descend(v.gradient, x0, 0.95 * limit, 400, momentum)
    above = optim.descend(v.gradient, x0, 1.05 * limit, 400, momentum)
    assert len(below) == 401 and v(below[-1]) < 1e-3
    assert len(above) < 401  # stopped early: ran 10⁶ away


@pytest.mark.parametrize(
    ("eigenvalues", "momentum", "message"),
    [
        ((), 0.0, "positive"),
        ((1.0, -1.0), 0.0, "positive"),
        ((1.0, np.nan), 0.0, "NaN"),
        ((1.0,), 1.0, "momentum"),
        ((1.0,), -0.1, "momentum"),
    ],
)
def test_lr_limit_rejects_bad_input(eigenvalues, momentum, message):
    with pytest.raises(ValueError, match=message):
        surfaces.lr_limit(eigenvalues, momentum)


def test_momentum_matrix_steps_one_eigen_direction_as_descent_does():
    lam, lr, mu = 10.0, 0.05, 0.7
    M = surfaces.momentum_matrix(lam, lr, mu)
    assert np.allclose(M, [[1 + mu - lr * lam, -mu], [1, 0]])
    path = optim.descend(lambda p: lam * p, [1.0], lr, 10, momentum=mu)[:, 0]  # a 1-D bowl
    for k in range(1, 10):
        assert np.allclose(M @ [path[k], path[k - 1]], [path[k + 1], path[k]])
    assert np.allclose(surfaces.momentum_matrix(lam, lr), [[1 - lr * lam, 0], [1, 0]])


def test_convergence_rate_is_the_spectral_radius_and_the_measured_rate():
    rng = np.random.default_rng(0)
    for _ in range(300):
        lam = rng.uniform(0.01, 20, rng.integers(1, 4))
        lr, mu = rng.uniform(1e-3, 0.5), rng.choice([0.0, rng.uniform(0, 0.99)])
        want = max(_heavy_ball_radius(v, lr, mu) for v in lam)
        assert surfaces.convergence_rate(lam, lr, mu) == pytest.approx(want, rel=1e-6, abs=1e-7)
    v = surfaces.valley()
    path = optim.descend(v.gradient, v.start("upper left"), 0.05, 300, momentum=0.7)
    measured = (np.linalg.norm(path[300]) / np.linalg.norm(path[200])) ** (1 / 100)
    assert measured == pytest.approx(surfaces.convergence_rate(v.eigenvalues, 0.05, 0.7), abs=1e-6)
    assert surfaces.convergence_rate([0.5, 10.0], 0.19) == pytest.approx(0.905)  # max |1 − ηλ|


@pytest.mark.parametrize("momentum", [0.0, 0.3, 0.9])
def test_convergence_rate_crosses_1_at_the_lr_limit(momentum):
    lam = [0.5, 10.0]
    limit = surfaces.lr_limit(lam, momentum)
    assert surfaces.convergence_rate(lam, 0.999 * limit, momentum) < 1
    assert surfaces.convergence_rate(lam, 1.001 * limit, momentum) > 1


def test_best_momentum_is_the_fastest_setting():
    lam = np.array([0.5, 10.0])
    lr, mu = surfaces.best_momentum(lam)
    kappa = lam.max() / lam.min()
    assert (lr, mu) == pytest.approx(((2 / (0.5**0.5 + 10**0.5)) ** 2, 0.4026054841552226))
    rate = surfaces.convergence_rate(lam, lr, mu)
    assert rate == pytest.approx((kappa**0.5 - 1) / (kappa**0.5 + 1))
    grid = [
        surfaces.convergence_rate(lam, a, b)
        for a in np.linspace(0.01, 0.5, 40)
        for b in np.linspace(0.0, 0.95, 40)
    ]
    assert min(grid) > rate
    assert surfaces.best_momentum([2.0, 2.0]) == pytest.approx((0.5, 0.0))  # round: no momentum


def test_the_rates_of_extreme_but_valid_input_are_documented_inf_silently():
    with strict():
        assert surfaces.convergence_rate([1e300], 1e300, 0.5) == np.inf
        assert np.isinf(surfaces.momentum_matrix(1e300, 1e300, 0.5)[0, 0])
        lr, mu = surfaces.best_momentum([5e-324, 1e308])
        assert np.isfinite(lr) and mu == 1.0  # κ beyond 10³²: μ rounds to 1 (documented)
        assert surfaces.convergence_rate([1e-300], 1e-300, 0.0) == 1.0


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: surfaces.momentum_matrix(0.0, 0.1), ValueError, "eigenvalue"),
        (lambda: surfaces.momentum_matrix(1.0, -0.1), ValueError, "lr"),
        (lambda: surfaces.momentum_matrix(1.0, 0.1, 1.0), ValueError, "momentum"),
        (lambda: surfaces.momentum_matrix("1", 0.1), TypeError, "eigenvalue"),
        (lambda: surfaces.convergence_rate([], 0.1), ValueError, "positive"),
        (lambda: surfaces.convergence_rate(np.eye(2), 0.1), ValueError, "shape"),
        (lambda: surfaces.convergence_rate([1.0], np.inf), ValueError, "lr"),
        (lambda: surfaces.convergence_rate([1.0], 0.1, True), TypeError, "momentum"),
        (lambda: surfaces.best_momentum([1.0, -2.0]), ValueError, "positive"),
        (lambda: surfaces.best_momentum([1.0, np.nan]), ValueError, "NaN"),
    ],
)
def test_the_momentum_helpers_refuse_bad_input_by_name(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_eigenvectors_of_a_quadratic_and_none_otherwise():
    s = surfaces.quadratic([[5.0, 2.0], [2.0, 2.0]])
    V = s.eigenvectors
    assert np.allclose(s.hessian @ V, V * s.eigenvalues)
    assert np.allclose(V.T @ V, np.eye(2))
    assert np.allclose(np.abs(V[:, 1]), np.array([2, 1]) / 5**0.5)  # λ = 6 along (2, 1)
    assert surfaces.two_minima().eigenvectors is None


# ---------------------------------------------------------------- the loss of one neuron


def test_neuron_loss_surface_mse(line_data):
    x, y = line_data
    s = surfaces.neuron_loss_surface(x, y, (-1, 4), (-3, 2))

    def L(q):
        return losses.mse.value(q[0] * x + q[1], y)

    p = np.array([0.7, 0.4])
    assert s(p) == pytest.approx(L(p), rel=1e-14)
    np.testing.assert_allclose(s.gradient(p), _central_gradient(L, p), rtol=1e-6)
    np.testing.assert_allclose(s.minimum, np.polyfit(x, y, 1), atol=1e-6)  # least squares
    assert s.f_min == pytest.approx(L(np.polyfit(x, y, 1)), rel=1e-10)
    assert s.axis_labels == ("weight w", "bias b")


def test_neuron_loss_surface_is_vectorised_over_points(line_data):
    x, y = line_data
    s = surfaces.neuron_loss_surface(x, y, (-1, 4), (-3, 2))
    P = np.random.default_rng(4).uniform(-2, 3, (3, 5, 2))
    F, G = s(P), s.gradient(P)
    assert F.shape == (3, 5) and G.shape == (3, 5, 2)
    for idx in np.ndindex(3, 5):
        w, b = P[idx]
        assert F[idx] == pytest.approx(losses.mse.value(w * x + b, y), rel=1e-13)
        # ∂L/∂w = (2/n) Σ (w x + b − y) x,  ∂L/∂b = (2/n) Σ (w x + b − y), by hand
        r = w * x + b - y
        np.testing.assert_allclose(G[idx], [2 * np.mean(r * x), 2 * np.mean(r)], rtol=1e-12)


def test_neuron_loss_surface_bce(class_data):
    x, y = class_data
    s = surfaces.neuron_loss_surface(x, y, (-2, 4), (-3, 3), "binary_cross_entropy", "sigmoid")

    def L(q):
        return losses.binary_cross_entropy.value(sigmoid(q[0] * x + q[1]), y)

    for p in ([1.2, -0.3], [-0.8, 1.1]):
        p = np.array(p)
        assert s(p) == pytest.approx(L(p), rel=1e-13)
        np.testing.assert_allclose(s.gradient(p), _central_gradient(L, p), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(s.gradient(s.minimum), 0, atol=1e-7)
    G = s.gradient(np.array([[1.2, -0.3], [-0.8, 1.1]]))
    np.testing.assert_allclose(
        G[1], _central_gradient(L, np.array([-0.8, 1.1])), rtol=1e-6, atol=1e-9
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"loss": "mse", "activation": "sigmoid"}, "neuron_loss_surface needs"),
        ({"loss": "cross_entropy"}, "neuron_loss_surface needs"),
        ({"wlim": (2, 1)}, "wlim"),
        ({"blim": (0, 0)}, "blim"),
    ],
)
def test_neuron_loss_surface_rejects_bad_input(class_data, kwargs, message):
    args = {"wlim": (-2, 4), "blim": (-3, 3), **kwargs}
    with pytest.raises(ValueError, match=message):
        surfaces.neuron_loss_surface(*class_data, **args)
    with pytest.raises(ValueError, match="y must have the shape of x"):
        surfaces.neuron_loss_surface([1.0, 2.0], [1.0], (-1, 1), (-1, 1))


def test_gap_is_the_height_above_the_minimum():
    s = surfaces.quadratic([[2.0, 0.0], [0.0, 1.0]])  # f = x² + y²/2, minimum 0 at 0
    gap = s.gap([[0.0, 0.0], [1.0, 0.0], [1.0, 2.0]])
    np.testing.assert_allclose(gap, [0.0, 1.0, 3.0])


# ---------------------------------------------------------------- hostile input


def _f(p1, p2):
    return p1 * p1 + p2 * p2


def _g(p1, p2):
    return 2 * p1, 2 * p2


@pytest.mark.parametrize(
    ("p", "error", "message"),
    [
        ([1.0, np.nan], ValueError, "p contains NaN"),
        ([np.inf, 0.0], ValueError, "p contains infinity"),
        ([1j, 0.0], TypeError, "p must hold real numbers"),
        (["a", "b"], TypeError, "p must hold numbers"),
        (np.empty((0, 2)), ValueError, "with at least one point, got (0, 2)"),
        (1.0, ValueError, "p must have shape (2,) or (..., 2)"),
    ],
)
@pytest.mark.parametrize("method", ["__call__", "gradient"])
def test_points_must_be_finite_real_pairs(p, error, message, method):
    with pytest.raises(error, match=re.escape(message)):
        getattr(surfaces.bowl(), method)(p)


@pytest.mark.parametrize(
    ("path", "message"), [(np.zeros(4), "path must have shape (n, 2), got (1, 4)"), ([], "path")]
)
def test_gap_refuses_a_path_that_is_not_points(path, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        surfaces.bowl().gap(path)


def test_far_points_overflow_to_inf_without_a_warning():
    s = surfaces.valley()
    with strict():
        assert s([1e200, 1e200]) == np.inf
        g = s.gradient([1e308, -1e308])  # (0.5 p₁, 10 p₂)
        np.testing.assert_array_equal(g, [5e307, -np.inf])
        _, _, F = surfaces.Surface("far", _f, _g, (0, 1e308), (0, 1), (0, 0), {}).grid(3)
    assert np.isinf(F[:, 2]).all()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: surfaces.two_minima("0.3"),
            TypeError,
            "tilt must be a finite number in (-1.5396, 1.5396), got '0.3'",
        ),
        (
            lambda: surfaces.two_minima(np.inf),
            ValueError,
            "tilt must be a finite number in (-1.5396, 1.5396), got inf",
        ),
        (
            lambda: surfaces.two_minima(1.6),
            ValueError,
            "tilt must be a finite number in (-1.5396, 1.5396), got 1.6",
        ),
        (
            lambda: surfaces.lr_limit([1.0], np.inf),
            ValueError,
            "momentum must be a finite number in [0, 1), got inf",
        ),
        (
            lambda: surfaces.lr_limit([1.0], "0.5"),
            TypeError,
            "momentum must be a finite number in [0, 1), got '0.5'",
        ),
        (
            lambda: surfaces.lr_limit(np.eye(2)),
            ValueError,
            "eigenvalues must have shape (k,), got (2, 2)",
        ),
        (lambda: surfaces.lr_limit([1.0, np.inf]), ValueError, "eigenvalues contains infinity"),
        (
            lambda: surfaces.Surface("s", _f, _g, (-1e308, 1e308), (0, 1), (0, 0), {}),
            ValueError,
            "xlim must be (low, high) with a finite width",
        ),
        (lambda: surfaces.bowl().grid(1), ValueError, "res must be a whole number >= 2, got 1"),
        (lambda: surfaces.bowl().grid(2.5), ValueError, "res must be a whole number >= 2, got 2.5"),
        (lambda: surfaces.bowl().start(["upper left"]), ValueError, "unknown start"),
        (
            lambda: surfaces.quadratic(np.eye(2), lim=(3.0, np.inf)),
            ValueError,
            "lim must be two finite numbers > 0, got (3.0, inf)",
        ),
        (
            lambda: surfaces.quadratic(np.eye(2), lim=3.0),
            ValueError,
            "lim must be two finite numbers > 0, got 3.0",
        ),
        (
            lambda: surfaces.quadratic(np.eye(2), lim=(3.0, -1.0)),
            ValueError,
            "lim must be two finite numbers > 0",
        ),
        (lambda: surfaces.quadratic(np.eye(2) * 1j), TypeError, "hessian must hold real numbers"),
        (
            lambda: surfaces.Surface(3, _f, _g, (-1, 1), (-1, 1), (0, 0), {}),
            TypeError,
            "name must be a str, got 3",
        ),
        (
            lambda: surfaces.Surface("s", "f", _g, (-1, 1), (-1, 1), (0, 0), {}),
            TypeError,
            "value must be a function of (P1, P2)",
        ),
        (
            lambda: surfaces.Surface("s", _f, None, (-1, 1), (-1, 1), (0, 0), {}),
            TypeError,
            "gradient must be a function of (P1, P2)",
        ),
        (
            lambda: surfaces.Surface("s", _f, _g, (-1, 1), (-1, 1), (0, np.nan), {}),
            ValueError,
            "minimum contains NaN",
        ),
        (
            lambda: surfaces.Surface("s", _f, _g, (-1, 1), (-1, 1), (0, 0), [(0, 0)]),
            TypeError,
            "starts must be a dict of name -> point (2,)",
        ),
        (
            lambda: surfaces.Surface("s", _f, _g, (-1, 1), (-1, 1), (0, 0), {"a": (0, 0, 0)}),
            ValueError,
            "starts['a'] must have shape (2,), got (3,)",
        ),
        (
            lambda: surfaces.Surface("s", _f, _g, (-1, 1), (-1, 1), (0, 0), {"a": ("x", 0)}),
            TypeError,
            "starts['a'] must hold numbers",
        ),
        (
            lambda: surfaces.Surface("s", _f, _g, (-1, 1), (-1, 1), (0, 0), {1: (0, 0)}),
            TypeError,
            "every name in starts must be a str",
        ),
        (
            lambda: surfaces.Surface("s", _f, _g, (-1, 1), (-1, 1), (0, 0), {}, np.eye(3)),
            ValueError,
            "hessian must have shape (2, 2), got (3, 3)",
        ),
        (
            lambda: surfaces.Surface("s", _f, _g, (-1, 1), (-1, 1), (0, 0), {}, formula=None),
            TypeError,
            "formula must be a str, got None",
        ),
        (
            lambda: surfaces.Surface("s", _f, _g, (-1, 1), (-1, 1), (0, 0), {}, axis_labels="ab"),
            TypeError,
            "axis_labels must be two str",
        ),
    ],
)
def test_hostile_arguments_are_refused_by_name(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call()


@pytest.mark.parametrize("activation", [["sigmoid"], None, 3])
def test_neuron_loss_surface_refuses_an_activation_that_is_not_a_name(class_data, activation):
    with pytest.raises(ValueError, match="neuron_loss_surface needs"):
        surfaces.neuron_loss_surface(
            *class_data, (-2, 4), (-3, 3), "binary_cross_entropy", activation
        )


@pytest.mark.parametrize("tilt", [-1.53, 0.0, 0.3, 1.53])
def test_two_minima_has_two_wells_for_every_tilt_it_takes(tilt):
    s = surfaces.two_minima(np.float32(tilt))
    np.testing.assert_allclose(s.gradient(s.minimum), 0, atol=1e-6)
    # 4p³ − 4p + tilt: three real stationary points, two wells and the ridge between
    assert np.all(np.abs(np.roots([4.0, 0.0, -4.0, tilt]).imag) < 1e-6)
    # just past the bound only one stationary point is left: one well
    assert np.sum(np.abs(np.roots([4.0, 0.0, -4.0, np.sign(tilt or 1) * 1.55]).imag) < 1e-6) == 1


def test_numpy_numbers_are_taken():
    assert surfaces.lr_limit(np.float32(4.0), np.float32(0.5)) == 0.75
    assert surfaces.quadratic(np.eye(2), lim=(np.float32(2.0), np.int64(1))).xlim == (-2.0, 2.0)
    assert surfaces.bowl().grid(np.int64(3))[2].shape == (3, 3)


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (lambda p1, p2: "f", TypeError, "value must return real numbers, got 'f' (str)"),
        (lambda p1, p2: None, TypeError, "value must return real numbers, got None"),
        (lambda p1, p2: p1 + 1j, TypeError, "value must return real numbers, got 1j (complex)"),
        (
            lambda p1, p2: np.array([p1, p2]),
            ValueError,
            "value must return one number per point, shape (), got (2,)",
        ),
    ],
)
def test_a_value_function_that_does_not_return_numbers_is_refused(value, error, message):
    with pytest.raises(error, match=re.escape(message)):
        surfaces.Surface("s", value, _g, (-1, 1), (-1, 1), (0, 0), {})


def test_a_value_function_that_breaks_on_a_grid_is_refused_there():
    s = surfaces.Surface(
        "s", lambda p1, p2: np.sum(p1 * p1 + p2 * p2), _g, (-1, 1), (-1, 1), (0, 0), {}
    )
    with pytest.raises(ValueError, match=re.escape("shape (3, 3), got ()")):
        s.grid(3)


@pytest.mark.parametrize(
    ("p", "want"),
    [
        ([[1e300, -1e300], [1.0, 2.0]], [np.inf, 0.5 * (1.0 + 0.8 * 4.0)]),  # ½(p₁² + 0.8 p₂²)
        ([[1e308, -1e308], [1e-300, 1e308]], [np.inf, np.inf]),
    ],
)
def test_values_and_gaps_of_far_points_are_documented_inf_silently(p, want):
    s = surfaces.bowl()
    with strict():
        f, gap = s(p), s.gap(p)
    np.testing.assert_allclose(f, want)
    np.testing.assert_allclose(gap, want)  # f_min = 0
    for method in (surfaces.Surface.__call__, surfaces.Surface.gap):
        assert re.search(r"\binf\b", method.__doc__)


def test_a_grid_no_machine_can_allocate_is_refused_before_allocating():
    with pytest.raises(ValueError, match=re.escape("the grid P1, P2, F would hold 3e+30 numbers")):
        surfaces.bowl().grid(10**15)


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        ([1e308, -1e308], [0.0, 1.0], "x must have a finite mean(x²), the curvature of L"),
        ([1e154, 1e154], [0.0, 1.0], "got max |x| = 1e+154"),
        ([1.0, 2.0], [1e308, -1e308], "L(w, b) overflows to inf everywhere on the window"),
    ],
)
def test_neuron_loss_surface_of_data_that_overflow_is_refused_clearly(x, y, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        surfaces.neuron_loss_surface(x, y, (-3, 3), (-3, 3))


@pytest.mark.parametrize("y", [[0.0, 2.0], [-1.0, 1.0], [1e308, -1e308]])
def test_neuron_loss_surface_of_cross_entropy_needs_targets_in_0_1(y):
    with pytest.raises(ValueError, match=re.escape("y must be probabilities in [0, 1]")):
        surfaces.neuron_loss_surface(
            [1.0, 2.0], y, (-3, 3), (-3, 3), "binary_cross_entropy", "sigmoid"
        )


def test_neuron_loss_surface_of_large_but_safe_inputs_is_finite_and_silent():
    with strict():
        s = surfaces.neuron_loss_surface([1e150, -1e150], [0.0, 1.0], (-3, 3), (-3, 3))
        assert np.isfinite(s.f_min) and s.f_min < s(s.start("upper left"))
        repr(s)


@pytest.mark.parametrize("H", [[[1e308, -1e308], [1e308, -1e308]], [[1.0, 1e308], [-1e308, 1.0]]])
def test_quadratic_of_huge_asymmetric_hessians_is_refused_without_a_warning(H):
    with strict(), pytest.raises(ValueError, match="hessian must be symmetric, got"):
        surfaces.quadratic(H)


def test_quadratic_of_a_huge_hessian_is_a_surface_with_documented_inf_silently():
    with strict():
        s = surfaces.quadratic(np.eye(2) * 1e308)
        assert s(np.zeros(2)) == 0.0 and s([3.0, 3.0]) == np.inf
        repr(surfaces.Surface("far", _f, _g, (-1, 1), (-1, 1), (1e307, -1e307), {}))


# ---------------------------------------------------------------- the saddle (lesson 12)


def test_saddle_gradient_saddle_point_and_minima():
    s = surfaces.saddle()
    rng = np.random.default_rng(2)
    for p in rng.uniform(-1.5, 1.5, (5, 2)):
        np.testing.assert_allclose(s.gradient(p), _central_gradient(s, p), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(s.gradient([0.0, 0.0]), 0)  # a stationary point…
    H0 = _hessian_from_values(s, np.zeros(2), h=1e-3)
    np.testing.assert_allclose(_eig2(H0), [-1, 1], atol=1e-5)  # …curving down along p₂: a saddle
    for m in ([0.0, 1.0], [0.0, -1.0]):
        np.testing.assert_allclose(s.gradient(m), 0, atol=1e-12)
        assert np.isclose(s(m), -0.25)
    np.testing.assert_allclose(s.minimum, [0, 1])
    assert np.isclose(s.f_min, -0.25)
    assert s.hessian is None and s.lr_limit is None
    assert "saddle" not in surfaces.SURFACES  # lesson 06's menu stays as it was


def test_descent_crawls_off_the_saddle_and_a_closer_start_crawls_longer():
    s = surfaces.saddle()

    def steps_to_leave(start):
        path = optim.descend(s.gradient, s.start(start), 0.1, 300)
        return int(np.argmax(np.abs(path[:, 1]) > 0.5))

    near, nearer = steps_to_leave("upper left"), steps_to_leave("upper right")
    # |p₂| grows by about 1 + η = 1.1 per step near the ridge: ln(50)/ln(1.1) ≈ 41 steps
    assert 35 < near < 50 and nearer > near + 20
    path = optim.descend(s.gradient, s.start("lower left"), 0.1, 300)
    np.testing.assert_allclose(path[-1], [0, -1], atol=1e-6)  # below the ridge: the lower minimum
