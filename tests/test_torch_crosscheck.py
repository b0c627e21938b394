"""nnmath's backprop against PyTorch autograd in float64 (skipped where torch is absent).

Install the CPU build used here with `pip install torch==2.13.0`; CI installs it.
"""

import numpy as np
import pytest

from nnmath import MLP, gradcheck, losses

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
