"""Friendly checks for the exercises: say what is wrong without giving the answer away.

A right answer prints one line, ``✓ …``, and returns a truthy ``Result`` (which
shows nothing more in a notebook). A wrong one raises ``CheckFailed``, an
``AssertionError`` whose message is one line, ``✗ …`` with a hint (not answered
yet, wrong shape, transposed, sign flipped, off by a factor, or the exercise's
named mistake): the checking cell fails, so "Run All" stops at it and nbgrader
scores it 0. No check ever prints the expected value.

In IPython, importing this module also shows that failure, and the two errors
of an unfinished exercise, as that one line instead of a traceback: the student
edition's stub ``raise NotImplementedError("your turn")``, and a cell that uses a
name an unfinished exercise has not defined yet (see ``friendly_errors``).
Introduced in lesson 00.
"""

import numpy as np

from ._checks import as_float_array, as_number, ipython_shell

STUB_MESSAGE = "your turn"  # what `make student` puts in place of a solution


class CheckFailed(AssertionError):
    """A wrong answer: ``str(error)`` is the ✗ line, the kind of mistake, never the answer."""


class Result:
    """The outcome of a check: ``bool(result)`` is whether the answer is right."""

    def __init__(self, ok, message):
        self.ok, self.message = bool(ok), message

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return f"Result(ok={self.ok}, message={self.message!r})"

    def _ipython_display_(self):
        """The message is already printed: a notebook shows nothing more."""


def _report(ok, message):
    """Print ``✓ message`` and return the ``Result``, or raise ``CheckFailed("✗ message")``."""
    if not ok:
        # from None: a learner's exception caught by the check is not part of the story
        raise CheckFailed("✗ " + message) from None
    print("✓ " + message)
    return Result(True, message)


def _simple_factor(r):
    """Whether r or 1/r is a whole number from 2 to 1000 (2×, ½, −3×, …)."""
    r = float(r)
    if not np.isfinite(r):
        return False
    v = r if abs(r) >= 1.0 else (1.0 / r if abs(r) >= 1e-3 else 0.0)
    n = round(v)
    return 2 <= abs(n) <= 1000 and abs(v - n) <= 1e-6 * abs(v)


def _diagnose(name, answer, expected, rtol, atol):
    """The hint for a wrong ``answer`` (arrays of one shape), or ``None`` if it is right."""
    # An answer near 1e308 against a small expected value overflows the ratios
    # below to inf: that is a (wrong) answer to report, not a warning to show.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _hint(name, answer, expected, rtol, atol)


def _hint(name, answer, expected, rtol, atol):
    """The kind of mistake, never the answer.

    For one number, "wrong sign" or "off by a factor of 2" would be the answer
    itself (flip it, halve it): one number only hears that it is not right, and
    the exercise names its likely mistakes (``mistakes=``). For an array computed
    by code those hints point at a bug (a sign convention, a sum for a mean).
    """
    if np.allclose(answer, expected, rtol=rtol, atol=atol):
        return None
    if answer.size == 1:
        return f"{name} is not right yet"
    if np.any(expected != 0) and np.allclose(-answer, expected, rtol=rtol, atol=atol):
        return f"{name} has the right size but the wrong sign"
    nonzero = np.abs(expected) > atol
    if np.any(nonzero) and np.all(np.abs(answer[~nonzero]) <= atol):
        ratios = answer[nonzero] / expected[nonzero]
        r = ratios.flat[0]
        if r not in (0.0, 1.0) and np.isfinite(r) and np.allclose(ratios, r, rtol=1e-6):
            # A whole factor is a kind of mistake (a sum for a mean, a missing ½);
            # any other factor would only tell the answer (yours / factor).
            if _simple_factor(r):
                return f"{name} is off by a constant factor of {r:.3g}"
            if ratios.size > 1:  # one wrong number is always *some* multiple of the right one
                return f"{name}: every entry is off by the same factor (a scale is wrong)"
    wrong = int(np.sum(~np.isclose(answer, expected, rtol=rtol, atol=atol)))
    return f"{name}: {wrong} of {answer.size} entries are not right yet"


