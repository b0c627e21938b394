"""Vectors (lesson 00): the projection of b onto the line of a."""

import re

import numpy as np
import pytest
from _helpers import strict

from nnmath import vectors


def test_projection_by_hand():
    # b = (2, 2) onto a = (3, 0): (a·b / a·a) a = (6 / 9)(3, 0) = (2, 0)
    assert np.allclose(vectors.projection([2.0, 2.0], [3.0, 0.0]), [2.0, 0.0])
    # onto a diagonal: a = (1, 1), b = (1, 0): (1 / 2)(1, 1)
    assert np.allclose(vectors.projection([1.0, 0.0], [1.0, 1.0]), [0.5, 0.5])
    # b opposite to a: a = (0, 2), b = (1, −3): (−6 / 4)(0, 2) = (0, −3)
    assert np.allclose(vectors.projection([1.0, -3.0], [0.0, 2.0]), [0.0, -3.0])


def test_projection_in_three_dimensions_by_hand():
    # a = (1, 2, 2), b = (3, 0, 3): a·b = 9, a·a = 9, so the projection is a itself
    assert np.allclose(vectors.projection([3.0, 0.0, 3.0], [1.0, 2.0, 2.0]), [1.0, 2.0, 2.0])


def test_projection_residual_is_perpendicular_and_on_the_line_of_a():
    rng = np.random.default_rng(3)
    for _ in range(20):
        a, b = rng.normal(size=2), rng.normal(size=2)
        p = vectors.projection(b, a)
        assert abs((b - p) @ a) < 1e-12
        assert abs(p[0] * a[1] - p[1] * a[0]) < 1e-12  # parallel to a: zero 2-D cross product


def test_projection_onto_zero_vector_is_refused():
    with pytest.raises(ValueError, match="zero vector"):
        vectors.projection([1.0, 2.0], [0.0, 0.0])


@pytest.mark.parametrize(
    ("b", "a"),
    [([1.0, 2.0, 3.0], [1.0, 0.0]), ([[1.0, 2.0]], [[1.0, 0.0]]), (1.0, 2.0)],
)
def test_projection_needs_two_vectors_of_one_length(b, a):
    with pytest.raises(ValueError, match=r"vectors of one length \(d,\)"):
        vectors.projection(b, a)


def test_projection_refuses_nan():
    with pytest.raises(ValueError, match="b contains NaN"):
        vectors.projection([np.nan, 1.0], [1.0, 0.0])


@pytest.mark.parametrize(
    ("b", "a", "error", "message"),
    [
        ([], [], ValueError, "a and b must be vectors of one length (d,), got (0,) and (0,)"),
        ([1.0, 2.0], [1j, 0.0], TypeError, "a must hold real numbers"),
        (["1", "2"], [1.0, 0.0], TypeError, "b must hold numbers"),
        ([1.0, 2.0], [np.inf, 0.0], ValueError, "a contains infinity"),
        (
            [1.0, 2.0],
            3.0,
            ValueError,
            "a and b must be vectors of one length (d,), got () and (2,)",
        ),
    ],
)
def test_projection_refuses_hostile_vectors(b, a, error, message):
    with pytest.raises(error, match=re.escape(message)):
        vectors.projection(b, a)


@pytest.mark.parametrize(
    ("b", "a", "want"),
    [
        ([1e300, 1e300], [1e300, 0.0], [1e300, 0.0]),  # a·a = 1e600 would overflow
        ([1e-300, 2e-300], [1e-300, 1e-300], [1.5e-300, 1.5e-300]),  # a·a = 2e-600 would be 0
        ([1e308, 1e308], [1.0, 1.0], [1e308, 1e308]),  # a·b = 2e308 would overflow
        ([3.0, 4.0], [1e-200, 0.0], [3.0, 0.0]),
        ([0.0, 0.0], [1e300, 1.0], [0.0, 0.0]),
    ],
)
def test_projection_of_huge_or_tiny_vectors_is_finite_and_silent(b, a, want):
    with strict():
        got = vectors.projection(b, a)
    np.testing.assert_allclose(got, want, rtol=1e-15)


def test_projection_beyond_the_largest_float_is_inf_without_a_warning():
    # (a·b / a·a) a = (2.55e308 / 1.25)(1, 0.5) = (2.04e308, 1.02e308): the first overflows
    with strict():
        got = vectors.projection([1.7e308, 1.7e308], [1.0, 0.5])
    assert got[0] == np.inf
    assert got[1] == pytest.approx(1.02e308, rel=1e-15)


