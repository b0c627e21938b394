"""``make bench``: nnmath against the baselines people would reach for.

Measures, in one run, with BLAS pinned to one thread:
1. training-step speed on (a) 2-16-16-1 tanh/sigmoid on 200 moons, full batch and
   (b) 64-128-10 ReLU/softmax on digits, one mini-batch of 64 and one epoch —
   nnmath (``loss_and_grads``; ``train.fit``; and the public step a learner
   writes, ``P = net.forward(X); net.backward(loss.gradient(P, Y)); opt.step(…)``),
   a hand-written NumPy loop (the floor), PyTorch CPU float64 if installed,
   micrograd on (a); and one optimiser step on (b)'s parameters, nnmath's ``Adam.step``
   (checked, and unchecked as in ``train.fit``) next to ``torch.optim.Adam.step``;
   and one ``Conv2D`` forward + backward step on a batch of 64 digit images (1 → 16
   channels, 3 × 3, padding 1, ReLU) next to PyTorch CPU float64 and a Python-loop
   convolution written from the definition;
2. time for nnmath to reach 97 % and 97.5 % test accuracy on digits, next to
   scikit-learn's MLPClassifier on the same split, and to train lesson 13's CNN
   (``CNN_RECIPE``) with BLAS on one thread of a 2-core machine;
3. wall time to execute every lesson headless,
4. each lesson widget's update time (median of 20 moves), and
5. each lesson's kernel cost (peak and final memory, CPU seconds) and a Jupyter
   server's own memory: what a hub must give each student (deploy/).

Prints tables and writes build/bench.json. Times are medians; ratios compare
implementations measured in this same run, since the machine is noisy.
"""

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

import nnmath
from nnmath.conv import Conv2D, Flatten, MaxPool2D, Reshape

sys.path.insert(0, str(Path(__file__).parent))

import lessons_cost
import workloads

ROOT = Path(__file__).resolve().parent.parent


def median_times(fns, *, repeat, number=1):
    """Median seconds per call of each function, measured in interleaved rounds.

    Round r times ``number`` calls of every function in turn, so a burst of load
    on the machine slows all of them alike and the ratios stay fair. With several
    functions, each timing follows one untimed call of the same function, so none
    pays for the caches the previous one (PyTorch, say) left cold.
    """
    for fn in fns.values():
        fn()  # warm-up: caches, lazy imports, allocator
    runs = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            if len(fns) > 1:
                fn()  # warm again after the others ran
            t = time.perf_counter()
            for _ in range(number):
                fn()
            runs[name].append((time.perf_counter() - t) / number)
    return {name: statistics.median(r) for name, r in runs.items()}


def check_same_math(steps, X, Y, n_steps=3):
    """The implementations must agree on the loss of the first steps (same weights, same math).

    A step may return its loss as a function to call after it (the public step
    computes none itself).
    """

    def loss_of(result):
        return float(result() if callable(result) else result)

    losses = {name: [loss_of(step(X, Y)) for _ in range(n_steps)] for name, step in steps.items()}
    ref = losses["hand NumPy"]
    for name, got in losses.items():
        if not np.allclose(got, ref, rtol=1e-9):
            raise AssertionError(f"{name} disagrees with the hand NumPy loop: {got} vs {ref}")


