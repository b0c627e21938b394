"""Gradient descent and its refinements, the update w ← w − η ∂L/∂w made smarter.

``SGD`` (momentum, L2), the per-coordinate step sizes of ``RMSProp``, ``Adam`` and
``AdamW``, learning-rate schedules (``constant``, ``step_decay``, ``cosine``, ``warmup``)
that every optimiser takes as its ``lr``, and the 2-D paths the lessons draw
(``descend``, ``trajectory``).
"""

import math

import numpy as np

from ._checks import (
    _REAL_KINDS,
    _what,
    as_bool,
    as_float_array,
    as_int,
    as_number,
    silent_overflow,
)

# ---------------------------------------------------------------- schedules


class Schedule:
    """A learning rate for every step: ``schedule(t)`` is the η of step t = 0, 1, 2, ….

    Made by ``constant``, ``step_decay``, ``cosine`` and ``warmup``; any optimiser
    takes one as its ``lr`` and uses ``schedule(t)`` at its step t.

    Parameters
    ----------
    rate : callable, int -> float
        η(t) for a whole t ≥ 0; each value must be a finite number ≥ 0.
    text : str
        How the schedule shows itself (its ``repr``), e.g. ``"cosine(0.1, 100)"``.

    Introduced in lesson 12.
    """

    def __init__(self, rate, text):
        if not callable(rate):
            raise TypeError(f"rate must be a function of the step t, got {_what(rate)}")
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {_what(text)}")
        self._rate, self._text = rate, text

    def __call__(self, t):
        """η for step ``t``, a whole number ≥ 0."""
        t = as_int(t, "t", 0)
        return as_number(self._rate(t), f"{self._text} at step {t}", 0)

    def __repr__(self):
        return self._text


def _positive_lr(lr):
    return as_number(lr, "lr", 0, low_open=True)


def constant(lr):
    """The same learning rate at every step: η(t) = η.

    Parameters
    ----------
    lr : float
        η > 0, finite.

    Returns
    -------
    Schedule

    Introduced in lesson 12.
    """
    lr = _positive_lr(lr)
    return Schedule(lambda t: lr, f"constant({lr:g})")


