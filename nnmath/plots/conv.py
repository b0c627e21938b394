"""Convolution: a kernel sliding over an image, kernels, feature maps, the shift test (lesson 13).

The numbers come from the core: ``nnmath.conv``'s ``feature_map`` (one kernel slid
over one image), a ``Conv2D`` layer's kernels ``W`` and activations ``A``, and
``data.shift_digits``; ``shared_weights`` draws a convolution written as a dense
layer's weight matrix. These functions draw them: images in grey, darker = more ink
(as lesson 10's digits); kernels and feature maps in the course's blue–white–orange
map centred at 0 (orange: positive, blue: negative, white: 0), one shared scale per
picture. A green outline marks the patch under the kernel and the output pixel it makes.
"""

import math

import numpy as np
from matplotlib.patches import Rectangle

from .. import conv
from ..data import shift_digits
from .base import CMAP, COLORS, figure, hide_axes, label

__all__ = [
    "convolution_step",
    "draw_convolution_step",
    "draw_feature_map_grid",
    "feature_map_grid",
    "kernels",
    "shared_weights",
    "shift_equivariance",
    "update_convolution_step",
    "update_feature_map_grid",
]

# The patch under the kernel and the output pixel it makes, in every lesson 13 picture.
OUTLINE = COLORS["green"]
# Inches per tile of a grid of kernels or maps.
TILE = 0.62


def _minus(text):
    return text.replace("-", "−")


def _image(image, name="image"):
    """``image`` as a finite 2-D float array; 64 pixels in a row are one 8 × 8 digit."""
    a = np.asarray(image, dtype=float)
    if a.ndim == 1 and a.size == 64:
        a = a.reshape(8, 8)
    if a.ndim != 2 or 0 in a.shape:
        raise ValueError(f"{name} must be 2-D with shape (h, w) (or 64 pixels), got {a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or infinity")
    return a


def ink_range(images):
    """The grey scale (vmin, vmax) for ink images: paper at 0, full ink at 1 (ink / 16) or
    16 (raw ink levels), or at the largest value of anything brighter."""
    a = np.asarray(images, dtype=float)
    top = float(a.max()) if a.size else 1.0
    vmax = 1.0 if top <= 1.0 else 16.0 if top <= 16.0 else top
    return min(0.0, float(a.min()) if a.size else 0.0), vmax


def _symmetric(a):
    """±the largest |value| of ``a`` (1 when all are 0): a colour scale centred at 0."""
    lim = float(np.max(np.abs(a))) if np.size(a) else 0.0
    return lim if lim > 0 else 1.0


def _mesh(ax, shape, **kwargs):
    """A grid of h × w cells with centres at whole numbers, row 0 on top (a ``QuadMesh``:
    six times faster to draw than an ``imshow`` magnified to the panel)."""
    h, w = shape
    mesh = ax.pcolormesh(np.arange(w + 1) - 0.5, np.arange(h + 1) - 0.5, np.zeros((h, w)), **kwargs)
    return mesh


def _view(ax, shape):
    """Fit ``ax``'s view to an image of ``shape`` (h, w), row 0 on top, square pixels."""
    h, w = shape
    ax.set_xlim(-0.5, w - 0.5)
    ax.set_ylim(h - 0.5, -0.5)
    ax.set_aspect("equal")


def _number(v):
    """A kernel value in its cell: whole numbers bare (−1, 2), others to 2 decimals."""
    text = f"{v:.0f}" if abs(v - round(v)) < 5e-3 else f"{v:.2f}"
    return "0" if text in ("-0", "-0.00") else _minus(text)


