"""Loss functions, each a ``value(y_hat, y)`` / ``gradient(y_hat, y)`` pair.

L is the mean over the batch, so every gradient carries a 1/n.
Introduced in lesson 05.
"""

import numpy as np

from ._checks import as_float_array

# Probabilities are clipped this far from 0 and 1 so log never sees 0.
EPS = 1e-12


def _as_shape(y, shape):
    """``y`` as a float array of ``shape`` (y (n,) is taken for shape (n, 1))."""
    y = as_float_array(y, "y")
    if len(shape) == 2 and shape[1] == 1 and y.shape == (shape[0],):
        y = y[:, None]
    if y.shape != tuple(shape):
        raise ValueError(f"y must have the shape of y_hat {tuple(shape)}, got {y.shape}")
    return y


def one_hot(labels, k):
    """One-hot rows: ``one_hot([2, 0], 3) == [[0, 0, 1], [1, 0, 0]]``, shape (n, k).

    Introduced in lesson 05.
    """
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1-D with shape (n,), got shape {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer):
        if not np.all(labels == np.round(labels)):
            raise ValueError("labels must be whole numbers 0 … k−1")
        labels = labels.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= k):
        raise ValueError(f"labels must lie in 0 … {k - 1}, got {labels.min()} … {labels.max()}")
    Y = np.zeros((labels.shape[0], k))
    Y[np.arange(labels.shape[0]), labels] = 1.0
    return Y


class Loss:
    """A loss: ``value`` is L (a float), ``gradient`` is ∂L/∂ŷ shaped like ŷ.

    ``fused_activation`` names the output activation whose pairing with this
    loss has the simple, stable gradient ∂L/∂Z = (ŷ − y)/n (lesson 08).
    """

    name = "loss"
    fused_activation = None

    def targets(self, y_hat, y):
        """``y_hat`` and ``y`` checked and as float arrays of one shape (n, k)."""
        y_hat = as_float_array(y_hat, "y_hat")
        return y_hat, self.prepare(y, y_hat.shape)

    def prepare(self, y, shape):
        """Targets ``y`` checked and shaped like predictions of ``shape`` (n, k).

        ``train.fit`` prepares the targets once, not on every batch.
        """
        return _as_shape(y, shape)

    def value(self, y_hat, y):
        """The loss L (a float) of predictions ``y_hat`` (n, k) against targets ``y``."""
        return self._value(*self.targets(y_hat, y))

    def gradient(self, y_hat, y):
        """∂L/∂ŷ, shape (n, k) like ``y_hat``."""
        return self._gradient(*self.targets(y_hat, y))

    def fused_gradient(self, y_hat, y):
        """∂L/∂Z = (ŷ − y)/n for the fused output activation, shape (n, k)."""
        return self._fused_gradient(*self.targets(y_hat, y))

    # The underscored methods take targets already checked by ``targets``, so a
    # training step validates once and computes value and gradient from that.
    def _value(self, y_hat, y):
        raise NotImplementedError

    def _gradient(self, y_hat, y):
        raise NotImplementedError

    def _fused_gradient(self, y_hat, y):
        return (y_hat - y) / y_hat.shape[0]

    def __call__(self, y_hat, y):
        return self.value(y_hat, y)

    def __repr__(self):
        return f"<loss {self.name}>"


class MSE(Loss):
    """Mean squared error, L = (1/n) Σᵢ Σⱼ (ŷᵢⱼ − yᵢⱼ)²; gradient 2(ŷ − y)/n.

    With one output this is the familiar mean of squared errors.
    Introduced in lesson 05.
    """

    name = "mse"

    def _value(self, y_hat, y):
        return float(np.sum((y_hat - y) ** 2) / y_hat.shape[0])

    def _gradient(self, y_hat, y):
        return 2.0 * (y_hat - y) / y_hat.shape[0]


class BinaryCrossEntropy(Loss):
    """L = −(1/n) Σ [y log ŷ + (1 − y) log(1 − ŷ)] for probabilities ŷ in (0, 1).

    Gradient (ŷ − y) / (ŷ(1 − ŷ) n); fused with a sigmoid output it is (ŷ − y)/n.
    Introduced in lesson 05.
    """

    name = "binary_cross_entropy"
    fused_activation = "sigmoid"

    def targets(self, y_hat, y):
        y_hat, y = super().targets(y_hat, y)
        if y_hat.size and (y_hat.min() < 0 or y_hat.max() > 1):
            raise ValueError("y_hat must be probabilities in [0, 1] (use a sigmoid output)")
        return y_hat, y

    def _value(self, y_hat, y):
        p = np.clip(y_hat, EPS, 1.0 - EPS)
        return float(-np.sum(y * np.log(p) + (1.0 - y) * np.log1p(-p)) / y_hat.shape[0])

    def _gradient(self, y_hat, y):
        p = np.clip(y_hat, EPS, 1.0 - EPS)
        return (p - y) / (p * (1.0 - p)) / y_hat.shape[0]


class CrossEntropy(Loss):
    """Softmax cross-entropy, L = −(1/n) Σᵢ Σⱼ yᵢⱼ log ŷᵢⱼ for rows of probabilities ŷ.

    ``y`` is one-hot (n, k) or integer labels (n,). Gradient −y/(ŷ n); fused
    with a softmax output it is (ŷ − y)/n. Introduced in lesson 05.
    """

    name = "cross_entropy"
    fused_activation = "softmax"

    def prepare(self, y, shape):
        if len(shape) != 2:
            raise ValueError(f"y_hat must be 2-D with shape (n, k), got shape {tuple(shape)}")
        y = as_float_array(y, "y")  # refuses NaN labels by name, before one_hot
        if y.ndim == 1:
            if y.shape[0] != shape[0]:
                raise ValueError(f"y has {y.shape[0]} labels but y_hat has {shape[0]} rows")
            return one_hot(y, shape[1])
        return _as_shape(y, shape)

    def _value(self, y_hat, y):
        return float(-np.sum(y * np.log(np.clip(y_hat, EPS, 1.0))) / y_hat.shape[0])

    def _gradient(self, y_hat, y):
        return -y / np.clip(y_hat, EPS, 1.0) / y_hat.shape[0]


mse = MSE()
binary_cross_entropy = BinaryCrossEntropy()
cross_entropy = CrossEntropy()

LOSSES = {loss.name: loss for loss in (mse, binary_cross_entropy, cross_entropy)}


def get(loss):
    """Return a ``Loss`` given one or its name."""
    if isinstance(loss, Loss):
        return loss
    try:
        return LOSSES[loss]
    except (KeyError, TypeError):
        raise ValueError(f"unknown loss {loss!r}; choose one of {sorted(LOSSES)}") from None
