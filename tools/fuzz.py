"""The project's fuzzer: every public function, method and widget of nnmath, fed hostile input.

    python -m tools.fuzz [--examples N] [--budget S] [--json PATH] [--only TEXT] [--failures]

Each call runs with warnings as errors (NumPy's floating-point warnings too), a
time limit, and its outcome sorted into one class (``OUTCOMES``):

- ``ok``: it behaved (a valid input gave a finite, right result; a check said ✗
  to a wrong answer);
- ``clear_error``: a ``ValueError``/``TypeError`` raised by a ``raise`` statement
  inside nnmath, with a message (or an ``OSError`` naming the file);
- ``unclear_error``: any other exception (IndexError, KeyError, NumPy's or
  Python's own errors leaking out, MemoryError, a traceback under a widget ...);
- ``silent_accept``: a bad input that returned normally;
- ``wrong_result``: an oracle failed (a shape, an independent computation, a ✓
  for a wrong answer, a widget drawing a value its control does not show);
- ``nonfinite``: NaN or inf in the result (inf is allowed where the docstring
  mentions it, NaN only where the input held NaN and NaN-in NaN-out is allowed);
- ``warning``: a warning was raised;
- ``false_reject``: a valid input refused with a clear error;
- ``hang``: the time limit passed.

Whether an input is valid follows the docstrings and the rules of
``nnmath/_checks.py``: every argument has a contract (``Arg.ok``) and every
target a rule for its arguments together (``Target.consistent``); the fuzzer
computes validity itself, never by asking nnmath. Each probe then has an
expectation (``EXPECTS``) and passes when its outcome is in ``ALLOWED``.

The targets cover the public API found by introspection (``public_api``): a new
public function without a target fails ``tests/test_fuzz.py``. Arguments come
from a systematic sweep (every variant of every argument once, on one drawn
valid call) and from hypothesis (derandomized, ``max_examples`` per target).
It runs against whatever ``nnmath`` is importable (``PYTHONPATH=/tmp/before``):
a target missing there is reported as absent.
"""

import argparse
import contextlib
import dis
import importlib
import inspect
import io
import json
import math
import numbers
import os
import re
import resource
import select
import signal
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

OUTCOMES = (
    "ok",
    "clear_error",
    "unclear_error",
    "silent_accept",
    "wrong_result",
    "nonfinite",
    "warning",
    "false_reject",
    "hang",
)
AREAS = ("core", "widgets", "files")

# What a probe expects, and which outcomes pass it.
EXPECTS = ("valid", "bad", "either", "not_pass")
ALLOWED = {
    "valid": {"ok"},  # a valid or extreme input: a finite, right result
    "bad": {"clear_error"},  # a bad input: a clear ValueError/TypeError
    "either": {"ok", "clear_error"},  # a borderline input: working or a clear refusal
    "not_pass": {"ok", "clear_error"},  # a check of a wrong answer: ✗ (ok) or a clear error
}

MODULES = (
    "activations",
    "losses",
    "neuron",
    "layers",
    "conv",
    "network",
    "optim",
    "train",
    "autograd",
    "gradcheck",
    "data",
    "text",
    "check",
    "approx",
    "surfaces",
    "vectors",
)

TIMEOUT = 5.0  # seconds per call
# NumPy's floating-point problems become warnings (then errors). Underflow stays ignored,
# as NumPy and the course's strict kernel (tests/ipython) ignore it: a result that rounds
# to 0 is the right answer, not a math problem.
ERRSTATE = {"divide": "warn", "over": "warn", "invalid": "warn", "under": "ignore"}
HUGE = 10**15  # a count no machine can allocate: must fail fast and clearly


class Absent(Exception):
    """The target's function does not exist in the nnmath under test."""


class _Timeout(BaseException):
    """Raised by SIGALRM; a BaseException, so an ``except Exception`` inside nnmath can't eat it."""


class _Lazy:
    """``nm.losses`` imports ``nnmath.losses`` when first used (a module may be absent)."""

    def __getattr__(self, name):
        try:
            return importlib.import_module(f"nnmath.{name}")
        except ModuleNotFoundError as err:
            raise Absent(f"nnmath.{name} is missing") from err


nm = _Lazy()


def nnmath_dir():
    import nnmath

    return os.path.dirname(os.path.abspath(nnmath.__file__))


# ---------------------------------------------------------------- running one call


@dataclass
class Outcome:
    outcome: str
    message: str = ""
    result: object = None
    seconds: float = 0.0


@contextlib.contextmanager
def _alarm(seconds):
    def on_alarm(_signum, _frame):
        raise _Timeout

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextlib.contextmanager
def strict(timeout=TIMEOUT):
    """Warnings as errors, NumPy floating-point problems (``ERRSTATE``) as warnings, a time
    limit, and prints captured."""
    out = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(**ERRSTATE), contextlib.redirect_stdout(out):
            with contextlib.redirect_stderr(out), _alarm(timeout):
                yield out


def raised_in_nnmath(exc):
    """Whether ``exc`` comes from a ``raise`` statement in a file of the nnmath package."""
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    code = tb.tb_frame.f_code
    path = os.path.abspath(code.co_filename)
    if not path.startswith(nnmath_dir() + os.sep):
        return False
    try:
        op = dis.opname[code.co_code[tb.tb_lasti]]
    except IndexError:
        return False
    return op in ("RAISE_VARARGS", "RERAISE")


def is_clear(exc):
    """A ValueError/TypeError raised by nnmath with a message, or an OSError naming its file."""
    message = str(exc).strip()
    if isinstance(exc, OSError) and getattr(exc, "filename", None) is not None:
        return bool(message)
    return isinstance(exc, (ValueError, TypeError)) and bool(message) and raised_in_nnmath(exc)


def describe(exc):
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:300]


def call(fn, timeout=TIMEOUT):
    """Run ``fn()`` strictly: ``("return", value)``, ``("raise", exc)`` or ``("hang", None)``."""
    try:
        with strict(timeout):
            return "return", fn()
    except _Timeout:
        return "hang", None
    except Exception as exc:
        return "raise", exc
    except Warning as exc:
        return "raise", exc


def nonfinite(obj, depth=0, seen=None):
    """``"nan"`` or ``"inf"`` if ``obj`` (or what it holds) is not finite, else ``None``."""
    seen = set() if seen is None else seen
    if depth > 4 or id(obj) in seen:
        return None
    seen.add(id(obj))
    if isinstance(obj, (bool, np.bool_, str, bytes)) or obj is None:
        return None
    if isinstance(obj, (float, complex, np.floating, np.complexfloating)):
        if np.isnan(obj):
            return "nan"
        return None if np.isfinite(obj) else "inf"
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind not in "fc" or obj.size == 0:
            return None
        if np.isnan(obj).any():
            return "nan"
        return None if np.isfinite(obj).all() else "inf"
    found = None
    if isinstance(obj, dict):
        items = list(obj.values())[:50]
    elif isinstance(obj, (list, tuple)):
        items = list(obj)[:50]
    elif type(obj).__module__.startswith("nnmath") and hasattr(obj, "__dict__"):
        items = [v for k, v in vars(obj).items() if not k.startswith("_") and k != "history"]
        if callable(getattr(obj, "params", None)):
            try:
                items += list(obj.params())
            except Exception:
                pass
        items = items[:50]
    elif type(obj).__name__ == "Value":
        items = [getattr(obj, "data", None)]
    else:
        return None
    for item in items:
        bad = nonfinite(item, depth + 1, seen)
        if bad == "nan":
            return "nan"
        found = found or bad
    return found


_DOC_INF = re.compile(r"\binf\b|overflow|∞", re.IGNORECASE)


def documents_inf(obj):
    """Whether the docstring of ``obj`` (or its class) says it can give inf."""
    docs = [inspect.getdoc(obj) or ""]
    owner = getattr(obj, "__self__", None) or (obj if inspect.isclass(obj) else None)
    if owner is not None:
        docs.append(inspect.getdoc(owner) or "")
    return any(_DOC_INF.search(d) for d in docs)


def classify(fn, expect, *, oracle=None, nan_ok=False, inf_ok=False, timeout=TIMEOUT):
    """Run ``fn()`` and sort it into one outcome class, given what it should do (``EXPECTS``)."""
    t0 = time.perf_counter()
    kind, value = call(fn, timeout)
    seconds = time.perf_counter() - t0
    if kind == "hang":
        return Outcome("hang", f"no answer within {timeout:g} s", seconds=seconds)
    if kind == "raise":
        if isinstance(value, Warning):
            return Outcome("warning", describe(value), seconds=seconds)
        if is_clear(value):
            outcome = "false_reject" if expect == "valid" else "clear_error"
            return Outcome(outcome, describe(value), seconds=seconds)
        return Outcome("unclear_error", describe(value) + _where(value), seconds=seconds)
    if expect == "not_pass" and _truthy(value):
        return Outcome("wrong_result", f"passed: {_short(value, 200)}", value, seconds)
    bad = nonfinite(value)
    if bad == "nan" and not nan_ok:
        return Outcome("nonfinite", "the result holds NaN", value, seconds)
    if bad == "inf" and not (inf_ok or nan_ok):
        return Outcome("nonfinite", "the result holds inf (not documented)", value, seconds)
    if expect == "bad":
        return Outcome("silent_accept", f"returned {_short(value)}", value, seconds)
    if oracle is not None and expect != "not_pass":
        problem = check_oracle(oracle, value)
        if problem:
            return Outcome("wrong_result", problem, value, seconds)
    return Outcome("ok", "", value, seconds)


def _truthy(value):
    try:
        return bool(value)
    except Exception:
        return False


