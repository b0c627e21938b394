"""The training loop: shuffle, split into mini-batches, forward, backward, step."""

import math

import numpy as np

from . import losses
from ._checks import as_float_array, as_matrix, check_rng, ipython_shell
from .network import classes


class History(dict):
    """Per-epoch metrics: one list per key, entry i for epoch ``history["epoch"][i]``.

    Keys: ``epoch`` (1 … E for ``fit``; a trainer that also records the untrained
    network starts at 0), ``loss``, ``accuracy`` and, with validation data,
    ``val_loss``, ``val_accuracy``. Accuracy is ``nan`` for regression (one
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


def n_correct(y_hat, y):
    """How many rows of the output ``y_hat`` (n, k) predict the class in ``y``.

    The predicted class is ``network.classes(y_hat)``: the argmax of several
    outputs, or ŷ > 0.5 for one. ``y`` holds labels (n,) or one-hot rows (n, k).
    """
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        y = y.argmax(axis=1)
    return int(np.count_nonzero(classes(y_hat) == y.reshape(-1)))


def accuracy(net, X, y):
    """Fraction of rows of ``X`` whose predicted class equals ``y``; ``nan`` for regression.

    Introduced in lesson 09.
    """
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
        raise ValueError(f"{name} must hold class labels 0 … {k - 1}")
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
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive int, got {k!r}")
    if np.ndim(y_pred) == 2:
        y_pred = classes(y_pred)
    y_true, y_pred = _labels(y_true, "y_true", k), _labels(y_pred, "y_pred", k)
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
    if not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be an int >= 0, got {n!r}")
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
    optimizer : SGD (anything with ``step(params, grads)``)
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
        validation data, ``val_loss`` and ``val_accuracy`` after the epoch.

    Introduced in lesson 09.
    """
    loss = losses.get(loss)
    rng = check_rng(rng)
    X = as_matrix(X, "X", net.sizes[0])
    y = as_float_array(y, "y")
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"y has {y.shape[0]} rows but X has {X.shape[0]}")
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
    batch_size = n if batch_size is None else int(batch_size)
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    if int(epochs) < 0:
        raise ValueError(f"epochs must be >= 0, got {epochs}")
    params = net.params()  # updated in place: the same arrays every step

    history = History(epoch=[], loss=[], accuracy=[])
    if validation is not None:
        # Checked and shaped once, like the training data: every epoch then costs
        # one forward pass over X_val, shared by its loss and its accuracy.
        X_val, y_val = validation
        X_val = as_matrix(X_val, "X_val", net.sizes[0])
        Y_val = loss.prepare(as_float_array(y_val, "y_val"), (X_val.shape[0], k))
        history.update(val_loss=[], val_accuracy=[])
    bar = _progress(int(epochs), progress)
    try:
        for epoch in range(int(epochs)):
            if batch_size >= n:
                batches = [(X, Y, labels)]  # one batch of every row: order doesn't matter
            else:
                order = rng.permutation(n)
                batches = (
                    (X[idx], Y[idx], labels[idx])
                    for idx in (order[i : i + batch_size] for i in range(0, n, batch_size))
                )
            total_loss = correct = 0.0
            for Xb, Yb, lb in batches:
                # X and Y were checked above: the step skips the checks, so a diverging
                # network (ŷ = inf or NaN) reaches the message below.
                value = net.loss_and_grads(Xb, Yb, loss, check_input=False)
                if not math.isfinite(value):
                    raise ValueError(
                        f"training diverged in epoch {epoch + 1}: the loss is {value}; "
                        "try a smaller learning rate"
                    )
                total_loss += value * Xb.shape[0]
                if classify:
                    correct += np.count_nonzero(classes(net.output) == lb)
                optimizer.step(params, net.grads())
            history["epoch"].append(epoch + 1)
            history["loss"].append(total_loss / n)
            history["accuracy"].append(correct / n if classify else float("nan"))
            if validation is not None:
                y_hat = net.forward(X_val, check_input=False)
                history["val_loss"].append(loss.value(y_hat, Y_val))
                val_accuracy = n_correct(y_hat, Y_val) / len(y_hat) if classify else float("nan")
                history["val_accuracy"].append(val_accuracy)
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
