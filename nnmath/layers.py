"""A dense (fully connected) layer: Z = XW + b, A = f(Z).

Also the lesson 03 picture of a 2 → 2 layer as a map of the plane, in numbers:
grid lines and the unit square as batches of points, and ``warp_lines``
sending them through a layer.
"""

import numpy as np

from . import activations
from ._checks import (
    as_bool,
    as_float_array,
    as_gradient,
    as_int,
    as_matrix,
    as_number,
    check_rng,
    check_size,
    silent_overflow,
)

_INIT_CHOICES = "init must be 'he', 'xavier' or a finite number > 0"


def init_std(n_in, n_out, init):
    """Standard deviation of the initial weights.

    ``"he"``: √(2 / n_in), keeps ReLU activations' scale layer to layer;
    ``"xavier"``: √(2 / (n_in + n_out)), the same for tanh/sigmoid;
    a number (Python or NumPy, finite, > 0): that standard deviation.
    ``n_in`` and ``n_out`` are whole numbers ≥ 1. Introduced in lesson 08.
    """
    n_in, n_out = as_int(n_in, "n_in", 1), as_int(n_out, "n_out", 1)
    if isinstance(init, str):
        if init == "he":
            return np.sqrt(2.0 / n_in)
        if init == "xavier":
            return np.sqrt(2.0 / (n_in + n_out))
        raise ValueError(f"{_INIT_CHOICES}, got {init!r}")
    try:
        return as_number(init, "init", 0, low_open=True)
    except TypeError:  # not a number at all: say what else init may be
        raise TypeError(f"{_INIT_CHOICES}, got {init!r}") from None


def _checked(check_input):
    """Whether a layer method checks its input: ``False`` (an identity test, the hot path) or
    a bool; anything else is refused."""
    return check_input is not False and as_bool(check_input, "check_input")


