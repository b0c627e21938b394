"""Lesson 06's exercises: plausible wrong answers and the mistake each check must name."""

_EIG5 = "lam5 = np.linalg.eigvalsh(H5)\nlo, hi = np.sqrt(lam5)\n"

WRONG = {
    1: [
        ("p1_ex1 = np.array([2.0, -1.0]) + 0.5 * np.array([2.0, -0.8])", "uphill"),
        ("p1_ex1 = np.array([2.0, -1.0]) - np.array([2.0, -0.8])", "twice too long"),
        ("p1_ex1 = np.array([2.0, -1.0]) - 0.5 * np.array([4.0, -1.6])", "twice too long"),
        ("p1_ex1 = np.array([2.0, -1.0]) - 0.5 * np.array([2.0, -1.0])", "0.8 stays"),
    ],
    2: [
        ("lr_max2 = 2 / H2.sum(axis=1).max()", "row sum"),
        ("lr_max2 = 2 / (H2[0, 0] + H2[0, 1])", "row sum"),
        ("lr_max2 = 2 / np.trace(H2)", "trace"),
        ("lr_max2 = 1 / np.linalg.eigvalsh(H2).max()", "ηλ_max = 1"),
        ("lr_max2 = 2 / np.linalg.eigvalsh(H2).min()", "smallest eigenvalue"),
        ("lr_max2 = 2 / H2.max()", "entry of H"),
    ],
    3: [
        (
            "path = [np.asarray(p0, dtype=float)]\n"
            "for _ in range(steps):\n"
            "    path.append(path[-1] + lr * grad_fn(path[-1]))\n"
            "return np.array(path)",
            "uphill",
        ),
        (
            "path = [np.asarray(p0, dtype=float)]\n"
            "for _ in range(steps):\n"
            "    path.append(path[-1] - lr * grad_fn(path[0]))\n"
            "return np.array(path)",
            "at p0",
        ),
        (
            "path = [np.asarray(p0, dtype=float)]\n"
            "for _ in range(steps):\n"
            "    path.append(path[-1] - lr * grad_fn(path[-1]))\n"
            "return np.array(path[1:])",
            "shape",
        ),
    ],
    4: [
        (
            "err = 0.0 * x_d + 0.0 - y_d\n"
            "g_avg = np.array([np.sum(2 * err * x_d), np.sum(2 * err)])",
            "constant factor of 442",
        ),
        (
            "err = 0.0 * x_d + 0.0 - y_d\ng_avg = np.array([np.mean(err * x_d), np.mean(err)])",
            "constant factor of 0.5",
        ),
        (
            "err = y_d - (0.0 * x_d + 0.0)\n"
            "g_avg = np.array([np.mean(2 * err * x_d), np.mean(2 * err)])",
            "wrong sign",
        ),
    ],
    5: [
        (_EIG5 + "lr5, mu5 = 2 / (lo + hi), (hi - lo) / (hi + lo)", "squares"),
        (
            "lo, hi = np.sqrt(np.diag(H5)).min(), np.sqrt(np.diag(H5)).max()\n"
            "lr5, mu5 = (2 / (lo + hi)) ** 2, ((hi - lo) / (hi + lo)) ** 2",
            "diagonal entries",
        ),
        (
            _EIG5 + "lr5, mu5 = 2 / (lam5[0] + lam5[1]), ((hi - lo) / (hi + lo)) ** 2",
            "plain descent",
        ),
        (
            "lam5 = np.linalg.eigvalsh(H5)\n"
            "lr5 = (2 / (lam5[0] + lam5[1])) ** 2\n"
            "mu5 = ((lam5[1] - lam5[0]) / (lam5[1] + lam5[0])) ** 2",
            "square roots",
        ),
    ],
}
