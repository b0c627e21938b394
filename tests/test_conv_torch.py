"""nnmath.conv against PyTorch's conv2d and max_pool2d with autograd, float64."""

import numpy as np
import pytest

from nnmath.conv import Conv2D, MaxPool2D

torch = pytest.importorskip("torch", reason="PyTorch not installed: pip install torch==2.13.0")
F = torch.nn.functional


def rel_err(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300)


@pytest.mark.parametrize(("stride", "padding"), [(1, 0), (1, 1), (2, 1), (2, 2)])
def test_conv2d_forward_and_backward_equal_torch(stride, padding):
    rng = np.random.default_rng(stride + 3 * padding)
    X = rng.normal(size=(4, 3, 8, 8))
    layer = Conv2D(3, 5, 3, stride=stride, padding=padding, activation="identity", rng=rng)
    layer.b[:] = rng.normal(size=5)
    A = layer.forward(X)
    dA = rng.normal(size=A.shape)
    dX = layer.backward(dA)

    tX, tW, tb = (torch.tensor(a, requires_grad=True) for a in (X, layer.W, layer.b))
    tA = F.conv2d(tX, tW, tb, stride=stride, padding=padding)
    tA.backward(torch.tensor(dA))
    assert rel_err(A, tA.detach().numpy()) < 1e-10
    assert rel_err(dX, tX.grad.numpy()) < 1e-10
    assert rel_err(layer.dW, tW.grad.numpy()) < 1e-10
    assert rel_err(layer.db, tb.grad.numpy()) < 1e-10


def test_maxpool_forward_and_backward_equal_torch():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(3, 4, 8, 8))
    pool = MaxPool2D(2)
    A = pool.forward(X)
    dA = rng.normal(size=A.shape)
    tX = torch.tensor(X, requires_grad=True)
    tA = F.max_pool2d(tX, 2)
    tA.backward(torch.tensor(dA))
    assert rel_err(A, tA.detach().numpy()) < 1e-10
    assert rel_err(pool.backward(dA), tX.grad.numpy()) < 1e-10


@pytest.mark.parametrize(("stride", "padding", "k"), [(1, 0, 3), (1, 1, 3), (2, 1, 3), (2, 0, 2)])
def test_feature_map_equals_torch_conv2d_with_one_channel(stride, padding, k):
    from nnmath.conv import feature_map

    rng = np.random.default_rng(20 + stride + 3 * padding + k)
    image, kernel = rng.normal(size=(8, 7)), rng.normal(size=(k, k))
    want = F.conv2d(
        torch.tensor(image)[None, None],
        torch.tensor(kernel)[None, None],
        stride=stride,
        padding=padding,
    )[0, 0]
    got = feature_map(image, kernel, stride, padding)
    assert got.shape == tuple(want.shape)
    assert rel_err(got, want.numpy()) < 1e-12
