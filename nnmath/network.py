"""A multi-layer perceptron: Dense layers stacked, the output of one the input of the next.

Backpropagation is two loops over the layers: ``forward`` from the first layer
to the last, caching every layer's X, Z and A, and ``backward`` from the last
to the first, each layer handing its dX down as the next layer's dA.
``backward_loss`` and ``loss_and_grads`` only choose where ``backward`` starts.

Unlike Nielsen's ``network.py`` ("not optimized"), this code is tuned for speed:
a training step costs about 1.1–1.2× the same math written as one bare NumPy
loop (``make bench`` measures it), so learners can train real models.
How, without hiding the math:

- batches, not samples: one matrix product per layer and pass (Z = XW + b);
- inputs are checked once, where they enter (``MLP.forward``, ``MLP.backward``,
  ``Loss.gradient``, ``train.fit``), each check in one pass over the array;
  inside the network a layer is called with ``check_input=False``, since its
  input is the last layer's output and its dA the next layer's dX;
- f′ is read off the cached output A (σ′ = A(1 − A)), never recomputed from Z;
- a loss paired with its output activation (sigmoid + binary cross-entropy,
  softmax + cross-entropy) starts backprop at the fused ∂L/∂Z = (ŷ − y)/n;
- the first layer's dX, which training never uses, is skipped (``need_dX``).

Introduced in lesson 04 (forward) and lesson 08 (backward).
"""

import itertools
import os
from copy import deepcopy

import numpy as np

from . import losses
from ._checks import as_gradient, as_matrix, check_rng
from .layers import Dense


class MLP:
    """A stack of ``Dense`` layers.

    Parameters
    ----------
    sizes : sequence of int
        Widths from input to output, e.g. ``[2, 16, 1]``: 2 inputs, one hidden
        layer of 16 units, 1 output.
    hidden : str
        Activation of every hidden layer.
    output : str
        Activation of the output layer ("identity" for regression, "sigmoid"
        for one probability, "softmax" for classes).
    rng : np.random.Generator or int
        Source of the initial weights.
    init : {"auto", "he", "xavier"} or float
        Passed to every ``Dense``.

    Introduced in lesson 04.
    """

    def __init__(self, sizes, hidden="relu", output="identity", *, rng, init="auto"):
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"sizes needs an input and an output width, got {sizes}")
        rng = check_rng(rng)
        acts = [hidden] * (len(sizes) - 2) + [output]
        self.layers = [
            Dense(n_in, n_out, act, rng=rng, init=init)
            for n_in, n_out, act in zip(sizes[:-1], sizes[1:], acts, strict=True)
        ]

    @classmethod
    def from_layers(cls, layers):
        """An MLP made of the given ``Dense`` layers (e.g. built with ``Dense.from_weights``)."""
        layers = list(layers)
        for prev, nxt in itertools.pairwise(layers):
            if prev.n_out != nxt.n_in:
                raise ValueError(
                    f"layer widths don't chain: {prev.n_out} outputs feed {nxt.n_in} inputs"
                )
        net = cls.__new__(cls)
        net.layers = layers
        return net

    @property
    def sizes(self):
        return [self.layers[0].n_in] + [layer.n_out for layer in self.layers]

    @property
    def output(self):
        """The last forward pass's output ŷ, shape (n, k)."""
        return self.layers[-1].A

    def forward(self, X, *, check_input=True):
        """ŷ = f_L(… f_1(X W_1 + b_1) … W_L + b_L), caching every layer's X, Z and A.

        Parameters
        ----------
        X : array_like, shape (n, sizes[0])
        check_input : bool
            ``False`` skips checking X, for a caller that has checked it already.

        Returns
        -------
        y_hat : ndarray, shape (n, sizes[-1])
        """
        A = as_matrix(X, "X", self.layers[0].n_in) if check_input else X  # checked once, here
        for layer in self.layers:
            A = layer.forward(A, check_input=False)  # (n, layer.n_out)
        return A

    __call__ = forward

    def backward(self, dY, need_dX=False):
        """Backpropagate ∂L/∂ŷ from the output layer to the input, setting every dW, db.

        Parameters
        ----------
        dY : ndarray, shape (n, sizes[-1])
            ∂L/∂ŷ, e.g. ``loss.gradient(y_hat, y)``.
        need_dX : bool
            Whether to compute dX, the gradient with respect to the input X.
            Training needs only dW and db, so by default the first layer
            skips that matmul (as PyTorch computes no gradient for the data).

        Returns
        -------
        dX : ndarray, shape (n, sizes[0]), or ``None`` unless ``need_dX``
        """
        dY = as_gradient(self.layers[-1], dY, "dY")  # checked once; the layers pass it on
        return self._backward_from(len(self.layers), dY, need_dX)

    def backward_loss(self, loss, y, need_dX=False, *, check_input=True):
        """Backpropagate ``loss`` of the last forward pass against targets ``y``.

        When the loss pairs with the output activation (softmax + cross-entropy,
        sigmoid + binary cross-entropy) this starts from the fused
        ∂L/∂Z = (ŷ − y)/n, which is exact and never divides by a tiny ŷ;
        otherwise it is ``backward(loss.gradient(ŷ, y))``.

        Parameters
        ----------
        loss : Loss or str
        y : array_like, targets for ``loss``
        need_dX : bool
            As in ``backward``.
        check_input : bool
            ``False`` skips checking ``y`` (it must be prepared, see ``Loss.prepare``).

        Returns
        -------
        dX : ndarray, shape (n, sizes[0]), or ``None`` unless ``need_dX``
        """
        last = self.layers[-1]
        if last.A is None:
            raise ValueError("call forward(X) before backward_loss")
        loss = losses.get(loss)
        if loss.fused_activation != last.activation:
            return self.backward(loss.gradient(last.A, y, check_input=check_input), need_dX)
        dZ = loss.fused_gradient(last.A, y, check_input=check_input)  # (n, k): ∂L/∂Z of the output
        need = need_dX or len(self.layers) > 1
        dA = last.backward_z(dZ, need, check_input=False)  # (n, n_in of the output layer)
        return self._backward_from(len(self.layers) - 1, dA, need_dX)

    def _backward_from(self, top, dA, need_dX):
        """The backward loop: ``dA`` = ∂L/∂A of layer ``top`` − 1 down to the first layer."""
        for i in range(top - 1, -1, -1):
            dA = self.layers[i].backward(dA, need_dX or i > 0, check_input=False)  # (n, n_in)
        return dA

    def loss_and_grads(self, X, y, loss, *, check_input=True):
        """One forward and backward pass; returns L and leaves dW, db in the layers.

        The training step: ``forward``, ``loss.value``, ``backward_loss``. The
        gradient with respect to the input X, which training never uses, is skipped.

        Parameters
        ----------
        X : array_like, shape (n, sizes[0])
        y : array_like, targets for ``loss``
        loss : Loss or str
        check_input : bool
            ``False`` skips checking X and y, for ``train.fit``, which checks
            (and, for labels, one-hot encodes: ``Loss.prepare``) the whole
            training set once.

        Returns
        -------
        float
            L of this batch, before any update.
        """
        loss = losses.get(loss)
        y_hat = self.forward(X, check_input=check_input)  # (n, k)
        if check_input:
            y_hat, y = loss.targets(y_hat, y)  # checked once for the value and the gradient
        value = loss.value(y_hat, y, check_input=False)
        self.backward_loss(loss, y, check_input=False)
        return value

    def params(self):
        """``[W_1, b_1, W_2, b_2, …]``, the arrays an optimizer updates in place."""
        return [p for layer in self.layers for p in layer.params()]

    def grads(self):
        """``[dW_1, db_1, …]`` in the order of ``params()``."""
        return [g for layer in self.layers for g in layer.grads()]

    def n_params(self):
        """Number of trainable numbers (weights and biases)."""
        return sum(p.size for p in self.params())

    @property
    def is_classifier(self):
        """Whether ŷ is class probabilities: several outputs, or one sigmoid.

        Otherwise (one output without a sigmoid) the network does regression.
        """
        return self.layers[-1].n_out > 1 or self.layers[-1].activation == "sigmoid"

    def predict(self, X):
        """Class predictions (``classes`` of the output) for a classifier, the raw
        output for regression (one output without a sigmoid); shape (n,)."""
        y_hat = self.forward(X)
        return classes(y_hat) if self.is_classifier else y_hat[:, 0]

    def copy(self):
        """An independent copy with the same weights (e.g. to reset a playground).

        A deep copy, so it works for every kind of layer (an ``Embedding`` too).
        """
        return deepcopy(self)

    def __repr__(self):
        lines = [f"MLP({' → '.join(map(str, self.sizes))}, {self.n_params()} parameters)"]
        lines += [f"  ({i}) {layer!r}" for i, layer in enumerate(self.layers, start=1)]
        return "\n".join(lines)


