"""Loss functions, each a ``value(y_hat, y)`` / ``gradient(y_hat, y)`` pair.

L is the mean over the batch, so every gradient carries a 1/n. For one neuron
with one input, ŷ = f(w x + b), ``loss_grid`` evaluates L(w, b) over a grid of
weights and biases, and ``mse_sigmoid_dz`` / ``bce_sigmoid_dz`` give ∂L/∂z of
one sample for a sigmoid output. ``log_softmax``, ``cross_entropy_from_logits`` and
``cross_entropy_from_logits_dz`` compute softmax cross-entropy from the logits Z,
stably (log-sum-exp). Introduced in lesson 05.
"""

import numpy as np

from ._checks import as_bool, as_float_array, as_int, check_size
from .activations import get_scalar as get_activation
from .activations import sigmoid, softmax

# Probabilities are clipped this far from 0 and 1 so log never sees 0.
EPS = 1e-12


def _as_shape(y, shape):
    """Float array ``y`` of ``shape`` (y (n,) is taken for shape (n, 1))."""
    if len(shape) == 2 and shape[1] == 1 and y.shape == (shape[0],):
        y = y[:, None]
    if y.shape != tuple(shape):
        raise ValueError(f"y must have the shape of y_hat {tuple(shape)}, got {y.shape}")
    return y


def one_hot(labels, k):
    """One-hot rows: ``one_hot([2, 0], 3) == [[0, 0, 1], [1, 0, 0]]``, shape (n, k).

    ``labels`` are whole numbers 0 … k − 1 (ints, or floats such as 2.0).
    Introduced in lesson 05.
    """
    k = as_int(k, "k", 1)
    labels = as_float_array(labels, "labels")
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1-D with shape (n,), got shape {labels.shape}")
    check_size((labels.shape[0], k), "one_hot(labels, k)")
    if labels.size:
        lo, hi = labels.min(), labels.max()
        if lo < 0 or hi > k - 1:
            raise ValueError(f"labels must lie in 0 … {k - 1}, got {lo:g} … {hi:g}")
        if not np.all(labels == np.round(labels)):
            bad = labels[labels != np.round(labels)][0]
            raise ValueError(f"labels must be whole numbers 0 … {k - 1}, got {bad:g}")
    Y = np.zeros((labels.shape[0], k))
    Y[np.arange(labels.shape[0]), labels.astype(np.int64)] = 1.0
    return Y


def _in_unit_interval(a):
    """Whether every entry of the float array ``a`` lies in [0, 1] (False for NaN): two passes."""
    return bool(np.minimum.reduce(a, axis=None) >= 0 and np.maximum.reduce(a, axis=None) <= 1)


def _probabilities(a, name, hint):
    """Float array ``a`` (1-D or 2-D, ≥ 1 row) refused unless every entry is in [0, 1]."""
    a = _outputs(a, name)
    if not _in_unit_interval(a):
        as_float_array(a, name)  # names NaN or infinity
        raise ValueError(
            f"{name} must be probabilities in [0, 1] ({hint}), got min {a.min():g}, max {a.max():g}"
        )
    return a


def _outputs(a, name):
    """``a`` as a float array of shape (n,) or (n, k) with n ≥ 1.

    Anything but a float64 array goes through ``as_float_array``; in a float64
    array NaN and inf are left to the caller's own pass (the loss checks run per call).
    """
    if not (isinstance(a, np.ndarray) and a.dtype == np.float64):
        a = as_float_array(a, name)
    if a.ndim not in (1, 2) or a.shape[0] == 0 or a.size == 0:
        raise ValueError(f"{name} must have shape (n,) or (n, k) with n >= 1, got {a.shape}")
    return a


def _rows_sum_to_one(P, name, hint):
    """Refuse a row of ``P`` (n, k) whose entries do not sum to 1 (within 1e-6)."""
    sums = P.sum(axis=1)
    worst = int(np.argmax(np.abs(sums - 1.0)))
    if abs(sums[worst] - 1.0) > 1e-6:
        raise ValueError(
            f"each row of {name} must sum to 1 ({hint}), got a row summing to {sums[worst]:.6g}"
        )


