"""Sliders that redraw a figure: the one interactive pattern of the course.

A lesson shows a figure once at default values, then hands the same figure function to
:func:`explore` with a control per argument::

    fig = lib.plots.surprise.curve(p=0.25)                 # the static figure
    lib.widgets.explore(lib.plots.surprise.curve,          # the same, live
                        p=lib.widgets.slider("p", 0.001, 1.0, 0.25, log=True))

The function stays an ordinary, tested function; the widget only calls it. What makes a
move fast is how the figure is turned into pixels, not how it is built:

- the layout (constrained layout measures every text) is computed once, on the first
  draw, and the same axes positions are reused while the figure keeps its shape;
- log axes are drawn without minor ticks (about half the cost of a redraw);
- the figure is drawn once by Agg and encoded as PNG with light compression
  (:func:`lib.plots.render.render_png`), and its first frame reuses the layout of the
  static figure above it;
- a frame's figure is freed as soon as it is drawn, so the garbage collector never
  pauses a move to walk the whole notebook;
- the PNG goes to an :class:`ipywidgets.Image` updated in place;
- sliders redraw while dragged, and a burst of moves is coalesced into one redraw, so
  redraws never pile up behind a fast hand.

:func:`sweep` moves every control of every explorer in a namespace to both ends and the
middle and reports what a reader would see wrong; the tests run it in the kernel of each
notebook, after nbval has executed it.
"""

import asyncio
import contextlib
import gc
import html
import inspect
import math
import warnings

import ipywidgets as widgets

from .plots.render import render_png

__all__ = ["slider", "int_slider", "choice", "explore", "Explorer", "sweep"]

_LAYOUT = {"width": "460px"}
_STYLE = {"description_width": "110px"}
_COALESCE_SECONDS = 0.03  # moves closer together than this are drawn once


def _check_range(description, lo, hi, value):
    if not lo < hi or not lo <= value <= hi:
        raise ValueError(f"slider {description!r}: need lo < hi and lo <= value <= hi, "
                         f"got lo={lo}, hi={hi}, value={value}")


def slider(description, lo, hi, value, *, step=None, fmt=".3g", log=False):
    """A float slider from ``lo`` to ``hi``.

    Parameters
    ----------
    description : str
        Label shown left of the slider (plain text or ``$...$`` LaTeX).
    lo, hi, value : float
        Range and starting value; both ends must be safe for the figure function.
    step : float, optional
        Step; default 1/200 of the range (of ``log10`` of the range when ``log``).
    fmt : str, optional
        Format of the readout.
    log : bool, optional
        A logarithmic slider (equal steps in ``log10``), for a quantity drawn on a log
        axis or spanning several orders of magnitude; needs ``lo > 0``.

    Returns
    -------
    ipywidgets.FloatSlider or ipywidgets.FloatLogSlider
    """
    _check_range(description, lo, hi, value)
    common = dict(description=description, readout_format=fmt, continuous_update=True,
                  layout=_LAYOUT, style=_STYLE)
    if log:
        if lo <= 0:
            raise ValueError(f"slider {description!r}: a log slider needs lo > 0, got lo={lo}")
        a, b = math.log10(lo), math.log10(hi)
        return widgets.FloatLogSlider(value=value, base=10, min=a, max=b,
                                      step=step or (b - a) / 200, **common)
    return widgets.FloatSlider(value=value, min=lo, max=hi, step=step or (hi - lo) / 200, **common)


def int_slider(description, lo, hi, value, *, step=1):
    """An integer slider from ``lo`` to ``hi`` (see :func:`slider`)."""
    _check_range(description, lo, hi, value)
    return widgets.IntSlider(value=value, min=lo, max=hi, step=step, description=description,
                             continuous_update=True, layout=_LAYOUT, style=_STYLE)


def choice(description, options, value=None):
    """Buttons to pick one of a few ``options`` (a list, or a dict label -> value)."""
    extra = {} if value is None else {"value": value}
    return widgets.ToggleButtons(options=options, description=description, style=_STYLE, **extra)


def _ends(control):
    """The values a sweep tries for one control: both ends and the middle, or every option."""
    if isinstance(control, widgets.FloatLogSlider):
        return [control.base ** control.min, control.base ** ((control.min + control.max) / 2),
                control.base ** control.max]
    if isinstance(control, (widgets.FloatSlider, widgets.IntSlider)):
        mid = (control.min + control.max) / 2
        return [control.min, round(mid) if isinstance(control, widgets.IntSlider) else mid,
                control.max]
    options = control.options
    return list(options.values()) if isinstance(options, dict) else [
        o[1] if isinstance(o, tuple) else o for o in options]


