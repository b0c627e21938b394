"""nnmath.conv against a plain-loop convolution written from the definition, and its
gradients against central differences."""

import numpy as np
import pytest
from _helpers import rel_err

from nnmath import MLP, Dense, losses, train
from nnmath.conv import (
    KERNELS,
    Conv2D,
    Flatten,
    MaxPool2D,
    Reshape,
    col2im,
    feature_map,
    im2col,
    output_size,
    patch,
)
from nnmath.optim import Adam


def loop_conv(X, W, b, stride, padding):
    # Σ_{c,u,v} W[o,c,u,v] X[i,c,s·y+u,s·x+v] + b[o], one output pixel at a time.
    Xp = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    n, _, h, w = Xp.shape
    c_out, _, k, _ = W.shape
    h_out, w_out = (h - k) // stride + 1, (w - k) // stride + 1
    Z = np.empty((n, c_out, h_out, w_out))
    for i in range(n):
        for o in range(c_out):
            for y in range(h_out):
                for x in range(w_out):
                    patch = Xp[i, :, y * stride : y * stride + k, x * stride : x * stride + k]
                    Z[i, o, y, x] = np.sum(W[o] * patch) + b[o]
    return Z


def central_diff(f, a, eps=1e-6):
    # ∂f/∂a by central differences, one entry at a time (a is changed and restored).
    g = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        old = a[idx]
        a[idx] = old + eps
        up = f()
        a[idx] = old - eps
        down = f()
        a[idx] = old
        g[idx] = (up - down) / (2 * eps)
    return g


@pytest.mark.parametrize(
    ("size", "k", "stride", "padding", "expected"),
    [(8, 3, 1, 0, 6), (8, 3, 1, 1, 8), (8, 3, 2, 1, 4), (7, 2, 2, 0, 3), (5, 5, 1, 0, 1)],
)
def test_output_size_counts_the_positions_of_the_kernel(size, k, stride, padding, expected):
    X = np.zeros((1, 1, size, size))
    assert output_size(size, k, stride, padding) == expected
    assert loop_conv(X, np.zeros((1, 1, k, k)), [0.0], stride, padding).shape[-1] == expected


@pytest.mark.parametrize(("stride", "padding"), [(1, 0), (1, 1), (2, 1), (2, 0), (3, 2)])
def test_forward_equals_the_loop_convolution(stride, padding):
    rng = np.random.default_rng(stride * 10 + padding)
    X = rng.normal(size=(3, 2, 8, 7))
    layer = Conv2D(2, 4, 3, stride=stride, padding=padding, activation="identity", rng=rng)
    layer.b[:] = rng.normal(size=4)
    np.testing.assert_allclose(
        layer.forward(X), loop_conv(X, layer.W, layer.b, stride, padding), rtol=1e-12, atol=1e-12
    )


def test_col2im_is_the_adjoint_of_im2col():
    # <im2col(X), C> = <X, col2im(C)> for every X and C: the backward pass is exact.
    rng = np.random.default_rng(1)
    X = rng.normal(size=(2, 3, 6, 5))
    cols = im2col(X, 3, 2, 1)
    C = rng.normal(size=cols.shape)
    assert np.isclose(np.sum(cols * C), np.sum(X * col2im(C, X.shape, 3, 2, 1)), rtol=1e-12)


@pytest.mark.parametrize(("activation", "stride", "padding"), [("tanh", 1, 1), ("relu", 2, 0)])
def test_conv_gradients_match_central_differences(activation, stride, padding):
    rng = np.random.default_rng(2)
    X = rng.normal(size=(2, 2, 6, 6))
    layer = Conv2D(2, 3, 3, stride=stride, padding=padding, activation=activation, rng=rng)
    layer.b[:] = rng.normal(size=3) * 0.1
    R = rng.normal(size=layer.forward(X).shape)  # L = Σ R ⊙ A, so dA = R

    def loss():
        return np.sum(R * layer.forward(X))

    loss()
    dX = layer.backward(R)
    dW, db = layer.dW.copy(), layer.db.copy()
    np.testing.assert_allclose(dW, central_diff(loss, layer.W), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(db, central_diff(loss, layer.b), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dX, central_diff(loss, X), rtol=1e-6, atol=1e-8)


def test_input_gradient_is_a_full_convolution_with_the_flipped_kernel():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(1, 1, 6, 6))
    layer = Conv2D(1, 1, 3, activation="identity", rng=rng)
    dZ = rng.normal(size=layer.forward(X).shape)
    flipped = layer.W[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)
    full = loop_conv(dZ, flipped, [0.0], 1, 2)  # padding k − 1: the "full" convolution
    np.testing.assert_allclose(layer.backward(dZ), full, rtol=1e-12, atol=1e-12)


