"""Lesson 10: pick a test digit or draw one on an 8×8 grid; the network's probabilities follow."""

import ipywidgets as w
import numpy as np

from .._checks import as_float_array, as_int
from ..data import digits, standardize
from ..plots.base import figure, label, update_bars
from ..plots.digits import (
    INK_MAX,
    draw_digit,
    draw_digit_probabilities,
    update_digit,
)
from .base import Explorer, int_slider
from .tex import result, signed

__all__ = ["DigitExplorer", "digit_explorer"]

# A drawn pixel is full ink; a test image's pixel shows as "on" in the grid from half ink.
ON_THRESHOLD = INK_MAX / 2


class DigitExplorer(Explorer):
    """Classify a test image (slider) or your own drawing (64 toggle buttons) with ``net``.

    The slider shows test image i (raw ink 0 … 16) and copies it, thresholded
    at half ink, into the 8×8 grid of toggle buttons. Clicking a button
    switches to *your drawing*: on pixels are full ink (16), off pixels blank.
    Either way the image is standardised with the training statistics, fed to
    ``net`` and the ten probabilities are shown as bars (updated in place).

    ``update(image, pixels=None)`` returns ``{"pixels", "probabilities",
    "prediction", "label", "source"}``; ``label`` is the true digit of a test
    image and ``None`` for a drawing.

    ``net`` is a trained 64 → … → 10 softmax network; ``seed`` and
    ``val_fraction`` must be those of the ``data.digits(seed=..., val_fraction=...)``
    split it was trained on, so the standardisation uses the same training rows
    (the test images are the same with or without a validation part).
    """

    extra_names = ("pixels",)

    def __init__(self, net, seed=0, image=0, val_fraction=None):
        if net.sizes[0] != 64 or net.sizes[-1] != 10:
            raise ValueError(f"net must map 64 pixels to 10 classes, got sizes {net.sizes}")
        self.net = net
        # Raw ink levels: the test images are shown as they are, standardised only for the net.
        seed = as_int(seed, "seed", 0)
        split = digits(standardized=False, seed=seed, val_fraction=val_fraction)
        if val_fraction is None:
            self.X_train, self.X_test, _, self.y_test = split
        else:  # the validation part is not shown: the slider picks test images
            self.X_train, _, self.X_test, _, _, self.y_test = split
        slider = int_slider("test image", image, 0, self.X_test.shape[0] - 1)
        self.drawing = None  # (64,) ink levels while the learner draws, else None

        fig, (self.ax_img, self.ax_p) = figure(5.2, 2.5, ncols=2)
        self.img = draw_digit(self.ax_img, self.X_test[slider.value])
        self.bars = draw_digit_probabilities(self.ax_p, np.full(10, 0.1))
        label(self.ax_p, "", "digit", "probability ŷ")
        self.ax_img.set_xlabel("8 × 8 pixels, ink 0–16")

        slider.observe(self._on_pick, names="value")  # registered first: runs before the update
        self.pixels = [
            w.ToggleButton(
                value=False,
                layout=w.Layout(width="26px", height="26px", padding="0"),
                tooltip=f"pixel (row {i // 8}, column {i % 8})",
            )
            for i in range(64)
        ]
        for button in self.pixels:
            button.observe(self._on_toggle, names="value")
        self.clear = w.Button(
            description="clear: draw from scratch", layout=w.Layout(width="200px")
        )
        self.clear.on_click(self._on_clear)
        grid = w.GridBox(
            self.pixels,
            layout=w.Layout(grid_template_columns="repeat(8, 26px)", grid_gap="1px"),
        )
        # The first update shows the test image on the grid too.
        super().__init__(fig, {"image": slider}, extras=[grid, self.clear])

    # --- callbacks ------------------------------------------------------------------------
    def values(self):
        return {"image": self.controls["image"].value, "pixels": self.drawing}

    def _on_pick(self, _change):
        self.drawing = None  # update then shows the picked image on the grid

    def _on_toggle(self, change):
        if self._syncing:
            return
        self.drawing = np.array([INK_MAX if b.value else 0.0 for b in self.pixels])
        self._on_change(change)

    def _on_clear(self, _button):
        self._sync_buttons(np.zeros(64))
        self.drawing = np.zeros(64)
        self._on_change(None)

    def _sync_buttons(self, pixels):
        """Show ``pixels`` on the toggle grid without firing a classification per button."""
        self._syncing = True
        try:
            for b, v in zip(self.pixels, pixels, strict=True):
                b.value = bool(v >= ON_THRESHOLD)
        finally:
            self._syncing = False

    # --- the math ---------------------------------------------------------------------------
    def standardize(self, pixels):
        """``data.standardize`` of one image with the training rows' statistics, shape (64,)."""
        x = np.asarray(pixels, dtype=float).reshape(1, 64)
        return standardize(self.X_train, x)[1][0]

    def _check(self, values):
        pixels = values.get("pixels")
        if pixels is not None:
            raw = as_float_array(pixels, "pixels")
            if raw.shape not in ((64,), (8, 8)):
                raise ValueError(
                    f"pixels must be 64 ink levels, shape (64,) or (8, 8), got shape {raw.shape}"
                )
            if np.any(raw < 0) or np.any(raw > INK_MAX):
                raise ValueError(
                    f"pixels must be 64 ink levels in [0, 16], got {raw.min():g} … {raw.max():g}"
                )

    def _draw(self, image, pixels=None):
        if pixels is None:
            source = "test"
            raw, true = self.X_test[image], int(self.y_test[image])
        else:
            raw = np.asarray(pixels, dtype=float).reshape(-1)  # checked by _check
            source, true = "drawing", None
        self.drawing = None if pixels is None else raw.copy()
        p = self.net.forward(self.standardize(raw)[np.newaxis, :])[0]  # (10,)
        z = self.net.layers[-1].Z[0]  # the logits behind the softmax
        best = update_bars(self.bars, p)
        update_digit(self.img, raw)
        verdict = "" if true is None else (", right" if best == true else ", wrong")
        self.ax_p.set_title(f"the net says {best} ({p[best]:.0%}){verdict}", fontsize=10)
        self.ax_img.set_title(
            "your drawing" if true is None else f"test image {image}: a {true}", fontsize=10
        )
        denominator = " + ".join(f"e^{{{signed(v, 1)}}}" for v in z[:3]) + r" + \dots"
        self.equation.value = (
            rf"$\hat y_{{{best}}} = \dfrac{{e^{{z_{{{best}}}}}}}{{\sum_{{j=0}}^{{9}} e^{{z_j}}}}"
            rf" = \dfrac{{e^{{{signed(z[best], 1)}}}}}{{{denominator}}} = {result(p[best], 3)}$"
        )
        self.redraw()
        # The grid shows what was classified (also after a direct update). Synced after
        # the redraw, so the browser gets the new picture before up to 64 button changes.
        self._sync_buttons(raw)
        return {
            "pixels": raw.copy(),
            "probabilities": p.copy(),
            "prediction": best,
            "label": true,
            "source": source,
        }


def digit_explorer(*args, **kwargs):
    """The lesson 10 widget: ``DigitExplorer(*args, **kwargs)``."""
    return DigitExplorer(*args, **kwargs)
