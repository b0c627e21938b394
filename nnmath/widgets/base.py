"""The machinery every lesson widget shares.

An ``Explorer`` owns one matplotlib figure for its whole life. When a control
moves, ``update(**values)`` moves the controls to ``values`` and calls the
subclass's ``_draw(**values)``, which moves the figure's artists
(``set_data``, never a new figure), rewrites the live equation with the
current numbers, calls ``redraw()`` and returns the numbers it computed, so a
notebook (or a test) can call ``update`` directly.

What a widget accepts is one table: its controls. ``check_value`` reads the
rule off a control (a ``FloatSlider``'s or ``FloatLogSlider``'s min and max;
an ``IntSlider``'s min, max and whole numbers; the options of a ``Dropdown``,
``SelectionSlider`` or ``ToggleButtons``), and both the control factories
below (a constructor's values) and ``update`` (every value, before any
control moves) apply it. So ``update(z=100)`` on a slider of [-6, 6] is
refused (``z must be a finite number in [-6, 6], got 100``) rather than drawn
while the slider shows 6, and NaN, infinity, 2.5 for a count, strings, None,
unknown options and unknown names are refused the same way. A subclass's
``_check`` adds rules that span several values.

Errors in a callback (a control, a button) appear in the widget's own
``Output`` area, where JupyterLab shows them. A *refusal* is shown as one
line, its message (``✗ z must be a finite number in [-6, 6], got nan``), and
the controls go back to the values of the picture on show, so the next move
works. A refusal is a ``Refused`` error: any ValueError or TypeError raised
while ``update`` validates (``check_value`` and ``_check``) is re-raised as
one (``RefusedValue`` is a ValueError, ``RefusedType`` a TypeError), and a
widget raises ``RefusedValue`` itself for a value it cannot use (the
playground's split leaving one training point, a bad export file name).
Any other exception is a bug in our code and is shown with its traceback.

Redrawing is blitted: the axes' frames, ticks and labels (most of the cost:
text) are rendered once and kept as a background, with the legends (outside
the axes: ``legend_below``) and the ``static_artists``; a move redraws only
the rest of what is inside the axes, on top. A subclass whose axis limits,
labels, static artists or legend entries change calls ``redraw(full=True)``.
"""

import io
import numbers
import traceback

import ipywidgets as w
import numpy as np
from PIL import Image

from .._checks import _what, as_int, as_number
from .tex import CONTROL_LAYOUT, CONTROL_STYLE

__all__ = [
    "Explorer",
    "Refused",
    "RefusedType",
    "RefusedValue",
    "check_value",
    "choices",
    "dropdown",
    "int_slider",
    "legend_below",
    "log_slider",
    "slider",
    "toggles",
]


class Refused(Exception):
    """A value a widget refuses: a callback shows its message as one line, no traceback."""


class RefusedValue(Refused, ValueError):
    """A refused value (out of its control's range, not an option, unusable)."""


class RefusedType(Refused, TypeError):
    """A value of the wrong type (a string for a number, None for an option)."""


def _refusal(error):
    """``error`` (a ValueError or TypeError) as the ``Refused`` error of the same kind."""
    if isinstance(error, Refused):
        return error
    kind = RefusedType if isinstance(error, TypeError) else RefusedValue
    return kind(str(error))


def _is_number(v):
    return isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))


