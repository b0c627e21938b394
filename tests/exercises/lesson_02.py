"""Lesson 02's exercises: plausible wrong answers and the mistake each check must name."""

TANH_1 = "t1 = (np.exp(1) - np.exp(-1)) / (np.exp(1) + np.exp(-1))\n"
ROOT_PLUS = "s_sat = (1 + np.sqrt(1 - 4 * 0.01)) / 2\n"
ROOT_MINUS = "s_sat = (1 - np.sqrt(1 - 4 * 0.01)) / 2\n"
RIGHT_OUTPUTS = {
    "f_price": "activations.identity",
    "f_spam": "activations.sigmoid",
    "f_rain": "activations.relu",
    "f_digit": "activations.softmax",
}


def _outputs(**wrong):
    """Exercise 4's answer with the names in ``wrong`` set to the wrong activation."""
    return "\n".join(f"{name} = {wrong.get(name, f)}" for name, f in RIGHT_OUTPUTS.items())


WRONG = {
    1: [
        (TANH_1 + "dtanh1 = t1", "tanh(1) itself"),
        (TANH_1 + "dtanh1 = 1 - t1", "the square is missing"),
        ("s = 1 / (1 + np.exp(-1))\ndtanh1 = s * (1 - s)", "sigmoid's slope"),
    ],
    2: [
        ("return 1 / (1 + np.exp(-z))", "σ(z) itself"),
        ("s = 1 / (1 + np.exp(-z))\nreturn s * (1 + s)", "not right"),
        ("return np.exp(-z) / (1 + np.exp(-z))", "one factor"),
    ],
    3: [
        ("e = np.exp(z)\nreturn e / e.sum()", "overflow"),  # the forbidden shortcut
        ("e = np.exp(z - np.min(z))\nreturn e / e.sum()", "overflow"),  # the wrong end
        ("return np.exp(z - np.max(z))", "add up to one"),
    ],
    4: [
        (_outputs(f_price="activations.relu"), "cannot go below 0"),
        (_outputs(f_price="activations.tanh"), "between −1 and 1"),
        (_outputs(f_spam="activations.tanh"), "can be negative"),
        (_outputs(f_spam="activations.softmax"), "shares one unit of probability"),
        (_outputs(f_rain="activations.sigmoid"), "between 0 and 1"),
        (_outputs(f_rain="activations.identity"), "can be negative"),
        (_outputs(f_digit="activations.sigmoid"), "need not add up to one"),
    ],
    5: [
        (ROOT_MINUS + "w_sat = np.log(s_sat / (1 - s_sat)) / 2", "the other root"),
        (ROOT_PLUS + "w_sat = np.log(s_sat / (1 - s_sat))", "the pre-activation z"),
        (ROOT_PLUS + "w_sat = s_sat", "a value of σ"),
    ],
    6: [
        ("w_total = v1 * w1 + v2 * w2\nb_total = v1 * b1 + v2 * b2", "own bias c"),
        ("w_total = w1 + w2\nb_total = b1 + b2 + c", "output weights"),
        ("w_total = w1 * v1 * w2 * v2\nb_total = v1 * b1 + v2 * b2 + c", "paths add"),
        ("w_total = v1 * w1 + v2 * w2\nb_total = b1 + b2 + c", "through its output weight"),
    ],
}
