"""A dense (fully connected) layer: Z = XW + b, A = f(Z).

Also the lesson 03 picture of a 2 → 2 layer as a map of the plane, in numbers:
grid lines and the unit square as batches of points, and ``warp_lines``
sending them through a layer.
"""

import numpy as np

from . import activations
from ._checks import as_float_array, as_gradient, as_matrix, check_rng


def init_std(n_in, n_out, init):
    """Standard deviation of the initial weights.

    ``"he"``: √(2 / n_in), keeps ReLU activations' scale layer to layer;
    ``"xavier"``: √(2 / (n_in + n_out)), the same for tanh/sigmoid;
    a float: that standard deviation. Introduced in lesson 08.
    """
    if init == "he":
        return np.sqrt(2.0 / n_in)
    if init == "xavier":
        return np.sqrt(2.0 / (n_in + n_out))
    if isinstance(init, (int, float)) and not isinstance(init, bool) and init > 0:
        return float(init)
    raise ValueError(f"init must be 'he', 'xavier' or a positive float, got {init!r}")


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
        "auto" is He for ReLU and Xavier otherwise; a float is the weights' std.

    Attributes
    ----------
    W : ndarray, shape (n_in, n_out)
    b : ndarray, shape (n_out,)
    dW, db : ndarrays shaped like W and b, set by ``backward``: ∂L/∂W and ∂L/∂b

    Introduced in lesson 03.
    """

    def __init__(self, n_in, n_out, activation="relu", *, rng, init="auto"):
        for name, v in (("n_in", n_in), ("n_out", n_out)):
            if not isinstance(v, (int, np.integer)) or v < 1:
                raise ValueError(f"{name} must be a positive int, got {v!r}")
        activations.get(activation)
        if init == "auto":
            init = "he" if activation == "relu" else "xavier"
        std = init_std(n_in, n_out, init)
        W = check_rng(rng).normal(0.0, std, size=(n_in, n_out))
        self._set(W, np.zeros(n_out), activation)

    @classmethod
    def from_weights(cls, W, b, activation="relu"):
        """A layer with the given ``W`` (n_in, n_out) and ``b`` (n_out,), for hand-set examples."""
        layer = cls.__new__(cls)
        W = as_float_array(W, "W")
        if W.ndim != 2:
            raise ValueError(f"W must be 2-D with shape (n_in, n_out), got shape {W.shape}")
        b = as_float_array(b, "b").reshape(-1)
        if b.shape != (W.shape[1],):
            raise ValueError(f"b must have shape ({W.shape[1]},) to match W, got {b.shape}")
        layer._set(W.copy(), b.copy(), activation)
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
        X : array_like, shape (n, n_in)
        check_input : bool
            ``False`` skips checking X (shape, NaN), for a caller that has:
            ``MLP.forward`` checks its input once, not at every layer.

        Returns
        -------
        A : ndarray, shape (n, n_out)
        """
        if check_input:
            X = as_matrix(X, "X", self.n_in)
        self.X = X
        self.Z = X @ self.W + self.b  # (n, n_out)
        self.A = self.f(self.Z)  # (n, n_out)
        return self.A

    def backward(self, dA, need_dX=True, *, check_input=True):
        """Backpropagate ∂L/∂A through the activation, then the weights (``backward_z``).

        dZ = dA ⊙ f′(Z) (for softmax, the Jacobian-vector product).

        Parameters
        ----------
        dA : ndarray, shape (n, n_out)
        need_dX : bool
            Whether to compute and return dX (see ``backward_z``).
        check_input : bool
            ``False`` skips checking dA's shape, for ``MLP.backward``, whose
            layers hand each other gradients of the right shape.

        Returns
        -------
        dX : ndarray, shape (n, n_in), or ``None``; also sets ``dW`` and ``db``
        """
        if check_input:
            dA = as_gradient(self, dA, "dA")
        if self.activation == "softmax":
            dZ = activations.softmax_backward(self.A, dA)  # (n, n_out)
        else:
            # f′(Z) from the cached A: σ′ = A(1−A), tanh′ = 1−A², as lesson 08 derives.
            dZ = dA * activations.OUTPUT_DERIVATIVES[self.activation](self.A)  # (n, n_out)
        return self.backward_z(dZ, need_dX, check_input=False)  # dZ is shaped like dA

    def backward_z(self, dZ, need_dX=True, *, check_input=True):
        """Backpropagate ∂L/∂Z: dW = Xᵀ dZ, db = Σₙ dZ, dX = dZ Wᵀ.

        Used directly when the loss hands over ∂L/∂Z (softmax + cross-entropy).

        Parameters
        ----------
        dZ : ndarray, shape (n, n_out)
        need_dX : bool
            Whether to compute dX. The first layer's dX (the gradient with respect
            to the data) is rarely wanted in training: skipping it saves a matmul.
        check_input : bool
            ``False`` skips checking dZ's shape (see ``backward``).

        Returns
        -------
        dX : ndarray, shape (n, n_in), or ``None`` when ``need_dX`` is false
        """
        if check_input:
            dZ = as_gradient(self, dZ, "dZ")
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


def _is_int(v):
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


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
    if not (_is_int(n) and _is_int(res) and n >= 2 and res >= 2):
        raise ValueError(
            f"need ints n ≥ 2 lines and res ≥ 2 points per line, got n={n!r}, res={res!r}"
        )
    if not 0 < lim < np.inf:
        raise ValueError(f"lim must be a positive finite number, got {lim!r}")
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
    if not (_is_int(res) and res >= 2):
        raise ValueError(f"res must be an int ≥ 2 points per side, got {res!r}")
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
        Each point after the linear step, and after the activation.

    Introduced in lesson 03.
    """
    layer = Dense.from_weights(W, b, activation)
    if layer.W.shape != (2, 2):
        raise ValueError(
            f"W must have shape (2, 2) to map the plane to itself, got {layer.W.shape}"
        )
    lines = as_float_array(lines, "lines")
    if lines.ndim < 1 or lines.shape[-1] != 2:
        raise ValueError(f"lines must have shape (..., 2), got {lines.shape}")
    A = layer.forward(lines.reshape(-1, 2))  # (points, 2)
    return layer.Z.reshape(lines.shape), A.reshape(lines.shape)
