"""The machinery every lesson widget shares.

An ``Explorer`` owns one matplotlib figure for its whole life. When a control
moves, ``update(**values)`` moves the figure's artists (``set_data``, never a
new figure), re-renders it to PNG into an ``ipywidgets.Image``, rewrites the
live equation with the current numbers, and returns the numbers it computed,
so a notebook (or a test) can call it directly. Errors in the callback appear
in the widget's own ``Output`` area, where JupyterLab shows them.

Redrawing is blitted: the axes' frames, ticks and labels (most of the cost:
text) are rendered once and kept as a background; a move redraws only what
is inside the axes (less what ``static_artists`` names), then pastes back the
pixels of any legend, drawn once on top (the style's legends are opaque). A
subclass whose axis limits, labels, static artists or legend entries change
calls ``redraw(full=True)``.
"""

import io
import traceback

import ipywidgets as w
import numpy as np
from PIL import Image

__all__ = ["Explorer", "fmt", "int_slider", "slider"]


def slider(description, value, lo, hi, step, readout_format=".2f", tooltip=None):
    """A float slider with a readable label, an explicit step and a continuous update."""
    return w.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        readout_format=readout_format,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=w.Layout(width="320px"),
        tooltip=tooltip or description,
    )


def int_slider(description, value, lo, hi):
    """An integer slider styled like ``slider`` (steps, counts, depths)."""
    return w.IntSlider(
        value=value,
        min=lo,
        max=hi,
        step=1,
        description=description,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=w.Layout(width="320px"),
    )


def fmt(v, digits=2, brackets=True):
    """A number for a live equation: fixed digits, a real minus sign, negatives in
    brackets (unless ``brackets=False``, e.g. inside f(…))."""
    s = f"{v:.{digits}f}"
    if s.startswith("-"):
        return f"(−{s[1:]})" if brackets else f"−{s[1:]}"
    return s


class Explorer:
    """Base class of the lesson widgets.

    Subclasses build ``self.fig`` and its artists, call ``super().__init__``
    with their controls, and implement ``update(**values) -> dict``, which
    moves the artists, sets ``self.equation.value`` and ends with
    ``self.redraw()``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Kept and redrawn for the widget's whole life.
    controls : dict of str -> ipywidgets.ValueWidget
        Their names are the keyword arguments of ``update``.
    """

    # A widget that checks and syncs its own controls in update sets this False.
    sync_controls = True
    # "jpeg" encodes much faster than PNG: worth it for big, shaded figures.
    image_format = "png"

    def __init__(self, fig, controls):
        self.fig = fig
        self.controls = dict(controls)
        self.image = w.Image(format=self.image_format, layout=w.Layout(width="auto"))
        self.equation = w.HTMLMath(layout=w.Layout(min_height="2.5em"))
        self.errors = w.Output()
        self._background = None
        # A direct call of update (from a notebook or a test) moves the sliders too, so
        # the controls always show the values the picture was drawn for.
        if self.sync_controls:
            self._update_impl, self.update = self.update, self._update_and_sync
        self._syncing = False
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        panel = w.VBox(list(self.controls.values()), layout=w.Layout(min_width="340px"))
        self.widget = w.VBox(
            [w.HBox([panel, self.image]), self.equation, self.errors],
            layout=w.Layout(border="1px solid #ddd", padding="6px"),
        )
        self.state = self.update(**self.values())

    def values(self):
        """The controls' current values by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values):
        """Move the artists to ``values``; return what was computed. Subclasses implement it."""
        raise NotImplementedError

    def static_artists(self):
        """Artists inside the axes that no move changes (e.g. contours): drawn once,
        into the background, beneath everything that moves. Subclasses override this."""
        return ()

    def redraw(self, full=False):
        """Render the figure into the image: only the axes' contents, unless ``full``."""
        canvas = self.fig.canvas
        if full or self._background is None:
            legends = [ax.get_legend() for ax in self.fig.axes if ax.get_legend() is not None]
            fixed = {id(a) for a in [*legends, *self.static_artists()]}
            dynamic = [a for ax in self.fig.axes for a in _axes_contents(ax) if id(a) not in fixed]
            for artist in dynamic + legends:
                artist.set_animated(True)
            canvas.draw()
            # Freeze the layout: a re-run of constrained layout could shift the axes
            # under a background drawn for the old positions.
            self.fig.set_layout_engine("none")
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._dynamic = dynamic
            self._draw_dynamic()
            # A legend is mostly text, the slowest thing to draw: draw it once on top of
            # the data and paste its pixels back after every move.
            for legend in legends:
                self.fig.draw_artist(legend)
            self._overlays = [canvas.copy_from_bbox(lg.get_window_extent()) for lg in legends]
        else:
            canvas.restore_region(self._background)
            self._draw_dynamic()
            for overlay in self._overlays:
                canvas.restore_region(overlay)
        rgb = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])
        buf = io.BytesIO()
        if self.image_format == "jpeg":
            # No chroma subsampling: thin coloured lines stay sharp.
            rgb.save(buf, format="jpeg", quality=92, subsampling=0)
        else:
            # Fast compression: a 3× smaller image costs 6 ms more than none, less to send.
            rgb.save(buf, format="png", compress_level=1)
        self.image.value = buf.getvalue()

    def _draw_dynamic(self):
        for artist in self._dynamic:
            self.fig.draw_artist(artist)

    def _update_and_sync(self, **values):
        self._syncing = True
        try:
            for name, value in values.items():
                if name in self.controls and self.controls[name].value != value:
                    self.controls[name].value = value
        finally:
            self._syncing = False
        self.state = self._update_impl(**values)
        return self.state

    def _on_change(self, _change):
        if self._syncing:
            return
        self.errors.outputs = ()
        # Inside a slider callback JupyterLab would send prints and tracebacks to
        # its log console; the Output area shows them under the widget instead.
        # hold_sync sends the equation after the new image: the browser shows the
        # picture first instead of waiting for the equation to be typeset.
        with self.errors, self.equation.hold_sync():
            try:
                self.state = self.update(**self.values())
            except Exception:
                self.errors.append_stderr(traceback.format_exc())

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _axes_contents(ax):
    """What an axes draws inside itself (data, legend, title), in its drawing order."""
    frame = {ax.xaxis, ax.yaxis, ax.patch, *ax.spines.values()}
    return sorted((a for a in ax.get_children() if a not in frame), key=lambda a: a.get_zorder())
