"""Lesson 13's exercises: plausible wrong answers and the mistake each check must name."""

_LOOP = (
    "h, w = image.shape\n"
    "k = kernel.shape[0]\n"
    "out = np.zeros(({rows}, {cols}))\n"
    "for y in range({rows}):\n"
    "    for x in range({cols}):\n"
    "        out[y, x] = np.sum({kernel} * {patch})\n"
    "return out"
)


def _slide(rows="h - k + 1", cols="w - k + 1", kernel="kernel", patch=None):
    patch = patch or "image[y : y + k, x : x + k]"
    return _LOOP.format(rows=rows, cols=cols, kernel=kernel, patch=patch)


WRONG = {
    1: [
        ("rows_out = (28 - 5 + 2 * 2) // 2", "the + 1 is missing"),
        ("rows_out = (28 - 5) // 2 + 1", "padding is missing"),
        ("rows_out = -(-(28 - 5 + 2 * 2) // 2) + 1", "round down"),
        ("rows_out = 28 - 5 + 2 * 2 + 1", "stride is missing"),
    ],
    2: [
        ("n_conv = 32 * 16 * 3 * 3\nn_conv_large = n_conv", "one bias per output channel"),
        ("n_conv = 32 * 3 * 3 + 32\nn_conv_large = n_conv", "each of the 16 input channels"),
        ("n_conv = 32 * 16 * 3 + 32\nn_conv_large = n_conv", "k², not k"),
        ("n_conv = 32 * 16 * 9 + 16\nn_conv_large = n_conv", "not per input channel"),
        ("n_conv = 32 * 16 * 9 + 32\nn_conv_large = n_conv * 32 * 32 // 16", "does not matter"),
        ("n_conv = 32 * 16 * 9 + 32\nn_conv_large = 32 * 32 * 32", "the outputs"),
    ],
    3: [
        (_slide(kernel="np.flip(kernel)"), "don't flip"),
        (_slide(kernel="kernel.T"), "swapped"),
        (
            "padded = np.pad(image, 1)\n"
            + _slide(rows="h - k + 3", cols="w - k + 3", patch="padded[y : y + k, x : x + k]"),
            "pads the image",
        ),
        (_slide(rows="h - k", cols="w - k"), "shape"),
    ],
    4: [
        ("return conv.feature_map(dZ, kernel, padding=kernel.shape[0] - 1)", "flip the kernel"),
        ("return conv.feature_map(dZ, kernel[::-1], padding=kernel.shape[0] - 1)", "both axes"),
        ("return conv.feature_map(dZ, np.flip(kernel), padding=1)", "full convolution"),
        ("return conv.feature_map(dZ, np.flip(kernel))", "dZ needs padding"),
    ],
    5: [
        ("pooled_4 = grid_4.reshape(2, 2, 2, 2).mean(axis=(1, 3))", "average pooling"),
        (
            "pooled_4 = np.array([[grid_4[i : i + 2, j : j + 2].max() for j in range(3)]"
            " for i in range(3)])",
            "don't overlap",
        ),
        ("pooled_4 = grid_4.reshape(2, 2, 2, 2).max(axis=(0, 2))", "not of 2 × 2 blocks"),
        ("pooled_4 = grid_4.max()", "shape"),
    ],
}