@contextlib.contextmanager
def _collector_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Explorer(widgets.VBox):
    """Controls above a figure; moving a control redraws the figure in place.

    Made by :func:`explore`. ``controls`` maps each keyword of the figure function to its
    widget, ``image`` shows the latest frame, and :meth:`set` moves controls and redraws
    at once, returning the :class:`~matplotlib.figure.Figure` it drew (what the tests and
    the benchmark call). The explorer keeps the frame's pixels, not its figure.
    """

    def __init__(self, figure_function, controls):
        self.figure_function = figure_function
        self.controls = dict(controls)
        self.image = widgets.Image(format="png")
        self.message = widgets.HTML()  # says what went wrong, if a redraw fails
        self._shape = None
        self._positions = None
        self._timer = None
        self._quiet = False
        super().__init__([*self.controls.values(), self.image, self.message])
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.redraw()

    def values(self):
        """The current value of every control, by keyword."""
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self):
        """Call the figure function at the controls' values, show its frame, return it.

        A figure is tens of thousands of objects tied in cycles, which only the garbage
        collector frees, and a notebook holds hundreds of thousands more. The collector is
        paused while the figure is built and drawn, and the explorer keeps only the pixels:
        the figure is garbage as soon as the caller lets it go (a drag lets it go before
        the collector resumes), and the next young collection frees it in a few ms. Kept,
        each figure would be promoted to the old generation, and every few moves a full
        collection, 100–250 ms, would land in one.
        """
        with _collector_paused():
            return self._draw()

    def _draw(self):
        fig = self.figure_function(**self.values())
        shape = (tuple(fig.get_size_inches()), len(fig.axes),
                 tuple(type(ax).__name__ for ax in fig.axes))
        reuse = self._positions if shape == self._shape else None
        png, self._positions = render_png(fig, reuse)
        self._shape = shape
        self.image.value = png
        return fig

    def set(self, **values):
        """Move the named controls to ``values`` and redraw once; return the figure."""
        self._quiet = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._quiet = False
        return self.redraw()

    def _changed(self, change):
        if self._quiet:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a plain script): draw now
            self.redraw()
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = loop.call_later(_COALESCE_SECONDS, self._flush)

    def _flush(self):
        self._timer = None
        try:
            with _collector_paused():
                self._draw()  # and its figure dropped while the collector is paused
            self.message.value = ""
        except Exception as exc:  # a callback's error would otherwise go to the server log
            self.message.value = (f"<pre style='color:#D55E00'>{html.escape(type(exc).__name__)}: "
                                  f"{html.escape(str(exc))}</pre>")


def explore(figure_function, **controls):
    """Tie ``controls`` (keyword -> widget) to ``figure_function`` and show its figure.

    Only the named ``controls`` get a widget: the function's other keyword arguments keep
    their defaults. Returns an :class:`Explorer`; show it as a cell's last expression.
    """
    params = inspect.signature(figure_function).parameters
    unknown = [name for name in controls if name not in params]
    if unknown:
        raise TypeError(f"{figure_function.__name__} has no argument {unknown[0]!r}; "
                        f"its arguments are {list(params)}")
    return Explorer(figure_function, controls)


def _settings(explorer):
    """Each control alone at each of its ends and middle, then all at their lows, highs."""
    default = explorer.values()
    out = [{name: v} for name, control in explorer.controls.items() for v in _ends(control)]
    ranged = {n: _ends(c) for n, c in explorer.controls.items() if hasattr(c, "min")}
    if len(ranged) > 1:
        out += [{n: e[0] for n, e in ranged.items()}, {n: e[-1] for n, e in ranged.items()}]
    return default, out


def sweep(namespace):
    """Move every control of every :class:`Explorer` in ``namespace`` to its ends and middle.

    Returns a report ``{"explorers": n, "settings": m, "problems": [...]}``: an exception,
    a warning, or what :func:`lib.plots.style.problems` finds in the figure (unlabelled
    axes, non-finite data, too wide). Every control is put back at its default.
    """
    from .plots.style import problems as figure_problems

    report = {"explorers": 0, "settings": 0, "problems": []}
    for name, explorer in list(namespace.items()):
        if not isinstance(explorer, Explorer) or name.startswith("_"):
            continue
        report["explorers"] += 1
        default, settings = _settings(explorer)
        for setting in settings:
            where = f"{name} at " + ", ".join(f"{k}={v!r}" for k, v in {**default, **setting}.items())
            report["settings"] += 1
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    fig = explorer.set(**{**default, **setting})
                    report["problems"] += [f"{where}: {p}" for p in figure_problems(fig)]
                except Exception as exc:  # report every failure, keep sweeping
                    report["problems"].append(f"{where}: {type(exc).__name__}: {exc}")
            report["problems"] += [f"{where}: {w.category.__name__}: {w.message}" for w in caught]
        explorer.set(**default)
    return report