def test_maxpool_takes_block_maxima_and_routes_the_gradient_to_them():
    X = np.arange(16.0).reshape(1, 1, 4, 4)
    pool = MaxPool2D(2)
    np.testing.assert_array_equal(pool.forward(X), [[[[5, 7], [13, 15]]]])
    dX = pool.backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]))
    expected = np.zeros((4, 4))
    expected[1, 1], expected[1, 3], expected[3, 1], expected[3, 3] = 1, 2, 3, 4
    np.testing.assert_array_equal(dX[0, 0], expected)


def test_maxpool_gradient_matches_central_differences():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(2, 3, 4, 6))  # distinct entries: no ties, a smooth neighbourhood
    pool = MaxPool2D(2)
    R = rng.normal(size=pool.forward(X).shape)

    def loss():
        return np.sum(R * pool.forward(X))

    loss()
    np.testing.assert_allclose(pool.backward(R), central_diff(loss, X), rtol=1e-6, atol=1e-8)


def test_flatten_round_trips():
    X = np.arange(24.0).reshape(2, 3, 2, 2)
    flat = Flatten()
    A = flat.forward(X)
    assert A.shape == (2, 12)
    np.testing.assert_array_equal(A[1], X[1].ravel())
    np.testing.assert_array_equal(flat.backward(A), X)


def test_shifting_the_input_shifts_the_feature_map():
    # Translation equivariance: away from the border, conv(shift(X)) = shift(conv(X)).
    rng = np.random.default_rng(5)
    X = np.zeros((1, 1, 10, 10))
    X[0, 0, 2:5, 2:6] = rng.normal(size=(3, 4))
    layer = Conv2D(1, 2, 3, padding=1, rng=rng)
    A = layer.forward(X)
    A_shifted = layer.forward(np.roll(X, (2, 1), axis=(2, 3)))
    np.testing.assert_allclose(A_shifted, np.roll(A, (2, 1), axis=(2, 3)), atol=1e-12)


@pytest.mark.parametrize(
    ("make", "X", "match"),
    [
        (lambda: Conv2D(1, 2, 3, rng=0), np.zeros((8, 8)), "4-D"),
        (lambda: Conv2D(1, 2, 3, rng=0), np.zeros((2, 3, 8, 8)), "1 channel"),
        (lambda: Conv2D(1, 2, 5, rng=0), np.zeros((2, 1, 3, 3)), "larger than the padded"),
        (lambda: Conv2D(1, 2, 3, rng=0), np.full((1, 1, 4, 4), np.nan), "NaN"),
        (lambda: MaxPool2D(2), np.zeros((1, 1, 5, 4)), "multiples of k"),
    ],
)
def test_bad_inputs_get_a_clear_error(make, X, match):
    with pytest.raises(ValueError, match=match):
        make().forward(X)


def test_bad_settings_get_a_clear_error():
    with pytest.raises(ValueError, match="softmax"):
        Conv2D(1, 1, 3, activation="softmax", rng=0)
    with pytest.raises(ValueError, match="stride"):
        Conv2D(1, 1, 3, stride=0, rng=0)
    with pytest.raises(ValueError, match="shape"):
        Conv2D.from_weights(np.zeros((2, 1, 3, 2)), np.zeros(2))
    layer = Conv2D(1, 1, 3, rng=0)
    with pytest.raises(ValueError, match="forward"):
        layer.backward(np.zeros((1, 1, 2, 2)))


def small_cnn(rng):
    return MLP.from_layers(
        [
            Reshape((1, 6, 6)),
            Conv2D(1, 3, 3, padding=1, rng=rng),
            MaxPool2D(2),
            Flatten(),
            Dense(27, 4, "softmax", rng=rng),
        ]
    )


def test_a_cnn_is_an_mlp_of_layers_whose_widths_come_from_a_dry_run():
    net = small_cnn(np.random.default_rng(0))
    assert net.sizes == [36, 36, 108, 27, 27, 4]
    assert net.n_params() == 3 * 9 + 3 + 27 * 4 + 4


def test_the_whole_cnns_gradient_matches_central_differences():
    rng = np.random.default_rng(1)
    net = small_cnn(rng)
    X, y = rng.normal(size=(5, 36)), rng.integers(0, 4, size=5)
    net.loss_and_grads(X, y, "cross_entropy")
    for layer in (net.layers[1], net.layers[4]):
        for p, g in zip(layer.params(), layer.grads(), strict=True):
            num = central_diff(lambda: losses.get("cross_entropy").value(net.forward(X), y), p)
            assert rel_err(g, num) < 1e-7


