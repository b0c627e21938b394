"""Lesson 00's exercises: plausible wrong answers and the mistake each check must name.

u = (1, −2, 3), v = (4, 0, −1): the products are 4, 0, −3 and u·v = 1.
a3 = (1, 2), b3 = (3, −1): cos θ = 1/√50, θ = 81.87°.
X4's rows against w4 = (2, −1): w·x = (7, 2.4, −2, −1), cos θ ≈ (0.76, 0.997, −0.89, −0.22).
"""

COS4 = "cos4 = (X4 @ w4) / (np.linalg.norm(X4, axis=1) * np.linalg.norm(w4))\n"

WRONG = {
    # Exercise 1: u·v typed by hand
    1: [
        ("u_dot_v = 7", "sign of each product"),  # 3·(−1) taken as +3
        ("u_dot_v = -7", "sign of each product"),  # 1·4 taken as −4
        ("u_dot_v = 4", "a product is missing"),  # the last product forgotten
        ("u_dot_v = -3", "a product is missing"),  # the first product forgotten
        ("u_dot_v = 5", "entries were added"),  # (1+4) + (−2+0) + (3−1)
        ("u_dot_v = 6", "multiplies the two sums"),  # (1−2+3)·(4+0−1)
        ("u_dot_v = -1", "not right yet"),  # the whole sign flipped: no hint that gives it away
    ],
    # Exercise 2: my_dot with a loop
    2: [
        (
            "total = 0.0\nfor i in range(len(a)):\n    total += a[i] + b[i]\nreturn total",
            "adds matching entries",
        ),
        (
            "total = 0.0\nfor i in range(len(a)):\n    total = a[i] * b[i]\nreturn total",
            "only the last product",
        ),
        (
            "total = 0.0\nfor i in range(len(a)):\n    total += a[i] * b[i]\n    return total",
            "returns after the first product",
        ),
    ],
    # Exercise 3: the angle in degrees
    3: [
        ("theta = -81.87", "[0°, 180°]"),  # arctan2-style signed angle
        ("theta = 278.13", "[0°, 180°]"),  # the same direction, modulo 360°
        ("theta = np.arccos(a3 @ b3 / (np.sqrt(a3 @ a3) * np.sqrt(b3 @ b3)))", "radians"),
        ("theta = np.degrees(np.arccos(-(a3 @ b3) / (np.sqrt(a3 @ a3) * np.sqrt(b3 @ b3))))", "−b"),
        ("theta = np.degrees(np.arccos(a3 @ b3 / np.sqrt(a3 @ a3)))", "both lengths"),
        ("theta = np.degrees(np.arccos(a3 @ b3 / np.sqrt(b3 @ b3)))", "both lengths"),
        ("theta = 81.5", "not right yet"),
    ],
    # Exercise 4: cosine similarity of a batch, and the best-matching input
    4: [
        ("cos4 = X4 @ w4\nbest4 = 1", "w·x itself"),
        ("cos4 = X4 @ w4 / np.linalg.norm(w4)\nbest4 = 1", "one length only"),
        ("cos4 = X4 @ w4 / np.linalg.norm(X4, axis=1)\nbest4 = 1", "one length only"),
        (
            "cos4 = X4 @ w4 / (np.linalg.norm(X4) * np.linalg.norm(w4))\nbest4 = 1",
            "one length for the whole matrix",
        ),
        (COS4 + "best4 = int(np.argmax(X4 @ w4))", "largest w·x"),
        (COS4 + "best4 = 2", "numbered from 0"),
        (COS4 + "best4 = cos4.max()", "row number"),
        (
            "cos4 = -(X4 @ w4) / (np.linalg.norm(X4, axis=1) * np.linalg.norm(w4))\nbest4 = 1",
            "wrong sign",
        ),
    ],
    5: [
        ("x_star = w4", "does not have length 1"),
        ("x_star = -w4 / np.linalg.norm(w4)", "as small as it can be"),
        ("x_star = X4[1] / np.linalg.norm(X4[1])", "the best of the four rows"),
        ("x_star = np.array([1.0, 0.0])", "not the best direction"),
    ],
}