def step_decay(lr, every, gamma=0.1):
    """Multiply the learning rate by γ every ``every`` steps: η(t) = η γ^⌊t / every⌋.

    The same as ``torch.optim.lr_scheduler.StepLR(step_size=every, gamma=gamma)``.

    Parameters
    ----------
    lr : float
        η > 0, finite: the rate of steps 0 … every − 1.
    every : int
        Steps between two drops, ≥ 1.
    gamma : float
        γ in (0, 1]: the factor of each drop.

    Returns
    -------
    Schedule

    Introduced in lesson 12.
    """
    lr = _positive_lr(lr)
    every = as_int(every, "every", 1)
    gamma = as_number(gamma, "gamma", 0, 1, low_open=True)
    return Schedule(
        lambda t: lr * gamma ** (t // every), f"step_decay({lr:g}, every={every}, gamma={gamma:g})"
    )


def cosine(lr, total_steps, lr_min=0.0):
    """Cosine decay from η to η_min over T steps, then η_min:

    η(t) = η_min + (η − η_min)(1 + cos(π t / T)) / 2 for t ≤ T, η_min after.

    The same as ``torch.optim.lr_scheduler.CosineAnnealingLR(T_max=T, eta_min=lr_min)``
    for t ≤ T (PyTorch's rate climbs back up after T; this one stays at η_min).

    Parameters
    ----------
    lr : float
        η > 0, finite: the rate of step 0.
    total_steps : int
        T ≥ 1: the step at which the rate reaches η_min.
    lr_min : float
        η_min in [0, η].

    Returns
    -------
    Schedule

    Introduced in lesson 12.
    """
    lr = _positive_lr(lr)
    total = as_int(total_steps, "total_steps", 1)
    lr_min = as_number(lr_min, "lr_min", 0, lr)

    def rate(t):
        if t >= total:
            return lr_min
        return lr_min + (lr - lr_min) * (1 + math.cos(math.pi * t / total)) / 2

    return Schedule(rate, f"cosine({lr:g}, {total}, lr_min={lr_min:g})")


def warmup(schedule_or_lr, steps):
    """Linear warm-up: ramp up to a schedule over its first ``steps`` steps.

    η(t) = (t + 1)/S · η_inner(t) for t < S, and η_inner(t) from t = S on, where S is
    ``steps``: the first step uses η_inner(0)/S, step S − 1 the full η_inner(S − 1).
    The inner schedule keeps its own clock (it is not delayed by S steps). With a
    number η this is ``torch.optim.lr_scheduler.LinearLR(start_factor=1/S,
    total_iters=S − 1)``; with a schedule, that ``LinearLR`` chained to it
    (``ChainedScheduler``).

    Parameters
    ----------
    schedule_or_lr : Schedule or float
        The rate to warm up to: a ``Schedule``, or a number η > 0 for ``constant(η)``.
    steps : int
        S ≥ 1, the length of the ramp (S = 1: no warm-up).

    Returns
    -------
    Schedule

    Introduced in lesson 12.
    """
    inner = schedule_or_lr if isinstance(schedule_or_lr, Schedule) else constant(schedule_or_lr)
    steps = as_int(steps, "steps", 1)
    inner_rate = inner._rate  # checked by the outer Schedule's call

    def rate(t):
        return inner_rate(t) * (t + 1) / steps if t < steps else inner_rate(t)

    return Schedule(rate, f"warmup({inner!r}, {steps})")


def _as_lr(lr):
    """``lr`` as a ``Schedule`` or a float > 0, or an error naming it."""
    if isinstance(lr, Schedule):
        return lr
    if callable(lr):  # cosine instead of cosine(0.1, 100), say
        raise TypeError(
            f"lr must be a number > 0 or a Schedule such as cosine(0.1, 100), got {_what(lr)}"
        )
    return _positive_lr(lr)


# ---------------------------------------------------------------- optimisers


class _Optimizer:
    """What every optimiser shares: its ``lr`` (a number or a ``Schedule``), the step count
    ``t``, per-parameter state arrays, and the checks of ``step``.

    A subclass names its state lists in ``_STATE`` (``step`` checks the first against the
    parameters), writes ``_update(params, grads, lr)`` and ``_settings()``, the
    hyperparameters ``repr`` shows after ``lr``.
    """

    _STATE = ()

    def __init__(self, lr, weight_decay):
        self.lr = _as_lr(lr)
        self.weight_decay = as_number(weight_decay, "weight_decay", 0)
        self.reset()

    @property
    def lr_now(self):
        """The η the next step will use: ``lr``, or ``lr(t)`` for a schedule."""
        lr = self.lr
        return lr(self.t) if isinstance(lr, Schedule) else lr

    def step(self, params, grads, *, check_input=True):
        """Update every array in ``params`` in place from the matching array in ``grads``.

        Step t (counting from 0) uses η = ``lr_now``, then ``t`` goes up by one.

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
        checked = check_input is not False and as_bool(check_input, "check_input")
        if checked:  # not on the hot path
            grads = self._checked(params, grads)
        if getattr(self, self._STATE[0]) is None:
            for name in self._STATE:
                setattr(self, name, [np.zeros_like(p) for p in params])
        lr = self.lr_now
        self.t += 1
        with silent_overflow(checked):  # g² of a huge g is inf (documented), not a warning
            self._update(params, grads, lr)

    def _checked(self, params, grads):
        """``grads`` as finite float arrays, one per parameter and of its shape, or an error."""
        for name, arrays in (("params", params), ("grads", grads)):
            if not isinstance(arrays, (list, tuple)):
                raise TypeError(f"{name} must be a list of arrays, got {_what(arrays)}")
        if len(params) != len(grads):
            raise ValueError(f"got {len(params)} parameter arrays but {len(grads)} gradients")
        state = getattr(self, self._STATE[0])
        stale = state is not None and len(state) != len(params)
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
            stale = stale or (state is not None and state[i].shape != p.shape)
            checked.append(g)
        if stale:
            raise ValueError(
                f"params are not the arrays this {type(self).__name__}'s "
                f"{self._STATE[0]} was built for; call reset() before optimizing other parameters"
            )
        return checked

    def reset(self):
        """Forget the state and restart the schedule at t = 0 (call when the parameters
        are re-initialised)."""
        self.t = 0
        for name in self._STATE:
            setattr(self, name, None)

    def __repr__(self):
        lr = f"{self.lr:g}" if isinstance(self.lr, float) else repr(self.lr)
        return f"{type(self).__name__}(lr={lr}, {self._settings()})"


class SGD(_Optimizer):
    """Stochastic gradient descent with momentum.

    v ← μ v − η (g + λ w);  w ← w + v.  With μ = 0 this is w ← w − η g.

    Parameters
    ----------
    lr : float or Schedule
        Learning rate η > 0, finite (a Python or NumPy number), or a ``Schedule``
        (η of step t is ``lr(t)``; the velocity keeps the η of earlier steps).
    momentum : float
        μ in [0, 1): how much of the last step carries over.
    weight_decay : float
        λ ≥ 0, finite, the L2 penalty (λ/2)‖w‖² added to the loss, applied to every parameter.

    Attributes
    ----------
    t : int
        Steps taken.
    velocity : list of ndarray or None
        v, one array per parameter (``None`` before the first step).

    Introduced in lesson 06.
    """

    _STATE = ("velocity",)

    def __init__(self, lr, momentum=0.0, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        self.momentum = as_number(momentum, "momentum", 0, 1, high_open=True)

    def _update(self, params, grads, lr):
        mu, wd = self.momentum, self.weight_decay
        for p, g, v in zip(params, grads, self.velocity, strict=True):
            if wd:
                g = g + wd * p  # (λ/2)‖w‖² adds λw to the gradient
            if mu:
                v *= mu
                v -= lr * g
                p += v
            else:
                p -= lr * g

    def _settings(self):
        return f"momentum={self.momentum:g}, weight_decay={self.weight_decay:g}"


def _beta(v, name):
    return as_number(v, name, 0, 1, high_open=True)


class RMSProp(_Optimizer):
    """RMSProp: divide each coordinate's step by the root of its mean squared gradient.

    v ← β v + (1 − β) g²;  w ← w − η g / (√v + ε), element-wise, with g + λw for g when
    λ > 0. The same as ``torch.optim.RMSprop(lr, alpha=beta, eps=eps, weight_decay=λ)``.
    Where |g| > 1e154, g² overflows: v is inf and that coordinate's step 0 (as in PyTorch).

    Parameters
    ----------
    lr : float or Schedule
        η > 0, finite, or a ``Schedule``.
    beta : float
        β in [0, 1): how slowly v forgets old gradients.
    eps : float
        ε > 0, finite: keeps the step finite where v = 0.
    weight_decay : float
        λ ≥ 0, the L2 penalty (λ/2)‖w‖² (it adds λw to the gradient).

    Attributes
    ----------
    t : int
        Steps taken.
    v : list of ndarray or None
        The moving average of g², one array per parameter (``None`` before the first step).

    Introduced in lesson 12.
    """

    _STATE = ("v",)

    def __init__(self, lr, beta=0.9, eps=1e-8, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        self.beta = _beta(beta, "beta")
        self.eps = as_number(eps, "eps", 0, low_open=True)

    def _update(self, params, grads, lr):
        beta, eps, wd = self.beta, self.eps, self.weight_decay
        for p, g, v in zip(params, grads, self.v, strict=True):
            if wd:
                g = g + wd * p
            v *= beta
            v += (1 - beta) * (g * g)
            denom = np.sqrt(v)
            denom += eps
            p -= lr * (g / denom)

    def _settings(self):
        return f"beta={self.beta:g}, eps={self.eps:g}, weight_decay={self.weight_decay:g}"


class Adam(_Optimizer):
    """Adam: momentum on g, divided by RMSProp's root mean square, both bias-corrected.

    t ← t + 1;  m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²;
    m̂ = m / (1 − β₁ᵗ);  v̂ = v / (1 − β₂ᵗ);  w ← w − η m̂ / (√v̂ + ε), element-wise,
    with g + λw for g when λ > 0 (L2, as ``torch.optim.Adam(weight_decay=λ)``).
    The same as ``torch.optim.Adam(lr, betas=(beta1, beta2), eps=eps)``. Where |g| > 1e154,
    g² overflows: v is inf and that coordinate's step 0 (as in PyTorch).

    Parameters
    ----------
    lr : float or Schedule
        η > 0, finite, or a ``Schedule``.
    beta1, beta2 : float
        β₁, β₂ in [0, 1): how slowly m and v forget old gradients.
    eps : float
        ε > 0, finite: keeps the step finite where v̂ = 0.
    weight_decay : float
        λ ≥ 0, the L2 penalty (λ/2)‖w‖² (it adds λw to the gradient; see ``AdamW``).

    Attributes
    ----------
    t : int
        Steps taken.
    m, v : list of ndarray or None
        The moving averages of g and g² (not bias-corrected), one array per parameter
        (``None`` before the first step).

    Introduced in lesson 12.
    """

    _STATE = ("m", "v")

    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        self.beta1, self.beta2 = _beta(beta1, "beta1"), _beta(beta2, "beta2")
        self.eps = as_number(eps, "eps", 0, low_open=True)

    def _update(self, params, grads, lr, l2=True):
        b1, b2, eps, wd, t = self.beta1, self.beta2, self.eps, self.weight_decay, self.t
        # Bias correction, written as torch.optim.Adam does (η/(1 − β₁ᵗ), √v/√(1 − β₂ᵗ)),
        # so the two agree to rounding.
        step_size = lr / (1 - b1**t)
        root_correction = math.sqrt(1 - b2**t)
        for p, g, m, v in zip(params, grads, self.m, self.v, strict=True):
            if wd and l2:
                g = g + wd * p
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * (g * g)
            denom = np.sqrt(v)
            denom /= root_correction
            denom += eps
            p -= step_size * (m / denom)

    def _settings(self):
        return (
            f"beta1={self.beta1:g}, beta2={self.beta2:g}, eps={self.eps:g}, "
            f"weight_decay={self.weight_decay:g}"
        )


class AdamW(Adam):
    """AdamW: Adam with decoupled weight decay.

    w ← w − η λ w, then Adam's step on the gradient alone (λ never enters m or v).
    The same as ``torch.optim.AdamW(lr, betas, eps, weight_decay)``.

    Parameters
    ----------
    lr : float or Schedule
        η > 0, finite, or a ``Schedule`` (the decay uses the same η).
    betas : tuple of two floats
        (β₁, β₂), each in [0, 1).
    eps : float
        ε > 0, finite.
    weight_decay : float
        λ ≥ 0: each step shrinks w by the factor 1 − ηλ.

    Attributes
    ----------
    t : int
        Steps taken.
    m, v : list of ndarray or None
        As ``Adam``'s.

    Introduced in lesson 12.
    """

    def __init__(self, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
        if not (isinstance(betas, (tuple, list)) and len(betas) == 2):
            raise TypeError(f"betas must be a pair (beta1, beta2), got {_what(betas)}")
        super().__init__(lr, betas[0], betas[1], eps, weight_decay)

    def _update(self, params, grads, lr):
        if self.weight_decay:
            shrink = 1 - lr * self.weight_decay
            for p in params:
                p *= shrink
        super()._update(params, grads, lr, l2=False)

    def _settings(self):
        return (
            f"betas=({self.beta1:g}, {self.beta2:g}), eps={self.eps:g}, "
            f"weight_decay={self.weight_decay:g}"
        )


# ---------------------------------------------------------------- 2-D paths

# Past this distance from the start a 2-D trajectory has clearly diverged.
DIVERGED = 1e6


def descend(grad_fn, x0, lr, steps, momentum=0.0):
    """Run gradient descent from ``x0`` and return the path, for 2-D demos.

    x ← x + v,  v ← μ v − η ∇f(x).  (``trajectory`` runs any optimiser.)

    Parameters
    ----------
    grad_fn : callable, ndarray (d,) -> array_like (d,) of real numbers
        The gradient ∇f; called at ``x0`` first (also for 0 steps), which checks it.
    x0 : array_like, shape (d,), d ≥ 1, finite
    lr : float or Schedule
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
    return trajectory(grad_fn, x0, SGD(lr, momentum), steps)["x"]


def trajectory(grad_fn, x0, optimizer, steps):
    """Run ``optimizer`` on ∇f from ``x0`` and record every step, for 2-D pictures.

    Step k: g = ∇f(x_k);  ``optimizer.step([x], [g])``;  Δx = x_{k+1} − x_k.
    The optimiser is ``reset()`` first, so every run starts from t = 0 and empty state.

    Parameters
    ----------
    grad_fn : callable, ndarray (d,) -> array_like (d,) of real numbers
        The gradient ∇f; called at ``x0`` first (also for 0 steps), which checks it.
    x0 : array_like, shape (d,), d ≥ 1, finite
    optimizer : SGD, RMSProp, Adam or AdamW
        Reset, then stepped ``steps`` times (it keeps its state afterwards).
    steps : int
        A whole number ≥ 0.

    Returns
    -------
    dict of ndarray, with k ≤ ``steps`` the number of steps recorded:
        ``"x"`` (k + 1, d): the path, ``x[0]`` = x0;
        ``"grad"`` (k, d): g at ``x[i]``;  ``"step"`` (k, d): Δx = ``x[i + 1] − x[i]``;
        ``"m"``, ``"v"`` (k, d): the optimiser's m and v after each step (SGD's m is its
        velocity; 0 where an optimiser has no such state; v is inf where g² overflows);
        ``"lr"`` (k,): the η each step used;
        ``"effective_lr"`` (k, d): |Δx| / |g| per coordinate, NaN where g = 0.
        As in ``descend``, the run stops early, without warnings, at the first point 1e6
        away from x0 (kept) or the first non-finite one (dropped, with its step).

    Introduced in lesson 12.
    """
    if not callable(grad_fn):
        raise TypeError(f"grad_fn must be a function of x, got {_what(grad_fn)}")
    x = as_float_array(x0, "x0").copy()
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"x0 must be 1-D with shape (d,), d ≥ 1, got shape {x.shape}")
    if not isinstance(optimizer, _Optimizer):
        raise TypeError(
            f"optimizer must be an nnmath optimiser (SGD, RMSProp, Adam, AdamW), "
            f"got {_what(optimizer)}"
        )
    steps = as_int(steps, "steps", 0)
    optimizer.reset()
    m_name = "velocity" if isinstance(optimizer, SGD) else "m"
    none = np.zeros_like(x)  # the m or v of an optimiser that keeps none
    path = [x.copy()]
    record = {key: [] for key in ("grad", "step", "m", "v", "lr")}
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        # ∇f(x0) first, so a grad_fn that breaks its contract is refused even for 0 steps;
        # each later gradient is taken only when another step will use it.
        g = _gradient_at(grad_fn, x)
        for k in range(steps):
            lr = optimizer.lr_now
            optimizer.step([x], [g], check_input=False)  # g is checked; divergence is ours
            if not np.all(np.isfinite(x)):
                break
            for key, value in (
                ("grad", g),
                ("step", x - path[-1]),
                ("m", getattr(optimizer, m_name, [none])[0]),
                ("v", getattr(optimizer, "v", [none])[0]),
                ("lr", lr),
            ):
                record[key].append(np.copy(value))
            path.append(x.copy())
            if np.linalg.norm(x - path[0]) > DIVERGED:
                break
            if k + 1 < steps:
                g = _gradient_at(grad_fn, x)
        out = {"x": np.array(path)}
        n = len(path) - 1
        for key, values in record.items():
            out[key] = np.array(values, dtype=np.float64).reshape((n, x.size)[: 1 + (key != "lr")])
        g_abs = np.abs(out["grad"])
        out["effective_lr"] = np.divide(
            np.abs(out["step"]), g_abs, out=np.full_like(g_abs, np.nan), where=g_abs != 0
        )
    return out


def _gradient_at(grad_fn, x):
    """``grad_fn(x)`` as a new float array shaped like ``x`` (never ``x`` itself, which a step
    updates in place), or an error saying why not."""
    g = np.asarray(grad_fn(x.copy()))
    if g.dtype.kind not in _REAL_KINDS:  # complex, strings, None: no real gradient
        raise TypeError(f"grad_fn must return real numbers, got dtype {g.dtype}")
    if g.shape != x.shape:
        raise ValueError(f"grad_fn must return shape {x.shape}, got {g.shape}")
    return np.array(g, dtype=np.float64)
