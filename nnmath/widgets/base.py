"""The machinery every lesson widget shares.

An ``Explorer`` owns one matplotlib figure for its whole life. When a control
moves, ``update(**values)`` moves the controls to ``values`` and calls the
subclass's ``_draw(**values)``, which moves the figure's artists
(``set_data``, never a new figure), rewrites the live equation with the
current numbers, calls ``redraw()`` and returns the numbers it computed, so a
notebook (or a test) can call ``update`` directly. Errors in a callback appear
in the widget's own ``Output`` area, where JupyterLab shows them.

Redrawing is blitted: the axes' frames, ticks and labels (most of the cost:
text) are rendered once and kept as a background, with the legends (outside
the axes: ``legend_below``) and the ``static_artists``; a move redraws only
the rest of what is inside the axes, on top. A subclass whose axis limits,
labels, static artists or legend entries change calls ``redraw(full=True)``.
"""

import io
import traceback

import ipywidgets as w
import numpy as np
from PIL import Image

from .tex import CONTROL_LAYOUT, CONTROL_STYLE

__all__ = ["Explorer", "choices", "dropdown", "int_slider", "legend_below", "slider"]


def _look(description, tooltip):
    """The label, tooltip, style and width every control shares."""
    return dict(
        description=description,
        tooltip=tooltip or description,
        style=CONTROL_STYLE,
        layout=w.Layout(**CONTROL_LAYOUT),
    )


def slider(
    description,
    value,
    lo,
    hi,
    step,
    readout_format=".2f",
    tooltip=None,
    continuous_update=True,
):
    """A float slider with a readable label and an explicit step.

    ``continuous_update=False`` fires only when the slider is released (for a
    control that restarts something slow).
    """
    return w.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        readout_format=readout_format,
        continuous_update=continuous_update,
        **_look(description, tooltip),
    )


def int_slider(description, value, lo, hi, tooltip=None, continuous_update=True):
    """An integer slider styled like ``slider`` (steps, counts, depths)."""
    return w.IntSlider(
        value=value,
        min=lo,
        max=hi,
        step=1,
        continuous_update=continuous_update,
        **_look(description, tooltip),
    )


def choices(description, options, value, tooltip=None, continuous_update=True):
    """A slider over fixed choices (numbers shown with ``:g``), styled like ``slider``."""
    return w.SelectionSlider(
        options=[(v if isinstance(v, str) else f"{v:g}", v) for v in options],
        value=value,
        continuous_update=continuous_update,
        **_look(description, tooltip),
    )


def dropdown(description, options, value, tooltip=None):
    """A menu: ``options`` as values, or ``(label, value)`` pairs, or a dict value → label."""
    if isinstance(options, dict):
        options = [(label, v) for v, label in options.items()]
    return w.Dropdown(options=list(options), value=value, **_look(description, tooltip))


def legend_below(fig, ncols=4):
    """One legend for the whole figure, under its axes, in place of the axes' own.

    A widget's legend never sits inside an axes: a move draws the moving
    artists on top of the saved background, so they would cover it.
    """
    for ax in fig.axes:
        if ax.get_legend() is not None:
            ax.get_legend().remove()
    return fig.legend(loc="outside lower center", ncols=ncols, fontsize=9, frameon=False)