def test_cosine_similarity_by_hand():
    # (1, 1) against (2, 0): 2 / (√2 · 2) = 1/√2
    assert vectors.cosine_similarity([1.0, 1.0], [2.0, 0.0]) == pytest.approx(1 / np.sqrt(2))
    # (3, 4) against (4, −3): 12 − 12 = 0, perpendicular
    assert vectors.cosine_similarity([3.0, 4.0], [4.0, -3.0]) == pytest.approx(0.0, abs=1e-15)
    # (1, 2, 2) against (−2, −4, −4): opposite, −18 / (3 · 6) = −1
    assert vectors.cosine_similarity([1.0, 2.0, 2.0], [-2.0, -4.0, -4.0]) == pytest.approx(-1.0)


def test_cosine_similarity_of_a_batch_is_one_number_per_row():
    X = np.array([[1.0, 0.0], [0.0, 2.0], [-3.0, 0.0], [1.0, 1.0]])
    got = vectors.cosine_similarity(X, [5.0, 0.0])
    assert got.shape == (4,)
    np.testing.assert_allclose(got, [1.0, 0.0, -1.0, 1 / np.sqrt(2)], atol=1e-15)
    assert isinstance(vectors.cosine_similarity(X[0], [5.0, 0.0]), float)


def test_cosine_similarity_ignores_lengths_and_stays_in_range():
    rng = np.random.default_rng(5)
    X, w = rng.normal(size=(30, 4)), rng.normal(size=4)
    cos = vectors.cosine_similarity(X, w)
    want = (X @ w) / (np.sqrt((X**2).sum(axis=1)) * np.sqrt(w @ w))
    np.testing.assert_allclose(cos, want, rtol=1e-12)
    np.testing.assert_allclose(vectors.cosine_similarity(7.5 * X, 0.1 * w), cos, rtol=1e-12)
    np.testing.assert_allclose(vectors.cosine_similarity(X, -w), -cos, rtol=1e-12)
    # parallel vectors: round-off never leaves [−1, 1], so np.arccos always works
    for v in rng.normal(size=(50, 3)):
        with strict():
            assert np.arccos(vectors.cosine_similarity(3.3 * v, v)) >= 0.0
        assert -1.0 <= vectors.cosine_similarity(v, -0.7 * v) <= 1.0


@pytest.mark.parametrize(
    ("x", "w", "want"),
    [
        ([1e300, 1e300], [1e300, 0.0], 1 / np.sqrt(2)),  # x·x = 2e600 would overflow
        ([1e-300, 0.0], [1e-300, 1e-300], 1 / np.sqrt(2)),  # ‖x‖² = 1e-600 would be 0
        ([[1e200, 0.0], [0.0, 1e-200]], [1.0, 1.0], [1 / np.sqrt(2), 1 / np.sqrt(2)]),
    ],
)
def test_cosine_similarity_of_huge_or_tiny_vectors_is_finite_and_silent(x, w, want):
    with strict():
        got = vectors.cosine_similarity(x, w)
    np.testing.assert_allclose(got, want, rtol=1e-15)


@pytest.mark.parametrize(
    ("x", "w", "error", "message"),
    [
        ([0.0, 0.0], [1.0, 0.0], ValueError, "x must not contain the zero vector"),
        ([[1.0, 0.0], [0.0, 0.0]], [1.0, 0.0], ValueError, "x must not contain the zero vector"),
        ([1.0, 2.0], [0.0, 0.0], ValueError, "w must not be the zero vector"),
        ([1.0, 2.0, 3.0], [1.0, 0.0], ValueError, "x must have shape (d,) or (n, d)"),
        ([[1.0, 2.0]], [[1.0, 2.0]], ValueError, "w shape (d,)"),
        (np.zeros((0, 2)), [1.0, 0.0], ValueError, "at least one sample"),
        ([1.0, np.nan], [1.0, 0.0], ValueError, "x contains NaN"),
        ([1.0, 2.0], ["1", "2"], TypeError, "w must hold numbers"),
    ],
)
def test_cosine_similarity_refuses_bad_vectors(x, w, error, message):
    with pytest.raises(error, match=re.escape(message)):
        vectors.cosine_similarity(x, w)