def test_fit_trains_a_cnn():
    rng = np.random.default_rng(2)
    net = small_cnn(rng)
    X = rng.normal(size=(64, 36))
    y = (X[:, :18].sum(axis=1) > 0).astype(int) + 2 * (X[:, ::2].sum(axis=1) > 0)
    before = train.accuracy(net, X, y)
    train.fit(net, X, y, "cross_entropy", Adam(lr=0.01), 60, rng=rng, progress=False)
    assert train.accuracy(net, X, y) > max(before, 0.8)


def test_layers_that_dont_chain_are_named():
    rng = np.random.default_rng(3)
    with pytest.raises(ValueError, match="Reshape"):
        MLP.from_layers([Conv2D(1, 2, 3, rng=rng), Flatten()])
    with pytest.raises(ValueError, match=r"layers\[1\] \(Conv2D\)"):
        MLP.from_layers([Reshape((2, 4, 4)), Conv2D(1, 2, 3, rng=rng)])
    with pytest.raises(ValueError, match=r"per sample\): X must have shape \(n, 10\)"):
        MLP.from_layers([Reshape((3, 2, 2)), Flatten(), Dense(10, 2, rng=rng)])
    with pytest.raises(ValueError, match=r"tuple \(c, h, w\)"):
        Reshape((8, 8))


# ---------------------------------------------------------------- feature_map, patch, KERNELS


def loop_feature_map(image, kernel, stride=1, padding=0):
    # Z[y, x] = Σ_{u,v} K[u, v] · Xp[s·y + u, s·x + v], one output pixel and one product
    # at a time, on the image with `padding` blank pixels added on every side.
    image, kernel = np.asarray(image, dtype=float), np.asarray(kernel, dtype=float)
    h, w = image.shape
    k = kernel.shape[0]
    Xp = np.zeros((h + 2 * padding, w + 2 * padding))
    Xp[padding : padding + h, padding : padding + w] = image
    h_out, w_out = (h + 2 * padding - k) // stride + 1, (w + 2 * padding - k) // stride + 1
    Z = np.zeros((h_out, w_out))
    for y in range(h_out):
        for x in range(w_out):
            for u in range(k):
                for v in range(k):
                    Z[y, x] += kernel[u, v] * Xp[stride * y + u, stride * x + v]
    return Z


@pytest.mark.parametrize(
    ("stride", "padding", "k"), [(1, 0, 3), (1, 1, 3), (2, 0, 3), (2, 1, 3), (3, 2, 2), (1, 0, 1)]
)
def test_feature_map_equals_the_loop_from_the_definition(stride, padding, k):
    rng = np.random.default_rng(10 * stride + padding + 100 * k)
    image, kernel = rng.normal(size=(7, 9)), rng.normal(size=(k, k))
    got = feature_map(image, kernel, stride, padding)
    np.testing.assert_allclose(
        got, loop_feature_map(image, kernel, stride, padding), rtol=1e-12, atol=1e-12
    )


def test_feature_map_is_scipys_correlation_not_its_convolution():
    signal = pytest.importorskip("scipy.signal")
    rng = np.random.default_rng(11)
    image = rng.normal(size=(6, 8))
    kernel = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0], [0.5, 0.0, 0.0]])  # no symmetry
    got = feature_map(image, kernel)
    np.testing.assert_allclose(got, signal.correlate2d(image, kernel, mode="valid"), atol=1e-12)
    flipped = signal.convolve2d(image, kernel, mode="valid")  # the kernel turned by 180°
    assert np.max(np.abs(got - flipped)) > 0.1
    # padded and strided: the same correlation on the zero-padded image, every 2nd pixel
    full = signal.correlate2d(np.pad(image, 1), kernel, mode="valid")
    np.testing.assert_allclose(feature_map(image, kernel, 2, 1), full[::2, ::2], atol=1e-12)


def test_feature_map_by_hand_slides_the_kernel_unflipped():
    image = np.arange(9.0).reshape(3, 3)  # [[0 1 2] [3 4 5] [6 7 8]]
    top_left = [[1.0, 0.0], [0.0, 0.0]]  # picks the pixel under its top-left corner
    np.testing.assert_array_equal(feature_map(image, top_left), [[0, 1], [3, 4]])
    # a flipped kernel (a textbook convolution) would pick the bottom-right pixel instead
    assert not np.array_equal(feature_map(image, top_left), [[4, 5], [7, 8]])
    np.testing.assert_array_equal(feature_map(image, [[1.0, 1.0], [1.0, 1.0]]), [[8, 12], [20, 24]])
    # padding 1, stride 2, the 1 × 1 kernel 2: every other pixel of the padded image, doubled
    np.testing.assert_array_equal(
        feature_map(image, [[2.0]], 2, 1), [[0, 0, 0], [0, 8, 0], [0, 0, 0]]
    )


