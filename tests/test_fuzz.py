"""The project's fuzzer (tools/fuzz.py) as a test: hostile input gets clear errors everywhere.

One bounded run (the systematic sweep of every target, a few hypothesis examples each,
the widgets and the hostile files) is shared by the tests below; each reports *all*
its failing probes in one message: target, input, expected → outcome, message.
``python -m tools.fuzz --failures`` prints the same, with more examples.

The fuzzer is tested too: its outcome classifier on tiny known cases (so it can
fail), its argument contracts, and that every public function and widget has a
fuzz entry (a new one without an entry fails here).
"""

import math
import os
import time
import warnings

import numpy as np
import pytest

from tools import fuzz

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.fixture(scope="module")
def report():
    return fuzz.run(examples=2, quick=True)


def _fail_with(failures, what):
    if failures:
        pytest.fail(
            f"{len(failures)} {what} probes failed (input [expected → outcome] message):\n"
            + fuzz.format_failures(failures),
            pytrace=False,
        )


# ---------------------------------------------------------------- the outcome classes


def test_core_api_gives_clear_errors_and_right_results(report):
    """Bad input → clear ValueError/TypeError; valid or extreme input → a finite, right
    result (or a documented inf), no warning; checks never ✓ a wrong answer."""
    _fail_with([p for p in report.failures() if p.area == "core"], "core API")


def test_widgets_refuse_bad_values_clearly_and_never_get_stuck(report):
    """update() refuses out-of-range values with one clear error and leaves the controls as
    they were; the next valid update works; a callback's error is one line."""
    _fail_with([p for p in report.failures() if p.area == "widgets"], "widget")


def test_hostile_files_are_refused_clearly(report):
    """CSV: clear errors naming the file for any encoding, binary, FIFO, device, size;
    weights: tampered .npz refused before any large allocation; the export box stays in
    its folder and shows names escaped; a Play tick stays short."""
    _fail_with([p for p in report.failures() if p.area == "files"], "file")


def test_every_target_ran(report):
    """No target is absent: each one's function exists and its builder works."""
    absent = "\n".join(f"    {name}: {why}" for name, why in sorted(report.absent.items()))
    assert not report.absent, f"targets that did not run:\n{absent}"


def test_the_fuzz_covers_every_area_and_stays_bounded(report):
    areas = {p.area for p in report.probes}
    assert areas == set(fuzz.AREAS)
    assert len(report.probes) > 5000  # bounded by examples per target, not by a clock


# ---------------------------------------------------------------- every public name has an entry


def test_every_public_function_has_a_fuzz_entry():
    missing = sorted(fuzz.public_api() - fuzz.covered_api())
    assert not missing, (
        "public functions/methods/classes without a fuzz target in tools/fuzz.py "
        f"(add one with @target): {missing}"
    )


def test_every_widget_has_a_fuzz_entry():
    missing = sorted(fuzz.public_widgets() - fuzz.covered_widgets())
    assert not missing, (
        f"widgets without a fuzz entry in tools/fuzz.py (add widget(...)): {missing}"
    )


def test_the_introspection_sees_functions_classes_and_methods():
    api = fuzz.public_api()
    assert {"losses.one_hot", "layers.Dense", "layers.Dense.forward", "train.fit"} <= api
    assert not any(name.split(".")[-1].startswith("_") for name in api)
    assert "network.Dense" not in api  # imported from layers: counted there only


def test_every_target_builds_a_valid_call():
    """The drawn call of each target is valid by the target's own contracts, so the fuzzer
    compares variants with a call that must work."""
    wrong = []
    for target in fuzz.TARGETS:
        for seed in range(3):
            args = target.build(fuzz.fixed_draw(seed))
            values = {name: arg.value for name, arg in args.items()}
            expect = fuzz.expectation(target, args, values, None, None)
            if target.expect is None and expect != "valid":
                wrong.append(f"{target.name} (seed {seed}): {expect}")
    assert not wrong, wrong