def _same(value, option):
    """Whether ``value`` is the option ``option``: a string only as that string, a number
    only as that number (``np.float32(0.3)`` is the option 0.3, ``True`` is not 1)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(option, str) or isinstance(value, str):
        return isinstance(value, str) and value == option
    if _is_number(value) and _is_number(option):
        if isinstance(value, np.floating):  # compared at the value's own precision
            return bool(value == value.dtype.type(option))
        return bool(value == option)
    return value is option


def _listing(options, most=12):
    shown = ", ".join(repr(o) for o in options[:most])
    more = f", … ({len(options)} in all)" if len(options) > most else ""
    return f"[{shown}{more}]"


def check_value(name, control, value):
    """``value`` as ``control`` holds it, or the ValueError/TypeError naming ``name``.

    The one rule for what a control accepts, read off the control itself:
    a float slider takes a finite number in [min, max], an int slider a whole
    number in [min, max], a menu, choice slider or row of buttons one of its
    options (returned as the option itself).
    """
    if isinstance(control, w.FloatLogSlider):
        return as_number(value, name, control.base**control.min, control.base**control.max)
    if isinstance(control, w.FloatSlider):
        return as_number(value, name, control.min, control.max)
    if isinstance(control, w.IntSlider):
        return as_int(value, name, control.min, control.max)
    if isinstance(control, (w.Dropdown, w.SelectionSlider, w.ToggleButtons)):
        # _options_values: the values behind the labels, as ipywidgets matches them itself
        options = list(control._options_values)
        for option in options:
            if _same(value, option):
                return option
        raise ValueError(f"{name} must be one of {_listing(options)}, got {_what(value)}")
    raise TypeError(f"{name}: check_value has no rule for a {type(control).__name__}")


def _with_value(control, value):
    """``control`` set to ``value``, checked first (named by its label): ipywidgets would
    clamp an out-of-range value silently and the widget would draw another one."""
    control.value = check_value(control.description, control, value)
    return control


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
    """A float slider with a readable label and an explicit step; ``value`` must lie in [lo, hi].

    ``continuous_update=False`` fires only when the slider is released (for a
    control that restarts something slow).
    """
    control = w.FloatSlider(
        value=lo,
        min=lo,
        max=hi,
        step=step,
        readout_format=readout_format,
        continuous_update=continuous_update,
        **_look(description, tooltip),
    )
    return _with_value(control, value)


def log_slider(description, value, lo_exp, hi_exp, step, readout_format=".3g", tooltip=None):
    """A float slider on a log scale, 10^lo_exp … 10^hi_exp, styled like ``slider``."""
    control = w.FloatLogSlider(
        value=10.0**lo_exp,
        base=10,
        min=lo_exp,
        max=hi_exp,
        step=step,
        readout_format=readout_format,
        continuous_update=True,
        **_look(description, tooltip),
    )
    return _with_value(control, value)


def int_slider(description, value, lo, hi, tooltip=None, continuous_update=True):
    """An integer slider styled like ``slider`` (steps, counts, depths)."""
    control = w.IntSlider(
        value=lo,
        min=lo,
        max=hi,
        step=1,
        continuous_update=continuous_update,
        **_look(description, tooltip),
    )
    return _with_value(control, value)


def choices(description, options, value, tooltip=None, continuous_update=True):
    """A slider over fixed choices (numbers shown with ``:g``), styled like ``slider``."""
    control = w.SelectionSlider(
        options=[(v if isinstance(v, str) else f"{v:g}", v) for v in options],
        continuous_update=continuous_update,
        **_look(description, tooltip),
    )
    return _with_value(control, value)


def dropdown(description, options, value, tooltip=None):
    """A menu: ``options`` as values, or ``(label, value)`` pairs, or a dict value → label."""
    if isinstance(options, dict):
        options = [(label, v) for v, label in options.items()]
    control = w.Dropdown(options=list(options), **_look(description, tooltip))
    return _with_value(control, value)


def toggles(description, options, value, tooltip=None):
    """A row of buttons, one per option (short names: activations, kinds of unit)."""
    control = w.ToggleButtons(
        options=list(options),
        description=description,
        tooltip=tooltip or description,
        style={"button_width": "70px"},
    )
    return _with_value(control, value)


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
    with ``self.redraw()``, and gets every control's value, checked. A
    subclass may refuse more in ``_check(values)`` (a ValueError or TypeError,
    before any control moves) and name in ``extra_names`` the arguments
    ``update`` takes besides the controls (they reach ``_draw`` only when given).

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
    extra_names = ()

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
        self._shown = None  # the values of the picture on show
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
        """Draw the picture for ``values`` (any of the controls' names); return what was computed.

        Every value is checked against its control first (``check_value``),
        then ``_check``; a refused value raises a ``RefusedValue`` (a
        ValueError) or ``RefusedType`` (a TypeError) and changes nothing.
        The controls move to ``values`` (a direct call from a notebook or a
        test), so they always show the values the picture was drawn for; if
        the drawing refuses them, the controls go back.
        """
        shown = self._shown
        try:
            values = self._checked(values)
            self._move_controls(values)
            self.state = self._draw(**values)
        except BaseException:
            if shown is not None:  # e.g. a slider typed to NaN: back to the picture's value
                self._move_controls(shown)
            raise
        self._shown = values
        return self.state

    def _checked(self, values):
        """``values`` checked, with the controls' values for the names not given."""
        try:
            unknown = sorted(set(values) - set(self.controls) - set(self.extra_names))
            if unknown:
                known = [*self.controls, *self.extra_names]
                raise TypeError(f"update() got unknown names {unknown}; it takes {known}")
            checked = {
                name: check_value(name, control, values.get(name, control.value))
                for name, control in self.controls.items()
            }
            checked.update((name, values[name]) for name in self.extra_names if name in values)
            self._check(checked)
        except (TypeError, ValueError) as error:
            raise _refusal(error) from None
        return checked

    def _move_controls(self, values):
        """Show ``values`` on the controls without firing ``update`` again."""
        syncing, self._syncing = self._syncing, True
        try:
            for name, control in self.controls.items():
                if name in values and control.value != values[name]:
                    control.value = values[name]
        finally:
            self._syncing = syncing

    def _check(self, values):
        """Raise a ValueError or TypeError for checked ``values`` the widget still refuses."""

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
        console; the Output area shows them under the widget instead: a refusal as one
        line, anything else (a bug) with its traceback."""
        self.errors.outputs = ()
        # hold_sync sends the equation after the new image: the browser shows the
        # picture first instead of waiting for the equation to be typeset.
        with self.errors, self.equation.hold_sync():
            try:
                self.state = action(*args)
            except Refused as error:
                self.errors.append_stderr(f"✗ {error}\n")
            except Exception:
                self.errors.append_stderr(traceback.format_exc())

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _axes_contents(ax):
    """What an axes draws inside itself (data, legend, title), in its drawing order."""
    frame = {ax.xaxis, ax.yaxis, ax.patch, *ax.spines.values()}
    return sorted((a for a in ax.get_children() if a not in frame), key=lambda a: a.get_zorder())
