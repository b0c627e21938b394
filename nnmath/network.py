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
import math
import os
import zipfile
import zlib
from copy import deepcopy

import numpy as np

from . import losses
from ._checks import (
    MAX_NUMBERS,
    as_bool,
    as_float_array,
    as_gradient,
    as_int,
    as_matrix,
    as_path,
    check_rng,
    open_regular_file,
    silent_overflow,
)
from .activations import ACTIVATIONS
from .layers import Dense

# What a layer of an MLP must have (Dense and text.Embedding have it).
_LAYER_API = ("n_in", "n_out", "activation", "forward", "backward", "params", "grads")


def _activation_name(name, role):
    """Raise unless ``name`` is one of ``ACTIVATIONS``; ``role`` says which argument it is."""
    if not isinstance(name, str):
        raise TypeError(
            f"{role} must be an activation name, one of {sorted(ACTIVATIONS)}, "
            f"got {name!r} ({type(name).__name__})"
        )
    if name not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {name!r} for {role}; choose one of {sorted(ACTIVATIONS)}"
        )


def _dry_run(layers):
    """Send one blank sample through ``layers`` so that image layers know their widths;
    a layer that can't take the previous one's output is a ValueError naming both."""
    if layers[0].n_in is None:
        raise ValueError(
            f"the first layer must know its input width: put conv.Reshape((c, h, w)) before "
            f"{type(layers[0]).__name__}"
        )
    A = np.zeros((1, layers[0].n_in))
    for i, layer in enumerate(layers):
        try:
            A = layer.forward(A)
        except ValueError as err:
            raise ValueError(
                f"layers don't chain: layers[{i}] ({type(layer).__name__}) can't take the "
                f"output of layers[{i - 1}] (shape {A.shape[1:]} per sample): {err}"
            ) from None


