"""Lesson 08's exercises: plausible wrong answers and the mistake each check must name."""

_RELU = "Z = X @ W + b\n"
_EX5 = (
    "Z1 = X @ W1 + b1\n"
    "A1 = np.maximum(Z1, 0.0)\n"
    "P = activations.softmax(A1 @ W2 + b2)\n"
    "Y = losses.one_hot(y, W2.shape[1])\n"
)

WRONG = {
    1: [
        ("shape_dW, shape_db, shape_dX = (5, 3), (3, 1), (8, 5)", "has 1 axis"),
        ("shape_dW, shape_db, shape_dX = (5, 3), (1, 3), (8, 5)", "has 1 axis"),
        (
            "shape_dW, shape_db, shape_dX = (5, 3), (3,), (5, 8)",
            "the right sizes, in the wrong order",
        ),
        (
            "shape_dW, shape_db, shape_dX = (3, 5), (3,), (8, 5)",
            "the right sizes, in the wrong order",
        ),
        ("shape_dW, shape_db, shape_dX = (5, 3), (3,), (8, 3)", "shape of dZ"),
        ("shape_dW, shape_db, shape_dX = (8, 5), (3,), (8, 5)", "shape of X"),
        ("shape_dW, shape_db, shape_dX = (5, 3), (8,), (8, 5)", "one number per sample"),
        ("shape_dW, shape_db, shape_dX = [5, 3], (3,), (8, 5)", "a shape is a tuple"),
    ],
    2: [
        (_RELU + "dZ = dA\nreturn X.T @ dZ, dZ.sum(axis=0), dZ @ W.T", "ReLU′ is missing"),
        (_RELU + "dZ = dA * (Z > 0)\nreturn dZ.T @ X, dZ.sum(axis=0), dZ @ W.T", "transposed"),
        (
            _RELU + "dZ = dA * (Z > 0)\nreturn X.T @ dZ, dZ.mean(axis=0), dZ @ W.T",
            "off by a constant factor",
        ),
        (_RELU + "dZ = dA * (Z > 0)\nreturn X.T @ dZ, dZ.sum(axis=1), dZ @ W.T", "has shape"),
    ],
    3: [
        ("dZ3 = P3 - losses.one_hot(y3, 4)", "off by a constant factor of 3"),
        ("dZ3 = (losses.one_hot(y3, 4) - P3) / 3", "wrong sign"),
        ("dZ3 = (P3 - losses.one_hot(y3, 4)) / 4", "off by the same factor"),
    ],
    4: [
        ("k = 9", "still 10⁻⁶ or more"),
        ("k = 6", "still 10⁻⁶ or more"),
        ("k = 20", "factors of ½"),
    ],
    5: [
        (
            _EX5 + "dZ2 = P - Y\ndZ1 = (dZ2 @ W2.T) * (Z1 > 0)\n"
            "return [X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)]",
            "off by a constant factor of 6",
        ),
        (
            _EX5 + "dZ2 = (P - Y) / len(X)\ndZ1 = dZ2 @ W2.T\n"
            "return [X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)]",
            "ReLU′ is missing in layer 1",
        ),
        (
            _EX5 + "dZ2 = (Y - P) / len(X)\ndZ1 = (dZ2 @ W2.T) * (Z1 > 0)\n"
            "return [X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)]",
            "wrong sign",
        ),
        (
            _EX5 + "dZ2 = (P - Y) / len(X)\ndZ1 = (dZ2 @ W2.T) * (Z1 > 0)\n"
            "return [X.T @ dZ1, dZ1.sum(axis=0), Z1.T @ dZ2, dZ2.sum(axis=0)]",
            "dW2",
        ),
    ],
}
