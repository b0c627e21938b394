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
