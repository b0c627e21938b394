"""The widgets of lesson 13: the kernel editor and a CNN's kernels and feature maps."""

import re
import time

import numpy as np
import pytest
from _helpers import tiny_cnn

from nnmath import MLP, conv, data, widgets
from nnmath.widgets.base import RefusedValue

CELLS = [f"k{u}{v}" for u in range(3) for v in range(3)]


@pytest.fixture(scope="module")
def digits():
    _, X, _, y = data.digits(standardized=False)
    return X[:20] / 16, y[:20]


@pytest.fixture(scope="module")
def editor(digits):
    return widgets.kernel_explorer(*digits)


def _cells(e):
    return np.array([e.controls[c].value for c in CELLS]).reshape(3, 3)


def _sum(equation):
    """The equation's Z[y, x] = … part (its first four lines of math), split at spaces."""
    return " ".join(equation.split("$")[1:8:2]).split(" ")


# ---------------------------------------------------------------- the kernel editor


def test_the_editor_shows_the_cores_map_and_patch(editor, digits):
    images, labels = digits
    s = editor.update(preset="vertical edge", index=4, y=2, x=6, padding=1)
    image = images[4].reshape(8, 8)
    K = np.array(conv.KERNELS["vertical edge"], dtype=float)
    np.testing.assert_array_equal(s["kernel"], K)
    np.testing.assert_array_equal(s["map"], conv.feature_map(image, K, padding=1))
    np.testing.assert_array_equal(s["patch"], conv.patch(image, 3, 2, 6, padding=1))
    assert s["z"] == s["map"][2, 6] == pytest.approx(np.sum(K * s["patch"]))
    assert s["label"] == labels[4] and s["preset"] == "vertical edge"
    # What is drawn: the padded image, the kernel, the map, the two outlines.
    a = editor.artists
    np.testing.assert_array_equal(a["image"][1].get_array().reshape(10, 10), np.pad(image, 1))
    np.testing.assert_array_equal(a["map"][1].get_array().reshape(8, 8), s["map"])
    assert not a["image"][0].get_visible() and not a["map"][0].get_visible()
    assert a["window"].get_xy() == (5.5, 1.5) and a["pixel"].get_xy() == (5.5, 1.5)


def test_the_equation_writes_out_the_nine_products_and_ends_with_the_map_value(editor):
    for preset, y, x in [("vertical edge", 3, 3), ("blur", 7, 2), ("sharpen", 0, 0)]:
        s = editor.update(preset=preset, index=1, y=y, x=x, padding=1)
        eq = editor.equation.value
        assert f"Z[{y},{x}]" in eq and r"\tilde X" in eq
        assert eq.count(r"\cdot") == 9
        *_, relation, total = _sum(eq)
        assert total == f"{s['z']:.2f}".replace("-", "−").replace("−0.00", "0.00")
        assert relation in ("=", r"\approx")
    # Each product's two numbers are the kernel's and the patch's.
    s = editor.update(preset="horizontal edge", y=4, x=4)
    products = re.findall(r"\(?(−?[\d.]+)\)?\\cdot\(?(−?[\d.]+)\)?", editor.equation.value)
    shown = np.array([[float(a.replace("−", "-")), float(b)] for a, b in products])
    np.testing.assert_allclose(shown[:, 0], s["kernel"].ravel())
    np.testing.assert_allclose(shown[:, 1], s["patch"].ravel(), atol=5e-4)


def test_a_preset_sets_the_cells_and_an_edit_makes_the_kernel_custom(editor):
    for name, kernel in conv.KERNELS.items():
        s = editor.update(preset=name)
        np.testing.assert_allclose(_cells(editor), kernel)
        assert s["preset"] == name and editor.ax_k.get_title() == "kernel K"
    editor.update(preset="identity")
    s = editor.update(k11=2.0)
    assert s["preset"] == "custom" and editor.controls["preset"].value == "custom"
    assert s["kernel"][1, 1] == 2.0
    s = editor.update(k11=1.0)  # back to the identity's cells: named again
    assert s["preset"] == "identity"
    s = editor.update(preset="custom")  # keeps the cells
    np.testing.assert_allclose(s["kernel"], conv.KERNELS["identity"])
    assert s["preset"] == "custom"


