"""Surfaces f(p) over two numbers p = (p₁, p₂), with their gradients: the ground of 2-D descent.

A ``Surface`` is a function f with its gradient ∇f and a window to look at
it in; ``optim.descend(surface.gradient, p0, lr, steps)`` walks on it.
``bowl``, ``valley`` and ``two_minima`` are lesson 06's three landscapes
(``saddle``, lesson 12's, is not in ``SURFACES``, lesson 06's menu),
``quadratic(H)`` builds any bowl f(p) = ½ pᵀ H p, and ``neuron_loss_surface``
is the loss L(w, b) of lesson 05's one-input neuron. On a quadratic, descent
converges iff η < 2(1 + μ)/λ_max (``lr_limit``); ``momentum_matrix`` is one
eigen-direction's step, ``convergence_rate`` its shrink factor per step and
``best_momentum`` the (η, μ) that make it smallest. Introduced in lesson 06.
"""

import numpy as np

from . import losses
from ._checks import (
    _REAL_KINDS,
    _what,
    as_float_array,
    as_int,
    as_matrix,
    as_number,
    as_window,
    check_size,
)
from .activations import get_scalar as get_activation
from .optim import descend

# The names of every surface's start points, in the order the widget lists them.
START_NAMES = ("upper left", "upper right", "lower left", "lower right")


def _points(p):
    """Points ``p`` as a finite float array of shape (2,) or (..., 2), at least one point."""
    p = as_float_array(p, "p")
    if p.shape[-1:] != (2,) or p.size == 0:
        raise ValueError(
            f"p must have shape (2,) or (..., 2) with at least one point, got {p.shape}"
        )
    return p


def _point(v, name):
    """``v`` as one finite point of shape (2,), or an error naming it."""
    v = as_float_array(v, name)
    if v.shape != (2,):
        raise ValueError(f"{name} must have shape (2,), got {v.shape}")
    return v


def _window(lim, name):
    """``as_window``, and a finite width, which the grids' spacing divides."""
    lo, hi = as_window(lim, name)
    if not np.isfinite(hi - lo):
        raise ValueError(f"{name} must be (low, high) with a finite width high − low, got {lim!r}")
    return lo, hi


def _check_str(v, name):
    if not isinstance(v, str):
        raise TypeError(f"{name} must be a str, got {_what(v)}")


def lr_limit(eigenvalues, momentum=0.0):
    """The learning rate below which descent converges on a quadratic bowl f = ½ pᵀ H p.

    η < 2(1 + μ)/λ_max; plain gradient descent (μ = 0) needs η < 2/λ_max.

    Along an eigenvector of H with eigenvalue λ, a plain step multiplies the
    distance to the minimum by 1 − ηλ; with momentum (v ← μ v − η ∇f, p ← p + v)
    the distance follows r² − (1 + μ − ηλ) r + μ = 0, whose roots stay inside
    the unit circle iff 0 < ηλ < 2(1 + μ).

    Parameters
    ----------
    eigenvalues : array_like, shape (k,), k ≥ 1
        The eigenvalues λ of the Hessian H, all > 0 and finite.
    momentum : float
        μ in [0, 1).

    Returns
    -------
    float
        2(1 + μ)/λ_max.

    Introduced in lesson 06.
    """
    lam = _eigenvalues(eigenvalues)
    momentum = as_number(momentum, "momentum", 0, 1, high_open=True)
    return 2.0 * (1.0 + momentum) / float(lam.max())


def _eigenvalues(eigenvalues):
    """``eigenvalues`` as a float array of shape (k,), k ≥ 1, all > 0, or an error."""
    lam = as_float_array(eigenvalues, "eigenvalues")
    if lam.ndim > 1:  # a Hessian passed for its eigenvalues would be flattened into 4
        raise ValueError(f"eigenvalues must have shape (k,), got {lam.shape}")
    lam = lam.reshape(-1)
    if lam.size == 0 or not np.all(lam > 0):
        raise ValueError(f"eigenvalues must be positive numbers, got {lam}")
    return lam