class Loss:
    """A loss: ``value`` is L (a float), ``gradient`` is ∂L/∂ŷ shaped like ŷ.

    ``fused_activation`` names the output activation whose pairing with this
    loss has the simple, stable gradient ∂L/∂Z = (ŷ − y)/n (lesson 08).

    ``value``, ``gradient`` and ``fused_gradient`` check their inputs
    (``targets``) unless told ``check_input=False`` by a caller that has:
    ``MLP.loss_and_grads`` checks once for the value and the gradient.
    Each loss writes only its per-sample formulas, ``_terms`` ℓ(ŷ, y) and
    ``_term_gradients`` ∂ℓ/∂ŷ, elementwise and broadcasting (``loss_grid``
    evaluates them for a whole grid of neurons at once); L and ∂L/∂ŷ average
    them over the n rows.
    """

    name = "loss"
    fused_activation = None

    def targets(self, y_hat, y):
        """``y_hat`` and ``y`` checked and as float arrays of one shape (n, k).

        ``y_hat`` must be finite, of shape (n,) or (n, k) with n ≥ 1; ``y`` as ``prepare`` says.
        """
        y_hat = as_float_array(_outputs(y_hat, "y_hat"), "y_hat")
        return y_hat, self.prepare(y, y_hat.shape)

    def prepare(self, y, shape):
        """Targets ``y`` checked and shaped like predictions of ``shape`` (n,) or (n, k).

        ``train.fit`` prepares the targets once, not on every batch.
        """
        shape = tuple(shape) if isinstance(shape, (tuple, list)) else shape
        if not (
            isinstance(shape, tuple)
            and len(shape) in (1, 2)
            and all(isinstance(d, (int, np.integer)) and d >= 1 for d in shape)
        ):
            raise ValueError(f"shape must be the shape (n,) or (n, k) of y_hat, got {shape!r}")
        return self._prepare(y, shape)

    def _prepare(self, y, shape):
        return _as_shape(as_float_array(y, "y"), shape)

    def value(self, y_hat, y, *, check_input=True):
        """L = (1/n) Σᵢ ℓ(ŷᵢ, yᵢ), a float, for predictions ``y_hat`` (n, k) and targets ``y``.

        ``check_input=False`` skips ``targets``: ``y`` must then be prepared (n, k).
        Overflow gives inf without a warning (MSE once some |ŷ − y| passes 1e154).
        """
        if check_input:
            y_hat, y = self.targets(y_hat, y)
        return float(np.sum(self._terms(y_hat, y)) / y_hat.shape[0])

    def gradient(self, y_hat, y, *, check_input=True):
        """∂L/∂ŷ = (1/n) ∂ℓ/∂ŷ, shaped like ``y_hat`` (inf where it overflows, as ``value``)."""
        if check_input:
            y_hat, y = self.targets(y_hat, y)
        return self._term_gradients(y_hat, y) / y_hat.shape[0]

    def fused_gradient(self, y_hat, y, *, check_input=True):
        """∂L/∂Z = (ŷ − y)/n for the fused output activation, shape (n, k)."""
        if check_input:
            y_hat, y = self.targets(y_hat, y)
        return (y_hat - y) / y_hat.shape[0]

    def _terms(self, y_hat, y):
        raise NotImplementedError

    def _term_gradients(self, y_hat, y):
        raise NotImplementedError

    def __call__(self, y_hat, y):
        return self.value(y_hat, y)

    def __repr__(self):
        return f"<loss {self.name}>"


class MSE(Loss):
    """Mean squared error, L = (1/n) Σᵢ Σⱼ (ŷᵢⱼ − yᵢⱼ)²; gradient 2(ŷ − y)/n.

    With one output this is the familiar mean of squared errors. L is inf,
    without a warning, once some |ŷ − y| passes about 1e154 (its square
    overflows float64). Introduced in lesson 05.
    """

    name = "mse"

    def _terms(self, y_hat, y):
        with np.errstate(over="ignore"):  # inf is the honest value (see above)
            return (y_hat - y) ** 2

    def _term_gradients(self, y_hat, y):
        with np.errstate(over="ignore"):
            return 2.0 * (y_hat - y)


_BCE_TARGETS = "labels 0 or 1, or soft targets between them"