def step_speed(repeat):
    rows = []
    moons = "moons 2-16-16-1, full batch"
    X, Y, _ = problem = workloads.moons_problem()
    steps = workloads.make_steps(problem, "tanh", "sigmoid")
    check_same_math(steps, X, Y)
    # Every call makes 20 steps; for train.fit that is 20 one-step epochs, so its
    # set-up (checking and preparing X and y) is shared as in a lesson's fit.
    fns = {name: (lambda s=step: [s(X, Y) for _ in range(20)]) for name, step in steps.items()}
    fit = workloads.nnmath_fit(problem[2].copy())
    fns["nnmath (train.fit)"] = lambda: fit(X, Y, epochs=20, batch_size=None)
    times = median_times(fns, repeat=repeat)
    rows += [(moons, n, t / 20) for n, t in times.items()]
    try:
        micro = workloads.micrograd_step()
        t = median_times({"micrograd": lambda: micro(X, Y)}, repeat=3)["micrograd"]
        rows.append((moons, "micrograd (ReLU, MSE)", t))
    except ImportError:
        print("micrograd not installed (pip install micrograd): its row is skipped")

    X, Y, _ = problem = workloads.digits_problem()
    steps = workloads.make_steps(problem, "relu", "softmax")
    check_same_math(steps, X[:64], Y[:64])
    rng = np.random.default_rng(0)
    batch = rng.permutation(X.shape[0])[:64]
    Xb, Yb = X[batch], Y[batch]
    fns = {name: (lambda s=step: [s(Xb, Yb) for _ in range(20)]) for name, step in steps.items()}
    fit = workloads.nnmath_fit(problem[2].copy())
    fns["nnmath (train.fit)"] = lambda: fit(Xb, Yb, epochs=20)
    times = median_times(fns, repeat=repeat)
    rows += [("digits 64-128-10, batch 64", n, t / 20) for n, t in times.items()]

    def epoch(step):
        order = rng.permutation(X.shape[0])
        for start in range(0, X.shape[0], 64):
            idx = order[start : start + 64]
            step(X[idx], Y[idx])

    fns = {name: (lambda s=step: epoch(s)) for name, step in steps.items()}
    fns["nnmath (train.fit)"] = lambda: fit(X, Y)
    times = median_times(fns, repeat=repeat)
    rows += [("digits 64-128-10, one epoch", n, t) for n, t in times.items()]
    if "PyTorch" not in steps:
        print("PyTorch not installed (pip install torch==2.13.0): its rows are skipped")
    return rows


def optimizer_step_speed(repeat, steps=20):
    """Seconds per Adam step on the digits network's parameters (64-128-10: W1, b1, W2, b2),
    float64: nnmath's ``Adam.step`` (checked, and as ``train.fit`` calls it) and
    ``torch.optim.Adam.step`` on the same weights and gradients, after checking that
    they take the same steps."""
    params0 = workloads.digits_problem()[2].params()
    rng = np.random.default_rng(2)
    grads = [rng.normal(size=p.shape) for p in params0]
    adams = {}

    def nnmath_adam(check_input):
        params, opt = [p.copy() for p in params0], nnmath.optim.Adam(1e-3)
        adams[check_input] = params
        return lambda: opt.step(params, grads, check_input=check_input)

    fns = {"nnmath Adam.step": nnmath_adam(True), "nnmath (train.fit's)": nnmath_adam(False)}
    try:
        import torch
    except ImportError:
        print("PyTorch not installed (pip install torch==2.13.0): its Adam row is skipped")
        torch = None
    if torch is not None:
        torch.set_num_threads(1)
        tparams = [torch.tensor(p, requires_grad=True) for p in params0]
        for t, g in zip(tparams, grads, strict=True):
            t.grad = torch.tensor(g)
        fns["torch.optim.Adam.step"] = torch.optim.Adam(tparams, lr=1e-3).step
    for fn in fns.values():  # the same math: three steps each from the same weights
        for _ in range(3):
            fn()
    for name, params in [("nnmath (train.fit's)", adams[False])] + (
        [("torch.optim.Adam", [t.detach().numpy() for t in tparams])] if torch else []
    ):
        for a, b in zip(adams[True], params, strict=True):
            if not np.allclose(a, b, rtol=1e-12, atol=0):
                raise AssertionError(f"{name} disagrees with nnmath's Adam.step")
    times = median_times(
        {n: (lambda f=f: [f() for _ in range(steps)]) for n, f in fns.items()}, repeat=repeat
    )
    return {name: t / steps for name, t in times.items()}


CONV = "digits conv 1→16, 3×3, padding 1, ReLU, batch 64"
CONV_PUBLIC = "nnmath (public step)"