def momentum_matrix(eigenvalue, lr, momentum=0.0):
    """The matrix M that moves one eigen-direction of a quadratic bowl one momentum step.

    Along an eigenvector of H with eigenvalue λ the coordinate p_k of the point
    follows v_{k+1} = μ v_k − ηλ p_k, p_{k+1} = p_k + v_{k+1}; since v_k = p_k − p_{k−1},

    [p_{k+1}; p_k] = M [p_k; p_{k−1}],   M = [[1 + μ − ηλ, −μ], [1, 0]].

    Its eigenvalues are the roots of r² − (1 + μ − ηλ) r + μ = 0; the largest
    |r| (``convergence_rate``) is the factor the distance shrinks by per step.

    Parameters
    ----------
    eigenvalue : float
        λ > 0, finite.
    lr : float
        η > 0, finite.
    momentum : float
        μ in [0, 1); μ = 0 is plain descent, M = [[1 − ηλ, 0], [1, 0]].

    Returns
    -------
    ndarray, shape (2, 2)
        Entries ±inf, without a warning, when ηλ overflows.

    Introduced in lesson 06.
    """
    lam = as_number(eigenvalue, "eigenvalue", 0, low_open=True)
    lr = as_number(lr, "lr", 0, low_open=True)
    mu = as_number(momentum, "momentum", 0, 1, high_open=True)
    with np.errstate(over="ignore"):
        return np.array([[1.0 + mu - lr * lam, -mu], [1.0, 0.0]])


def convergence_rate(eigenvalues, lr, momentum=0.0):
    """The factor by which descent shrinks the distance to a quadratic's minimum per step.

    ρ = max over the eigenvalues λ of the largest |r| with r² − (1 + μ − ηλ) r + μ = 0,
    the spectral radius of ``momentum_matrix(λ, η, μ)``. With μ = 0 it is
    max |1 − ηλ|. Descent converges iff ρ < 1, i.e. 0 < ηλ < 2(1 + μ) (``lr_limit``).
    When the roots are complex (where (1 + μ − ηλ)² < 4μ) both have |r| = √μ.

    Parameters
    ----------
    eigenvalues : array_like, shape (k,), k ≥ 1
        The Hessian's eigenvalues, all > 0 and finite.
    lr : float
        η > 0, finite.
    momentum : float
        μ in [0, 1).

    Returns
    -------
    float
        ρ ≥ 0; ``inf``, without a warning, when ηλ overflows.

    Introduced in lesson 06.
    """
    lam = _eigenvalues(eigenvalues)
    lr = as_number(lr, "lr", 0, low_open=True)
    mu = as_number(momentum, "momentum", 0, 1, high_open=True)
    with np.errstate(over="ignore", invalid="ignore"):
        b = 1.0 + mu - lr * lam  # (k,): the trace of M, the sum of its two roots
        real = b * b > 4 * mu  # two real roots; otherwise complex (or double), |r|² = μ
        # The larger real root |b|/2 (1 + √(1 − 4μ/b²)), written so b² may overflow.
        big = 0.5 * np.abs(b) * (1 + np.sqrt(np.clip(1 - 4 * mu / np.where(real, b * b, 1), 0, 1)))
        radius = np.where(real, big, np.sqrt(mu))
    return float(radius.max())


def best_momentum(eigenvalues):
    """The learning rate and momentum that make descent on a quadratic bowl fastest.

    η = (2/(√λ_min + √λ_max))²,  μ = ((√λ_max − √λ_min)/(√λ_max + √λ_min))²;
    they put λ_min and λ_max on the edge of the complex roots of
    r² − (1 + μ − ηλ) r + μ = 0 (ηλ_min = (1 − √μ)², ηλ_max = (1 + √μ)²), so every
    direction shrinks by √μ = (√κ − 1)/(√κ + 1) per step, κ = λ_max/λ_min.

    Parameters
    ----------
    eigenvalues : array_like, shape (k,), k ≥ 1
        The Hessian's eigenvalues, all > 0 and finite.

    Returns
    -------
    (float, float)
        (η, μ). μ rounds to 1.0 (outside the [0, 1) that ``descend`` takes) once
        κ exceeds about 10³².

    Introduced in lesson 06.
    """
    lam = _eigenvalues(eigenvalues)
    lo, hi = np.sqrt(lam.min()), np.sqrt(lam.max())
    return float((2 / (lo + hi)) ** 2), float(((hi - lo) / (hi + lo)) ** 2)


