"""Lesson 13: edit a 3×3 kernel and slide it over a digit; a CNN's learned kernels and maps."""

import math

import numpy as np

from .. import conv
from .._checks import as_float_array, as_int
from ..plots.base import figure, label
from ..plots.conv import (
    draw_convolution_step,
    draw_feature_map_grid,
    ink_range,
    update_convolution_step,
    update_feature_map_grid,
)
from .base import Explorer, check_value, dropdown, int_slider, slider
from .tex import activation_tex, result, weighted_sum

__all__ = ["FeatureMapExplorer", "KernelExplorer", "feature_map_explorer", "kernel_explorer"]

# The kernel editor's 3 × 3 cells K[u, v], named "k00" … "k22" (row u, column v).
K = 3
CELLS = tuple(f"k{u}{v}" for u in range(K) for v in range(K))
CUSTOM = "custom"
# Each cell's range takes every preset (sharpen's 5); the step 1/36 puts each preset
# value on the slider's grid (blur's 1/9 too, and halves and quarters), so a browser
# that snaps a value to the grid leaves the preset as it is.
CELL_LIM = 5.0
CELL_STEP = 1 / 36
# A kernel is a preset when every cell is the preset's to within a float's rounding.
PRESET_TOL = 1e-9


def _preset_of(cells):
    """The name of the ``conv.KERNELS`` entry the 9 cells are, or ``"custom"``."""
    cells = np.asarray(cells, dtype=float).reshape(K, K)
    for name, kernel in conv.KERNELS.items():
        if np.allclose(cells, kernel, rtol=0, atol=PRESET_TOL):
            return name
    return CUSTOM


def _as_images(images, name="images"):
    """``images`` as a float array (n, h, w): rows of h·w = s² pixels are s × s images."""
    a = as_float_array(images, name)
    if a.ndim == 2 and a.shape[0] >= 1:
        side = math.isqrt(a.shape[1])
        if side * side != a.shape[1]:
            raise ValueError(
                f"{name} must be rows of s² pixels (e.g. (n, 64)) or (n, h, w), got {a.shape}"
            )
        a = a.reshape(-1, side, side)
    if a.ndim != 3 or a.shape[0] == 0 or a.shape[1] < K or a.shape[2] < K:
        raise ValueError(
            f"{name} must have shape (n, 64) or (n, h, w) with h, w ≥ {K}, got {a.shape}"
        )
    return a


def _as_labels(labels, n):
    a = np.asarray(labels)
    if a.shape != (n,) or a.dtype.kind not in "iu":
        raise ValueError(f"labels must be {n} whole numbers, one per image, got {a.shape}")
    return a