def conv_problem(n=64):
    """The first ``n`` digits training images (n, 1, 8, 8) as ink in [0, 1], a
    ``Conv2D(1, 16, 3, padding=1)`` and a fixed upstream gradient dA (n, 16, 8, 8)."""
    X = nnmath.data.digits(standardized=False)[0][:n].reshape(n, 1, 8, 8) / 16
    layer = Conv2D(1, 16, 3, padding=1, rng=np.random.default_rng(0))
    dA = np.random.default_rng(1).normal(size=(n, 16, 8, 8))
    return X, layer, dA


def nnmath_conv_step(layer, check_input=True):
    """``A = layer.forward(X); dX = layer.backward(dA)``: checked as a learner calls them,
    or unchecked as ``MLP.forward``/``backward`` call their layers inside ``train.fit``."""

    def step(X, dA):
        A = layer.forward(X, check_input=check_input)
        dX = layer.backward(dA, check_input=check_input)
        return A, layer.dW, layer.db, dX

    return step


def loop_conv_step(W, b, padding):
    """Forward and backward of a stride-1 ReLU convolution written from the definition,
    one output pixel at a time (loops over images, output channels, output pixels):

        Z[i, o, y, x] = Σ_{c,u,v} W[o, c, u, v] · Xp[i, c, y + u, x + v] + b[o],  A = max(Z, 0)

    on the zero-padded input Xp; backward sends each dZ[i, o, y, x] back along the same
    products: to dW[o] (times the patch), db[o], and dXp's patch (times W[o])."""
    W, b = W.copy(), b.copy()
    c_out, _, k, _ = W.shape

    def step(X, dA):
        n, _, h, w = X.shape
        Xp = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        h_out, w_out = h + 2 * padding - k + 1, w + 2 * padding - k + 1
        Z = np.empty((n, c_out, h_out, w_out))
        for i in range(n):
            for o in range(c_out):
                for y in range(h_out):
                    for x in range(w_out):
                        Z[i, o, y, x] = np.sum(W[o] * Xp[i, :, y : y + k, x : x + k]) + b[o]
        A = np.maximum(Z, 0.0)
        dZ = dA * (Z > 0)
        dW, db, dXp = np.zeros_like(W), np.zeros_like(b), np.zeros_like(Xp)
        for i in range(n):
            for o in range(c_out):
                for y in range(h_out):
                    for x in range(w_out):
                        g = dZ[i, o, y, x]
                        dW[o] += g * Xp[i, :, y : y + k, x : x + k]
                        db[o] += g
                        dXp[i, :, y : y + k, x : x + k] += g * W[o]
        return A, dW, db, dXp[:, :, padding : padding + h, padding : padding + w]

    return step


def torch_conv_step(W, b, padding):
    """The same layer in PyTorch CPU float64 on one thread: conv2d, relu, ``backward(dA)``."""
    import torch

    torch.set_num_threads(1)
    Wt = torch.tensor(W, requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)

    def step(X, dA):
        Xt = torch.from_numpy(X).requires_grad_()
        Wt.grad = bt.grad = None
        A = torch.relu(torch.nn.functional.conv2d(Xt, Wt, bt, padding=padding))
        A.backward(torch.from_numpy(dA))
        return A.detach().numpy(), Wt.grad.numpy(), bt.grad.numpy(), Xt.grad.numpy()

    return step


def check_same_conv(steps, X, dA, rtol=1e-10):
    """Every implementation gives the loop's A, dW, db and dX (same weights, same math)."""
    want = steps["Python loop"](X, dA)
    for name, step in steps.items():
        if name == "Python loop":
            continue
        for what, got, ref in zip(("A", "dW", "db", "dX"), step(X, dA), want, strict=True):
            got = np.asarray(got)
            err = np.max(np.abs(got - ref)) / max(np.max(np.abs(ref)), 1e-300)
            if got.shape != ref.shape or not err <= rtol:
                raise AssertionError(
                    f"{name} disagrees with the Python-loop convolution on {what}: "
                    f"relative error {err:.3g}"
                )