def _known_mistake(mistakes, matches):
    """The message of the first of ``mistakes`` that ``matches``, or ``None``.

    ``mistakes`` maps a message (what kind of mistake, never the answer) to what
    that mistake produces; ``matches(produces)`` says whether the answer is it.
    """
    if mistakes is None:
        return None
    if not isinstance(mistakes, dict):
        raise TypeError(f"mistakes must be a dict {{message: ...}}, got {mistakes!r}")
    for message, produces in mistakes.items():
        if not isinstance(message, str):
            raise TypeError(f"a mistake's message must be text, got {message!r}")
        if matches(produces):
            return message
    return None


def close(answer, expected, name="your answer", rtol=1e-6, atol=1e-9, *, mistakes=None):
    """Check a number or array against the value ``expected`` computed by nnmath.

    Parameters
    ----------
    answer : float or array_like
        The learner's result.
    expected : float or array_like
        The reference (computed in the checking cell, never typed in).
    name : str
        How to call the answer in the message, e.g. ``"z"``.
    rtol, atol : float ≥ 0
        Tolerances as in ``numpy.isclose``.
    mistakes : dict, optional
        The exercise's likely mistakes, ``{message: what it produces}``: a value
        (the wrong answer that mistake gives, computed in the checking cell) or a
        predicate ``f(answer) -> bool`` (e.g. "outside [0°, 180°]"). A wrong answer
        that matches one gets its message, which names the mistake and never the
        answer; the first match wins.

    Returns
    -------
    Result
        For a right answer (✓).

    Raises
    ------
    CheckFailed
        ✗ for anything but a right answer: ``None``, text, complex numbers,
        NaN or infinity, the wrong shape, or wrong values. The checking cell's own
        mistakes (an ``expected`` that is not finite numbers, a bad tolerance)
        raise ``ValueError``/``TypeError``.
    """
    expected, rtol, atol = _reference(expected, rtol, atol)
    if answer is None or answer is Ellipsis:
        return _report(False, f"{name} is not answered yet (it is still {answer!r})")
    answer, problem = _as_answer(answer, name)
    if problem:
        return _report(False, problem)
    if answer.shape != expected.shape:
        if answer.size == expected.size and answer.ndim == expected.ndim == 2:
            if np.allclose(answer.T, expected, rtol=rtol, atol=atol):
                return _report(False, f"{name} is transposed: rows and columns are swapped")
        # A listed mistake of another shape (padding that grows a map) is named, not sized.
        known = _known_mistake(
            mistakes, lambda wrong: not callable(wrong) and _is_mistake(answer, wrong, rtol, atol)
        )
        if known:
            return _report(False, f"{name}: {known}")
        return _report(
            False, f"{name} has shape {answer.shape}, but the answer has shape {expected.shape}"
        )
    if not np.all(np.isfinite(answer)):
        return _report(False, f"{name} contains NaN or infinity")
    hint = _diagnose(name, answer, expected, rtol, atol)
    if hint is not None:
        known = _known_mistake(mistakes, lambda wrong: _is_mistake(answer, wrong, rtol, atol))
        return _report(False, f"{name}: {known}" if known else hint)
    return _report(True, f"{name} is correct")


def _is_mistake(answer, produces, rtol, atol):
    """Whether ``answer`` is what a mistake produces: its value, or its predicate holds."""
    if callable(produces):
        return bool(produces(answer if answer.ndim else float(answer)))
    wrong = as_float_array(produces, "a mistake's value")
    return wrong.shape == answer.shape and np.allclose(answer, wrong, rtol=rtol, atol=atol)


def _reference(expected, rtol, atol):
    """The checking cell's reference and tolerances, checked (its mistakes raise)."""
    expected = as_float_array(expected, "expected")
    return expected, as_number(rtol, "rtol", 0), as_number(atol, "atol", 0)


