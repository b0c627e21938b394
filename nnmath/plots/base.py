"""The course's figure style and the few helpers every plot uses."""

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = [
    "CLASS_COLORS",
    "CMAP",
    "COLORS",
    "STYLE",
    "arrows",
    "figure",
    "hide_axes",
    "label",
    "scatter_classes",
    "shade_plane",
    "update_bars",
]

# Okabe & Ito's palette: distinguishable with every common colour-vision deficiency.
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#999999",
}
# Class 0 / class 1 in every 2-D plot, and a diverging map between them.
CLASS_COLORS = (COLORS["blue"], COLORS["orange"])
CMAP = mpl.colors.LinearSegmentedColormap.from_list(
    "hidden_math", [COLORS["blue"], "#f7f7f7", COLORS["orange"]]
)

STYLE = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(
        color=[COLORS[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky")]
    ),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "image.cmap": "viridis",
}


# Importing the course's plots sets its look for every figure of the session.
mpl.rcParams.update(STYLE)


def figure(width=6.0, height=4.0, ncols=1, nrows=1, layout="constrained", **subplot_kw):
    """A new styled ``Figure`` and its axes (one ``Axes`` or an array of them).

    The figure is not registered with pyplot, so widgets can keep it for
    their whole life and redraw it without piling up open figures.
    ``ncols=0`` gives no axes (``None``): for a figure that places its axes
    itself, with ``layout=None``.
    """
    fig = Figure(figsize=(width, height), layout=layout)
    FigureCanvasAgg(fig)  # a canvas of its own: widgets draw and read pixels without pyplot
    if ncols == 0:
        return fig, None
    axes = fig.subplots(nrows, ncols, subplot_kw=subplot_kw or None, squeeze=True)
    return fig, axes


def label(ax, title, xlabel, ylabel):
    """Set an axes' title and axis labels (every course plot has all three)."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def arrows(ax, x, y, u, v, *, width, scale=1.0, **kwargs):
    """Arrows from (x, y) to (x + u/scale, y + v/scale), measured in data units.

    ``ax.quiver`` with ``angles="xy", scale_units="xy"``, so an arrow is as long
    as the vector it draws (at ``scale=1``); ``width`` is a fraction of the
    axes' width. Returns the ``Quiver`` (move it with ``set_UVC``).
    """
    return ax.quiver(x, y, u, v, angles="xy", scale_units="xy", scale=scale, width=width, **kwargs)


def hide_axes(ax, frame=False):
    """No ticks, no grid and (unless ``frame``) no spines: a picture, not a chart.

    Unlike ``ax.set_axis_off()`` it keeps the title and the axis labels, which
    name the picture (a caption under a digit or a unit's output).
    """
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    if not frame:
        for spine in ax.spines.values():
            spine.set_visible(False)
    return ax


def shade_plane(ax, grid, lim, vmin=0.0, vmax=1.0, alpha=0.7, interpolation="bilinear", **kw):
    """Show a (res, res) grid of numbers over the plane as shading; returns the image.

    ``grid[i, j]`` is the value at height x₂ = g₂ᵢ and x₁ = g₁ⱼ, the layout of
    ``data.plane_grid`` and ``data.output_grid``. ``lim`` is a float (the
    square ±lim) or a pair ``(xlim, ylim)``. Colours run from blue (``vmin``)
    through white to orange (``vmax``); ``vmin=vmax=None`` takes the grid's range.
    """
    xlim, ylim = ((-lim, lim), (-lim, lim)) if np.isscalar(lim) else lim
    return ax.imshow(
        grid,
        origin="lower",
        extent=(*xlim, *ylim),
        cmap=CMAP,
        vmin=vmin,
        vmax=vmax,
        alpha=alpha,
        interpolation=interpolation,
        **kw,
    )


def scatter_classes(ax, X, y, label="class {}", s=14, linewidth=0.3, **kw):
    """One scatter of the rows of ``X`` (n, 2) per class 0 and 1 of ``y``, in ``CLASS_COLORS``.

    ``label`` is formatted with the class (None: no legend entry). Returns the
    two collections (move their points with ``set_offsets``).
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    out = []
    for cls in (0, 1):
        if label is not None:
            kw["label"] = label.format(cls)
        pts = X[y == cls].reshape(-1, 2)
        out.append(
            ax.scatter(
                pts[:, 0],
                pts[:, 1],
                s=s,
                color=CLASS_COLORS[cls],
                edgecolor="k",
                linewidth=linewidth,
                **kw,
            )
        )
    return out


def update_bars(artists, p):
    """Set each bar's height to its value in ``p`` (in place); the largest bar turns orange.

    ``artists["bars"]`` are bars drawn in sky blue (``draw_digit_probabilities``,
    ``draw_token_bars``). Returns the index of the largest value.
    """
    p = np.asarray(p, dtype=float).reshape(-1)
    best = int(np.argmax(p))
    for i, bar in enumerate(artists["bars"]):
        bar.set_height(p[i])
        bar.set_facecolor(COLORS["orange"] if i == best else COLORS["sky"])
    return best
