"""Lesson 03's exercises: plausible wrong answers and the mistake each check must name."""

WRONG = {
    # 1. Z = XW + b by hand
    1: [
        ("Z1 = [[2, 2], [-2, 7]]", "b is missing"),  # XW, the bias forgotten
        ("Z1 = [[3, -1], [0, 5]]", "rows and columns are swapped"),  # Z transposed
        ("Z1 = [[2, 1], [-3, 4]]", "column j of W"),  # X Wᵀ + b: rows of W as neurons
    ],
    # 2. the shapes of W, b and Z
    2: [
        ("W_shape = (128, 784)\nb_shape = (128,)\nZ_shape = (32, 128)", "swapped"),
        ("W_shape = (784, 128)\nb_shape = 128\nZ_shape = (32, 128)", "a shape is a tuple"),
        ("W_shape = (784, 128)\nb_shape = (128)\nZ_shape = (32, 128)", "a shape is a tuple"),
        ("W_shape = (784, 128)\nb_shape = (32,)\nZ_shape = (32, 128)", "not one per sample"),
        ("W_shape = (784, 128)\nb_shape = (128,)\nZ_shape = (128, 32)", "batch-first"),
        ("W_shape = [784, 128]\nb_shape = (128,)\nZ_shape = (32, 128)", "not a list"),
    ],
    # 3. a 3 → 3 layer from its story: the transposed W raises no error
    3: [
        (
            "W3 = np.array([[1.0, -1.0, 0.0], [1.0, 0.0, 2.0], [1.0, 1.0, 0.0]]).T\n"
            "b3 = np.array([0.0, 0.0, -1.0])",
            "W is transposed",
        ),
        (  # the bias forgotten: no constant anywhere
            "W3 = np.array([[1.0, -1.0, 0.0], [1.0, 0.0, 2.0], [1.0, 1.0, 0.0]])\nb3 = np.zeros(3)",
            "the bias is missing",
        ),
        (  # the −1 written as a weight on x₁
            "W3 = np.array([[1.0, -1.0, -1.0], [1.0, 0.0, 2.0], [1.0, 1.0, 0.0]])\n"
            "b3 = np.zeros(3)",
            "belongs in b3",
        ),
        (  # 2x₂ − 1 read as the weight 2 − 1 on x₂
            "W3 = np.array([[1.0, -1.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])\nb3 = np.zeros(3)",
            "belongs in b3",
        ),
        (
            "W3 = np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 2.0], [1.0, -1.0, 0.0]])\n"
            "b3 = np.array([0.0, 0.0, -1.0])",
            "not right yet",
        ),
    ],
    # 4. the 90° rotation
    4: [
        (
            "W_rot = np.array([[0.0, -1.0], [1.0, 0.0]])\nb_rot = np.array([0.0, 0.0])",
            "are the ROWS of W",
        ),
        (
            "W_rot = np.array([[0.0, 1.0], [-1.0, 0.0]])\nb_rot = np.array([0.0, 1.0])",
            "leaves (0, 0) where it is",
        ),
    ],
    # 5. the colleague's (4, 3) weights
    5: [
        ("Z5 = X5 @ W5.T", "b5 is missing"),
        ("Z5 = X5 @ W5.reshape(3, 4) + b5", "reshape"),
        ("Z5 = W5 @ X5.T + b5[:, None]", "transposed"),
    ],
    # 6. three linear layers collapsed into one (moved here from lesson 02)
    6: [
        ("W_total = Wc @ Wb @ Wa\nb_total = (ba @ Wb + bb) @ Wc + bc", "order is reversed"),
        ("W_total = Wa @ Wb @ Wc\nb_total = bb @ Wc + bc", "first bias ba"),
        ("W_total = Wa @ Wb @ Wc\nb_total = ba + bb + bc", "not just added"),
        ("W_total = Wa @ Wb @ Wc\nb_total = Wc @ (Wb @ ba + bb) + bc", "column-vector order"),
    ],
}
