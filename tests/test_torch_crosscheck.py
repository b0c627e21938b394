"""nnmath's backprop against PyTorch autograd in float64 (skipped where torch is absent).

Install the CPU build used here with `pip install torch==2.13.0`; CI installs it.
"""

import numpy as np
import pytest

from nnmath import MLP, gradcheck, losses, optim

torch = pytest.importorskip("torch", reason="PyTorch not installed: pip install torch==2.13.0")

TORCH_ACT = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


def torch_loss(name, out, y):
    """The same losses written with torch ops on the network's output activation."""
    n = out.shape[0]
    if name == "mse":
        return ((out - y) ** 2).sum() / n
    if name == "binary_cross_entropy":
        return -(y * torch.log(out) + (1 - y) * torch.log(1 - out)).sum() / n
    return -(y * torch.log(out)).sum() / n


@pytest.mark.parametrize("hidden", ["relu", "tanh", "sigmoid"])
@pytest.mark.parametrize(
    ("output", "loss", "k"),
    [
        ("identity", "mse", 3),
        ("sigmoid", "binary_cross_entropy", 1),
        ("softmax", "cross_entropy", 4),
    ],
)
def test_gradients_match_torch_autograd(hidden, output, loss, k):
    rng = np.random.default_rng(7)
    net = MLP([5, 8, 6, k], hidden=hidden, output=output, rng=rng)
    X = rng.normal(size=(10, 5))
    if loss == "mse":
        y = rng.normal(size=(10, k))
    elif loss == "binary_cross_entropy":
        y = rng.integers(0, 2, size=(10, 1)).astype(float)
    else:
        y = losses.one_hot(rng.integers(0, k, size=10), k)

    value = net.loss_and_grads(X, y, loss)

    A = torch.tensor(X, dtype=torch.float64)
    params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in net.params()]
    for i in range(len(net.layers)):
        Z = A @ params[2 * i] + params[2 * i + 1]
        if i < len(net.layers) - 1:
            A = TORCH_ACT[hidden](Z)
        elif output == "softmax":
            A = torch.softmax(Z, dim=1)
        elif output == "sigmoid":
            A = torch.sigmoid(Z)
        else:
            A = Z
    L = torch_loss(loss, A, torch.tensor(y, dtype=torch.float64))
    L.backward()

    assert value == pytest.approx(L.item(), rel=1e-12)
    for g, p in zip(net.grads(), params, strict=True):
        assert gradcheck.relative_error(g, p.grad.numpy()) < 1e-10


@pytest.mark.parametrize("scale", [1.0, 400.0])  # 400: probabilities far below the 1e-12 clip
@pytest.mark.parametrize("soft", [False, True])
def test_cross_entropy_from_logits_matches_torch(scale, soft):
    rng = np.random.default_rng(8)
    Z = scale * rng.normal(size=(6, 4))
    y = rng.dirichlet(np.ones(4), 6) if soft else rng.integers(0, 4, 6)
    Zt = torch.tensor(Z, dtype=torch.float64, requires_grad=True)
    target = torch.tensor(y, dtype=torch.float64 if soft else torch.int64)
    L = torch.nn.functional.cross_entropy(Zt, target)  # the mean over the batch, as L
    L.backward()
    assert losses.cross_entropy_from_logits(Z, y) == pytest.approx(L.item(), rel=1e-12)
    dZ = losses.cross_entropy_from_logits_dz(Z, y)
    assert gradcheck.relative_error(dZ, Zt.grad.numpy()) < 1e-12
    expected = torch.log_softmax(torch.tensor(Z, dtype=torch.float64), dim=1).numpy()
    np.testing.assert_allclose(losses.log_softmax(Z), expected, rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------- optimisers and schedules

SHAPES = [(5, 7), (7,), (7, 3), (1,)]


def torch_run(params0, grads, make_opt, make_sched=None):
    """``params0`` after torch's optimiser took ``grads`` (one list per step), and its η's."""
    params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in params0]
    opt = make_opt(params)
    sched = make_sched(opt) if make_sched else None
    lrs = []
    for gs in grads:
        lrs.append(opt.param_groups[0]["lr"])
        for p, g in zip(params, gs, strict=True):
            p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        if sched is not None:
            sched.step()
    return [p.detach().numpy() for p in params], lrs


def nnmath_run(params0, grads, opt):
    params = [p.copy() for p in params0]
    lrs = []
    for gs in grads:
        lrs.append(opt.lr_now)
        opt.step(params, gs)
    return params, lrs


def random_problem(seed, steps=100):
    rng = np.random.default_rng(seed)
    params0 = [rng.normal(size=s) for s in SHAPES]
    # gradients of several scales per parameter, so the per-coordinate division matters
    grads = [
        [rng.normal(size=s) * 10.0 ** rng.integers(-3, 3) for s in SHAPES] for _ in range(steps)
    ]
    return params0, grads