class Dense:
    """A fully connected layer, Z = XW + b and A = f(Z).

    Parameters
    ----------
    n_in, n_out : int
        Input and output widths: ``W`` has shape (n_in, n_out), ``b`` (n_out,).
    activation : str
        A name in ``nnmath.activations.ACTIVATIONS``.
    rng : np.random.Generator or int
        Source of the initial weights (an int is used as a seed).
    init : {"auto", "he", "xavier"} or float
        "auto" is He for ReLU and Xavier otherwise; a number is the weights' std
        (see ``init_std``).

    Attributes
    ----------
    W : ndarray, shape (n_in, n_out)
    b : ndarray, shape (n_out,)
    dW, db : ndarrays shaped like W and b, set by ``backward``: ∂L/∂W and ∂L/∂b

    Introduced in lesson 03.
    """

    def __init__(self, n_in, n_out, activation="relu", *, rng, init="auto"):
        n_in, n_out = as_int(n_in, "n_in", 1), as_int(n_out, "n_out", 1)
        check_size((n_in, n_out), "W (n_in, n_out)")
        activations.get(activation)
        if isinstance(init, str) and init == "auto":
            init = "he" if activation == "relu" else "xavier"
        std = init_std(n_in, n_out, init)
        W = check_rng(rng).normal(0.0, std, size=(n_in, n_out))
        self._set(W, np.zeros(n_out), activation)

    @classmethod
    def from_weights(cls, W, b, activation="relu"):
        """A layer with the given weights, for hand-set examples.

        Parameters
        ----------
        W : array_like, shape (n_in, n_out), n_in, n_out ≥ 1
        b : array_like, shape (n_out,) or (1, n_out)
            A row (1, n_out) is taken as (n_out,), and for one output a single number.
        activation : str
            A name in ``nnmath.activations.ACTIVATIONS``.

        Returns
        -------
        Dense
            Holding copies of ``W`` and ``b``.
        """
        W = as_float_array(W, "W")
        if W.ndim != 2:
            raise ValueError(f"W must be 2-D with shape (n_in, n_out), got shape {W.shape}")
        if W.size == 0:
            raise ValueError(f"W must have at least 1 row and 1 column, got shape {W.shape}")
        n_out = W.shape[1]
        b = as_float_array(b, "b")
        # Only shapes that hold exactly one bias per output, in order: never a broadcast.
        if b.shape not in ((n_out,), (1, n_out)) and not (n_out == 1 and b.ndim == 0):
            raise ValueError(f"b must have shape ({n_out},) to match W, got {b.shape}")
        layer = cls.__new__(cls)
        layer._set(W.copy(), b.reshape(n_out).copy(), activation)
        return layer

    def _set(self, W, b, activation):
        self.W, self.b = W, b
        self.activation = activation
        self.f, _ = activations.get(activation)  # f′ comes from the cached A, see backward
        self.dW = np.zeros_like(W)
        self.db = np.zeros_like(b)
        self.X = self.Z = self.A = None

    @property
    def n_in(self):
        return self.W.shape[0]

    @property
    def n_out(self):
        return self.W.shape[1]

    def forward(self, X, *, check_input=True):
        """Compute and cache A = f(XW + b).

        Parameters
        ----------
        X : array_like, shape (n, n_in), finite
        check_input : bool
            ``False`` skips checking X (shape, NaN), for a caller that has:
            ``MLP.forward`` checks its input once, not at every layer. The caller
            then also owns the floating-point warnings (``np.errstate``).

        Returns
        -------
        A : ndarray, shape (n, n_out)
            Where XW + b overflows (huge weights or inputs) Z holds ±inf, and NaN
            where two infinities cancel, without a warning.
        """
        checked = _checked(check_input)
        if checked:
            X = as_matrix(X, "X", self.n_in)
        self.X = X
        with silent_overflow(checked):
            self.Z = X @ self.W + self.b  # (n, n_out)
            if self.activation == "softmax":  # Z is ours, the errstate set: unchecked
                self.A = activations.softmax(self.Z, check_input=False)  # (n, n_out)
            else:
                self.A = self.f(self.Z)  # (n, n_out)
        return self.A

    def backward(self, dA, need_dX=True, *, check_input=True):
        """Backpropagate ∂L/∂A through the activation, then the weights (``backward_z``).

        dZ = dA ⊙ f′(Z) (for softmax, the Jacobian-vector product).

        Parameters
        ----------
        dA : array_like, shape (n, n_out), finite
        need_dX : bool
            Whether to compute and return dX (see ``backward_z``).
        check_input : bool
            ``False`` skips checking dA (shape, NaN) and ``need_dX``, for
            ``MLP.backward``, whose layers hand each other gradients of the right
            shape; the caller then owns the floating-point warnings, as in ``forward``.

        Returns
        -------
        dX : ndarray, shape (n, n_in), or ``None``; also sets ``dW`` and ``db``
            Overflow gives ±inf (or NaN), without a warning, as in ``forward``.
        """
        checked = _checked(check_input)
        if checked:
            dA, need_dX = as_gradient(self, dA, "dA"), as_bool(need_dX, "need_dX")
        with silent_overflow(checked):
            if self.activation == "softmax":
                dZ = activations.softmax_backward(self.A, dA, check_input=False)  # (n, n_out)
            else:
                # f′(Z) from the cached A: σ′ = A(1−A), tanh′ = 1−A², as lesson 08 derives.
                dZ = dA * activations.OUTPUT_DERIVATIVES[self.activation](self.A)  # (n, n_out)
            return self.backward_z(dZ, need_dX, check_input=False)  # dZ is shaped like dA

    def backward_z(self, dZ, need_dX=True, *, check_input=True):
        """Backpropagate ∂L/∂Z: dW = Xᵀ dZ, db = Σₙ dZ, dX = dZ Wᵀ.

        Used directly when the loss hands over ∂L/∂Z (softmax + cross-entropy).

        Parameters
        ----------
        dZ : array_like, shape (n, n_out), finite
        need_dX : bool
            Whether to compute dX. The first layer's dX (the gradient with respect
            to the data) is rarely wanted in training: skipping it saves a matmul.
        check_input : bool
            ``False`` skips checking dZ (shape, NaN) and ``need_dX``; see ``backward``.

        Returns
        -------
        dX : ndarray, shape (n, n_in), or ``None`` when ``need_dX`` is false
        """
        checked = _checked(check_input)
        if checked:
            dZ, need_dX = as_gradient(self, dZ, "dZ"), as_bool(need_dX, "need_dX")
        with silent_overflow(checked):
            self.dW = self.X.T @ dZ  # (n_in, n_out)
            self.db = dZ.sum(axis=0)  # (n_out,)
            return dZ @ self.W.T if need_dX else None  # (n, n_in)

    def params(self):
        """``[W, b]``: the arrays an optimizer updates in place."""
        return [self.W, self.b]

    def grads(self):
        """``[dW, db]``, in the order of ``params()``."""
        return [self.dW, self.db]

    def __repr__(self):
        return (
            f"Dense({self.n_in} → {self.n_out}, activation={self.activation!r}, "
            f"W {self.W.shape}, b {self.b.shape})"
        )


