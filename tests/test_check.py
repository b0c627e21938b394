"""Exercise checks: the right diagnosis, a ✓ line or a raised ✗ line, never the expected value."""

import subprocess
import sys

import numpy as np
import pytest

from nnmath import check

# Expected values with distinctive digits, so a leak shows up as a substring of the output.
EXPECTED = np.array([[1.2345678, -2.7182818, 3.1415926], [0.5772156, 4.6692016, -1.6180339]])
LEAK_MARKERS = ["1.23", "2.71", "3.14", "0.577", ".577", "4.66", "4.67", "1.61", "1.62"]


def assert_no_leak(text):
    for marker in LEAK_MARKERS:
        assert marker not in text, f"the expected value leaked into: {text!r}"


def verdict(capsys, fn, *args, **kwargs):
    """The one line a check gives: the ✓ line it prints, or the ✗ line it raises."""
    try:
        result = fn(*args, **kwargs)
    except check.CheckFailed as failed:
        assert capsys.readouterr().out == ""  # the error is the only output
        assert isinstance(failed, AssertionError)  # nbgrader and pytest see a failed assertion
        line = str(failed)
        assert line.startswith("✗ ") and "\n" not in line
        return line
    out = capsys.readouterr().out
    assert result and result.ok and out.startswith("✓ ") and out.count("\n") == 1
    return out.removesuffix("\n")


def run(capsys, answer, expected=EXPECTED, **kwargs):
    line = verdict(capsys, check.close, answer, expected, name="Z", **kwargs)
    assert_no_leak(line)
    return line


def wrong_entries(k):
    a = EXPECTED.copy()
    a.flat[:k] += 0.25
    return a


DIAGNOSES = [
    # name, answer, words that must appear
    ("not answered (None)", None, ["not answered yet"]),
    ("not answered (...)", ..., ["not answered yet"]),
    ("not a number", "twelve", ["should be a number or an array", "str"]),
    ("wrong shape", np.zeros(6), ["shape (6,)", "shape (2, 3)"]),
    ("transposed", EXPECTED.T, ["transposed"]),
    ("sign flipped", -EXPECTED, ["wrong sign"]),
    ("off by a factor", 2.0 * EXPECTED, ["constant factor of 2"]),
    ("off by a half", 0.5 * EXPECTED, ["constant factor of 0.5"]),
    ("some entries wrong", wrong_entries(2), ["2 of 6 entries are not right yet"]),
    ("NaN", np.full((2, 3), np.nan), ["NaN or infinity"]),
]


@pytest.mark.parametrize(
    ("answer", "words"), [d[1:] for d in DIAGNOSES], ids=[d[0] for d in DIAGNOSES]
)
def test_each_diagnosis(capsys, answer, words):
    out = run(capsys, answer)
    assert out.startswith("✗ Z")
    for w in words:
        assert w in out


def test_correct_answer(capsys):
    # a hand-computed answer that equals the reference up to rounding
    assert run(capsys, EXPECTED + 1e-12) == "✓ Z is correct"


def test_correct_scalar_and_list(capsys):
    # z = 0.5·1.2 + (−0.3)·0.7 + 0.1 = 0.49, the learner typed it in
    assert check.close(0.49, 0.5 * 1.2 - 0.3 * 0.7 + 0.1, name="z")
    assert check.close([1, 2], np.array([1.0, 2.0]))
    out = capsys.readouterr().out
    assert out.count("✓") == 2


def test_one_number_hears_only_that_it_is_wrong(capsys):
    """For a typed number, "wrong sign" or "off by a factor of 3" would be the answer itself."""
    e2 = np.exp(2.0)
    for wrong in (-e2, 3 * e2, 0.5 * e2, 1.0):
        assert verdict(capsys, check.close, wrong, e2, name="y") == "✗ y is not right yet"


