"""The training loop: shuffle, split into mini-batches, forward, backward, step."""

import functools
import math

import numpy as np

from . import losses
from ._checks import as_float_array, as_int, as_matrix, check_rng, check_size, ipython_shell
from .network import MLP, classes
from .optim import _Optimizer


class History(dict):
    """Per-epoch metrics: one list per key, entry i for epoch ``history["epoch"][i]``.

    Keys: ``epoch`` (1 … E for ``fit``; a trainer that also records the untrained
    network starts at 0), ``loss``, ``accuracy``, with validation data
    ``val_loss``, ``val_accuracy`` and, from ``fit`` with an nnmath optimiser, ``lr``
    (the η of the epoch's first step). Accuracy is ``nan`` for regression (one
    output that is not a sigmoid). The one schema every trainer and plot uses.

    Introduced in lesson 09.
    """

    def last(self):
        """The final epoch's values as a dict (``epoch`` and the metrics)."""
        return {k: v[-1] for k, v in self.items() if v}

    def __repr__(self):
        epochs = len(self.get("loss", []))
        last = ", ".join(f"{k}={v:.4f}" for k, v in self.last().items() if k != "epoch")
        return f"History({epochs} epochs; last: {last})"


def _true_classes(y, n, k, name="y"):
    """The class of each of ``n`` rows from labels ``y`` for a ``k``-output classifier, (n,).

    ``y`` is labels (n,) in 0 … k − 1 (0/1 for one sigmoid output, also as (n, 1)),
    or target rows (n, k) whose largest entry is the class. Anything else, a
    broadcastable ``y`` of another length above all, is refused.
    """
    y = as_float_array(y, name)
    if k == 1 and y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim == 2 and k > 1:
        if y.shape != (n, k):
            raise ValueError(f"{name} must have shape ({n},) or ({n}, {k}), got {y.shape}")
        if y.min() < 0 or np.abs(y.sum(axis=1) - 1.0).max() > 1e-6:
            raise ValueError(f"the rows of {name} must be one-hot (or probabilities summing to 1)")
        return y.argmax(axis=1)
    if y.ndim != 1 or y.shape[0] != n:
        want = f"({n},) or ({n}, {k})" if k > 1 else f"({n},)"
        raise ValueError(f"{name} must hold one label per row of X, shape {want}, got {y.shape}")
    return _labels(y, name, max(k, 2))


def n_correct(y_hat, y):
    """How many rows of the output ``y_hat`` (n, k) predict the class in ``y``.

    The predicted class is ``network.classes(y_hat)``: the argmax of several
    outputs, or ŷ > 0.5 for one. ``y`` holds labels (n,) or one-hot rows (n, k).
    """
    y_hat = as_float_array(y_hat, "y_hat")
    if y_hat.ndim != 2 or 0 in y_hat.shape:
        raise ValueError(f"y_hat must be the outputs (n, k) of a network, got shape {y_hat.shape}")
    return int(np.count_nonzero(classes(y_hat) == _true_classes(y, *y_hat.shape)))


def _check_net(net):
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP, got {type(net).__name__}")


def accuracy(net, X, y):
    """Fraction of rows of ``X`` whose predicted class equals ``y``; ``nan`` for regression.

    ``y`` holds one label per row (0 … k − 1, or 0/1 for one sigmoid output) or
    one-hot rows (n, k); a ``y`` of any other length or shape is refused.
    Introduced in lesson 09.
    """
    _check_net(net)
    y_hat = net.forward(X)
    if not net.is_classifier:
        return float("nan")
    return n_correct(y_hat, y) / y_hat.shape[0]


def _labels(y, name, k):
    """``y`` as a 1-D int array of class labels 0 … k − 1."""
    y = as_float_array(y, name)
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-D with shape (n,), got shape {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= k or not np.all(y == np.round(y))):
        bad = y[(y < 0) | (y >= k) | (y != np.round(y))][0]
        raise ValueError(f"{name} must hold class labels 0 … {k - 1}, got {bad:g}")
    return y.astype(np.int64)


def confusion_counts(y_true, y_pred, k=10):
    """The confusion matrix: how many examples of each true class got each predicted class.

        C[i, j] = #{n : y_n = i and ŷ_n = j}

    The diagonal holds the correct predictions, so accuracy = trace(C) / ΣC.

    Parameters
    ----------
    y_true : array_like of int, shape (n,)
        True labels 0 … k − 1.
    y_pred : array_like of int, shape (n,), or array_like, shape (n, k)
        Predicted labels 0 … k − 1, or the network's outputs ŷ, whose
        ``network.classes`` are the predicted labels.
    k : int
        The number of classes, ≥ 1.

    Returns
    -------
    C : ndarray of int, shape (k, k)
        Rows: true class, columns: predicted class.

    Introduced in lesson 10.
    """
    k = as_int(k, "k", 1)
    check_size((k, k), "the confusion matrix")
    y_true = _labels(y_true, "y_true", k)
    y_pred = as_float_array(y_pred, "y_pred")
    if y_pred.ndim == 2:
        if y_pred.shape[1] != k and not (k == 2 and y_pred.shape[1] == 1):
            raise ValueError(
                f"y_pred as outputs must have one column per class, (n, {k}), got {y_pred.shape}"
            )
        y_pred = classes(y_pred)
    y_pred = _labels(y_pred, "y_pred", k)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred must be 1-D of one length, got {y_true.shape}, {y_pred.shape}"
        )
    C = np.zeros((k, k), dtype=np.int64)
    np.add.at(C, (y_true, y_pred), 1)
    return C


