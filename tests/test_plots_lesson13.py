"""Plots of lesson 13 (convolution): what they draw is the core's numbers.

That every figure has a title and axis labels is tested in test_accessibility.py."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnmath import conv, data, plots


@pytest.fixture(scope="module")
def digit():
    X = data.digits(standardized=False)[1]
    return X[0].reshape(8, 8) / 16


def _meshes(ax):
    return [c for c in ax.collections if c.get_visible()]


def test_convolution_step_draws_the_padded_image_the_kernel_and_the_core_map(digit):
    K = np.array(conv.KERNELS["vertical edge"], dtype=float)
    fig = plots.convolution_step(digit, K, 2, 5, padding=1)
    assert isinstance(fig, Figure)
    ax_img, ax_k, ax_map = fig.axes
    [image] = _meshes(ax_img)
    np.testing.assert_array_equal(image.get_array().reshape(10, 10), np.pad(digit, 1))
    [kernel] = _meshes(ax_k)
    np.testing.assert_array_equal(kernel.get_array().reshape(3, 3), K)
    assert kernel.get_clim() == (-2.0, 2.0)  # centred at 0
    assert [t.get_text() for t in ax_k.texts] == ["−1", "0", "1", "−2", "0", "2", "−1", "0", "1"]
    Z = conv.feature_map(digit, K, padding=1)
    [fmap] = _meshes(ax_map)
    np.testing.assert_allclose(fmap.get_array().reshape(8, 8), Z)
    lo, hi = fmap.get_clim()
    assert lo == -hi == pytest.approx(-np.abs(Z).max())
    # The patch under Z[2, 5] (padded rows 2…4, columns 5…7) and the pixel are outlined.
    border, window = ax_img.patches  # the image's own edge (dashed), the patch
    assert border.get_visible() and border.get_xy() == (0.5, 0.5) and border.get_width() == 8
    assert window.get_xy() == (4.5, 1.5) and window.get_width() == 3
    [pixel] = ax_map.patches
    assert pixel.get_xy() == (4.5, 1.5) and pixel.get_width() == 1
    assert f"{Z[2, 5]:.2f}".replace("-", "−") in ax_map.get_xlabel()
    assert "8 × 8" in ax_map.get_title() and "padded by 1" in ax_img.get_title()


def test_convolution_step_without_padding_and_bad_pixels(digit):
    fig = plots.convolution_step(digit, conv.KERNELS["blur"], 5, 0)
    ax_img, _, ax_map = fig.axes
    assert _meshes(ax_img)[0].get_array().shape == (8, 8)
    np.testing.assert_allclose(
        _meshes(ax_map)[0].get_array().reshape(6, 6), conv.feature_map(digit, conv.KERNELS["blur"])
    )
    assert not ax_img.patches[0].get_visible()  # no padding: no border to mark
    with pytest.raises(ValueError, match=r"y must be a whole number in \[0, 5\], got 6"):
        plots.convolution_step(digit, conv.KERNELS["blur"], 6, 0)
    with pytest.raises(ValueError, match="kernel must be square"):
        plots.convolution_step(digit, np.ones((3, 2)), 0, 0)


def test_kernels_show_the_first_input_channel_on_one_scale():
    W = np.random.default_rng(0).normal(size=(6, 2, 3, 3))
    fig = plots.kernels(W, titles=list("abcdef"))
    ax = fig.axes[0]
    [mesh] = ax.collections
    grid = mesh.get_array()
    ncols = 3  # ⌈√6⌉
    gap, top = 1, 2
    for i in range(6):
        r, c = divmod(i, ncols)
        r0, c0 = r * (top + 3 + gap) + top, c * (3 + gap)
        np.testing.assert_array_equal(grid[r0 : r0 + 3, c0 : c0 + 3], W[i, 0])
    assert mesh.get_clim() == (-np.abs(W[:, 0]).max(), np.abs(W[:, 0]).max())
    assert [t.get_text() for t in ax.texts] == list("abcdef")
    with pytest.raises(ValueError, match="need 6 titles"):
        plots.kernels(W, titles=["a"])
    with pytest.raises(ValueError, match="square"):
        plots.kernels(np.ones((4, 3, 2)))


def test_feature_map_grid_tiles_the_maps():
    maps = np.random.default_rng(1).normal(size=(4, 8, 8))
    fig = plots.feature_map_grid(maps)
    [mesh] = fig.axes[0].collections
    grid = mesh.get_array()
    assert grid.shape == (17, 17)  # 2 × 2 tiles of 8 and a gap of 1
    np.testing.assert_array_equal(grid[9:17, 9:17], maps[3])
    assert np.ma.is_masked(grid[8, 0])  # blank between the tiles
    with pytest.raises(ValueError, match=r"maps must be 3-D"):
        plots.feature_map_grid(np.ones((8, 8)))
    # The update keeps the layout and takes the new maps' scale.
    _fig, ax = plots.figure()
    artists = plots.draw_feature_map_grid(ax, maps)
    plots.update_feature_map_grid(artists, 3 * maps)
    assert artists["image"].get_clim()[1] == pytest.approx(3 * np.abs(maps).max())
    with pytest.raises(ValueError, match="shape"):
        plots.update_feature_map_grid(artists, maps[:2])


def test_shift_equivariance_shows_the_shifted_image_and_both_maps(digit):
    K = conv.KERNELS["horizontal edge"]
    fig = plots.shift_equivariance(digit, K, 1, -2)
    images = [ax.images[0].get_array() for ax in fig.axes]
    shifted = data.shift_digits(digit.reshape(1, 64), 1, -2).reshape(8, 8)
    np.testing.assert_array_equal(images[0], digit)
    np.testing.assert_array_equal(images[1], shifted)
    np.testing.assert_allclose(images[2], conv.feature_map(digit, K, padding=1))
    np.testing.assert_allclose(images[3], conv.feature_map(shifted, K, padding=1))
    assert "1 down, 2 left" in fig.axes[1].get_title()
    assert fig.axes[2].images[0].get_clim() == fig.axes[3].images[0].get_clim()
    # Away from the edges ink left by, the map of the shifted image is the shifted map.
    np.testing.assert_allclose(images[3][1:7, 1:6], images[2][0:6, 3:8])


def test_shift_equivariance_takes_one_digit_and_names_an_unmoved_one(digit):
    with pytest.raises(ValueError, match=r"one 8 × 8 digit, got shape \(5, 7\)"):
        plots.shift_equivariance(np.zeros((5, 7)), conv.KERNELS["identity"], 2, 3)
    with pytest.raises(ValueError, match="rows"):
        plots.shift_equivariance(digit, conv.KERNELS["identity"], 9, 0)
    fig = plots.shift_equivariance(digit, conv.KERNELS["blur"], 0, 0)
    assert "not moved" in fig.axes[1].get_title()


def _dense(K, side=8):
    """The convolution with K as a dense layer: row i is what pixel i adds to each output."""
    return np.stack([conv.feature_map(e.reshape(side, side), K).ravel() for e in np.eye(side**2)])


def test_shared_weights_draws_the_matrix_and_its_kernel_on_one_scale():
    K = np.array(conv.KERNELS["sharpen"], dtype=float)
    M = _dense(K)
    assert M.shape == (64, 36)
    fig = plots.shared_weights(M, K)
    assert isinstance(fig, Figure)
    ax_m, ax_k = fig.axes
    [image] = ax_m.images
    drawn = image.get_array()
    np.testing.assert_array_equal(np.ma.getdata(drawn), M)
    np.testing.assert_array_equal(np.ma.getmaskarray(drawn), M == 0)  # zeros blank
    assert ax_m.get_xlim() == (-0.5, 35.5) and ax_m.get_ylim() == (63.5, -0.5)
    [kernel] = ax_k.images
    np.testing.assert_array_equal(np.ma.getdata(kernel.get_array()), K)
    assert [t.get_text() for t in ax_k.texts] == ["0", "−1", "0", "−1", "5", "−1", "0", "−1", "0"]
    assert image.get_clim() == kernel.get_clim() == (-5.0, 5.0)  # one scale, centred at 0
    assert image.get_cmap() is kernel.get_cmap() is plots.CMAP
    assert "input pixel" in ax_m.get_ylabel() and "output pixel" in ax_m.get_xlabel()
    assert "same 9 weights" in ax_k.get_xlabel()
    # Every column holds the kernel's 9 weights (its non-zero ones, once each).
    for j in range(36):
        np.testing.assert_array_equal(np.sort(M[:, j][M[:, j] != 0]), np.sort(K[K != 0]))
    assert fig._suptitle.get_text()
    assert plots.shared_weights(M, K, title="M and K")._suptitle.get_text() == "M and K"


def test_shared_weights_of_a_padded_convolution_and_bad_shapes():
    K = np.array(conv.KERNELS["blur"], dtype=float)
    M = np.stack([conv.feature_map(e.reshape(5, 5), K, padding=1).ravel() for e in np.eye(25)])
    fig = plots.shared_weights(M, K)
    np.testing.assert_array_equal(np.ma.getdata(fig.axes[0].images[0].get_array()), M)
    assert "5 × 5 = 25" in fig.axes[0].get_xlabel()
    good = _dense(K)
    with pytest.raises(ValueError, match="M must be 2-D"):
        plots.shared_weights(good.ravel(), K)
    with pytest.raises(ValueError, match="M must have one row per pixel"):
        plots.shared_weights(good[:63], K)
    with pytest.raises(ValueError, match="M must have one column per pixel"):
        plots.shared_weights(good[:, :35], K)
    with pytest.raises(ValueError, match="kernel must be square"):
        plots.shared_weights(good, np.ones((3, 2)))
    with pytest.raises(ValueError, match="kernel must be square"):
        plots.shared_weights(good, np.ones(9))
    with pytest.raises(ValueError, match="does not fit"):
        plots.shared_weights(np.ones((4, 1)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="finite"):
        plots.shared_weights(np.full((64, 36), np.nan), K)
