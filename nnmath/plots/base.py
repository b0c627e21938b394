"""The course's figure style and the few helpers every plot uses."""

import io

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["CLASS_COLORS", "CMAP", "COLORS", "STYLE", "figure", "label", "render_png"]

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
    # Opaque legends: a widget pastes a legend's pixels back after each move (widgets.base).
    "legend.framealpha": 1.0,
}


# Importing the course's plots sets its look for every figure of the session.
mpl.rcParams.update(STYLE)


def figure(width=6.0, height=4.0, ncols=1, nrows=1, **subplot_kw):
    """A new styled ``Figure`` and its axes (one ``Axes`` or an array of them).

    The figure is not registered with pyplot, so widgets can keep it for
    their whole life and redraw it without piling up open figures.
    """
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)  # a canvas of its own: widgets draw and read pixels without pyplot
    axes = fig.subplots(nrows, ncols, subplot_kw=subplot_kw or None, squeeze=True)
    return fig, axes


def label(ax, title, xlabel, ylabel):
    """Set an axes' title and axis labels (every course plot has all three)."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def render_png(fig, dpi=None):
    """The figure as PNG bytes (what a widget's ``Image`` shows)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()