class Surface:
    """A function f(p) of p = (p₁, p₂) and its gradient, with a window to look at it in.

    Parameters
    ----------
    name : str
    value : callable
        f(P1, P2) → ndarray, vectorised: arrays of any one shape in, same shape out.
    gradient : callable
        (P1, P2) → (∂f/∂p₁, ∂f/∂p₂), vectorised the same way.
    xlim, ylim : (float, float)
        The window (low, high) in p₁ and in p₂.
    minimum : array_like, shape (2,)
        Where f is lowest (the global minimum).
    starts : dict of str -> (float, float)
        Named start points; the keys are ``START_NAMES``.
    hessian : ndarray, shape (2, 2), optional
        The constant matrix H of second derivatives of a quadratic.
    formula : str
        f in LaTeX, for titles and live equations.
    axis_labels : (str, str)
        What the two coordinates are called on plots.

    Notes
    -----
    f and ∇f overflow to ±inf, without a warning, at points far enough out
    (``bowl()`` beyond |p| ≈ 1e154), and give NaN where two terms that overflowed
    cancel (inf − inf, with entries of H near ±1e308).

    Introduced in lesson 06.
    """

    def __init__(
        self,
        name,
        value,
        gradient,
        xlim,
        ylim,
        minimum,
        starts,
        hessian=None,
        formula="",
        axis_labels=("p₁", "p₂"),
    ):
        _check_str(name, "name")
        for fn_name, fn in (("value", value), ("gradient", gradient)):
            if not callable(fn):
                raise TypeError(f"{fn_name} must be a function of (P1, P2), got {_what(fn)}")
        self.name = name
        self._value = value
        self._gradient = gradient
        self.xlim = _window(xlim, "xlim")
        self.ylim = _window(ylim, "ylim")
        self.minimum = _point(minimum, "minimum")
        if not isinstance(starts, dict):
            raise TypeError(f"starts must be a dict of name -> point (2,), got {_what(starts)}")
        for k in starts:
            _check_str(k, "every name in starts")
        self.starts = {k: _point(v, f"starts[{k!r}]") for k, v in starts.items()}
        if hessian is not None:
            hessian = as_float_array(hessian, "hessian")
            if hessian.shape != (2, 2):
                raise ValueError(f"hessian must have shape (2, 2), got {hessian.shape}")
        self.hessian = hessian
        _check_str(formula, "formula")
        self.formula = formula
        if not (
            isinstance(axis_labels, (tuple, list))
            and len(axis_labels) == 2
            and all(isinstance(v, str) for v in axis_labels)
        ):
            raise TypeError(f"axis_labels must be two str, got {_what(axis_labels)}")
        self.axis_labels = tuple(axis_labels)
        self.f_min = float(self(self.minimum))

    def _values(self, P1, P2):
        """``value(P1, P2)``, overflow silent, refused unless real numbers of P1's shape."""
        with np.errstate(over="ignore", invalid="ignore"):
            out = np.asarray(self._value(P1, P2))
        if out.dtype.kind not in _REAL_KINDS:
            raise TypeError(
                f"value must return real numbers, got {_what(out.item() if out.size == 1 else out)}"
            )
        if out.shape != np.shape(P1):
            raise ValueError(
                f"value must return one number per point, shape {np.shape(P1)}, got {out.shape}"
            )
        return out

    def __call__(self, p):
        """f(p) for points ``p`` of shape (2,) (a float) or (..., 2) (an array of shape (...)).

        ±inf, without a warning, where f overflows (``bowl()`` beyond |p| ≈ 1e154).
        """
        p = _points(p)
        out = self._values(p[..., 0], p[..., 1])
        return float(out) if out.ndim == 0 else out

    def gap(self, path):
        """f(p) − f_min along ``path`` (m, 2), shape (m,): how far above the minimum each step is.

        A single point (2,) counts as a path of one step; inf where f(p) overflows,
        as in ``__call__``. Introduced in lesson 06.
        """
        return self(as_matrix(path, "path", 2)) - self.f_min

    def gradient(self, p):
        """∇f(p): shape (2,) for one point, (..., 2) for an array of points."""
        p = _points(p)
        with np.errstate(over="ignore", invalid="ignore"):
            g1, g2 = self._gradient(p[..., 0], p[..., 1])
        return np.stack(
            [np.broadcast_to(g1, p.shape[:-1]), np.broadcast_to(g2, p.shape[:-1])], axis=-1
        )

    def grid(self, res=120):
        """``P1, P2, F``: f on a res × res grid over the window, each (res, res), as meshgrid.

        ``res`` is a whole number ≥ 2 (at most about 5770: 1e8 numbers in all); F is
        ±inf, without a warning, where f overflows.
        """
        res = as_int(res, "res", 2)
        check_size((3, res, res), "the grid P1, P2, F")
        P1, P2 = np.meshgrid(np.linspace(*self.xlim, res), np.linspace(*self.ylim, res))
        return P1, P2, self._values(P1, P2)

    @property
    def eigenvalues(self):
        """The Hessian's eigenvalues λ, smallest first, shape (2,); ``None`` unless quadratic."""
        return None if self.hessian is None else np.linalg.eigvalsh(self.hessian)

    @property
    def eigenvectors(self):
        """The Hessian's unit eigenvectors as columns, shape (2, 2), ordered as ``eigenvalues``.

        Column i is v_i with H v_i = λ_i v_i; ``None`` unless the surface is quadratic.
        """
        return None if self.hessian is None else np.linalg.eigh(self.hessian)[1]

    @property
    def lr_limit(self):
        """2/λ_max: plain gradient descent converges on a quadratic iff η < 2/λ_max.

        ``None`` unless the surface is quadratic; with momentum see ``lr_limit(eigenvalues, μ)``.
        """
        return None if self.hessian is None else lr_limit(self.eigenvalues)

    def start(self, name):
        """A named start point, shape (2,)."""
        try:
            return self.starts[name].copy()
        except (KeyError, TypeError):  # TypeError: an unhashable name, such as a list
            raise ValueError(f"unknown start {name!r}; choose one of {list(self.starts)}") from None

    def __repr__(self):
        # Rounding multiplies by 1000, which overflows for a minimum beyond 1.8e305.
        m = self.minimum
        with np.errstate(over="ignore", invalid="ignore"):
            shown = np.where(np.abs(m) < 1e300, np.round(m, 3), m)
        return f"<Surface {self.name}: minimum {self.f_min:.3g} at {shown}>"


