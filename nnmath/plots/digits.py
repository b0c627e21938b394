"""Handwritten digits: image grids, weight images, confusion, probabilities (lesson 10).

The numbers behind the pictures (``confusion_counts``, ``confident_mistakes``)
are metrics in ``nnmath.train``; these functions draw them.
"""

import numpy as np

from ..train import confident_mistakes, confusion_counts
from .base import CMAP, COLORS, figure, hide_axes, label, update_bars

__all__ = [
    "confusion_plot",
    "digit_grid",
    "draw_digit",
    "draw_digit_probabilities",
    "mistakes_plot",
    "unit_top_images",
    "update_digit",
    "weight_images",
]

# The digits' pixels are ink levels 0 (paper) … 16 (full ink).
INK_MAX = 16.0


def _images(images, side=8):
    """``images`` as an array of shape (n, side, side): rows of side² pixels or square images."""
    a = np.asarray(images, dtype=float)
    if a.ndim == 1:
        a = a[np.newaxis, :]
    if a.ndim == 2 and a.shape[1] == side * side:
        return a.reshape(-1, side, side)
    if a.ndim == 3 and a.shape[1:] == (side, side):
        return a
    raise ValueError(
        f"images must have shape (n, {side * side}) or (n, {side}, {side}), got {a.shape}"
    )


def _one_image(pixels):
    """One image, given as 64 pixels or 8×8, as an (8, 8) array."""
    a = np.asarray(pixels, dtype=float)
    if a.shape not in ((64,), (8, 8)):
        raise ValueError(f"one image must have shape (64,) or (8, 8), got {a.shape}")
    return a.reshape(8, 8)


