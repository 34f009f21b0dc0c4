"""A figure turned into PNG bytes quickly: used for static figures and by every slider.

Drawing a lesson figure costs about 150–400 ms, and about half of it is constrained
layout, which measures every text to place the axes. Two things make it cheaper:

- the figure is drawn once by Agg (the notebook's default display draws it twice, once
  only to lay it out) and encoded by PIL at light compression (a few ms instead of tens);
- a layout, once computed, is kept under a key made of what decides it (the figure's size,
  each axes' place in its grid, its titles, labels, limits, scales and legend entries). A
  figure with the same key is placed at the same axes positions without measuring any
  text: the static figure of a lesson and the first frame of its slider are the same call,
  so the slider's first frame needs no layout of its own.

:func:`lib.plots.use_style` makes :func:`render_png` the way a notebook shows a figure;
:class:`lib.widgets.Explorer` uses it for every frame.
"""

import base64
import io
from collections import OrderedDict

_LAYOUTS = OrderedDict()  # layout key -> axes positions, the most recent last
_MAX_LAYOUTS = 64


def layout_key(fig):
    """What decides the layout of ``fig``, as a hashable tuple.

    Two figures with the same key get the same axes positions from constrained layout:
    same size, the same grid of axes, and the same texts around each (titles, axis labels,
    legend entries) with the same limits and scales (which decide the tick labels).
    """
    axes = []
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        place = spec.get_geometry() if spec is not None else tuple(ax.get_position().bounds)
        legend = ax.get_legend()
        axes.append((type(ax).__name__, place,
                     ax.get_title("left"), ax.get_title(), ax.get_title("right"),
                     ax.get_xlabel(), ax.get_ylabel(),
                     tuple(ax.get_xlim()), tuple(ax.get_ylim()),
                     ax.get_xscale(), ax.get_yscale(),
                     None if legend is None else tuple(t.get_text() for t in legend.get_texts())))
    texts = tuple(t.get_text() for t in fig.texts)
    legends = tuple(tuple(t.get_text() for t in leg.get_texts()) for leg in fig.legends)
    suptitle = getattr(fig, "_suptitle", None)
    return (tuple(fig.get_size_inches()), fig.dpi, suptitle and suptitle.get_text(), texts,
            legends, tuple(axes))


def render_png(fig, positions=None):
    """Draw ``fig`` once with Agg and return ``(png_bytes, axes_positions)``.

    With ``positions`` (from an earlier figure of the same shape) the layout engine is
    switched off and those axes positions are used, so no text is measured. Without, a
    layout kept for the same :func:`layout_key` is used if there is one; otherwise the
    figure's own layout runs, and its result is kept and returned. Log axes are drawn
    without their minor ticks, which cost about half of a redraw; the labelled decades stay.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.ticker import NullLocator
    from PIL import Image

    canvas = FigureCanvasAgg(fig)
    for ax in fig.axes:  # a log axis's minor ticks cost about half of a redraw
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_scale() == "log":
                axis.set_minor_locator(NullLocator())
    key = None
    if positions is None and fig.get_layout_engine() is not None:
        key = layout_key(fig)
        positions = _LAYOUTS.get(key)
    if positions is not None:
        fig.set_layout_engine("none")
        for ax, box in zip(fig.axes, positions):
            ax.set_position(box)
    canvas.draw()
    if positions is None:
        positions = [ax.get_position() for ax in fig.axes]
    if key is not None:
        _LAYOUTS[key] = positions
        _LAYOUTS.move_to_end(key)
        while len(_LAYOUTS) > _MAX_LAYOUTS:
            _LAYOUTS.popitem(last=False)
    buf = io.BytesIO()
    rgba = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(),
                            "raw", "RGBA", 0, 1)
    rgba.convert("RGB").save(buf, format="png", compress_level=1)  # PIL drops alpha in 1 ms
    return buf.getvalue(), positions


def png_for_display(fig):
    """The notebook's PNG of ``fig`` (base64), made by :func:`render_png`; None if empty."""
    if not fig.axes:
        return None
    return base64.b64encode(render_png(fig)[0]).decode("ascii")