# --- a 2 → 2 layer as a map of the plane (lesson 03) --------------------------------------


def grid_lines(lim=2.0, n=9, res=41):
    """The lines of a square grid over [−lim, lim]², each sampled at ``res`` points.

        line i < n: x₂ = tᵢ; line n + i: x₁ = tᵢ, with tᵢ = −lim + 2·lim·i/(n − 1)

    Parameters
    ----------
    lim : float > 0
        Half the side of the square.
    n : int ≥ 2
        Lines in each direction.
    res : int ≥ 2
        Points per line.

    Returns
    -------
    ndarray, shape (2n, res, 2)
        Lines 0 … n−1 are horizontal (x₂ fixed), lines n … 2n−1 vertical (x₁ fixed).
        Every line is a small batch X of shape (res, 2), ready for a layer.

    Introduced in lesson 03.
    """
    lim = as_number(lim, "lim", 0, low_open=True)
    n, res = as_int(n, "n", 2), as_int(res, "res", 2)
    check_size((2 * n, res, 2), "grid_lines(lim, n, res)")
    ticks = np.linspace(-lim, lim, n)  # (n,)
    along = np.linspace(-lim, lim, res)  # (res,)
    horizontal = np.stack([np.column_stack([along, np.full(res, t)]) for t in ticks])
    vertical = np.stack([np.column_stack([np.full(res, t), along]) for t in ticks])
    return np.concatenate([horizontal, vertical])  # (2n, res, 2)


def unit_square(res=41):
    """The outline of the unit square [0, 1]², closed, as one batch of points.

        (t, 0), then (1, t), then (1 − t, 1), then (0, 1 − t), for t from 0 to 1

    Parameters
    ----------
    res : int ≥ 2
        Points per side.

    Returns
    -------
    ndarray, shape (4·res, 2)
        Counter-clockwise from (0, 0); the last point is (0, 0) again.

    Introduced in lesson 03.
    """
    res = as_int(res, "res", 2)
    check_size((4 * res, 2), "unit_square(res)")
    t = np.linspace(0, 1, res)  # (res,)
    zero, one = np.zeros(res), np.ones(res)
    return np.concatenate(
        [
            np.column_stack([t, zero]),
            np.column_stack([one, t]),
            np.column_stack([t[::-1], one]),
            np.column_stack([zero, t[::-1]]),
        ]
    )  # (4·res, 2)


def warp_lines(lines, W, b, activation="relu"):
    """Send every point of ``lines`` through a 2 → 2 layer, keeping the lines' shape.

        Z = XW + b, A = f(Z), for the points X of ``lines`` taken as one batch

    Parameters
    ----------
    lines : array_like, shape (..., 2)
        Points of the input plane, e.g. from ``grid_lines`` or ``unit_square``.
    W : array_like, shape (2, 2)
    b : array_like, shape (2,)
    activation : str
        A name in ``nnmath.activations.ACTIVATIONS``.

    Returns
    -------
    Z, A : ndarray, same shape as ``lines``
        Each point after the linear step, and after the activation. Where XW + b
        overflows (points or weights near ±1e308) Z holds ±inf, and NaN where two
        infinities cancel, without a warning, as in ``Dense.forward``.

    Introduced in lesson 03.
    """
    layer = Dense.from_weights(W, b, activation)
    if layer.W.shape != (2, 2):
        raise ValueError(
            f"W must have shape (2, 2) to map the plane to itself, got {layer.W.shape}"
        )
    lines = as_float_array(lines, "lines")
    if lines.ndim < 1 or lines.shape[-1] != 2 or lines.size == 0:
        raise ValueError(
            f"lines must have shape (..., 2) with at least one point, got {lines.shape}"
        )
    with np.errstate(over="ignore", invalid="ignore"):  # overflow gives ±inf, as documented
        A = layer.forward(lines.reshape(-1, 2), check_input=False)  # (points, 2), checked above
    return layer.Z.reshape(lines.shape), A.reshape(lines.shape)