def test_arrays_hear_the_kind_of_mistake_but_not_an_odd_factor(capsys):
    e2 = np.exp(2.0)
    v = np.array([1.0, e2, -2.0])
    lines = [
        verdict(capsys, check.close, -v, v, name="v"),
        verdict(capsys, check.close, 0.5 * v, v, name="v"),
        verdict(capsys, check.close, np.exp(-2) * v, v, name="v"),  # ÷ 0.135 gives the answer
        verdict(capsys, check.close, [0.0, 1.0], [0.0, e2], name="w"),  # one non-zero: one number
    ]
    assert "wrong sign" in lines[0]
    assert "constant factor of 0.5" in lines[1]
    assert lines[2] == "✗ v: every entry is off by the same factor (a scale is wrong)"
    assert lines[3] == "✗ w: 1 of 2 entries are not right yet"
    assert not any("0.135" in line or "7.39" in line for line in lines)


def test_a_known_mistake_is_named_by_value_or_by_predicate(capsys):
    theta = 98.13
    mistakes = {
        "an angle between two vectors lies in [0°, 180°]": lambda a: not 0 <= a <= 180,
        "that is the angle in radians": np.radians(theta),
    }
    lines = [
        verdict(capsys, check.close, answer, theta, name="θ", mistakes=mistakes)
        for answer in (-theta, np.radians(theta), 90.0, theta)  # 90: no known mistake
    ]  # the last, right, beats any predicate
    assert lines[0] == "✗ θ: an angle between two vectors lies in [0°, 180°]"
    assert lines[1] == "✗ θ: that is the angle in radians"
    assert lines[2] == "✗ θ is not right yet"
    assert lines[3] == "✓ θ is correct"


def test_a_function_check_names_the_mistake_it_matches(capsys):
    def forgot_bias(x):
        return 2 * x

    mistakes = {"the bias is missing": forgot_bias}
    lines = [
        verdict(
            capsys, check.function, forgot_bias, lambda x: 2 * x + 1, [1.0, 2.0], mistakes=mistakes
        ),
        verdict(capsys, check.function, np.sin, lambda x: 2 * x + 1, [1.0], "f", mistakes=mistakes),
    ]
    assert lines == ["✗ forgot_bias: the bias is missing", "✗ f(1.) is not right yet"]


def test_a_mistake_of_another_shape_is_named_not_sized(capsys):
    """A padded map is bigger than the right one: the check names the padding, and an
    answer of another shape that is no listed mistake still gets the shapes."""
    right, padded, other = np.ones((2, 2)), np.zeros((4, 4)), np.zeros((3, 3))
    value_mistakes = {"that pads the image": padded, "never called": lambda a: a.shape[5]}
    function_mistakes = {"that pads the image": lambda x: padded}
    lines = [
        verdict(capsys, check.close, a, right, name="Z", mistakes=value_mistakes)
        for a in (padded, other)
    ]
    lines += [
        verdict(
            capsys,
            check.function,
            lambda x, a=a: a,
            lambda x: right,
            [1.0],
            "f",
            mistakes=function_mistakes,
        )
        for a in (padded, other)
    ]
    assert lines[0] == "✗ Z: that pads the image"
    assert lines[1] == "✗ Z has shape (3, 3), but the answer has shape (2, 2)"
    assert lines[2] == "✗ f: that pads the image"
    assert lines[3] == "✗ f(1.) has shape (3, 3), expected (2, 2)"


@pytest.mark.parametrize("mistakes", [["a list"], {3: 1.0}])
def test_a_broken_mistakes_table_is_the_checking_cells_error(mistakes):
    with pytest.raises(TypeError, match="mistake"):
        check.close(1.0, 2.0, mistakes=mistakes)


def test_a_square_transpose_is_not_a_shape_error(capsys):
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    out = verdict(capsys, check.close, A.T, A, name="W")
    # same shape, so it is scored entry by entry: the two off-diagonal entries are wrong
    assert "2 of 4 entries are not right yet" in out


