"""Lesson 09's exercises: plausible wrong answers and the mistake each check must name."""

_FORWARD = """
with np.load(weights_path) as f:
    A = X
    for k in (1, 2, 3):
        A = np.tanh(A @ f[f"W{{k}}"] + f[f"b{{k}}"])
    z = A @ f["W4"] + f["b4"]
return {out}
"""
_TEST_LOSS = "losses.binary_cross_entropy.value({net}.forward(X4_test), y4_test)"
_TEST_CURVE = "[" + _TEST_LOSS.format(net="net") + " for net in checkpoints]"

WRONG = {
    1: [
        (
            "n_params = 2 * 6 + 6 * 6 + 6 * 1\nsteps = math.ceil(150 / 20)",
            "count the biases too",
        ),
        (
            "n_params = (2 * 6 + 6) + (6 * 6 + 6) + (6 * 1 + 1)\nsteps = 150 // 20",
            "the last, smaller batch",
        ),
        ("n_params = 2 * 6 * 6 * 1\nsteps = math.ceil(150 / 20)", "not right yet"),
    ],
    2: [
        ("W_new = W - 0.5 * dW", "the L2 term λw is missing"),
        ("W_new = W - 0.5 * (dW - 0.1 * W)", "added to the gradient"),
        ("W_new = W - 0.5 * dW - 0.1 * W", "multiplied by η"),
    ],
    3: [
        (
            # chosen by the test loss: the mistake the exercise is about
            f"curve = {_TEST_CURVE}\n"
            "best_epoch = int(np.argmin(curve[1:])) + 1\n"
            "stopped_test_loss = curve[best_epoch]",
            "lowest TEST loss",
        ),
        (
            # the list index for the epoch
            "best_epoch = int(np.argmin(run3['val_loss']))\n"
            f"stopped_test_loss = {_TEST_LOSS.format(net='checkpoints[best_epoch + 1]')}",
            "off by one",
        ),
        (
            # the right epoch, the wrong checkpoint: checkpoints[0] is before training
            "i = int(np.argmin(run3['val_loss']))\n"
            "best_epoch = run3['epoch'][i]\n"
            f"stopped_test_loss = {_TEST_LOSS.format(net='checkpoints[i]')}",
            "one checkpoint off",
        ),
        (
            "i = int(np.argmin(run3['val_loss']))\n"
            "best_epoch = run3['epoch'][i]\n"
            "stopped_test_loss = run3['val_loss'][i]",
            "that is the validation loss",
        ),
        (
            "i = int(np.argmin(run3['val_loss']))\n"
            "best_epoch = run3['epoch'][i]\n"
            f"stopped_test_loss = {_TEST_LOSS.format(net='checkpoints[-1]')}",
            "after all 1,000 epochs",
        ),
        (
            "best_epoch = run3['epoch'][int(np.argmin(run3['loss']))]\n"
            f"stopped_test_loss = {_TEST_LOSS.format(net='checkpoints[best_epoch]')}",
            "training loss is lowest",
        ),
    ],
    4: [
        (_FORWARD.format(out="z[:, 0]"), "needs the sigmoid"),
        (_FORWARD.format(out="np.tanh(z[:, 0])"), "not tanh"),
        (_FORWARD.format(out="1 / (1 + np.exp(-z))"), "has shape"),
    ],
}
