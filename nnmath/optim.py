"""Gradient descent: the update w ← w − η ∂L/∂w, with optional momentum and L2."""

import numpy as np

from ._checks import _REAL_KINDS, _what, as_bool, as_float_array, as_int, as_number


def _learning_rate(lr, momentum):
    """``lr`` > 0 and ``momentum`` in [0, 1) as floats, or an error naming them."""
    return (
        as_number(lr, "lr", 0, low_open=True),
        as_number(momentum, "momentum", 0, 1, high_open=True),
    )


class SGD:
    """Stochastic gradient descent with momentum.

    v ← μ v − η (g + λ w);  w ← w + v.  With μ = 0 this is w ← w − η g.

    Parameters
    ----------
    lr : float
        Learning rate η > 0, finite (a Python or NumPy number).
    momentum : float
        μ in [0, 1): how much of the last step carries over.
    weight_decay : float
        λ ≥ 0, finite, the L2 penalty (λ/2)‖w‖² added to the loss, applied to every parameter.

    Introduced in lesson 06.
    """

    def __init__(self, lr, momentum=0.0, weight_decay=0.0):
        self.lr, self.momentum = _learning_rate(lr, momentum)
        self.weight_decay = as_number(weight_decay, "weight_decay", 0)
        self.velocity = None

    def step(self, params, grads, *, check_input=True):
        """Update every array in ``params`` in place from the matching array in ``grads``.

        Parameters
        ----------
        params : list of ndarray
            Float arrays, updated in place (e.g. ``net.params()``).
        grads : list of array_like
            One finite gradient per parameter, of its shape (e.g. ``net.grads()``).
        check_input : bool
            ``False`` skips checking ``params`` and ``grads`` (types, lengths, shapes,
            NaN), for a caller that has: ``train.fit`` takes its gradients from
            the network it checked, and stops on a loss that is not finite.
        """
        if check_input is not False and as_bool(check_input, "check_input"):  # False: the hot path
            grads = self._checked(params, grads)
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        lr, mu, wd = self.lr, self.momentum, self.weight_decay
        for p, g, v in zip(params, grads, self.velocity, strict=True):
            if wd:
                g = g + wd * p  # (λ/2)‖w‖² adds λw to the gradient
            if mu:
                v *= mu
                v -= lr * g
                p += v
            else:
                p -= lr * g

    def _checked(self, params, grads):
        """``grads`` as finite float arrays, one per parameter and of its shape, or an error."""
        for name, arrays in (("params", params), ("grads", grads)):
            if not isinstance(arrays, (list, tuple)):
                raise TypeError(f"{name} must be a list of arrays, got {_what(arrays)}")
        if len(params) != len(grads):
            raise ValueError(f"got {len(params)} parameter arrays but {len(grads)} gradients")
        velocity = self.velocity
        stale = velocity is not None and len(velocity) != len(params)
        checked = []
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            if not (isinstance(p, np.ndarray) and p.dtype.kind == "f"):
                raise TypeError(
                    f"params[{i}] must be a float ndarray (it is updated in place), got {_what(p)}"
                )
            g = as_float_array(g, f"grads[{i}]")
            if g.shape != p.shape:
                raise ValueError(
                    f"grads[{i}] must have the shape of params[{i}], {p.shape}, got {g.shape}"
                )
            stale = stale or (velocity is not None and velocity[i].shape != p.shape)
            checked.append(g)
        if stale:
            raise ValueError(
                "params are not the arrays this SGD's velocity was built for; "
                "call reset() before optimizing other parameters"
            )
        return checked

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
    grad_fn : callable, ndarray (d,) -> array_like (d,) of real numbers
        The gradient ∇f; called at ``x0`` first (also for 0 steps), which checks it.
    x0 : array_like, shape (d,), d ≥ 1, finite
    lr : float
        Learning rate η > 0, finite.
    steps : int
        A whole number ≥ 0.
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
    if not callable(grad_fn):
        raise TypeError(f"grad_fn must be a function of x, got {_what(grad_fn)}")
    x = as_float_array(x0, "x0").copy()
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"x0 must be 1-D with shape (d,), d ≥ 1, got shape {x.shape}")
    lr, momentum = _learning_rate(lr, momentum)
    steps = as_int(steps, "steps", 0)
    v = np.zeros_like(x)
    path = [x.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        # ∇f(x0) first, so a grad_fn that breaks its contract is refused even for 0 steps;
        # each later gradient is taken only when another step will use it.
        g = _gradient_at(grad_fn, x)
        for step in range(steps):
            v = momentum * v - lr * g
            x = x + v
            if not np.all(np.isfinite(x)):
                break
            path.append(x.copy())
            if np.linalg.norm(x - path[0]) > DIVERGED:
                break
            if step + 1 < steps:
                g = _gradient_at(grad_fn, x)
    return np.array(path)


def _gradient_at(grad_fn, x):
    """``grad_fn(x)`` as an array of real numbers shaped like ``x``, or an error saying why not."""
    g = np.asarray(grad_fn(x))
    if g.dtype.kind not in _REAL_KINDS:  # complex, strings, None: no real gradient
        raise TypeError(f"grad_fn must return real numbers, got dtype {g.dtype}")
    if g.shape != x.shape:
        raise ValueError(f"grad_fn must return shape {x.shape}, got {g.shape}")
    return g