def quadratic(hessian, name="quadratic", lim=(3.0, 3.0)):
    """The bowl f(p) = ½ pᵀ H p, with gradient ∇f = H p and its minimum 0 at the origin.

    Parameters
    ----------
    hessian : array_like, shape (2, 2)
        H, symmetric and positive definite (both eigenvalues > 0).
    name : str
    lim : (float, float)
        Half-widths of the window in p₁ and p₂, finite and > 0.

    Returns
    -------
    Surface

    Introduced in lesson 06.
    """
    H = as_float_array(hessian, "hessian")
    if H.shape != (2, 2):
        raise ValueError(f"hessian must have shape (2, 2), got {H.shape}")
    with np.errstate(over="ignore", invalid="ignore"):  # H − Hᵀ of entries near ±1e308: inf
        symmetric = np.allclose(H, H.T)
    if not symmetric:
        raise ValueError(f"hessian must be symmetric, got {H.tolist()}")
    if not np.all(np.linalg.eigvalsh(H) > 0):
        raise ValueError(
            f"hessian must be positive definite (both eigenvalues > 0), got {H.tolist()}"
        )
    try:
        lx, ly = (as_number(v, "lim", 0, low_open=True) for v in lim)
    except (TypeError, ValueError):
        raise ValueError(f"lim must be two finite numbers > 0, got {lim!r}") from None
    a, c, d = H[0, 0], H[0, 1], H[1, 1]

    def value(p1, p2):
        return 0.5 * (a * p1 * p1 + 2 * c * p1 * p2 + d * p2 * p2)

    def gradient(p1, p2):
        return a * p1 + c * p2, c * p1 + d * p2

    starts = {
        "upper left": (-0.85 * lx, 0.7 * ly),
        "upper right": (0.8 * lx, 0.8 * ly),
        "lower left": (-0.6 * lx, -0.85 * ly),
        "lower right": (0.9 * lx, -0.45 * ly),
    }
    cross = rf"{2 * c:+g}\,p_1 p_2" if c else ""
    formula = rf"f(p) = \tfrac12({a:g}\,p_1^2 {cross} + {d:g}\,p_2^2)"
    return Surface(name, value, gradient, (-lx, lx), (-ly, ly), (0.0, 0.0), starts, H, formula)


def bowl():
    """A well-conditioned bowl, f(p) = ½(p₁² + 0.8 p₂²), a ``quadratic``.

    Introduced in lesson 06.
    """
    return quadratic(np.diag([1.0, 0.8]), name="bowl", lim=(3.0, 3.0))


def valley():
    """An elongated valley, f(p) = ½(0.5 p₁² + 10 p₂²), a ``quadratic``.

    Introduced in lesson 06.
    """
    return quadratic(np.diag([0.5, 10.0]), name="valley", lim=(4.0, 2.0))