def draw_convolution_step(axes, shape, k=3, paddings=(0,), ink=(0.0, 1.0)):
    """Draw the three panels of a convolution step on ``axes``: image, kernel, feature map.

    ``shape`` (h, w) is the image's; ``paddings`` the paddings the update may show (an
    image and a map of its size are drawn for each, the others hidden); ``ink`` the
    image's grey scale (vmin, vmax). Returns the artists for ``update_convolution_step``,
    which fills them in. Introduced in lesson 13.
    """
    ax_img, ax_k, ax_map = axes
    h, w = shape
    art = {"axes": tuple(axes), "k": k, "image": {}, "map": {}}
    for p in paddings:
        art["image"][p] = _mesh(
            ax_img, (h + 2 * p, w + 2 * p), cmap="gray_r", vmin=ink[0], vmax=ink[1]
        )
        size = (conv.output_size(h, k, 1, p), conv.output_size(w, k, 1, p))
        art["map"][p] = _mesh(ax_map, size, cmap=CMAP, vmin=-1, vmax=1)
    art["border"] = ax_img.add_patch(
        Rectangle((-0.5, -0.5), w, h, fill=False, ls="--", lw=1.2, ec=COLORS["grey"])
    )
    art["window"] = ax_img.add_patch(Rectangle((-0.5, -0.5), k, k, fill=False, lw=2.5, ec=OUTLINE))
    art["kernel"] = _mesh(ax_k, (k, k), cmap=CMAP, vmin=-1, vmax=1)
    art["values"] = [
        [ax_k.text(v, u, "", ha="center", va="center", fontsize=10) for v in range(k)]
        for u in range(k)
    ]
    art["pixel"] = ax_map.add_patch(Rectangle((-0.5, -0.5), 1, 1, fill=False, lw=2.5, ec=OUTLINE))
    _view(ax_k, (k, k))
    for ax in axes:
        hide_axes(ax, frame=True)
    label(ax_img, "image X", "green: the patch under K", "")
    label(ax_k, "kernel K", "orange > 0, blue < 0", "")
    label(ax_map, "feature map Z", "green: the pixel it makes", "")
    for ax in axes:
        ax.title.set_fontsize(10)
    return art


def update_convolution_step(artists, image, kernel, Z, y, x, padding=0, image_title=None):
    """Show ``image`` (h, w) padded with ``padding`` blank pixels (one of the paddings
    drawn), ``kernel`` (k, k) with its values and the feature map ``Z`` (from
    ``conv.feature_map``); outline the patch under output pixel (y, x) and that pixel.

    The titles name the image (``image_title``, default "image X"), the padding and the
    map's size; they and the view follow the padding alone, so a widget keeps a
    background per padding.
    """
    ax_img, _ax_k, ax_map = artists["axes"]
    K, Z = np.asarray(kernel, dtype=float), np.asarray(Z, dtype=float)
    Xp = np.pad(np.asarray(image, dtype=float), padding)  # the blank border, as drawn
    for p in artists["image"]:
        artists["image"][p].set_visible(p == padding)
        artists["map"][p].set_visible(p == padding)
    artists["image"][padding].set_array(Xp)
    _view(ax_img, Xp.shape)
    h, w = Xp.shape[0] - 2 * padding, Xp.shape[1] - 2 * padding
    border = artists["border"]
    border.set_bounds(padding - 0.5, padding - 0.5, w, h)
    border.set_visible(padding > 0)
    artists["window"].set_xy((x - 0.5, y - 0.5))
    lim = _symmetric(K)
    artists["kernel"].set_array(K)
    artists["kernel"].set_clim(-lim, lim)
    for u, row in enumerate(artists["values"]):
        for v, text in enumerate(row):
            text.set_text(_number(K[u, v]))
            text.set_color("white" if K[u, v] < -0.5 * lim else "black")
    mesh = artists["map"][padding]
    mesh.set_array(Z)
    zlim = _symmetric(Z)
    mesh.set_clim(-zlim, zlim)
    _view(ax_map, Z.shape)
    artists["pixel"].set_xy((x - 0.5, y - 0.5))
    padded = f", padded by {padding}" if padding else ""
    ax_img.set_title((image_title or "image X") + padded, fontsize=10)
    ax_map.set_title(f"feature map Z, {Z.shape[0]} × {Z.shape[1]}", fontsize=10)


