"""Convolution and pooling layers on image batches X (n, c, h, w): im2col plus one matmul.

A convolution slides one small kernel over the image and takes a dot product at every
position. Cutting the image into its k × k patches (one row each, "im2col") turns all
those dot products into a single matrix multiplication with the kernels as columns:
a convolution *is* a dense layer whose weights are shared by every position.

Introduced in lesson 13.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import activations
from ._checks import (
    as_bool,
    as_float_array,
    as_gradient,
    as_int,
    check_rng,
    check_size,
    silent_overflow,
)
from .layers import _checked


def output_size(size, k, stride=1, padding=0):
    """Output length of a convolution or pooling along one axis: ⌊(size − k + 2p)/s⌋ + 1.

    Parameters
    ----------
    size, k : int ≥ 1
        Input length and kernel size.
    stride : int ≥ 1
    padding : int ≥ 0

    Returns
    -------
    int
        At least 1; a kernel longer than the padded input is a ``ValueError``.

    Introduced in lesson 13.
    """
    size, k = as_int(size, "size", 1), as_int(k, "k", 1)
    stride, padding = as_int(stride, "stride", 1), as_int(padding, "padding", 0)
    if k > size + 2 * padding:
        raise ValueError(
            f"the kernel (k = {k}) is larger than the padded input ({size} + 2·{padding})"
        )
    return (size - k + 2 * padding) // stride + 1


def _as_images(X, name, channels):
    """``X`` as a finite float64 batch (n, channels, h, w) with n, h, w ≥ 1."""
    X = as_float_array(X, name)
    if X.ndim != 4:
        raise ValueError(f"{name} must be 4-D with shape (n, c, h, w), got shape {X.shape}")
    if channels is not None and X.shape[1] != channels:
        raise ValueError(f"{name} must have {channels} channel(s) on axis 1, got shape {X.shape}")
    if 0 in X.shape:
        raise ValueError(f"{name} must not have an empty axis, got shape {X.shape}")
    return X


def _as_settings(k, stride, padding):
    return as_int(k, "k", 1), as_int(stride, "stride", 1), as_int(padding, "padding", 0)


def _check_padded(shape, padding, k):
    """Refuse a padded image or a patch matrix too big to hold, before allocating it."""
    n, c, h, w = shape
    check_size((n, c, h + 2 * padding, w + 2 * padding), "the padded images")
    check_size((n, c * k * k, h + 2 * padding, w + 2 * padding), "the patch matrix")


def im2col(X, k, stride=1, padding=0, *, check_input=True):
    """Every k × k patch of every channel as one row: the matrix a convolution multiplies.

    Parameters
    ----------
    X : array_like, shape (n, c, h, w), finite
    k, stride, padding : int
    check_input : bool
        ``False`` skips checking the arguments, for a caller that has (``Conv2D``).

    Returns
    -------
    cols : ndarray, shape (n·h_out·w_out, c·k·k)
        Row (i, y, x) holds the patch under output pixel (y, x) of image i, channel by
        channel, each k × k patch read row by row (the order of ``W[o].ravel()``).

    Introduced in lesson 13.
    """
    if _checked(check_input):
        X = _as_images(X, "X", None)
        k, stride, padding = _as_settings(k, stride, padding)
        _check_padded(X.shape, padding, k)
    n, c, h, w = X.shape
    h_out, w_out = output_size(h, k, stride, padding), output_size(w, k, stride, padding)
    if padding:
        X = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    # A view (n, c, h', w', k, k) of every window, then every stride-th one: no copy yet.
    windows = sliding_window_view(X, (k, k), axis=(2, 3))[:, :, ::stride, ::stride]
    windows = windows[:, :, :h_out, :w_out]
    return windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * h_out * w_out, c * k * k)


def col2im(dcols, shape, k, stride=1, padding=0, *, check_input=True):
    """The adjoint of ``im2col``: add each row's entries back where its patch came from.

    Parameters
    ----------
    dcols : array_like, shape (n·h_out·w_out, c·k·k), finite
    shape : tuple or list (n, c, h, w) of int ≥ 1
        The shape of the ``X`` that ``im2col`` read.
    k, stride, padding : int
    check_input : bool
        ``False`` skips checking the arguments, for a caller that has (``Conv2D``).

    Returns
    -------
    dX : ndarray, shape (n, c, h, w)
        A pixel inside several patches collects the sum of their entries. Sums that
        overflow give ±inf without a warning.

    Introduced in lesson 13.
    """
    checked = _checked(check_input)
    if checked:
        if not isinstance(shape, (tuple, list)) or len(shape) != 4:
            raise ValueError(f"shape must be a tuple (n, c, h, w), got {shape!r}")
        shape = tuple(as_int(v, "each size in shape", 1) for v in shape)
        k, stride, padding = _as_settings(k, stride, padding)
        _check_padded(shape, padding, k)
        n, c, h, w = shape
        rows = n * output_size(h, k, stride, padding) * output_size(w, k, stride, padding)
        dcols = as_float_array(dcols, "dcols")
        if dcols.shape != (rows, c * k * k):
            raise ValueError(
                f"dcols must have shape (n·h_out·w_out, c·k·k) = {(rows, c * k * k)} for "
                f"images of shape {shape}, got {dcols.shape}"
            )
    n, c, h, w = shape
    h_out, w_out = output_size(h, k, stride, padding), output_size(w, k, stride, padding)
    patches = dcols.reshape(n, h_out, w_out, c, k, k).transpose(0, 3, 1, 2, 4, 5)
    dXp = np.zeros((n, c, h + 2 * padding, w + 2 * padding))
    with silent_overflow(checked):
        for i in range(k):  # k² slices, each a whole-batch add: no Python loop over pixels
            for j in range(k):
                dXp[:, :, i : i + stride * h_out : stride, j : j + stride * w_out : stride] += (
                    patches[..., i, j]
                )
    return dXp[:, :, padding : padding + h, padding : padding + w]


# Classic 3 × 3 kernels for the lesson's kernel editor: (name, kernel) in menu order.
KERNELS = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "vertical edge": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],  # Sobel: ink to the right
    "horizontal edge": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],  # Sobel: ink below
    "blur": [[1 / 9] * 3] * 3,
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
}


def _as_image(x, name):
    """``x`` as a finite float64 2-D array (h, w) with h, w ≥ 1."""
    x = as_float_array(x, name)
    if x.ndim != 2 or 0 in x.shape:
        raise ValueError(f"{name} must be 2-D with shape (h, w), got shape {x.shape}")
    return x


def feature_map(image, kernel, stride=1, padding=0):
    """One kernel slid over one image: Z[y, x] = Σ_{u,v} K[u, v] · X[s·y + u, s·x + v].

    The sliding dot product (a cross-correlation, as every deep-learning library
    computes it) of ``Conv2D`` with one channel in and out and no bias.

    Parameters
    ----------
    image : array_like, shape (h, w), finite
    kernel : array_like, shape (k, k), finite
    stride : int ≥ 1
    padding : int ≥ 0
        Blank pixels added on every side first.

    Returns
    -------
    Z : ndarray, shape (h_out, w_out), h_out = ⌊(h − k + 2p)/s⌋ + 1
        Where the sums overflow (huge pixels or weights) Z holds ±inf, and NaN where
        +inf meets −inf, without a warning, as ``Dense.forward``.

    Introduced in lesson 13.
    """
    X, K = _as_image(image, "image"), _as_image(kernel, "kernel")
    if K.shape[0] != K.shape[1]:
        raise ValueError(f"kernel must be square, shape (k, k), got shape {K.shape}")
    layer = Conv2D.from_weights(K[np.newaxis, np.newaxis], [0.0], stride, padding)
    return layer.forward(X[np.newaxis, np.newaxis])[0, 0]


def patch(image, k, y, x, stride=1, padding=0):
    """The k × k patch of ``image`` under output pixel (y, x): what the kernel meets there.

    Parameters
    ----------
    image : array_like, shape (h, w), finite
    k, stride, padding : int
        As for ``feature_map``; a padded border reads as 0.
    y, x : int
        An output pixel, 0 ≤ y < h_out, 0 ≤ x < w_out.

    Returns
    -------
    ndarray, shape (k, k)
        ``np.sum(kernel * patch(...))`` is ``feature_map(...)[y, x]``.

    Introduced in lesson 13.
    """
    X = _as_image(image, "image")
    k, stride, padding = _as_settings(k, stride, padding)
    check_size((X.shape[0] + 2 * padding, X.shape[1] + 2 * padding), "the padded image")
    h_out = output_size(X.shape[0], k, stride, padding)
    w_out = output_size(X.shape[1], k, stride, padding)
    y, x = as_int(y, "y", 0, h_out - 1), as_int(x, "x", 0, w_out - 1)
    Xp = np.pad(X, padding)
    return Xp[stride * y : stride * y + k, stride * x : stride * x + k].copy()


class _SizedByUse:
    """An image layer's ``n_in`` and ``n_out``, learned from its last forward pass (the
    blank sample ``MLP.from_layers`` sends through)."""

    @property
    def n_in(self):
        """Numbers per sample of the last input (``None`` before the first forward pass)."""
        return None if self.X is None else self.X[0].size

    @property
    def n_out(self):
        """Numbers per sample of the last output (``None`` before the first forward pass)."""
        return None if self.A is None else self.A[0].size


class _Parameterless:
    """A layer with nothing to learn: no parameters, no activation of its own."""

    activation = "identity"

    def params(self):
        """``[]``: nothing for an optimizer to update."""
        return []

    def grads(self):
        """``[]``, as ``params()``."""
        return []


class Conv2D(_SizedByUse):
    """A convolutional layer: Z[i, o] = Σ_c W[o, c] ⋆ X[i, c] + b[o], A = f(Z).

    ⋆ is the sliding dot product (cross-correlation, as in PyTorch): output pixel (y, x)
    is Σ_{c,u,v} W[o, c, u, v] · X[i, c, s·y + u, s·x + v] on the zero-padded input.

    Parameters
    ----------
    c_in, c_out : int
        Input and output channels.
    k : int
        Kernel size: each kernel is k × k.
    stride : int ≥ 1
    padding : int ≥ 0
        Zeros added on every side of the input.
    activation : str
        A name in ``nnmath.activations.ACTIVATIONS`` other than softmax.
    rng : np.random.Generator or int
        Source of the initial weights: He, std √(2 / (c_in·k²)).

    Attributes
    ----------
    W : ndarray, shape (c_out, c_in, k, k)
    b : ndarray, shape (c_out,)
    dW, db : set by ``backward``: ∂L/∂W and ∂L/∂b

    Introduced in lesson 13.
    """

    def __init__(self, c_in, c_out, k, stride=1, padding=0, activation="relu", *, rng):
        c_in, c_out, k = as_int(c_in, "c_in", 1), as_int(c_out, "c_out", 1), as_int(k, "k", 1)
        check_size((c_out, c_in * k * k), "W (c_out, c_in, k, k)")
        W = check_rng(rng).normal(0.0, np.sqrt(2.0 / (c_in * k * k)), size=(c_out, c_in, k, k))
        self._set(W, np.zeros(c_out), stride, padding, activation)

    @classmethod
    def from_weights(cls, W, b, stride=1, padding=0, activation="identity"):
        """A layer with the given kernels ``W`` (c_out, c_in, k, k) and biases ``b`` (c_out,)."""
        W = as_float_array(W, "W")
        if W.ndim != 4 or W.shape[2] != W.shape[3] or 0 in W.shape:
            raise ValueError(
                f"W must be 4-D with shape (c_out, c_in, k, k), square kernels, got {W.shape}"
            )
        b = as_float_array(b, "b")
        if b.shape != (W.shape[0],):
            raise ValueError(f"b must have shape ({W.shape[0]},) to match W, got {b.shape}")
        layer = cls.__new__(cls)
        layer._set(W.copy(), b.copy(), stride, padding, activation)
        return layer

    def _set(self, W, b, stride, padding, activation):
        self.stride, self.padding = as_int(stride, "stride", 1), as_int(padding, "padding", 0)
        if activation == "softmax":
            raise ValueError("a convolution's activation can't be softmax: use it on the output")
        self.f, _ = activations.get(activation)
        self.activation = activation
        self.W, self.b = W, b
        self.dW, self.db = np.zeros_like(W), np.zeros_like(b)
        self.X = self.Z = self.A = None

    @property
    def c_in(self):
        return self.W.shape[1]

    @property
    def c_out(self):
        return self.W.shape[0]

    @property
    def k(self):
        return self.W.shape[2]

    def forward(self, X, *, check_input=True):
        """Compute and cache A = f(Z), Z = im2col(X) · W_flatᵀ + b, reshaped to images.

        Parameters
        ----------
        X : array_like, shape (n, c_in, h, w), finite
        check_input : bool
            ``False`` skips checking X, for a caller that has (as ``Dense.forward``).

        Returns
        -------
        A : ndarray, shape (n, c_out, h_out, w_out), h_out = ⌊(h − k + 2p)/s⌋ + 1
            Where the sums overflow (huge inputs or weights) Z holds ±inf, and NaN where
            +inf meets −inf, without a warning, as ``Dense.forward``.
        """
        checked = _checked(check_input)
        if checked:
            X = _as_images(X, "X", self.c_in)
        n, _, h, w = X.shape
        h_out = output_size(h, self.k, self.stride, self.padding)
        w_out = output_size(w, self.k, self.stride, self.padding)
        self.X = X
        if checked:
            _check_padded(X.shape, self.padding, self.k)
        # (n·h_out·w_out, c_in·k²); not kept: k² copies of every pixel would be the
        # largest thing a trained network holds, and backward cuts them again cheaply
        cols = im2col(X, self.k, self.stride, self.padding, check_input=False)
        with silent_overflow(checked):
            Z = cols @ self.W.reshape(self.c_out, -1).T + self.b  # (n·h_out·w_out, c_out)
            self.Z = Z.reshape(n, h_out, w_out, self.c_out).transpose(0, 3, 1, 2)
            self.A = self.f(self.Z)  # (n, c_out, h_out, w_out)
        return self.A

    def backward(self, dA, need_dX=True, *, check_input=True):
        """dZ = dA ⊙ f′(Z); dW = dZᵀ · im2col(X), db = Σ dZ, dX = col2im(dZ · W_flat).

        dX is a "full" convolution of dZ with the flipped kernels, computed here as the
        adjoint of im2col.

        Parameters
        ----------
        dA : array_like, shape (n, c_out, h_out, w_out), finite
        need_dX : bool
            Whether to compute and return dX (the first layer's is rarely wanted).

        Returns
        -------
        dX : ndarray, shape (n, c_in, h, w), or ``None``; also sets ``dW`` and ``db``
            (overflowing sums give ±inf or NaN without a warning, as in ``forward``).
        """
        checked = _checked(check_input)
        if checked:
            dA, need_dX = as_gradient(self, dA, "dA"), as_bool(need_dX, "need_dX")
        with silent_overflow(checked):
            # In (n, h_out, w_out, c_out) order, the layout of the matmul's Z and A: one pass
            # makes dZ's rows, with no transposed copy.
            to_rows = (0, 2, 3, 1)
            f_prime = activations.OUTPUT_DERIVATIVES[self.activation](self.A.transpose(to_rows))
            dZ = np.multiply(dA.transpose(to_rows), f_prime, order="C").reshape(-1, self.c_out)
            cols = im2col(self.X, self.k, self.stride, self.padding, check_input=False)
            self.dW = (dZ.T @ cols).reshape(self.W.shape)  # (c_out, c_in, k, k)
            self.db = dZ.sum(axis=0)  # (c_out,)
            if not need_dX:
                return None
            dcols = dZ @ self.W.reshape(self.c_out, -1)  # (n·h_out·w_out, c_in·k²)
            return col2im(dcols, self.X.shape, self.k, self.stride, self.padding, check_input=False)

    def params(self):
        """``[W, b]``: the arrays an optimizer updates in place."""
        return [self.W, self.b]

    def grads(self):
        """``[dW, db]``, in the order of ``params()``."""
        return [self.dW, self.db]

    def __repr__(self):
        return (
            f"Conv2D({self.c_in} → {self.c_out}, k={self.k}, stride={self.stride}, "
            f"padding={self.padding}, activation={self.activation!r})"
        )


class MaxPool2D(_SizedByUse, _Parameterless):
    """Max pooling over non-overlapping k × k blocks: A[i, c, y, x] = max of a block.

    The gradient goes to the largest entry of each block (the first, on a tie, as in
    PyTorch); the others get 0.

    Parameters
    ----------
    k : int ≥ 1
        Block size; the input's height and width must be multiples of k.

    Introduced in lesson 13.
    """

    def __init__(self, k):
        self.k = as_int(k, "k", 1)
        self.X = self.A = self.argmax = None

    def forward(self, X, *, check_input=True):
        """A (n, c, h/k, w/k), the maximum of each k × k block of X (n, c, h, w)."""
        k = self.k
        if _checked(check_input):
            X = as_float_array(X, "X")
            if X.ndim != 4 or 0 in X.shape:
                raise ValueError(f"X must be 4-D with shape (n, c, h, w), got shape {X.shape}")
            if X.shape[2] % k or X.shape[3] % k:
                raise ValueError(
                    f"X's height and width must be multiples of k = {k}, got {X.shape}"
                )
        n, c, h, w = X.shape
        blocks = X.reshape(n, c, h // k, k, w // k, k).transpose(0, 1, 2, 4, 3, 5)
        blocks = blocks.reshape(n, c, h // k, w // k, k * k)
        self.argmax = blocks.argmax(axis=-1)  # (n, c, h/k, w/k): which entry won
        self.X = X
        self.A = np.take_along_axis(blocks, self.argmax[..., None], axis=-1)[..., 0]
        return self.A

    def backward(self, dA, need_dX=True, *, check_input=True):
        """dX: each block's dA at the entry that won its maximum, 0 elsewhere."""
        if _checked(check_input):
            dA, need_dX = as_gradient(self, dA, "dA"), as_bool(need_dX, "need_dX")
        if not need_dX:
            return None
        k = self.k
        n, c, h, w = self.X.shape
        dblocks = np.zeros((n, c, h // k, w // k, k * k))
        np.put_along_axis(dblocks, self.argmax[..., None], dA[..., None], axis=-1)
        dblocks = dblocks.reshape(n, c, h // k, w // k, k, k).transpose(0, 1, 2, 4, 3, 5)
        return dblocks.reshape(n, c, h, w)

    def __repr__(self):
        return f"MaxPool2D(k={self.k})"


class Flatten(_SizedByUse, _Parameterless):
    """Images (n, c, h, w) as rows (n, c·h·w), the input a ``Dense`` layer takes.

    Introduced in lesson 13.
    """

    def __init__(self):
        self.X = self.A = None

    def forward(self, X, *, check_input=True):
        """A (n, c·h·w): each image's pixels in one row, channel by channel."""
        if _checked(check_input):
            X = as_float_array(X, "X")
            if X.ndim < 2 or X.shape[0] == 0:
                raise ValueError(f"X must have a batch axis and at least one more, got {X.shape}")
        self.X = X
        self.A = X.reshape(X.shape[0], -1)
        return self.A

    def backward(self, dA, need_dX=True, *, check_input=True):
        """dX: dA reshaped back to the images' shape."""
        if _checked(check_input):
            dA, need_dX = as_gradient(self, dA, "dA"), as_bool(need_dX, "need_dX")
        return dA.reshape(self.X.shape) if need_dX else None

    def __repr__(self):
        return "Flatten()"


class Reshape(_Parameterless):
    """Rows (n, c·h·w) as images (n, c, h, w): the first layer of a network on flat data.

    Parameters
    ----------
    shape : tuple (c, h, w) of int ≥ 1
        One sample's shape; ``n_in`` = ``n_out`` = c·h·w.

    Introduced in lesson 13.
    """

    def __init__(self, shape):
        if not isinstance(shape, tuple) or len(shape) != 3:
            raise ValueError(f"shape must be a tuple (c, h, w), got {shape!r}")
        self.shape = tuple(as_int(v, "each size in shape", 1) for v in shape)
        self.n_in = self.n_out = int(np.prod(self.shape))
        self.A = None

    def forward(self, X, *, check_input=True):
        """A (n, c, h, w): each row of X (n, c·h·w) as one image."""
        if _checked(check_input):
            X = as_float_array(X, "X")
            if X.ndim != 2 or X.shape[1] != self.n_in or X.shape[0] == 0:
                raise ValueError(f"X must have shape (n, {self.n_in}), got {X.shape}")
        self.A = X.reshape(X.shape[0], *self.shape)
        return self.A

    def backward(self, dA, need_dX=True, *, check_input=True):
        """dX: dA as rows again."""
        if _checked(check_input):
            dA, need_dX = as_gradient(self, dA, "dA"), as_bool(need_dX, "need_dX")
        return dA.reshape(dA.shape[0], -1) if need_dX else None

    def __repr__(self):
        return f"Reshape({self.shape})"