def conv_step_speed(repeat, steps=10, loop_repeat=3):
    """Seconds per Conv2D forward + backward step on 64 digit images (``CONV``): nnmath
    (public, checked; and unchecked as in ``train.fit``), PyTorch CPU float64 and the
    Python loop, after checking that all give the same A, dW, db and dX.

    The loop takes a good part of a second a step, so it runs on the same batch in
    ``loop_repeat`` rounds of its own (after one warm-up call); the others make
    ``steps`` steps per timed call, interleaved, in ``repeat`` rounds.
    """
    X, layer, dA = conv_problem()
    loop = loop_conv_step(layer.W, layer.b, layer.padding)
    fns = {
        CONV_PUBLIC: nnmath_conv_step(layer),
        "nnmath (train.fit's, unchecked)": nnmath_conv_step(layer, check_input=False),
    }
    try:
        fns["PyTorch"] = torch_conv_step(layer.W, layer.b, layer.padding)
    except ImportError:
        print("PyTorch not installed (pip install torch==2.13.0): its conv row is skipped")
    check_same_conv(fns | {"Python loop": loop}, X, dA)
    times = median_times(
        {n: (lambda f=f: [f(X, dA) for _ in range(steps)]) for n, f in fns.items()},
        repeat=repeat,
    )
    times = {name: t / steps for name, t in times.items()}
    times["Python loop"] = median_times({"loop": lambda: loop(X, dA)}, repeat=loop_repeat)["loop"]
    ours = times[CONV_PUBLIC]
    return {
        "workload": CONV,
        "batch": X.shape[0],
        "loop_rounds": loop_repeat,
        "seconds": times,
        "ratio_to_nnmath": {name: t / ours for name, t in times.items()},
        "nnmath_over_torch": ours / times["PyTorch"] if "PyTorch" in times else None,
        "loop_over_nnmath": times["Python loop"] / ours,
    }


def print_conv_step(conv):
    print(f"\n1c. Conv2D forward + backward, {conv['workload']} (median; ratio to nnmath's)")
    for name, t in conv["seconds"].items():
        note = f"  ({conv['loop_rounds']} rounds, same batch)" if name == "Python loop" else ""
        print(f"   {name:32} {fmt_ms(t):>12} {conv['ratio_to_nnmath'][name]:9.2f}×{note}")
    if conv["nnmath_over_torch"] is not None:
        print(f"   nnmath / PyTorch: {conv['nnmath_over_torch']:.2f}× (goal ≤ 2×)")
    print(f"   Python loop / nnmath: {conv['loop_over_nnmath']:.0f}× (goal ≥ 100×)")


# Lesson 13's CNN as the lesson trains it (section 10's chosen recipe): Adam with a cosine
# decay from lr to 0, batches of batch_size, epochs passes over the training part of
# digits(standardized=False, val_fraction=0.2) / 16; augment adds each image's 4 one-pixel
# shifts (right, left, down, up: data.shift_digits). seed: the weights' rng; the
# shuffling's is seed + 1. On a 2-core machine BLAS runs on one thread: two threads made
# these small matmuls about 5× slower per step under load (31 ms against 5.8 ms).
CNN_RECIPE = {"epochs": 6, "lr": 0.01, "batch_size": 32, "augment": True, "seed": 0}
CNN_THREADS = 1


def cnn_net(rng):
    return nnmath.MLP.from_layers(
        [
            Reshape((1, 8, 8)),
            Conv2D(1, 16, 3, padding=1, rng=rng),
            MaxPool2D(2),
            Conv2D(16, 32, 3, padding=1, rng=rng),
            MaxPool2D(2),
            Flatten(),
            nnmath.Dense(128, 10, "softmax", rng=rng),
        ]
    )


