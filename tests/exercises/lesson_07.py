"""Lesson 07's exercises: plausible wrong answers and the mistake each check must name."""


def _loop(*body):
    """A ``train`` body: the loop with ``body`` (lines) after the loss is built."""
    inner = "".join(f"    {line}\n" for line in body)
    return (
        "w, b = Value(0.5), Value(-0.2)\n"
        "for _ in range(steps):\n"
        "    L = ((w * 1.5 + b).sigmoid() - 0.3) ** 2\n"
        f"{inner}"
        "return np.array([w.data, b.data])\n"
    )


def _divide(forward="a.data / b.data", children="(a, b)", grad_a=None, grad_b=None, op="+="):
    """A ``divide`` body: ``out`` made from ``forward`` and ``children``, with a backward rule."""
    grad_a = grad_a or "out.grad / b.data"
    grad_b = grad_b or "-a.data / b.data**2 * out.grad"
    return (
        f'out = Value({forward}, {children}, "/")\n\n'
        "def _backward():\n"
        f"    a.grad {op} {grad_a}\n"
        f"    b.grad {op} {grad_b}\n\n"
        "out._backward = _backward\n"
        "return out\n"
    )


WRONG = {
    1: [
        ("dg = 2 * (3 * 2 - 1)", "times the inner derivative"),
        ("dg = 3", "times the outer derivative"),
        ("dg = (3 * 2 - 1) * 3", "not right yet"),  # forgot the power rule's 2
    ],
    2: [
        ("dy_dw = activations.tanh_prime(w_ * x_ + b_)", "∂z/∂w is missing"),
        ("dy_dw = activations.tanh(w_ * x_ + b_) * x_", "no derivative"),
        ("dy_dw = activations.tanh_prime(w_ * x_ + b_) * w_", "that is ∂y/∂x"),
    ],
    3: [
        (  # forgot the square's 2(ŷ − y): the gradient of tanh alone
            "w1, w2, b3 = Value(0.3), Value(-1.2), Value(0.1)\n"
            "L3 = (w1 * 2.0 + w2 * 0.5 + b3).tanh()\n"
            "L3.backward()\n"
            "grads3 = np.array([w1.grad, w2.grad, b3.grad])",
            "tanh alone",
        ),
        (  # the inputs swapped between the two weights
            "w1, w2, b3 = Value(0.3), Value(-1.2), Value(0.1)\n"
            "L3 = ((w1 * 0.5 + w2 * 2.0 + b3).tanh() - 0.5) ** 2\n"
            "L3.backward()\n"
            "grads3 = np.array([w1.grad, w2.grad, b3.grad])",
            "not right yet",
        ),
        (  # forgot the bias
            "w1, w2, b3 = Value(0.3), Value(-1.2), Value(0.1)\n"
            "L3 = ((w1 * 2.0 + w2 * 0.5).tanh() - 0.5) ** 2\n"
            "L3.backward()\n"
            "grads3 = np.array([w1.grad, w2.grad, b3.grad])",
            "not right yet",
        ),
    ],
    4: [
        ("predicted = 3 * 2**2", "lone + a is missing"),
        ("predicted = 2**3 + 2", "not its gradient"),
        ("predicted = 2**2 + 1", "not right yet"),  # one path of the product only
    ],
    5: [
        (_loop("L.backward()", "w.data -= lr * w.grad", "b.data -= lr * b.grad"), "pile up"),
        (
            _loop(
                "L.backward()", "L.zero_grad()", "w.data -= lr * w.grad", "b.data -= lr * b.grad"
            ),
            "never move",
        ),
        (
            _loop(
                "L.zero_grad()", "L.backward()", "w.data += lr * w.grad", "b.data += lr * b.grad"
            ),
            "uphill",
        ),
    ],
    6: [
        (_divide(grad_a="1 / b.data", grad_b="-a.data / b.data**2"), "out.grad"),
        (_divide(op="="), "+="),
        (_divide(grad_b="a.data / b.data**2 * out.grad"), "∂L/∂b has the wrong sign"),
        (
            _divide(grad_a="-a.data / b.data**2 * out.grad", grad_b="out.grad / b.data"),
            "each other's derivative",
        ),
        (_divide(children="()"), "_prev"),
        (_divide(forward="b.data / a.data"), "upside down"),
        ("out = Value(a.data / b.data, (a, b), '/')\nreturn out", "_backward"),
    ],
}