class MLP:
    """A stack of ``Dense`` layers.

    Parameters
    ----------
    sizes : sequence of int
        Widths from input to output, e.g. ``[2, 16, 1]``: 2 inputs, one hidden
        layer of 16 units, 1 output. At least two whole numbers ≥ 1, and at
        most 10⁸ weights in all.
    hidden : str
        Activation of every hidden layer (checked even when there is none).
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
        if isinstance(sizes, str) or not np.iterable(sizes):
            raise TypeError(
                f"sizes must be a sequence of layer widths such as [2, 16, 1], got {sizes!r}"
            )
        sizes = [as_int(s, f"sizes[{i}]", 1) for i, s in enumerate(sizes)]
        if len(sizes) < 2:
            raise ValueError(f"sizes needs an input and an output width, got {sizes}")
        weights = sum(n_in * n_out + n_out for n_in, n_out in itertools.pairwise(sizes))
        if weights > MAX_NUMBERS:
            raise ValueError(f"sizes {sizes} make {weights:,} weights, more than {MAX_NUMBERS:,}")
        _activation_name(hidden, "hidden")
        _activation_name(output, "output")
        rng = check_rng(rng)
        acts = [hidden] * (len(sizes) - 2) + [output]
        self.layers = [
            Dense(n_in, n_out, act, rng=rng, init=init)
            for n_in, n_out, act in zip(sizes[:-1], sizes[1:], acts, strict=True)
        ]

    @classmethod
    def from_layers(cls, layers):
        """An MLP made of the given layers (e.g. built with ``Dense.from_weights``).

        Parameters
        ----------
        layers : sequence of Dense, text.Embedding or conv layers
            At least one; each layer's ``n_out`` must be the next one's ``n_in``.
            Image layers (``conv.Conv2D``, ``MaxPool2D``, ``Flatten``) learn their
            widths from one blank sample sent through, which a ``conv.Reshape`` first
            layer turns from a row into an image.
        """
        if not np.iterable(layers):
            raise TypeError(f"layers must be a list of layers such as Dense, got {layers!r}")
        layers = list(layers)
        if not layers:
            raise ValueError("layers must hold at least one layer, got none")
        for i, layer in enumerate(layers):
            if not all(hasattr(layer, attr) for attr in _LAYER_API):
                raise TypeError(
                    f"layers[{i}] must be a layer such as Dense or Embedding, "
                    f"got {type(layer).__name__}"
                )
        if any(layer.n_in is None for layer in layers[1:]):
            _dry_run(layers)
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
            Finite numbers, n ≥ 1 (a 1-D X is one sample).
        check_input : bool
            ``False`` skips checking X, for a caller that has checked it already.

        Returns
        -------
        y_hat : ndarray, shape (n, sizes[-1])
            An X so large that a layer overflows float64 gives ±inf entries in
            ŷ, or NaN where two infinities cancel, without a warning
            (``predict`` refuses a NaN output).
        """
        A = as_matrix(X, "X", self.layers[0].n_in) if check_input else X  # checked once, here
        with silent_overflow(check_input):
            for layer in self.layers:
                A = layer.forward(A, check_input=False)  # (n, layer.n_out)
        return A

    __call__ = forward

    def backward(self, dY, need_dX=False):
        """Backpropagate ∂L/∂ŷ from the output layer to the input, setting every dW, db.

        Parameters
        ----------
        dY : ndarray, shape (n, sizes[-1])
            ∂L/∂ŷ, e.g. ``loss.gradient(y_hat, y)``; finite.
        need_dX : bool
            Whether to compute dX, the gradient with respect to the input X.
            Training needs only dW and db, so by default the first layer
            skips that matmul (as PyTorch computes no gradient for the data).

        Returns
        -------
        dX : ndarray, shape (n, sizes[0]), or ``None`` unless ``need_dX``
            Gradients that overflow float64 (a huge dY or X) are ±inf or NaN,
            without a warning; so are the layers' dW and db.
        """
        dY = as_gradient(self.layers[-1], dY, "dY")  # checked once; the layers pass it on
        need_dX = as_bool(need_dX, "need_dX")
        with np.errstate(over="ignore", invalid="ignore"):
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
            Overflow gives ±inf or NaN without a warning, as in ``backward``.
        """
        last = self.layers[-1]
        if last.A is None:
            raise ValueError("call forward(X) before backward_loss")
        loss = losses.get(loss)
        if check_input:
            need_dX = as_bool(need_dX, "need_dX")
            _, y = loss.targets(last.A, y)  # checked once; the gradients below take it as it is
        with silent_overflow(check_input):
            if loss.fused_activation != last.activation:
                dY = loss.gradient(last.A, y, check_input=False)  # (n, k): shaped like ŷ
                return self._backward_from(len(self.layers), dY, need_dX)
            dZ = loss.fused_gradient(last.A, y, check_input=False)  # (n, k): ∂L/∂Z of the output
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
            L of this batch, before any update. L and the gradients are ±inf
            (or NaN) where they overflow float64, without a warning; an output
            ŷ that overflowed to ±inf is refused by the loss's check of ŷ.
        """
        loss = losses.get(loss)
        if not check_input:
            value = loss.value(self.forward(X, check_input=False), y, check_input=False)
            self.backward_loss(loss, y, check_input=False)
            return value
        X = as_matrix(X, "X", self.layers[0].n_in)
        with np.errstate(over="ignore", invalid="ignore"):
            y_hat, y = loss.targets(self.forward(X, check_input=False), y)  # checked once
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
        output for regression (one output without a sigmoid); shape (n,).

        A regression output that overflows is ±inf; a NaN output (X so large
        that infinities cancel inside the network) is refused with a ValueError.
        """
        y_hat = self.forward(X)
        if np.isnan(y_hat).any():
            raise ValueError(
                f"the network's output is NaN for X (|x| up to {np.abs(np.asarray(X)).max():g}): "
                "the values overflow float64 inside the network; scale X down"
            )
        return classes(y_hat, check_input=False) if self.is_classifier else y_hat[:, 0]

    def copy(self):
        """An independent copy with the same weights (e.g. to reset a playground).

        A deep copy, so it works for every kind of layer (an ``Embedding`` too).
        """
        return deepcopy(self)

    def __repr__(self):
        lines = [f"MLP({' → '.join(map(str, self.sizes))}, {self.n_params()} parameters)"]
        lines += [f"  ({i}) {layer!r}" for i, layer in enumerate(self.layers, start=1)]
        return "\n".join(lines)


def classes(y_hat, *, check_input=True):
    """The class each row of ŷ predicts: the argmax of several outputs, ŷ > 0.5 for one.

    Parameters
    ----------
    y_hat : array_like, shape (n, k)
        Probabilities (softmax rows, or one sigmoid column): finite, n, k ≥ 1.
    check_input : bool
        ``False`` skips checking ``y_hat``, for ``train.fit``, which calls this
        on the network's own output every batch (a NaN row would count as class 0).

    Returns
    -------
    ndarray of int, shape (n,)

    Introduced in lesson 09.
    """
    if check_input:
        y_hat = as_float_array(y_hat, "y_hat")
        if y_hat.ndim != 2 or y_hat.size == 0:
            raise ValueError(f"y_hat must have shape (n, k) with n, k >= 1, got {y_hat.shape}")
    if y_hat.shape[1] > 1:
        return y_hat.argmax(axis=1)
    return (y_hat[:, 0] > 0.5).astype(np.int64)


def save(net, path):
    """Write the weights of ``net`` to ``path`` (``.npz`` is added if missing); returns the path.

    Keys ``W1, b1, …, WL, bL`` (``Wl`` of shape (n_in, n_out)), ``sizes`` and
    ``activations``: plain arrays any NumPy program can read, no pickles.
    Missing folders are created. ``load`` rebuilds the network.

    Parameters
    ----------
    net : MLP
        Of ``Dense`` layers with finite weights.
    path : str or os.PathLike
        The file to write (an existing one is replaced).

    Introduced in lesson 09.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an nnmath MLP, got {type(net).__name__}")
    path = as_path(path).strip()
    if not path.endswith(".npz"):
        path += ".npz"
    if not all(isinstance(layer, Dense) for layer in net.layers):
        raise ValueError("save writes networks of Dense layers only")
    for i, p in enumerate(net.params()):
        as_float_array(p, f"the weights of layer {i // 2 + 1} ({'Wb'[i % 2]})")  # inf can't load
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    arrays = {}
    for i, layer in enumerate(net.layers, start=1):
        arrays[f"W{i}"], arrays[f"b{i}"] = layer.W, layer.b
    activations = np.array([layer.activation for layer in net.layers])
    np.savez(path, **arrays, sizes=np.array(net.sizes), activations=activations)
    return path