def test_zeros_where_expected_is_zero_still_find_the_factor(capsys):
    expected = np.array([0.0, 1.5, -2.5])
    assert "constant factor of 3" in verdict(capsys, check.close, [0.0, 4.5, -7.5], expected)


def test_a_right_answer_returns_a_truthy_result_and_a_wrong_one_fails_the_cell(capsys):
    good = check.close(1.0, 1.0)
    assert bool(good) is True and "ok=True" in repr(good)
    with pytest.raises(AssertionError, match=r"^✗ your answer is not right yet$"):
        check.close(2.0, 1.0)
    assert capsys.readouterr().out == "✓ your answer is correct\n"


def test_tolerances(capsys):
    assert verdict(capsys, check.close, 1.0 + 1e-3, 1.0, rtol=1e-2).startswith("✓")
    assert verdict(capsys, check.close, 1.0 + 1e-3, 1.0).startswith("✗")


# ---------------------------------------------------------------- check.function


def reference(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


INPUTS = [np.array([-2.0, 0.0, 3.0]), np.array([[0.5, -0.5]]), 1.25]


def fn_check(capsys, fn, **kwargs):
    out = verdict(capsys, check.function, fn, reference, INPUTS, **kwargs)
    # σ of the inputs: 0.1192…, 0.5, 0.9525…, 0.6225…, 0.3775…, 0.7773…
    for leak in ("0.119", "0.952", "0.622", "0.377", "0.777"):
        assert leak not in out
    return out


def test_function_correct(capsys):
    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))

    out = fn_check(capsys, sigmoid)
    assert out.startswith("✓ sigmoid") and "3 inputs" in out


def test_function_not_written_yet(capsys):
    def sigmoid(z):
        raise NotImplementedError

    out = fn_check(capsys, sigmoid)
    assert out == "✗ sigmoid is not written yet: finish it in the exercise above"


def test_function_that_crashes(capsys):
    def sigmoid(z):
        return 1.0 / 0.0

    out = fn_check(capsys, sigmoid)
    assert "raised ZeroDivisionError" in out
    assert "sigmoid([-2.  0.  3.])" in out  # names the input it failed on


def test_function_with_a_flipped_sign(capsys):
    assert "wrong sign" in fn_check(capsys, lambda z: -reference(z), name="f")


def test_function_off_by_a_factor(capsys):
    assert "constant factor of 2" in fn_check(capsys, lambda z: 2.0 * reference(z), name="f")


def test_function_wrong_on_a_later_input(capsys):
    def f(z):
        return reference(z) if np.ndim(z) else 0.5  # the scalar input is wrong

    assert "f(1.25) is not right yet" in fn_check(capsys, f, name="f")


def test_function_wrong_shape(capsys):
    out = fn_check(capsys, lambda z: np.ravel(reference(z))[:1], name="f")
    assert "has shape (1,), expected (3,)" in out


def test_function_returns_no_numbers(capsys):
    out = fn_check(capsys, lambda z: "sigma", name="f")
    assert "should be a number or an array, got str" in out


def test_function_not_callable(capsys):
    assert "should be a function, got float" in fn_check(capsys, 0.5, name="f")


def test_import_nnmath_leaves_ipython_alone_and_import_check_installs_the_handler():
    code = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "shell = InteractiveShell.instance()\n"
        "import nnmath, nnmath.plots\n"
        "assert not shell.custom_exceptions, 'import nnmath changed IPython'\n"
        "from nnmath import check\n"
        "handled = {check.CheckFailed, NotImplementedError, NameError}\n"
        "assert set(shell.custom_exceptions) == handled\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)


# ------------------------------------------------------------ hostile input (issue 16)