class KernelExplorer(Explorer):
    """Slide an editable 3 × 3 kernel over a digit and see the feature map it makes.

    Controls: ``preset`` (a kernel of ``conv.KERNELS``; choosing one sets the nine
    cells), the cells ``k00`` … ``k22`` (K[u, v], row u, column v; editing one makes
    the kernel ``"custom"``, unless the nine cells then are a preset), ``index`` (the
    digit), ``y`` and ``x`` (the output pixel; their ranges follow the map's size) and
    ``padding`` (0 or 1 blank pixels round the image: an 8 × 8 digit gives a 6 × 6 or
    an 8 × 8 map; a smaller map clamps y and x).

    Left: the (padded) image with the patch under output pixel (y, x) outlined;
    middle: the kernel; right: ``conv.feature_map`` with pixel (y, x) outlined. The
    equation writes Z[y, x] = Σ K[u, v]·X[y + u, x + v] out with the nine products
    and ends with Z[y, x] itself (``=`` when the shown, rounded products add up to
    it, ``≈`` otherwise).

    ``update(...)`` returns ``{"kernel", "map", "z", "patch", "preset", "label"}``: the
    kernel (3, 3), ``conv.feature_map(image, kernel, padding=padding)``, its value at
    (y, x), ``conv.patch(image, 3, y, x, padding=padding)``, the preset's name and the
    digit's label. A new preset given with cells that are not it is refused; the preset as
    it stands given with cells (``update(**values() | {"k00": 2})``) lets the cells win.
    """

    def __init__(self, images, labels, kernel="vertical edge", index=0, y=3, x=3, padding=1):
        self.images = _as_images(images)
        self.labels = _as_labels(labels, self.images.shape[0])
        n, h, w = self.images.shape
        if isinstance(kernel, str):
            if kernel not in conv.KERNELS:
                raise ValueError(
                    f"kernel must be one of {list(conv.KERNELS)} or a 3 × 3 array, got {kernel!r}"
                )
            cells = np.asarray(conv.KERNELS[kernel], dtype=float)
        else:
            cells = as_float_array(kernel, "kernel")
            if cells.shape != (K, K):
                raise ValueError(f"kernel must have shape (3, 3), got {cells.shape}")
        padding = as_int(padding, "padding", 0, 1)
        self.sizes = {
            p: (conv.output_size(h, K, 1, p), conv.output_size(w, K, 1, p)) for p in (0, 1)
        }
        y_hi, x_hi = self.sizes[padding][0] - 1, self.sizes[padding][1] - 1
        controls = {
            "preset": dropdown(
                "kernel",
                [*conv.KERNELS, CUSTOM],
                _preset_of(cells),
                tooltip="a classic kernel: sets the nine weights",
            )
        }
        for name, value in zip(CELLS, cells.ravel(), strict=True):
            u, v = name[1], name[2]
            controls[name] = slider(
                f"K[{u},{v}]",
                float(value),
                -CELL_LIM,
                CELL_LIM,
                CELL_STEP,
                tooltip=f"kernel weight in row {u}, column {v}",
            )
        sizes = {p: f"{p}: " + ("none" if p == 0 else "a blank border") for p in (0, 1)}
        sizes = {p: f"{s} ({self.sizes[p][0]} × {self.sizes[p][1]} map)" for p, s in sizes.items()}
        controls |= {
            "index": int_slider("digit", index, 0, n - 1, tooltip="which image the kernel reads"),
            "y": int_slider("output row y", y, 0, y_hi, tooltip="row of the output pixel"),
            "x": int_slider("output column x", x, 0, x_hi, tooltip="column of the output pixel"),
            "padding": dropdown(
                "padding p", sizes, padding, tooltip="blank pixels added on every side"
            ),
        }
        fig, axes = figure(6.9, 2.9, ncols=3)
        self.ax_img, self.ax_k, self.ax_map = axes
        self.artists = draw_convolution_step(axes, (h, w), K, (0, 1), ink_range(self.images))
        super().__init__(fig, controls)

    def static_artists(self):
        # Each follows the padding alone, and each padding has a background of its own.
        return [self.ax_img.title, self.ax_k.title, self.ax_map.title, self.artists["border"]]

    # --- the controls ---------------------------------------------------------------------
    def update(self, **values):
        """Draw the picture for ``values``; see the class. A preset given alone sets the nine
        cells; cells given without a preset name it (or make it "custom")."""
        values = self._resolved(values)
        control = self.controls["padding"]
        old = control.value
        try:
            new = check_value("padding", control, values.get("padding", old))
        except (TypeError, ValueError):
            new = old  # the update below refuses it
        self._set_ranges(new)
        try:
            return super().update(**values)
        except BaseException:
            self._set_ranges(old)
            if self._shown is not None:
                self._move_controls(self._shown)
            raise

    def _resolved(self, values):
        """``values`` with the preset's cells, or the cells' preset, filled in."""
        values = dict(values)
        try:
            cells_given = any(name in values for name in CELLS)
            if "preset" in values:
                preset = check_value("preset", self.controls["preset"], values["preset"])
                if cells_given and preset == self.controls["preset"].value:
                    # The preset as it stands, with cells (``values() | {"k00": 2}``): the
                    # cells moved, so they win and name their preset.
                    values.pop("preset")
                    return self._resolved(values)
                if preset != CUSTOM:
                    for name, v in zip(CELLS, np.ravel(conv.KERNELS[preset]), strict=True):
                        values.setdefault(name, float(v))
            elif cells_given:
                cells = [
                    check_value(
                        name, self.controls[name], values.get(name, self.controls[name].value)
                    )
                    for name in CELLS
                ]
                values["preset"] = _preset_of(cells)
        except (TypeError, ValueError):
            pass  # Explorer.update refuses the value, naming it
        return values

    def _set_ranges(self, padding):
        """The y and x sliders' ranges for ``padding``: a smaller map clamps their values."""
        h_out, w_out = self.sizes[padding]
        syncing, self._syncing = self._syncing, True
        try:
            self.controls["y"].max = h_out - 1
            self.controls["x"].max = w_out - 1
        finally:
            self._syncing = syncing

    def _on_change(self, change):
        # Only the control that moved: a cell moved with the old preset's name would
        # contradict it, and a new padding must clamp y and x rather than be refused.
        if self._syncing:
            return
        owner = change["owner"] if change is not None else None
        name = next((n for n, c in self.controls.items() if c is owner), None)
        if name is None:
            super()._on_change(change)
            return
        self._run(lambda: self.update(**{name: change["new"]}))

    def _check(self, values):
        preset = values["preset"]
        if preset != CUSTOM:
            cells = np.array([values[name] for name in CELLS]).reshape(K, K)
            if not np.allclose(cells, conv.KERNELS[preset], rtol=0, atol=PRESET_TOL):
                raise ValueError(
                    f"the cells are not the {preset!r} kernel: give the preset alone, "
                    f"or preset='custom' with your cells"
                )
        h_out, w_out = self.sizes[values["padding"]]
        if values["y"] >= h_out or values["x"] >= w_out:
            raise ValueError(
                f"(y, x) must be a pixel of the {h_out} × {w_out} map, got "
                f"({values['y']}, {values['x']})"
            )

    # --- the math ---------------------------------------------------------------------------
    def _draw(self, preset, index, y, x, padding, **cells):
        kernel = np.array([cells[name] for name in CELLS]).reshape(K, K)
        image = self.images[index]
        Z = conv.feature_map(image, kernel, padding=padding)
        P = conv.patch(image, K, y, x, padding=padding)
        z = float(Z[y, x])
        true = int(self.labels[index])
        update_convolution_step(
            self.artists,
            image,
            kernel,
            Z,
            y,
            x,
            padding,
        )
        self.equation.value = f"digit {index}, a {true}: " + self._equation(
            kernel, P, z, y, x, padding
        )
        self.redraw(key=padding)  # each padding has its own image sizes
        return {
            "kernel": kernel,
            "map": Z,
            "z": z,
            "patch": P,
            "preset": preset,
            "label": true,
        }

    def _equation(self, kernel, P, z, y, x, padding):
        terms, shown, _ = weighted_sum(kernel.ravel(), P.ravel(), digits=2, x_digits=3)
        total = result(z, 2)
        relation = "=" if shown == total else r"\approx"
        X = r"\tilde X" if padding else "X"
        # One line per kernel row u: nine products on one line overflow a notebook's width.
        products = terms.split(" + ")
        rows = [" + ".join(products[3 * u : 3 * u + 3]) for u in range(3)]
        lines = [
            rf"$Z[{y},{x}] = \sum_{{u,v}} K[u,v]\,{X}[{y}+u,\,{x}+v] =$",
            rf"$\quad {rows[0]}$",
            rf"$\quad +\; {rows[1]}$",
            rf"$\quad +\; {rows[2]} {relation} {total}$",
        ]
        if padding:
            lines.append(rf"$\tilde X$: the image inside a border of {padding} blank pixel")
        if relation != "=":
            lines.append(
                "≈: the numbers are shown rounded; the products of the exact ones add up to it"
            )
        return "<br>".join(lines)