def test_the_identity_kernel_returns_the_image():
    rng = np.random.default_rng(12)
    image = rng.normal(size=(5, 7))
    identity = [[0, 0, 0], [0, 1, 0], [0, 0, 0]]
    np.testing.assert_array_equal(feature_map(image, identity, padding=1), image)
    np.testing.assert_array_equal(feature_map(image, identity), image[1:-1, 1:-1])
    np.testing.assert_array_equal(feature_map(image, KERNELS["identity"], padding=1), image)


@pytest.mark.parametrize(("stride", "padding"), [(1, 0), (1, 1), (2, 1), (3, 0)])
def test_feature_map_is_a_one_channel_conv2d_without_bias(stride, padding):
    rng = np.random.default_rng(13 + stride + padding)
    layer = Conv2D(1, 1, 3, stride=stride, padding=padding, activation="identity", rng=rng)
    image = rng.normal(size=(8, 6))
    np.testing.assert_allclose(
        feature_map(image, layer.W[0, 0], stride, padding),
        layer.forward(image[np.newaxis, np.newaxis])[0, 0],
        rtol=1e-12,
        atol=1e-12,
    )


@pytest.mark.parametrize(
    ("h", "w", "k", "stride", "padding", "expected"),
    [
        (8, 8, 3, 1, 0, (6, 6)),
        (8, 8, 3, 1, 1, (8, 8)),
        (8, 6, 3, 2, 1, (4, 3)),
        (7, 5, 2, 2, 0, (3, 2)),
        (5, 9, 5, 1, 0, (1, 5)),
        (3, 3, 5, 1, 1, (1, 1)),
        (6, 4, 1, 3, 2, (4, 3)),
    ],
)
def test_feature_map_shape_is_h_minus_k_plus_2p_over_s_plus_1(h, w, k, stride, padding, expected):
    Z = feature_map(np.ones((h, w)), np.ones((k, k)), stride, padding)
    assert (
        Z.shape
        == expected
        == ((h - k + 2 * padding) // stride + 1, (w - k + 2 * padding) // stride + 1)
    )


@pytest.mark.parametrize(
    ("image", "kernel", "kwargs", "match"),
    [
        (np.zeros(8), np.zeros((3, 3)), {}, r"image must be 2-D with shape \(h, w\)"),
        (np.zeros((1, 8, 8)), np.zeros((3, 3)), {}, r"image must be 2-D"),
        (np.zeros((0, 8)), np.zeros((3, 3)), {}, r"image must be 2-D"),
        (np.zeros((8, 8)), np.zeros(3), {}, r"kernel must be 2-D"),
        (np.zeros((8, 8)), np.zeros((2, 3)), {}, r"kernel must be square, shape \(k, k\)"),
        (np.zeros((8, 8)), np.zeros((3, 1)), {}, r"kernel must be square"),
        (np.full((8, 8), np.nan), np.zeros((3, 3)), {}, r"image contains NaN"),
        (np.zeros((8, 8)), [[0, 0, 0], [0, np.nan, 0], [0, 0, 0]], {}, r"kernel contains NaN"),
        (np.zeros((8, 8)), np.full((3, 3), np.inf), {}, r"kernel contains infinity"),
        (np.zeros((2, 2)), np.zeros((3, 3)), {}, r"larger than the padded input"),
        (np.zeros((8, 8)), np.zeros((3, 3)), {"stride": 0}, r"stride must be a whole number >= 1"),
        (
            np.zeros((8, 8)),
            np.zeros((3, 3)),
            {"padding": -1},
            r"padding must be a whole number >= 0",
        ),
        (np.zeros((8, 8)), np.zeros((3, 3)), {"stride": 1.5}, r"stride must be a whole number"),
    ],
)
def test_feature_map_refuses_bad_input_clearly(image, kernel, kwargs, match):
    with pytest.raises(ValueError, match=match):
        feature_map(image, kernel, **kwargs)


@pytest.mark.parametrize(("stride", "padding"), [(1, 0), (1, 1), (2, 1), (2, 2)])
def test_the_kernel_times_each_patch_sums_to_the_feature_map(stride, padding):
    rng = np.random.default_rng(14 + 3 * stride + padding)
    image, kernel = rng.normal(size=(7, 6)), rng.normal(size=(3, 3))
    Z = feature_map(image, kernel, stride, padding)
    for y in range(Z.shape[0]):
        for x in range(Z.shape[1]):
            P = patch(image, 3, y, x, stride, padding)
            assert P.shape == (3, 3)
            assert np.isclose(np.sum(kernel * P), Z[y, x], rtol=1e-12, atol=1e-12)


def test_patch_reads_the_padded_border_as_zero():
    image = np.arange(1.0, 17.0).reshape(4, 4)  # no zero inside the image
    np.testing.assert_array_equal(
        patch(image, 3, 0, 0, padding=1), [[0, 0, 0], [0, 1, 2], [0, 5, 6]]
    )
    np.testing.assert_array_equal(
        patch(image, 3, 3, 3, padding=1), [[11, 12, 0], [15, 16, 0], [0, 0, 0]]
    )
    np.testing.assert_array_equal(patch(image, 2, 1, 0, stride=2), [[9, 10], [13, 14]])
    np.testing.assert_array_equal(patch(image, 2, 0, 0, padding=2), np.zeros((2, 2)))


def test_patch_is_a_copy():
    image = np.ones((4, 4))
    P = patch(image, 2, 0, 0)
    P[:] = 5
    np.testing.assert_array_equal(image, np.ones((4, 4)))


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((3, -1, 0), {}, ValueError, r"y must be a whole number in \[0, 5\], got -1"),
        ((3, 6, 0), {}, ValueError, r"y must be a whole number in \[0, 5\], got 6"),
        ((3, 0, 4), {}, ValueError, r"x must be a whole number in \[0, 3\], got 4"),
        ((3, 0, 2), {"stride": 2}, ValueError, r"x must be a whole number in \[0, 1\], got 2"),
        ((3, 8, 0), {"padding": 1}, ValueError, r"y must be a whole number in \[0, 7\]"),
        ((3, 0.5, 0), {}, ValueError, r"y must be a whole number"),
        ((3, "0", 0), {}, TypeError, r"y must be a whole number"),
        ((9, 0, 0), {}, ValueError, r"larger than the padded input"),
        ((0, 0, 0), {}, ValueError, r"k must be a whole number >= 1"),
    ],
)
def test_patch_refuses_pixels_outside_the_feature_map(args, kwargs, error, match):
    image = np.zeros((8, 6))  # k = 3: a 6 × 4 feature map
    with pytest.raises(error, match=match):
        patch(image, *args, **kwargs)