def _as_answer(answer, name):
    """``(answer as a float array, None)``, or ``(None, the ✗ message)`` if it is not numbers."""
    try:
        arr = np.asarray(answer)
    except ValueError:  # a ragged list
        return None, f"{name} should be a number or a rectangular array, got ragged rows"
    if arr.dtype.kind == "c":
        return None, f"{name} should be real numbers, got complex ones"
    if arr.dtype.kind not in "biuf":
        return None, f"{name} should be a number or an array, got {type(answer).__name__}"
    return arr.astype(np.float64), None


def function(fn, reference, inputs, name=None, rtol=1e-6, atol=1e-9, *, mistakes=None):
    """Check a learner's function against ``reference`` on each of ``inputs``.

    Parameters
    ----------
    fn, reference : callable
    inputs : iterable
        Each item is passed as the single argument; at least one (a check
        on no inputs could never fail, so it is refused).
    name : str, optional
        Defaults to the function's name.
    mistakes : dict, optional
        ``{message: wrong_function}``: the functions the exercise's likely
        mistakes compute (e.g. forgetting the bias). When ``fn`` is wrong on an
        input and agrees there with one of them, the check says its message.

    Returns
    -------
    Result
        When ``fn`` agrees with ``reference`` on every input (✓).

    Raises
    ------
    CheckFailed
        ✗ at the first input where ``fn`` is wrong, raises, or returns no numbers.
    """
    if not callable(reference):
        raise TypeError(f"reference must be a function, got {reference!r}")
    try:
        inputs = list(inputs)
    except TypeError:
        raise TypeError(f"inputs must be a list of inputs, got {inputs!r}") from None
    if not inputs:
        raise ValueError("inputs must hold at least one input: a check on none cannot fail")
    _, rtol, atol = _reference(0.0, rtol, atol)
    name = name or getattr(fn, "__name__", "your function")
    if not callable(fn):
        return _report(False, f"{name} should be a function, got {type(fn).__name__}")
    for x in inputs:
        shown = np.array2string(np.asarray(x), precision=3, threshold=6).replace("\n", "")
        label = f"{name}({shown})"  # one line, as every check prints
        try:
            got = fn(x)
        except NotImplementedError:
            return _report(False, f"{name} is not written yet: finish it in the exercise above")
        except Exception as err:  # the learner's code: report, don't crash the check
            return _report(False, f"{label} raised {type(err).__name__}: {err}")
        expected = as_float_array(reference(x), "the reference's value")
        got, problem = _as_answer(got, label)
        if problem:
            return _report(False, problem)
        if got.shape != expected.shape:
            known = _known_mistake(
                mistakes, lambda wrong, x=x, got=got: _is_mistake(got, wrong(x), rtol, atol)
            )
            if known:
                return _report(False, f"{name}: {known}")
            return _report(False, f"{label} has shape {got.shape}, expected {expected.shape}")
        if not np.all(np.isfinite(got)):
            return _report(False, f"{label} contains NaN or infinity")
        hint = _diagnose(label, got, expected, rtol, atol)
        if hint is not None:
            known = _known_mistake(
                mistakes, lambda wrong, x=x, got=got: _is_mistake(got, wrong(x), rtol, atol)
            )
            return _report(False, f"{name}: {known}" if known else hint)
    return _report(True, f"{name} agrees with the reference on {len(inputs)} inputs")