def confident_mistakes(P, y, n=8):
    """The wrong predictions the model was surest about, most confident first.

        wrong = {m : argmax_j P[m, j] ≠ y_m}, sorted by decreasing max_j P[m, j]

    Parameters
    ----------
    P : array_like, shape (m, k)
        Predicted probabilities (rows sum to 1).
    y : array_like of int, shape (m,)
        True labels.
    n : int
        At most this many mistakes, ≥ 0.

    Returns
    -------
    index : ndarray of int, shape (≤ n,)
        Rows of ``P`` that are misclassified, by decreasing confidence (ties
        keep their row order).
    predicted : ndarray of int, shape (≤ n,)
        The (wrong) class the model chose for each.
    confidence : ndarray, shape (≤ n,)
        The probability the model gave that answer.

    Introduced in lesson 10.
    """
    P = as_matrix(P, "P")
    y = _labels(y, "y", P.shape[1])
    if y.shape != (P.shape[0],):
        raise ValueError(f"P must be (m, k) and y (m,), got {P.shape} and {y.shape}")
    n = as_int(n, "n", 0)
    pred = classes(P)  # (m,)
    conf = P.max(axis=1)  # (m,): the probability of the chosen class
    wrong = np.flatnonzero(pred != y)
    order = wrong[np.argsort(-conf[wrong], kind="stable")][:n]
    return order, pred[order], conf[order]


def _in_notebook():
    return ipython_shell().__class__.__name__ == "ZMQInteractiveShell"  # Jupyter's kernel


def _progress(epochs, progress):
    """A tqdm bar when asked for (or, with "auto", inside Jupyter), else ``None``."""
    if progress == "auto":
        progress = _in_notebook()
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm is optional: no bar, same training
        return None
    return tqdm(total=epochs, desc="training", unit="epoch", leave=True)