def test_the_kernels_are_3_by_3_and_finite():
    assert {"identity", "vertical edge", "horizontal edge", "blur", "sharpen"} <= set(KERNELS)
    for name, kernel in KERNELS.items():
        K = np.asarray(kernel, dtype=float)
        assert K.shape == (3, 3), name
        assert np.isfinite(K).all(), name
    np.testing.assert_allclose(np.sum(KERNELS["blur"]), 1.0)  # blur keeps a flat image flat


def test_the_vertical_edge_kernel_tells_ink_on_the_right_from_ink_on_the_left():
    right = np.zeros((5, 6))
    right[:, 3:] = 1.0  # paper on the left, ink on the right: one vertical edge
    left = right[:, ::-1]  # the mirror image: ink on the left
    Z_right = feature_map(right, KERNELS["vertical edge"])
    Z_left = feature_map(left, KERNELS["vertical edge"])
    # by hand: windows over columns 1-3 and 2-4 straddle the edge, 1 + 2 + 1 = 4 each
    np.testing.assert_allclose(Z_right, [[0, 4, 4, 0]] * 3, atol=1e-12)
    np.testing.assert_allclose(Z_left, [[0, -4, -4, 0]] * 3, atol=1e-12)
    assert Z_right.max() > 0 and Z_left.min() < 0
    # a horizontal edge is invisible to it
    np.testing.assert_allclose(feature_map(right.T, KERNELS["vertical edge"]), 0.0, atol=1e-12)


def test_the_horizontal_edge_kernel_responds_to_ink_below():
    below = np.zeros((6, 5))
    below[3:, :] = 1.0
    assert np.all(feature_map(below, KERNELS["horizontal edge"]) >= 0)
    assert feature_map(below, KERNELS["horizontal edge"]).max() == pytest.approx(4.0)
    assert feature_map(below[::-1], KERNELS["horizontal edge"]).min() == pytest.approx(-4.0)