def test_moving_the_controls_as_a_learner_does(editor):
    editor.update(preset="identity", padding=1, y=3, x=3)
    editor.controls["preset"].value = "blur"
    np.testing.assert_allclose(_cells(editor), conv.KERNELS["blur"])
    editor.controls["k00"].value = 1.0  # one cell of the blur changed
    assert editor.controls["preset"].value == "custom" and editor.state["kernel"][0, 0] == 1.0
    assert editor.errors.outputs == ()
    editor.controls["k00"].value = 1 / 9
    assert editor.controls["preset"].value == "blur"


def test_padding_changes_the_map_size_and_clamps_the_pixel(editor, digits):
    editor.update(preset="vertical edge", padding=1, y=7, x=6)
    assert editor.controls["y"].max == 7
    s = editor.update(padding=0)
    assert s["map"].shape == (6, 6) and editor.controls["y"].max == 5
    assert (editor.controls["y"].value, editor.controls["x"].value) == (5, 5)
    np.testing.assert_array_equal(
        s["map"],
        conv.feature_map(digits[0][editor.controls["index"].value].reshape(8, 8), s["kernel"]),
    )
    assert r"\tilde X" not in editor.equation.value
    assert editor.artists["map"][0].get_visible() and not editor.artists["map"][1].get_visible()
    assert "6 × 6" in editor.ax_map.get_title()
    # The dropdown, moved by the learner, clamps too; going back keeps the pixel.
    editor.update(padding=1, y=7, x=7)
    editor.controls["padding"].value = 0
    assert editor.errors.outputs == () and editor.state["map"].shape == (6, 6)
    assert (editor.controls["y"].value, editor.controls["x"].value) == (5, 5)
    editor.controls["padding"].value = 1
    assert editor.state["map"].shape == (8, 8) and editor.controls["y"].max == 7
    # A pixel of the bigger map with the smaller map is refused, and nothing changes.
    before = editor.values()
    with pytest.raises(RefusedValue, match=r"y must be a whole number in \[0, 5\], got 7"):
        editor.update(padding=0, y=7)
    assert editor.values() == before and editor.controls["y"].max == 7


def test_cells_given_with_the_preset_as_it_stands_win(editor):
    """``update(**values() | {cell: v})`` moves the cell: the kernel becomes custom."""
    editor.update(preset="vertical edge")
    s = editor.update(**editor.values() | {"k00": 2.0})
    assert s["preset"] == "custom" and s["kernel"][0, 0] == 2.0
    assert editor.controls["preset"].value == "custom"
    s = editor.update(**editor.values() | {"k00": -1.0})  # back to Sobel's cells: named again
    assert s["preset"] == "vertical edge"


def test_bad_values_are_refused(editor, digits):
    with pytest.raises(RefusedValue, match="preset must be one of"):
        editor.update(preset="emboss")
    with pytest.raises(RefusedValue, match=r"index must be a whole number in \[0, 19\]"):
        editor.update(index=20)
    with pytest.raises(RefusedValue, match=r"k12 must be a finite number in \[-5, 5\]"):
        editor.update(k12=6.0)
    editor.update(preset="identity")
    with pytest.raises(RefusedValue, match="the cells are not the 'blur' kernel"):
        editor.update(preset="blur", k00=1.0)  # a new preset and cells that are not it
    with pytest.raises(ValueError, match="kernel must be one of"):
        widgets.kernel_explorer(*digits, kernel="emboss")
    with pytest.raises(ValueError, match=r"kernel must have shape \(3, 3\)"):
        widgets.kernel_explorer(*digits, kernel=np.ones((5, 5)))
    with pytest.raises(ValueError, match=r"images must be rows of s² pixels"):
        widgets.kernel_explorer(np.zeros((3, 10)), [0, 1, 2])
    with pytest.raises(ValueError, match="labels must be 20 whole numbers"):
        widgets.kernel_explorer(digits[0], digits[1][:5])
    with pytest.raises(ValueError, match=r"output row y must be a whole number in \[0, 5\]"):
        widgets.kernel_explorer(*digits, padding=0, y=7)