# The dtype kinds load takes: real numbers (W, b), text (activations), ints (sizes).
_REAL = "fiu"
_KIND_NAMES = {_REAL: "real numbers", "U": "text", "iu": "whole numbers"}
_MAX_LAYERS = 1000
_NPY_MAGIC = b"\x93NUMPY"
_READ_ERRORS = (ValueError, EOFError, OSError, zipfile.BadZipFile, zlib.error)


def _header(name, archive, key):
    """``(shape, dtype)`` from the header of the archive's array ``key``, reading nothing more.

    Also refuses an array that the archive holds fewer bytes of than its header declares.
    """
    info = archive.getinfo(key + ".npy")
    try:
        with archive.open(info) as fh:
            version = np.lib.format.read_magic(fh)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(fh)
            elif version == (2, 0):
                shape, _, dtype = np.lib.format.read_array_header_2_0(fh)
            else:
                raise ValueError(f"format version {version[0]}.{version[1]} is not read")
            start = fh.tell()
    except _READ_ERRORS as err:
        raise ValueError(f"{name}: {key} is not a readable .npy array ({err})") from None
    if dtype.hasobject:
        raise ValueError(f"{name}: {key} holds Python objects, which load never unpickles")
    if info.file_size < start + math.prod(shape) * dtype.itemsize:
        raise ValueError(
            f"{name}: {key} declares shape {shape} but the file holds less data (cut short?)"
        )
    return shape, dtype


def _check_header(name, key, header, kinds, ndim):
    """The shape of array ``key``; refused unless its dtype kind is in ``kinds`` and ndim fits."""
    shape, dtype = header
    if dtype.kind not in kinds:
        raise ValueError(f"{name}: {key} must hold {_KIND_NAMES[kinds]}, got dtype {dtype}")
    if len(shape) != ndim:
        raise ValueError(f"{name}: {key} must be {ndim}-D, got shape {shape}")
    return shape


def _read(name, archive, key):
    """The array ``key`` of the archive, its header already checked (no pickles)."""
    try:
        with archive.open(key + ".npy") as fh:
            return np.lib.format.read_array(fh, allow_pickle=False)
    except _READ_ERRORS as err:
        raise ValueError(f"{name}: {key} could not be read ({err})") from None