def shape(answer, expected, name="the shape", *, mistakes=None):
    """Check a typed shape, a tuple of sizes such as ``(32, 128)``, against ``expected``.

    Parameters
    ----------
    answer : tuple of int
        The learner's shape.
    expected : tuple of int
        The reference, taken from an array in the checking cell (``Z.shape``).
    name : str
        How to call the answer in the message, e.g. ``"the shape of W"``.
    mistakes : dict, optional
        ``{wrong shape: message}``: the shapes the exercise's likely mistakes give
        (the batch's shape for a weight's), each with the kind of mistake it is.

    Returns
    -------
    Result
        For the right shape (✓).

    Raises
    ------
    CheckFailed
        ✗ for a list or a bare number ("a shape is a tuple"), a tuple of the
        wrong length, the right sizes in the wrong order, or another shape;
        the message names the kind of mistake, never the sizes.

    Introduced in lesson 03.
    """
    expected = _shape_of(expected, "expected")
    if mistakes is not None and not isinstance(mistakes, dict):
        raise TypeError(f"mistakes must be a dict {{shape: message}}, got {mistakes!r}")
    mistakes = {_shape_of(k, "a mistake's shape"): m for k, m in (mistakes or {}).items()}
    if answer is None or answer is Ellipsis:
        return _report(False, f"{name} is not answered yet (it is still {answer!r})")
    if isinstance(answer, (list, np.ndarray)):
        return _report(False, f"{name}: a shape is a tuple, in round brackets, not a list")
    if not isinstance(answer, tuple):
        return _report(
            False,
            f"{name}: a shape is a tuple, even with one entry: write it with a comma, like (n,)",
        )
    if not all(isinstance(d, (int, np.integer)) and not isinstance(d, bool) for d in answer):
        return _report(False, f"{name}: a shape holds whole numbers, the size along each axis")
    answer = tuple(int(d) for d in answer)
    if answer == expected:
        return _report(True, f"{name} is correct")
    if answer in mistakes:
        return _report(False, f"{name}: {mistakes[answer]}")
    if len(answer) != len(expected):
        axes = "axis" if len(expected) == 1 else "axes"
        return _report(False, f"{name}: this array has {len(expected)} {axes}, one size for each")
    if sorted(answer) == sorted(expected):
        return _report(False, f"{name}: the right sizes, in the wrong order")
    return _report(False, f"{name} is not right yet")


def _shape_of(v, what):
    """The checking cell's shape ``v`` as a tuple of ints (its mistakes raise)."""
    if not (isinstance(v, tuple) and all(isinstance(d, (int, np.integer)) for d in v)):
        raise TypeError(f"{what} must be a tuple of whole numbers, got {v!r}")
    return tuple(int(d) for d in v)


def _friendly_message(etype, value, tb):
    """The one line for a wrong answer or an unfinished exercise, or ``None`` for any other error.

    ``tb`` starts at the frame that runs the cell, so ``tb.tb_next`` is the
    cell's own code: a name error there (not deeper, in some function) is a
    name the cell itself uses.
    """
    if issubclass(etype, CheckFailed):
        return str(value)
    if issubclass(etype, NotImplementedError) and value.args == (STUB_MESSAGE,):
        inner = tb
        while inner.tb_next is not None:
            inner = inner.tb_next
        if inner is tb.tb_next:
            return (
                '✋ Your turn: replace  raise NotImplementedError("your turn")  with your code, '
                "run this cell, then run the check below it."
            )
        return (
            f"✗ {inner.tb_frame.f_code.co_name} is not written yet: "
            "finish that exercise first, then run this cell again."
        )
    if issubclass(etype, NameError) and tb.tb_next is not None and tb.tb_next.tb_next is None:
        name = getattr(value, "name", None) or "a name"
        return (
            f"✗ {name} is not defined yet: write and run the exercise cell above first "
            "(or check the spelling)."
        )
    return None


def friendly_errors(shell):
    """Make ``shell`` (IPython) show one line for a wrong answer or an unfinished exercise.

    The line is the cell's error output in place of a traceback; every other
    error keeps IPython's usual traceback. The cell still fails, so "Run All"
    stops there, and nbgrader (which scores a test cell by its error output)
    gives a failed check no points.
    """
    if not callable(getattr(shell, "set_custom_exc", None)):
        raise TypeError(f"shell must be an IPython shell (get_ipython()), got {shell!r}")

    def handler(shell, etype, value, tb, tb_offset=None):
        message = _friendly_message(etype, value, tb)
        if message is None:
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        else:
            # IPython's (and ipykernel's) hook for an error output with this traceback
            shell._showtraceback(etype, value, [message])

    shell.set_custom_exc((CheckFailed, NotImplementedError, NameError), handler)


def _install_in_ipython():
    """``friendly_errors`` on the running IPython, if any (never imports IPython itself)."""
    shell = ipython_shell()
    if shell is not None and not shell.custom_exceptions:  # never replace someone else's handler
        friendly_errors(shell)


_install_in_ipython()
