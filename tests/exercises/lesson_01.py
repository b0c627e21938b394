"""Lesson 01's exercises: plausible wrong answers and the mistake each check must name."""

WRONG = {
    # 1. z and y by hand
    1: [
        ("z1 = 2 * 1 + (-1) * 3\ny1 = 1 / (1 + np.exp(-z1))", "bias b is missing"),
        ("z1 = 2 * 1 + (-1) * 3 - 0.5\ny1 = 1 / (1 + np.exp(z1))", "sign in the exponent"),
        ("z1 = 2 * 1 + 1 * 3 - 0.5\ny1 = 1 / (1 + np.exp(-z1))", "z is not right yet"),
    ],
    # 2. my_neuron
    2: [
        ("z = x @ w2\nreturn 1 / (1 + np.exp(-z))", "bias b2 is missing"),
        ("return x @ w2 + b2", "activation σ is missing"),
        ("z = x @ w2 + b2\nreturn 1 / (1 + np.exp(z))", "not right"),
    ],
    # 3. the bias that puts (1, 1) on the line
    3: [("b3 = 2.0", "on the far side of your line"), ("b3 = -1.0", "use both coordinates")],
    # 4. AND, with a margin
    4: [
        ("w_and, b_and = np.array([1.0, 1.0]), -1.0", "on or next to your line"),  # 2 corners on it
        ("w_and, b_and = np.array([1.0, 1.0]), -1.9", "on or next to your line"),  # (1, 1) too near
        ("w_and, b_and = np.array([-1.0, -1.0]), 1.5", "swapped on every input"),
        ("w_and, b_and = np.array([1.0, 1.0]), -0.5", "that is OR's table"),
    ],
    # 5. OR and NAND
    5: [
        (  # AND's weights reused for OR
            "w_or, b_or = np.array([1.0, 1.0]), -1.5\nw_nand, b_nand = np.array([-1.0, -1.0]), 1.5",
            "that is AND's table",
        ),
        (  # NAND with AND's sign: the flipped sign
            "w_or, b_or = np.array([1.0, 1.0]), -0.5\nw_nand, b_nand = np.array([1.0, 1.0]), -1.5",
            "swapped on every input",
        ),
        (  # OR's line through the corners (0, 1) and (1, 0)
            "w_or, b_or = np.array([1.0, 1.0]), -1.0\nw_nand, b_nand = np.array([-1.0, -1.0]), 1.5",
            "on or next to your line",
        ),
        (  # OR with too small a margin: (0, 1) and (1, 0) at y = 0.525
            "w_or, b_or = np.array([1.0, 1.0]), -0.9\nw_nand, b_nand = np.array([-1.0, -1.0]), 1.5",
            "on or next to your line",
        ),
        (  # NAND's line on the wrong corner: NOR
            "w_or, b_or = np.array([1.0, 1.0]), -0.5\nw_nand, b_nand = np.array([-1.0, -1.0]), 0.5",
            "that is NOR's table",
        ),
    ],
    # 6. the smallest scale c for outputs within 0.01 of the truth table
    6: [
        ("c_min = np.log(99)", "where |z| = 1"),  # as if the nearest inputs had |z| = 1
        ("c_min = np.log(99) / (0.5 / np.sqrt(2))", "distance d"),  # σ(c·d), no ‖w‖
        ("c_min = 2 * np.log10(99)", "base-10"),
        ("c_min = 100.0", "a smaller c also does it"),  # works, not the smallest
        ("c_min = 5.0", "still more than 0.01"),
    ],
}