def check_oracle(oracle, value):
    """The oracle's complaint about ``value``, or ``None``; an oracle that crashes complains."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return oracle(value)
        except Exception as exc:
            return f"the result could not be checked: {describe(exc)}"


def _where(exc):
    tb = exc.__traceback__
    frames = traceback.extract_tb(tb) if tb is not None else []
    if not frames:
        return ""
    last = frames[-1]
    return f" (at {os.path.basename(last.filename)}:{last.lineno})"


def _short(value, n=80):
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."


# ---------------------------------------------------------------- a probe in a child process


def vm_bytes():
    """This process's virtual memory size, from /proc (0 where it can't be read)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def in_child(fn, timeout=TIMEOUT + 5, memory=2 * 2**30):
    """Run ``fn()`` (returning something JSON can write) in a forked child with its address
    space capped at its current size + ``memory`` bytes; ``{"hang": ...}`` if it takes longer
    than ``timeout`` s, ``{"died": ...}`` if it dies. The parent's memory is never at risk."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            os.close(r)
            limit = vm_bytes() + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            data = json.dumps(fn(), default=str).encode()
        except BaseException as exc:
            data = json.dumps({"died": describe(exc)}).encode()
            code = 1
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(w, view) :]
        finally:
            os._exit(code)
    os.close(w)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([r], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return {"hang": f"no answer within {timeout:g} s"}
            chunk = os.read(r, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(r)
    _, status = os.waitpid(pid, 0)
    try:
        return json.loads(b"".join(chunks))
    except ValueError:
        return {"died": f"the child exited with status {status}"}


# ---------------------------------------------------------------- argument contracts


def real_array(v):
    """``v`` as an ndarray of real numbers (bool, int, float), or ``None`` if it is not one."""
    if v is None or isinstance(v, (str, bytes)):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            a = np.asarray(v)
    except Exception:
        return None
    return a if a.dtype.kind in "biuf" else None


def is_real(v):
    """A real number as ``_checks`` defines it: Python/NumPy int or float or 0-d array, no bool."""
    if isinstance(v, np.ndarray):
        return v.ndim == 0 and v.dtype.kind in "iuf"
    return isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))


def is_whole(v):
    if not is_real(v):
        return False
    x = float(v)
    return math.isfinite(x) and x == math.floor(x)


def length(v):
    """The first dimension of ``v``, or ``None``."""
    a = real_array(v)
    if a is None or a.ndim == 0:
        return None
    return a.shape[0]


def _with(a, value):
    b = np.array(a, dtype=np.float64, copy=True)
    if b.size == 0:
        return np.array([value])
    b.flat[0] = value
    return b


def _leaf_to(obj, value):
    """``obj`` as nested lists with the first number replaced by ``value``."""
    if isinstance(obj, list):
        return [_leaf_to(obj[0], value), *obj[1:]] if obj else [value]
    return value


def _ragged(a):
    if a.ndim == 0 or a.shape[0] < 2:
        return None
    rows = a.tolist()
    if a.ndim == 1:
        return [rows[0], [rows[1], rows[1]], *rows[2:]]
    rows[-1] = rows[-1][:-1] if len(rows[-1]) > 1 else [*rows[-1], 0.0]
    return rows


class Arg:
    """One argument: its valid ``value``, the contract ``ok(v)`` and the ``variants`` to try.

    ``either`` names variants whose validity the docs leave open: working and a clear
    refusal both pass. ``extra`` adds ``(label, value)`` variants; ``skip`` drops some.
    """

    default_either = ()

    def __init__(self, value, *, either=(), extra=(), skip=()):
        self.value = value
        self.either = set(either) | set(self.default_either)
        self.extra = list(extra)
        self.skip = set(skip)

    def ok(self, v):
        return True

    def verdict(self, v):
        """True (valid), False (bad) or "either" (the docs leave it open)."""
        return self.ok(v)

    def _variants(self):
        return []

    def variants(self):
        out = [(label, v) for label, v in self._variants() if label not in self.skip]
        return out + self.extra

    def safe_verdict(self, v):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                got = self.verdict(v)
        except Exception:
            return False
        return got if got == "either" else bool(got)


class Const(Arg):
    """Never varied (an object the call needs, built fresh for every probe)."""


class Real(Arg):
    """An array of real numbers.

    ``shape``: ``None`` for any shape, else a tuple (``None`` for "any length ≥ 1") or a
    list of such tuples; ``sample`` also takes one sample (``shape[1:]``) for a matrix;
    ``lo``/``hi`` bound the values, ``rows_sum`` makes every row sum to it (probabilities);
    ``nan_ok`` is NumPy's NaN-in NaN-out (element-wise activations); ``min_rows`` the least
    first dimension; ``scale`` tries the values × 1e300 and × 1e-300; ``loose`` makes
    values outside the domain "either" (the docs describe but don't demand it);
    ``whole`` wants whole numbers; ``exact`` a float64 ndarray and nothing else; ``ints``
    integers (whole floats are "either").
    """

    default_either = ("bool",)

    def __init__(
        self,
        value,
        shape=None,
        *,
        sample=False,
        lo=None,
        hi=None,
        rows_sum=None,
        nan_ok=False,
        min_rows=1,
        scale=True,
        loose=False,
        whole=False,
        exact=False,
        ints=False,
        **kw,
    ):
        value = np.asarray(value)
        super().__init__(value if value.dtype.kind in "iuf" else value.astype(np.float64), **kw)
        self.shapes = None if shape is None else (shape if isinstance(shape, list) else [shape])
        if self.shapes is not None and sample:
            self.shapes = self.shapes + [s[1:] for s in self.shapes if len(s) == 2]
        self.lo, self.hi, self.rows_sum = lo, hi, rows_sum
        self.nan_ok, self.min_rows, self.scale = nan_ok, min_rows, scale
        self.loose, self.whole, self.exact, self.ints = loose, whole or ints, exact, ints
        if shape is None:  # any shape: whether an empty array is data is left open
            self.either.add("empty")

    def _shape_ok(self, shape):
        if self.shapes is None:
            return True
        for want in self.shapes:
            if len(want) == len(shape) and all(
                s >= (self.min_rows if i == 0 else 1) if w is None else s == w
                for i, (w, s) in enumerate(zip(want, shape, strict=True))
            ):
                return True
        return False

    def verdict(self, v):
        a = real_array(v)
        if a is None or not self._shape_ok(a.shape):
            return False
        if self.exact and not (isinstance(v, np.ndarray) and v.dtype == np.float64):
            return False
        a = a.astype(np.float64)
        if not self.nan_ok and not np.isfinite(a).all():
            return False
        if self.whole and not np.all(a == np.round(a)):
            return False
        if not self._domain_ok(a):
            return "either" if self.loose else False
        return "either" if self.ints and real_array(v).dtype.kind == "f" else True

    def ok(self, v):
        return self.verdict(v) is True

    def _domain_ok(self, a):
        finite = a[np.isfinite(a)]
        if self.lo is not None and np.any(finite < self.lo):
            return False
        if self.hi is not None and np.any(finite > self.hi):
            return False
        if self.rows_sum is not None:
            if a.ndim == 0 or a.size == 0:
                return False
            if not np.allclose(a.sum(axis=-1), self.rows_sum, rtol=0, atol=1e-6):
                return False
        return True

    def _variants(self):
        a = self.value
        v = [
            ("nan", _with(a, np.nan)),
            ("inf", _with(a, np.inf)),
            ("-inf", _with(a, -np.inf)),
            ("str", _leaf_to(a.tolist(), "x")),
            ("text", "abc"),
            ("complex", a + 1j),
            ("None", None),
            ("object", object()),
            ("object_array", np.array(a.tolist(), dtype=object) if a.ndim else None),
            ("ragged", _ragged(a)),
            ("0-d", np.float64(a.flat[0]) if a.ndim and a.size else None),
            ("extra_dim", a[np.newaxis, ..., np.newaxis]),
            ("empty", np.empty((0, *a.shape[1:])) if a.ndim else np.empty(0)),
            ("wrong_cols", np.concatenate([a, a[..., :1]], axis=-1) if a.ndim and a.size else None),
            ("transposed", a.T if a.ndim == 2 and a.shape[0] != a.shape[1] else None),
            ("flat/col", a[:, 0] if a.ndim == 2 and a.shape[1] == 1 else None),
            ("col/flat", a[:, np.newaxis] if a.ndim == 1 else None),
            ("short", a[:-1] if a.ndim and a.shape[0] >= 2 else None),
            ("bool", a > np.median(a) if a.size else None),
            ("list", a.tolist()),
            ("float32", a.astype(np.float32)),
            ("int", np.round(a).astype(np.int64)),
            ("strided", np.repeat(a, 2, axis=-1)[..., ::2] if a.ndim else None),
            ("fortran", np.asfortranarray(a) if a.ndim == 2 else None),
            ("zeros", np.zeros_like(a)),
        ]
        if self.scale and self.lo is None and self.hi is None:
            pm = np.where(np.arange(a.size).reshape(a.shape) % 2 == 0, 1e308, -1e308)
            v += [("x1e300", a * 1e300), ("x1e-300", a * 1e-300), ("±1e308", pm)]
        if self.lo is not None:
            v.append(("below", a - (1.0 if self.hi is None else (self.hi - self.lo)) - 1.0))
        if self.hi is not None:
            v.append(("above", a + (1.0 if self.lo is None else (self.hi - self.lo)) + 1.0))
        if self.lo == 0 and self.hi == 1:
            v.append(("logits", 10.0 * a - 5.0 + 0.1))
            v.append(("exact", np.round(a)))
        if self.rows_sum is not None and a.ndim >= 1 and a.size:
            v.append(("rows_half", a * 0.5))
            eye = np.eye(a.shape[-1])[np.argmax(a, axis=-1)]
            v.append(("one_hot", eye))
        return [(label, val) for label, val in v if val is not None]


class Labels(Arg):
    """Class labels 0 … k − 1 of shape (n,); ``onehot`` also takes one-hot rows (n, k) and
    ``outputs`` any real (n, k) array (a network's outputs, whose argmax is the label)."""

    default_either = ("bool", "soft")

    def __init__(self, value, k, *, onehot=False, outputs=False, **kw):
        super().__init__(np.asarray(value, dtype=np.int64), **kw)
        self.k, self.onehot, self.outputs = k, onehot, outputs

    def ok(self, v):
        a = real_array(v)
        if a is None or a.dtype.kind == "b":
            return False
        a = a.astype(np.float64)
        if not np.isfinite(a).all():
            return False
        if a.ndim == 1:
            return a.size >= 1 and bool(np.all((a == np.round(a)) & (a >= 0) & (a < self.k)))
        if a.ndim == 2 and a.shape[1] == self.k and a.shape[0] >= 1:
            if self.outputs:
                return True
            if self.onehot:
                return bool(np.all((a == 0) | (a == 1)) and np.all(a.sum(axis=1) == 1))
        return False

    def _variants(self):
        y, k = self.value, self.k
        eye = np.eye(k)[y]
        v = [
            ("k", _with(y, k)),
            ("neg", _with(y, -1)),
            ("half", _with(y, 0.5)),
            ("nan", _with(y, np.nan)),
            ("inf", _with(y, np.inf)),
            ("1e20", _with(y, 1e20)),
            ("str", _leaf_to(y.tolist(), "x")),
            ("None", None),
            ("complex", y + 1j),
            ("ragged", _ragged(y)),
            ("one", [1] if k > 1 else [0]),
            ("0-d", np.int64(y[0])),
            ("row", y[np.newaxis, :]),
            ("col", y[:, np.newaxis]),
            ("short", y[:-1] if y.size >= 2 else None),
            ("long", np.concatenate([y, y[:1]])),
            ("empty", np.empty(0)),
            ("float", y.astype(np.float64)),
            ("int32", y.astype(np.int32)),
            ("list", y.tolist()),
            ("bool", y > 0),
            ("one_hot", eye),
            ("one_hot_x2", 2 * eye),
            ("one_hot_zero", np.zeros_like(eye)),
            ("one_hot_wide", np.eye(k + 1)[y]),
        ]
        if k > 1:
            v.append(("soft", np.full((y.size, k), 1.0 / k)))
        return [(label, val) for label, val in v if val is not None]


def _number_ok(v, low, high, low_open, high_open):
    if not is_real(v):
        return False
    x = float(v)
    if not math.isfinite(x):
        return False
    if low is not None and (x <= low if low_open else x < low):
        return False
    return not (high is not None and (x >= high if high_open else x > high))


class Number(Arg):
    """A finite real number in a range (``low_open``: ``> low``; ``high_open``: ``< high``).

    ±1e300 for an unbounded side is "either": a documented cap refuses it clearly.
    """

    default_either = ("huge", "-huge")

    def __init__(self, value, low=None, high=None, *, low_open=False, high_open=False, **kw):
        super().__init__(value, **kw)
        self.low, self.high, self.low_open, self.high_open = low, high, low_open, high_open

    def ok(self, v):
        return _number_ok(v, self.low, self.high, self.low_open, self.high_open)

    def _variants(self):
        x = float(self.value)
        lo, hi = self.low, self.high
        v = [
            ("nan", math.nan),
            ("inf", math.inf),
            ("-inf", -math.inf),
            ("str", str(self.value)),
            ("None", None),
            ("bool", True),
            ("complex", complex(x, 1.0)),
            ("list", [self.value]),
            ("pair", np.array([x, x])),
            ("0-d", np.array(x)),
            ("float32", np.float32(x)),
            ("object", object()),
        ]
        if x == round(x) and abs(x) < 2**53:
            v += [("int", int(x)), ("int64", np.int64(int(x)))]
        if lo is not None:
            v.append(("low", float(lo)))
            v.append(("below", float(lo) - max(1.0, abs(lo))))
            if self.low_open:
                v.append(("just_above_low", float(np.nextafter(lo, math.inf)) if lo else 1e-300))
        else:
            v.append(("-huge", -1e300))
        if hi is not None:
            v.append(("high", float(hi)))
            v.append(("above", float(hi) + max(1.0, abs(hi))))
        else:
            v.append(("huge", 1e300))
        return v


class Count(Arg):
    """A whole number in [low, high] (an int, a NumPy int or a whole float, never a bool).

    ``huge`` also tries 10**15: a size no machine can allocate (a clear error or a result).
    """

    default_either = ("huge",)

    def __init__(self, value, low=None, high=None, *, huge=True, **kw):
        super().__init__(value, **kw)
        self.low, self.high, self.huge = low, high, huge

    def ok(self, v):
        if not is_whole(v):
            return False
        n = int(v)
        return (self.low is None or n >= self.low) and (self.high is None or n <= self.high)

    def _variants(self):
        n = int(self.value)
        v = [
            ("fraction", n + 0.5),
            ("bool", True),
            ("str", str(n)),
            ("None", None),
            ("nan", math.nan),
            ("inf", math.inf),
            ("complex", complex(n, 0)),
            ("list", [n]),
            ("float", float(n)),
            ("int64", np.int64(n)),
            ("0-d", np.array(n)),
        ]
        if self.low is not None:
            v += [("low", self.low), ("below", self.low - 1)]
        if self.high is not None:
            v += [("high", self.high), ("above", self.high + 1)]
        if self.huge and (self.high is None or self.high >= HUGE):
            v.append(("huge", HUGE))
        return v


class Choice(Arg):
    """One of ``options`` (names are compared as strings: 1 is not "1", nor True 1)."""

    def __init__(self, value, options, **kw):
        super().__init__(value, **kw)
        self.options = list(options)

    def ok(self, v):
        return any(type(v) is type(o) and v == o for o in self.options)

    def _variants(self):
        v = [(f"={o}", o) for o in self.options if o != self.value]
        v += [
            ("bogus", "bogus"),
            ("None", None),
            ("int", 3),
            ("list", [self.value]),
            ("empty", ""),
            ("object", object()),
        ]
        if isinstance(self.value, str):
            v.append(("bytes", self.value.encode()))
            upper = self.value.upper()
            if upper not in self.options:
                v.append(("upper", upper))
        return v


class Seed(Arg):
    """An rng: a ``np.random.Generator`` or an int seed ≥ 0."""

    def ok(self, v):
        if isinstance(v, np.random.Generator):
            return True
        return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) and v >= 0

    def _variants(self):
        return [
            ("generator", np.random.default_rng(3)),
            ("int64", np.int64(3)),
            ("big", 2**63),
            ("None", None),
            ("neg", -1),
            ("float", 1.5),
            ("str", "0"),
            ("bool", True),
            ("RandomState", np.random.RandomState(0)),
            ("list", [0]),
        ]


class Flag(Arg):
    """True or False (NumPy's bool too)."""

    def ok(self, v):
        return isinstance(v, (bool, np.bool_))

    def _variants(self):
        return [
            ("np.bool_", np.bool_(not self.value)),
            ("int", 1),
            ("str", "yes"),
            ("None", None),
        ]


class Options(Arg):
    """Named variants: ``good``, ``bad`` and ``unsure`` dicts of label -> value (by identity)."""

    def __init__(self, value, good=None, bad=None, unsure=None, *, generic=True, **kw):
        super().__init__(value, **kw)
        self.good, self.bad, self.unsure = dict(good or {}), dict(bad or {}), dict(unsure or {})
        if generic:  # the usual suspects, unless a label says otherwise
            taken = set(self.good) | set(self.bad) | set(self.unsure)
            usual = {"None": None, "int": 3, "str": "x"}
            self.bad = {k: v for k, v in usual.items() if k not in taken} | self.bad
        self.either |= set(self.unsure)
        self._valid = [value, *self.good.values(), *self.unsure.values()]

    def ok(self, v):
        return any(v is g for g in self._valid)

    def _variants(self):
        return [*self.good.items(), *self.bad.items(), *self.unsure.items()]


class Pair(Arg):
    """A window (lo, hi) of two finite numbers with lo < hi."""

    def ok(self, v):
        a = real_array(v)
        if a is None or a.shape != (2,) or a.dtype.kind == "b":
            return False
        try:
            items = list(v)
        except TypeError:
            return False
        return all(is_real(x) for x in items) and np.isfinite(a).all() and a[0] < a[1]

    def _variants(self):
        lo, hi = (float(x) for x in self.value)
        return [
            ("reversed", (hi, lo)),
            ("equal", (lo, lo)),
            ("nan", (math.nan, hi)),
            ("inf", (lo, math.inf)),
            ("str", "ab"),
            ("strs", ("0", "1")),
            ("None", None),
            ("triple", (lo, hi, hi + 1)),
            ("scalar", hi),
            ("bools", (False, True)),
            ("array", np.array([lo, hi])),
            ("float32", (np.float32(lo), np.float32(hi))),
            ("huge", (-1e300, 1e300)),
            ("tiny", (0.0, 1e-300)),
        ]


class Fn(Arg):
    """A callable; ``bad`` (label -> function) are callables that break the contract."""

    def __init__(self, value, bad=None, unsure=None, **kw):
        super().__init__(value, **kw)
        self.bad = dict(bad or {})
        self.unsure = dict(unsure or {})
        self.either |= set(self.unsure)

    def ok(self, v):
        return callable(v) and not any(v is b for b in self.bad.values())

    def _variants(self):
        return [("None", None), ("int", 3), ("str", "f"), *self.bad.items(), *self.unsure.items()]


# ---------------------------------------------------------------- targets and probes

TARGETS = []  # the core API
WIDGET_TARGETS = []  # the widgets' explorers
FILE_TARGETS = []  # files: CSV, weights, the export box


class Draw:
    """Random choices for a builder: ``int``, ``float``, ``choice``, ``bool`` and ``rng``."""

    def __init__(self, draw_int):
        self._int = draw_int
        self.rng = np.random.default_rng(self._int(0, 2**32 - 1))

    def int(self, lo, hi):
        return self._int(lo, hi)

    def choice(self, seq):
        seq = list(seq)
        return seq[self._int(0, len(seq) - 1)]

    def bool(self):
        return bool(self._int(0, 1))

    def float(self, lo, hi):
        return float(self.rng.uniform(lo, hi))

    def array(self, *shape, lo=-2.0, hi=2.0):
        return self.rng.uniform(lo, hi, shape)

    def probs(self, n, k):
        p = self.rng.uniform(0.05, 1.0, (n, k))
        return p / p.sum(axis=1, keepdims=True)


def fixed_draw(seed=0):
    rng = np.random.default_rng(seed)
    return Draw(lambda lo, hi: int(rng.integers(lo, hi, endpoint=True)))


@dataclass
class Target:
    """One fuzz target: ``build(draw)`` gives the arguments (dict of ``Arg``), ``run(values)``
    makes the call. ``api`` names the public function it covers (``public_api``)."""

    name: str
    build: object
    run: object
    api: tuple = ()
    area: str = "core"
    consistent: object = None  # values -> bool: the arguments fit together
    oracle: object = None  # (values, result) -> complaint or None
    either: tuple = ()  # variant labels (or "arg:label") whose validity the docs leave open
    expect: object = None  # (values, label, expect) -> expect, for checks
    nan_ok: object = None  # values -> whether NaN/inf out is fine
    timeout: float = TIMEOUT
    variants_max: int = 0  # 0: every variant in the sweep; else at most this many
    isolate: tuple = ("huge",)  # variants run in a child process (memory-capped)
    api_fn: object = None  # () -> the api name, when it depends on the code (an inherited method)

    def apis(self):
        return [self.api_fn()] if self.api_fn is not None else list(self.api)

    def api_objects(self):
        return [resolve(a) for a in self.apis()]


def resolve(dotted):
    """``"losses.Loss.value"`` → the object, or ``Absent``."""
    module, *rest = dotted.split(".")
    obj = getattr(nm, module)
    for part in rest:
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise Absent(f"nnmath.{dotted} is missing") from None
    return obj


@dataclass
class Probe:
    area: str
    target: str
    input: str
    expect: str
    outcome: str
    message: str = ""
    seconds: float = 0.0

    @property
    def passed(self):
        return self.outcome in ALLOWED[self.expect]


@dataclass
class Report:
    probes: list = field(default_factory=list)
    absent: dict = field(default_factory=dict)  # target -> why

    def add(self, probe):
        self.probes.append(probe)

    def failures(self):
        return [p for p in self.probes if not p.passed]


def expectation(target, args, values, name, label):
    """``valid``, ``bad`` or ``either`` for ``values``, where argument ``name`` got ``label``."""
    verdicts = [args[n].safe_verdict(values[n]) for n in args]
    valid = False if False in verdicts else ("either" if "either" in verdicts else True)
    if valid and target.consistent is not None:
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                fits = target.consistent(values)
        except Exception:
            fits = False
        valid = "either" if "either" in (valid, fits) and fits is not False else bool(fits)
    expect = {True: "valid", False: "bad", "either": "either"}[valid]
    if name is not None and (
        label in args[name].either or label in target.either or f"{name}:{label}" in target.either
    ):
        expect = "either"
    if target.expect is not None:
        expect = target.expect(values, name, label, expect)
    return expect


def _variant_list(args):
    out = []
    for name, arg in args.items():
        out += [(name, label, v) for label, v in arg.variants()]
    return out


def run_probe(target, args, pick):
    """Run ``target`` on its valid arguments, or with variant ``pick`` = (name, label, value)."""
    values = {n: a.value for n, a in args.items()}
    name = label = None
    if pick is not None:
        name, label, v = pick
        values[name] = v
    expect = expectation(target, args, values, name, label)
    text = "valid call" if pick is None else f"{name}={label}: {_short(values[name], 60)}"
    nan_ok = False
    if target.nan_ok is not None:
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                nan_ok = bool(target.nan_ok(values))
        except Exception:
            nan_ok = False
    try:
        inf_ok = any(documents_inf(obj) for obj in target.api_objects())
    except Absent:
        inf_ok = False
    oracle = None
    if target.oracle is not None:

        def oracle(result):
            return target.oracle(values, result)

    def go():
        return classify(
            lambda: target.run(values),
            expect,
            oracle=oracle,
            nan_ok=nan_ok,
            inf_ok=inf_ok,
            timeout=target.timeout,
        )

    if label in target.isolate:
        got = in_child(lambda: vars(go()) | {"result": None}, timeout=target.timeout + 5)
        if "hang" in got:
            out = Outcome("hang", got["hang"])
        elif "died" in got:
            out = Outcome("unclear_error", "the call killed its process: " + got["died"])
        else:
            out = Outcome(got["outcome"], got["message"], seconds=got["seconds"])
    else:
        out = go()
    return Probe(target.area, target.name, text, expect, out.outcome, out.message, out.seconds)


def sweep(target, report, seed=0):
    """Every variant of every argument once, each on a freshly built valid call."""
    try:
        target.api_objects()
        variants = _variant_list(target.build(fixed_draw(seed)))
    except Absent as err:
        report.absent[target.name] = str(err)
        return
    except Exception as err:
        report.absent[target.name] = f"could not build a call: {describe(err)}"
        return
    if target.variants_max and len(variants) > target.variants_max:
        step = len(variants) / target.variants_max
        keep = {int(i * step) for i in range(target.variants_max)}
        variants = [v for i, v in enumerate(variants) if i in keep]
    for i in range(-1, len(variants)):
        args = target.build(fixed_draw(seed))  # fresh objects: calls may change them in place
        pick = None if i < 0 else _variant_list(args)[_index(variants, i, args)]
        report.add(run_probe(target, args, pick))


def _index(variants, i, args):
    """The index, among ``args``' variants, of the ``i``-th kept variant (same name and label)."""
    name, label, _ = variants[i]
    for j, (n, lab, _) in enumerate(_variant_list(args)):
        if n == name and lab == label:
            return j
    raise LookupError(f"variant {name}={label} vanished")


def explore(target, report, examples):
    """``examples`` hypothesis-drawn calls: a valid one or one argument replaced by a variant."""
    if examples <= 0 or target.name in report.absent:
        return
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def probe(data):
        d = Draw(lambda lo, hi: data.draw(st.integers(lo, hi)))
        try:
            args = target.build(d)
        except Exception as err:
            report.add(
                Probe(target.area, target.name, "build", "valid", "unclear_error", describe(err))
            )
            return
        variants = _variant_list(args)
        i = data.draw(st.integers(-(len(variants) // 2) - 1, len(variants) - 1))
        report.add(run_probe(target, args, variants[i] if i >= 0 else None))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # hypothesis' own notes; each call is strict inside
        try:
            probe()
        except Exception as err:
            report.add(
                Probe(
                    target.area, target.name, "hypothesis", "valid", "unclear_error", describe(err)
                )
            )


# ---------------------------------------------------------------- the public API


def public_api():
    """Every public function, class and method of the core modules: names like
    ``"losses.one_hot"``, ``"layers.Dense"``, ``"layers.Dense.forward"``.

    Module-level callables defined in the module itself (``obj.__module__``), not
    starting with ``_``; for classes also the functions (and class/static methods)
    defined in the class body. A module missing here is skipped.
    """
    names = set()
    for module in MODULES:
        try:
            mod = getattr(nm, module)
        except Absent:
            continue
        for name, obj in vars(mod).items():
            if name.startswith("_") or not callable(obj):
                continue
            if getattr(obj, "__module__", None) != mod.__name__:
                continue
            names.add(f"{module}.{name}")
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if inspect.isfunction(member) or isinstance(
                        member, (classmethod, staticmethod)
                    ):
                        names.add(f"{module}.{name}.{attr}")
    return names


def covered_api(targets=None):
    names = set()
    for t in TARGETS if targets is None else targets:
        try:
            names.update(t.apis())
        except Absent:
            pass
    return names


# ---------------------------------------------------------------- reporting


def counts(probes):
    table = defaultdict(Counter)
    for p in probes:
        table[p.area][p.outcome] += 1
    return table


def format_table(report):
    """The counts by outcome class: core, widgets, files and all."""
    table = counts(report.probes)
    head = ["outcome", *AREAS, "all"]
    rows = []
    for outcome in OUTCOMES:
        cells = [table[a][outcome] for a in AREAS]
        rows.append([outcome, *cells, sum(cells)])
    totals = [sum(table[a].values()) for a in AREAS]
    rows.append(["total", *totals, sum(totals)])
    fails = Counter(p.area for p in report.failures())
    rows.append(["failing probes", *(fails[a] for a in AREAS), sum(fails.values())])
    return _grid(head, rows)


def format_expectations(report):
    head = ["expected", *OUTCOMES, "total"]
    table = defaultdict(Counter)
    for p in report.probes:
        table[p.expect][p.outcome] += 1
    rows = [[e, *(table[e][o] for o in OUTCOMES), sum(table[e].values())] for e in EXPECTS]
    return _grid(head, rows)


def format_targets(report):
    head = ["target", *OUTCOMES, "fail", "total"]
    per = defaultdict(Counter)
    fails = Counter()
    for p in report.probes:
        per[(p.area, p.target)][p.outcome] += 1
        fails[(p.area, p.target)] += not p.passed
    rows = []
    for key in sorted(per):
        c = per[key]
        rows.append([f"{key[0]}: {key[1]}", *(c[o] for o in OUTCOMES), fails[key], c.total()])
    for name, why in sorted(report.absent.items()):
        rows.append([f"absent: {name}", *("·" for _ in OUTCOMES), "·", why[:60]])
    return _grid(head, rows)


def format_failures(failures, limit=None):
    """One line per failing probe, grouped by target: input, expected → outcome: message."""
    by_target = defaultdict(list)
    for p in failures:
        by_target[(p.area, p.target)].append(p)
    lines = []
    for (area, name), probes in sorted(by_target.items()):
        lines.append(f"{area}: {name} ({len(probes)} failing)")
        for p in probes[:limit]:
            lines.append(f"    {p.input}  [{p.expect} → {p.outcome}] {p.message}")
        if limit is not None and len(probes) > limit:
            lines.append(f"    ... and {len(probes) - limit} more")
    return "\n".join(lines)


def _grid(head, rows):
    cells = [[str(c) if c != 0 else "·" for c in row] for row in [head, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(head))]
    out = []
    for j, row in enumerate(cells):
        first = row[0].ljust(widths[0])
        out.append(
            " | ".join([first, *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))])
        )
        if j == 0:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


def to_json(report):
    return {
        "nnmath": nnmath_dir(),
        "counts": {a: dict(c) for a, c in counts(report.probes).items()},
        "absent": report.absent,
        "probes": [vars(p) for p in report.probes],
    }


# ---------------------------------------------------------------- the run


def run(*, examples=20, budget=600.0, only=None, quick=False, areas=AREAS, log=None):
    """Fuzz every target (sweep, then ``examples`` hypothesis calls each) within ``budget`` s."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    report = Report()
    start = time.monotonic()

    def core(target):
        sweep(target, report)
        if time.monotonic() - start < budget:
            explore(target, report, examples)

    runs = [(t, core) for t in TARGETS if t.area in areas]
    if "widgets" in areas:
        runs += [(t, lambda t: run_widget(t, report, quick=quick)) for t in WIDGET_TARGETS]
    if "files" in areas:
        runs += [(t, lambda t: run_file_target(t, report, quick=quick)) for t in FILE_TARGETS]
    for target, run_one in runs:
        if only is None or only in target.name:
            t0 = time.monotonic()
            run_one(target)
            if log is not None:
                log(f"{target.name}: {time.monotonic() - t0:.2f} s")
    return report


def use_code(folder):
    """Import nnmath from ``folder`` (put first on sys.path); nnmath must not be imported yet."""
    if "nnmath" in sys.modules:
        raise RuntimeError("nnmath is imported already: choose the code before")
    folder = os.path.abspath(folder)
    sys.path[:] = [folder] + [p for p in sys.path if os.path.abspath(p or ".") != folder]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", help="fuzz the nnmath in this folder (default: PYTHONPATH's)")
    parser.add_argument("--examples", type=int, default=40, help="hypothesis calls per target")
    parser.add_argument(
        "--budget", type=float, default=900.0, help="seconds before hypothesis stops"
    )
    parser.add_argument("--json", help="write the counts and every probe to this file")
    parser.add_argument("--only", help="only targets whose name contains this")
    parser.add_argument("--failures", action="store_true", help="list every failing probe")
    parser.add_argument("--verbose", action="store_true", help="time per target")
    parser.add_argument(
        "--underflow", action="store_true", help="count NumPy's underflow as a warning too"
    )
    args = parser.parse_args(argv)
    if args.underflow:
        ERRSTATE["under"] = "warn"
    # `python -m` puts the working folder first on sys.path; PYTHONPATH=/tmp/before must win,
    # so `PYTHONPATH=/tmp/before python -m tools.fuzz` from the repo fuzzes /tmp/before.
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    for folder in [args.code] if args.code else reversed(paths):
        use_code(folder)
    os.environ.setdefault("MPLBACKEND", "Agg")
    # The whole run under a memory cap: a runaway allocation is a MemoryError, not a swap storm.
    limit = vm_bytes() + 8 * 2**30
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    t0 = time.monotonic()
    log = (lambda s: print(s, file=sys.stderr, flush=True)) if args.verbose else None
    with tempfile.TemporaryDirectory(prefix="nnmath-fuzz-") as tmp:
        old = os.getcwd()
        os.chdir(tmp)  # every file a probe writes lands here
        try:
            report = run(examples=args.examples, budget=args.budget, only=args.only, log=log)
        finally:
            os.chdir(old)
    print(f"nnmath: {nnmath_dir()}  ({time.monotonic() - t0:.0f} s)\n")
    print(format_table(report), end="\n\n")
    print(format_expectations(report), end="\n\n")
    print(format_targets(report))
    if args.failures:
        print("\nfailing probes:\n" + format_failures(report.failures()))
    if args.json:
        with open(
            os.path.join(old, args.json) if not os.path.isabs(args.json) else args.json, "w"
        ) as f:
            json.dump(to_json(report), f, indent=1, default=str)
    return 0


# ================================================================ the core targets
#
# Each builder draws one valid call; the oracles recompute the answer here, in plain
# NumPy, never with nnmath's own code.


def target(name, run, *, api=None, **kw):
    """Register the builder it decorates as the target ``name`` (covering ``api``)."""
    apis = (name,) if api is None else ((api,) if isinstance(api, str) else tuple(api))

    def register(build):
        TARGETS.append(Target(name=name, build=build, run=run, api=apis, **kw))
        return build

    return register


_TMP = []


def tmpdir():
    """A private folder for the files probes write, removed at exit."""
    if not _TMP:
        import atexit
        import shutil

        _TMP.append(tempfile.mkdtemp(prefix="nnmath-fuzz-"))
        atexit.register(shutil.rmtree, _TMP[0], True)
    return _TMP[0]


def _sig(z):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=np.float64)))


def _softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


REF_ACT = {
    "sigmoid": _sig,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0.0),
    "identity": lambda z: z,
    "softmax": _softmax,
}
REF_PRIME = {
    "sigmoid": lambda z: _sig(z) * (1.0 - _sig(z)),
    "tanh": lambda z: 1.0 - np.tanh(z) ** 2,
    "relu": lambda z: (np.asarray(z) > 0).astype(np.float64),
    "identity": lambda z: np.ones_like(np.asarray(z, dtype=np.float64)),
}
ACTS = ("sigmoid", "tanh", "relu", "identity", "softmax")
SCALAR_ACTS = ("sigmoid", "tanh", "relu", "identity")
LOSS_NAMES = ("mse", "binary_cross_entropy", "cross_entropy")


def arr(v):
    return np.asarray(v, dtype=np.float64)


def same(got, want, what="the result", rtol=1e-9, atol=1e-12):
    """A complaint unless ``got`` has ``want``'s shape and values.

    Where the reference itself is not finite (it overflowed) the entry is not compared:
    a non-finite result is the ``nonfinite`` rule's business.
    """
    got, want = np.asarray(got), np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        return f"{what} has shape {got.shape}, expected {want.shape}"
    if got.dtype.kind not in "biuf":
        return f"{what} holds {got.dtype}, not numbers"
    g, keep = got.astype(np.float64), np.isfinite(want)
    wrong = ~np.isclose(g, want, rtol=rtol, atol=atol) & keep
    if np.any(wrong):
        err = np.max(np.abs(g - want)[wrong])
        where = f"{int(wrong.sum())} entries"
        return f"{what} is off by up to {err:.3g} from an independent computation ({where})"
    return None


def first(*complaints):
    return next((c for c in complaints if c), None)


def rows(X):
    a = real_array(X)
    return None if a is None else (1 if a.ndim == 1 else a.shape[0])


def ref_forward(net, X):
    A = np.atleast_2d(arr(X))
    for layer in net.layers:
        A = REF_ACT[layer.activation](A @ layer.W + layer.b)
    return A


def ref_classes(P):
    P = arr(P)
    return P.argmax(axis=1) if P.shape[1] > 1 else (P[:, 0] > 0.5).astype(np.int64)


def targets_ok(loss, y, n, k):
    """Whether ``y`` is a valid target for ``loss`` and predictions of shape (n, k)."""
    a = real_array(y)
    if a is None or a.dtype.kind == "b":
        return False
    a = a.astype(np.float64)
    if not np.isfinite(a).all():
        return False
    if loss == "cross_entropy":
        if a.shape == (n,):
            return bool(np.all((a == np.round(a)) & (a >= 0) & (a < k)))
        if a.shape == (n, k):
            return bool(np.all((a == 0) | (a == 1)) and np.all(a.sum(axis=1) == 1))
        return False
    if a.shape != (n, k) and not (k == 1 and a.shape == (n,)):
        return False
    return loss == "mse" or bool(np.all((a >= 0) & (a <= 1)))


def as_targets(loss, y, k):
    """``y`` as the (n, k) array the loss compares with (labels one-hot)."""
    a = arr(y)
    if loss == "cross_entropy" and a.ndim == 1:
        return np.eye(k)[a.astype(np.int64)]
    return a[:, None] if a.ndim == 1 else a


def ref_loss(loss, y_hat, Y):
    p, n = arr(y_hat), arr(y_hat).shape[0]
    eps = getattr(nm.losses, "EPS", 1e-12)
    if loss == "mse":
        return np.sum((p - Y) ** 2) / n
    if loss == "binary_cross_entropy":
        q = p.clip(eps, 1 - eps)
        return -np.sum(Y * np.log(q) + (1 - Y) * np.log1p(-q)) / n
    return -np.sum(Y * np.log(p.clip(eps, 1.0))) / n


def ref_gradient(loss, y_hat, Y):
    p, n = arr(y_hat), arr(y_hat).shape[0]
    eps = getattr(nm.losses, "EPS", 1e-12)
    if loss == "mse":
        return 2 * (p - Y) / n
    if loss == "binary_cross_entropy":
        q = p.clip(eps, 1 - eps)
        return (q - Y) / (q * (1 - q) * n)
    return -Y / (p.clip(eps, 1.0) * n)


def loss_pair(d, loss, n=None, k=None):
    """Predictions and targets of ``loss``: ``(y_hat Arg, y Arg, n, k)``."""
    n = d.int(1, 5) if n is None else n
    if k is None:
        k = d.int(2, 4) if loss == "cross_entropy" else d.int(1, 3)
    if loss == "mse":
        y_hat = Real(d.array(n, k), (n, k))
        shapes = [(n, k), (n,)] if k == 1 else [(n, k)]
        y = Real(d.array(n, k) if k > 1 or d.bool() else d.array(n), shapes)
    elif loss == "binary_cross_entropy":
        y_hat = Real(d.rng.uniform(0.02, 0.98, (n, k)), (n, k), lo=0, hi=1)
        shapes = [(n, k), (n,)] if k == 1 else [(n, k)]
        yv = d.rng.integers(0, 2, (n, k)).astype(float)
        y = Real(yv[:, 0] if k == 1 and d.bool() else yv, shapes, lo=0, hi=1)
    else:
        y_hat = Real(d.probs(n, k), (n, k), lo=0, hi=1, rows_sum=1)
        y = Labels(d.rng.integers(0, k, n), k, onehot=True)
    return y_hat, y, n, k


def net_for(d, loss, n_in=None, k=None):
    """A small MLP whose output suits ``loss``."""
    n_in = d.int(1, 3) if n_in is None else n_in
    if k is None:
        k = d.int(2, 3) if loss == "cross_entropy" else (1 if loss != "mse" else d.int(1, 2))
    output = {"mse": "identity", "binary_cross_entropy": "sigmoid", "cross_entropy": "softmax"}
    sizes = [n_in, *([d.int(1, 4)] * d.int(0, 2)), k]
    hidden = d.choice(["tanh", "relu", "sigmoid"])
    return nm.network.MLP(sizes, hidden, output[loss], rng=d.int(0, 99)), n_in, k


# ---------------------------------------------------------------- activations


_ELEMENTWISE = {
    "sigmoid": REF_ACT["sigmoid"],
    "sigmoid_prime": REF_PRIME["sigmoid"],
    "relu": REF_ACT["relu"],
    "relu_prime": REF_PRIME["relu"],
    "tanh": REF_ACT["tanh"],
    "tanh_prime": REF_PRIME["tanh"],
    "identity": REF_ACT["identity"],
    "identity_prime": REF_PRIME["identity"],
}


def _any_shape(d):
    return d.choice([(), (3,), (2, 3), (1,)])


for _name, _ref in _ELEMENTWISE.items():

    @target(
        f"activations.{_name}",
        lambda v, f=_name: getattr(nm.activations, f)(v["z"]),
        oracle=lambda v, r, ref=_ref: same(
            r, np.where(np.isfinite(arr(v["z"])), ref(arr(v["z"])), np.nan)
        ),
        nan_ok=lambda v: not np.isfinite(arr(v["z"])).all(),
    )
    def _(d):
        return {"z": Real(3 * d.array(*_any_shape(d)), None, nan_ok=True)}


def _softmax_z(d, **kw):
    shape = d.choice([(d.int(1, 4),), (d.int(1, 3), d.int(1, 4))])
    extra = [("±1e308", [1e308, -1e308])]
    return Real(3 * d.array(*shape), [(None,), (None, None)], extra=extra, **kw)


def _nonfinite_in(v):
    return not np.isfinite(arr(v["z"])).all()


@target(
    "activations.softmax",
    lambda v: nm.activations.softmax(v["z"]),
    oracle=lambda v, r: same(r, _softmax(v["z"])),
    # its docstring: "any leading axes", +inf/−inf give the limit, NaN gives NaN
    nan_ok=_nonfinite_in,
)
def _(d):
    z = _softmax_z(d, nan_ok=True)
    z.shapes = [(None,) * k for k in range(1, 5)]
    return {"z": z}


def _ref_softmax_prime(z):
    a = _softmax(z)
    return a[..., :, None] * (np.eye(a.shape[-1]) - a[..., None, :])


@target(
    "activations.softmax_prime",
    lambda v: nm.activations.softmax_prime(v["z"]),
    oracle=lambda v, r: same(r, _ref_softmax_prime(v["z"])),
    either=("z:nan", "z:inf", "z:-inf"),  # softmax's NaN-in NaN-out, not documented here
    nan_ok=_nonfinite_in,
)
def _(d):
    return {"z": _softmax_z(d)}


@target(
    "activations.softmax_backward",
    lambda v: nm.activations.softmax_backward(v["a"], v["da"]),
    consistent=lambda v: np.shape(v["a"]) == np.shape(v["da"]),
    oracle=lambda v, r: same(
        r, arr(v["a"]) * (arr(v["da"]) - np.sum(arr(v["da"]) * arr(v["a"]), -1, keepdims=True))
    ),
)
def _(d):
    n, k = d.int(1, 3), d.int(1, 4)
    a = Real(d.probs(n, k), (n, k), sample=True, lo=0, hi=1, rows_sum=1, loose=True)
    return {"a": a, "da": Real(d.array(n, k), (n, k), sample=True)}


@target(
    "activations.get",
    lambda v: nm.activations.get(v["name"]),
    oracle=lambda v, r: None if len(r) == 2 and all(map(callable, r)) else f"got {r!r}",
)
def _(d):
    return {"name": Choice(d.choice(ACTS), ACTS)}


@target(
    "activations.get_scalar",
    lambda v: nm.activations.get_scalar(v["name"]),
    oracle=lambda v, r: same(r[0](0.3), REF_ACT[v["name"]](0.3)),
)
def _(d):
    return {"name": Choice(d.choice(SCALAR_ACTS), SCALAR_ACTS, extra=[("softmax", "softmax")])}


def _tangent_oracle(v, r):
    zs, ys = r
    z0, h, name = float(v["z0"]), float(v["half_width"]), v["name"]
    f0, s = REF_ACT[name](z0), REF_PRIME[name](z0)
    return first(
        same(zs, [z0 - h, z0 + h], "zs"), same(ys, [f0 - s * h, f0 + s * h], "ys", 1e-7, 1e-9)
    )


@target(
    "activations.tangent_line",
    lambda v: nm.activations.tangent_line(v["name"], v["z0"], v["half_width"]),
    oracle=_tangent_oracle,
)
def _(d):
    return {
        "name": Choice(d.choice(SCALAR_ACTS), SCALAR_ACTS, extra=[("softmax", "softmax")]),
        "z0": Number(d.float(-4, 4)),
        "half_width": Number(d.float(0.1, 2), 0, low_open=True),
    }


@target(
    "activations.saturation_threshold",
    lambda v: nm.activations.saturation_threshold(v["name"], v["threshold"], v["zlim"]),
    oracle=lambda v, r: None if isinstance(r, float) and (r >= 0) else f"got {r!r}",
)
def _(d):
    return {
        "name": Choice(d.choice(SCALAR_ACTS), SCALAR_ACTS, extra=[("softmax", "softmax")]),
        "threshold": Number(d.float(0.01, 0.3), 0, low_open=True),
        "zlim": Number(d.float(2, 12), 0, low_open=True),
    }


# ---------------------------------------------------------------- losses


@target(
    "losses.one_hot",
    lambda v: nm.losses.one_hot(v["labels"], v["k"]),
    consistent=lambda v: arr(v["labels"]).max() < int(v["k"]),
    oracle=lambda v, r: same(r, np.eye(int(v["k"]))[arr(v["labels"]).astype(int)]),
    either=("labels:one_hot", "labels:empty"),
)
def _(d):
    k = d.int(1, 5)
    return {"labels": Labels(d.rng.integers(0, k, d.int(1, 6)), k), "k": Count(k, 1)}


def _loss_target(loss, method):
    cls = {
        "mse": "MSE",
        "binary_cross_entropy": "BinaryCrossEntropy",
        "cross_entropy": "CrossEntropy",
    }

    def owner():
        klass = getattr(nm.losses, cls[loss])
        for c in klass.__mro__:
            if method in vars(c):
                return f"losses.{c.__name__}.{method}"
        raise Absent(f"{cls[loss]}.{method} is missing")

    def build(d):
        y_hat, y, n, k = loss_pair(d, loss)
        args = {"y_hat": y_hat, "y": y}
        if method == "prepare":
            shape = (n, k)
            args = {
                "y": y,
                "shape": Options(
                    shape,
                    good={"list": [n, k]},
                    bad={"1-D": (n,), "3-D": (n, k, 1), "text": "nk"},
                    unsure={"array": np.array([n, k])},
                ),
            }
        return args

    def run(v):
        obj = getattr(nm.losses, loss)
        if method == "__call__":
            return obj(v["y_hat"], v["y"])
        if method == "prepare":
            return obj.prepare(v["y"], v["shape"])
        return getattr(obj, method)(v["y_hat"], v["y"])

    def consistent(v):
        if method == "prepare":
            n, k = (int(x) for x in v["shape"])
            return targets_ok(loss, v["y"], n, k)
        n, k = arr(v["y_hat"]).shape
        return targets_ok(loss, v["y"], n, k)

    def oracle(v, r):
        if method == "prepare":
            k = int(v["shape"][1])
            return same(r, as_targets(loss, v["y"], k), "the prepared y")
        p = arr(v["y_hat"])
        Y = as_targets(loss, v["y"], p.shape[1])
        if method in ("value", "__call__"):
            if not isinstance(r, float):
                return f"the loss is a {type(r).__name__}, not a float"
            return same(r, ref_loss(loss, p, Y), "L", 1e-9, 1e-12)
        if method == "gradient":
            return same(r, ref_gradient(loss, p, Y), "∂L/∂ŷ", 1e-9, 1e-12)
        if method == "fused_gradient":
            return same(r, (p - Y) / p.shape[0], "∂L/∂Z")
        return first(same(r[0], p, "y_hat"), same(r[1], Y, "y"))

    label = f"losses.{loss}" if method == "__call__" else f"losses.{cls[loss]}.{method}"
    TARGETS.append(
        Target(
            name=label,
            build=build,
            run=run,
            api=(f"losses.{loss}",) if method == "__call__" else (),
            consistent=consistent,
            oracle=oracle,
            either=("y_hat:flat/col",),
            api_fn=None if method == "__call__" else owner,
        )
    )


for _loss in LOSS_NAMES:
    for _method in ("value", "gradient", "fused_gradient", "targets", "prepare", "__call__"):
        _loss_target(_loss, _method)


for _cls in ("Loss", "MSE", "BinaryCrossEntropy", "CrossEntropy"):

    @target(
        f"losses.{_cls}",
        lambda v, c=_cls: getattr(nm.losses, c)(),
        oracle=lambda v, r: None if repr(r) else "no repr",
    )
    def _(d):
        return {}


@target(
    "losses.get",
    lambda v: nm.losses.get(v["loss"]),
    oracle=lambda v, r: None if isinstance(r, nm.losses.Loss) else f"got {r!r}",
)
def _(d):
    return {
        "loss": Options(
            d.choice(LOSS_NAMES),
            good={"instance": nm.losses.mse},
            bad={"bogus": "bogus", "upper": "MSE", "bytes": b"mse", "list": ["mse"], "empty": ""},
        )
    }


@target(
    "losses.neuron_data",
    lambda v: nm.losses.neuron_data(v["x"], v["y"]),
    consistent=lambda v: np.shape(v["x"]) == np.shape(v["y"]),
    oracle=lambda v, r: first(same(r[0], v["x"], "x"), same(r[1], v["y"], "y")),
)
def _(d):
    n = d.int(1, 6)
    return {"x": Real(d.array(n), (None,)), "y": Real(d.array(n), (None,))}


def _grid_consistent(v):
    if np.shape(v["x"]) != np.shape(v["y"]):
        return False
    if v["loss"] == "binary_cross_entropy":
        y = arr(v["y"])
        if np.any((y < 0) | (y > 1)):
            return False
        return True if v["activation"] == "sigmoid" else "either"
    return True


def _grid_oracle(v, r):
    x, y = arr(v["x"]), arr(v["y"])
    ws, bs = arr(v["ws"]).reshape(-1), arr(v["bs"]).reshape(-1)
    p = REF_ACT[v["activation"]](ws[-1] * x + bs[-1])
    want = ref_loss(v["loss"], p[:, None], y[:, None])
    if np.shape(r) != (bs.size, ws.size):
        return f"L has shape {np.shape(r)}, expected {(bs.size, ws.size)}"
    return same(r[-1, -1], want, "L[-1, -1]", 1e-7, 1e-10)


@target(
    "losses.loss_grid",
    lambda v: nm.losses.loss_grid(v["x"], v["y"], v["ws"], v["bs"], v["loss"], v["activation"]),
    consistent=_grid_consistent,
    oracle=_grid_oracle,
    either=("ws:extra_dim", "bs:extra_dim", "ws:0-d", "bs:0-d", "ws:col/flat", "bs:col/flat"),
)
def _(d):
    n = d.int(1, 5)
    loss = d.choice(["mse", "binary_cross_entropy"])
    act = "sigmoid" if loss != "mse" else d.choice(SCALAR_ACTS)
    y = d.rng.integers(0, 2, n).astype(float) if loss != "mse" else d.array(n)
    return {
        "x": Real(d.array(n), (None,)),
        "y": Real(y, (None,)),
        "ws": Real(d.array(d.int(1, 4)), (None,)),
        "bs": Real(d.array(d.int(1, 4)), (None,)),
        "loss": Choice(loss, ["mse", "binary_cross_entropy"], extra=[("ce", "cross_entropy")]),
        "activation": Choice(act, SCALAR_ACTS, extra=[("softmax", "softmax")]),
    }


def _broadcast(v):
    try:
        np.broadcast_shapes(np.shape(v["z"]), np.shape(v["y"]))
    except ValueError:
        return False
    return True


@target(
    "losses.mse_sigmoid_dz",
    lambda v: nm.losses.mse_sigmoid_dz(v["z"], v["y"]),
    consistent=_broadcast,
    oracle=lambda v, r: same(
        r, 2 * (_sig(v["z"]) - arr(v["y"])) * _sig(v["z"]) * (1 - _sig(v["z"]))
    ),
)
def _(d):
    shape = _any_shape(d)
    return {"z": Real(3 * d.array(*shape)), "y": Real(d.array(*shape))}


@target(
    "losses.bce_sigmoid_dz",
    lambda v: nm.losses.bce_sigmoid_dz(v["z"], v["y"]),
    consistent=_broadcast,
    oracle=lambda v, r: same(r, _sig(v["z"]) - arr(v["y"])),
)
def _(d):
    shape = _any_shape(d)
    y = d.rng.integers(0, 2, shape).astype(float)
    return {"z": Real(3 * d.array(*shape)), "y": Real(y, lo=0, hi=1)}


def _ref_log_softmax(z):
    z = arr(z)
    m = z.max(axis=-1, keepdims=True)
    with np.errstate(over="ignore"):
        s = z - m
    return s - np.log(np.exp(s).sum(axis=-1, keepdims=True))


@target(
    "losses.log_softmax",
    lambda v: nm.losses.log_softmax(v["z"]),
    oracle=lambda v, r: same(r, _ref_log_softmax(v["z"])),
)
def _(d):
    shape = d.choice([(d.int(1, 4),), (d.int(1, 3), d.int(1, 4))])
    return {"z": Real(30 * d.array(*shape), [(None,), (None, None)])}


def _logit_pair(d):
    n, k = d.int(1, 4), d.int(1, 4)
    z = Real(30 * d.array(n, k), (None, None))  # labels fit any k above their largest
    return {"Z": z, "y": Labels(d.rng.integers(0, k, n), k, onehot=True)}


def _ref_ce_from_logits(Z, y):
    Z = arr(Z)
    Y = as_targets("cross_entropy", y, Z.shape[1])
    with np.errstate(invalid="ignore"):
        return -np.sum(np.where(Y > 0, Y * _ref_log_softmax(Z), 0.0)) / Z.shape[0]


def _logits_consistent(v):
    n, k = arr(v["Z"]).shape
    return targets_ok("cross_entropy", v["y"], n, k)


@target(
    "losses.cross_entropy_from_logits",
    lambda v: nm.losses.cross_entropy_from_logits(v["Z"], v["y"]),
    consistent=_logits_consistent,
    oracle=lambda v, r: same(r, _ref_ce_from_logits(v["Z"], v["y"]), "L", 1e-9, 1e-12),
)
def _(d):
    return _logit_pair(d)


@target(
    "losses.cross_entropy_from_logits_dz",
    lambda v: nm.losses.cross_entropy_from_logits_dz(v["Z"], v["y"]),
    consistent=_logits_consistent,
    oracle=lambda v, r: same(
        r,
        (_softmax(v["Z"]) - as_targets("cross_entropy", v["y"], arr(v["Z"]).shape[1]))
        / arr(v["Z"]).shape[0],
        "dZ",
    ),
)
def _(d):
    return _logit_pair(d)


# ---------------------------------------------------------------- neuron


@target(
    "neuron.Neuron",
    lambda v: nm.neuron.Neuron(v["w"], v["b"], v["activation"]),
    oracle=lambda v, r: first(same(r.w, v["w"], "w"), same(r.b, float(v["b"]), "b")),
)
def _(d):
    return {
        "w": Real(d.array(d.int(1, 3)), (None,)),
        "b": Number(d.float(-1, 1)),
        "activation": Choice(d.choice(SCALAR_ACTS), SCALAR_ACTS, extra=[("softmax", "softmax")]),
    }


def _neuron_args(d):
    dim = d.int(1, 3)
    act = d.choice(SCALAR_ACTS)
    neuron = nm.neuron.Neuron(d.array(dim), d.float(-1, 1), act)
    return {"neuron": Const(neuron), "X": Real(d.array(d.int(1, 4), dim), (None, dim), sample=True)}


def _neuron_ref(v, with_f):
    n = v["neuron"]
    z = arr(v["X"]) @ n.w + n.b
    return REF_ACT[n.activation](z) if with_f else z


@target(
    "neuron.Neuron.z",
    lambda v: v["neuron"].z(v["X"]),
    oracle=lambda v, r: same(r, _neuron_ref(v, False), rtol=1e-9, atol=1e-9),
)
def _(d):
    return _neuron_args(d)


@target(
    "neuron.Neuron.__call__",
    lambda v: v["neuron"](v["X"]),
    oracle=lambda v, r: same(r, _neuron_ref(v, True), rtol=1e-9, atol=1e-9),
)
def _(d):
    return _neuron_args(d)


def _distance_ref(v):
    n = v["neuron"]
    s = np.abs(n.w).max()
    return (arr(v["X"]) @ (n.w / s) + n.b / s) / np.linalg.norm(n.w / s)


@target(
    "neuron.Neuron.distance",
    lambda v: v["neuron"].distance(v["X"]),
    oracle=lambda v, r: same(r, _distance_ref(v), rtol=1e-9, atol=1e-9),
)
def _(d):
    return _neuron_args(d)


@target(
    "neuron.decide",
    lambda v: nm.neuron.decide(v["y"], v["margin"]),
    oracle=lambda v, r: same(
        r,
        np.where(arr(v["y"]) >= 0.5 + v["margin"], 1.0, 0.0)
        + np.where(np.abs(arr(v["y"]) - 0.5) < v["margin"], 0.5, 0.0),
    ),
)
def _(d):
    return {
        "y": Real(d.rng.uniform(0, 1, d.int(1, 5)), lo=0, hi=1),
        "margin": Number(d.float(0, 0.4), 0, 0.5, high_open=True),
    }


def _line_oracle(v, r):
    xs, ys = (arr(a) for a in r)
    w, b = arr(v["w"]), float(v["b"])
    if not np.any(w):
        return None if xs.size == ys.size == 0 else "w = 0 has no line, yet endpoints came back"
    s = np.abs(w).max()
    w, b = w / s, b / s  # the same line; the products can't overflow
    z = w[0] * xs + w[1] * ys + b
    scale = np.abs(w[0] * xs).max() + np.abs(w[1] * ys).max() + abs(b) + 1e-300
    return None if np.all(np.abs(z) <= 1e-9 * scale) else f"the endpoints give z = {z}, not 0"


@target(
    "neuron.decision_line",
    lambda v: nm.neuron.decision_line(v["w"], v["b"], v["lim"]),
    oracle=_line_oracle,
)
def _(d):
    return {
        "w": Real(d.array(2), (2,)),
        "b": Number(d.float(-1, 1)),
        "lim": Number(d.float(1, 3), 0, low_open=True),
    }


@target(
    "neuron.neuron_output_grid",
    lambda v: nm.neuron.neuron_output_grid(v["w"], v["b"], v["activation"], v["lim"], v["res"]),
    oracle=lambda v, r: None if np.shape(r) == (int(v["res"]),) * 2 else f"shape {np.shape(r)}",
)
def _(d):
    return {
        "w": Real(d.array(2), (2,)),
        "b": Number(d.float(-1, 1)),
        "activation": Choice(d.choice(SCALAR_ACTS), SCALAR_ACTS, extra=[("softmax", "softmax")]),
        "lim": Number(d.float(1, 3), 0, low_open=True),
        "res": Count(d.int(2, 12), 2),
    }


# ---------------------------------------------------------------- layers


def _init_arg(value, *, auto):
    good = {
        "he": "he",
        "xavier": "xavier",
        "float": 0.3,
        "np.float32": np.float32(0.1),
        "tiny": 1e-300,
    }
    if auto:
        good["auto"] = "auto"
    bad = {
        "zero": 0.0,
        "neg": -1.0,
        "inf": math.inf,
        "nan": math.nan,
        "bogus": "bogus",
        "bool": True,
        "list": [0.1],
        "complex": 1j,
    }
    if not auto:
        bad["auto"] = "auto"
    return Options(value, good=good, bad=bad, unsure={"int": 1, "huge": 1e300})


def _std_oracle(v, r):
    init, n_in, n_out = v["init"], int(v["n_in"]), int(v["n_out"])
    want = {"he": math.sqrt(2 / n_in), "xavier": math.sqrt(2 / (n_in + n_out))}.get(init)
    return same(r, float(init) if want is None else want, "the std")


@target(
    "layers.init_std",
    lambda v: nm.layers.init_std(v["n_in"], v["n_out"], v["init"]),
    oracle=_std_oracle,
)
def _(d):
    return {
        "n_in": Count(d.int(1, 9), 1),
        "n_out": Count(d.int(1, 9), 1),
        "init": _init_arg(d.choice(["he", "xavier"]), auto=False),
    }


def _dense_oracle(v, r):
    shape = (int(v["n_in"]), int(v["n_out"]))
    return first(
        same(r.b, np.zeros(shape[1]), "b"), None if r.W.shape == shape else f"W {r.W.shape}"
    )


@target(
    "layers.Dense",
    lambda v: nm.layers.Dense(v["n_in"], v["n_out"], v["activation"], rng=v["rng"], init=v["init"]),
    oracle=_dense_oracle,
)
def _(d):
    return {
        "n_in": Count(d.int(1, 4), 1),
        "n_out": Count(d.int(1, 4), 1),
        "activation": Choice(d.choice(ACTS), ACTS),
        "rng": Seed(d.int(0, 9)),
        "init": _init_arg("auto", auto=True),
    }


@target(
    "layers.Dense.from_weights",
    lambda v: nm.layers.Dense.from_weights(v["W"], v["b"], v["activation"]),
    consistent=lambda v: arr(v["W"]).ndim == 2 and np.shape(v["b"]) == (arr(v["W"]).shape[1],),
    oracle=lambda v, r: first(same(r.W, v["W"], "W"), same(r.b, v["b"], "b")),
)
def _(d):
    n_in, n_out = d.int(1, 3), d.int(1, 3)
    return {
        "W": Real(d.array(n_in, n_out), (None, None)),
        "b": Real(d.array(n_out), (None,)),
        "activation": Choice(d.choice(ACTS), ACTS),
    }


def _layer(d, act=None):
    n_in, n_out = d.int(1, 3), d.int(1, 3)
    act = d.choice(ACTS) if act is None else act
    return nm.layers.Dense(n_in, n_out, act, rng=d.int(0, 9)), n_in, n_out


@target(
    "layers.Dense.forward",
    lambda v: v["layer"].forward(v["X"]),
    oracle=lambda v, r: same(
        r, ref_forward(nm.network.MLP.from_layers([v["layer"]]), v["X"]), rtol=1e-9, atol=1e-12
    ),
)
def _(d):
    layer, n_in, _ = _layer(d)
    return {"layer": Const(layer), "X": Real(d.array(d.int(1, 4), n_in), (None, n_in), sample=True)}


def _backward_oracle(v, r, start):
    layer = v["layer"]
    X, Z = arr(layer.X), arr(layer.X) @ layer.W + layer.b
    g = arr(v["dA" if start == "A" else "dZ"])
    if start == "A":
        a = REF_ACT[layer.activation](Z)
        if layer.activation == "softmax":
            g = a * (g - np.sum(g * a, axis=-1, keepdims=True))
        else:
            g = g * REF_PRIME[layer.activation](Z)
    want_dX = g @ layer.W.T if v["need_dX"] else None
    return first(
        same(layer.dW, X.T @ g, "dW", 1e-8, 1e-12),
        same(layer.db, g.sum(axis=0), "db", 1e-8, 1e-12),
        (None if r is None else "dX came back though need_dX is false")
        if want_dX is None
        else same(r, want_dX, "dX", 1e-8, 1e-12),
    )


for _start, _method in (("A", "backward"), ("Z", "backward_z")):

    @target(
        f"layers.Dense.{_method}",
        lambda v, m=_method, s=_start: getattr(v["layer"], m)(v[f"d{s}"], v["need_dX"]),
        oracle=lambda v, r, s=_start: _backward_oracle(v, r, s),
    )
    def _(d, s=_start):
        layer, n_in, n_out = _layer(d)
        n = d.int(1, 4)
        layer.forward(d.array(n, n_in))
        return {
            "layer": Const(layer),
            f"d{s}": Real(d.array(n, n_out), (n, n_out)),
            "need_dX": Flag(d.bool()),
        }


for _method in ("params", "grads"):

    @target(
        f"layers.Dense.{_method}",
        lambda v, m=_method: getattr(v["layer"], m)(),
        oracle=lambda v, r: (
            None
            if [np.shape(p) for p in r] == [v["layer"].W.shape, v["layer"].b.shape]
            else f"shapes {[np.shape(p) for p in r]}"
        ),
    )
    def _(d):
        return {"layer": Const(_layer(d)[0])}


@target(
    "layers.grid_lines",
    lambda v: nm.layers.grid_lines(v["lim"], v["n"], v["res"]),
    oracle=lambda v, r: (
        None if np.shape(r) == (2 * int(v["n"]), int(v["res"]), 2) else f"shape {np.shape(r)}"
    ),
)
def _(d):
    return {
        "lim": Number(d.float(0.5, 3), 0, low_open=True),
        "n": Count(d.int(2, 9), 2),
        "res": Count(d.int(2, 20), 2),
    }


@target(
    "layers.unit_square",
    lambda v: nm.layers.unit_square(v["res"]),
    oracle=lambda v, r: (
        None
        if np.shape(r) == (4 * int(v["res"]), 2) and np.allclose(r[0], r[-1])
        else f"shape {np.shape(r)}"
    ),
)
def _(d):
    return {"res": Count(d.int(2, 20), 2)}


def _warp_oracle(v, r):
    lines = arr(v["lines"])
    Z = lines @ arr(v["W"]) + arr(v["b"])
    A = REF_ACT[v["activation"]](Z.reshape(-1, 2)).reshape(Z.shape)
    return first(same(r[0], Z, "Z", 1e-9, 1e-12), same(r[1], A, "A", 1e-9, 1e-12))


@target(
    "layers.warp_lines",
    lambda v: nm.layers.warp_lines(v["lines"], v["W"], v["b"], v["activation"]),
    oracle=_warp_oracle,
    either=("lines:empty",),
)
def _(d):
    shape = d.choice([(d.int(1, 4), 2), (d.int(1, 3), d.int(1, 3), 2)])
    return {
        "lines": Real(d.array(*shape), [(None, 2), (None, None, 2)]),
        "W": Real(d.array(2, 2), (2, 2)),
        "b": Real(d.array(2), (2,)),
        "activation": Choice(d.choice(ACTS), ACTS),
    }


# ---------------------------------------------------------------- conv (lesson 13)
#
# The references below slide the kernel one output pixel at a time, from the docstrings'
# definition Z[i, o, y, x] = Σ_{c,u,v} W[o, c, u, v] · Xp[i, c, s·y + u, s·x + v] + b[o]
# on the zero-padded input Xp: never through im2col.


def _out(size, k, stride, padding):
    return (int(size) - int(k) + 2 * int(padding)) // int(stride) + 1


def _fits(shape, k, stride, padding):
    """Whether a k × k kernel fits the padded (…, h, w) of ``shape``: the output is ≥ 1."""
    k, p = int(k), int(padding)
    return len(shape) >= 2 and k <= shape[-2] + 2 * p and k <= shape[-1] + 2 * p


def _padded(X, p):
    X = arr(X)
    out = np.zeros((*X.shape[:-2], X.shape[-2] + 2 * p, X.shape[-1] + 2 * p))
    out[..., p : p + X.shape[-2], p : p + X.shape[-1]] = X
    return out


def _ref_conv(X, W, b, stride, padding):
    X, W, s = arr(X), arr(W), int(stride)
    Xp, k = _padded(X, int(padding)), W.shape[2]
    h_out, w_out = _out(X.shape[2], k, s, padding), _out(X.shape[3], k, s, padding)
    Z = np.empty((X.shape[0], W.shape[0], h_out, w_out))
    for y in range(h_out):
        for x in range(w_out):
            window = Xp[:, :, s * y : s * y + k, s * x : s * x + k]  # (n, c, k, k)
            Z[:, :, y, x] = np.einsum("ncuv,ocuv->no", window, W)
    return Z + arr(b)[None, :, None, None]


def _ref_conv_backward(X, W, dZ, stride, padding):
    """dW, db, dX of Σ dZ ⊙ Z: each dZ[i, o, y, x] sent back along its own products."""
    X, W, dZ, s, p = arr(X), arr(W), arr(dZ), int(stride), int(padding)
    Xp, k = _padded(X, p), W.shape[2]
    dW, dXp = np.zeros_like(W), np.zeros_like(Xp)
    for y in range(dZ.shape[2]):
        for x in range(dZ.shape[3]):
            g, rows, cols = dZ[:, :, y, x], slice(s * y, s * y + k), slice(s * x, s * x + k)
            dW += np.einsum("no,ncuv->ocuv", g, Xp[:, :, rows, cols])
            dXp[:, :, rows, cols] += np.einsum("no,ocuv->ncuv", g, W)
    dX = dXp[:, :, p : p + X.shape[2], p : p + X.shape[3]]
    return dW, dZ.sum(axis=(0, 2, 3)), dX


@target(
    "conv.output_size",
    lambda v: nm.conv.output_size(v["size"], v["k"], v["stride"], v["padding"]),
    consistent=lambda v: int(v["k"]) <= int(v["size"]) + 2 * int(v["padding"]),
    oracle=lambda v, r: (
        None
        if type(r) is int and r == _out(v["size"], v["k"], v["stride"], v["padding"]) and r >= 1
        else f"{r!r}, expected ⌊(size − k + 2p)/s⌋ + 1"
    ),
)
def _(d):
    return {
        "size": Count(d.int(1, 12), 1),
        "k": Count(d.int(1, 5), 1, extra=[("past_padded", 40)]),
        "stride": Count(d.int(1, 3), 1),
        "padding": Count(d.int(0, 2), 0),
    }


def _kernel_args(d, k_max=3):
    k, p = d.int(1, k_max), d.int(0, 2)
    return (
        {
            "k": Count(k, 1, extra=[("past_padded", 40)]),
            "stride": Count(d.int(1, 3), 1),
            "padding": Count(p, 0),
        },
        k,
        p,
    )


def _im2col_oracle(v, r):
    X, k, s, p = arr(v["X"]), int(v["k"]), int(v["stride"]), int(v["padding"])
    n, c, h, w = X.shape
    Xp, h_out, w_out = _padded(X, p), _out(h, k, s, p), _out(w, k, s, p)
    want = np.empty((n * h_out * w_out, c * k * k))
    for i, y, x in np.ndindex(n, h_out, w_out):
        for ch, u, t in np.ndindex(c, k, k):
            want[(i * h_out + y) * w_out + x, (ch * k + u) * k + t] = Xp[
                i, ch, s * y + u, s * x + t
            ]
    return same(r, want, "the patch rows", 0, 0)


@target(
    "conv.im2col",
    lambda v: nm.conv.im2col(v["X"], v["k"], v["stride"], v["padding"]),
    consistent=lambda v: (
        arr(v["X"]).ndim == 4 and _fits(arr(v["X"]).shape, v["k"], 1, v["padding"])
    ),
    oracle=_im2col_oracle,
)
def _(d):
    args, k, p = _kernel_args(d)
    lo = max(k - 2 * p, 1)
    X = d.array(d.int(1, 2), d.int(1, 2), d.int(lo, 5), d.int(lo, 5))
    return args | {"X": Real(X, (None, None, None, None))}


def _col2im_consistent(v):
    shape, k, s, p = v["shape"], int(v["k"]), int(v["stride"]), int(v["padding"])
    n, c, h, w = (int(x) for x in shape)
    if min(n, c, h, w) < 1 or not _fits((h, w), k, s, p):
        return False
    return np.shape(v["dcols"]) == (n * _out(h, k, s, p) * _out(w, k, s, p), c * k * k)


def _col2im_oracle(v, r):
    C, k, s, p = arr(v["dcols"]), int(v["k"]), int(v["stride"]), int(v["padding"])
    n, c, h, w = (int(x) for x in v["shape"])
    h_out, w_out = _out(h, k, s, p), _out(w, k, s, p)
    want = np.zeros((n, c, h + 2 * p, w + 2 * p))
    for i, y, x in np.ndindex(n, h_out, w_out):
        for ch, u, t in np.ndindex(c, k, k):
            want[i, ch, s * y + u, s * x + t] += C[
                (i * h_out + y) * w_out + x, (ch * k + u) * k + t
            ]
    return same(r, want[:, :, p : p + h, p : p + w], "dX", 1e-12, 1e-12)


@target(
    "conv.col2im",
    lambda v: nm.conv.col2im(v["dcols"], v["shape"], v["k"], v["stride"], v["padding"]),
    consistent=_col2im_consistent,
    oracle=_col2im_oracle,
)
def _(d):
    args, k, p = _kernel_args(d)
    lo = max(k - 2 * p, 1)
    n, c, h, w = d.int(1, 2), d.int(1, 2), d.int(lo, 5), d.int(lo, 5)
    s = int(args["stride"].value)
    rows = n * _out(h, k, s, p) * _out(w, k, s, p)
    shape = (n, c, h, w)
    return args | {
        "dcols": Real(d.array(rows, c * k * k), (rows, c * k * k)),
        "shape": Options(
            shape,
            good={"list": list(shape), "np.int64": tuple(np.int64(x) for x in shape)},
            bad={
                "three": shape[1:],
                "neg": (n, c, -h, w),
                "zero": (0, c, h, w),
                "fraction": (n, c, h + 0.5, w),
                "strs": tuple(str(x) for x in shape),
                "bigger": (n, c, h + k + 1, w),
                "huge": (HUGE, c, h, w),
            },
        ),
    }


def _adjoint_oracle(v, r):
    cols, C, back = r
    lhs, rhs = float(np.sum(cols * C)), float(np.sum(arr(v["X"]) * back))
    if not np.isclose(lhs, rhs, rtol=1e-10, atol=1e-10):
        return f"<im2col(X), C> = {lhs:.17g} but <X, col2im(C)> = {rhs:.17g}"
    return same(np.shape(back), np.shape(v["X"]), "col2im's shape")


def _adjoint_run(v):
    conv, X = nm.conv, v["X"]
    cols = conv.im2col(X, v["k"], v["stride"], v["padding"])
    C = np.random.default_rng(int(v["seed"])).normal(size=cols.shape)
    return cols, C, conv.col2im(C, X.shape, v["k"], v["stride"], v["padding"])


@target(
    "conv.im2col/col2im (adjoint: <im2col(X), C> = <X, col2im(C)>)",
    _adjoint_run,
    api=("conv.im2col", "conv.col2im"),
    consistent=lambda v: _fits(v["X"].shape, v["k"], 1, v["padding"]),
    oracle=_adjoint_oracle,
)
def _(d):
    args, k, p = _kernel_args(d)
    lo = max(k - 2 * p, 1)
    X = d.array(d.int(1, 3), d.int(1, 3), d.int(lo, 7), d.int(lo, 7))
    return args | {"X": Const(X), "seed": Const(d.int(0, 99))}


def _image_kernel(d):
    args, k, p = _kernel_args(d)
    lo = max(k - 2 * p, 1)
    image = Real(d.array(d.int(lo, 6), d.int(lo, 6)), (None, None))
    return args, image, k


def _feature_map_oracle(v, r):
    image, K = arr(v["image"]), arr(v["kernel"])
    Z = _ref_conv(image[None, None], K[None, None], [0.0], v["stride"], v["padding"])
    return same(r, Z[0, 0], "the feature map")


@target(
    "conv.feature_map",
    lambda v: nm.conv.feature_map(v["image"], v["kernel"], v["stride"], v["padding"]),
    consistent=lambda v: (
        arr(v["kernel"]).shape[0] == arr(v["kernel"]).shape[1]
        and _fits(arr(v["image"]).shape, arr(v["kernel"]).shape[0], 1, v["padding"])
    ),
    oracle=_feature_map_oracle,
)
def _(d):
    args, image, k = _image_kernel(d)
    del args["k"]
    kernel = d.array(k, k)
    return args | {
        "image": image,
        "kernel": Real(
            kernel,
            (None, None),
            extra=[("non_square", np.ones((k, k + 1))), ("huge_k", np.ones((9, 9)))],
        ),
    }


def _patch_consistent(v):
    shape, k, s, p = arr(v["image"]).shape, int(v["k"]), int(v["stride"]), int(v["padding"])
    if not _fits(shape, k, s, p):
        return False
    return int(v["y"]) < _out(shape[0], k, s, p) and int(v["x"]) < _out(shape[1], k, s, p)


def _patch_oracle(v, r):
    image, k, s, p = arr(v["image"]), int(v["k"]), int(v["stride"]), int(v["padding"])
    y, x = int(v["y"]), int(v["x"])
    want = np.zeros((k, k))
    for u, t in np.ndindex(k, k):
        i, j = s * y + u - p, s * x + t - p  # in the unpadded image; outside it reads 0
        if 0 <= i < image.shape[0] and 0 <= j < image.shape[1]:
            want[u, t] = image[i, j]
    return same(r, want, "the patch", 0, 0)


@target(
    "conv.patch",
    lambda v: nm.conv.patch(v["image"], v["k"], v["y"], v["x"], v["stride"], v["padding"]),
    consistent=_patch_consistent,
    oracle=_patch_oracle,
)
def _(d):
    args, image, k = _image_kernel(d)
    h, w = image.value.shape
    s, p = int(args["stride"].value), int(args["padding"].value)
    h_out, w_out = _out(h, k, s, p), _out(w, k, s, p)
    return args | {
        "image": image,
        "y": Count(d.int(0, h_out - 1), 0, extra=[("past_end", h_out)]),
        "x": Count(d.int(0, w_out - 1), 0, extra=[("past_end", w_out)]),
    }


def _conv_shape_oracle(v, r):
    shape = (int(v["c_out"]), int(v["c_in"]), int(v["k"]), int(v["k"]))
    return first(
        None if r.W.shape == shape else f"W {r.W.shape}, expected {shape}",
        same(r.b, np.zeros(shape[0]), "b"),
        None if (r.stride, r.padding) == (int(v["stride"]), int(v["padding"])) else "settings",
    )


@target(
    "conv.Conv2D",
    lambda v: nm.conv.Conv2D(
        v["c_in"], v["c_out"], v["k"], v["stride"], v["padding"], v["activation"], rng=v["rng"]
    ),
    oracle=_conv_shape_oracle,
)
def _(d):
    return {
        "c_in": Count(d.int(1, 3), 1),
        "c_out": Count(d.int(1, 3), 1),
        "k": Count(d.int(1, 3), 1),
        "stride": Count(d.int(1, 3), 1),
        "padding": Count(d.int(0, 2), 0),
        "activation": Choice(d.choice(SCALAR_ACTS), SCALAR_ACTS, extra=[("softmax", "softmax")]),
        "rng": Seed(d.int(0, 9)),
    }


def _from_weights_consistent(v):
    W, b = arr(v["W"]), arr(v["b"])
    return W.ndim == 4 and W.shape[2] == W.shape[3] and b.shape == (W.shape[0],)


@target(
    "conv.Conv2D.from_weights",
    lambda v: nm.conv.Conv2D.from_weights(
        v["W"], v["b"], v["stride"], v["padding"], v["activation"]
    ),
    consistent=_from_weights_consistent,
    oracle=lambda v, r: first(same(r.W, v["W"], "W", 0, 0), same(r.b, v["b"], "b", 0, 0)),
)
def _(d):
    c_out, c_in, k = d.int(1, 3), d.int(1, 2), d.int(1, 3)
    return {
        "W": Real(d.array(c_out, c_in, k, k), (None, None, None, None)),
        "b": Real(d.array(c_out), (None,)),
        "stride": Count(d.int(1, 3), 1),
        "padding": Count(d.int(0, 2), 0),
        "activation": Choice(d.choice(SCALAR_ACTS), SCALAR_ACTS, extra=[("softmax", "softmax")]),
    }


def _conv_layer(d):
    c_in, c_out, k = d.int(1, 2), d.int(1, 3), d.int(1, 3)
    s, p = d.int(1, 2), d.int(0, 2)
    layer = nm.conv.Conv2D(c_in, c_out, k, s, p, d.choice(SCALAR_ACTS), rng=d.int(0, 9))
    layer.b[:] = d.array(c_out, lo=-0.5, hi=0.5)
    lo = max(k - 2 * p, 1)
    return layer, (d.int(1, 3), c_in, d.int(lo, 6), d.int(lo, 6))


def _conv_forward_oracle(v, r):
    layer = v["layer"]
    Z = _ref_conv(v["X"], layer.W, layer.b, layer.stride, layer.padding)
    return same(r, REF_ACT[layer.activation](Z), "A", 1e-9, 1e-12)


@target(
    "conv.Conv2D.forward",
    lambda v: v["layer"].forward(v["X"]),
    consistent=lambda v: _fits(arr(v["X"]).shape, v["layer"].k, 1, v["layer"].padding),
    oracle=_conv_forward_oracle,
)
def _(d):
    layer, shape = _conv_layer(d)
    return {"layer": Const(layer), "X": Real(d.array(*shape), (None, shape[1], None, None))}


def _conv_backward_oracle(v, r):
    layer = v["layer"]
    Z = _ref_conv(layer.X, layer.W, layer.b, layer.stride, layer.padding)
    dZ = arr(v["dA"]) * REF_PRIME[layer.activation](Z)
    dW, db, dX = _ref_conv_backward(layer.X, layer.W, dZ, layer.stride, layer.padding)
    return first(
        same(layer.dW, dW, "dW", 1e-8, 1e-12),
        same(layer.db, db, "db", 1e-8, 1e-12),
        (None if r is None else "dX came back though need_dX is false")
        if not v["need_dX"]
        else same(r, dX, "dX", 1e-8, 1e-12),
    )


@target(
    "conv.Conv2D.backward",
    lambda v: v["layer"].backward(v["dA"], v["need_dX"]),
    oracle=_conv_backward_oracle,
)
def _(d):
    layer, shape = _conv_layer(d)
    A = layer.forward(d.array(*shape))
    return {
        "layer": Const(layer),
        "dA": Real(d.array(*A.shape), A.shape),
        "need_dX": Flag(d.bool()),
    }


def _no_param_targets(cls, make, params):
    for _method in ("params", "grads"):
        target(
            f"conv.{cls}.{_method}",
            lambda v, m=_method: getattr(v["layer"], m)(),
            oracle=lambda v, r, m=_method: (
                None
                if [np.shape(a) for a in r] == [np.shape(a) for a in params(v["layer"], m)]
                else f"{m}() gave shapes {[np.shape(a) for a in r]}"
            ),
        )(lambda d: {"layer": Const(make(d))})


_no_param_targets(
    "Conv2D",
    lambda d: _conv_layer(d)[0],
    lambda layer, m: [layer.W, layer.b] if m == "params" else [layer.dW, layer.db],
)
for _cls, _make in (
    ("MaxPool2D", lambda d: nm.conv.MaxPool2D(d.int(1, 3))),
    ("Flatten", lambda d: nm.conv.Flatten()),
    ("Reshape", lambda d: nm.conv.Reshape((d.int(1, 2), d.int(1, 3), d.int(1, 3)))),
):
    _no_param_targets(_cls, _make, lambda layer, m: [])


@target(
    "conv.MaxPool2D",
    lambda v: nm.conv.MaxPool2D(v["k"]),
    oracle=lambda v, r: None if r.k == int(v["k"]) else f"k = {r.k!r}",
)
def _(d):
    return {"k": Count(d.int(1, 4), 1)}


def _blocks(X, k):
    """(i, c, y, x, block) for every k × k block of X, the block a k × k array."""
    X = arr(X)
    n, c, h, w = X.shape
    for i, ch, y, x in np.ndindex(n, c, h // k, w // k):
        yield i, ch, y, x, X[i, ch, k * y : k * y + k, k * x : k * x + k]


def _maxpool_forward_oracle(v, r):
    k = v["layer"].k
    X = arr(v["X"])
    want = np.empty((X.shape[0], X.shape[1], X.shape[2] // k, X.shape[3] // k))
    for i, ch, y, x, block in _blocks(X, k):
        want[i, ch, y, x] = max(block.ravel().tolist())
    return same(r, want, "A", 0, 0)


def _pool_shape(d, k):
    return (d.int(1, 2), d.int(1, 3), k * d.int(1, 3), k * d.int(1, 3))


@target(
    "conv.MaxPool2D.forward",
    lambda v: v["layer"].forward(v["X"]),
    consistent=lambda v: (
        arr(v["X"]).shape[2] % v["layer"].k == 0 and arr(v["X"]).shape[3] % v["layer"].k == 0
    ),
    oracle=_maxpool_forward_oracle,
    either=("X:bool",),
)
def _(d):
    k = d.int(1, 3)
    X = d.array(*_pool_shape(d, k))
    if d.bool():  # ties: whole numbers in a small range
        X = np.round(X)
    return {"layer": Const(nm.conv.MaxPool2D(k)), "X": Real(X, (None, None, None, None))}


def _maxpool_backward_oracle(v, r):
    if not v["need_dX"]:
        return None if r is None else "dX came back though need_dX is false"
    layer, dA = v["layer"], arr(v["dA"])
    k = layer.k
    want = np.zeros(np.shape(layer.X))
    for i, ch, y, x, block in _blocks(layer.X, k):
        top = block.max()
        # the first entry (row by row) that reaches the maximum gets the gradient
        u, t = next((u, t) for u in range(k) for t in range(k) if block[u, t] == top)
        want[i, ch, k * y + u, k * x + t] = dA[i, ch, y, x]
    return same(r, want, "dX", 0, 0)


@target(
    "conv.MaxPool2D.backward",
    lambda v: v["layer"].backward(v["dA"], v["need_dX"]),
    oracle=_maxpool_backward_oracle,
)
def _(d):
    k = d.int(1, 3)
    pool = nm.conv.MaxPool2D(k)
    X = d.array(*_pool_shape(d, k))
    if d.bool():
        X = np.round(X)  # ties
    A = pool.forward(X)
    return {"layer": Const(pool), "dA": Real(d.array(*A.shape), A.shape), "need_dX": Flag(d.bool())}


@target(
    "conv.Flatten",
    lambda v: nm.conv.Flatten(),
    oracle=lambda v, r: None if type(r).__name__ == "Flatten" else repr(r),
)
def _(d):
    return {}


# Flatten takes a batch (n, …) of any number of axes ≥ 1 after the batch axis.
_ANY_BATCH = [(None,) * m for m in range(2, 7)]


@target(
    "conv.Flatten.forward",
    lambda v: v["layer"].forward(v["X"]),
    oracle=lambda v, r: same(r, np.array([np.ravel(x) for x in arr(v["X"])]), "A", 0, 0),
)
def _(d):
    shape = (d.int(1, 3), *(d.int(1, 3) for _ in range(d.int(1, 3))))
    return {"layer": Const(nm.conv.Flatten()), "X": Real(d.array(*shape), _ANY_BATCH)}


@target(
    "conv.Flatten.backward",
    lambda v: v["layer"].backward(v["dA"], v["need_dX"]),
    oracle=lambda v, r: (
        same(r, arr(v["dA"]).reshape(np.shape(v["layer"].X)), "dX", 0, 0)
        if v["need_dX"]
        else (None if r is None else "dX came back though need_dX is false")
    ),
)
def _(d):
    flat = nm.conv.Flatten()
    shape = (d.int(1, 3), *(d.int(1, 3) for _ in range(d.int(1, 3))))
    A = flat.forward(d.array(*shape))
    return {"layer": Const(flat), "dA": Real(d.array(*A.shape), A.shape), "need_dX": Flag(d.bool())}


@target(
    "conv.Reshape",
    lambda v: nm.conv.Reshape(v["shape"]),
    oracle=lambda v, r: (
        None
        if r.shape == tuple(int(s) for s in v["shape"]) and r.n_in == math.prod(r.shape)
        else f"shape {r.shape}, n_in {r.n_in}"
    ),
)
def _(d):
    c, h, w = d.int(1, 3), d.int(1, 8), d.int(1, 8)
    return {
        "shape": Options(
            (c, h, w),
            good={"np.int64": (np.int64(c), np.int64(h), np.int64(w)), "floats": (float(c), h, w)},
            bad={
                "list": [c, h, w],
                "pair": (h, w),
                "four": (1, c, h, w),
                "zero": (c, 0, w),
                "neg": (c, -h, w),
                "fraction": (c, h + 0.5, w),
                "strs": (str(c), h, w),
                "nan": (c, math.nan, w),
                "bool": (True, h, w),
            },
            unsure={"huge": (HUGE, h, w)},
        )
    }


def _reshape_layer(d):
    shape = (d.int(1, 2), d.int(1, 3), d.int(1, 3))
    return nm.conv.Reshape(shape), math.prod(shape)


@target(
    "conv.Reshape.forward",
    lambda v: v["layer"].forward(v["X"]),
    oracle=lambda v, r: same(
        r, np.array([np.reshape(x, v["layer"].shape) for x in arr(v["X"])]), "A", 0, 0
    ),
)
def _(d):
    layer, n_in = _reshape_layer(d)
    return {"layer": Const(layer), "X": Real(d.array(d.int(1, 3), n_in), (None, n_in))}


@target(
    "conv.Reshape.backward",
    lambda v: v["layer"].backward(v["dA"], v["need_dX"]),
    oracle=lambda v, r: (
        same(r, np.array([np.ravel(g) for g in arr(v["dA"])]), "dX", 0, 0)
        if v["need_dX"]
        else (None if r is None else "dX came back though need_dX is false")
    ),
)
def _(d):
    layer, n_in = _reshape_layer(d)
    A = layer.forward(d.array(d.int(1, 3), n_in))
    return {
        "layer": Const(layer),
        "dA": Real(d.array(*A.shape), A.shape),
        "need_dX": Flag(d.bool()),
    }


# ---------------------------------------------------------------- network


@target(
    "network.MLP",
    lambda v: nm.network.MLP(v["sizes"], v["hidden"], v["output"], rng=v["rng"], init=v["init"]),
    oracle=lambda v, r: None if r.sizes == [int(s) for s in v["sizes"]] else f"sizes {r.sizes}",
)
def _(d):
    sizes = [d.int(1, 3), *([d.int(1, 4)] * d.int(0, 2)), d.int(1, 3)]
    return {
        "sizes": Options(
            sizes,
            good={
                "tuple": tuple(sizes),
                "array": np.array(sizes),
                "np_ints": [np.int64(s) for s in sizes],
            },
            bad={
                "one": sizes[:1],
                "empty": [],
                "int": 5,
                "zero": [sizes[0], 0, 1],
                "fraction": [sizes[0], 2.5, 1],
                "bool": [sizes[0], True, 1],
                "strs": [str(s) for s in sizes],
                "neg": [sizes[0], -1, 1],
                "nested": [sizes, 1],
            },
            unsure={"whole_floats": [float(s) for s in sizes], "huge": [sizes[0], HUGE, 1]},
        ),
        "hidden": Choice(d.choice(ACTS), ACTS),
        "output": Choice(d.choice(ACTS), ACTS),
        "rng": Seed(d.int(0, 9)),
        "init": _init_arg("auto", auto=True),
    }


@target(
    "network.MLP.from_layers",
    lambda v: nm.network.MLP.from_layers(v["layers"]),
    oracle=lambda v, r: (
        None if len(r.layers) in (1, 2) and r.sizes[0] in (2, 3, 4) else f"sizes {r.sizes}"
    ),
)
def _(d):
    Dense = nm.layers.Dense
    a, b = Dense(2, 3, "tanh", rng=0), Dense(3, 1, "sigmoid", rng=1)
    return {
        "layers": Options(
            [a, b],
            good={
                "one": [b],
                "tuple": (a, b),
                "embedding": [nm.text.Embedding(4, 2, 1, rng=0), Dense(2, 2, rng=0)],
            },
            bad={
                "empty": [],
                "ints": [1, 2],
                "mismatch": [a, Dense(2, 1, rng=2)],
                "none_item": [a, None],
            },
            unsure={"generator": (layer for layer in (a, b))},
        )
    }


def _net_args(d, loss=None, forward=False):
    loss = d.choice(LOSS_NAMES) if loss is None else loss
    net, n_in, k = net_for(d, loss)
    n = d.int(1, 4)
    X = d.array(n, n_in)
    if forward:
        net.forward(X)
    return net, X, n, n_in, k, loss


for _method in ("forward", "__call__"):

    @target(
        f"network.MLP.{_method}",
        lambda v, m=_method: getattr(v["net"], m)(v["X"]),
        oracle=lambda v, r: same(r, ref_forward(v["net"], v["X"]), rtol=1e-8, atol=1e-12),
    )
    def _(d):
        net, X, _, n_in, _, _ = _net_args(d)
        return {"net": Const(net), "X": Real(X, (None, n_in), sample=True)}


@target(
    "network.MLP.backward",
    lambda v: v["net"].backward(v["dY"], v["need_dX"]),
    oracle=lambda v, r: (
        (None if r is None else "dX came back")
        if not v["need_dX"]
        else (None if np.shape(r) == np.shape(v["net"].layers[0].X) else f"dX shape {np.shape(r)}")
    ),
)
def _(d):
    net, _, n, _, k, _ = _net_args(d, forward=True)
    return {"net": Const(net), "dY": Real(d.array(n, k), (n, k)), "need_dX": Flag(d.bool())}


def _loss_fits(v, n, k):
    loss = v["loss"]
    out = v["net"].layers[-1].activation
    fused = {"binary_cross_entropy": "sigmoid", "cross_entropy": "softmax"}.get(loss)
    if fused is not None and out != fused:
        return "either"
    return targets_ok(loss, v["y"], n, k)


@target(
    "network.MLP.backward_loss",
    lambda v: v["net"].backward_loss(v["loss"], v["y"], v["need_dX"]),
    consistent=lambda v: _loss_fits(v, *v["net"].output.shape),
    oracle=lambda v, r: (
        None if (r is None) != bool(v["need_dX"]) else "dX given iff need_dX failed"
    ),
)
def _(d):
    net, _, n, _, k, loss = _net_args(d, forward=True)
    _, y, _, _ = loss_pair(d, loss, n, k)
    return {
        "net": Const(net),
        "loss": Choice(loss, LOSS_NAMES),
        "y": y,
        "need_dX": Flag(d.bool()),
    }


def _lag_consistent(v):
    n = rows(v["X"])
    if n is None or arr(v["X"]).shape[-1] != v["net"].sizes[0]:
        return False
    return _loss_fits(v, n, v["net"].sizes[-1])


def _lag_oracle(v, r):
    y_hat = ref_forward(v["net"], v["X"])
    want = ref_loss(v["loss"], y_hat, as_targets(v["loss"], v["y"], y_hat.shape[1]))
    return same(r, want, "L", 1e-8, 1e-12) if isinstance(r, float) else f"L is a {type(r).__name__}"


@target(
    "network.MLP.loss_and_grads",
    lambda v: v["net"].loss_and_grads(v["X"], v["y"], v["loss"]),
    consistent=_lag_consistent,
    oracle=_lag_oracle,
)
def _(d):
    net, X, n, n_in, k, loss = _net_args(d)
    _, y, _, _ = loss_pair(d, loss, n, k)
    return {
        "net": Const(net),
        "X": Real(X, (None, n_in), sample=True),
        "y": y,
        "loss": Choice(loss, LOSS_NAMES),
    }


def _copy_oracle(v, r):
    r.layers[0].W += 1.0
    return None if not np.array_equal(r.layers[0].W, v["net"].layers[0].W) else "the copy shares W"


_MLP_NOARG = {
    "params": lambda v, r: None if len(r) == 2 * len(v["net"].layers) else f"{len(r)} arrays",
    "grads": lambda v, r: None if len(r) == 2 * len(v["net"].layers) else f"{len(r)} arrays",
    "n_params": lambda v, r: same(
        r, sum(p.size for layer in v["net"].layers for p in (layer.W, layer.b)), "n_params"
    ),
    "copy": _copy_oracle,
}
for _method, _oracle in _MLP_NOARG.items():

    @target(f"network.MLP.{_method}", lambda v, m=_method: getattr(v["net"], m)(), oracle=_oracle)
    def _(d):
        return {"net": Const(_net_args(d)[0])}


def _predict_oracle(v, r):
    net, y_hat = v["net"], ref_forward(v["net"], v["X"])
    classify = y_hat.shape[1] > 1 or net.layers[-1].activation == "sigmoid"
    return same(r, ref_classes(y_hat) if classify else y_hat[:, 0], rtol=1e-8, atol=1e-12)


@target("network.MLP.predict", lambda v: v["net"].predict(v["X"]), oracle=_predict_oracle)
def _(d):
    net, X, _, n_in, _, _ = _net_args(d)
    return {"net": Const(net), "X": Real(X, (None, n_in), sample=True)}


@target(
    "network.classes",
    lambda v: nm.network.classes(v["y_hat"]),
    oracle=lambda v, r: same(r, ref_classes(v["y_hat"])),
)
def _(d):
    k = d.int(1, 4)
    return {
        "y_hat": Real(
            d.probs(d.int(1, 5), k) if k > 1 else d.rng.uniform(0, 1, (3, 1)), (None, None)
        )
    }


def _saved(net):
    path = os.path.join(tmpdir(), f"net{id(net)}.npz")
    nm.network.save(net, path)
    return path


@target(
    "network.save",
    lambda v: nm.network.save(v["net"], v["path"]),
    oracle=lambda v, r: None if os.path.isfile(r) else f"no file at {r!r}",
)
def _(d):
    import pathlib

    net = nm.network.MLP([2, d.int(1, 3), 1], "tanh", "sigmoid", rng=d.int(0, 9))
    base = os.path.join(tmpdir(), f"w{d.int(0, 10**6)}")
    return {
        "net": Options(
            net, bad={"char_model": nm.text.char_model(4, 2, 2, 3, rng=0), "net": "net"}
        ),
        "path": Options(
            base + ".npz",
            good={
                "no_ext": base + "b",
                "pathlib": pathlib.Path(base + "c.npz"),
                "folder": os.path.join(base, "sub", "w.npz"),
            },
            bad={"empty": "", "blank": "   ", "float": 3.5, "None": None, "int": 3},
            generic=False,
        ),
    }


def _load_oracle(v, r):
    return None if r.sizes == [2, 3, 1] else f"sizes {r.sizes}"


@target("network.load", lambda v: nm.network.load(v["path"]), oracle=_load_oracle)
def _(d):
    path = _saved(nm.network.MLP([2, 3, 1], "tanh", "sigmoid", rng=d.int(0, 9)))
    text = os.path.join(tmpdir(), "not_npz.npz")
    with open(text, "w") as f:
        f.write("hello")
    return {
        "path": Options(
            path,
            bad={
                "missing": os.path.join(tmpdir(), "missing.npz"),
                "folder": tmpdir(),
                "text": text,
            },
        )
    }


# ---------------------------------------------------------------- optim


@target(
    "optim.SGD",
    lambda v: nm.optim.SGD(v["lr"], v["momentum"], v["weight_decay"]),
    oracle=lambda v, r: same(
        [r.lr, r.momentum, r.weight_decay],
        [float(v[k]) for k in ("lr", "momentum", "weight_decay")],
    ),
)
def _(d):
    return {
        "lr": Number(d.float(0.001, 1), 0, low_open=True),
        "momentum": Number(d.choice([0.0, d.float(0, 0.99)]), 0, 1, high_open=True),
        "weight_decay": Number(d.choice([0.0, d.float(0, 0.1)]), 0),
    }


def _first_step(opt, p0, g):
    """A fresh optimiser's first step on ``p0`` from ``g``, by the formulas of its docstring."""
    optim, lr, wd = nm.optim, opt.lr, opt.weight_decay
    if isinstance(opt, optim.SGD):
        return p0 - lr * (g + wd * p0)
    if isinstance(opt, optim.AdamW):
        p0, wd = p0 * (1 - lr * wd), 0.0  # decoupled: the decay never enters g
    g = g + wd * p0
    if isinstance(opt, optim.RMSProp):  # v = (1 − β) g²
        return p0 - lr * g / (math.sqrt(1 - opt.beta) * np.abs(g) + opt.eps)
    return p0 - lr * g / (np.abs(g) + opt.eps)  # Adam: m̂ = g, v̂ = g²


def _step_oracle(v, r):
    opt, before = v["opt"], v["before"]
    for p, p0, g in zip(v["params"], before, v["grads"], strict=True):
        problem = same(p, _first_step(opt, p0, arr(g)), "the updated parameter", 1e-9, 1e-12)
        if problem:
            return problem
    return None


def _step_args(d, opt):
    """A fresh ``opt`` and parameters and gradients for its first step, with their variants."""
    shapes = [d.choice([(2,), (2, 3), (1, 1)]) for _ in range(d.int(1, 3))]
    params = [d.array(*s) for s in shapes]
    grads = [d.array(*s) for s in shapes]

    def each(f):
        return [f(g) for g in grads]

    return {
        "opt": Const(opt),
        "before": Const([p.copy() for p in params]),
        "params": Options(
            params,
            good={"tuple": tuple(params)},
            bad={"floats": [1.0] * len(params), "short": params[:-1] or [np.ones(9)]},
        ),
        "grads": Options(
            grads,
            good={"tuple": tuple(grads), "x1e-300": each(lambda g: g * 1e-300)},
            bad={
                "nan": [_with(grads[0], np.nan), *grads[1:]],
                "inf": [_with(grads[0], np.inf), *grads[1:]],
                "shape": each(lambda g: np.concatenate([g, g], axis=-1)),
                "short": grads[:-1] or [],
                "complex": each(lambda g: g + 1j),
                "strs": ["x"] * len(grads),
            },
            unsure={"lists": each(lambda g: g.tolist()), "transposed": each(lambda g: g.T)},
        ),
    }


# Each optimiser with a fresh instance drawn for its step target (step is inherited from
# the shared base class, so the targets name it on each class).
_OPTIMIZERS = {
    "SGD": lambda d: nm.optim.SGD(d.float(0.01, 1), d.choice([0.0, 0.9]), d.choice([0.0, 0.01])),
    "RMSProp": lambda d: nm.optim.RMSProp(
        d.float(0.001, 0.5), d.choice([0.0, 0.9]), d.choice([1e-8, 1e-3]), d.choice([0.0, 0.01])
    ),
    "Adam": lambda d: nm.optim.Adam(
        d.float(0.001, 0.5),
        d.choice([0.0, 0.9]),
        d.choice([0.5, 0.999]),
        1e-8,
        d.choice([0.0, 0.01]),
    ),
    "AdamW": lambda d: nm.optim.AdamW(
        d.float(0.001, 0.5), (d.choice([0.0, 0.9]), 0.999), 1e-8, d.choice([0.0, 0.01, 0.5])
    ),
}

for _name, _make in _OPTIMIZERS.items():
    target(
        f"optim.{_name}.step",
        lambda v: v["opt"].step(v["params"], v["grads"]),
        oracle=_step_oracle,
    )(lambda d, make=_make: _step_args(d, make(d)))


def _reset_oracle(v, r):
    opt = v["opt"]
    if opt.t != 0 or any(getattr(opt, name) is not None for name in opt._STATE):
        return f"kept its state (t = {opt.t})"
    return None


for _name, _make in _OPTIMIZERS.items():

    def _reset_args(d, make=_make):
        opt = make(d)
        opt.step([np.ones(2)], [np.ones(2)])
        return {"opt": Const(opt)}

    target(f"optim.{_name}.reset", lambda v: v["opt"].reset(), oracle=_reset_oracle)(_reset_args)


def _hyper_oracle(names):
    """The optimiser keeps each hyperparameter as the float it was given."""
    return lambda v, r: same([getattr(r, n) for n in names], [float(v[n]) for n in names])


_LR = {"lr": lambda d: Number(d.float(0.001, 1), 0, low_open=True)}


def _beta_arg(d):
    return Number(d.choice([0.0, d.float(0, 0.999)]), 0, 1, high_open=True)


def _eps_arg(d):
    return Number(d.choice([1e-8, d.float(1e-9, 1e-3)]), 0, low_open=True)


def _decay_arg(d):
    return Number(d.choice([0.0, d.float(0, 0.1)]), 0)


@target(
    "optim.RMSProp",
    lambda v: nm.optim.RMSProp(v["lr"], v["beta"], v["eps"], v["weight_decay"]),
    oracle=_hyper_oracle(("lr", "beta", "eps", "weight_decay")),
)
def _(d):
    return {
        "lr": _LR["lr"](d),
        "beta": _beta_arg(d),
        "eps": _eps_arg(d),
        "weight_decay": _decay_arg(d),
    }


@target(
    "optim.Adam",
    lambda v: nm.optim.Adam(v["lr"], v["beta1"], v["beta2"], v["eps"], v["weight_decay"]),
    oracle=_hyper_oracle(("lr", "beta1", "beta2", "eps", "weight_decay")),
)
def _(d):
    return {
        "lr": _LR["lr"](d),
        "beta1": _beta_arg(d),
        "beta2": _beta_arg(d),
        "eps": _eps_arg(d),
        "weight_decay": _decay_arg(d),
    }


@target(
    "optim.AdamW",
    lambda v: nm.optim.AdamW(v["lr"], (v["beta1"], v["beta2"]), v["eps"], v["weight_decay"]),
    oracle=_hyper_oracle(("lr", "beta1", "beta2", "eps", "weight_decay")),
)
def _(d):
    return {
        "lr": _LR["lr"](d),
        "beta1": _beta_arg(d),
        "beta2": _beta_arg(d),
        "eps": _eps_arg(d),
        "weight_decay": _decay_arg(d),
    }


@target(
    "optim.AdamW (betas)",
    lambda v: nm.optim.AdamW(0.01, v["betas"]),
    api=(),
)
def _(d):
    return {
        "betas": Options(
            (0.9, 0.999),
            good={"list": [0.5, 0.9], "zeros": (0.0, 0.0)},
            bad={
                "single": 0.9,
                "short": (0.9,),
                "triple": (0.9, 0.99, 0.999),
                "one": (1.0, 0.999),
                "nan": (0.9, math.nan),
                "strs": ("0.9", "0.999"),
            },
        )
    }


# ---------------------------------------------------------------- optim: schedules


def _schedule_oracle(formula):
    """``r(t)`` at t = 0, 1, …, 12 and 10⁶ against ``formula(v, t)``."""

    def oracle(v, r):
        ts = [*range(13), 10**6]
        return same([r(t) for t in ts], [formula(v, t) for t in ts], "the schedule's rates")

    return oracle


def _cosine_rate(v, t):
    lr, total, lr_min = float(v["lr"]), int(v["total_steps"]), float(v["lr_min"])
    if t >= total:
        return lr_min
    return lr_min + (lr - lr_min) * (1 + math.cos(math.pi * t / total)) / 2


@target(
    "optim.constant",
    lambda v: nm.optim.constant(v["lr"]),
    oracle=_schedule_oracle(lambda v, t: float(v["lr"])),
)
def _(d):
    return {"lr": _LR["lr"](d)}


@target(
    "optim.step_decay",
    lambda v: nm.optim.step_decay(v["lr"], v["every"], v["gamma"]),
    oracle=_schedule_oracle(
        lambda v, t: float(v["lr"]) * float(v["gamma"]) ** (t // int(v["every"]))
    ),
)
def _(d):
    return {
        "lr": _LR["lr"](d),
        "every": Count(d.int(1, 5), 1),
        "gamma": Number(d.choice([0.1, d.float(0.01, 1)]), 0, 1, low_open=True),
    }


@target(
    "optim.cosine",
    lambda v: nm.optim.cosine(v["lr"], v["total_steps"], v["lr_min"]),
    consistent=lambda v: float(v["lr_min"]) <= float(v["lr"]),
    oracle=_schedule_oracle(_cosine_rate),
)
def _(d):
    lr = d.float(0.01, 1)
    return {
        "lr": Number(lr, 0, low_open=True),
        "total_steps": Count(d.int(1, 20), 1),
        "lr_min": Number(d.choice([0.0, d.float(0, lr)]), 0),
    }


@target(
    "optim.warmup",
    lambda v: nm.optim.warmup(v["inner"], v["steps"]),
    oracle=_schedule_oracle(
        lambda v, t: (
            (v["inner"](t) if callable(v["inner"]) else float(v["inner"]))
            * min(1.0, (t + 1) / int(v["steps"]))
        )
    ),
)
def _(d):
    return {
        "inner": Options(
            nm.optim.cosine(0.1, 10),
            good={
                "number": d.float(0.01, 1),
                "step_decay": nm.optim.step_decay(0.5, 3),
                "nested": nm.optim.warmup(nm.optim.constant(0.2), 4),
            },
            bad={
                "zero": 0.0,
                "neg": -0.1,
                "fn": lambda t: 0.1,
                "nan": math.nan,
                "None": None,
                "str": "0.1",
            },
            generic=False,  # an int is a learning rate here
        ),
        "steps": Count(d.int(1, 8), 1),
    }


@target(
    "optim.Schedule",
    lambda v: nm.optim.Schedule(v["rate"], v["text"])(v["t"]),
    oracle=lambda v, r: same(r, v["rate"](int(v["t"])), "schedule(t)"),
)
def _(d):
    return {
        "rate": Fn(
            lambda t: 1.0 / (1 + t),
            bad={
                "negative": lambda t: -1.0,
                "nan": lambda t: math.nan,
                "str": lambda t: "0.1",
                "complex": lambda t: 0.1j,
                "array": lambda t: np.array([0.1, 0.2]),
            },
            unsure={"zero": lambda t: 0.0},
        ),
        "text": Options(
            "1/(1 + t)",
            good={"empty": ""},
            bad={"bytes": b"x", "None": None, "int": 3},
            generic=False,
        ),
        "t": Count(d.int(0, 100), 0),
    }


@target(
    "optim.Schedule (lr of an optimiser)",
    lambda v: v["opt"](v["lr"]).lr_now,
    api=(),
    oracle=lambda v, r: same(r, v["lr"](0) if callable(v["lr"]) else float(v["lr"]), "lr_now"),
)
def _(d):
    return {
        "opt": Const(d.choice([nm.optim.SGD, nm.optim.RMSProp, nm.optim.Adam, nm.optim.AdamW])),
        "lr": Options(
            nm.optim.warmup(nm.optim.cosine(0.1, 50), 5),
            good={"float": 0.05, "step_decay": nm.optim.step_decay(0.1, 2)},
            bad={
                "function": nm.optim.cosine,
                "lambda": lambda t: 0.1,
                "zero": 0,
                "None": None,
                "str": "0.1",
            },
            generic=False,  # an int is a learning rate here
        ),
    }


# ---------------------------------------------------------------- optim: 2-D paths


def _descend_oracle(v, r):
    x0 = arr(v["x0"])
    if np.ndim(r) != 2 or r.shape[1] != x0.size or not (1 <= r.shape[0] <= int(v["steps"]) + 1):
        return f"path shape {np.shape(r)} for {int(v['steps'])} steps from x0 {x0.shape}"
    return same(r[0], x0, "path[0]")


@target(
    "optim.descend",
    lambda v: nm.optim.descend(v["grad_fn"], v["x0"], v["lr"], v["steps"], v["momentum"]),
    oracle=_descend_oracle,
)
def _(d):
    dim = d.int(1, 3)
    return {
        "dim": Const((dim,)),
        "grad_fn": _grad_fn_arg(),
        "x0": Real(d.array(dim), (None,)),
        "lr": Number(d.float(0.01, 0.6), 0, low_open=True),
        "steps": Count(d.int(0, 30), 0, huge=False),
        "momentum": Number(d.choice([0.0, d.float(0, 0.9)]), 0, 1, high_open=True),
    }


def _grad_fn_arg():
    return Fn(
        lambda x: 2.0 * x,
        bad={
            "shape": lambda x: np.append(x, 0.0),
            "str": lambda x: "a",
            "complex": lambda x: x + 1j,
        },
        unsure={"nan": lambda x: x * np.nan, "None": lambda x: None},
    )


def _trajectory_oracle(v, r):
    x0, steps = arr(v["x0"]), int(v["steps"])
    if not isinstance(r, dict) or set(r) != {"x", "grad", "step", "m", "v", "lr", "effective_lr"}:
        return f"not the dict of seven arrays: {_short(r, 80)}"
    k = len(r["lr"])
    if not (k <= steps and r["x"].shape == (k + 1, x0.size)):
        return f"x has shape {r['x'].shape} for {k} recorded of {steps} steps from x0 {x0.shape}"
    for key in ("grad", "step", "m", "v", "effective_lr"):
        if r[key].shape != (k, x0.size):
            return f"{key} has shape {r[key].shape}, expected {(k, x0.size)}"
    if nonfinite([r[key] for key in ("x", "grad", "step", "m", "lr")]):  # v: g² may overflow
        return "a recorded point, gradient, step or m is not finite"
    return first(
        same(r["x"][0], x0, "x[0]"),
        same(r["grad"], 2.0 * r["x"][:-1], "the gradients (2x at each point)"),
        same(r["step"], np.diff(r["x"], axis=0), "the steps"),
    )


@target(
    "optim.trajectory",
    lambda v: nm.optim.trajectory(v["grad_fn"], v["x0"], v["optimizer"], v["steps"]),
    oracle=_trajectory_oracle,
    nan_ok=lambda v: True,  # effective_lr is NaN where g = 0; the oracle checks the rest
)
def _(d):
    dim = d.int(1, 3)
    optim = nm.optim
    return {
        "grad_fn": _grad_fn_arg(),
        "x0": Real(d.array(dim), (None,)),
        "optimizer": Options(
            optim.Adam(d.float(0.01, 0.5)),
            good={
                "sgd": optim.SGD(0.1, 0.9),
                "rmsprop": optim.RMSProp(0.05),
                "adamw": optim.AdamW(optim.warmup(optim.cosine(0.1, 20), 3)),
            },
            bad={"float": 0.1, "class": optim.Adam, "stepless": object()},
        ),
        "steps": Count(d.int(0, 30), 0, huge=False),
    }


# ---------------------------------------------------------------- train


@target(
    "train.History",
    lambda v: nm.train.History(**v["lists"]),
    oracle=lambda v, r: None if isinstance(r, dict) else "not a dict",
)
def _(d):
    return {"lists": Const({"epoch": [1, 2], "loss": [0.5, 0.4]})}


@target(
    "train.History.last",
    lambda v: v["history"].last(),
    oracle=lambda v, r: (
        None if r == {k: x[-1] for k, x in v["history"].items() if x} else f"got {r}"
    ),
)
def _(d):
    epochs = d.int(0, 3)
    return {
        "history": Const(nm.train.History(epoch=list(range(1, epochs + 1)), loss=[0.5] * epochs))
    }


def _label_rows(y):
    a = arr(y)
    if a.ndim == 2:
        return a[:, 0] if a.shape[1] == 1 else a.argmax(axis=1)
    return a


@target(
    "train.n_correct",
    lambda v: nm.train.n_correct(v["y_hat"], v["y"]),
    consistent=lambda v: length(v["y"]) == arr(v["y_hat"]).shape[0],
    oracle=lambda v, r: same(
        r, np.count_nonzero(ref_classes(v["y_hat"]) == _label_rows(v["y"])), "the count"
    ),
)
def _(d):
    n, k = d.int(1, 6), d.int(1, 3)
    y_hat = d.probs(n, k) if k > 1 else d.rng.uniform(0, 1, (n, 1))
    return {
        "y_hat": Real(y_hat, (None, None)),
        "y": Labels(d.rng.integers(0, max(k, 2), n), max(k, 2), onehot=k > 1),
    }


def _accuracy_oracle(v, r):
    net = v["net"]
    y_hat = ref_forward(net, v["X"])
    if not (y_hat.shape[1] > 1 or net.layers[-1].activation == "sigmoid"):
        return None if isinstance(r, float) and math.isnan(r) else f"regression gave {r!r}, not nan"
    return same(r, np.mean(ref_classes(y_hat) == _label_rows(v["y"])), "the accuracy")


@target(
    "train.accuracy",
    lambda v: nm.train.accuracy(v["net"], v["X"], v["y"]),
    consistent=lambda v: (
        rows(v["X"]) == length(v["y"]) and arr(v["X"]).shape[-1] == v["net"].sizes[0]
    ),
    oracle=_accuracy_oracle,
    nan_ok=lambda v: v["net"].layers[-1].activation not in ("sigmoid", "softmax"),
    either=("y:col",),
)
def _(d):
    loss = d.choice(["binary_cross_entropy", "cross_entropy"])
    net, n_in, k = net_for(d, loss)
    n = d.int(2, 6)
    kk = max(k, 2)
    regression = nm.network.MLP([n_in, 1], output="identity", rng=0)
    return {
        "net": Options(net, good={"regression": regression}),
        "X": Real(d.array(n, n_in), (None, n_in), sample=True),
        "y": Labels(d.rng.integers(0, kk, n), kk, onehot=k > 1),
    }


def _confusion_oracle(v, r):
    k = int(v["k"])
    t, p = arr(v["y_true"]).astype(int), arr(v["y_pred"])
    p = p.argmax(axis=1) if p.ndim == 2 else p.astype(int)
    want = np.zeros((k, k))
    for i, j in zip(t, p, strict=True):
        want[i, j] += 1
    return same(r, want, "C")


def _confusion_consistent(v):
    k = int(v["k"])
    t, p = arr(v["y_true"]), arr(v["y_pred"])
    return (
        t.shape[0] == p.shape[0]
        and t.max() < k
        and ((p.ndim == 2 and p.shape[1] == k) or (p.ndim == 1 and p.max() < k))
    )


@target(
    "train.confusion_counts",
    lambda v: nm.train.confusion_counts(v["y_true"], v["y_pred"], v["k"]),
    consistent=_confusion_consistent,
    oracle=_confusion_oracle,
)
def _(d):
    k, n = d.int(2, 4), d.int(1, 6)
    return {
        "y_true": Labels(d.rng.integers(0, k, n), k),
        "y_pred": Labels(d.rng.integers(0, k, n), k, outputs=True),
        "k": Count(k, 1),
    }


def _mistakes_oracle(v, r):
    P, y, n = arr(v["P"]), arr(v["y"]).astype(int), int(v["n"])
    pred, conf = ref_classes(P), P.max(axis=1)
    wrong = np.flatnonzero(pred != y)
    order = wrong[np.argsort(-conf[wrong], kind="stable")][:n]
    return first(
        same(r[0], order, "index"),
        same(r[1], pred[order], "predicted"),
        same(r[2], conf[order], "confidence"),
    )


@target(
    "train.confident_mistakes",
    lambda v: nm.train.confident_mistakes(v["P"], v["y"], v["n"]),
    consistent=lambda v: (
        length(v["y"]) == arr(v["P"]).shape[0] and arr(v["y"]).max() < arr(v["P"]).shape[1]
    ),
    oracle=_mistakes_oracle,
)
def _(d):
    m, k = d.int(1, 6), d.int(2, 4)
    return {
        "P": Real(d.probs(m, k), (None, None), lo=0, hi=1, rows_sum=1, loose=True),
        "y": Labels(d.rng.integers(0, k, m), k),
        "n": Count(d.int(0, 5), 0),
    }


def _fit_consistent(v):
    net = v["net"]
    n = rows(v["X"])
    if n is None or arr(v["X"]).ndim != 2 or arr(v["X"]).shape[1] != net.sizes[0]:
        return False
    fused = {"binary_cross_entropy": "sigmoid", "cross_entropy": "softmax"}.get(v["loss"])
    if fused is not None and net.layers[-1].activation != fused:
        return False
    return targets_ok(v["loss"], v["y"], n, net.sizes[-1])


def _regression(v):
    return v["net"].layers[-1].activation not in ("sigmoid", "softmax") and v["net"].sizes[-1] == 1


def _fit_oracle(v, r):
    if nonfinite(r.get("loss", [])) or nonfinite(r.get("val_loss", [])):
        return "a loss in the history is not finite"
    epochs = int(v["epochs"])
    stopped = v["callback"] is not None and v["callback"](0, r)
    want = min(epochs, 1) if stopped else epochs
    if len(r.get("loss", [])) != want:
        return f"{len(r.get('loss', []))} epochs recorded, expected {want}"
    if nonfinite(v["net"].params()):
        return "the weights are not finite after training"
    return None


def _fit_args(d, loss=None):
    loss = d.choice(LOSS_NAMES) if loss is None else loss
    net, n_in, k = net_for(d, loss)
    n = d.int(2, 8)
    _, y, _, _ = loss_pair(d, loss, n, k)
    Xv = d.array(3, n_in)
    _, yv, _, _ = loss_pair(d, loss, 3, k)
    return net, n_in, k, n, y, Xv, yv.value, loss


@target(
    "train.fit",
    lambda v: nm.train.fit(
        v["net"],
        v["X"],
        v["y"],
        v["loss"],
        v["optimizer"],
        v["epochs"],
        v["batch_size"],
        rng=v["rng"],
        callback=v["callback"],
        validation=v["validation"],
        progress=v["progress"],
    ),
    consistent=_fit_consistent,
    oracle=_fit_oracle,
    nan_ok=_regression,  # "accuracy is nan for regression"; the oracle checks the losses
    either=("X:col/flat",),
)
def _(d):
    net, n_in, _, n, y, Xv, yv, loss = _fit_args(d)
    SGD = nm.optim.SGD
    return {
        "net": Const(net),
        "X": Real(d.array(n, n_in), (None, n_in)),
        "y": y,
        "loss": Choice(loss, LOSS_NAMES),
        "optimizer": Options(
            SGD(0.1),
            good={
                "momentum": SGD(0.05, 0.9, 0.01),
                "adam": nm.optim.Adam(0.01),
                "adamw": nm.optim.AdamW(nm.optim.warmup(nm.optim.cosine(0.01, 9), 2)),
                "rmsprop": nm.optim.RMSProp(0.01),
            },
            bad={"stepless": object()},
        ),
        "epochs": Count(d.int(0, 3), 0, huge=False),
        "batch_size": Options(
            d.choice([1, 3, 32]),
            good={"None": None, "int64": np.int64(2), "big": 10**9},
            bad={
                "zero": 0,
                "neg": -1,
                "all": "all",
                "fraction": 2.5,
                "bool": True,
                "str": "4",
                "nan": math.nan,
            },
            unsure={"float": 2.0},
            generic=False,
        ),
        "rng": Seed(d.int(0, 9)),
        "callback": Options(
            None,
            good={"fn": lambda e, h: False, "stop": lambda e, h: True},
            bad={"int": 3, "str": "f"},
            generic=False,
        ),
        "validation": Options(
            None,
            good={"pair": (Xv, yv)},
            bad={
                "X_only": Xv,
                "short": (Xv, yv[:-1]),
                "cols": (np.hstack([Xv, Xv[:, :1]]), yv),
                "nan": (_with(Xv, np.nan), yv),
                "triple": (Xv, yv, yv),
                "empty": (),
                "str": "val",
            },
            generic=False,
        ),
        "progress": Options(
            False,
            good={"True": True, "auto": "auto"},
            bad={"str": "yes", "None_": [False]},
            unsure={"int": 1},
            generic=False,
        ),
    }


@target(
    "train.fit (diverging)",
    lambda v: nm.train.fit(
        v["net"], v["X"], v["y"], "mse", v["optimizer"], v["epochs"], None, rng=0, progress=False
    ),
    api=(),
    expect=lambda v, name, label, expect: "either",
    oracle=lambda v, r: (
        "the weights are not finite after training"
        if nonfinite(v["net"].params())
        else ("a loss in the history is not finite" if nonfinite(r["loss"]) else None)
    ),
    nan_ok=lambda v: True,
)
def _(d):
    X = d.array(20, 2) * 1e3
    SGD = nm.optim.SGD
    return {
        "net": Const(
            nm.network.MLP([2, 8, 1], d.choice(["tanh", "relu"]), "identity", rng=d.int(0, 9))
        ),
        "X": Const(X),
        "y": Const(X[:, :1] * 1e3),
        "optimizer": Options(
            SGD(1e3), good={"1e6": SGD(1e6), "1e308": SGD(1e308), "10": SGD(10.0)}
        ),
        "epochs": Count(
            d.choice([1, 50]),
            1,
            huge=False,
            skip=("fraction", "bool", "str", "None", "nan", "inf", "complex", "list", "below"),
        ),
    }


# ---------------------------------------------------------------- autograd


@target(
    "autograd.Value",
    lambda v: nm.autograd.Value(v["data"], label=v["label"]),
    oracle=lambda v, r: same([r.data, r.grad], [float(v["data"]), 0.0], "data, grad"),
    either=("data:inf", "data:-inf"),
)
def _(d):
    return {
        "data": Number(d.float(-3, 3)),
        "label": Options("w", good={"empty": ""}, unsure={"int": 3, "None": None}, generic=False),
    }


_VALUE_OPS = {
    "exp": (np.exp, np.exp, None),
    "log": (np.log, lambda x: 1 / x, 0),
    "tanh": (np.tanh, REF_PRIME["tanh"], None),
    "sigmoid": (_sig, REF_PRIME["sigmoid"], None),
    "relu": (REF_ACT["relu"], REF_PRIME["relu"], None),
}


def _value_op_oracle(v, r, f, df):
    x = float(v["x"])
    r.backward()
    return first(
        same(r.data, f(x), "data", 1e-12, 1e-300),
        same(v["_leaf"][0].grad, df(x), "grad", 1e-9, 1e-300),
    )


for _op, (_f, _df, _low) in _VALUE_OPS.items():

    def _value_op_run(v, op=_op):
        leaf = nm.autograd.Value(v["x"])
        v["_leaf"][:] = [leaf]
        return getattr(leaf, op)()

    @target(
        f"autograd.Value.{_op}",
        _value_op_run,
        oracle=lambda v, r, f=_f, df=_df: _value_op_oracle(v, r, f, df),
        either=("x:huge", "x:1000", "x:inf", "x:-inf"),
    )
    def _(d, low=_low):
        x = d.float(0.1, 3) if low is not None else d.float(-3, 3)
        return {
            "x": Number(x, low, low_open=True, extra=[("1000", 1000.0)]),
            "_leaf": Const([]),
        }


def _binary_oracle(v, r, f):
    other = v["other"]
    o = other.data if type(other).__name__ == "Value" else float(other)
    with np.errstate(all="ignore"):  # the reference overflows to ±inf as Value documents
        expected = float(f(np.float64(float(v["x"])), np.float64(o)))
    return same(r.data, expected, "data", 1e-12, 1e-300)


_VALUE_BINARY = {
    "__add__": lambda a, b: a + b,
    "__mul__": lambda a, b: a * b,
    "__sub__": lambda a, b: a - b,
    "__truediv__": lambda a, b: a / b,
    "__pow__": lambda a, b: a**b,
}
for _op, _f in _VALUE_BINARY.items():

    @target(
        f"autograd.Value.{_op}",
        lambda v, op=_op: getattr(nm.autograd.Value(v["x"]), op)(v["other"]),
        oracle=lambda v, r, f=_f: _binary_oracle(v, r, f),
        consistent=lambda v, op=_op: op not in ("__truediv__", "__pow__") or not _is_zero(v, op),
        either=("huge", "-huge", "other:1e4", "other:array"),
    )
    def _(d, op=_op):
        Value = nm.autograd.Value
        x = d.float(0.5, 3)
        other = d.choice([2.0, 3.0, 0.5]) if op == "__pow__" else d.float(0.5, 3)
        extra = [("zero", 0.0), ("array", np.array([1.0, 2.0]))]
        if op == "__pow__":
            extra += [("1e4", 1e4), ("Value", Value(2.0))]
            return {"x": Number(x, extra=[("zero", 0.0)]), "other": Number(other, extra=extra)}
        good = {
            "Value": Value(other),
            "int": 2,
            "np": np.float32(1.5),
            "zero": 0.0,
            "Value0": Value(0.0),
        }
        return {
            "x": Number(x),
            "other": Options(
                other,
                good=good,
                bad={"nan": math.nan, "inf": math.inf},
                unsure={"array": np.array([1.0, 2.0])},
            ),
        }


def _is_zero(v, op):
    other = v["other"]
    o = other.data if type(other).__name__ == "Value" else float(other)
    if op == "__truediv__":
        return o == 0
    if type(other).__name__ == "Value" and op == "__pow__":
        return True  # only constant powers
    return float(v["x"]) == 0 and o < 0


def _graph(d, activation=None):
    act = d.choice(["sigmoid", "tanh", "relu"]) if activation is None else activation
    w, x, b, y = (d.float(-2, 2) for _ in range(4))
    return nm.autograd.neuron_loss_graph(w, x, b, y, act), (w, x, b, y, act)


def _graph_grads_oracle(v, r):
    w, x, b, y, act = v["spec"]
    z = w * x + b
    a, da = REF_ACT[act](z), REF_PRIME[act](z)
    g = 2 * (a - y) * da
    nodes = v["nodes"]
    return same(
        [nodes["w"].grad, nodes["x"].grad, nodes["b"].grad],
        [g * x, g * w, g],
        "∂L/∂(w, x, b)",
        1e-9,
        1e-12,
    )


@target("autograd.Value.backward", lambda v: v["nodes"]["L"].backward(), oracle=_graph_grads_oracle)
def _(d):
    nodes, spec = _graph(d)
    return {"nodes": Const(nodes), "spec": Const(spec)}


@target(
    "autograd.Value.zero_grad",
    lambda v: (v["nodes"]["L"].backward(), v["nodes"]["L"].zero_grad()),
    oracle=lambda v, r: (
        None if all(n.grad == 0 for n in v["nodes"]["L"].topological_order()) else "a grad is left"
    ),
)
def _(d):
    return {"nodes": Const(_graph(d)[0])}


def _topo_oracle(v, r):
    seen = set()
    for node in r:
        if any(id(c) not in seen for c in node._prev):
            return "a node comes before a node it was made from"
        seen.add(id(node))
    return None if len(r) == len(seen) and r[-1] is v["nodes"]["L"] else "the root is not last"


@target(
    "autograd.Value.topological_order",
    lambda v: v["nodes"]["L"].topological_order(),
    oracle=_topo_oracle,
)
def _(d):
    return {"nodes": Const(_graph(d)[0])}


@target(
    "autograd.neuron_loss_graph",
    lambda v: nm.autograd.neuron_loss_graph(v["w"], v["x"], v["b"], v["y"], v["activation"]),
    oracle=lambda v, r: same(
        r["L"].data,
        (REF_ACT[v["activation"]](float(v["w"]) * float(v["x"]) + float(v["b"])) - float(v["y"]))
        ** 2,
        "L",
        1e-9,
        1e-12,
    ),
    either=("huge", "-huge"),
)
def _(d):
    return {
        **{k: Number(d.float(-2, 2)) for k in ("w", "x", "b", "y")},
        "activation": Choice(
            d.choice(["sigmoid", "tanh", "relu"]),
            ["sigmoid", "tanh", "relu"],
            extra=[("identity", "identity")],
        ),
    }


@target(
    "autograd.local_gradients",
    lambda v: nm.autograd.local_gradients(v["node"]),
    oracle=lambda v, r: (
        None
        if len(r) == len(v["node"]._prev) and all(isinstance(x, float) for x in r)
        else f"got {r!r}"
    ),
)
def _(d):
    nodes, _ = _graph(d)
    return {
        "node": Options(
            nodes["z"],
            good={"leaf": nodes["w"], "L": nodes["L"]},
            bad={"float": 1.0, "list": [nodes["z"]]},
        )
    }


@target(
    "autograd.backward_steps",
    lambda v: nm.autograd.backward_steps(v["root"]),
    oracle=lambda v, r: (
        None
        if len(r) == len(v["root"].topological_order()) and r[0]["grad"] == 1.0
        else f"{len(r)} steps"
    ),
)
def _(d):
    nodes, _ = _graph(d)
    return {
        "root": Options(nodes["L"], good={"leaf": nodes["w"]}, bad={"float": 1.0, "dict": nodes})
    }


# ---------------------------------------------------------------- gradcheck


def _quotients(x0, h):
    right = np.sin(x0 + h)
    return [(right - np.sin(x0)) / h, (right - np.sin(x0 - h)) / (2 * h)]


@target(
    "gradcheck.difference_quotients",
    lambda v: nm.gradcheck.difference_quotients(v["f"], v["x0"], v["h"]),
    consistent=lambda v: float(v["h"]) != 0,
    oracle=lambda v, r: same(
        r, _quotients(float(v["x0"]), float(v["h"])), "the quotients", 1e-9, 1e-12
    ),
    either=("h:huge", "h:-huge", "x0:huge", "x0:-huge"),
)
def _(d):
    return {
        "f": Fn(
            np.sin,
            bad={
                "vector": lambda x: np.array([x, x]),
                "str": lambda x: "a",
                "complex": lambda x: 1j * x,
            },
        ),
        "x0": Number(d.float(-2, 2)),
        "h": Number(d.choice([0.1, 1e-3, -0.01]), extra=[("zero", 0.0)]),
    }


def _numgrad_oracle(v, r):
    x, before = v["x"], v["x_copy"][0]
    if before is not None and not np.array_equal(x, before, equal_nan=True):
        return "x was not restored"
    if not 1e-10 < float(v["eps"]) < 1e-3:  # the quotient itself is poor there: shape only
        return None if np.shape(r) == np.shape(x) else f"shape {np.shape(r)}"
    return same(r, np.cos(x), "the gradient", 1e-5, 1e-7)


def _numgrad_run(v):
    x = v["x"]
    v["x_copy"][:] = [x.copy() if isinstance(x, np.ndarray) else None]
    return nm.gradcheck.numerical_gradient(v["f"], v["x"], v["eps"])


@target(
    "gradcheck.numerical_gradient",
    _numgrad_run,
    oracle=_numgrad_oracle,
    either=("x:empty", "eps:huge"),
)
def _(d):
    x = d.array(*d.choice([(3,), (2, 2), ()]))
    return {
        "f": Fn(
            lambda a: float(np.sum(np.sin(a))),
            bad={"vector": lambda a: np.sin(a), "str": lambda a: "a"},
        ),
        "x": Real(x, None, exact=True, scale=False),
        "x_copy": Const([]),
        "eps": Number(1e-5, 0, low_open=True),
    }


def _value_tanh_sum(*vs):
    """L = Σ tanh vᵢ built from Values: ∂L/∂vᵢ = 1 − tanh² vᵢ."""
    total = nm.autograd.Value(0.0)
    for x in vs:
        total = total + x.tanh()
    return total


def _value_grads_oracle(v, r):
    backprop, numeric = r
    p = arr(v["point"])
    if backprop.shape != p.shape or numeric.shape != p.shape:
        return f"shapes {backprop.shape}, {numeric.shape}"
    expected = 1 - np.tanh(p) ** 2
    if not 1e-10 < float(v["eps"]) < 1e-3:  # the quotient itself is poor there: backprop only
        return same(backprop, expected, "backprop", 1e-9, 1e-12)
    return first(
        same(backprop, expected, "backprop", 1e-9, 1e-12),
        same(numeric, expected, "numeric", 1e-5, 1e-7),
    )


@target(
    "gradcheck.value_gradients",
    lambda v: nm.gradcheck.value_gradients(v["f"], v["point"], v["eps"]),
    oracle=_value_grads_oracle,
    either=("eps:huge",),
)
def _(d):
    return {
        "f": Fn(
            _value_tanh_sum,
            bad={
                "float": lambda *vs: 1.0,  # a number, not a Value
                "str": lambda *vs: "a",
            },
        ),
        "point": Real(d.array(d.choice([1, 2, 3])), [(None,)], scale=False),
        "eps": Number(1e-5, 0, low_open=True),
    }


def _ref_rel(a, b):
    a, b = arr(a), arr(b)
    s = max(np.abs(a).max(initial=0), np.abs(b).max(initial=0))
    if s == 0:
        return 0.0
    a, b = a / s, b / s
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))


@target(
    "gradcheck.relative_error",
    lambda v: nm.gradcheck.relative_error(v["a"], v["b"]),
    consistent=lambda v: np.shape(v["a"]) == np.shape(v["b"]),
    oracle=lambda v, r: same(r, _ref_rel(v["a"], v["b"]), "the relative error", 1e-9, 1e-15),
)
def _(d):
    shape = _any_shape(d)
    a = d.array(*shape)
    return {"a": Real(a), "b": Real(a + 1e-7 * d.array(*shape))}


@target(
    "gradcheck.check",
    lambda v: nm.gradcheck.check(v["net"], v["X"], v["y"], v["loss"], v["eps"]),
    consistent=_lag_consistent,
    oracle=lambda v, r: None if isinstance(r, float) and r >= 0 else f"got {r!r}",
)
def _(d):
    net, X, n, n_in, k, loss = _net_args(d)
    _, y, _, _ = loss_pair(d, loss, n, k)
    return {
        "net": Const(net),
        "X": Real(X, (None, n_in), sample=True),
        "y": y,
        "loss": Choice(loss, LOSS_NAMES),
        "eps": Number(1e-5, 0, low_open=True),
    }


@target(
    "gradcheck.gradient_norm_batch",
    lambda v: nm.gradcheck.gradient_norm_batch(v["n"], v["n_in"], v["seed"]),
    oracle=lambda v, r: (
        None
        if (np.shape(r[0]), np.shape(r[1])) == ((int(v["n"]), int(v["n_in"])), (int(v["n"]), 1))
        else "shapes"
    ),
)
def _(d):
    return {"n": Count(d.int(1, 9), 1), "n_in": Count(d.int(1, 5), 1), "seed": Seed(d.int(0, 9))}


@target(
    "gradcheck.deep_network",
    lambda v: nm.gradcheck.deep_network(
        v["depth"], v["activation"], v["init"], v["width"], v["n_in"], v["seed"]
    ),
    oracle=lambda v, r: (
        None
        if len(r.layers) == int(v["depth"]) and r.sizes[0] == int(v["n_in"])
        else f"sizes {r.sizes}"
    ),
)
def _(d):
    return {
        "depth": Count(d.int(1, 5), 1),
        "activation": Choice(d.choice(ACTS), ACTS),
        "init": _init_arg("xavier", auto=True),
        "width": Count(d.int(1, 6), 1),
        "n_in": Count(d.int(1, 4), 1),
        "seed": Seed(d.int(0, 9)),
    }


@target(
    "gradcheck.layer_gradient_norms",
    lambda v: nm.gradcheck.layer_gradient_norms(v["net"], v["X"], v["y"], v["loss"]),
    # targets near 1e300 overflow every gradient: a documented refusal, not a result
    either=("y:x1e300", "y:±1e308"),
    consistent=lambda v: (
        arr(v["X"]).shape[-1] == 3 and targets_ok(v["loss"], v["y"], rows(v["X"]), 1)
    ),
    oracle=lambda v, r: (
        None if np.shape(r) == (len(v["net"].layers),) and np.all(arr(r) >= 0) else f"got {r!r}"
    ),
)
def _(d):
    net = nm.gradcheck.deep_network(d.int(1, 4), "tanh", "xavier", 4, 3, 0)
    n = d.int(1, 5)
    return {
        "net": Options(net, bad={"layer": net.layers[0]}),
        "X": Real(d.array(n, 3), (None, 3), sample=True),
        "y": Real(d.array(n, 1), [(n, 1), (n,)]),
        "loss": Choice("mse", LOSS_NAMES),
    }


# ---------------------------------------------------------------- data


def _dataset_oracle(v, r, classes=2):
    X, y = r
    n = int(v["n"])
    if np.shape(X) != (n, 2) or np.shape(y) != (n,):
        return f"shapes {np.shape(X)}, {np.shape(y)} for n = {n}"
    if not np.issubdtype(np.asarray(y).dtype, np.integer) or np.any((y < 0) | (y >= classes)):
        return f"labels {np.unique(y)} outside 0 … {classes - 1}"
    return None


_GENERATORS = {
    "moons": (2, {}),
    "circles": (2, {"factor": lambda d: Number(d.float(0.2, 0.8))}),
    "xor": (1, {}),
    "spiral": (
        2,
        {
            "classes": lambda d: Count(d.int(1, 4), 1),
            "turns": lambda d: Number(d.float(0.5, 2)),
        },
    ),
    "gaussians": (2, {"centers": lambda d: Real(d.array(d.int(1, 3), 2), (None, 2))}),
}
for _gen, (_min_n, _extra) in _GENERATORS.items():

    def _gen_classes(v, gen=_gen):
        if gen == "spiral":
            return int(v["classes"])
        if gen == "gaussians":
            return arr(v["centers"]).shape[0]
        return 2

    @target(
        f"data.{_gen}",
        lambda v, gen=_gen, extra=tuple(_extra): getattr(nm.data, gen)(
            v["n"], v["noise"], rng=v["rng"], **{k: v[k] for k in extra}
        ),
        oracle=lambda v, r, c=_gen_classes: _dataset_oracle(v, r, c(v)),
        consistent=lambda v, gen=_gen: gen != "spiral" or int(v["n"]) >= int(v["classes"]),
        either=(
            "factor:huge",
            "factor:-huge",
            "turns:huge",
            "turns:-huge",
            "centers:x1e300",
            "centers:±1e308",
        ),
    )
    def _(d, min_n=_min_n, extra=_extra):
        args = {
            "n": Count(d.int(max(min_n, 4), 30), min_n),
            "noise": Number(d.float(0, 0.3), 0),
            "rng": Seed(d.int(0, 9)),
        }
        return args | {k: make(d) for k, make in extra.items()}


@target(
    "data.make",
    lambda v: nm.data.make(v["name"], v["n"], v["noise"], rng=v["rng"]),
    oracle=_dataset_oracle,
)
def _(d):
    names = ["moons", "circles", "xor", "spiral", "gaussians"]
    return {
        "name": Choice(d.choice(names), names),
        "n": Count(d.int(4, 30), 2),
        "noise": Number(d.float(0, 0.3), 0),
        "rng": Seed(d.int(0, 9)),
    }


def _split_consistent(v):
    n = length(v["X"])
    if n is None or length(v["y"]) != n or n < 2:
        return False
    tf = float(v["test_fraction"])
    return "either" if tf * n < 1 or (1 - tf) * n < 1 else True


def _split_oracle(v, r):
    X_train, X_test, y_train, y_test = r
    n = length(v["X"])
    if (
        len(X_train) + len(X_test) != n
        or len(y_train) != len(X_train)
        or len(y_test) != len(X_test)
    ):
        return f"sizes {len(X_train)} + {len(X_test)} for {n} rows"
    if not len(X_train) or not len(X_test):
        return "an empty split"
    both = np.concatenate([arr(X_train), arr(X_test)])
    rows_of = {tuple(np.atleast_1d(x)) for x in both}
    return None if rows_of == {tuple(np.atleast_1d(x)) for x in arr(v["X"])} else "rows changed"


@target(
    "data.train_test_split",
    lambda v: nm.data.train_test_split(v["X"], v["y"], v["test_fraction"], rng=v["rng"]),
    consistent=_split_consistent,
    oracle=_split_oracle,
    either=("y:bool", "y:col/flat"),
)
def _(d):
    n = d.int(2, 9)
    X = d.array(n, d.int(1, 3)) if d.bool() else d.array(n)
    return {
        "X": Real(X, [(None, None), (None,)]),
        "y": Real(d.rng.integers(0, 2, n), (None,)),
        "test_fraction": Number(d.float(0.2, 0.6), 0, 1, low_open=True, high_open=True),
        "rng": Seed(d.int(0, 9)),
    }


def _split3_consistent(v):
    n = length(v["X"])
    if n is None or length(v["y"]) != n or n < 3:
        return False
    vf, tf = float(v["val_fraction"]), float(v["test_fraction"])
    return "either" if (1 - vf - tf) * n < 2 or vf * n < 1 or tf * n < 1 else vf + tf < 1


def _split3_oracle(v, r):
    X_tr, X_va, X_te, y_tr, y_va, y_te = r
    n = length(v["X"])
    sides = [(X_tr, y_tr), (X_va, y_va), (X_te, y_te)]
    if sum(len(X) for X, _ in sides) != n or any(len(X) != len(y) or not len(X) for X, y in sides):
        return f"sizes {[len(X) for X, _ in sides]} for {n} rows"
    rows_of = {tuple(np.atleast_1d(x)) for x in np.concatenate([arr(X) for X, _ in sides])}
    return None if rows_of == {tuple(np.atleast_1d(x)) for x in arr(v["X"])} else "rows changed"


@target(
    "data.train_val_test_split",
    lambda v: nm.data.train_val_test_split(
        v["X"], v["y"], v["val_fraction"], v["test_fraction"], rng=v["rng"]
    ),
    consistent=_split3_consistent,
    oracle=_split3_oracle,
    either=("y:bool", "y:col/flat"),
)
def _(d):
    n = d.int(5, 12)
    X = d.array(n, d.int(1, 3)) if d.bool() else d.array(n)
    return {
        "X": Real(X, [(None, None), (None,)]),
        "y": Real(d.rng.integers(0, 2, n), (None,)),
        "val_fraction": Number(d.float(0.15, 0.3), 0, 1, low_open=True, high_open=True),
        "test_fraction": Number(d.float(0.15, 0.3), 0, 1, low_open=True, high_open=True),
        "rng": Seed(d.int(0, 9)),
    }


def _standardize_oracle(v, r):
    X, X2 = arr(v["X_train"]), np.atleast_2d(arr(v["X_other"]))
    s = np.abs(X).max(axis=0)
    s = np.where(s > 0, s, 1.0)  # scaled first: the squares of 1e300 would overflow
    Xs, Os = X / s, X2 / s
    mean, std = Xs.mean(axis=0), Xs.std(axis=0)
    constant = np.ptp(X, axis=0) == 0
    scale = np.where(constant, 1.0, std)
    want = [(Xs - mean) / scale, (Os - mean) / scale]
    want[0][:, constant] = 0.0
    # "in the other arrays only shifted by the training mean"
    want[1][:, constant] = (X2 - X.mean(axis=0))[:, constant]
    return first(
        same(r[0], want[0], "X_train", 1e-7, 1e-9), same(r[1], want[1], "X_other", 1e-7, 1e-9)
    )


@target(
    "data.standardize",
    lambda v: nm.data.standardize(v["X_train"], v["X_other"]),
    consistent=lambda v: arr(v["X_train"]).shape[1] == arr(v["X_other"]).shape[1],
    oracle=_standardize_oracle,
)
def _(d):
    n, dim = d.int(1, 6), d.int(1, 3)
    X = d.array(n, dim)
    constant = X.copy()
    constant[:, 0] = 0.1
    return {
        "X_train": Real(X, (None, None), extra=[("constant", constant)]),
        "X_other": Real(d.array(d.int(1, 3), dim), (None, None)),
    }


@target(
    "data.digits",
    lambda v: nm.data.digits(v["test_fraction"], v["standardized"], v["seed"]),
    oracle=lambda v, r: (
        None if r[0].shape[0] + r[1].shape[0] == 1797 and r[0].shape[1] == 64 else "shapes"
    ),
    either=("test_fraction:just_above_low", "seed:generator", "seed:big"),
    variants_max=30,
)
def _(d):
    return {
        "test_fraction": Number(d.choice([0.2, 0.5]), 0, 1, low_open=True, high_open=True),
        "standardized": Flag(d.bool()),
        "seed": Seed(d.int(0, 9)),
    }


def _shift_oracle(v, r):
    images, rows, cols = arr(v["X"]).reshape(-1, 8, 8), int(v["rows"]), int(v["cols"])
    want = np.zeros_like(images)
    for i, y, x in np.ndindex(*images.shape):  # pixel (y, x) moves to (y + rows, x + cols)
        if 0 <= y + rows < 8 and 0 <= x + cols < 8:
            want[i, y + rows, x + cols] = images[i, y, x]
    return same(r, want.reshape(-1, 64), "the shifted images", 0, 0)


@target(
    "data.shift_digits",
    lambda v: nm.data.shift_digits(v["X"], v["rows"], v["cols"]),
    oracle=_shift_oracle,
    # "shape (n, 64)" leaves an empty batch open: refused clearly or an empty result.
    either=("X:empty",),
)
def _(d):
    X = np.round(d.array(d.int(1, 4), 64, lo=0, hi=16))
    return {
        "X": Real(X, (None, 64)),
        "rows": Count(d.int(-8, 8), -8, 8),
        "cols": Count(d.int(-8, 8), -8, 8),
    }


def _window_oracle(v, r):
    (x0, x1), (y0, y1) = r
    X = np.atleast_2d(arr(v["X"]))
    tol = 1e-12 * max(x1 - x0, 1.0)
    inside = np.all(
        (X[:, 0] >= x0 - tol)
        & (X[:, 0] <= x1 + tol)
        & (X[:, 1] >= y0 - tol)
        & (X[:, 1] <= y1 + tol)
    )
    return (
        None
        if inside and np.isclose(x1 - x0, y1 - y0)
        else f"window {r} misses points or is not square"
    )


@target(
    "data.plane_window",
    lambda v: nm.data.plane_window(v["X"], v["pad"]),
    oracle=_window_oracle,
    either=("X:x1e300", "X:±1e308", "pad:huge"),
)
def _(d):
    return {"X": Real(d.array(d.int(1, 6), 2), (None, 2)), "pad": Number(d.float(0, 0.5), 0)}


@target(
    "data.plane_grid",
    lambda v: nm.data.plane_grid(v["xlim"], v["ylim"], v["res"]),
    oracle=lambda v, r: None if np.shape(r) == (int(v["res"]) ** 2, 2) else f"shape {np.shape(r)}",
)
def _(d):
    return {"xlim": Pair((-1.0, 1.5)), "ylim": Pair((-2.0, 0.5)), "res": Count(d.int(2, 9), 2)}


def _two_in_nets(d):
    MLP = nm.network.MLP
    net = MLP([2, d.int(1, 4), 1], "tanh", "sigmoid", rng=d.int(0, 9))
    return net, {"two_out": MLP([2, 3, 2], rng=0), "three_in": MLP([3, 1], rng=0)}


@target(
    "data.output_grid",
    lambda v: nm.data.output_grid(v["net"], v["xlim"], v["ylim"], v["res"]),
    oracle=lambda v, r: None if np.shape(r) == (int(v["res"]),) * 2 else f"shape {np.shape(r)}",
)
def _(d):
    net, bad = _two_in_nets(d)
    return {
        "net": Options(net, bad=bad),
        "xlim": Pair((-1.0, 1.0)),
        "ylim": Pair((-1.0, 1.0)),
        "res": Count(d.int(2, 9), 2),
    }


@target(
    "data.hidden_grids",
    lambda v: nm.data.hidden_grids(v["net"], v["xlim"], v["ylim"], v["res"], v["forward"]),
    consistent=lambda v: bool(v["forward"]),
    oracle=lambda v, r: (
        None
        if np.shape(r) == (v["net"].sizes[1], int(v["res"]), int(v["res"]))
        else f"shape {np.shape(r)}"
    ),
)
def _(d):
    net, bad = _two_in_nets(d)
    return {
        "net": Options(net, bad={"three_in": bad["three_in"]}),
        "xlim": Pair((-1.0, 1.0)),
        "ylim": Pair((-1.0, 1.0)),
        "res": Count(d.int(2, 9), 2),
        "forward": Flag(True),
    }


def _csv(text, name):
    path = os.path.join(tmpdir(), name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


@target(
    "data.load_csv_points",
    lambda v: nm.data.load_csv_points(v["path"], v["delimiter"]),
    consistent=lambda v: v["delimiter"] == v["sep"],
    oracle=lambda v, r: (
        same(r[0], [[0.5, -1.0], [1.5, 2.0], [0.0, 0.0]], "X") or same(r[1], [1, 0, 1], "y")
    ),
)
def _(d):
    import pathlib

    sep = d.choice([",", ";"])
    text = (
        f"x1{sep}x2{sep}label\n0.5{sep}-1{sep}1\n# a comment\n\n1.5{sep}2{sep}0\r\n0{sep}0{sep}1\n"
    )
    path = _csv(text, f"points{sep == ','}.csv")
    return {
        "sep": Const(sep),
        "path": Options(
            path,
            good={"pathlib": pathlib.Path(path)},
            bad={
                "missing": os.path.join(tmpdir(), "missing.csv"),
                "folder": tmpdir(),
                "empty": "",
                "None": None,
            },
            generic=False,
        ),
        "delimiter": Options(
            sep,
            good={"other": ";" if sep == "," else ","},
            bad={"empty": "", "None": None, "int": 3, "long": sep * 2},
            generic=False,
        ),
    }


# ---------------------------------------------------------------- text


@target(
    "text.load_corpus",
    lambda v: nm.text.load_corpus(v["name"]),
    oracle=lambda v, r: None if isinstance(r, str) and len(r) > 1000 else "not the corpus",
)
def _(d):
    secret = _csv("not a corpus", "secret.txt")[: -len(".txt")]
    return {
        "name": Options(
            "small_tales",
            bad={
                "bogus": "bogus",
                "None": None,
                "int": 3,
                "upper": "SMALL_TALES",
                "bytes": b"small_tales",
            },
            unsure={"absolute": secret, "escape": "../corpus/small_tales"},
            generic=False,
        )
    }


@target(
    "text.show_token",
    lambda v: nm.text.show_token(v["token"]),
    oracle=lambda v, r: (
        None if len(r) == len(v["token"]) and not set(r) & set(" \n\t") else f"got {r!r}"
    ),
)
def _(d):
    return {
        "token": Options(
            d.choice(["a b\n", "x", "\t"]),
            good={"empty": ""},
            bad={"int": 3, "None": None, "bytes": b"a", "list": ["a"]},
            generic=False,
        )
    }


@target(
    "text.Vocabulary",
    lambda v: nm.text.Vocabulary(v["tokens"], v["sep"]),
    oracle=lambda v, r: None if len(r) == len(list(v["tokens"])) else f"{len(r)} tokens",
)
def _(d):
    toks = list("abc")
    return {
        "tokens": Options(
            toks,
            good={"str": "abc", "tuple": tuple(toks), "words": ["the", "cat"]},
            bad={
                "empty": [],
                "dup": ["a", "a"],
                "ints": [1, 2],
                "mixed": ["a", 1],
                "nested": [["a"]],
            },
        ),
        "sep": Options("", good={"space": " "}, bad={"int": 3, "None": None}, generic=False),
    }


@target(
    "text.Vocabulary.from_text",
    lambda v: nm.text.Vocabulary.from_text(v["text"]),
    oracle=lambda v, r: None if r.tokens == sorted(set(v["text"])) else f"tokens {r.tokens}",
)
def _(d):
    return {
        "text": Options(
            "banana",
            good={"newline": "a\nb"},
            bad={"empty": "", "int": 3, "None": None},
            unsure={"list": ["a", "b"]},
            generic=False,
        )
    }


_VOCAB = "abcdef "


def _text_arg():
    return Options(
        "bad cafe",
        good={"list": list("bad"), "one": "a"},
        bad={"unknown": "xyz", "int": 3, "None": None, "bytes": b"abc", "tokens": ["ab"]},
        unsure={"empty": ""},
        generic=False,
    )


def _ids(text):
    return [_VOCAB.index(c) for c in text]


@target(
    "text.Vocabulary.encode",
    lambda v: v["vocab"].encode(v["text"]),
    oracle=lambda v, r: same(r, _ids(v["text"]), "ids"),
)
def _(d):
    return {"vocab": Const(nm.text.Vocabulary(_VOCAB)), "text": _text_arg()}


@target(
    "text.Vocabulary.one_hot",
    lambda v: v["vocab"].one_hot(v["text"]),
    oracle=lambda v, r: same(
        r, np.eye(len(_VOCAB))[_ids(v["text"])].reshape(-1, len(_VOCAB)), "rows"
    ),
)
def _(d):
    return {"vocab": Const(nm.text.Vocabulary(_VOCAB)), "text": _text_arg()}


@target(
    "text.Vocabulary.decode",
    lambda v: v["vocab"].decode(v["ids"]),
    oracle=lambda v, r: (
        None if r == "".join(_VOCAB[int(i)] for i in arr(v["ids"]).reshape(-1)) else f"got {r!r}"
    ),
    either=("ids:empty",),
)
def _(d):
    return {
        "vocab": Const(nm.text.Vocabulary(_VOCAB)),
        "ids": Labels(d.rng.integers(0, len(_VOCAB), d.int(1, 6)), len(_VOCAB)),
    }


@target(
    "text.contexts",
    lambda v: nm.text.contexts(v["ids"], v["context"]),
    consistent=lambda v: length(v["ids"]) > int(v["context"]),
    oracle=lambda v, r: (
        same(r[0][0], arr(v["ids"])[: int(v["context"])], "X[0]")
        or same(r[1], arr(v["ids"])[int(v["context"]) :], "y")
    ),
    either=("ids:bool",),
)
def _(d):
    ids = d.rng.integers(0, 5, d.int(3, 8))
    return {
        "ids": Real(ids, (None,), lo=0, ints=True, scale=False),
        "context": Count(d.int(1, 2), 1),
    }


@target(
    "text.one_hot_contexts",
    lambda v: nm.text.one_hot_contexts(v["X"], v["vocab_size"]),
    consistent=lambda v: arr(v["X"]).max() < int(v["vocab_size"]),
    oracle=lambda v, r: same(
        r,
        np.eye(int(v["vocab_size"]))[np.atleast_2d(arr(v["X"])).astype(int)].reshape(
            np.atleast_2d(arr(v["X"])).shape[0], -1
        ),
        "rows",
    ),
    either=("X:bool",),
)
def _(d):
    V, k = d.int(2, 5), d.int(1, 3)
    X = d.rng.integers(0, V, (d.int(1, 4), k))
    return {
        "X": Real(X, (None, None), sample=True, lo=0, ints=True, scale=False),
        "vocab_size": Count(V, 1),
    }


@target(
    "text.Embedding",
    lambda v: nm.text.Embedding(
        v["vocab_size"], v["dim"], v["context"], rng=v["rng"], scale=v["scale"]
    ),
    oracle=lambda v, r: (
        None if r.E.shape == (int(v["vocab_size"]), int(v["dim"])) else f"E {r.E.shape}"
    ),
    either=("scale:low",),
)
def _(d):
    return {
        "vocab_size": Count(d.int(1, 6), 1),
        "dim": Count(d.int(1, 3), 1),
        "context": Count(d.int(1, 3), 1),
        "rng": Seed(d.int(0, 9)),
        "scale": Number(d.float(0.1, 2), 0, low_open=True),
    }


@target(
    "text.Embedding.from_weights",
    lambda v: nm.text.Embedding.from_weights(v["E"], v["context"]),
    oracle=lambda v, r: first(
        same(r.E, v["E"], "E"), None if r.context == int(v["context"]) else "context"
    ),
)
def _(d):
    return {
        "E": Real(d.array(d.int(1, 5), d.int(1, 3)), (None, None)),
        "context": Count(d.int(1, 3), 1),
    }


def _embedding(d):
    V, dim, k = d.int(2, 5), d.int(1, 3), d.int(1, 2)
    return nm.text.Embedding(V, dim, k, rng=d.int(0, 9)), V, dim, k


def _ref_embed(layer, X):
    X = np.atleast_2d(arr(X))
    blocks = X.reshape(-1, layer.vocab_size)
    return (blocks @ layer.E).reshape(X.shape[0], -1)


@target(
    "text.Embedding.forward",
    lambda v: v["layer"].forward(v["X"]),
    oracle=lambda v, r: same(r, _ref_embed(v["layer"], v["X"])),
)
def _(d):
    layer, V, _, k = _embedding(d)
    return {
        "layer": Const(layer),
        "X": Real(d.array(d.int(1, 3), k * V), (None, k * V), sample=True),
    }


def _embedding_backward_oracle(v, r):
    layer = v["layer"]
    blocks = arr(layer.X).reshape(-1, layer.vocab_size)
    dblocks = arr(v["dA"]).reshape(-1, layer.dim)
    want = None if not v["need_dX"] else (dblocks @ layer.E.T).reshape(arr(layer.X).shape)
    return first(
        same(layer.dE, blocks.T @ dblocks, "dE"),
        (None if r is None else "dX came back") if want is None else same(r, want, "dX"),
    )


@target(
    "text.Embedding.backward",
    lambda v: v["layer"].backward(v["dA"], v["need_dX"]),
    oracle=_embedding_backward_oracle,
)
def _(d):
    layer, V, dim, k = _embedding(d)
    n = d.int(1, 3)
    layer.forward(np.eye(V)[d.rng.integers(0, V, n * k)].reshape(n, k * V))
    return {
        "layer": Const(layer),
        "dA": Real(d.array(n, k * dim), (n, k * dim)),
        "need_dX": Flag(d.bool()),
    }


_EMBEDDING_NOARG = {
    "as_dense": lambda v, r: same(r.W, np.kron(np.eye(v["layer"].context), v["layer"].E), "W"),
    "params": lambda v, r: None if len(r) == 1 and r[0] is v["layer"].E else "params",
    "grads": lambda v, r: None if len(r) == 1 else "grads",
}
for _method, _oracle in _EMBEDDING_NOARG.items():

    @target(
        f"text.Embedding.{_method}", lambda v, m=_method: getattr(v["layer"], m)(), oracle=_oracle
    )
    def _(d):
        return {"layer": Const(_embedding(d)[0])}


@target(
    "text.char_model",
    lambda v: nm.text.char_model(
        v["vocab_size"], v["context"], v["dim"], v["hidden"], rng=v["rng"]
    ),
    oracle=lambda v, r: (
        None
        if r.sizes
        == [
            int(v["context"]) * int(v["vocab_size"]),
            int(v["context"]) * int(v["dim"]),
            int(v["hidden"]),
            int(v["vocab_size"]),
        ]
        else f"sizes {r.sizes}"
    ),
)
def _(d):
    return {
        "vocab_size": Count(d.int(2, 6), 1),
        "context": Count(d.int(1, 3), 1),
        "dim": Count(d.int(1, 3), 1),
        "hidden": Count(d.int(1, 8), 1),
        "rng": Seed(d.int(0, 9)),
    }


def _char_net(d):
    V, k = len(_VOCAB), d.int(1, 3)
    return nm.text.char_model(V, k, 2, 5, rng=d.int(0, 9)), V, k


@target(
    "text.next_logits",
    lambda v: nm.text.next_logits(v["net"], v["ids"]),
    consistent=lambda v: length(v["ids"]) >= v["net"].layers[0].context,
    oracle=lambda v, r: None if np.shape(r) == (len(_VOCAB),) else f"shape {np.shape(r)}",
)
def _(d):
    net, V, k = _char_net(d)
    return {
        "net": Options(net, bad={"mlp": nm.network.MLP([V, 3, V], rng=0)}),
        "ids": Labels(d.rng.integers(0, V, d.int(k, k + 3)), V),
    }


@target(
    "text.softmax_temperature",
    lambda v: nm.text.softmax_temperature(v["z"], v["temperature"]),
    oracle=lambda v, r: (
        None
        if np.allclose(np.sum(r, axis=-1), 1)
        and np.array_equal(np.argmax(r, -1), np.argmax(arr(v["z"]), -1))
        else "not a distribution peaked at max z"
    ),
)
def _(d):
    return {
        # "shape of z (last axis summed)": any number of leading axes
        "z": Real(3 * d.array(*d.choice([(4,), (2, 3)])), [(None,) * k for k in range(1, 5)]),
        "temperature": Number(d.float(0.2, 2), 0, low_open=True, extra=[("1e-310", 1e-310)]),
    }


def _sample_oracle(v, r):
    prompt, n = v["prompt"], int(v["length"])
    if not (isinstance(r, str) and r.startswith(prompt) and len(r) == len(prompt) + n):
        return f"got {r!r} for {n} tokens after {prompt!r}"
    if float(v["temperature"]) < 1e-100:  # T → 0 is greedy: the likeliest token every time
        ids = [_VOCAB.index(c) for c in r]
        for t in range(len(prompt), len(ids)):
            z = nm.text.next_logits(v["net"], ids[:t])
            if ids[t] != int(np.argmax(z)):
                return f"T = {v['temperature']:g} did not pick the likeliest token at {t}"
    return None


@target(
    "text.sample",
    lambda v: nm.text.sample(
        v["net"], v["vocab"], v["prompt"], v["length"], v["temperature"], rng=v["rng"]
    ),
    consistent=lambda v: len(v["prompt"]) >= v["net"].layers[0].context,
    oracle=_sample_oracle,
)
def _(d):
    net, _, k = _char_net(d)
    prompt = "bad cafe"[: d.int(k, 8)]
    return {
        "net": Const(net),
        "vocab": Options(nm.text.Vocabulary(_VOCAB), bad={"small": nm.text.Vocabulary("ab")}),
        "prompt": Options(prompt, bad={"unknown": "xyz", "int": 3, "None": None}, generic=False),
        "length": Count(d.int(0, 6), 0, huge=False),
        "temperature": Number(d.float(0.3, 2), 0, low_open=True, extra=[("1e-310", 1e-310)]),
        "rng": Seed(d.int(0, 9)),
    }


def _ref_cosine(E):
    E = arr(E)
    s = np.abs(E).max(axis=1, keepdims=True)
    U = E / np.where(s > 0, s, 1.0)
    norms = np.linalg.norm(U, axis=1, keepdims=True)
    U = U / np.where(norms > 0, norms, 1.0)
    return np.clip(U @ U.T, -1, 1)


@target(
    "text.cosine_similarity",
    lambda v: nm.text.cosine_similarity(v["E"]),
    oracle=lambda v, r: same(r, _ref_cosine(v["E"]), "S", 1e-9, 1e-12),
)
def _(d):
    return {"E": Real(d.array(d.int(1, 5), d.int(1, 3)), (None, None))}


def _nearest_oracle(v, r):
    S = _ref_cosine(v["E"])
    i, n = int(v["index"]), int(v["n"])
    sims = S[i].copy()
    sims[i] = -np.inf
    order = np.argsort(-sims, kind="stable")[: min(n, len(sims) - 1)]
    return first(
        same(r[1], sims[order], "similarities", 1e-9, 1e-12),
        None if i not in list(r[0]) else "itself",
    )


@target(
    "text.nearest",
    lambda v: nm.text.nearest(v["E"], v["index"], v["n"]),
    consistent=lambda v: int(v["index"]) < arr(v["E"]).shape[0],
    oracle=_nearest_oracle,
    either=("n:low", "n:huge"),
)
def _(d):
    V = d.int(2, 6)
    return {
        "E": Real(d.array(V, 2), (None, None)),
        "index": Count(d.int(0, V - 1), 0, huge=False),
        "n": Count(d.int(1, V - 1), 1),
    }


def _ngram_data(d, V=3, c=2):
    n = d.int(1, 5)
    return d.rng.integers(0, V, (n, c)), d.rng.integers(0, V, n)


def _ref_ngram(X, y, V, order):
    X = np.atleast_2d(arr(X)).astype(int) if arr(X).ndim != 1 else arr(X).astype(int)[:, None]
    counts = np.zeros((V,) * order)
    for row, t in zip(X, arr(y).astype(int), strict=True):
        counts[(*row[len(row) - (order - 1) :], t)] += 1
    return counts


@target(
    "text.ngram_counts",
    lambda v: nm.text.ngram_counts(v["X"], v["y"], v["vocab_size"], v["order"]),
    consistent=lambda v: (
        length(v["X"]) == length(v["y"])
        and arr(v["X"]).max() < int(v["vocab_size"])
        and arr(v["y"]).max() < int(v["vocab_size"])
        and (arr(v["X"]).shape[1] if arr(v["X"]).ndim == 2 else 1) >= int(v["order"]) - 1
    ),
    oracle=lambda v, r: same(
        r, _ref_ngram(v["X"], v["y"], int(v["vocab_size"]), int(v["order"])), "counts"
    ),
    either=("X:bool", "y:bool", "order:huge", "vocab_size:huge"),
)
def _(d):
    X, y = _ngram_data(d)
    return {
        "X": Real(X, (None, None), lo=0, ints=True, scale=False),
        "y": Labels(y, 3),
        "vocab_size": Count(3, 1),
        "order": Count(d.int(1, 3), 1, 6),
    }


@target(
    "text.ngram_probabilities",
    lambda v: nm.text.ngram_probabilities(v["counts"], v["smoothing"]),
    consistent=lambda v: (
        arr(v["counts"]).ndim >= 1
        and arr(v["counts"]).shape == (arr(v["counts"]).shape[-1],) * arr(v["counts"]).ndim
    ),
    oracle=lambda v, r: same(
        r,
        (arr(v["counts"]) + float(v["smoothing"]))
        / (arr(v["counts"]) + float(v["smoothing"])).sum(-1, keepdims=True),
        "p",
    ),
    either=("counts:scale_up", "smoothing:huge"),
)
def _(d):
    V = d.int(2, 4)
    return {
        "counts": Real(d.rng.integers(0, 5, (V, V)).astype(float), (V, V), lo=0, scale=False),
        "smoothing": Number(d.float(0.05, 2), 0, 1e6, low_open=True),
    }


@target(
    "text.ngram_loss",
    lambda v: nm.text.ngram_loss(v["p"], v["X"], v["y"]),
    consistent=lambda v: length(v["X"]) == length(v["y"]),
    oracle=lambda v, r: (
        None
        if np.isclose(
            r,
            -np.mean(
                np.log(
                    arr(v["p"])[
                        np.atleast_2d(arr(v["X"])).astype(int)[:, -1]
                        if arr(v["X"]).ndim == 2
                        else arr(v["X"]).astype(int),
                        arr(v["y"]).astype(int),
                    ]
                )
            ),
        )
        else f"got {r}"
    ),
    nan_ok=lambda v: bool(np.any(arr(v["p"]) == 0)),  # ln 0: an unsmoothed table gives inf
    either=("X:bool", "y:bool"),
)
def _(d):
    X, y = _ngram_data(d)
    p = nm.text.ngram_probabilities(nm.text.ngram_counts(X, y, 3, 2), 0.5)
    return {
        "p": Real(p, (3, 3), lo=0, hi=1, rows_sum=1.0, scale=False),
        "X": Real(X, (None, None), lo=0, ints=True, scale=False),
        "y": Labels(y, 3),
    }


def _interp_tables(X, y):
    return [
        nm.text.ngram_probabilities(nm.text.ngram_counts(X, y, 3, order), 0.5) for order in (1, 2)
    ]


def _interp_oracle(v, r):
    p, w = r
    if not (np.all(w >= 0) and np.isclose(w.sum(), 1.0)):
        return f"weights {w}"
    tables = v["tables"]
    expected = sum(wm * arr(t) for wm, t in zip(w, tables, strict=True))
    return same(p, np.broadcast_to(expected, p.shape), "p", 1e-9, 1e-12)


@target(
    "text.ngram_interpolate",
    lambda v: nm.text.ngram_interpolate(v["tables"], v["X"], v["y"], v["iterations"]),
    consistent=lambda v: length(v["X"]) == length(v["y"]),
    oracle=_interp_oracle,
    either=("X:bool", "y:bool", "iterations:huge"),
)
def _(d):
    X, y = _ngram_data(d)
    tables = _interp_tables(X, y)
    return {
        "tables": Options(
            tables,
            good={"tuple": tuple(tables), "one": tables[:1], "reversed": tables[::-1]},
            bad={
                "empty": [],
                "array": np.stack([tables[1], tables[1]]),
                "not_probabilities": [tables[0] * 2, tables[1]],
                "mixed_V": [np.full(2, 0.5), tables[1]],
            },
            generic=True,
        ),
        "X": Real(X, (None, None), lo=0, ints=True, scale=False),
        "y": Labels(y, 3),
        "iterations": Count(d.int(1, 20), 1, 10_000),
    }


@target(
    "text.embedding_gradient",
    lambda v: nm.text.embedding_gradient(v["ids"], v["dA"], v["vocab_size"]),
    consistent=lambda v: arr(v["ids"]).max() < int(v["vocab_size"]),
    oracle=lambda v, r: same(
        r,
        np.kron(np.eye(1), 0)
        if False
        else (
            nm.text.one_hot_contexts(v["ids"], int(v["vocab_size"]))
            .reshape(-1, int(v["vocab_size"]))
            .T
            @ arr(v["dA"]).reshape(
                -1, arr(v["dA"]).shape[1] // np.atleast_2d(arr(v["ids"])).shape[1]
            )
        ),
        "dE",
    ),
    either=("ids:bool", "vocab_size:huge"),
)
def _(d):
    n, k, dim = d.int(1, 3), d.int(1, 3), d.int(1, 3)
    return {
        "ids": Real(d.rng.integers(0, 4, (n, k)), (n, k), lo=0, ints=True, scale=False),
        "dA": Real(d.array(n, k * dim), (n, k * dim)),
        "vocab_size": Count(4, 1),
    }


def _fit_char_data():
    vocab = nm.text.Vocabulary(list(_VOCAB))
    C, y = nm.text.contexts(vocab.encode("bad cafe fed a bead " * 2), 2)
    return nm.text.one_hot_contexts(C, len(vocab)), y


@target(
    "text.fit_char_model",
    lambda v: nm.text.fit_char_model(
        v["X"],
        v["y"],
        len(_VOCAB),
        2,
        v["dim"],
        4,
        v["l2"],
        rng=v["rng"],
        epochs=v["epochs"],
        fine_tune=v["fine_tune"],
        lr=v["lr"],
        batch_size=8,
    ),
    oracle=lambda v, r: (
        None
        if len(r[1]["loss"]) == int(v["epochs"]) + int(v["fine_tune"])
        and np.all(np.isfinite(r[1]["loss"]))
        else "history"
    ),
    either=("lr:high", "lr:huge", "l2:huge", "epochs:huge", "fine_tune:huge", "dim:huge"),
)
def _(d):
    X, y = _fit_char_data()
    return {
        "X": Const(X),
        "y": Const(y),
        "dim": Count(d.int(1, 3), 1, huge=False),
        "l2": Number(d.choice([0.0, 1e-3]), 0),
        "rng": Seed(d.int(0, 9)),
        "epochs": Count(d.int(1, 2), 1, 1000, huge=False),
        "fine_tune": Count(d.int(0, 1), 0, 1000, huge=False),
        "lr": Number(d.float(0.05, 0.3), 0, 1e3, low_open=True),
    }


def _pca_oracle(v, r):
    P, axes, explained = r
    E = arr(v["E"])
    return first(
        same(axes @ axes.T, np.eye(axes.shape[0]), "axes orthonormal", 1e-6, 1e-9)
        if np.all(np.abs(axes).sum(1) > 0)
        else None,
        None if explained.sum() <= 1 + 1e-9 else f"explained {explained}",
        same(P, (E - E.mean(0)) @ axes.T, "P", 1e-6, 1e-9),
    )


@target(
    "text.pca",
    lambda v: nm.text.pca(v["E"], v["n_components"]),
    consistent=lambda v: int(v["n_components"]) <= arr(v["E"]).shape[1],
    oracle=_pca_oracle,
    either=("E:scale_up", "E:scale_down", "n_components:huge"),
)
def _(d):
    return {
        "E": Real(d.array(d.int(3, 6), 3), (None, None), min_rows=2),
        "n_components": Count(d.int(1, 2), 1),
    }


@target(
    "text.cosine_group_test",
    lambda v: nm.text.cosine_group_test(
        v["E"], v["group"], n_permutations=v["n_permutations"], rng=v["rng"]
    ),
    consistent=lambda v: arr(v["E"]).ndim == 2 and arr(v["E"]).shape[0] >= 5,
    oracle=lambda v, r: None if -1 <= r[0] <= 1 and 0 < r[1] <= 1 else f"got {r}",
    either=("group:bool", "n_permutations:huge"),
)
def _(d):
    return {
        "E": Real(d.array(6, 6), (None, None), min_rows=5),  # square: transposed is fine too
        "group": Options(
            [0, 1, 2],
            good={"array": np.array([3, 4])},
            bad={"one": [0], "dup": [1, 1], "outside": [0, 9], "float": [0.5, 1]},
            generic=True,
        ),
        "n_permutations": Count(d.int(10, 50), 1, 1_000_000),
        "rng": Seed(d.int(0, 9)),
    }


# ---------------------------------------------------------------- check (the exercises' checks)


def _right_answer(answer, expected, rtol, atol):
    """Whether a learner's ``answer`` equals ``expected``, the contract of ``check.close``."""
    a, e = real_array(answer), real_array(expected)
    if a is None or e is None or a.dtype.kind == "b" or isinstance(answer, (bool, np.bool_)):
        return False
    if a.shape != e.shape or not (np.isfinite(a).all() and np.isfinite(e).all()):
        return False
    return bool(np.allclose(a.astype(float), e.astype(float), rtol=float(rtol), atol=float(atol)))


def _verdict(run):
    """A check's verdict as a value: its ``Result`` (✓), or a falsy one for the ✗ it raises."""

    def verdict(v):
        try:
            return run(v)
        except nm.check.CheckFailed as failed:
            return nm.check.Result(False, str(failed))

    return verdict


def _check_expect(right):
    """For a check: ``valid`` (it must say ✓) when the arguments are valid and the answer
    right, else ``not_pass`` (a ✗ or a clear error; never ✓)."""

    def expect(v, name, label, expect):
        return expect if expect in ("valid", "either") and right(v) else "not_pass"

    return expect


@target(
    "check.close",
    _verdict(lambda v: nm.check.close(v["answer"], v["expected"], v["name"], v["rtol"], v["atol"])),
    expect=_check_expect(lambda v: _right_answer(v["answer"], v["expected"], v["rtol"], v["atol"])),
    oracle=lambda v, r: None if bool(r) else f"a right answer got ✗: {getattr(r, 'message', r)!r}",
)
def _(d):
    shape = d.choice([(), (3,), (2, 3)])
    e = d.array(*shape) + 3.0
    return {
        "answer": Real(
            e.copy(),
            None,
            extra=[
                ("Ellipsis", ...),
                ("x2", 2 * e),
                ("negated", -e),
                ("plus1", e + 1),
                ("1e308", np.full_like(e, 1e308)),
                ("generator", (x for x in np.atleast_1d(e))),
            ],
        ),
        "expected": Real(e, None),
        "name": Options(
            "z", good={"unicode": "σ(z)"}, unsure={"int": 3, "None": None}, generic=False
        ),
        "rtol": Number(1e-6, 0),
        "atol": Number(1e-9, 0),
    }


@target(
    "check.shape",
    _verdict(lambda v: nm.check.shape(v["answer"], v["expected"], v["name"])),
    expect=_check_expect(lambda v: v["answer"] == v["expected"]),
    oracle=lambda v, r: None if bool(r) else f"a right shape got ✗: {getattr(r, 'message', r)!r}",
)
def _(d):
    shape = d.choice([(3,), (2, 3), (4, 1, 2)])
    return {
        "answer": Options(
            shape,
            bad={
                "reversed": shape[::-1] if len(shape) > 1 else (shape[0] + 1,),
                "list": list(shape),
                "longer": (*shape, 1),
                "floats": tuple(float(s) for s in shape),
                "Ellipsis": ...,
            },
            generic=True,
        ),
        "expected": Const(shape),
        "name": Options(
            "W", good={"unicode": "σ(z)"}, unsure={"int": 3, "None": None}, generic=False
        ),
    }


def _fn_right(v):
    inputs = v["inputs"]
    listed = isinstance(inputs, (list, tuple)) and len(inputs) > 0
    return v["fn"] is v["_same"] and (listed or inspect.isgenerator(inputs))


@target(
    "check.function",
    _verdict(
        lambda v: nm.check.function(
            v["fn"], v["reference"], v["inputs"], v["name"], v["rtol"], v["atol"]
        )
    ),
    expect=_check_expect(_fn_right),
    oracle=lambda v, r: (
        None if bool(r) else f"a right function got ✗: {getattr(r, 'message', r)!r}"
    ),
)
def _(d):
    ref = np.tanh
    same_fn = lambda x: np.tanh(x)  # noqa: E731 (a learner's correct answer)

    def not_written(x):
        raise NotImplementedError("your turn")

    def broken(x):
        raise ValueError("oops")

    inputs = [0.5, -1.0, np.array([0.1, 0.2])]
    return {
        "_same": Const(same_fn),
        "fn": Options(
            same_fn,
            bad={
                "plus1": lambda x: np.tanh(x) + 1,
                "x2": lambda x: 2 * np.tanh(x),
                "negated": lambda x: -np.tanh(x),
                "not_written": not_written,
                "raises": broken,
                "returns_None": lambda x: None,
                "returns_str": lambda x: "x",
                "complex": lambda x: np.tanh(x) + 1j,
                "nan": lambda x: np.tanh(x) * np.nan,
                "1e308": lambda x: np.tanh(x) * 0 + 1e308,
                "shape": lambda x: np.append(np.tanh(x), 0),
            },
        ),
        "reference": Const(ref),
        "inputs": Options(
            inputs,
            good={"tuple": tuple(inputs)},
            bad={"empty": [], "empty_tuple": ()},
            unsure={"generator": (x for x in inputs)},
        ),
        "name": Options(None, good={"str": "f"}, generic=False),
        "rtol": Number(1e-6, 0),
        "atol": Number(1e-9, 0),
    }


class _Shell:
    """Just enough of an IPython shell for ``check.friendly_errors``."""

    custom_exceptions = ()

    def set_custom_exc(self, types, handler):
        self.custom_exceptions = types
        self.handler = handler


@target(
    "check.friendly_errors",
    lambda v: nm.check.friendly_errors(v["shell"]),
    oracle=lambda v, r: None if v["shell"].custom_exceptions else "no handler set",
)
def _(d):
    return {"shell": Options(_Shell(), bad={"object": object()})}


@target(
    "check.CheckFailed",
    lambda v: nm.check.CheckFailed(v["message"]),
    oracle=lambda v, r: (
        None if isinstance(r, AssertionError) and str(r) == v["message"] else "not the ✗ line"
    ),
)
def _(d):
    return {"message": Const("✗ z is not right yet")}


@target(
    "check.Result",
    lambda v: nm.check.Result(v["ok"], v["message"]),
    oracle=lambda v, r: None if bool(r) == bool(v["ok"]) else "truth",
)
def _(d):
    return {"ok": Const(d.bool()), "message": Const("fine")}


# ---------------------------------------------------------------- approx


def _lohi(d):
    lo = d.float(-3, 0)
    return Number(lo), Number(lo + d.float(0.5, 3))


def _bump_div(v):
    n = int(v["n_bumps"])
    return n if v["kind"] == "sigmoid" else (n - 1 if n > 1 else 2)


def _lohi_ok(v):
    return float(v["lo"]) < float(v["hi"])


@target(
    "approx.bump_width",
    lambda v: nm.approx.bump_width(v["n_bumps"], v["lo"], v["hi"], v["kind"]),
    consistent=_lohi_ok,
    oracle=lambda v, r: same(r, (float(v["hi"]) - float(v["lo"])) / _bump_div(v), "Δ"),
    either=("lo:-huge", "hi:huge"),
)
def _(d):
    lo, hi = _lohi(d)
    return {
        "n_bumps": Count(d.int(1, 6), 1),
        "lo": lo,
        "hi": hi,
        "kind": Choice(d.choice(["sigmoid", "relu"]), ["sigmoid", "relu"]),
    }


def _target_fn():
    return Fn(
        np.sin,
        bad={
            "shape": lambda x: np.append(x, 0.0),
            "str": lambda x: np.array(["a"] * len(x)),
            "scalar": lambda x: 1.0,
        },
        unsure={"nan": lambda x: x * np.nan},
    )


@target(
    "approx.bump_network",
    lambda v: nm.approx.bump_network(
        v["target"], v["n_bumps"], v["lo"], v["hi"], v["kind"], v["sharpness"]
    ),
    consistent=_lohi_ok,
    oracle=lambda v, r: (
        None
        if r.sizes == [1, {"sigmoid": 2, "relu": 3}[v["kind"]] * int(v["n_bumps"]), 1]
        else f"sizes {r.sizes}"
    ),
    either=("lo:-huge", "hi:huge", "sharpness:huge"),
)
def _(d):
    lo, hi = _lohi(d)
    return {
        "target": _target_fn(),
        "n_bumps": Count(d.int(1, 6), 1),
        "lo": lo,
        "hi": hi,
        "kind": Choice(d.choice(["sigmoid", "relu"]), ["sigmoid", "relu"]),
        "sharpness": Number(d.float(2, 20), 0, low_open=True),
    }


def _bump_net(d):
    return nm.approx.bump_network(np.sin, d.int(1, 4), -2, 2, d.choice(["sigmoid", "relu"]))


@target(
    "approx.bump_contributions",
    lambda v: nm.approx.bump_contributions(v["net"], v["x"]),
    oracle=lambda v, r: (
        None
        if np.abs(arr(v["x"])).max() > 1e6
        else same(
            np.sum(r, axis=1),
            ref_forward(v["net"], arr(v["x"]).reshape(-1, 1))[:, 0] - v["net"].layers[1].b[0],
            "Σ parts",
            1e-8,
            1e-10,
        )
    ),
    either=("x:extra_dim", "x:0-d"),
)
def _(d):
    return {
        "net": Options(_bump_net(d), bad={"other": nm.network.MLP([1, 4, 1], "tanh", rng=0)}),
        "x": Real(d.array(d.int(1, 5)), (None,)),
    }


@target(
    "approx.approximation_error",
    lambda v: nm.approx.approximation_error(v["net"], v["target"], v["lo"], v["hi"], v["res"]),
    consistent=_lohi_ok,
    oracle=lambda v, r: None if isinstance(r, float) and r >= 0 else f"got {r!r}",
    either=("lo:-huge", "hi:huge"),
)
def _(d):
    lo, hi = _lohi(d)
    return {
        "net": Options(_bump_net(d), bad={"two_in": nm.network.MLP([2, 3, 1], rng=0)}),
        "target": _target_fn(),
        "lo": lo,
        "hi": hi,
        "res": Count(d.int(2, 50), 2),
    }


def _interp_oracle(v, r):
    lo, hi, units = float(v["lo"]), float(v["hi"]), int(v["units"])
    knots = np.linspace(lo, hi, units + 1)
    return same(ref_forward(r, knots[:, None])[:, 0], np.sin(knots), "ŷ at the knots", 1e-7, 1e-9)


@target(
    "approx.relu_interpolant",
    lambda v: nm.approx.relu_interpolant(v["target"], v["units"], v["lo"], v["hi"]),
    consistent=_lohi_ok,
    oracle=_interp_oracle,
    either=("lo:-huge", "hi:huge"),
)
def _(d):
    lo, hi = _lohi(d)
    return {"target": _target_fn(), "units": Count(d.int(1, 6), 1), "lo": lo, "hi": hi}


def _ref_sawtooth(x, depth):
    g = arr(x)
    for _ in range(depth):
        g = 2 * np.maximum(g, 0) - 4 * np.maximum(g - 0.5, 0)
    return g


@target(
    "approx.sawtooth",
    lambda v: nm.approx.sawtooth(v["x"], v["depth"]),
    oracle=lambda v, r: same(r, _ref_sawtooth(v["x"], int(v["depth"])), "gₘ"),
)
def _(d):
    return {
        "x": Real(d.rng.uniform(0, 1, _any_shape(d))),
        "depth": Count(d.int(0, 5), 0, huge=False),
    }


def _sawnet_oracle(v, r):
    m = int(v["depth"])
    x = np.linspace(0, 1, 33)
    want = x - sum(_ref_sawtooth(x, s) / 4**s for s in range(1, m + 1))
    return first(
        None if len(r.layers) == m + 1 else f"{len(r.layers)} layers",
        same(ref_forward(r, x[:, None])[:, 0], want, "ŷ", 1e-9, 1e-12),
    )


@target(
    "approx.sawtooth_network",
    lambda v: nm.approx.sawtooth_network(v["depth"]),
    oracle=_sawnet_oracle,
)
def _(d):
    return {"depth": Count(d.int(0, 5), 0, huge=False)}


@target(
    "approx.depth_vs_width",
    lambda v: nm.approx.depth_vs_width(v["max_depth"], v["res"]),
    oracle=lambda v, r: None if all(np.shape(a) == (int(v["max_depth"]),) for a in r) else "shapes",
)
def _(d):
    return {"max_depth": Count(d.int(1, 3), 1, huge=False), "res": Count(d.int(2, 200), 2)}


@target(
    "approx.triangle_network",
    lambda v: nm.approx.triangle_network(v["sharpness"]),
    oracle=lambda v, r: None if r.sizes == [2, 3, 1] else f"sizes {r.sizes}",
)
def _(d):
    return {"sharpness": Number(d.float(0.5, 5), 0, 1e6, low_open=True)}


def _areas_oracle(v, r):
    box = (2 * float(v["lim"])) ** 2
    ok = 0 <= r["both"] <= min(r["region"], r["polygon"]) and max(r.values()) <= box * (1 + 1e-9)
    return None if ok else f"areas {r} in a box of area {box}"


@target(
    "approx.region_areas",
    lambda v: nm.approx.region_areas(v["net"], v["lim"], v["res"]),
    oracle=_areas_oracle,
)
def _(d):
    return {
        "net": Options(
            nm.approx.triangle_network(d.float(0.5, 3)),
            bad={"one_in": nm.network.MLP([1, 3, 1], rng=0)},
        ),
        "lim": Number(d.float(1, 3), 0, 1e6, low_open=True),
        "res": Count(d.int(2, 40), 2, 2000),
    }


def _best_line_oracle(v, r):
    X, y = arr(v["X"]), arr(v["y"])
    got = np.mean(((X @ r["w"] + r["c"]) > 0) == (y == 1))
    if not 0.5 <= r["accuracy"] <= 1:
        return f"accuracy {r['accuracy']}"
    return None if np.isclose(got, r["accuracy"]) else f"the line gets {got}, not {r['accuracy']}"


@target(
    "approx.best_line",
    lambda v: nm.approx.best_line(v["X"], v["y"]),
    consistent=lambda v: np.shape(v["X"])[:1] == np.shape(v["y"]),
    oracle=_best_line_oracle,
)
def _(d):
    n = d.int(2, 12)
    return {
        "X": Real(d.array(n, 2), (None, 2), min_rows=2),
        "y": Labels(d.rng.integers(0, 2, n), 2),
    }


def _kink_oracle(v, r):
    x = np.linspace(-3, 3, 61)[:, None]
    return same(ref_forward(r, x), ref_forward(v["net"], x), "ŷ", 1e-9, 1e-9)


@target(
    "approx.one_unit_per_kink",
    lambda v: nm.approx.one_unit_per_kink(v["net"]),
    oracle=_kink_oracle,
)
def _(d):
    return {
        "net": Options(
            nm.approx.bump_network(np.sin, d.int(1, 4), -2, 2, "relu"),
            good={"interpolant": nm.approx.relu_interpolant(np.sin, 3, -1, 1)},
            bad={
                "sigmoid": nm.approx.bump_network(np.sin, 2, -2, 2, "sigmoid"),
                "tanh": nm.network.MLP([1, 4, 1], "tanh", rng=0),
            },
        )
    }


# ---------------------------------------------------------------- surfaces


@target(
    "surfaces.lr_limit",
    lambda v: nm.surfaces.lr_limit(v["eigenvalues"], v["momentum"]),
    oracle=lambda v, r: same(
        r, 2 * (1 + float(v["momentum"])) / arr(v["eigenvalues"]).max(), "η limit"
    ),
    either=("eigenvalues:extra_dim", "eigenvalues:0-d", "eigenvalues:x1e-300"),
)
def _(d):
    return {
        "eigenvalues": Real(d.rng.uniform(0.1, 5, d.int(1, 3)), (None,), lo=5e-324),
        "momentum": Number(d.choice([0.0, 0.5]), 0, 1, high_open=True),
    }


def _radius(lam, lr, mu):
    """The spectral radius of one eigen-direction's momentum step, straight from NumPy."""
    M = np.array([[1 + mu - lr * lam, -mu], [1.0, 0.0]])
    return float(np.abs(np.linalg.eigvals(M)).max())


@target(
    "surfaces.momentum_matrix",
    lambda v: nm.surfaces.momentum_matrix(v["eigenvalue"], v["lr"], v["momentum"]),
    oracle=lambda v, r: (
        None
        if not np.all(np.isfinite(r))
        else same(
            r,
            [
                [
                    1 + float(v["momentum"]) - float(v["lr"]) * float(v["eigenvalue"]),
                    -float(v["momentum"]),
                ],
                [1.0, 0.0],
            ],
            "M",
        )
    ),
)
def _(d):
    return {
        "eigenvalue": Number(d.float(0.1, 5), 0, low_open=True),
        "lr": Number(d.float(0.01, 0.5), 0, low_open=True),
        "momentum": Number(d.choice([0.0, 0.5]), 0, 1, high_open=True),
    }


@target(
    "surfaces.convergence_rate",
    lambda v: nm.surfaces.convergence_rate(v["eigenvalues"], v["lr"], v["momentum"]),
    oracle=lambda v, r: (
        None
        if not np.isfinite(r) or arr(v["eigenvalues"]).size == 0
        else same(
            r,
            max(
                _radius(lam, float(v["lr"]), float(v["momentum"]))
                for lam in arr(v["eigenvalues"]).reshape(-1)
            ),
            "ρ",
            rtol=1e-6,
            atol=1e-7,
        )
    ),
    either=("eigenvalues:extra_dim", "eigenvalues:0-d", "eigenvalues:x1e-300"),
)
def _(d):
    return {
        "eigenvalues": Real(d.rng.uniform(0.1, 5, d.int(1, 3)), (None,), lo=5e-324),
        "lr": Number(d.float(0.01, 0.5), 0, low_open=True),
        "momentum": Number(d.choice([0.0, 0.5]), 0, 1, high_open=True),
    }


@target(
    "surfaces.best_momentum",
    lambda v: nm.surfaces.best_momentum(v["eigenvalues"]),
    oracle=lambda v, r: same(
        r[0],
        (2 / (np.sqrt(arr(v["eigenvalues"]).min()) + np.sqrt(arr(v["eigenvalues"]).max()))) ** 2,
        "η",
    ),
    either=("eigenvalues:extra_dim", "eigenvalues:0-d", "eigenvalues:x1e-300"),
)
def _(d):
    return {"eigenvalues": Real(d.rng.uniform(0.1, 5, d.int(1, 3)), (None,), lo=5e-324)}


def _bowl_parts():
    return (lambda p1, p2: p1 * p1 + p2 * p2), (lambda p1, p2: (2 * p1, 2 * p2))


@target(
    "surfaces.Surface",
    lambda v: nm.surfaces.Surface(
        "s",
        v["value"],
        v["gradient"],
        v["xlim"],
        v["ylim"],
        v["minimum"],
        v["starts"],
        v["hessian"],
    ),
    oracle=lambda v, r: same(r.f_min, float(np.sum(arr(v["minimum"]) ** 2)), "f_min"),
)
def _(d):
    f, g = _bowl_parts()
    starts = {"upper left": (-1.0, 1.0)}
    return {
        "value": Fn(f, bad={"str": lambda p1, p2: "f"}),
        "gradient": Fn(g),
        "xlim": Pair((-2.0, 2.0)),
        "ylim": Pair((-2.0, 2.0)),
        "minimum": Real([0.0, 0.0], (2,)),
        "starts": Options(
            starts,
            bad={
                "nan": {"a": (np.nan, 0.0)},
                "shape": {"a": (1.0, 2.0, 3.0)},
                "point_str": {"a": "x"},
                "list": [(0.0, 0.0)],
            },
            unsure={"empty": {}},
        ),
        "hessian": Options(
            None,
            good={"H": 2 * np.eye(2)},
            bad={"shape": np.ones((3, 3)), "nan": np.full((2, 2), np.nan), "str": "h"},
            generic=False,
        ),
    }


def _bowl():
    return nm.surfaces.quadratic(np.diag([1.0, 0.8]), "bowl")


@target(
    "surfaces.Surface.gap",
    lambda v: v["s"].gap(v["path"]),
    oracle=lambda v, r: same(
        r,
        0.5 * (arr(v["path"])[:, 0] ** 2 + 0.8 * arr(v["path"])[:, 1] ** 2),
        "f − f_min",
        1e-9,
        1e-12,
    ),
    either=("path:0-d",),
)
def _(d):
    return {"s": Const(_bowl()), "path": Real(d.array(d.int(1, 4), 2), (None, 2), sample=False)}


@target(
    "surfaces.Surface.gradient",
    lambda v: v["s"].gradient(v["p"]),
    oracle=lambda v, r: same(r, arr(v["p"]) * [1.0, 0.8], "∇f"),
)
def _(d):
    return {
        "s": Const(_bowl()),
        "p": Real(d.array(*d.choice([(2,), (3, 2)])), [(2,), (None, 2), (None, None, 2)]),
    }


@target(
    "surfaces.Surface.__call__",
    lambda v: v["s"](v["p"]),
    oracle=lambda v, r: same(
        r, 0.5 * (arr(v["p"])[..., 0] ** 2 + 0.8 * arr(v["p"])[..., 1] ** 2), "f", 1e-9, 1e-12
    ),
)
def _(d):
    return {
        "s": Const(_bowl()),
        "p": Real(d.array(*d.choice([(2,), (3, 2)])), [(2,), (None, 2), (None, None, 2)]),
    }


@target(
    "surfaces.Surface.grid",
    lambda v: v["s"].grid(v["res"]),
    oracle=lambda v, r: None if all(np.shape(a) == (int(v["res"]),) * 2 for a in r) else "shapes",
)
def _(d):
    return {"s": Const(_bowl()), "res": Count(d.int(2, 20), 2)}


@target(
    "surfaces.Surface.start",
    lambda v: v["s"].start(v["name"]),
    oracle=lambda v, r: None if np.shape(r) == (2,) else f"shape {np.shape(r)}",
)
def _(d):
    names = ["upper left", "upper right", "lower left", "lower right"]
    return {"s": Const(_bowl()), "name": Choice(d.choice(names), names)}


def _quadratic_consistent(v):
    H = arr(v["hessian"])
    return bool(np.allclose(H, H.T) and np.all(np.linalg.eigvalsh(H) > 0))


@target(
    "surfaces.quadratic",
    lambda v: nm.surfaces.quadratic(v["hessian"], v["name"], v["lim"]),
    consistent=_quadratic_consistent,
    oracle=lambda v, r: first(
        same(r(np.zeros(2)), 0.0, "f(0)"),
        same(r.gradient(np.ones(2)), arr(v["hessian"]) @ np.ones(2), "∇f(1, 1)"),
    ),
    either=("hessian:x1e300", "hessian:±1e308"),
)
def _(d):
    a = d.float(0.5, 3)
    H = np.array([[a, 0.2], [0.2, d.float(0.5, 3)]])
    return {
        "hessian": Real(
            H,
            (2, 2),
            extra=[("asym", [[1.0, 0.5], [0.0, 1.0]]), ("indefinite", np.diag([1.0, -1.0]))],
        ),
        "name": Options("q", unsure={"int": 3}, generic=False),
        "lim": Options(
            (3.0, 3.0),
            good={"list": [3.0, 2.0], "array": np.array([2.0, 2.0])},
            bad={
                "zero": (0.0, 3.0),
                "neg": (-1.0, 3.0),
                "nan": (math.nan, 3.0),
                "inf": (math.inf, 3.0),
                "scalar": 3.0,
                "triple": (1.0, 2.0, 3.0),
            },
        ),
    }


for _name in ("bowl", "valley"):

    @target(
        f"surfaces.{_name}",
        lambda v, n=_name: getattr(nm.surfaces, n)(),
        oracle=lambda v, r: same(r.f_min, 0.0, "f_min"),
    )
    def _(d):
        return {}


@target(
    "surfaces.saddle",
    lambda v: nm.surfaces.saddle(),
    oracle=lambda v, r: (
        same(r.f_min, -0.25, "f_min")
        or (None if np.allclose(r.gradient([0.0, 0.0]), 0) else "∇f(0, 0) is not 0")
    ),
)
def _(d):
    return {}


@target(
    "surfaces.two_minima",
    lambda v: nm.surfaces.two_minima(v["tilt"]),
    oracle=lambda v, r: (
        None if r.f_min <= min(r(r.start(s)) for s in r.starts) else "f_min is not the lowest"
    ),
    either=("tilt:huge", "tilt:-huge"),
)
def _(d):
    return {"tilt": Number(d.float(-0.5, 0.5))}


@target(
    "surfaces.get_surface",
    lambda v: nm.surfaces.get_surface(v["surface"]),
    oracle=lambda v, r: None if isinstance(r, nm.surfaces.Surface) else f"got {r!r}",
)
def _(d):
    return {
        "surface": Options(
            "bowl",
            good={"valley": "valley", "two_minima": "two minima", "instance": _bowl()},
            bad={"bogus": "bogus", "upper": "BOWL", "list": ["bowl"]},
        )
    }


def _nls_consistent(v):
    if np.shape(v["x"]) != np.shape(v["y"]):
        return False
    if (v["loss"], v["activation"]) not in (
        ("mse", "identity"),
        ("binary_cross_entropy", "sigmoid"),
    ):
        return False
    y = arr(v["y"])
    return v["loss"] == "mse" or bool(np.all((y >= 0) & (y <= 1)))


@target(
    "surfaces.neuron_loss_surface",
    lambda v: nm.surfaces.neuron_loss_surface(
        v["x"], v["y"], v["wlim"], v["blim"], v["loss"], v["activation"]
    ),
    consistent=_nls_consistent,
    oracle=lambda v, r: None if np.isfinite(r.f_min) else "f_min",
    either=("x:x1e300", "x:±1e308", "y:x1e300", "y:±1e308", "wlim:huge", "blim:huge"),
    variants_max=60,
)
def _(d):
    n = d.int(2, 6)
    loss = d.choice(["mse", "binary_cross_entropy"])
    act = "identity" if loss == "mse" else "sigmoid"
    y = d.array(n) if loss == "mse" else d.rng.integers(0, 2, n).astype(float)
    return {
        "x": Real(d.array(n), (None,)),
        "y": Real(y, (None,)),
        "wlim": Pair((-3.0, 3.0)),
        "blim": Pair((-3.0, 3.0)),
        "loss": Choice(loss, ["mse", "binary_cross_entropy"], extra=[("ce", "cross_entropy")]),
        "activation": Choice(act, ["identity", "sigmoid"], extra=[("tanh", "tanh")]),
    }


# ---------------------------------------------------------------- vectors


def _projection_oracle(v, r):
    a, b = arr(v["a"]), arr(v["b"])
    s = np.abs(a).max()
    ua, ub = a / s, b / np.abs(b).max() if np.any(b) else b
    want = (ua @ ub) / (ua @ ua) * ua * (np.abs(b).max() if np.any(b) else 1.0)
    return same(r, want, "proj_a(b)", 1e-9, 1e-300)


@target(
    "vectors.projection",
    lambda v: nm.vectors.projection(v["b"], v["a"]),
    consistent=lambda v: np.shape(v["a"]) == np.shape(v["b"]) and bool(np.any(arr(v["a"]))),
    oracle=_projection_oracle,
)
def _(d):
    dim = d.int(1, 4)
    return {"b": Real(d.array(dim), (None,)), "a": Real(d.array(dim) + 0.1, (None,))}


def _cosine_oracle(v, r):
    X, w = np.atleast_2d(arr(v["x"])), arr(v["w"])
    U = X / np.abs(X).max(axis=1, keepdims=True)
    u = w / np.abs(w).max()
    want = np.clip((U @ u) / (np.linalg.norm(U, axis=1) * np.linalg.norm(u)), -1, 1)
    return same(r, want[0] if arr(v["x"]).ndim == 1 else want, "cos θ", 1e-9, 1e-12)


@target(
    "vectors.cosine_similarity",
    lambda v: nm.vectors.cosine_similarity(v["x"], v["w"]),
    consistent=lambda v: (
        np.ndim(v["w"]) == 1
        and np.shape(v["x"])[-1:] == np.shape(v["w"])
        and bool(np.any(arr(v["w"])))
        and bool(np.all(np.any(np.atleast_2d(arr(v["x"])), axis=1)))
    ),
    oracle=_cosine_oracle,
)
def _(d):
    dim = d.int(1, 4)
    x = d.array(d.int(1, 3), dim) + 2.5 if d.bool() else d.array(dim) + 2.5
    return {"x": Real(x, [(None, None), (None,)]), "w": Real(d.array(dim) + 2.5, (None,))}


# ================================================================ the widgets
#
# Every explorer is built once, then ``update`` is called with the current values and one
# control moved to a value derived from that control itself: its min, max and middle
# (valid), and below, above, NaN, inf, a fraction, a string, None (bad); an unknown name
# too. After a refused value the controls must be as before and the next valid update
# must work. Through the callback (the control's own value set, as the browser does) an
# error must show as one line under the widget, never a traceback.


@dataclass
class WidgetTarget:
    name: str  # the factory, e.g. "activation_explorer"
    cls: str  # the Explorer subclass it builds
    build: object  # () -> (args, kwargs) of the factory
    extra: object = None  # (explorer) -> [(label, fn, expect)] more direct calls
    params: tuple = ()  # factory keywords that are controls too (constructor probes)
    # (values shown, name, v) -> the update's keywords for "move control name to v";
    # None: every control at its value, name at v. For controls that set one another.
    move: object = None


def widget(name, cls, build=lambda: ((), {}), extra=None, move=None):
    WIDGET_TARGETS.append(WidgetTarget(name, cls, build, extra, move=move))


def widgets_module():
    os.environ.setdefault("MPLBACKEND", "Agg")
    return importlib.import_module("nnmath.widgets")


def public_widgets():
    """The widget factories (``*_explorer``) and ``Explorer`` subclasses nnmath.widgets offers."""
    ws = widgets_module()
    names = set()
    for name, obj in vars(ws).items():
        if name.startswith("_") or not getattr(obj, "__module__", "").startswith("nnmath.widgets"):
            continue
        if inspect.isfunction(obj) and name.endswith("_explorer"):
            names.add(name)
        if inspect.isclass(obj) and issubclass(obj, ws.Explorer) and obj is not ws.Explorer:
            names.add(name)
    return names


def covered_widgets():
    return {n for wt in WIDGET_TARGETS for n in (wt.name, wt.cls)}


def control_values(control, quick=False):
    """``(label, value, verdict)`` to try on a control, derived from its own range or options;
    verdict True (valid), False (bad) or "either"."""
    import ipywidgets as ipw

    out = []
    if isinstance(control, (ipw.FloatLogSlider, ipw.FloatSlider, ipw.IntSlider)):
        is_int = isinstance(control, ipw.IntSlider)
        if isinstance(control, ipw.FloatLogSlider):
            lo, hi = control.base**control.min, control.base**control.max
            mid = control.base ** ((control.min + control.max) / 2)
        else:
            lo, hi = control.min, control.max
            mid = (lo + hi) // 2 if is_int else (lo + hi) / 2
        span = hi - lo or 1
        out += [("min", lo, True), ("max", hi, True), ("middle", mid, True)]
        out += [
            ("below", lo - (1 if is_int else span), False),
            ("above", hi + (1 if is_int else span), False),
        ]
        out += [("nan", math.nan, False), ("inf", math.inf, False)]
        out += [("str", "abc", False), ("None", None, False)]
        if is_int:  # a count far beyond the range may allocate or loop for minutes
            out += [("fraction", mid + 0.5, False), ("1e6", 10**6, False)]
        if not quick:
            out += [("-inf", -math.inf, False), ("numeric_str", str(mid), False)]
            out += [
                ("bool", True, False),
                ("list", [mid], False),
                ("complex", complex(mid, 1), False),
            ]
            out += [("-1e6", -(10**6) if is_int else -1e6, False)]
            if not is_int:
                out += [("1e6", 1e6, False)]
            out += [("np", np.int64(mid) if is_int else np.float64(mid), True)]
            if is_int:
                out += [("whole_float", float(mid), "either")]
            else:
                out += [("off_step", lo + span / 3, True)]
        return out
    values = list(getattr(control, "_options_values", ()) or ())
    if values:
        picks = [values[0], values[-1], values[len(values) // 2]]
        out += [(f"={v!r}", v, True) for i, v in enumerate(picks) if v not in picks[:i]]
        out += [("bogus", "bogus", False), ("None", None, False)]
        if not quick:
            out += [("list", [values[0]], False), ("number", 3.5, False)]
            labels = list(getattr(control, "_options_labels", ()) or ())
            for label, value in zip(labels, values, strict=False):
                if label != value and label not in values:
                    out.append(("label", label, False))
                    break
            if isinstance(values[0], str) and values[0].upper() not in values:
                out.append(("upper", values[0].upper(), False))
    return out


def _same_values(a, b):
    if set(a) != set(b):
        return False
    for k in a:
        x, y = a[k], b[k]
        try:
            if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
                if not np.array_equal(np.asarray(x), np.asarray(y), equal_nan=True):
                    return False
            elif not (
                x == y
                or (
                    isinstance(x, float)
                    and isinstance(y, float)
                    and math.isnan(x)
                    and math.isnan(y)
                )
            ):
                return False
        except Exception:
            return False
    return True


def _shown(control_value, v):
    """Whether the control shows ``v``."""
    try:
        if isinstance(v, str) or isinstance(control_value, str):
            return control_value == v
        return bool(np.isclose(float(control_value), float(v), rtol=1e-12, atol=0))
    except (TypeError, ValueError):
        return control_value == v


def widget_update(e, name, v, verdict, timeout, move=None):
    """One direct ``update`` with control ``name`` moved to ``v``; returns ``(Outcome, expect)``."""
    expect = {True: "valid", False: "bad", "either": "either"}[verdict]
    before, state = dict(e.values()), e.state
    args = {**before, name: v} if move is None else move(before, name, v)

    def oracle(result):
        if name in e.controls and not _shown(e.controls[name].value, v):
            return f"drawn for {name}={v!r} but the control shows {e.controls[name].value!r}"
        return None

    out = classify(lambda: e.update(**args), expect, oracle=oracle, timeout=timeout)
    if out.outcome in ("clear_error", "false_reject", "unclear_error", "warning", "hang"):
        if not _same_values(dict(e.values()), before) or e.state is not state:
            moved = {
                k: e.values()[k]
                for k in before
                if not _same_values({k: e.values()[k]}, {k: before[k]})
            }
            out = Outcome(
                "wrong_result", f"refused ({out.message}) but the widget changed: {_short(moved)}"
            )
    elif (
        out.outcome == "silent_accept"
        and name in e.controls
        and not _shown(e.controls[name].value, v)
    ):
        out.message = (
            f"drawn for {name}={_short(v, 30)}, the control shows {e.controls[name].value!r}"
        )
    return out, expect


def _error_lines(e):
    lines = []
    for item in e.errors.outputs:
        text = item.get("text") or item.get("data", {}).get("text/plain", "")
        lines += [line for line in str(text).splitlines() if line.strip()]
    return lines


def widget_callback(e, name, v, verdict, timeout):
    """Set a control's own value (what the browser does) and read what shows under the widget."""
    import traitlets

    control = e.controls[name]
    e.errors.outputs = ()
    try:
        with strict(timeout):
            control.value = v
    except _Timeout:
        return Outcome("hang", f"no answer within {timeout:g} s"), "bad"
    except traitlets.TraitError as err:
        return Outcome("clear_error", f"the control refused it: {describe(err)}"), "either"
    except Warning as err:
        return Outcome("warning", describe(err)), "bad"
    except Exception as err:
        return Outcome("unclear_error", f"escaped the callback: {describe(err)}"), "bad"
    lines = _error_lines(e)
    shown = control.value
    valid_now = verdict is True or _in_range(control, shown)
    # a bad value must be refused; one the control clamped into its range may be drawn
    expect = {True: "valid", False: "bad"}.get(verdict, "valid" if valid_now else "bad")
    if lines:
        if len(lines) == 1 and not lines[0].startswith("Traceback"):
            outcome = "false_reject" if expect == "valid" else "clear_error"
            return Outcome(outcome, lines[0][:200]), expect
        return Outcome(
            "unclear_error", f"{len(lines)} lines under the widget, the last: {lines[-1][:160]}"
        ), expect
    if not valid_now or expect == "bad":
        return Outcome("silent_accept", f"the control holds {shown!r} and nothing was said"), expect
    return Outcome("ok"), expect


def _in_range(control, value):
    try:
        x = float(value)
    except (TypeError, ValueError):
        return False
    if not math.isfinite(x):
        return False
    lo, hi = getattr(control, "min", None), getattr(control, "max", None)
    if type(control).__name__ == "FloatLogSlider":
        lo, hi = control.base**lo, control.base**hi
    return lo is None or lo <= x <= hi


def _widget_probe(report, wt, text, out, expect):
    report.add(
        Probe("widgets", f"widgets.{wt.name}", text, expect, out.outcome, out.message, out.seconds)
    )


def run_widget(wt, report, quick=False, timeout=TIMEOUT):
    """Every control of the explorer ``wt`` builds, through ``update`` and through its callback."""
    try:
        ws = widgets_module()
        factory = getattr(ws, wt.name)
        getattr(ws, wt.cls)
        args, kwargs = wt.build()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            e = factory(*args, **kwargs)
    except Exception as err:
        report.absent[f"widgets.{wt.name}"] = describe(err)
        return
    initial = dict(e.values())
    for name, control in e.controls.items():
        for label, v, verdict in control_values(control, quick):
            text = f"update({name}={label}: {_short(v, 30)})"
            if label in ("1e6", "-1e6"):  # may allocate or loop for minutes: in a child

                def both(name=name, v=v, verdict=verdict):
                    out, expect = widget_update(e, name, v, verdict, timeout, wt.move)
                    after, _ = widget_update(e, name, initial[name], True, timeout, wt.move)
                    return [
                        [vars(out) | {"result": None}, expect],
                        [vars(after) | {"result": None}, "valid"],
                    ]

                got = in_child(both, timeout=2 * timeout + 5)
                if "hang" in got or "died" in got:
                    _widget_probe(
                        report,
                        wt,
                        text,
                        Outcome(
                            "hang" if "hang" in got else "unclear_error",
                            got.get("hang") or got.get("died"),
                        ),
                        "bad",
                    )
                    continue
                (o1, x1), (o2, x2) = got
                _widget_probe(
                    report,
                    wt,
                    text,
                    Outcome(o1["outcome"], o1["message"], seconds=o1["seconds"]),
                    x1,
                )
                if o2["outcome"] != "ok":
                    _widget_probe(
                        report,
                        wt,
                        f"then update({name}={initial[name]!r})",
                        Outcome(o2["outcome"], "stuck: " + o2["message"]),
                        x2,
                    )
                continue
            out, expect = widget_update(e, name, v, verdict, timeout, wt.move)
            _widget_probe(report, wt, text, out, expect)
            if expect != "valid" or out.outcome != "ok":
                after, _ = widget_update(e, name, initial[name], True, timeout, wt.move)
                if after.outcome != "ok":
                    _widget_probe(
                        report,
                        wt,
                        f"then update({name}={initial[name]!r})",
                        Outcome(after.outcome, "stuck: " + after.message),
                        "valid",
                    )
    out, expect = widget_update(e, "bogus_control", 1, False, timeout)
    _widget_probe(report, wt, "update(bogus_control=1)", out, expect)
    _callbacks(e, wt, report, initial, quick, timeout)
    if wt.extra is not None:
        for label, fn, expect in wt.extra(e):
            out = classify(fn, expect, timeout=timeout)
            _widget_probe(report, wt, label, out, expect)
    e.update(**initial)


def _callbacks(e, wt, report, initial, quick, timeout):
    """The controls moved as the browser moves them: NaN, out of range, then a valid move."""
    import ipywidgets as ipw

    sliders = [
        n
        for n, c in e.controls.items()
        if isinstance(c, (ipw.FloatSlider, ipw.IntSlider, ipw.FloatLogSlider))
    ]
    others = list(e.controls)
    for name in sliders[: 1 if quick else None]:
        control = e.controls[name]
        tries = [("nan", math.nan, False), ("above", None, "either"), ("max", None, True)]
        for label, v, verdict in tries:
            if v is None:
                values = {lab: val for lab, val, _ in control_values(control, quick=True)}
                v = values[label]
            out, expect = widget_callback(e, name, v, verdict, timeout)
            _widget_probe(report, wt, f"{name}.value = {_short(v, 20)} (callback)", out, expect)
            # The next valid move, of another control if there is one: nothing may be stuck.
            other = next((o for o in others if o != name), name)
            fresh = _another_valid(e.controls[other], e.controls[other].value)
            if fresh is not None:
                after, _ = widget_callback(e, other, fresh, True, timeout)
                if after.outcome != "ok":
                    _widget_probe(
                        report,
                        wt,
                        f"then {other}.value = {_short(fresh, 20)}",
                        Outcome(after.outcome, "stuck: " + after.message),
                        "valid",
                    )
            e.errors.outputs = ()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    e.update(**initial)
                except Exception:
                    pass


def _another_valid(control, current):
    for _, v, verdict in control_values(control, quick=True):
        if verdict is True and not _shown(current, v):
            return v
    return None


def _moons():
    return nm.data.moons(40, rng=0)


def _line_data():
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 3, 12)
    return x, 1.5 * x - 1.0 + rng.normal(0, 0.3, 12)


def _digit_extra(e):
    return [
        (
            "update(image=0, pixels=64 zeros)",
            lambda: e.update(image=0, pixels=np.zeros(64)),
            "valid",
        ),
        ("update(image=0, pixels=(63,))", lambda: e.update(image=0, pixels=np.zeros(63)), "bad"),
        (
            "update(image=0, pixels=NaN)",
            lambda: e.update(image=0, pixels=np.full(64, np.nan)),
            "bad",
        ),
        (
            "update(image=0, pixels=17 ink)",
            lambda: e.update(image=0, pixels=np.full(64, 17.0)),
            "bad",
        ),
        ("update(image=0, pixels='x')", lambda: e.update(image=0, pixels="x" * 64), "bad"),
    ]


def _playground_extra(e):
    return [
        ("step(1)", lambda: e.step(1), "valid"),
        ("step(np.int64(2))", lambda: e.step(np.int64(2)), "valid"),
        ("step(0)", lambda: e.step(0), "bad"),
        ("step(2.5)", lambda: e.step(2.5), "bad"),
        ("step(True)", lambda: e.step(True), "bad"),
        ("step('1')", lambda: e.step("1"), "bad"),
        ("step(None)", lambda: e.step(None), "bad"),
        ("new_seed(-1)", lambda: e.new_seed(-1), "bad"),
        ("new_seed(1.5)", lambda: e.new_seed(1.5), "bad"),
        ("new_seed(3)", lambda: e.new_seed(3), "valid"),
        ("reset()", e.reset, "valid"),
    ]


def _word_train_build():
    vocab = nm.text.Vocabulary.from_text(nm.text.load_corpus())
    ids = vocab.encode(nm.text.load_corpus()[:400])
    C, y = nm.text.contexts(ids, 3)
    X = nm.text.one_hot_contexts(C, len(vocab))
    net = nm.text.char_model(len(vocab), 3, 10, 8, rng=0)
    return (net, vocab), {"train": (X[:300], y[:300]), "validation": (X[300:], y[300:])}


def _word_extra(e):
    return [
        ("step(1)", lambda: e.step(1), "valid"),
        ("step(np.int64(2))", lambda: e.step(np.int64(2)), "valid"),
        ("step(0)", lambda: e.step(0), "bad"),
        ("step(2.5)", lambda: e.step(2.5), "bad"),
        ("step(True)", lambda: e.step(True), "bad"),
        ("step('1')", lambda: e.step("1"), "bad"),
        ("step(None)", lambda: e.step(None), "bad"),
        ("step(10**6)", lambda: e.step(10**6), "bad"),
        ("reset()", e.reset, "valid"),
    ]


widget("dot_product_explorer", "DotProductExplorer")
widget("neuron_explorer", "NeuronExplorer", lambda: (_moons(), {}))
widget("activation_explorer", "ActivationExplorer")
widget("layer_explorer", "LayerExplorer")
widget("bump_explorer", "BumpExplorer", lambda: ((np.sin, -3, 3), {}))
widget("depth_explorer", "DepthExplorer")
widget("triangle_explorer", "TriangleExplorer")
widget(
    "untangle_explorer",
    "UntangleExplorer",
    lambda: (([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]], [0, 0, 1, 1]), {}),
)
widget("loss_explorer", "LossExplorer", lambda: (_line_data(), {}))
widget("descent_explorer", "DescentExplorer")
widget("optimiser_race", "OptimiserRace")
widget(
    "derivative_explorer",
    "DerivativeExplorer",
    lambda: ((lambda x: x**3 - 2 * x, lambda x: 3 * x**2 - 2), {}),
)
widget("chain_rule_explorer", "ChainRuleExplorer")
widget("gradient_flow_explorer", "GradientFlowExplorer")
widget("playground_explorer", "PlaygroundExplorer", extra=_playground_extra)
widget(
    "digit_explorer",
    "DigitExplorer",
    lambda: ((nm.network.MLP([64, 16, 10], "relu", "softmax", rng=4),), {}),
    extra=_digit_extra,
)
widget("word_explorer", "WordExplorer", _word_train_build, extra=_word_extra)


def _conv_digits():
    X_train, _X_test, y_train, _y_test = nm.data.digits(standardized=False)
    return X_train[:20] / 16, y_train[:20]


def _tiny_cnn():
    conv = nm.conv
    return nm.network.MLP.from_layers(
        [
            conv.Reshape((1, 8, 8)),
            conv.Conv2D(1, 4, 3, padding=1, rng=0),
            conv.MaxPool2D(2),
            conv.Flatten(),
            nm.layers.Dense(64, 10, "softmax", rng=1),
        ]
    )


_KERNEL_CELLS = tuple(f"k{u}{v}" for u in range(3) for v in range(3))


def _kernel_move(before, name, v):
    """A preset moves alone (it sets the nine cells), a cell without the preset (the cells
    name it): a new preset given with cells that are not it is refused (probed in the
    extras)."""
    if name == "preset":
        return {k: x for k, x in before.items() if k not in _KERNEL_CELLS} | {name: v}
    if name in _KERNEL_CELLS:
        return {k: x for k, x in before.items() if k != "preset"} | {name: v}
    return {**before, name: v}


def _kernel_extra(e):
    blur = np.asarray(nm.conv.KERNELS["blur"], dtype=float)
    return [
        ("update(preset='blur')", lambda: e.update(preset="blur"), "valid"),
        # A new preset with cells that are not it contradicts itself; the preset as it
        # stands with a cell is that cell moved (the kernel turns custom).
        ("update(preset='sharpen', k00=1.0)", lambda: e.update(preset="sharpen", k00=1.0), "bad"),
        ("update(preset='blur', k00=1.0)", lambda: e.update(preset="blur", k00=1.0), "valid"),
        ("update(preset='custom', k00=2.0)", lambda: e.update(preset="custom", k00=2.0), "valid"),
        (
            "update(k00 … k22 = blur's cells)",
            lambda: e.update(**dict(zip(_KERNEL_CELLS, blur.ravel().tolist(), strict=True))),
            "valid",
        ),
        ("update(padding=0, y=7)", lambda: e.update(padding=0, y=7), "bad"),
        ("update(padding=0, y=5, x=5)", lambda: e.update(padding=0, y=5, x=5), "valid"),
        ("update(padding=1, y=7, x=7)", lambda: e.update(padding=1, y=7, x=7), "valid"),
    ]


widget(
    "kernel_explorer",
    "KernelExplorer",
    lambda: (_conv_digits(), {}),
    extra=_kernel_extra,
    move=_kernel_move,
)
widget("feature_map_explorer", "FeatureMapExplorer", lambda: ((_tiny_cnn(), *_conv_digits()), {}))


# ================================================================ files
#
# Hostile files for the CSV reader and the weights loader, and the playground's export
# box. Whatever may block or allocate without bound runs in a memory-capped child.


@dataclass
class FileTarget:
    name: str
    run: object  # (report, quick) -> None


def file_target(name):
    def register(fn):
        FILE_TARGETS.append(FileTarget(name, fn))
        return fn

    return register


def run_file_target(ft, report, quick=False):
    try:
        ft.run(report, quick)
    except Absent as err:
        report.absent[ft.name] = str(err)
    except Exception as err:
        report.absent[ft.name] = f"could not run: {describe(err)}"


def file_probe(
    report, target, text, fn, expect, *, oracle=None, isolate=False, timeout=TIMEOUT, names=None
):
    """Classify ``fn()``; a clear error must also name the file ``names`` (its base name)."""

    def go():
        out = classify(fn, expect, oracle=oracle, timeout=timeout)
        if names and out.outcome in ("clear_error", "false_reject") and names not in out.message:
            out = Outcome("unclear_error", f"the message does not name the file: {out.message}")
        return out

    if isolate:
        got = in_child(lambda: vars(go()) | {"result": None}, timeout=timeout + 5)
        if "hang" in got or "died" in got:
            out = Outcome(
                "hang" if "hang" in got else "unclear_error", got.get("hang") or got.get("died")
            )
        else:
            out = Outcome(got["outcome"], got["message"], seconds=got["seconds"])
    else:
        out = go()
    report.add(Probe("files", target, text, expect, out.outcome, out.message, out.seconds))


def _write(name, data):
    path = os.path.join(tmpdir(), name)
    with open(path, "wb") as f:
        f.write(data)
    return path


_POINTS = "x1,x2,label\n0.5,-1,1\n1.5,2,0\n0,0,1\n"


def _points_oracle(r):
    return same(r[0], [[0.5, -1.0], [1.5, 2.0], [0.0, 0.0]], "X") or same(r[1], [1, 0, 1], "y")


@file_target("files: data.load_csv_points")
def _(report, quick):
    load = nm.data.load_csv_points
    target = "data.load_csv_points"
    cases = [
        ("UTF-8 with a BOM", _POINTS.encode("utf-8-sig"), "valid"),
        ("CRLF line ends", _POINTS.replace("\n", "\r\n").encode(), "valid"),
        ("UTF-16", _POINTS.encode("utf-16"), "either"),
        ("Latin-1 header", _POINTS.replace("label", "étiquette").encode("latin-1"), "either"),
        ("binary", bytes(range(256)) * 8, "bad"),
        ("PNG", b"\x89PNG\r\n\x1a\n" + bytes(200), "bad"),
        ("null bytes", b"0,0,1\x00\n1,1,0\n", "bad"),
        ("empty", b"", "bad"),
        ("only a header", b"x1,x2,label\n", "bad"),
        ("1e308 values", b"1e308,-1e308,0\n1e308,1e308,1\n0,0,0\n", "valid"),
        ("1e309 (inf)", b"1e309,0,0\n1,1,1\n", "bad"),
        ("labels 2 and -1", b"0,0,2\n1,1,-1\n", "bad"),
    ]
    for label, data, expect in cases:
        path = _write(f"hostile_{len(label)}_{abs(hash(label)) % 10**6}.csv", data)
        oracle = (
            _points_oracle
            if label in ("UTF-8 with a BOM", "CRLF line ends", "UTF-16", "Latin-1 header")
            else None
        )
        file_probe(
            report,
            target,
            label,
            lambda p=path: load(p),
            expect,
            oracle=oracle,
            names=os.path.basename(path),
        )
    rows = 150_000
    big = _write("rows.csv", b"0.5,0.5,1\n0.1,0.2,0\n" * (rows // 2))
    file_probe(
        report, target, f"{rows:,} rows", lambda: load(big), "bad", names="rows.csv", isolate=True
    )
    sparse = os.path.join(tmpdir(), "sparse.csv")
    with open(sparse, "wb") as f:
        f.truncate(2**30)  # a 1 GiB file that takes no disk: the size check must refuse it
    file_probe(
        report, target, "1 GiB file", lambda: load(sparse), "bad", isolate=True, names="sparse.csv"
    )
    file_probe(report, target, "a folder", lambda: load(tmpdir()), "bad")
    fifo = os.path.join(tmpdir(), "fifo.csv")
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    file_probe(report, target, "a FIFO", lambda: load(fifo), "bad", isolate=True, timeout=3)
    file_probe(
        report, target, "/dev/zero", lambda: load("/dev/zero"), "bad", isolate=True, timeout=3
    )

    def pipe_fd():
        r, _w = os.pipe()  # a reader whose writer never writes: reading blocks
        return load(r)

    file_probe(report, target, "an int (a pipe's fd)", pipe_fd, "bad", isolate=True, timeout=3)
    file_probe(
        report, target, "a missing file", lambda: load(os.path.join(tmpdir(), "nope.csv")), "bad"
    )
    file_probe(report, target, "an empty path", lambda: load(""), "bad")
    file_probe(report, target, "None", lambda: load(None), "bad")


def _csv_points(name, X, y):
    lines = [f"{a:.17g},{b:.17g},{int(c)}" for (a, b), c in zip(X, y, strict=True)]
    return _write(name, ("\n".join(lines) + "\n").encode())


@file_target("files: playground(csv=)")
def _(report, quick):
    ws = widgets_module()
    target = "widgets.playground_explorer(csv=...)"

    def build(path, **kw):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
        return ws.playground_explorer(csv=path, **kw)

    huge = _write("huge_values.csv", b"1e308,-1e308,0\n1e308,1e308,1\n0,0,0\n-1e308,0,1\n")
    file_probe(
        report, target, "points of ±1e308", lambda: ws.playground_explorer(csv=huge), "either"
    )
    two = _write("two.csv", b"0,0,0\n1,1,1\n")
    file_probe(report, target, "2 points", lambda: ws.playground_explorer(csv=two), "either")
    rng = np.random.default_rng(0)
    six = _csv_points("six.csv", rng.normal(size=(6, 2)), [0, 1, 0, 1, 0, 1])
    kind, e = call(lambda: ws.playground_explorer(csv=six))
    if kind != "return":  # refused at once: a clear error will do
        out = Outcome(
            "clear_error" if kind == "raise" and is_clear(e) else "unclear_error",
            describe(e) if kind == "raise" else kind,
        )
        report.add(Probe("files", target, "6 points", "either", out.outcome, out.message))
    else:
        out, expect = widget_callback(e, "test_fraction", 0.9, False, TIMEOUT)
        report.add(
            Probe(
                "files",
                target,
                "6 points, test_fraction.value = 0.9 (1 training point)",
                expect,
                out.outcome,
                out.message,
            )
        )
        lr = 0.1 if e.controls["lr"].value != 0.1 else 0.03
        after, _ = widget_callback(e, "lr", lr, True, TIMEOUT)
        report.add(
            Probe(
                "files",
                target,
                "then lr.value moved",
                "valid",
                after.outcome,
                ("stuck: " if after.outcome != "ok" else "") + after.message,
            )
        )
    for n in (20_000,) if quick else (20_000, 100_000):
        _tick_probe(report, target, n, rng)


def _tick_probe(report, target, n, rng):
    """``n`` points from a CSV, then one Play tick: it must not block the kernel."""
    ws = widgets_module()

    def tick():
        X = rng.normal(size=(n, 2))
        path = _csv_points(f"many{n}.csv", X, (X[:, 0] > 0).astype(int))
        t0 = time.perf_counter()
        kind, p = call(lambda: ws.playground_explorer(csv=path), timeout=60)
        built = time.perf_counter() - t0
        if kind != "return":
            clear = kind == "raise" and is_clear(p)
            out = Outcome(
                "clear_error" if clear else ("hang" if kind == "hang" else "unclear_error"),
                describe(p) if kind == "raise" else "building took over 60 s",
            )
            return vars(out) | {"result": None, "expect": "either"}
        t0 = time.perf_counter()
        out = classify(lambda: setattr(p.play, "value", p.play.value + 1), "valid", timeout=60)
        seconds = time.perf_counter() - t0
        lines = _error_lines(p)
        if out.outcome == "ok" and lines:
            out = Outcome("unclear_error", f"the tick showed: {lines[-1][:160]}")
        if out.outcome == "ok" and seconds > TICK_LIMIT:
            out = Outcome(
                "hang", f"one Play tick blocked the kernel {seconds:.1f} s (built in {built:.1f} s)"
            )
        return vars(out) | {"result": None, "seconds": seconds, "expect": "valid"}

    got = in_child(tick, timeout=150)
    out = Outcome(
        got.get("outcome", "hang"), got.get("message") or got.get("hang") or got.get("died", "")
    )
    expect = got.get("expect", "valid")
    report.add(
        Probe(
            "files",
            target,
            f"{n:,} points, one Play tick",
            expect,
            out.outcome,
            out.message,
            got.get("seconds", 0),
        )
    )


TICK_LIMIT = 1.0  # seconds one Play tick may take: longer and the kernel feels frozen


class _Payload:
    """A pickle that creates a file when loaded: proof that loading ran code."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _npz(name, **arrays):
    path = os.path.join(tmpdir(), name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        np.savez(path, **arrays)
    return path


def _huge_header_npz(name):
    """A 2 KB .npz whose W1 declares 16384 × 16384 float64 (2 GiB) and holds 1 KB of data."""
    import zipfile

    path = os.path.join(tmpdir(), name)
    head = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        head, {"descr": "<f8", "fortran_order": False, "shape": (16384, 16384)}
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("W1.npy", np.lib.format.magic(1, 0) + head.getvalue() + bytes(1024))
        extra = (
            ("b1", np.zeros(16384)),
            ("activations", np.array(["identity"])),
            ("sizes", np.array([16384, 16384])),
        )
        for key, value in extra:
            buf = io.BytesIO()
            np.save(buf, value)
            z.writestr(f"{key}.npy", buf.getvalue())
    return path


@file_target("files: network.load")
def _(report, quick):
    load = nm.network.load
    target = "network.load"
    W1, b1, W2, b2 = np.ones((2, 3)), np.zeros(3), np.ones((3, 1)), np.zeros(1)
    acts = np.array(["tanh", "sigmoid"])
    good = dict(W1=W1, b1=b1, W2=W2, b2=b2, sizes=np.array([2, 3, 1]), activations=acts)

    def without(*keys):
        return {k: v for k, v in good.items() if k not in keys}

    marker = os.path.join(tmpdir(), "pickle_ran")
    cases = [
        ("valid", good, "valid"),
        ("no W2", without("W2"), "bad"),
        ("no b1", without("b1"), "bad"),
        ("no activations", without("activations"), "bad"),
        ("W2 of the wrong shape", good | {"W2": np.ones((4, 1))}, "bad"),
        ("b1 of the wrong shape", good | {"b1": np.zeros((3, 2))}, "bad"),
        ("a 3-D W1", good | {"W1": np.ones((2, 3, 1))}, "bad"),
        ("an object array", good | {"W1": np.array([[object()] * 3] * 2, dtype=object)}, "bad"),
        ("a pickle payload", good | {"W1": np.array([_Payload(marker)], dtype=object)}, "bad"),
        ("complex weights", good | {"W1": W1 + 1j}, "bad"),
        ("NaN weights", good | {"W1": W1 * np.nan}, "bad"),
        ("string weights", good | {"W1": np.full((2, 3), "x")}, "bad"),
        ("no layers", {"activations": np.array([], dtype=str), "sizes": np.array([2])}, "bad"),
        (
            "more activations than layers",
            good | {"activations": np.array(["tanh", "tanh", "sigmoid"])},
            "bad",
        ),
        ("an unknown activation", good | {"activations": np.array(["tanh", "gelu"])}, "bad"),
        ("sizes that disagree", good | {"sizes": np.array([5, 5, 5])}, "either"),
    ]
    for label, arrays, expect in cases:
        path = _npz(f"w_{abs(hash(label)) % 10**8}.npz", **arrays)

        def oracle(r, label=label):
            if os.path.exists(marker):
                return "loading ran the pickled code"
            return None if r.sizes == [2, 3, 1] else f"sizes {r.sizes}"

        file_probe(
            report,
            target,
            label,
            lambda p=path: load(p),
            expect,
            oracle=oracle,
            names=os.path.basename(path),
        )
        if os.path.exists(marker):
            report.add(
                Probe("files", target, label, "bad", "wrong_result", "loading ran the pickled code")
            )
            os.remove(marker)
    valid = _npz("valid_weights.npz", **good)
    with open(valid, "rb") as f:
        data = f.read()
    half = _write("truncated.npz", data[: len(data) // 2])
    file_probe(report, target, "a truncated file", lambda: load(half), "bad", names="truncated.npz")
    npy = os.path.join(tmpdir(), "weights.npy")
    np.save(npy, W1)
    file_probe(report, target, "a .npy file", lambda: load(npy), "bad", names="weights.npy")
    text = _write("text.npz", b"not a zip file\n")
    file_probe(report, target, "a text file", lambda: load(text), "bad", names="text.npz")
    huge = _huge_header_npz("huge_header.npz")
    file_probe(
        report,
        target,
        "a 2 KB file declaring 16384 × 16384",
        lambda: load(huge),
        "bad",
        isolate=True,
        names="huge_header.npz",
    )
    file_probe(
        report, target, "a missing file", lambda: load(os.path.join(tmpdir(), "nope.npz")), "bad"
    )


_EXPORT_NAMES = [
    ("w", "valid"),
    ("sub/dir/w", "valid"),
    ("../escape", "either"),
    ("ABSOLUTE", "either"),  # replaced by an absolute path outside the folder
    ("<img src=x onerror=alert(1)>", "either"),
    ("~/home_file", "either"),
    ("build/", "either"),
    ("a\nb", "either"),
    ("x\x00y", "bad"),
    ("x" * 300, "bad"),
]


@file_target("files: export path box")
def _(report, quick):
    ws = widgets_module()
    target = "widgets.playground_explorer: export box"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        e = ws.playground_explorer()
    for name, expect in _EXPORT_NAMES:
        root = tempfile.mkdtemp(dir=tmpdir(), prefix="export-")
        work, home = os.path.join(root, "work"), os.path.join(root, "home")
        os.makedirs(work)
        os.makedirs(home)
        if name == "ABSOLUTE":
            name = os.path.join(root, "elsewhere", "abs")

        def click(name=name, work=work, home=home, root=root):
            os.chdir(work)
            os.environ["HOME"] = home
            e.errors.outputs = ()
            e.path.value = name
            before = e.status.value
            with strict():
                e.buttons["export"].click()
            lines = _error_lines(e)
            written = [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs]
            outside = [p for p in written if not p.startswith(work + os.sep)]
            status = e.status.value if e.status.value != before else ""
            return {
                "lines": lines,
                "outside": outside,
                "status": status,
                "written": written,
                "tilde": os.path.exists(os.path.join(work, "~")),
            }

        got = in_child(click, timeout=30)
        shown = repr(name if len(name) < 40 else name[:20] + "…")
        if "hang" in got or "died" in got:
            out = Outcome("unclear_error", got.get("hang") or got.get("died"))
        elif got["lines"]:
            lines = got["lines"]
            if len(lines) == 1 and not lines[0].startswith("Traceback"):
                out = Outcome(
                    "false_reject" if expect == "valid" else "clear_error", lines[0][:200]
                )
            else:
                out = Outcome(
                    "unclear_error",
                    f"{len(lines)} lines under the widget, the last: {lines[-1][:160]}",
                )
        elif got["outside"]:
            out = Outcome(
                "silent_accept", f"wrote outside the folder: {got['outside'][0][len(root) :]}"
            )
        elif "<img" in got["status"]:
            out = Outcome(
                "wrong_result", f"the status shows the name unescaped: {got['status'][:120]}"
            )
        elif got["tilde"]:
            out = Outcome("wrong_result", "made a folder named ~")
        elif expect == "bad":
            out = Outcome("silent_accept", f"wrote {[p[len(root) :] for p in got['written']]}")
        elif not got["written"]:
            out = Outcome("wrong_result", "no error, and no file written")
        else:
            out = Outcome("ok")
        report.add(Probe("files", target, f"file box {shown}", expect, out.outcome, out.message))


@file_target("files: np.load in the sources")
def _(report, quick):
    """``np.load(..., allow_pickle=False)`` wherever nnmath loads arrays (requirement 5)."""
    pattern = re.compile(r"np\.load\((?P<args>[^)]*)\)")
    for folder, _, files in os.walk(nnmath_dir()):
        for f in sorted(files):
            if not f.endswith(".py"):
                continue
            path = os.path.join(folder, f)
            with open(path, encoding="utf-8") as fh:
                for number, line in enumerate(fh, start=1):
                    for m in pattern.finditer(line):
                        ok = "allow_pickle=False" in m.group("args")
                        where = f"{os.path.relpath(path, nnmath_dir())}:{number}"
                        report.add(
                            Probe(
                                "files",
                                "np.load calls",
                                where,
                                "valid",
                                "ok" if ok else "silent_accept",
                                "" if ok else "np.load without allow_pickle=False",
                            )
                        )


if __name__ == "__main__":
    sys.exit(main())