def kernel_explorer(*args, **kwargs):
    """The lesson 13 kernel editor: ``KernelExplorer(*args, **kwargs)``."""
    return KernelExplorer(*args, **kwargs)


class FeatureMapExplorer(Explorer):
    """A trained CNN's first convolution: its kernels and the maps they make of a digit.

    The one control, ``index``, picks an image. The net reads it (one forward pass);
    left: the image its first ``conv.Conv2D`` layer reads (first channel), middle: that
    layer's kernels ``W[:, 0]`` (one colour scale centred at 0), right: its activations
    A = f(K ⋆ X + b) for the image, tile c the map of kernel c (at the same place in
    the grid). The equation gives the net's prediction and its probability.

    ``update(index)`` returns ``{"kernels", "maps", "probs", "prediction", "label"}``:
    the layer's ``W`` (c_out, c_in, k, k), its ``A`` for the image (c_out, h, w), the
    net's output ŷ (k,), its argmax and the true label.
    """

    def __init__(self, net, images, labels, index=0):
        layers = getattr(net, "layers", None)
        if not layers:
            raise ValueError(
                f"net must be a network with layers (an MLP), got {type(net).__name__}"
            )
        where = [i for i, layer in enumerate(layers) if isinstance(layer, conv.Conv2D)]
        if not where:
            raise ValueError(
                "net has no conv.Conv2D layer: build it with MLP.from_layers([conv.Reshape(...), "
                "conv.Conv2D(...), ...])"
            )
        self.net, self.j = net, where[0]
        self.images = as_float_array(images, "images")
        n_in = layers[0].n_in
        if self.images.ndim != 2 or self.images.shape[0] == 0 or self.images.shape[1] != n_in:
            raise ValueError(
                f"images must have shape (n, {n_in}): the net's first layer takes {n_in} numbers "
                f"per image, got {self.images.shape}"
            )
        self.labels = _as_labels(labels, self.images.shape[0])
        probs = net.forward(self.images[:1])
        if probs.ndim != 2 or probs.shape[1] < 2:
            raise ValueError(f"net must output class probabilities (n, k ≥ 2), got {probs.shape}")
        layer = layers[self.j]
        control = int_slider(
            "digit", index, 0, self.images.shape[0] - 1, tooltip="which image the net reads"
        )
        fig, (self.ax_img, self.ax_k, self.ax_maps) = figure(6.9, 3.0, ncols=3)
        ink = ink_range(self.images)
        self.grid_img = draw_feature_map_grid(self.ax_img, layer.X[0, :1], ink=ink)
        self.grid_k = draw_feature_map_grid(self.ax_k, layer.W[:, 0])
        self.grid_maps = draw_feature_map_grid(self.ax_maps, layer.A[0], ncols=self.grid_k["ncols"])
        c = layer.c_out
        label(self.ax_img, "", "the image", "")
        label(self.ax_k, f"the {c} learned kernels", "orange > 0, blue < 0", "")
        label(
            self.ax_maps,
            f"their {c} feature maps",
            f"map c: kernel c's, after {layer.activation}",
            "",
        )
        for ax in (self.ax_img, self.ax_k, self.ax_maps):
            ax.title.set_fontsize(10)
        super().__init__(fig, {"index": control})

    def static_artists(self):
        return [self.ax_k.title, self.ax_maps.title]

    def _draw(self, index):
        probs = self.net.forward(self.images[index : index + 1])[0]  # (k,)
        layer = self.net.layers[self.j]
        maps = layer.A[0].copy()  # (c_out, h, w)
        best, true = int(np.argmax(probs)), int(self.labels[index])
        update_feature_map_grid(self.grid_img, layer.X[0, :1])
        update_feature_map_grid(self.grid_k, layer.W[:, 0])
        update_feature_map_grid(self.grid_maps, maps)
        self.ax_img.set_title(f"digit {index}: a {true}", fontsize=10)
        f = activation_tex(layer.activation)
        verdict = "right" if best == true else "wrong"
        self.equation.value = (
            rf"$A_c = {f}(K_c \star X + b_c)$ for the kernels $c = 1, \dots, {layer.c_out}$"
            rf"<br>the net says <b>{best}</b>, $\hat y_{{{best}}} = {result(probs[best], 3)}$"
            rf" (the image is a {true}: {verdict})"
        )
        self.redraw()
        return {
            "kernels": layer.W.copy(),
            "maps": maps,
            "probs": probs.copy(),
            "prediction": best,
            "label": true,
        }


def feature_map_explorer(*args, **kwargs):
    """The lesson 13 view of a trained CNN: ``FeatureMapExplorer(*args, **kwargs)``."""
    return FeatureMapExplorer(*args, **kwargs)
