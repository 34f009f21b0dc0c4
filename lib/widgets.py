"""Sliders that redraw a figure: the one interactive pattern of the course.

A lesson shows a figure once at default values, then hands the same figure function to
:func:`explore` with a slider per argument::

    fig = lib.plots.surprise.curve(p=0.25)                 # the static figure
    lib.widgets.explore(lib.plots.surprise.curve,          # the same, live
                        p=lib.widgets.slider("p", 0.001, 1.0, 0.25))

The function stays an ordinary, tested function; the widget only calls it.
"""

import inspect

import ipywidgets as widgets

__all__ = ["slider", "int_slider", "choice", "explore"]

_LAYOUT = {"width": "460px"}
_STYLE = {"description_width": "110px"}


def slider(description, lo, hi, value, *, step=None, fmt=".3g"):
    """A float slider from ``lo`` to ``hi`` that redraws when released.

    Parameters
    ----------
    description : str
        Label shown left of the slider (plain text or ``$...$`` LaTeX).
    lo, hi, value : float
        Range and starting value; both ends must be safe for the figure function.
    step : float, optional
        Step; default 1/200 of the range.
    fmt : str, optional
        Format of the readout.

    Returns
    -------
    ipywidgets.FloatSlider
    """
    if not lo < hi or not lo <= value <= hi:
        raise ValueError(f"slider {description!r}: need lo < hi and lo <= value <= hi, "
                         f"got lo={lo}, hi={hi}, value={value}")
    return widgets.FloatSlider(
        value=value, min=lo, max=hi, step=step or (hi - lo) / 200, description=description,
        readout_format=fmt, continuous_update=False, layout=_LAYOUT, style=_STYLE,
    )


def int_slider(description, lo, hi, value):
    """An integer slider from ``lo`` to ``hi`` (see :func:`slider`)."""
    if not lo < hi or not lo <= value <= hi:
        raise ValueError(f"slider {description!r}: need lo < hi and lo <= value <= hi, "
                         f"got lo={lo}, hi={hi}, value={value}")
    return widgets.IntSlider(
        value=value, min=lo, max=hi, description=description,
        continuous_update=False, layout=_LAYOUT, style=_STYLE,
    )


def choice(description, options, value=None):
    """Buttons to pick one of a few ``options`` (a list, or a dict label -> value)."""
    extra = {} if value is None else {"value": value}
    return widgets.ToggleButtons(options=options, description=description, style=_STYLE, **extra)


def explore(figure_function, **controls):
    """Tie ``controls`` (keyword -> widget) to ``figure_function`` and show its figure.

    Only the named ``controls`` get a widget: the function's other keyword arguments keep
    their defaults (ipywidgets would otherwise invent a slider for each of them).
    Returns the :class:`ipywidgets.interactive` box; its ``.result`` is the latest figure,
    which is how the tests move a slider and look at what it drew.
    """
    fixed = {
        name: widgets.fixed(param.default)
        for name, param in inspect.signature(figure_function).parameters.items()
        if name not in controls and param.default is not inspect.Parameter.empty
    }
    return widgets.interactive(figure_function, {"auto_display": True}, **controls, **fixed)