def convolution_step(image, kernel, y, x, padding=0):
    """One step of a convolution: the patch under output pixel (y, x), the kernel, the map.

    Left: the image (``padding`` blank pixels around it, dashed: the image's own
    edge) with the k × k patch under the kernel outlined. Middle: the kernel with
    its values. Right: the feature map ``conv.feature_map(image, kernel, padding=padding)``
    with pixel (y, x), the sum of the kernel times that patch, outlined.
    Introduced in lesson 13.
    """
    X = _image(image)
    K = np.asarray(kernel, dtype=float)
    Z = conv.feature_map(X, K, padding=padding)  # checks the kernel and the padding
    conv.patch(X, K.shape[0], y, x, padding=padding)  # checks that (y, x) is in the map
    fig, axes = figure(8.4, 3.2, ncols=3)
    artists = draw_convolution_step(axes, X.shape, K.shape[0], (padding,), ink_range(X))
    update_convolution_step(artists, X, K, Z, int(y), int(x), padding)
    z = _minus(f"{Z[int(y), int(x)]:.2f}")
    axes[2].set_xlabel(f"green: Z[{int(y)}, {int(x)}] = {z}")
    return fig


def _maps(maps, name):
    a = np.asarray(maps, dtype=float)
    if a.ndim != 3 or 0 in a.shape:
        raise ValueError(f"{name} must be 3-D with shape (c, h, w), got {a.shape}")
    return a