def _mosaic(images, ncols, pad=1):
    """Tile images (n, 8, 8) into one array, ``ncols`` per row, ``pad`` NaN pixels between.

    Tile i sits at rows ``r·(8 + pad) …`` and columns ``c·(8 + pad) …`` with
    ``r, c = divmod(i, ncols)``; NaN shows as blank paper. One image artist in one
    axes draws far faster than one axes per image. Introduced in lesson 10.
    """
    imgs = _images(images)
    n = imgs.shape[0]
    ncols = max(1, min(int(ncols), n))
    nrows = -(-n // ncols)
    step = 8 + pad
    out = np.full((nrows * step - pad, ncols * step - pad), np.nan)
    for i, img in enumerate(imgs):
        r, c = divmod(i, ncols)
        out[r * step : r * step + 8, c * step : c * step + 8] = img
    return out


def digit_grid(
    images, titles=None, ncols=10, title="Handwritten digits", vmin=0.0, vmax=INK_MAX, cell=0.55
):
    """A grid of 8×8 images, darker = more ink, each with an optional small title.

    Parameters
    ----------
    images : array_like, shape (n, 64) or (n, 8, 8)
        Raw ink levels 0 … 16 (pass ``vmin``/``vmax`` for other scales).
    titles : sequence of str, optional
        One per image, e.g. its label, written above it.
    ncols : int
    title : str
        The figure's title.
    cell : float
        Width of one image in inches (widen it for long titles).

    Introduced in lesson 10.
    """
    imgs = _images(images)
    n = imgs.shape[0]
    if titles is not None and len(titles) != n:
        raise ValueError(f"need {n} titles, got {len(titles)}")
    ncols = max(1, min(int(ncols), n))
    lines = max(str(t).count("\n") + 1 for t in titles) if titles is not None else 0
    pad = 1 + 4 * lines  # room above each tile for its title
    grid = _mosaic(imgs, ncols, pad=pad)
    top = pad if titles is not None else 0
    grid = np.vstack([np.full((top, grid.shape[1]), np.nan), grid])
    height = cell * ncols * grid.shape[0] / grid.shape[1] + 0.6
    fig, ax = figure(cell * ncols + 0.3, height)
    hide_axes(ax)
    ax.imshow(grid, cmap="gray_r", vmin=vmin, vmax=vmax, interpolation="nearest")
    if titles is not None:
        for i, t in enumerate(titles):
            r, c = divmod(i, ncols)
            ax.text(
                c * (8 + pad) + 3.5,
                top + r * (8 + pad) - 0.8,
                str(t),
                ha="center",
                va="bottom",
                fontsize=9,
            )
    label(ax, title, "each image: 8 × 8 pixels, darker = more ink", "")
    return fig


def weight_images(W, n=32, ncols=8, title="First layer: each hidden unit's 64 weights"):
    """The first ``n`` columns of W (64, h) as 8×8 images: what each hidden unit looks for.

    Orange pixels raise the unit's z when inked, blue ones lower it. Each image
    is divided by its own largest |weight|, so every unit uses the whole colour
    scale with white at 0. Units run left to right, then row by row.

    Introduced in lesson 10.
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != 64:
        raise ValueError(f"W must have shape (64, h), got {W.shape}")
    n = min(int(n), W.shape[1])
    scale = np.abs(W[:, :n]).max(axis=0)
    scaled = W[:, :n] / np.where(scale > 0, scale, 1.0)  # (64, n), each column in [−1, 1]
    ncols = max(1, min(int(ncols), n))
    grid = _mosaic(scaled.T, ncols)
    width = 0.62 * ncols + 0.3
    fig, ax = figure(width, width * grid.shape[0] / grid.shape[1] + 0.95)
    hide_axes(ax)
    ax.imshow(grid, cmap=CMAP, vmin=-1.0, vmax=1.0, interpolation="nearest")
    label(
        ax,
        title,
        f"units 1–{n}, {ncols} per row\norange: ink here raises the unit's z, blue: lowers it",
        "",
    )
    return fig


def unit_top_images(images, H, units, labels=None, n=8, title=None):
    """For each hidden unit in ``units``, the ``n`` images that make it fire hardest.

    Row r shows the images i with the ``n`` largest activations ``H[i, units[r]]``
    (ties: the earlier image first), most active on the left, each titled with
    its label when ``labels`` is given. Where the weight image of a unit is hard
    to read, the images it responds to say what it looks for.

    Parameters
    ----------
    images : array_like, shape (m, 64) or (m, 8, 8)
        Raw ink levels 0 … 16, m ≥ n.
    H : array_like, shape (m, h)
        The hidden activations of those images, e.g. ``net.layers[0].forward(X)``.
    units : sequence of int
        Columns of ``H`` (0 … h − 1), one row each; shown as "unit j + 1", as in
        ``weight_images``.
    labels : array_like of int, shape (m,), optional
    n : int
        Images per unit.
    title : str, optional

    Introduced in lesson 10.
    """
    imgs = _images(images)
    H = np.asarray(H, dtype=float)
    m = imgs.shape[0]
    if H.ndim != 2 or H.shape[0] != m:
        raise ValueError(f"H must have shape ({m}, h), one row per image, got {H.shape}")
    units = [int(u) for u in np.atleast_1d(units)]
    if not units or any(not 0 <= u < H.shape[1] for u in units):
        raise ValueError(f"units must be columns of H, 0 … {H.shape[1] - 1}, got {units}")
    n = int(n)
    if not 1 <= n <= m:
        raise ValueError(f"n must be in 1 … {m} (the number of images), got {n}")
    if labels is not None:
        labels = np.asarray(labels)
        if labels.shape != (m,):
            raise ValueError(f"labels must have shape ({m},), got {labels.shape}")
    # (len(units), n): per unit, the images in order of decreasing activation.
    top = np.stack([np.argsort(-H[:, u], kind="stable")[:n] for u in units])
    pad = 5 if labels is not None else 1  # room above each tile for its label
    left = 16  # blank pixels on the left for the row's name
    grid = _mosaic(imgs[top.ravel()], n, pad=pad)
    grid = np.hstack([np.full((grid.shape[0], left), np.nan), grid])
    grid = np.vstack([np.full((pad - 1, grid.shape[1]), np.nan), grid])
    cell = 0.55
    # cell inches per tile, and room for the title and caption however few tiles
    width = max(cell * grid.shape[1] / (8 + pad) + 0.3, 4.2)
    fig, ax = figure(width, width * grid.shape[0] / grid.shape[1] + 0.7)
    hide_axes(ax)
    ax.imshow(grid, cmap="gray_r", vmin=0.0, vmax=INK_MAX, interpolation="nearest")
    step = 8 + pad
    for r, u in enumerate(units):
        y0 = pad - 1 + r * step
        ax.text(left - 2, y0 + 3.5, f"unit {u + 1}", ha="right", va="center", fontsize=9)
        if labels is not None:
            for c, i in enumerate(top[r]):
                ax.text(
                    left + c * step + 3.5,
                    y0 - 0.6,
                    str(labels[i]),
                    ha="center",
                    va="bottom",
                    fontsize=9,
                )
    title = title or f"The {n} images that make each unit fire hardest"
    label(ax, title, "each row: one unit, its most active image first", "")
    return fig


def confusion_plot(y_true, y_pred, k=10, title=None):
    """The confusion matrix as a heat map with its counts; off-diagonal cells are mistakes.

    Introduced in lesson 10.
    """
    C = confusion_counts(y_true, y_pred, k)
    fig, ax = figure(4.6, 4.2)
    ax.imshow(np.log1p(C), cmap="Blues", interpolation="nearest")
    ax.grid(False)
    for i in range(k):
        for j in range(k):
            if C[i, j] == 0:
                continue
            if i == j:  # correct: white on the dark diagonal
                style = {"color": "white" if C[i, j] > C.max() / 2 else "black"}
            else:  # a mistake: bold vermillion
                style = {"color": COLORS["vermillion"], "fontweight": "bold"}
            ax.text(j, i, str(C[i, j]), ha="center", va="center", fontsize=9, **style)
    ax.set_xticks(range(k))
    ax.set_yticks(range(k))
    acc = np.trace(C) / max(C.sum(), 1)
    title = title or f"Confusion matrix: {C.sum() - np.trace(C)} mistakes, accuracy {acc:.1%}"
    label(ax, title, "predicted digit", "true digit")
    return fig


def mistakes_plot(images, P, y, n=8, ncols=4):
    """The ``n`` most confidently wrong images, titled "true → predicted" and the confidence.

    Introduced in lesson 10.
    """
    idx, pred, conf = confident_mistakes(P, y, n)
    if idx.size == 0:
        raise ValueError("there are no mistakes to show")
    imgs = _images(images)[idx]
    titles = [f"{y[i]} → {p}\nsure: {c:.0%}" for i, p, c in zip(idx, pred, conf, strict=True)]
    return digit_grid(
        imgs, titles, ncols=ncols, cell=0.9, title="Most confident mistakes: true → predicted"
    )


def draw_digit(ax, pixels, vmax=INK_MAX):
    """Draw one 8×8 image (64 pixels or 8×8, ink 0 … 16); returns the image artist."""
    img = ax.imshow(_one_image(pixels), cmap="gray_r", vmin=0, vmax=vmax, interpolation="nearest")
    hide_axes(ax)
    return img


def update_digit(artist, pixels):
    """Show new pixels in the artist from ``draw_digit``."""
    artist.set_data(_one_image(pixels))


def draw_digit_probabilities(ax, p):
    """Bars of the ten class probabilities; returns a dict of artists for the update.

    Introduced in lesson 10.
    """
    p = _probabilities(p)
    bars = ax.bar(np.arange(p.size), p, color=COLORS["sky"], edgecolor=COLORS["blue"])
    ax.set_xticks(np.arange(p.size))
    ax.set_ylim(0, 1.05)
    ax.set_xlim(-0.6, p.size - 0.4)
    artists = {"bars": bars}
    update_bars(artists, p)
    return artists


def _probabilities(p):
    p = np.asarray(p, dtype=float).reshape(-1)
    if p.size < 2 or np.any(p < 0) or not np.isclose(p.sum(), 1.0):
        raise ValueError("p must be a vector of probabilities that sum to 1")
    return p