class Explorer:
    """Base class of the lesson widgets.

    A subclass builds, in its ``__init__``, everything the first picture needs
    (``fig`` and its artists, any extra widgets), then calls
    ``super().__init__``: that lays the widget out and draws the first frame
    with ``update(**self.values())``. It implements ``_draw(**values) ->
    dict``, which moves the artists, sets ``self.equation.value`` and ends
    with ``self.redraw()``; ``_check(values)`` may refuse values before any
    control moves.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Kept and redrawn for the widget's whole life.
    controls : dict of str -> ipywidgets.ValueWidget
        Their names are the keyword arguments of ``update``.
    header, extras, footer : sequence of ipywidgets.Widget, optional
        More widgets: above everything, under the controls, and under the equation.
    """

    # "jpeg" encodes much faster than PNG: worth it for big, shaded figures.
    image_format = "png"

    def __init__(self, fig, controls, *, header=(), extras=(), footer=()):
        self.fig = fig
        self.controls = dict(controls)
        self.image = w.Image(format=self.image_format, layout=w.Layout(width="auto"))
        self.equation = w.HTMLMath(layout=w.Layout(min_height="2.5em"))
        self.errors = w.Output()
        self._background = None  # the figure without what moves, saved at a full redraw
        self._backgrounds = {}  # redraw(key=...): a background per look of the figure
        self._dynamic = []
        self._syncing = False
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        panel = w.VBox([*self.controls.values(), *extras], layout=w.Layout(min_width="340px"))
        self.widget = w.VBox(
            [*header, w.HBox([panel, self.image]), self.equation, *footer, self.errors],
            layout=w.Layout(border="1px solid #ddd", padding="6px"),
        )
        self.state = self.update(**self.values())

    def values(self):
        """The controls' current values by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values):
        """Draw the picture for ``values``; return what was computed.

        The controls move to ``values`` too (a direct call from a notebook or a
        test), so they always show the values the picture was drawn for.
        """
        self._check(values)
        self._syncing = True
        try:
            for name, value in values.items():
                if name in self.controls and self.controls[name].value != value:
                    self.controls[name].value = value
        finally:
            self._syncing = False
        self.state = self._draw(**values)
        return self.state

    def _check(self, values):
        """Raise a ValueError for ``values`` the widget refuses, before a control moves."""

    def _draw(self, **values):
        """Move the artists to ``values``, redraw, return the numbers. Subclasses implement it."""
        raise NotImplementedError

    def static_artists(self):
        """Artists inside the axes that no move changes (e.g. contours, labels): drawn
        once, into the background, beneath everything that moves. Subclasses override this."""
        return ()

    def redraw(self, full=False, *, key=None, relayout=False):
        """Render the figure into the image: only what moves, unless ``full``.

        ``key`` names a look of the figure with a background of its own (e.g.
        the axis limits of each activation): the first redraw for a key is a
        full one, later ones reuse its background. ``relayout`` lays the
        figure out again first (new tick labels need new room), which makes
        every saved background stale: a full redraw.
        """
        if relayout:
            self.fig.set_layout_engine("constrained")
            self._backgrounds.clear()
            full = True
        if key is not None and not full:
            full = key not in self._backgrounds
            if not full:
                self._background = self._backgrounds[key]
        if full or self._background is None:
            self._draw_background()
            if key is not None:
                self._backgrounds[key] = self._background
        else:
            self.fig.canvas.restore_region(self._background)
        for artist in self._dynamic:
            self.fig.draw_artist(artist)
        rgb = Image.fromarray(np.asarray(self.fig.canvas.buffer_rgba())[..., :3])
        buf = io.BytesIO()
        if self.image_format == "jpeg":
            # No chroma subsampling: thin coloured lines stay sharp.
            rgb.save(buf, format="jpeg", quality=92, subsampling=0)
        else:
            # Fast compression: a 3× smaller image costs 6 ms more than none, less to send.
            rgb.save(buf, format="png", compress_level=1)
        self.image.value = buf.getvalue()

    def _draw_background(self):
        """Draw everything but what moves, and keep it as the background."""
        legends = [ax.get_legend() for ax in self.fig.axes if ax.get_legend() is not None]
        static = [*legends, *self.static_artists()]
        fixed = {id(a) for a in static}
        dynamic = [a for ax in self.fig.axes for a in _axes_contents(ax) if id(a) not in fixed]
        for artist in static:
            artist.set_animated(False)
        for artist in dynamic:
            artist.set_animated(True)
        self.fig.canvas.draw()
        # Freeze the layout: a re-run of constrained layout could shift the axes
        # under a background drawn for the old positions (redraw(relayout=True) thaws it).
        self.fig.set_layout_engine("none")
        self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self._dynamic = dynamic

    def _on_change(self, _change):
        if self._syncing:
            return
        self._run(lambda: self.update(**self.values()))

    def _run(self, action, *args):
        """Call ``action(*args)`` from a callback (a control, a button); keep its result as
        ``state``. Inside a callback JupyterLab would send prints and tracebacks to its log
        console; the Output area shows them under the widget instead."""
        self.errors.outputs = ()
        # hold_sync sends the equation after the new image: the browser shows the
        # picture first instead of waiting for the equation to be typeset.
        with self.errors, self.equation.hold_sync():
            try:
                self.state = action(*args)
            except Exception:
                self.errors.append_stderr(traceback.format_exc())

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _axes_contents(ax):
    """What an axes draws inside itself (data, legend, title), in its drawing order."""
    frame = {ax.xaxis, ax.yaxis, ax.patch, *ax.spines.values()}
    return sorted((a for a in ax.get_children() if a not in frame), key=lambda a: a.get_zorder())