class BinaryCrossEntropy(Loss):
    """L = −(1/n) Σ [y log ŷ + (1 − y) log(1 − ŷ)] for probabilities ŷ in (0, 1).

    Gradient (ŷ − y) / (ŷ(1 − ŷ) n); fused with a sigmoid output it is (ŷ − y)/n.
    ``y`` holds labels 0 and 1 (or soft targets in [0, 1]); anything else is refused,
    as are ŷ outside [0, 1]. Introduced in lesson 05.
    """

    name = "binary_cross_entropy"
    fused_activation = "sigmoid"

    def targets(self, y_hat, y):
        """``y_hat`` probabilities in [0, 1]; ``y`` labels 0/1 or soft targets in [0, 1]."""
        # 0 ≤ min and max ≤ 1 also fail for NaN and ±inf: one check, two passes.
        y_hat = _probabilities(y_hat, "y_hat", "use a sigmoid output")
        return y_hat, self.prepare(y, y_hat.shape)

    def _prepare(self, y, shape):
        return _as_shape(_probabilities(y, "y", _BCE_TARGETS), shape)

    def _terms(self, y_hat, y):
        p = y_hat.clip(EPS, 1.0 - EPS)
        return -(y * np.log(p) + (1.0 - y) * np.log1p(-p))

    def _term_gradients(self, y_hat, y):
        p = y_hat.clip(EPS, 1.0 - EPS)
        return (p - y) / (p * (1.0 - p))


class CrossEntropy(Loss):
    """Softmax cross-entropy, L = −(1/n) Σᵢ Σⱼ yᵢⱼ log ŷᵢⱼ for rows of probabilities ŷ.

    ``y`` is integer labels (n,) or rows of target probabilities (n, k), one-hot
    or soft. Gradient −y/(ŷ n); fused with a softmax output it is (ŷ − y)/n.
    ŷ must be rows of probabilities (each in [0, 1], summing to 1): scores
    before the softmax (logits) are refused, not clipped into a plausible
    number. Introduced in lesson 05.
    """

    name = "cross_entropy"
    fused_activation = "softmax"

    def targets(self, y_hat, y):
        """``y_hat`` rows of probabilities (n, k); ``y`` labels (n,) or target rows (n, k)."""
        hint = "apply a softmax to the scores first"
        y_hat = _probabilities(y_hat, "y_hat", hint)
        if y_hat.ndim != 2:
            raise ValueError(f"y_hat must be 2-D with shape (n, k), got shape {y_hat.shape}")
        _rows_sum_to_one(y_hat, "y_hat", hint)
        return y_hat, self.prepare(y, y_hat.shape)

    def _prepare(self, y, shape):
        if len(shape) != 2:
            raise ValueError(f"y_hat must be 2-D with shape (n, k), got shape {tuple(shape)}")
        y = as_float_array(y, "y")  # refuses NaN labels by name, before one_hot
        if y.ndim == 1:
            if y.shape[0] != shape[0]:
                raise ValueError(f"y has {y.shape[0]} labels but y_hat has {shape[0]} rows")
            return one_hot(y, shape[1])
        y = _as_shape(y, shape)
        hint = "one-hot rows, or class labels (n,)"
        _probabilities(y, "y", hint)
        _rows_sum_to_one(y, "y", hint)
        return y

    def _terms(self, y_hat, y):
        return -(y * np.log(y_hat.clip(EPS, 1.0)))

    def _term_gradients(self, y_hat, y):
        return -y / y_hat.clip(EPS, 1.0)


mse = MSE()
binary_cross_entropy = BinaryCrossEntropy()
cross_entropy = CrossEntropy()


# ---------------------------------------------------------------- from logits (lesson 05)


def _logits(z, name, two_d):
    """``z`` as a finite float array of logits: shape (n, k) if ``two_d``, else (k,) or (n, k)."""
    z = as_float_array(z, name)
    shapes = "(n, k)" if two_d else "(k,) or (n, k)"
    if z.ndim not in ((2,) if two_d else (1, 2)) or z.size == 0:
        raise ValueError(
            f"{name} must be logits of shape {shapes} with n, k >= 1, got shape {z.shape}"
        )
    return z


def log_softmax(z, *, check_input=True):
    """The log of the softmax over the last axis, without ever forming a tiny probability.

    log softmax(z)ⱼ = zⱼ − log Σₘ e^(zₘ): the row's logits minus their log-sum-exp,
    computed as (zⱼ − M) − log Σₘ e^(zₘ − M) with M the row's largest logit, so
    no exponential overflows and none of the k terms it takes the log of is 0.
    ``log(softmax(z))`` instead rounds e^(−800) to 0 and takes log 0.

    Parameters
    ----------
    z : array_like, shape (k,) or (n, k), k ≥ 1
        Finite logits (NaN and ±inf are refused).
    check_input : bool
        ``False`` is for a caller that has checked ``z`` as finite float64 logits
        (``cross_entropy_from_logits``): nothing is checked again.

    Returns
    -------
    ndarray, the shape of ``z``
        Every entry ≤ 0, and the exponentials of each row sum to 1. An entry is
        −inf, without a warning, only where a logit lies more than about
        1.8e308 below its row's largest (the difference overflows float64).

    Introduced in lesson 05.
    """
    if check_input is not False and as_bool(check_input, "check_input"):
        z = _logits(z, "z", two_d=False)
    m = z.max(axis=-1, keepdims=True)  # finite: the row's largest logit
    with np.errstate(over="ignore"):  # z − m below −1.8e308 is −inf, the honest value
        shifted = z - m  # every entry ≤ 0, the largest exactly 0
    # Σ e^(shifted) lies in [1, k]: its log never sees 0, e^(shifted) never overflows.
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def _logit_targets(Z, y):
    """Checked logits ``Z`` (n, k) and targets ``y`` as rows of probabilities (n, k)."""
    Z = _logits(Z, "Z", two_d=True)
    return Z, cross_entropy.prepare(y, Z.shape)


