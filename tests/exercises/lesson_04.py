"""Lesson 04's exercises: plausible wrong answers and the mistake each check must name."""

_BUMP = """k4 = {k}
my_bump = MLP.from_layers(
    [
        Dense.from_weights([[k4, k4]], [-k4 * {l}, -k4 * {r}], "sigmoid"),
        Dense.from_weights([[{h}], [{mh}]], [0.0], "identity"),
    ]
)"""

WRONG = {
    1: [
        ("n_params = 784 * 128 + 128 * 64 + 64 * 10", "count the biases too"),
        (
            "n_params = (784 * 128 + 784) + (128 * 64 + 128) + (64 * 10 + 64)",
            "one bias per unit it outputs",
        ),
        ("n_params = (784 * 128 + 128) + (128 * 64 + 64)", "not right yet"),
    ],
    2: [
        ("y_hat2 = 2.5", "ReLU(z) = 0"),
        ("y_hat2 = 2.0", "first ROW"),
        ("y_hat2 = 0.5", "bias b₂"),
    ],
    3: [
        (
            "W1x, b1x = np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([0.0, -1.0])\n"
            "W2x, b2x = np.array([[1.0], [-1.0]]), np.array([0.0])",
            "not right yet",
        ),
        (
            "W1x, b1x = np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([0.0, 0.0])\n"
            "W2x, b2x = np.array([[1.0], [-2.0]]), np.array([0.0])",
            "not right",
        ),
    ],
    4: [
        (_BUMP.format(k=50.0, l=0.9, r=2.1, h=3.0, mh=-3.0), "edges are too wide"),
        (_BUMP.format(k=50.0, l=1.05, r=1.95, h=3.0, mh=-3.0), "edges are too narrow"),
        (_BUMP.format(k=5.0, l=1.0, r=2.0, h=3.0, mh=-3.0), "too soft"),
        (_BUMP.format(k=50.0, l=1.0, r=2.0, h=-3.0, mh=3.0), "points down"),
        (_BUMP.format(k=50.0, l=1.0, r=2.0, h=1.0, mh=-1.0), "height 3"),
    ],
    5: [
        ("pieces5 = 2**4", "teeth of the last fold"),
        ("pieces5 = 5", "counts the layers"),
        ("pieces5 = 2**5 + 1", "off by one"),
    ],
}