# ---------------------------------------------------------------- the classifier


@pytest.fixture
def our_code(monkeypatch):
    """Errors raised in this file count as nnmath's own (the classifier looks at the file)."""
    monkeypatch.setattr(fuzz, "nnmath_dir", lambda: HERE)


def _raise(exc):
    raise exc


def _spin():
    while True:
        try:
            time.sleep(0.01)
        except Exception:
            pass


def _reraise():
    try:
        _raise(TypeError("x must be a number, got 'a'"))
    except TypeError:
        raise


@pytest.mark.parametrize(
    "fn, expect, kwargs, outcome",
    [
        (lambda: 1.0, "valid", {}, "ok"),
        (lambda: 1.0, "bad", {}, "silent_accept"),
        (lambda: [1, 2][5], "bad", {}, "unclear_error"),
        (lambda: {}["key"], "bad", {}, "unclear_error"),
        (lambda: 1 / 0, "bad", {}, "unclear_error"),
        (lambda: int("x"), "bad", {}, "unclear_error"),  # a ValueError, but not from a raise
        (lambda: _raise(ValueError("lr must be > 0, got -1")), "bad", {}, "clear_error"),
        (lambda: _raise(ValueError("lr must be > 0, got -1")), "valid", {}, "false_reject"),
        (lambda: _raise(ValueError("")), "bad", {}, "unclear_error"),  # no message
        (lambda: _raise(KeyError("W2")), "bad", {}, "unclear_error"),
        (_reraise, "bad", {}, "clear_error"),
        (lambda: _raise(FileNotFoundError(2, "No such file", "x.csv")), "bad", {}, "clear_error"),
        (lambda: warnings.warn("careful", RuntimeWarning, stacklevel=1), "valid", {}, "warning"),
        (lambda: np.float64(1e308) * 10, "valid", {}, "warning"),  # overflow
        (lambda: np.log(np.zeros(1)), "valid", {}, "warning"),  # divide by zero
        (lambda: np.asarray([1 + 2j]).astype(float), "valid", {}, "warning"),  # ComplexWarning
        (lambda: np.exp(-np.full(2, 1e4)), "valid", {}, "ok"),  # underflow to 0 is right
        (lambda: np.array([1.0, math.nan]), "valid", {}, "nonfinite"),
        (lambda: np.array([1.0, math.inf]), "valid", {}, "nonfinite"),
        (lambda: np.array([1.0, math.inf]), "valid", {"inf_ok": True}, "ok"),
        (lambda: np.array([1.0, math.nan]), "valid", {"inf_ok": True}, "nonfinite"),
        (lambda: np.array([1.0, math.nan]), "valid", {"nan_ok": True}, "ok"),
        (lambda: {"loss": [0.5, math.nan]}, "valid", {}, "nonfinite"),
        (lambda: np.zeros(2), "valid", {"oracle": lambda r: "off by 1"}, "wrong_result"),
        (lambda: np.zeros(2), "valid", {"oracle": lambda r: 1 / 0}, "wrong_result"),
        (lambda: np.zeros(2), "valid", {"oracle": lambda r: None}, "ok"),
        (lambda: True, "not_pass", {}, "wrong_result"),  # a check said ✓ to a wrong answer
        (lambda: False, "not_pass", {}, "ok"),
        (_spin, "valid", {"timeout": 0.2}, "hang"),
    ],
)
def test_the_classifier_sorts_known_cases(our_code, fn, expect, kwargs, outcome):
    assert fuzz.classify(fn, expect, **kwargs).outcome == outcome


def test_errors_outside_nnmath_are_unclear():
    """Without ``our_code`` this file is not nnmath: its ValueError is not nnmath's."""
    out = fuzz.classify(lambda: _raise(ValueError("lr must be > 0")), "bad")
    assert out.outcome == "unclear_error"