def cross_entropy_from_logits(Z, y):
    """Softmax cross-entropy computed from the logits Z, stable for any finite logits.

    L = −(1/n) Σᵢ Σⱼ yᵢⱼ log softmax(Zᵢ)ⱼ = (1/n) Σᵢ [logsumexp(Zᵢ) − Z_{i,cᵢ}] for
    one-hot rows (``log_softmax``). The same number as
    ``cross_entropy.value(softmax(Z), y)`` wherever no probability falls below
    that loss's clip at 1e-12; beyond it, the true value (logits (800, 0) with the
    right class 1 cost 800, where the clipped probability gives 27.6).

    Parameters
    ----------
    Z : array_like, shape (n, k), n, k ≥ 1
        Finite logits, one row per sample (before the softmax).
    y : array_like
        Class labels (n,) with values 0 … k − 1, or rows of target probabilities
        (n, k) (one-hot or soft), as ``cross_entropy`` takes.

    Returns
    -------
    float
        L ≥ 0; inf, without a warning, only where it overflows (a right class's
        logit about 1.8e308 below the row's largest).

    Introduced in lesson 05.
    """
    Z, Y = _logit_targets(Z, y)
    with np.errstate(over="ignore", invalid="ignore"):
        logp = log_softmax(Z, check_input=False)  # (n, k)
        # A class with target 0 adds nothing, even where its log-probability is −inf.
        terms = np.where(Y > 0, Y * logp, 0.0)
        return float(-np.sum(terms) / Z.shape[0])


def cross_entropy_from_logits_dz(Z, y):
    """∂L/∂Z of ``cross_entropy_from_logits``: dZ = (softmax(Z) − Y)/n, shape (n, k).

    The sigmoid-style cancellation of lesson 05: the softmax's Jacobian
    aⱼ(δⱼₘ − aₘ) times −yⱼ/aⱼ sums to aₘ − yₘ, so no 1/aⱼ is ever formed and
    the gradient is finite and exact for any finite logits.

    Parameters
    ----------
    Z : array_like, shape (n, k), n, k ≥ 1
        Finite logits.
    y : array_like
        Labels (n,) or target rows (n, k), as ``cross_entropy_from_logits``.

    Returns
    -------
    dZ : ndarray, shape (n, k)
        Each row sums to 0 and every entry lies in [−1/n, 1/n].

    Introduced in lesson 05.
    """
    Z, Y = _logit_targets(Z, y)
    with np.errstate(over="ignore"):  # a logit 1.8e308 below the largest: e^(−inf) = 0
        P = softmax(Z, check_input=False)
    return (P - Y) / Z.shape[0]


LOSSES = {loss.name: loss for loss in (mse, binary_cross_entropy, cross_entropy)}


def get(loss):
    """Return a ``Loss`` given one or its name."""
    if isinstance(loss, Loss):
        return loss
    try:
        return LOSSES[loss]
    except (KeyError, TypeError):
        raise ValueError(f"unknown loss {loss!r}; choose one of {sorted(LOSSES)}") from None


# ---------------------------------------------------------------- one neuron, one input (lesson 05)

# The one-output losses whose L(w, b) a one-input neuron has.
NEURON_LOSSES = ("mse", "binary_cross_entropy")


def neuron_data(x, y):
    """The data of a one-input neuron, ``x`` and ``y``, as checked float arrays of shape (n,).

    Introduced in lesson 05.
    """
    x = as_float_array(x, "x")
    y = as_float_array(y, "y")
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D with shape (n,) (one input per sample), got {x.shape}")
    if y.shape != x.shape:
        raise ValueError(f"y must have the shape of x {x.shape}, got {y.shape}")
    if x.size == 0:
        raise ValueError("x and y must hold at least one sample")
    return x, y