def cnn_training_time(recipe=CNN_RECIPE, threads=CNN_THREADS):
    """Seconds for one ``train.fit`` of lesson 13's CNN with ``recipe`` on ``threads`` BLAS
    threads (the data prepared and the network built first, untimed), and its validation
    accuracy."""
    X_train, X_val, _, y_train, y_val, _ = nnmath.data.digits(standardized=False, val_fraction=0.2)
    if recipe["augment"]:
        shifts = [(0, 1), (0, -1), (1, 0), (-1, 0)]  # right, left, down, up
        X_train = np.concatenate(
            [X_train] + [nnmath.data.shift_digits(X_train, r, c) for r, c in shifts]
        )
        y_train = np.tile(y_train, 1 + len(shifts))
    X_train, X_val = X_train / 16, X_val / 16
    net = cnn_net(np.random.default_rng(recipe["seed"]))
    steps = recipe["epochs"] * -(-len(X_train) // recipe["batch_size"])
    with threadpool_limits(limits=threads):
        blas_threads = [i.get("num_threads") for i in threadpool_info()]
        t = time.perf_counter()
        nnmath.train.fit(
            net,
            X_train,
            y_train,
            "cross_entropy",
            nnmath.optim.Adam(nnmath.optim.cosine(recipe["lr"], steps)),
            recipe["epochs"],
            recipe["batch_size"],
            rng=np.random.default_rng(recipe["seed"] + 1),
            progress=False,
        )
        seconds = time.perf_counter() - t
    return {
        "recipe": dict(recipe),
        "threads": threads,
        "blas_threads": blas_threads,
        "n_train": len(X_train),
        "seconds": seconds,
        "val_accuracy": nnmath.train.accuracy(net, X_val, y_val),
    }


def print_cnn_training(cnn):
    r = cnn["recipe"]
    print(
        f"\n2b. Lesson 13's CNN, one training run ({r['epochs']} epochs of {cnn['n_train']} "
        f"images{' (augmented)' if r['augment'] else ''}, Adam, cosine from {r['lr']:g}, batch "
        f"{r['batch_size']}, BLAS on {cnn['threads']} thread(s))"
    )
    print(f"   {cnn['seconds']:.2f} s (goal < 20 s); validation accuracy {cnn['val_accuracy']:.2%}")


def time_to_accuracy(thresholds=(0.97, 0.975), max_epochs=60):
    from sklearn.neural_network import MLPClassifier

    X_train, X_test, y_train, y_test = nnmath.data.digits()
    net = nnmath.MLP([64, 128, 10], hidden="relu", output="softmax", rng=np.random.default_rng(0))
    reached = {}
    t0 = time.perf_counter()

    def callback(epoch, history):
        acc = history["val_accuracy"][-1]
        for th in thresholds:
            if acc >= th and th not in reached:
                reached[th] = {"seconds": time.perf_counter() - t0, "epoch": epoch + 1}
        return len(reached) == len(thresholds)

    history = nnmath.train.fit(
        net,
        X_train,
        y_train,
        "cross_entropy",
        nnmath.SGD(0.2, momentum=0.5),
        max_epochs,
        64,
        rng=np.random.default_rng(1),
        callback=callback,
        validation=(X_test, y_test),
        progress=False,
    )
    t = time.perf_counter()
    clf = MLPClassifier((128,), random_state=0, max_iter=300).fit(X_train, y_train)
    sk_seconds = time.perf_counter() - t
    return {
        "nnmath": {str(th): reached.get(th) for th in thresholds}
        | {"final_accuracy": history["val_accuracy"][-1]},
        "sklearn": {"seconds": sk_seconds, "accuracy": float(clf.score(X_test, y_test))},
    }


def fmt_ms(s):
    return f"{s * 1e3:9.3f} ms" if s < 10 else f"{s:9.1f} s "


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=51, help="timed rounds per measurement")
    parser.add_argument("--skip-lessons", action="store_true", help="skip sections 3 to 5")
    parser.add_argument("--lesson-runs", type=int, default=1, help="runs per lesson (medians)")
    parser.add_argument(
        "--deploy-cost",
        metavar="PATH",
        help="also write section 5's summary there (deploy/lesson_cost.json sizes the hub limits)",
    )
    parser.add_argument(
        "--optimizer-only", action="store_true", help="only the optimiser-step row (1b)"
    )
    parser.add_argument(
        "--conv-only",
        action="store_true",
        help="only the convolution rows (1c, and 2b: lesson 13's CNN trained once)",
    )
    parser.add_argument("--out", default=str(ROOT / "build" / "bench.json"))
    args = parser.parse_args()
    if args.deploy_cost and not lessons_cost.HAS_PROC:
        parser.error("--deploy-cost needs Linux's /proc to measure the kernels")

    report = {"python": platform.python_version(), "numpy": np.__version__}
    with threadpool_limits(limits=1):
        report["blas"] = [
            {k: i.get(k) for k in ("internal_api", "num_threads", "architecture")}
            for i in threadpool_info()
        ]
        if args.optimizer_only:
            report["optimizer_step"] = optimizer_step_speed(args.repeat)
            print_optimizer_step(report["optimizer_step"])
            return write_report(report, args.out)
        if args.conv_only:
            report["conv_step"] = conv_step_speed(args.repeat)
            print_conv_step(report["conv_step"])
            report["cnn_training"] = cnn_training_time()
            print_cnn_training(report["cnn_training"])
            report["targets"] = conv_targets(report)
            print_targets(report["targets"])
            return write_report(report, args.out)
        rows = step_speed(args.repeat)
        report["optimizer_step"] = optimizer_step_speed(args.repeat)
        report["conv_step"] = conv_step_speed(args.repeat)
        report["tta"] = time_to_accuracy()
        report["cnn_training"] = cnn_training_time()

    floors = {w: t for w, name, t in rows if name == "hand NumPy"}
    report["steps"] = [
        {"workload": w, "implementation": name, "seconds": t, "ratio_to_hand_numpy": t / floors[w]}
        for w, name, t in rows
    ]
    print("\n1. Training step (median; ratio to the hand-written NumPy loop of the same run)")
    print(f"{'workload':30} {'implementation':24} {'time':>12} {'ratio':>10}")
    for r in report["steps"]:
        print(
            f"{r['workload']:30} {r['implementation']:24} {fmt_ms(r['seconds']):>12} "
            f"{r['ratio_to_hand_numpy']:9.2f}×"
        )

    print_optimizer_step(report["optimizer_step"])
    print_conv_step(report["conv_step"])

    tta = report["tta"]
    print("\n2. Time to accuracy on digits (64-128-10, SGD 0.2 momentum 0.5, batch 64)")
    for th, hit in tta["nnmath"].items():
        if th != "final_accuracy":
            print(
                f"   nnmath ≥ {float(th):.1%}: "
                + (f"{hit['seconds']:.2f} s (epoch {hit['epoch']})" if hit else "not reached")
            )
    sk = tta["sklearn"]
    print(f"   scikit-learn MLPClassifier((128,)): {sk['accuracy']:.2%} in {sk['seconds']:.2f} s")
    print_cnn_training(report["cnn_training"])

    if not args.skip_lessons:
        lessons = report["lessons"] = lessons_cost.measure(ROOT / "lessons", args.lesson_runs)
        report["lessons_total_seconds"] = sum(r["seconds"] for r in lessons.values())
        server_work = Path(args.out).parent / "bench-server"
        server = report["jupyter_server"] = lessons_cost.server_cost(ROOT / "lessons", server_work)
        lessons_cost.print_tables(lessons, server)
        if server is not None:
            report["deploy_cost"] = lessons_cost.deploy_cost(lessons, server, args.lesson_runs)
            if args.deploy_cost:
                path = Path(args.deploy_cost)
                path.write_text(json.dumps(report["deploy_cost"], indent=2) + "\n")
                print(f"   wrote {path}")

    report["targets"] = targets(report)
    print_targets(report["targets"])
    write_report(report, args.out)