# 4p³ − 4p + tilt = 0 has three real roots (two wells and the ridge) iff |tilt| < 8/(3√3).
_MAX_TILT = 8 / (3 * np.sqrt(3))


def two_minima(tilt=0.3):
    """A non-convex surface with two minima, f(p) = (p₁² − 1)² + tilt·p₁ + p₂².

    The left minimum (p₁ ≈ −1.04 for tilt 0.3) is the lower, global one; the
    right one (p₁ ≈ 0.96) is a local minimum, where descent that starts on its
    side gets stuck.

    Parameters
    ----------
    tilt : float
        The slope added along p₁; positive makes the left well the deeper one.
        |tilt| < 8/(3√3) ≈ 1.54: a steeper tilt levels the shallower well away.

    Returns
    -------
    Surface

    Introduced in lesson 06.
    """
    tilt = as_number(tilt, "tilt", -_MAX_TILT, _MAX_TILT, low_open=True, high_open=True)

    def value(p1, p2):
        return (p1 * p1 - 1.0) ** 2 + tilt * p1 + p2 * p2

    def gradient(p1, p2):
        return 4.0 * p1 * (p1 * p1 - 1.0) + tilt, 2.0 * p2

    # Stationary points of f along p₂ = 0: the roots of 4p³ − 4p + tilt = 0.
    roots = np.sort(np.roots([4.0, 0.0, -4.0, tilt]).real)
    lowest = min((roots[0], roots[-1]), key=lambda r: value(r, 0.0))
    starts = {
        "upper left": (-1.7, 1.2),
        "upper right": (1.75, 1.1),
        "lower left": (-0.3, -1.3),  # just left of the ridge: rolls left…
        "lower right": (0.35, -1.3),  # …just right of it: rolls into the local minimum
    }
    formula = rf"f(p) = (p_1^2 - 1)^2 + {tilt:g}\,p_1 + p_2^2"
    return Surface(
        "two minima",
        value,
        gradient,
        (-2.0, 2.0),
        (-1.5, 1.5),
        (lowest, 0.0),
        starts,
        None,
        formula,
    )


def saddle():
    """A saddle point between two minima, f(p) = ½ p₁² + ¼ p₂⁴ − ½ p₂².

    ∇f = (p₁, p₂³ − p₂). At the origin ∇f = 0, f curves up along p₁ and down
    along p₂: a saddle point, not a minimum. The two minima, (0, ±1) with
    f = −¼, are equally low; ``minimum`` is the upper one. Three starts sit
    just beside the ridge p₂ = 0, where the slope along p₂ is tiny (|∂f/∂p₂| ≈ |p₂|),
    so a step proportional to the gradient crawls off it.

    Returns
    -------
    Surface

    Introduced in lesson 12.
    """

    def value(p1, p2):
        return 0.5 * p1 * p1 + 0.25 * p2**4 - 0.5 * p2 * p2

    def gradient(p1, p2):
        return p1, p2**3 - p2

    starts = {
        "upper left": (-1.8, 0.01),  # just above the ridge: escapes upwards…
        "upper right": (1.8, 0.001),  # …ten times closer to it: a longer crawl
        "lower left": (-1.6, -0.01),  # just below it: escapes downwards
        "lower right": (1.5, -1.4),  # far from the ridge: an ordinary descent
    }
    formula = r"f(p) = \tfrac12 p_1^2 + \tfrac14 p_2^4 - \tfrac12 p_2^2"
    return Surface(
        "saddle", value, gradient, (-2.0, 2.0), (-1.5, 1.5), (0.0, 1.0), starts, None, formula
    )


SURFACES = {"bowl": bowl, "valley": valley, "two minima": two_minima}


def get_surface(surface):
    """A ``Surface`` given one or its name in ``SURFACES``.

    Introduced in lesson 06.
    """
    if isinstance(surface, Surface):
        return surface
    try:
        return SURFACES[surface]()
    except (KeyError, TypeError):
        raise ValueError(f"unknown surface {surface!r}; choose one of {list(SURFACES)}") from None


# The pairs of loss and output activation whose L(w, b) is convex, with the
# largest curvature of each: the Hessian is at most c·mean([x², x; x, 1]).
_CONVEX_PAIRS = {("mse", "identity"): 2.0, ("binary_cross_entropy", "sigmoid"): 0.25}


