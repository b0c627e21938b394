"""Lesson 10's exercises: plausible wrong answers and the mistake each check must name."""

_RELU = "h = np.maximum(x @ net.layers[0].W + net.layers[0].b, 0.0)\n"
_Z = "z = h @ net.layers[1].W + net.layers[1].b\n"
_SOFTMAX = "e = np.exp(z - z.max())\nreturn e / e.sum()"
_GRIDS = "grids = X_test_raw.reshape(-1, 8, 8)\nshifted = np.zeros_like(grids)\n"
_SCORE = "shifted = shifted.reshape(-1, 64)\n"
_RIGHT = "shifted[:, :, 1:] = grids[:, :, :-1]\n"


def _shifted(move, score):
    return _GRIDS + move + _SCORE + "shifted_accuracy = " + score


_TRAINED = "train.accuracy(net, data.standardize(X_train_raw, shifted)[1], y_test)"

WRONG = {
    1: [
        ("n_params_small = 64 * 32 + 32 * 10", "the biases count too"),
        ("n_params_small = 64 * 32 + 32 * 10 + 10", "the hidden layer's too"),
        ("n_params_small = 64 * 32 + 32", "count the output layer"),
    ],
    2: [
        ("accuracy_from_C = np.trace(C)", "number of right answers"),
        ("accuracy_from_C = 1 - np.trace(C) / C.sum()", "error rate"),
        ("accuracy_from_C = np.diag(C).mean()", "per digit"),
    ],
    3: [
        (_RELU + _Z + "e = np.exp(z)\nreturn e / e.sum()", "overflow"),
        ("h = x @ net.layers[0].W + net.layers[0].b\n" + _Z + _SOFTMAX, "ReLU is missing"),
        ("h = np.maximum(x @ net.layers[0].W, 0.0)\n" + _Z + _SOFTMAX, "a bias is missing"),
        (_RELU + "return h @ net.layers[1].W + net.layers[1].b", "these are logits"),
    ],
    4: [
        ("per_digit = np.diag(C) / C.sum(axis=0)", "divides by the column"),
        ("per_digit = np.diag(C)", "those are counts"),
        ("per_digit = np.diag(C) / C.sum()", "all the test images"),
    ],
    5: [
        (_shifted("shifted[:, :, :-1] = grids[:, :, 1:]\n", _TRAINED), "moves the images left"),
        (_shifted("shifted[:, 1:, :] = grids[:, :-1, :]\n", _TRAINED), "moves rows"),
        (
            "shifted = np.roll(X_test_raw.reshape(-1, 8, 8), 1, axis=2).reshape(-1, 64)\n"
            "shifted_accuracy = " + _TRAINED,
            "np.roll wraps",
        ),
        (
            _shifted(_RIGHT, "train.accuracy(net, data.standardize(shifted, shifted)[1], y_test)"),
            "training statistics",
        ),
        (_shifted(_RIGHT, "train.accuracy(net, shifted, y_test)"), "standardised pixels"),
    ],
}