def test_a_custom_kernel_and_images_of_another_size():
    rng = np.random.default_rng(2)
    images = rng.random((3, 5, 7))
    K = np.round(rng.uniform(-2, 2, (3, 3)) * 36) / 36
    e = widgets.kernel_explorer(images, [0, 1, 2], kernel=K, y=0, x=4, padding=0)
    assert e.state["preset"] == "custom" and e.state["map"].shape == (3, 5)
    np.testing.assert_allclose(e.state["map"], conv.feature_map(images[0], K))
    assert e.controls["x"].max == 4 and e.controls["y"].max == 2


# ---------------------------------------------------------------- a CNN's kernels and maps


@pytest.fixture(scope="module")
def cnn():
    return tiny_cnn()


def test_the_feature_maps_are_the_first_convolutions_output(cnn, digits):
    images, labels = digits
    e = widgets.feature_map_explorer(cnn, images, labels, index=2)
    s = e.update(index=5)
    x = images[5:6]
    maps = cnn.layers[1].forward(cnn.layers[0].forward(x))[0]
    np.testing.assert_allclose(s["maps"], maps)
    np.testing.assert_allclose(s["probs"], cnn.forward(x)[0])
    assert s["prediction"] == int(np.argmax(s["probs"])) and s["label"] == labels[5]
    np.testing.assert_array_equal(s["kernels"], cnn.layers[1].W)
    # The grids show the kernels' first channel and the maps, tile by tile (2 × 2).
    grid = e.grid_maps["image"].get_array()
    np.testing.assert_allclose(grid[9:17, 0:8], maps[2])
    np.testing.assert_allclose(e.grid_k["image"].get_array()[4:7, 4:7], cnn.layers[1].W[3, 0])
    eq = e.equation.value
    assert f"the net says <b>{s['prediction']}</b>" in eq
    assert f"{s['probs'][s['prediction']]:.3f}" in eq
    assert e.ax_img.get_title() == f"digit 5: a {labels[5]}"
    png = e.image.value
    e.controls["index"].value = 6  # the slider redraws
    assert e.image.value != png and e.state["label"] == labels[6]


def test_feature_maps_refuse_a_net_without_a_convolution_and_wrong_images(cnn, digits):
    images, labels = digits
    with pytest.raises(ValueError, match=r"net has no conv\.Conv2D layer"):
        widgets.feature_map_explorer(MLP([64, 8, 10], output="softmax", rng=0), images, labels)
    with pytest.raises(ValueError, match=r"images must have shape \(n, 64\)"):
        widgets.feature_map_explorer(cnn, images[:, :49], labels)
    with pytest.raises(ValueError, match="labels must be 20 whole numbers"):
        widgets.feature_map_explorer(cnn, images, labels[:3])
    e = widgets.feature_map_explorer(cnn, images, labels)
    with pytest.raises(RefusedValue, match=r"index must be a whole number in \[0, 19\]"):
        e.update(index=20)


# ---------------------------------------------------------------- speed


def _median_update_ms(e, moves):
    times = []
    for move in moves:
        t0 = time.perf_counter()
        e.update(**move)
        times.append(time.perf_counter() - t0)
    return 1000 * float(np.median(times))


def test_updates_are_fast(editor, cnn, digits):
    # The target is 50 ms; the bound leaves room for a busy test machine.
    moves = [{"y": i % 6, "x": (3 * i) % 6, "k00": (i % 9) / 9} for i in range(20)]
    assert _median_update_ms(editor, moves) < 150
    e = widgets.feature_map_explorer(cnn, *digits)
    assert _median_update_ms(e, [{"index": i % 20} for i in range(20)]) < 150