def neuron_loss_surface(x, y, wlim, blim, loss="mse", activation="identity"):
    """The loss L(w, b) of the neuron ŷ = f(w x + b) as a ``Surface`` over p = (w, b).

    ∇L = (Σᵢ ∂L/∂zᵢ xᵢ, Σᵢ ∂L/∂zᵢ) with zᵢ = w xᵢ + b and ∂L/∂zᵢ = ∂L/∂ŷᵢ · f′(zᵢ).

    ∂L/∂ŷᵢ is the loss's own gradient (``nnmath.losses``); for sigmoid with
    binary cross-entropy the product is the stable ∂L/∂zᵢ = (ŷᵢ − yᵢ)/n. The
    value and the gradient are vectorised over arrays of (w, b). Only the
    convex pairs (mse, identity) and (binary_cross_entropy, sigmoid) are
    accepted; the minimum is the grid's lowest point polished by descent.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Inputs and targets.
    wlim, blim : (float, float)
        The window of the (w, b) plane.
    loss : {"mse", "binary_cross_entropy"} or a Loss
    activation : {"identity", "sigmoid"}

    Returns
    -------
    Surface
        Points are p = (w, b).

    Introduced in lesson 06.
    """
    x, y = losses.neuron_data(x, y)
    loss = losses.get(loss)
    if not isinstance(activation, str) or (loss.name, activation) not in _CONVEX_PAIRS:
        raise ValueError(
            "neuron_loss_surface needs loss='mse' with activation='identity' or "
            f"loss='binary_cross_entropy' with activation='sigmoid', got {loss.name!r}, "
            f"{activation!r}"
        )
    if loss is losses.binary_cross_entropy:
        losses._probabilities(y, "y", losses._BCE_TARGETS)
    wlim, blim = _window(wlim, "wlim"), _window(blim, "blim")
    with np.errstate(over="ignore"):
        x2 = np.mean(x * x)  # L's curvature along w is c·mean(x²): the descent's step needs it
    if not np.isfinite(x2):
        raise ValueError(
            "x must have a finite mean(x²), the curvature of L (|x| below about 1e154), "
            f"got max |x| = {np.abs(x).max():g}"
        )
    f, f_prime = get_activation(activation)
    fused = loss.fused_activation == activation
    n = x.size

    def value(w, b):
        return losses._neuron_loss(x, y, w, b, loss, f)

    def gradient(w, b):
        w, b = np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64)
        z = w[..., None] * x + b[..., None]  # (*S, n): every neuron's n pre-activations
        y_hat = f(z)
        if fused:
            dz = (y_hat - y) / n  # (ŷ − y)/n
        else:
            dz = loss._term_gradients(y_hat, y) / n * f_prime(z)
        return dz @ x, dz.sum(axis=-1)

    # The minimum: the grid's lowest point, polished by plain descent with
    # η = 1/(largest curvature).
    ws, bs = np.linspace(*wlim, 101), np.linspace(*blim, 101)
    L = losses._neuron_loss(x, y, *np.meshgrid(ws, bs), loss, f)
    i, j = np.unravel_index(np.argmin(L), L.shape)
    if not np.isfinite(L[i, j]):  # no point to start from: the minimum would be inf too
        raise ValueError(
            f"L(w, b) overflows to inf everywhere on the window wlim={wlim}, blim={blim}: "
            f"y (max |y| = {np.abs(y).max():g}) is too far from what w x + b reaches there"
        )
    M = np.array([[x2, np.mean(x)], [np.mean(x), 1.0]])
    lr = 1.0 / (_CONVEX_PAIRS[loss.name, activation] * np.linalg.eigvalsh(M)[-1])
    best = descend(lambda p: np.array(gradient(p[0], p[1])), [ws[j], bs[i]], lr, 2000)[-1]
    (w0, w1), (b0, b1) = wlim, blim
    starts = {
        "upper left": (w0 + 0.1 * (w1 - w0), b0 + 0.85 * (b1 - b0)),
        "upper right": (w0 + 0.9 * (w1 - w0), b0 + 0.9 * (b1 - b0)),
        "lower left": (w0 + 0.2 * (w1 - w0), b0 + 0.08 * (b1 - b0)),
        "lower right": (w0 + 0.95 * (w1 - w0), b0 + 0.25 * (b1 - b0)),
    }
    return Surface(
        "loss L(w, b)",
        value,
        gradient,
        wlim,
        blim,
        best,
        starts,
        formula="L(w, b)",
        axis_labels=("weight w", "bias b"),
    )
