"""Lesson 11's exercises: plausible wrong answers and the mistake each check must name."""

_GREEDY = """greedy_ids = list(vocab.encode("the "))
for _ in range({n}):
    greedy_ids.append(int({pick}))
greedy = vocab.decode(greedy_ids{tail})
"""
_ARGMAX = "np.argmax(text.next_logits(net, greedy_ids))"

WRONG = {
    1: [
        ('hare_one_hot = np.eye(V)[vocab.encode("hare")].T', "transposed"),
        ('hare_one_hot = vocab.encode("hare")', "shape"),
        ('hare_one_hot = np.eye(V)[np.sort(vocab.encode("hare"))]', "in its order"),
    ],
    2: [
        (
            'ea, ee = E[vocab.index["a"]], E[vocab.index["e"]]\n'
            "cos_a_e = ea @ ee / (np.linalg.norm(ea) * np.linalg.norm(ee))",
            "not centred",
        ),
        (
            'ea, ee = E_centred[vocab.index["a"]], E_centred[vocab.index["e"]]\ncos_a_e = ea @ ee',
            "dot product",
        ),
        (
            'ea, ee = E_centred[vocab.index["a"]], E_centred[vocab.index["e"]]\n'
            "cos_a_e = np.linalg.norm(ea - ee)",
            "not right yet",
        ),
    ],
    3: [
        ("e = np.exp(z / 0.25)\nreturn e / e.sum()", "overflow"),
        ("s = z * 0.25\ne = np.exp(s - s.max())\nreturn e / e.sum()", "multiplied by T"),
        ("e = np.exp(z - z.max())\nreturn e / e.sum()", "T = 1"),
    ],
    4: [
        ("n_params_big = 32 * 10 + 5 * 10 * 100 + 100 * 32", "biases are missing"),
        ("n_params_big = 32 * 10 + (10 * 100 + 100) + (100 * 32 + 32)", "k·d = 50 inputs"),
        ("n_params_big = 5 * 32 * 10 + (5 * 10 * 100 + 100) + (100 * 32 + 32)", "count it once"),
    ],
    5: [
        (_GREEDY.format(n=39, pick=_ARGMAX, tail=""), "shape"),
        (_GREEDY.format(n=40, pick=_ARGMAX, tail="[4:]"), "shape"),
        (
            _GREEDY.format(n=40, pick="np.argmin(text.next_logits(net, greedy_ids))", tail=""),
            "not right yet",
        ),
    ],
    6: [
        (
            "dE6 = np.zeros((V, 10))\nfor i in range(50):\n    for j in range(3):\n"
            "        dE6[C6[i, j]] = dA6[i, 10 * j : 10 * (j + 1)]",
            "not keep the last",
        ),
        (
            "dE6 = np.zeros((V, 10))\nfor i in range(50):\n    dE6[C6[i, 0]] += dA6[i, :10]",
            "three positions add",
        ),
        (
            "dE6 = np.zeros((10, V))\nfor i in range(50):\n    for j in range(3):\n"
            "        dE6[:, C6[i, j]] += dA6[i, 10 * j : 10 * (j + 1)]",
            "transposed",
        ),
    ],
}