def classes(y_hat):
    """The class each row of ŷ predicts: the argmax of several outputs, ŷ > 0.5 for one.

    Parameters
    ----------
    y_hat : ndarray, shape (n, k)
        Probabilities (softmax rows, or one sigmoid column).

    Returns
    -------
    ndarray of int, shape (n,)

    Introduced in lesson 09.
    """
    y_hat = np.asarray(y_hat)
    if y_hat.ndim != 2 or y_hat.shape[1] < 1:
        raise ValueError(f"y_hat must have shape (n, k), got {y_hat.shape}")
    if y_hat.shape[1] > 1:
        return y_hat.argmax(axis=1)
    return (y_hat[:, 0] > 0.5).astype(np.int64)


def save(net, path):
    """Write the weights of ``net`` to ``path`` (``.npz`` is added if missing); returns the path.

    Keys ``W1, b1, …, WL, bL`` (``Wl`` of shape (n_in, n_out)), ``sizes`` and
    ``activations``: plain arrays any NumPy program can read, no pickles.
    Missing folders are created. ``load`` rebuilds the network.

    Introduced in lesson 09.
    """
    path = os.fspath(path).strip()
    if not path:
        raise ValueError("give a file name, e.g. build/weights.npz")
    if not path.endswith(".npz"):
        path += ".npz"
    if not all(isinstance(layer, Dense) for layer in net.layers):
        raise ValueError("save writes networks of Dense layers only")
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    arrays = {}
    for i, layer in enumerate(net.layers, start=1):
        arrays[f"W{i}"], arrays[f"b{i}"] = layer.W, layer.b
    activations = np.array([layer.activation for layer in net.layers])
    np.savez(path, **arrays, sizes=np.array(net.sizes), activations=activations)
    return path


def load(path):
    """The ``MLP`` that ``save`` wrote to ``path``.

    Introduced in lesson 09.
    """
    with np.load(path, allow_pickle=False) as f:
        if "activations" not in f.files:
            raise ValueError(f"{path} has no 'activations': not a file written by network.save")
        acts = [str(a) for a in f["activations"]]
        missing = [k for i in range(1, len(acts) + 1) for k in (f"W{i}", f"b{i}") if k not in f]
        if missing:
            raise ValueError(f"{path} lacks {', '.join(missing)}")
        layers = [
            Dense.from_weights(f[f"W{i}"], f[f"b{i}"], act) for i, act in enumerate(acts, start=1)
        ]
    return MLP.from_layers(layers)