def print_targets(result):
    print("\nTargets")
    for name, ok in result.items():
        print(f"   {'✓' if ok else '✗'} {name}")


def print_optimizer_step(times):
    print("\n1b. One Adam step on the digits network's parameters (median; ratio to nnmath's)")
    ours = times["nnmath Adam.step"]
    for name, t in times.items():
        print(f"   {name:30} {fmt_ms(t):>12} {t / ours:9.2f}×")


def write_report(report, out):
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"\nwrote {out}")


# The targets hold for what the lessons run: a training step inside train.fit, and
# the same step written by a learner with the public, checked methods. Each public
# call checks its arrays (finite, shaped, probabilities that sum to 1: issue 16),
# four passes over data a hand loop trusts, so that step may cost up to 1.75×;
# train.fit checks the training set once and its steps none of that.
NNMATH = "nnmath (train.fit)"
PUBLIC = "nnmath (public step)"


def targets(report):
    by = {(r["workload"], r["implementation"]): r for r in report["steps"]}
    result = {}
    for w in (
        "moons 2-16-16-1, full batch",
        "digits 64-128-10, batch 64",
        "digits 64-128-10, one epoch",
    ):
        result[f"nnmath within 1.25× of hand NumPy ({w})"] = (
            by[(w, NNMATH)]["ratio_to_hand_numpy"] <= 1.25
        )
        if w != "digits 64-128-10, one epoch":
            result[f"public step within 1.75× of hand NumPy ({w})"] = (
                by[(w, PUBLIC)]["ratio_to_hand_numpy"] <= 1.75
            )
        if (w, "PyTorch") in by:
            result[f"nnmath faster than PyTorch ({w})"] = (
                by[(w, NNMATH)]["seconds"] < by[(w, "PyTorch")]["seconds"]
            )
    micro = by.get(("moons 2-16-16-1, full batch", "micrograd (ReLU, MSE)"))
    if micro:
        result["nnmath ≥ 1000× faster than micrograd"] = (
            micro["seconds"] / by[("moons 2-16-16-1, full batch", NNMATH)]["seconds"] >= 1000
        )
    adam = report["optimizer_step"]
    if "torch.optim.Adam.step" in adam:
        result["nnmath Adam.step faster than torch.optim.Adam.step (digits parameters)"] = (
            adam["nnmath Adam.step"] < adam["torch.optim.Adam.step"]
        )
    hit = report["tta"]["nnmath"].get("0.975")
    result["≥ 97.5 % on digits in under 5 s"] = bool(hit) and hit["seconds"] < 5
    result |= conv_targets(report)
    if "lessons" in report:
        times = [t for r in report["lessons"].values() for t in r["widgets"].values()]
        result["every widget update ≤ 50 ms median"] = all(t <= 0.05 for t in times)
        result["whole course headless under 90 s"] = report["lessons_total_seconds"] < 90
    if "deploy_cost" in report:
        need = lessons_cost.student_need_mib(report["deploy_cost"])
        guarantee = lessons_cost.deploy_guarantee_mib()
        result[
            f"largest lesson + server ({need:.0f} MiB) within deploy/z2jh's guarantee "
            f"({guarantee:.0f} MiB)"
        ] = need <= guarantee
    return result


def conv_targets(report):
    """Issue 21's goals for the convolution: the public Conv2D step within 2× of PyTorch
    and ≥ 100× faster than the Python loop; lesson 13's CNN trained in under 20 s."""
    result = {}
    conv = report.get("conv_step")
    if conv:
        if conv["nnmath_over_torch"] is not None:
            result[f"Conv2D step within 2× of PyTorch ({conv['workload']})"] = (
                conv["nnmath_over_torch"] <= 2
            )
        result[f"Conv2D step ≥ 100× faster than a Python-loop convolution ({conv['workload']})"] = (
            conv["loop_over_nnmath"] >= 100
        )
    cnn = report.get("cnn_training")
    if cnn:
        result[f"lesson 13's CNN trained in under 20 s (BLAS threads: {cnn['threads']})"] = (
            cnn["seconds"] < 20
        )
    return result


if __name__ == "__main__":
    main()