def assert_same_run(params0, ours, theirs):
    for p0, a, b in zip(params0, ours, theirs, strict=True):
        assert gradcheck.relative_error(a, b) < 1e-12
        # the distance travelled too: a stricter test than the parameters themselves
        assert gradcheck.relative_error(a - p0, b - p0) < 1e-12


OPTIMIZERS = [
    (
        "RMSProp",
        lambda: optim.RMSProp(0.01, beta=0.8, eps=1e-6),
        lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.8, eps=1e-6),
    ),
    (
        "RMSProp L2",
        lambda: optim.RMSProp(0.003, weight_decay=0.05),
        lambda ps: torch.optim.RMSprop(ps, lr=0.003, alpha=0.9, eps=1e-8, weight_decay=0.05),
    ),
    (
        "Adam",
        lambda: optim.Adam(0.01),
        lambda ps: torch.optim.Adam(ps, lr=0.01),
    ),
    (
        "Adam L2",
        lambda: optim.Adam(0.02, beta1=0.5, beta2=0.9, eps=1e-5, weight_decay=0.1),
        lambda ps: torch.optim.Adam(ps, lr=0.02, betas=(0.5, 0.9), eps=1e-5, weight_decay=0.1),
    ),
    (
        "AdamW",
        lambda: optim.AdamW(0.01),
        lambda ps: torch.optim.AdamW(ps, lr=0.01),
    ),
    (
        "AdamW strong decay",
        lambda: optim.AdamW(0.05, betas=(0.8, 0.95), eps=1e-7, weight_decay=0.5),
        lambda ps: torch.optim.AdamW(ps, lr=0.05, betas=(0.8, 0.95), eps=1e-7, weight_decay=0.5),
    ),
]


@pytest.mark.parametrize(("name", "ours", "theirs"), OPTIMIZERS, ids=[o[0] for o in OPTIMIZERS])
def test_optimizers_match_torch_over_100_steps(name, ours, theirs):
    params0, grads = random_problem(11)
    mine, _ = nnmath_run(params0, grads, ours())
    torch_params, _ = torch_run(params0, grads, theirs)
    assert_same_run(params0, mine, torch_params)


def test_a_scheduled_optimizer_matches_torch_with_its_scheduler():
    params0, grads = random_problem(12)
    mine, my_lrs = nnmath_run(params0, grads, optim.AdamW(optim.step_decay(0.05, 30, 0.3)))
    torch_params, torch_lrs = torch_run(
        params0,
        grads,
        lambda ps: torch.optim.AdamW(ps, lr=0.05),
        lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.3),
    )
    np.testing.assert_allclose(my_lrs, torch_lrs, rtol=1e-12)
    assert_same_run(params0, mine, torch_params)


def torch_lrs(make_sched, lr=0.1, steps=100):
    opt = torch.optim.SGD([torch.zeros(1, dtype=torch.float64, requires_grad=True)], lr=lr)
    sched = make_sched(opt)
    lrs = []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return np.array(lrs)


S = torch.optim.lr_scheduler

SCHEDULES = [
    ("StepLR", optim.step_decay(0.1, 7, 0.5), lambda o: S.StepLR(o, step_size=7, gamma=0.5)),
    ("CosineAnnealingLR", optim.cosine(0.1, 100), lambda o: S.CosineAnnealingLR(o, T_max=100)),
    (
        "CosineAnnealingLR eta_min",
        optim.cosine(0.1, 60, lr_min=0.01),
        lambda o: S.CosineAnnealingLR(o, T_max=60, eta_min=0.01),
    ),
    (
        "LinearLR",
        optim.warmup(0.1, 10),
        lambda o: S.LinearLR(o, start_factor=1 / 10, total_iters=10 - 1),
    ),
    (
        "LinearLR chained to StepLR",
        optim.warmup(optim.step_decay(0.1, 4, 0.8), 10),
        lambda o: S.ChainedScheduler(
            [S.LinearLR(o, start_factor=1 / 10, total_iters=9), S.StepLR(o, 4, 0.8)]
        ),
    ),
]


@pytest.mark.parametrize(("name", "ours", "theirs"), SCHEDULES, ids=[s[0] for s in SCHEDULES])
def test_schedules_match_torch_lr_schedulers_over_100_steps(name, ours, theirs):
    expected = torch_lrs(theirs)
    got = np.array([ours(t) for t in range(100)])
    if name == "CosineAnnealingLR eta_min":  # PyTorch climbs back up after T_max; nnmath stays
        expected, got = expected[:61], got[:61]
        assert [ours(t) for t in (61, 99)] == [0.01, 0.01]
    np.testing.assert_allclose(got, expected, rtol=1e-12)