def _neuron_loss_fn(loss):
    """``loss`` as a ``Loss``, refused unless a one-output neuron has it."""
    loss = get(loss)
    if loss.name not in NEURON_LOSSES:
        raise ValueError(
            f"a one-output neuron's loss needs one of {NEURON_LOSSES}, got {loss.name!r}"
        )
    return loss


def _neuron_loss(x, y, w, b, loss, f):
    """L(w, b) for arrays ``w``, ``b`` of one shape S and checked ``x``, ``y`` (n,): shape S.

    The n predictions of every neuron lie along a last axis, ŷ (*S, n), and
    the loss's per-sample terms are averaged over it.
    """
    with np.errstate(over="ignore", invalid="ignore"):  # huge w x: L is inf, no warning
        y_hat = f(np.asarray(b)[..., None] + np.asarray(w)[..., None] * x)  # (*S, n)
        if loss is binary_cross_entropy and not _in_unit_interval(y_hat):
            raise ValueError("binary cross-entropy needs probabilities: use activation='sigmoid'")
        return np.sum(loss._terms(y_hat, y), axis=-1) / x.size


def loss_grid(x, y, ws, bs, loss="mse", activation="identity"):
    """The loss of the neuron ŷ = f(w x + b) at every (w, b) of a grid.

    L[i, j] = (1/n) Σₖ ℓ(f(ws[j] xₖ + bs[i]), yₖ), with ℓ the loss of one sample.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Inputs and targets.
    ws : array_like, shape (a,)
        Weights to try (the grid's columns).
    bs : array_like, shape (c,)
        Biases to try (the grid's rows).
    loss : {"mse", "binary_cross_entropy"} or a Loss
        For binary cross-entropy, ``y`` must lie in [0, 1].
    activation : str
        The neuron's f ("identity" for regression, "sigmoid" for a probability).

    Returns
    -------
    L : ndarray, shape (c, a)
        ``L[i, j]`` is the loss at w = ws[j], b = bs[i] (the layout of
        ``np.meshgrid(ws, bs)``), the number ``loss.value`` gives for that neuron.

    Introduced in lesson 05.
    """
    x, y = neuron_data(x, y)
    loss = _neuron_loss_fn(loss)
    if loss is binary_cross_entropy:
        _probabilities(y, "y", _BCE_TARGETS)
    f, _ = get_activation(activation)
    ws = as_float_array(ws, "ws").reshape(-1)
    bs = as_float_array(bs, "bs").reshape(-1)
    if ws.size == 0 or bs.size == 0:
        raise ValueError(
            f"ws and bs must hold at least one value each, got {ws.size} and {bs.size}"
        )
    check_size((bs.size, ws.size, x.size), "the grid of predictions")
    w, b = np.meshgrid(ws, bs)  # (c, a) each
    return _neuron_loss(x, y, w, b, loss, f)


def mse_sigmoid_dz(z, y):
    """∂L/∂z of one sample for ŷ = σ(z) and L = (ŷ − y)².

    ∂L/∂z = 2(σ(z) − y) σ(z)(1 − σ(z)).

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.
    y : array_like, broadcastable to ``z``
        Targets.

    Returns
    -------
    ndarray, the broadcast shape of ``z`` and ``y``
        inf, without a warning, where a target near 1e308 overflows the product.

    Introduced in lesson 05.
    """
    z, y = _broadcastable(z, y)
    s = sigmoid(z)
    with np.errstate(over="ignore"):  # targets near 1e308: inf, documented above
        return 2.0 * (s - y) * s * (1.0 - s)


def bce_sigmoid_dz(z, y):
    """∂L/∂z of one sample for ŷ = σ(z) and L = −[y log ŷ + (1 − y) log(1 − ŷ)].

    ∂L/∂z = σ(z) − y: the sigmoid's slope cancels.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.
    y : array_like, broadcastable to ``z``
        Targets in [0, 1].

    Returns
    -------
    ndarray, the broadcast shape of ``z`` and ``y``

    Introduced in lesson 05.
    """
    z, y = _broadcastable(z, y)
    _probabilities(np.atleast_1d(y), "y", _BCE_TARGETS)
    return sigmoid(z) - y


def _broadcastable(z, y):
    """``z`` and ``y`` as float arrays that broadcast together, or a ValueError naming both."""
    z, y = as_float_array(z, "z"), as_float_array(y, "y")
    try:
        np.broadcast_shapes(z.shape, y.shape)
    except ValueError:
        raise ValueError(
            f"y must have the shape of z (or broadcast to it), got {y.shape} for z {z.shape}"
        ) from None
    return z, y
