"""Lesson 12's exercises: plausible wrong answers and the mistake each check must name."""

_ADAM_LOOP = (
    "grads = np.asarray(grads, dtype=float)\n"
    "w, m, v = (np.zeros(grads.shape[1]) for _ in range(3))\n"
    "positions = []\n"
    "for t, g in enumerate(grads, start=1):\n"
    "    m = beta1 * m + (1 - beta1) * g\n"
    "    v = beta2 * v + (1 - beta2) * g**2\n"
    "    {correct}\n"
    "    w = w - lr * m_hat / {denominator}\n"
    "    positions.append(w)\n"
    "return np.array(positions)"
)
_RIGHT = "m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)"
_ROOT = "(np.sqrt(v_hat) + eps)"


def _adam(correct=_RIGHT, denominator=_ROOT):
    return _ADAM_LOOP.format(correct=correct, denominator=denominator)


_COS = "c = 0.05 * (1 + np.cos(np.pi * t / 100)) if t < 100 else 0.0\n"

WRONG = {
    1: [
        (
            "m_ex1 = 0.0\nfor g_ex1 in (4.0, 2.0, 6.0):\n    m_ex1 = 0.2 * m_ex1 + 0.8 * g_ex1\n"
            "m3_ex1 = m_ex1",
            "swapped",
        ),
        (
            "m_ex1 = 0.0\nfor g_ex1 in (4.0, 2.0, 6.0):\n    m_ex1 = 0.8 * m_ex1 + g_ex1\n"
            "m3_ex1 = m_ex1",
            "factor 1 − β",
        ),
        ("m3_ex1 = (0.8 * (0.8 * 0.8 + 0.4) + 1.2) / (1 - 0.8**3)", "bias-corrected"),
        ("m3_ex1 = (4.0 + 2.0 + 6.0) / 3", "plain mean"),
    ],
    2: [
        ("step2 = -0.1 * 0.39 / np.sqrt(0.009999)", "bias correction is missing"),
        ("step2 = -0.1 * (0.39 / 0.81) / np.sqrt(0.009999 / 0.998)", "not by βᵗ"),
        ("step2 = -0.1 * (0.39 / 0.19) / np.sqrt(0.009999)", "only m was corrected"),
        ("step2 = -0.1 * (0.39 / 0.19) / (0.009999 / 0.001999)", "square root"),
        ("step2 = 0.1 * (0.39 / 0.19) / np.sqrt(0.009999 / 0.001999)", "sign"),
    ],
    3: [
        (_adam(correct="m_hat, v_hat = m, v"), "bias correction is missing"),
        (_adam(correct="m_hat, v_hat = m / beta1**t, v / beta2**t"), "1 − βᵗ"),
        (_adam(denominator="(v_hat + eps)"), "square root"),
        (_adam(denominator="np.sqrt(v_hat + eps)"), "outside the square root"),
    ],
    4: [
        ("w_adamw = 2.0 - 0.01 * np.sign(0.5 + 0.1 * 2.0)", "L2 penalty"),
        ("w_adamw = (1 - 0.1) * 2.0 - 0.01", "1 − ηλ"),
        ("w_adamw = (1 - 0.01 * 0.1) * 2.0", "step on g is missing"),
        ("w_adamw = (1 - 0.01 * 0.1) * 2.0 + 0.01", "against the gradient"),
    ],
    5: [
        (_COS + "return c * t / 10 if t < 10 else c", "(t + 1)/10"),
        (
            "if t < 10:\n    return 0.1 * (t + 1) / 10\n"
            "s = t - 10\nreturn 0.05 * (1 + np.cos(np.pi * s / 100)) if s < 100 else 0.0",
            "own clock",
        ),
        (
            "c = 0.05 * (1 + np.cos(2 * np.pi * t / 100)) if t < 100 else 0.0\n"
            "return c * (t + 1) / 10 if t < 10 else c",
            "2π",
        ),
        (
            "c = 0.05 * (1 + np.cos(np.pi * t / 100))\nreturn c * (t + 1) / 10 if t < 10 else c",
            "stays at its minimum",
        ),
    ],
}