def test_pass_or_fail_follows_the_expectation():
    probe = fuzz.Probe("core", "t", "x", "bad", "clear_error")
    assert probe.passed
    assert not fuzz.Probe("core", "t", "x", "bad", "silent_accept").passed
    assert not fuzz.Probe("core", "t", "x", "valid", "false_reject").passed
    assert fuzz.Probe("core", "t", "x", "either", "ok").passed
    assert not fuzz.Probe("core", "t", "x", "either", "unclear_error").passed


def test_a_child_process_is_capped_and_timed():
    assert fuzz.in_child(lambda: {"answer": 42}) == {"answer": 42}
    assert "hang" in fuzz.in_child(lambda: time.sleep(30), timeout=0.5)
    got = fuzz.in_child(lambda: len(bytearray(8 * 2**30)), memory=2**30)
    assert "MemoryError" in got["died"]


# ---------------------------------------------------------------- the contracts


@pytest.mark.parametrize(
    "arg, value, verdict",
    [
        (fuzz.Count(3, 1), 3, True),
        (fuzz.Count(3, 1), np.int64(3), True),
        (fuzz.Count(3, 1), 3.0, True),  # whole floats, as _checks.as_int takes them
        (fuzz.Count(3, 1), 2.5, False),
        (fuzz.Count(3, 1), True, False),
        (fuzz.Count(3, 1), "3", False),
        (fuzz.Count(3, 1), 0, False),
        (fuzz.Number(0.1, 0, low_open=True), np.float32(0.1), True),
        (fuzz.Number(0.1, 0, low_open=True), 0.0, False),
        (fuzz.Number(0.1, 0, low_open=True), math.inf, False),
        (fuzz.Number(0.1, 0, low_open=True), "0.1", False),
        (fuzz.Real(np.ones((2, 3)), (None, 3), sample=True), np.ones(3), True),
        (fuzz.Real(np.ones((2, 3)), (None, 3), sample=True), np.ones((2, 4)), False),
        (fuzz.Real(np.ones((2, 3)), (None, 3)), np.ones((0, 3)), False),
        (fuzz.Real(np.ones((2, 3)), (None, 3)), [[1, 2, 3], [4, 5]], False),
        (fuzz.Real(np.ones((2, 3)), (None, 3)), np.ones((2, 3)) + 1j, False),
        (fuzz.Real(np.full((1, 2), 0.5), (1, 2), lo=0, hi=1, rows_sum=1), [[0.2, 0.9]], False),
        (fuzz.Labels([0, 1], 2), [0, 1], True),
        (fuzz.Labels([0, 1], 2), [0, 2], False),
        (fuzz.Labels([0, 1], 2), [0.5, 1], False),
        (fuzz.Labels([0, 1], 2, onehot=True), [[1, 0], [0, 1]], True),
        (fuzz.Labels([0, 1], 2, onehot=True), [[2, 0], [0, 1]], False),
        (fuzz.Seed(0), -1, False),
        (fuzz.Seed(0), np.random.default_rng(0), True),
        (fuzz.Choice("relu", ["relu", "tanh"]), "RELU", False),
        (fuzz.Pair((0.0, 1.0)), (1.0, 0.0), False),
    ],
)
def test_the_contracts(arg, value, verdict):
    assert arg.safe_verdict(value) == verdict


def test_accuracy_with_one_label_is_a_bad_input():
    """The review's worst case: train.accuracy(net, X, [1]) must count as bad input."""
    target = next(t for t in fuzz.TARGETS if t.name == "train.accuracy")
    args = target.build(fuzz.fixed_draw(0))
    values = {name: arg.value for name, arg in args.items()} | {"y": [1]}
    assert fuzz.expectation(target, args, values, "y", "one") == "bad"


def test_a_check_on_no_inputs_must_not_pass():
    target = next(t for t in fuzz.TARGETS if t.name == "check.function")
    args = target.build(fuzz.fixed_draw(0))
    values = {name: arg.value for name, arg in args.items()} | {"inputs": []}
    assert fuzz.expectation(target, args, values, "inputs", "empty") == "not_pass"
