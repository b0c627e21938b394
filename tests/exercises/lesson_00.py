"""Lesson 00's exercises: plausible wrong answers and the mistake each check must name."""

WRONG = {
    1: [("u_dot_v = -1", "not right yet"), ("u_dot_v = 2", "not right yet")],
    2: [
        (
            "total = 0.0\nfor i in range(len(a)):\n    total += a[i] + b[i]\nreturn total",
            "not right",
        ),
        ("return a[0] * b[0]", "not right"),
    ],
    3: [("theta = 81.87", "not right"), ("theta = -98.13", "not right")],
    4: [("z4 = X4 @ -w4", "wrong sign"), ("z4 = X4.sum(axis=1)", "not right")],
}
