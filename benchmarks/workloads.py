"""The training steps ``make bench`` compares: nnmath, hand NumPy, PyTorch, micrograd.

Every implementation starts from the same initial weights and does the same
math: forward, the loss value, backward, one SGD step.
"""

import numpy as np

import nnmath
from nnmath import MLP, SGD, data, train

LR = 0.1


def moons_problem():
    """Workload (a): 2-16-16-1 tanh/sigmoid with binary cross-entropy on 200 moons, full batch."""
    X, y = data.moons(200, noise=0.1, rng=np.random.default_rng(0))
    net = MLP([2, 16, 16, 1], hidden="tanh", output="sigmoid", rng=np.random.default_rng(1))
    return X, y[:, None].astype(float), net


def digits_problem():
    """Workload (b): 64-128-10 ReLU/softmax with cross-entropy on the digits training set."""
    X_train, _, y_train, _ = data.digits()
    net = MLP([64, 128, 10], hidden="relu", output="softmax", rng=np.random.default_rng(1))
    Y = nnmath.losses.one_hot(y_train, 10)
    return X_train, Y, net


# --- nnmath -----------------------------------------------------------------


def nnmath_step(net, opt):
    """``loss_and_grads`` (checked, fused ∂L/∂Z), then ``opt.step``."""

    def step(X, Y):
        loss = net.loss_and_grads(X, Y, LOSS_OF[net.layers[-1].activation])
        opt.step(net.params(), net.grads())
        return loss

    return step


def public_step(net, opt):
    """The step a learner writes with the public API, every input checked:

        P = net.forward(X); net.backward(loss.gradient(P, Y)); opt.step(net.params(), net.grads())

    It computes no loss value (the learner does not print one), so it returns
    one for ``check_same_math`` to call afterwards, outside the timing. The
    gradient is the unfused ∂L/∂ŷ, chained through the output activation's f′.
    """
    loss = nnmath.losses.get(LOSS_OF[net.layers[-1].activation])

    def step(X, Y):
        P = net.forward(X)
        net.backward(loss.gradient(P, Y))
        opt.step(net.params(), net.grads())
        return lambda: loss.value(P, Y)  # P is this step's ŷ: the step left it alone

    return step


LOSS_OF = {"sigmoid": "binary_cross_entropy", "softmax": "cross_entropy"}


def nnmath_fit(net):
    """``train.fit`` as a lesson runs it (checks, shuffling and history included)."""
    opt, rng = SGD(LR), np.random.default_rng(0)
    loss = LOSS_OF[net.layers[-1].activation]

    def run(X, Y, epochs=1, batch_size=64):
        train.fit(net, X, Y, loss, opt, epochs, batch_size, rng=rng, progress=False)

    return run


# --- the hand-written floor: the same math with no abstraction --------------


def hand_step(params, hidden, output):
    """A step written out by hand for a 2-hidden-layer or 1-hidden-layer net."""
    f = np.tanh if hidden == "tanh" else (lambda z: np.maximum(z, 0.0))
    f_prime_of_a = (lambda a: 1.0 - a * a) if hidden == "tanh" else (lambda a: a > 0)

    def step(X, Y):
        n = X.shape[0]
        As = [X]
        for W, b in zip(params[0:-2:2], params[1:-2:2], strict=True):
            As.append(f(As[-1] @ W + b))
        Z = As[-1] @ params[-2] + params[-1]
        if output == "sigmoid":
            P = 1.0 / (1.0 + np.exp(-Z))
            Pc = np.clip(P, 1e-12, 1 - 1e-12)
            loss = -np.sum(Y * np.log(Pc) + (1 - Y) * np.log(1 - Pc)) / n
        else:
            E = np.exp(Z - Z.max(axis=1, keepdims=True))
            P = E / E.sum(axis=1, keepdims=True)
            loss = -np.sum(Y * np.log(np.clip(P, 1e-12, 1.0))) / n
        dZ = (P - Y) / n
        grads = []
        for i in range(len(As) - 1, -1, -1):
            W = params[2 * i]
            grads[:0] = [As[i].T @ dZ, dZ.sum(axis=0)]
            if i:
                dZ = (dZ @ W.T) * f_prime_of_a(As[i])
        for p, g in zip(params, grads, strict=True):
            p -= LR * g
        return loss

    return step


# --- PyTorch (optional) -----------------------------------------------------


def torch_step(net, hidden, output):
    import torch

    torch.set_num_threads(1)
    layers = []
    for layer in net.layers:
        lin = torch.nn.Linear(layer.n_in, layer.n_out, dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(layer.W.T.copy()))
            lin.bias.copy_(torch.from_numpy(layer.b.copy()))
        layers += [lin, torch.nn.Tanh() if hidden == "tanh" else torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])  # logits; the loss applies sigmoid/softmax
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    if output == "sigmoid":
        loss_fn = torch.nn.BCEWithLogitsLoss()
    else:

        def loss_fn(logits, Y):
            return torch.nn.functional.cross_entropy(logits, Y.argmax(dim=1))

    def step(X, Y):
        X, Y = torch.from_numpy(X), torch.from_numpy(Y)
        opt.zero_grad()
        loss = loss_fn(model(X), Y)
        loss.backward()
        opt.step()
        return loss.item()

    return step


# --- micrograd (scalar autograd; its MLP has ReLU hidden units) -------------


def micrograd_step():
    from micrograd.nn import MLP as MicroMLP

    model = MicroMLP(2, [16, 16, 1])

    def step(X, Y):
        scores = [model(list(x)) for x in X]
        loss = sum((s - float(t)) ** 2 for s, t in zip(scores, Y[:, 0], strict=True)) * (
            1.0 / len(X)
        )
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= LR * p.grad
        return loss.data

    return step


def make_steps(problem, hidden, output):
    """Every available implementation's step for one problem, from the same initial weights."""
    net = problem[2]
    steps = {
        "nnmath (loss_and_grads)": nnmath_step(net.copy(), SGD(LR)),
        "hand NumPy": hand_step([p.copy() for p in net.params()], hidden, output),
    }
    try:
        steps["PyTorch"] = torch_step(net, hidden, output)
    except ImportError:
        pass
    steps["nnmath (public step)"] = public_step(net.copy(), SGD(LR))
    return steps