def load(path):
    """The ``MLP`` that ``save`` wrote to ``path``.

    Every array's header (dtype, shape) is checked before any array is read,
    so a tampered file cannot make this allocate more than 10⁸ weights; pickles
    are never loaded.

    Parameters
    ----------
    path : str or os.PathLike
        A regular ``.npz`` file holding ``W1, b1, …, WL, bL``, ``sizes`` and
        ``activations`` and nothing else, as ``save`` writes it.

    Raises
    ------
    ValueError
        Naming the file and what is wrong with it: not an ``.npz`` archive,
        missing or extra arrays, wrong dtypes or shapes, widths that do not
        chain or disagree with ``sizes``, an unknown activation, NaN or infinity.
    FileNotFoundError
        If there is no file at ``path``.

    Introduced in lesson 09.
    """
    name, f = open_regular_file(path)
    with f:
        if f.read(len(_NPY_MAGIC)) == _NPY_MAGIC:
            raise ValueError(f"{name} is one .npy array, not an .npz file written by network.save")
        f.seek(0)
        try:
            archive = zipfile.ZipFile(f)
        except _READ_ERRORS as err:
            raise ValueError(
                f"{name} is not an .npz file written by network.save ({err})"
            ) from None
        with archive:
            return _load_archive(name, archive)


def _load_archive(name, archive):
    """``load`` of the open zip ``archive`` of the file ``name``: headers first, then arrays."""
    names = archive.namelist()
    keys = {n[: -len(".npy")] for n in names if n.endswith(".npy")}
    if "activations" not in keys:
        raise ValueError(f"{name} has no 'activations': not a file written by network.save")
    (n_layers,) = _check_header(name, "activations", _header(name, archive, "activations"), "U", 1)
    if not 1 <= n_layers <= _MAX_LAYERS:
        raise ValueError(f"{name}: activations must name 1 … {_MAX_LAYERS} layers, got {n_layers}")
    expected = [k for i in range(1, n_layers + 1) for k in (f"W{i}", f"b{i}")] + ["sizes"]
    missing = [k for k in expected if k not in keys]
    if missing:
        raise ValueError(f"{name} lacks {', '.join(missing)}")
    extra = sorted(set(names) - {k + ".npy" for k in [*expected, "activations"]})
    if extra:
        raise ValueError(
            f"{name} holds {', '.join(extra)}, which network.save does not write "
            f"(activations names {n_layers} layers)"
        )
    shapes = {}
    for k in expected[:-1]:
        ndim = 2 if k[0] == "W" else 1
        shapes[k] = _check_header(name, k, _header(name, archive, k), _REAL, ndim)
    widths = [shapes["W1"][0]] + [shapes[f"W{i}"][1] for i in range(1, n_layers + 1)]
    for i in range(1, n_layers + 1):
        if shapes[f"W{i}"] != (widths[i - 1], widths[i]) or shapes[f"b{i}"] != (widths[i],):
            raise ValueError(
                f"{name}: W{i} {shapes[f'W{i}']} and b{i} {shapes[f'b{i}']} do not chain "
                f"with the layer before (its {widths[i - 1]} outputs)"
            )
    if min(widths) < 1:
        raise ValueError(f"{name}: a layer has no units (widths {widths})")
    weights = sum(math.prod(shape) for shape in shapes.values())
    if weights > MAX_NUMBERS:
        raise ValueError(f"{name} declares {weights:,} weights, more than {MAX_NUMBERS:,}")
    _check_header(name, "sizes", _header(name, archive, "sizes"), "iu", 1)

    acts = [str(a) for a in _read(name, archive, "activations")]
    for i, act in enumerate(acts):
        if act not in ACTIVATIONS:
            raise ValueError(
                f"{name}: activations[{i}] is {act!r}, not one of {sorted(ACTIVATIONS)}"
            )
    sizes = _read(name, archive, "sizes").tolist()
    if sizes != widths:
        raise ValueError(f"{name}: sizes {sizes} disagree with the weights' widths {widths}")
    layers = [
        Dense.from_weights(
            as_float_array(_read(name, archive, f"W{i}"), f"{name}: W{i}"),
            as_float_array(_read(name, archive, f"b{i}"), f"{name}: b{i}"),
            act,
        )
        for i, act in enumerate(acts, start=1)
    ]
    return MLP.from_layers(layers)
