"""Lesson 05's exercises: plausible wrong answers and the mistake each check must name."""

_GRID = 'L5 = losses.loss_grid(hours, passed, ws5, bs5, loss="{loss}", activation="sigmoid")\n'
_PICK = "i5, j5 = np.unravel_index(np.{arg}(L5), L5.shape)\n"
_P3 = "P3 = activations.softmax(Z)\n"
_S4 = "s4 = activations.sigmoid(-4.0)\n"

WRONG = {
    1: [
        ("L1 = ((1.0 - 1.5) + (2.0 - 2.0) + (4.0 - 3.0) + (3.0 - 1.0)) / 4", "square each error"),
        ("L1 = (0.5 + 0.0 + 1.0 + 2.0) / 4", "mean absolute error"),
        ("L1 = 0.25 + 0.0 + 1.0 + 4.0", "sum of the squares"),
        ("L1 = (0.25 + 0.0 + 1.0 + 4.0) / 3", "n − 1"),
        ("L1 = ((0.25 + 0.0 + 1.0 + 4.0) / 4) ** 0.5", "square root"),
    ],
    2: [
        ("return np.mean(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))", "wrong sign"),
        ("return -np.mean(y * np.log(y_hat))", "(1 − y) log(1 − ŷ) term"),
        ("return -np.sum(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))", "sums over"),
    ],
    3: [
        (_P3 + "L3 = np.mean(np.log(P3[np.arange(len(c3)), c3]))", "wrong sign"),
        (_P3 + "L3 = -np.sum(np.log(P3[np.arange(len(c3)), c3]))", "sums over the samples"),
        (_P3 + "L3 = -np.mean(np.log(P3.max(axis=1)))", "most likely class"),
        (
            "P3 = activations.softmax(Z.T).T\nL3 = -np.mean(np.log(P3[np.arange(len(c3)), c3]))",
            "down the columns",
        ),
    ],
    4: [
        (_S4 + "ratio4 = (2 * (s4 - 1) * s4 * (1 - s4)) / (s4 - 1)", "the other way up"),
        (_S4 + "ratio4 = (s4 - 1) / ((s4 - 1) * s4 * (1 - s4))", "differentiating the square"),
        (_S4 + "ratio4 = (s4 - 1) / (2 * (1 - s4) * s4 * (1 - s4))", "ratio is positive"),
    ],
    5: [
        (
            _GRID.format(loss="binary_cross_entropy")
            + _PICK.format(arg="argmin")
            + "best5 = (ws5[i5], bs5[j5])",
            "reads rows as weights",
        ),
        (
            _GRID.format(loss="binary_cross_entropy")
            + _PICK.format(arg="argmin")
            + "best5 = (bs5[i5], ws5[j5])",
            "is (b, w)",
        ),
        (
            _GRID.format(loss="binary_cross_entropy")
            + _PICK.format(arg="argmax")
            + "best5 = (ws5[j5], bs5[i5])",
            "highest point",
        ),
        (
            _GRID.format(loss="mse") + _PICK.format(arg="argmin") + "best5 = (ws5[j5], bs5[i5])",
            "lowest squared error",
        ),
    ],
    6: [
        ("L6 = losses.cross_entropy.value(activations.softmax(Z6), c6)", "clipped probabilities"),
        (
            "M6 = Z6.max(axis=1, keepdims=True)\n"
            "lse6 = np.log(np.sum(np.exp(Z6 - M6), axis=1))\n"
            "L6 = np.mean(lse6 - Z6[np.arange(len(c6)), c6])",
            "add the largest logit",
        ),
        (
            "M6 = Z6.max(axis=1, keepdims=True)\n"
            "lse6 = M6[:, 0] + np.log(np.sum(np.exp(Z6 - M6), axis=1))\n"
            "L6 = np.mean(Z6[np.arange(len(c6)), c6] - lse6)",
            "wrong sign",
        ),
    ],
}