def _layout(c, h, ncols, titled):
    """Columns, rows, the gap between tiles and the blank rows above each (for a title)."""
    ncols = max(1, min(int(ncols or np.ceil(np.sqrt(c))), c))
    nrows = -(-c // ncols)
    gap = max(1, round(h / 8))
    top = int(np.ceil(0.24 * h / TILE)) if titled else 0  # room for a 9 pt line
    return ncols, nrows, gap, top


def _mosaic(maps, ncols, gap, top):
    """Tile maps (c, h, w) into one array, ``ncols`` a row, NaN (blank) between them."""
    c, h, w = maps.shape
    nrows = -(-c // ncols)
    out = np.full((nrows * (top + h + gap) - gap, ncols * (w + gap) - gap), np.nan)
    for i, m in enumerate(maps):
        r, col = divmod(i, ncols)
        r0, c0 = r * (top + h + gap) + top, col * (w + gap)
        out[r0 : r0 + h, c0 : c0 + w] = m
    return out


def draw_feature_map_grid(ax, maps, titles=None, ncols=None, ink=None):
    """Draw the 2-D maps (c, h, w) as one grid of tiles on ``ax``, one shared colour scale
    centred at 0 (or, with ``ink=(vmin, vmax)``, images in grey on that ink scale). Tile i
    is at row and column ``divmod(i, ncols)``; ``titles`` (one per map) go above the tiles.

    Returns the artists for ``update_feature_map_grid``. Introduced in lesson 13.
    """
    maps = _maps(maps, "maps")
    c, h, w = maps.shape
    if titles is not None and len(titles) != c:
        raise ValueError(f"need {c} titles, one per map, got {len(titles)}")
    ncols, _nrows, gap, top = _layout(c, h, ncols, titles is not None)
    grid = _mosaic(maps, ncols, gap, top)
    if ink is not None:
        cmap, (vmin, vmax) = "gray_r", ink
    else:
        cmap, vmax = CMAP, _symmetric(maps)
        vmin = -vmax
    image = _mesh(ax, grid.shape, cmap=cmap, vmin=vmin, vmax=vmax)
    image.set_array(np.ma.masked_invalid(grid))  # NaN: blank paper between the tiles
    _view(ax, grid.shape)
    hide_axes(ax)
    if titles is not None:
        for i, t in enumerate(titles):
            r, col = divmod(i, ncols)
            ax.text(
                col * (w + gap) + (w - 1) / 2,
                r * (top + h + gap) + top - 0.7,
                str(t),
                ha="center",
                va="bottom",
                fontsize=9,
            )
    return {"image": image, "shape": maps.shape, "ncols": ncols, "gap": gap, "top": top}


def update_feature_map_grid(artists, maps):
    """Show new maps (the shape drawn) in a grid of ``draw_feature_map_grid``; a diverging
    grid takes the new maps' ±max|value| as its scale."""
    maps = _maps(maps, "maps")
    if maps.shape != artists["shape"]:
        raise ValueError(f"maps must have shape {artists['shape']}, got {maps.shape}")
    image = artists["image"]
    image.set_array(
        np.ma.masked_invalid(_mosaic(maps, artists["ncols"], artists["gap"], artists["top"]))
    )
    if image.get_cmap() is CMAP:
        lim = _symmetric(maps)
        image.set_clim(-lim, lim)


def _grid_figure(maps, titles, title, caption):
    c, h, w = maps.shape
    ncols, nrows, gap, top = _layout(c, h, None, titles is not None)
    width = max(TILE * ncols * (w + gap) / (h + gap) + 0.4, 3.6)
    height = TILE * nrows * (top + h + gap) / (h + gap) + 1.0
    fig, ax = figure(width, height)
    draw_feature_map_grid(ax, maps, titles, ncols)
    label(ax, title, caption, "")
    return fig


def kernels(W, titles=None, title=None):
    """A grid of the kernels ``W`` (c_out, c_in, k, k), first input channel (or (c_out, k, k)).

    One shared colour scale centred at 0: orange weights raise the output where the
    image has ink, blue ones lower it. ``titles``: one per kernel. Introduced in lesson 13.
    """
    W = np.asarray(W, dtype=float)
    if W.ndim == 4:
        W = W[:, 0]
    W = _maps(W, "W")
    if W.shape[1] != W.shape[2]:
        raise ValueError(f"W must hold square kernels (c_out, c_in, k, k), got {W.shape}")
    c, k = W.shape[0], W.shape[1]
    title = title or f"{c} kernels, {k} × {k}"
    return _grid_figure(W, titles, title, "orange: weight > 0, blue: < 0 (one scale)")


def feature_map_grid(maps, titles=None, title=None):
    """A grid of 2-D feature maps (c, h, w), one shared colour scale centred at 0.

    ``titles``: one per map. Introduced in lesson 13.
    """
    maps = _maps(maps, "maps")
    title = title or f"{maps.shape[0]} feature maps, {maps.shape[1]} × {maps.shape[2]}"
    return _grid_figure(maps, titles, title, "orange: > 0, blue: < 0, white: 0 (one scale)")


def _moved(rows, cols):
    parts = []
    if rows:
        parts.append(f"{abs(rows)} {'down' if rows > 0 else 'up'}")
    if cols:
        parts.append(f"{abs(cols)} {'right' if cols > 0 else 'left'}")
    return "moved " + ", ".join(parts) if parts else "not moved"


def shift_equivariance(image, kernel, rows, cols, padding=1):
    """Shift the image, and its feature map shifts with it: the same kernel at every place.

    Top: the 8 × 8 digit and the digit moved ``rows`` down and ``cols`` right by
    ``data.shift_digits`` (blank paper moves in). Bottom: the feature
    map of each, ``conv.feature_map(…, padding=padding)``, on one colour scale.
    Introduced in lesson 13.
    """
    X = _image(image)
    if X.shape != (8, 8):
        raise ValueError(f"image must be one 8 × 8 digit, got shape {X.shape}")
    Xs = shift_digits(X.reshape(1, 64), rows, cols).reshape(8, 8)  # checks rows and cols
    rows, cols = int(rows), int(cols)
    Z = conv.feature_map(X, kernel, padding=padding)
    Zs = conv.feature_map(Xs, kernel, padding=padding)
    fig, axes = figure(5.4, 5.6, ncols=2, nrows=2)
    vmin, vmax = ink_range(X)
    lim = _symmetric(np.concatenate([Z.ravel(), Zs.ravel()]))
    moved = _moved(rows, cols)
    for ax, pic, title in ((axes[0, 0], X, "the image"), (axes[0, 1], Xs, f"the image, {moved}")):
        ax.imshow(pic, cmap="gray_r", vmin=vmin, vmax=vmax, interpolation="nearest")
        hide_axes(ax, frame=True)
        label(ax, title, "darker = more ink", "")
    for ax, m, title in (
        (axes[1, 0], Z, "its feature map"),
        (axes[1, 1], Zs, "the moved image's map"),
    ):
        ax.imshow(m, cmap=CMAP, vmin=-lim, vmax=lim, interpolation="nearest")
        hide_axes(ax, frame=True)
        label(ax, title, "orange > 0, blue < 0", "")
    for ax in axes.ravel():
        ax.title.set_fontsize(10)
    fig.suptitle(f"Shift the image, the map shifts too ({moved})", fontsize=11)
    return fig


def _side(n, name, what):
    """The side s of a square image of n = s² pixels."""
    s = math.isqrt(n)
    if s * s != n:
        raise ValueError(f"{name} must have one {what} per pixel of a square image (s²), got {n}")
    return s


def shared_weights(M, kernel, title=None):
    """A convolution as a dense layer: its weight matrix ``M`` beside the kernel it repeats.

    ``M`` (s², t²) holds in row i what input pixel i adds to each of the t² output
    pixels: for a 3 × 3 kernel over an 8 × 8 image (no padding) a (64, 36) matrix,
    ``np.stack([conv.feature_map(e.reshape(8, 8), K).ravel() for e in np.eye(64)])``.
    Left: M, input pixels down, output pixels across; right: the ``kernel`` (k, k)
    with its values. Both on one colour scale centred at 0 (orange > 0, blue < 0),
    zeros left blank: every column holds the same k² weights, in a band that moves
    down as the output pixel moves along. Introduced in lesson 13.
    """
    M = np.asarray(M, dtype=float)
    K = np.asarray(kernel, dtype=float)
    if M.ndim != 2 or 0 in M.shape:
        raise ValueError(f"M must be 2-D with shape (pixels in, pixels out), got {M.shape}")
    if K.ndim != 2 or K.shape[0] != K.shape[1] or K.shape[0] == 0:
        raise ValueError(f"kernel must be square, shape (k, k), got shape {K.shape}")
    if not (np.all(np.isfinite(M)) and np.all(np.isfinite(K))):
        raise ValueError("M and the kernel must be finite (no NaN or infinity)")
    s = _side(M.shape[0], "M", "row")
    t = _side(M.shape[1], "M", "column")
    k = K.shape[0]
    if k > s:
        raise ValueError(f"a {k} × {k} kernel does not fit a {s} × {s} image (M {M.shape})")
    lim = _symmetric(np.concatenate([M.ravel(), K.ravel()]))
    style = {"cmap": CMAP, "vmin": -lim, "vmax": lim, "interpolation": "nearest"}
    fig, _ = figure(6.2, 5.6, ncols=0, layout="constrained")
    ax_m, ax_k = fig.subplots(1, 2, width_ratios=[M.shape[1] / M.shape[0] * 3.2, 1.0])
    ax_m.imshow(np.ma.masked_equal(M, 0.0), aspect="equal", **style)
    ax_m.set_xticks(np.arange(0, M.shape[1], t))
    ax_m.set_yticks(np.arange(0, M.shape[0], s))
    ax_m.tick_params(labelsize=9)
    ax_m.grid(False)
    ax_m.set_facecolor("white")
    ax_m.set_xlim(-0.5, M.shape[1] - 0.5)
    ax_m.set_ylim(M.shape[0] - 0.5, -0.5)
    label(
        ax_m,
        f"M: {M.shape[0]} × {M.shape[1]} weights",
        f"output pixel j ({t} × {t} = {M.shape[1]})",
        f"input pixel i ({s} × {s} = {M.shape[0]})",
    )
    ax_k.imshow(np.ma.masked_equal(K, 0.0), **style)
    ax_k.set_facecolor("white")
    for u in range(k):
        for v in range(k):
            color = "white" if K[u, v] < -0.5 * lim else "black"
            ax_k.text(v, u, _number(K[u, v]), ha="center", va="center", fontsize=10, color=color)
    _view(ax_k, (k, k))
    hide_axes(ax_k, frame=True)
    label(ax_k, "kernel K", f"the same {k * k} weights\nin every column", "")
    for ax in (ax_m, ax_k):
        ax.title.set_fontsize(10)
    fig.suptitle(
        title or "A convolution is a dense layer whose columns share one kernel", fontsize=11
    )
    return fig
