"""Gradient descent: the update w ← w − η ∂L/∂w, with optional momentum and L2."""

import numpy as np

from ._checks import as_float_array


class SGD:
    """Stochastic gradient descent with momentum.

    v ← μ v − η (g + λ w);  w ← w + v.  With μ = 0 this is w ← w − η g.

    Parameters
    ----------
    lr : float
        Learning rate η > 0.
    momentum : float
        μ in [0, 1): how much of the last step carries over.
    weight_decay : float
        λ ≥ 0, the L2 penalty (λ/2)‖w‖² added to the loss, applied to every parameter.

    Introduced in lesson 06.
    """

    def __init__(self, lr, momentum=0.0, weight_decay=0.0):
        if not lr > 0:
            raise ValueError(f"lr must be > 0, got {lr!r}")
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        if not weight_decay >= 0:
            raise ValueError(f"weight_decay must be >= 0, got {weight_decay!r}")
        self.lr, self.momentum, self.weight_decay = float(lr), float(momentum), float(weight_decay)
        self.velocity = None

    def step(self, params, grads):
        """Update every array in ``params`` in place from the matching array in ``grads``."""
        if len(params) != len(grads):
            raise ValueError(f"got {len(params)} parameter arrays but {len(grads)} gradients")
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        lr, mu, wd = self.lr, self.momentum, self.weight_decay
        for p, g, v in zip(params, grads, self.velocity, strict=True):
            if p.shape != g.shape:
                raise ValueError(f"gradient shape {g.shape} does not match parameter {p.shape}")
            if wd:
                g = g + wd * p  # (λ/2)‖w‖² adds λw to the gradient
            if mu:
                v *= mu
                v -= lr * g
                p += v
            else:
                p -= lr * g

    def reset(self):
        """Forget the velocity (call when the parameters are re-initialised)."""
        self.velocity = None

    def __repr__(self):
        return (
            f"SGD(lr={self.lr:g}, momentum={self.momentum:g}, weight_decay={self.weight_decay:g})"
        )


# Past this distance from the start a 2-D trajectory has clearly diverged.
DIVERGED = 1e6


def descend(grad_fn, x0, lr, steps, momentum=0.0):
    """Run gradient descent from ``x0`` and return the path, for 2-D demos.

    x ← x + v,  v ← μ v − η ∇f(x).

    Parameters
    ----------
    grad_fn : callable, ndarray (d,) -> ndarray (d,)
        The gradient ∇f.
    x0 : array_like, shape (d,)
    lr : float
        Learning rate η > 0.
    steps : int
    momentum : float
        μ in [0, 1).

    Returns
    -------
    path : ndarray, shape (m, d) with m ≤ steps + 1
        ``path[0]`` is ``x0``. The path stops early, without warnings, at the
        first point 1e6 away from ``x0`` (kept) or the first non-finite one
        (dropped): divergence shows as a short path that runs off the plot,
        not as NaN.

    Introduced in lesson 06.
    """
    if not lr > 0:
        raise ValueError(f"lr must be > 0, got {lr!r}")
    if not 0.0 <= momentum < 1.0:
        raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
    x = as_float_array(x0, "x0").copy()
    if x.ndim != 1:
        raise ValueError(f"x0 must be 1-D with shape (d,), got shape {x.shape}")
    v = np.zeros_like(x)
    path = [x.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(int(steps)):
            g = np.asarray(grad_fn(x), dtype=np.float64)
            if g.shape != x.shape:
                raise ValueError(f"grad_fn must return shape {x.shape}, got {g.shape}")
            v = momentum * v - lr * g
            x = x + v
            if not np.all(np.isfinite(x)):
                break
            path.append(x.copy())
            if np.linalg.norm(x - path[0]) > DIVERGED:
                break
    return np.array(path)