@pytest.mark.parametrize(
    ("answer", "expected", "hint"),
    [
        (1e308, 1e-8, "is not right yet"),
        (np.array([1e308, -1e308]), np.array([1e-8, 2e-8]), "2 of 2 entries are not right yet"),
        (np.array([1e308, 0.5e308]), np.array([2.0, 1.0]), "off by the same factor"),
        (1 + 2j, 1.0, "should be real numbers, got complex ones"),
        (np.array([1 + 0j, 2]), np.array([1.0, 2.0]), "complex"),
        ([[1.0], [1.0, 2.0]], [1.0, 2.0], "ragged"),
        ("1.0", 1.0, "should be a number or an array, got str"),
        (None, 1.0, "not answered yet"),
    ],
)
def test_close_says_x_without_warning_or_crash_for_odd_answers(answer, expected, hint, capsys):
    out = verdict(capsys, check.close, answer, expected)
    assert out.startswith("✗") and hint in out
    assert "inf" not in out  # never "off by a constant factor of inf"


@pytest.mark.parametrize(
    ("inputs", "error", "message"),
    [
        ([], ValueError, "at least one input"),
        ((x for x in []), ValueError, "at least one input"),
        (3, TypeError, "inputs must be a list of inputs"),
    ],
)
def test_function_refuses_a_check_that_cannot_fail(inputs, error, message):
    with pytest.raises(error, match=message):
        check.function(np.tanh, np.tanh, inputs)


def test_function_takes_a_generator_of_inputs_and_reports_complex_results(capsys):
    assert "on 2 inputs" in verdict(capsys, check.function, np.tanh, np.tanh, (x for x in [0, 1]))
    assert "complex" in verdict(capsys, check.function, lambda x: x + 0j, lambda x: x, [1.0])


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"expected": None}, TypeError), ({"expected": np.nan}, ValueError),
     ({"rtol": -1}, ValueError), ({"atol": "0"}, TypeError)],
)  # fmt: skip
def test_a_broken_checking_cell_raises_instead_of_judging(kwargs, error):
    args = {"answer": 1.0, "expected": 1.0} | kwargs
    with pytest.raises(error):
        check.close(**args)


# ---------------------------------------------------------------- check.shape


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ([784, 128], "a shape is a tuple, in round brackets, not a list"),
        (np.array([784, 128]), "not a list"),
        (128, "even with one entry"),
        ("(784, 128)", "even with one entry"),
        ((784.0, 128.0), "whole numbers"),
        ((True, 128), "whole numbers"),
        ((784,), "this array has 2 axes, one size for each"),
        ((784, 128, 1), "this array has 2 axes"),
        ((128, 784), "the right sizes, in the wrong order"),
        ((784, 127), "is not right yet"),
        (None, "not answered yet"),
    ],
)
def test_shape_names_the_kind_of_mistake_never_the_sizes(capsys, answer, words):
    out = verdict(capsys, check.shape, answer, (784, 128), "the shape of W")
    assert out.startswith("✗ the shape of W") and words in out
    assert "784" not in out and "128" not in out  # the sizes are never shown


def test_shape_accepts_the_right_tuple_and_numpy_sizes(capsys):
    assert check.shape((32, np.int64(128)), np.zeros((32, 128)).shape, "the shape of Z")
    assert check.shape((5,), (5,), "b")
    assert capsys.readouterr().out == "✓ the shape of Z is correct\n✓ b is correct\n"


def test_shape_mistakes_win_over_the_generic_diagnosis(capsys):
    mistakes = {(128, 784): "swapped: weights are stored (d_in, d_out)", (32, 784): "that is X"}
    out = [
        verdict(capsys, check.shape, (128, 784), (784, 128), "W", mistakes=mistakes),
        verdict(capsys, check.shape, (32, 784), (784, 128), "W", mistakes=mistakes),
    ]
    assert out == ["✗ W: swapped: weights are stored (d_in, d_out)", "✗ W: that is X"]


@pytest.mark.parametrize(
    ("expected", "mistakes"),
    [([2, 3], None), ((2, 3), {(3, 2): "x"}.items()), ((2, 3), {"a": "b"})],
)
def test_shape_refuses_a_bad_checking_cell(expected, mistakes):
    with pytest.raises(TypeError):
        check.shape((2, 3), expected, "W", mistakes=mistakes)