def fit(
    net,
    X,
    y,
    loss,
    optimizer,
    epochs,
    batch_size=32,
    *,
    rng,
    callback=None,
    validation=None,
    progress="auto",
):
    """Train ``net`` with mini-batch gradient descent.

    Each epoch shuffles the rows with ``rng``, then for every batch:
    ŷ = net(X_b); L = loss(ŷ, y_b); backward; ``optimizer.step(params, grads)``.

    Parameters
    ----------
    net : MLP
    X : array_like, shape (n, d)
    y : array_like, shape (n, k), or (n,) labels/targets
    loss : Loss or str
    optimizer : SGD, RMSProp, Adam or AdamW (or anything with ``step(params, grads)``)
        Its ``lr`` may be a schedule: step t of the run (counting every batch of every
        epoch) uses ``lr(t)``.
    epochs : int
    batch_size : int
        Rows per step; ``None`` or ≥ n means full batch.
    rng : np.random.Generator or int
        Shuffling order.
    callback : callable(epoch, history) -> bool or None, optional
        Called after every epoch (``epoch`` counts from 0, so it is
        ``history["epoch"][-1] - 1``); returning ``True`` stops training.
    validation : tuple (X_val, y_val), optional
        Scored after every epoch into ``val_loss`` / ``val_accuracy``.
    progress : bool or "auto"
        A progress bar; "auto" shows one inside Jupyter only (needs tqdm).

    Returns
    -------
    History
        ``epoch`` 1 … epochs, per-epoch ``loss`` and ``accuracy`` (averaged over the epoch's batches
        as they were trained, so no extra pass over the data) and, with
        validation data, ``val_loss`` and ``val_accuracy`` after the epoch; for an nnmath
        optimiser also ``lr``, the η of the epoch's first step.

    Introduced in lesson 09.
    """
    _check_net(net)
    loss = losses.get(loss)
    rng = check_rng(rng)
    if not (progress == "auto" or isinstance(progress, bool)):
        raise TypeError(f'progress must be True, False or "auto", got {progress!r}')
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a step(params, grads) method, got {optimizer!r}")
    epochs = as_int(epochs, "epochs", 0)
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be a function (epoch, history) -> bool, got {callback!r}")
    X = as_matrix(X, "X", net.sizes[0])
    y = as_float_array(y, "y")
    if y.ndim == 0 or y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have one row per row of X ({X.shape[0]}), got shape {y.shape}")
    output = net.layers[-1].activation
    if loss.fused_activation is not None and output != loss.fused_activation:
        raise ValueError(
            f"{loss.name} needs a {loss.fused_activation} output layer, the network has {output}"
        )
    n, k = X.shape[0], net.sizes[-1]
    # Checked and shaped once here (labels become one-hot rows), not on every batch.
    Y = loss.prepare(y, (n, k))
    classify = net.is_classifier
    labels = classes(Y)  # (n,): the class each row should get
    batch_size = n if batch_size is None else as_int(batch_size, "batch_size", 1)
    params = net.params()  # updated in place: the same arrays every step
    step = optimizer.step
    if isinstance(optimizer, _Optimizer):
        # The gradients come from the checked network, and a loss or weights that
        # stop being finite end the run below: the step need not check them again.
        step = functools.partial(step, check_input=False)

    history = History(epoch=[], loss=[], accuracy=[])
    record_lr = isinstance(optimizer, _Optimizer)
    if record_lr:
        history["lr"] = []
    if validation is not None:
        # Checked and shaped once, like the training data: every epoch then costs
        # one forward pass over X_val, shared by its loss and its accuracy.
        if not (isinstance(validation, (tuple, list)) and len(validation) == 2):
            raise TypeError("validation must be a pair (X_val, y_val)")
        X_val, y_val = validation
        X_val = as_matrix(X_val, "X_val", net.sizes[0])
        y_val = as_float_array(y_val, "y_val")
        if y_val.ndim == 0 or y_val.shape[0] != X_val.shape[0]:
            raise ValueError(
                f"y_val must have one row per row of X_val ({X_val.shape[0]}), "
                f"got shape {y_val.shape}"
            )
        Y_val = loss.prepare(y_val, (X_val.shape[0], k))
        val_labels = classes(Y_val)
        history.update(val_loss=[], val_accuracy=[])
    bar = _progress(epochs, progress)
    # A diverging network overflows to inf and NaN: no warnings on the way (the
    # step and the validation pass run under errstate), one clear error instead,
    # checked once per batch on the loss (which a step that made the weights inf
    # spoils at the next batch) and on the weights after the last step, and after
    # every epoch a callback will see: no run ends with, or shows, inf weights.
    try:
        for epoch in range(epochs):
            if batch_size >= n:
                batches = [(X, Y, labels)]  # one batch of every row: order doesn't matter
            else:
                order = rng.permutation(n)
                batches = (
                    (X[idx], Y[idx], labels[idx])
                    for idx in (order[i : i + batch_size] for i in range(0, n, batch_size))
                )
            total_loss = correct = 0.0
            if record_lr:
                lr = optimizer.lr_now  # before the epoch's steps move a schedule on
            with _quiet():
                for Xb, Yb, lb in batches:
                    # X and Y were checked above: the step skips the checks, so a diverging
                    # network (ŷ = inf or NaN) reaches the message below.
                    value = net.loss_and_grads(Xb, Yb, loss, check_input=False)
                    if not math.isfinite(value):
                        _diverged(epoch, f"the loss is {value}")
                    total_loss += value * Xb.shape[0]
                    if classify:
                        correct += np.count_nonzero(classes(net.output, check_input=False) == lb)
                    step(params, net.grads())
            if (callback is not None or epoch == epochs - 1) and not all(
                np.isfinite(p).all() for p in params
            ):
                _diverged(epoch, "the weights overflowed to infinity or NaN")
            history["epoch"].append(epoch + 1)
            history["loss"].append(total_loss / n)
            history["accuracy"].append(correct / n if classify else float("nan"))
            if record_lr:
                history["lr"].append(lr)
            if validation is not None:
                with _quiet():
                    y_hat = net.forward(X_val, check_input=False)
                    val_loss = loss.value(y_hat, Y_val, check_input=False)
                if not math.isfinite(val_loss):
                    _diverged(epoch, f"the validation loss is {val_loss}")
                history["val_loss"].append(val_loss)
                history["val_accuracy"].append(
                    np.count_nonzero(classes(y_hat, check_input=False) == val_labels) / len(y_hat)
                    if classify
                    else float("nan")
                )
            if bar is not None:
                bar.update(1)
                metrics = history.last()
                del metrics["epoch"]  # the bar counts epochs itself
                bar.set_postfix({name: f"{v:.3f}" for name, v in metrics.items()})
            if callback is not None and callback(epoch, history):
                break
    finally:
        if bar is not None:
            bar.close()
    return history


def _quiet():
    """Overflow to inf and NaN without warnings: ``fit`` reports divergence itself."""
    return np.errstate(over="ignore", invalid="ignore", divide="ignore")


def _diverged(epoch, what):
    raise ValueError(
        f"training diverged in epoch {epoch + 1}: {what}; try a smaller learning rate "
        "(or scale the data)"
    )
