"""lib.widgets and lib.plots.render: sliders, the explorer (layout kept, fast PNG, coalesced
moves), the sweep."""

import asyncio
import gc
import io
import warnings
import weakref

import ipywidgets
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from PIL import Image

import lib


def line(a=1.0, b=2.0, label="x"):
    fig, ax = lib.plots.new_figure(width=6, height=3)
    ax.plot([0, 1], [a, b], label=label)
    ax.set_xlabel("x")
    ax.set_ylabel("y (nats)")
    return fig


def test_sliders_refuse_bad_ranges():
    with pytest.raises(ValueError, match="lo <= value <= hi"):
        lib.widgets.slider("p", 0.0, 1.0, 1.5)
    with pytest.raises(ValueError, match="lo < hi"):
        lib.widgets.int_slider("n", 5, 5, 5)
    with pytest.raises(ValueError, match="lo > 0"):
        lib.widgets.slider("α", 0.0, 1.0, 0.5, log=True)


def test_a_log_slider_spans_its_range_in_equal_log_steps():
    s = lib.widgets.slider("α", 1e-3, 10.0, 0.3, log=True)
    assert isinstance(s, ipywidgets.FloatLogSlider) and s.continuous_update
    assert s.value == pytest.approx(0.3)
    assert (s.base ** s.min, s.base ** s.max) == pytest.approx((1e-3, 10.0))


def test_explore_makes_controls_only_for_named_arguments_and_refuses_unknown_ones():
    box = lib.widgets.explore(line, a=lib.widgets.slider("a", 0.0, 2.0, 1.0))
    assert list(box.controls) == ["a"] and isinstance(box.redraw(), Figure)
    assert box.children == (box.controls["a"], box.image, box.message)
    with pytest.raises(TypeError, match="no argument 'c'"):
        lib.widgets.explore(line, c=lib.widgets.slider("c", 0.0, 1.0, 0.5))


def test_a_move_redraws_the_image_with_the_first_layout_kept():
    laid_out = line(a=1.0)
    FigureCanvasAgg(laid_out).draw()  # constrained layout, independently of the explorer
    positions = [ax.get_position().bounds for ax in laid_out.axes]
    box = lib.widgets.explore(line, a=lib.widgets.slider("a", 0.0, 2.0, 1.0))
    first = box.image.value
    fig = box.set(a=2.0)
    assert fig.axes[0].lines[0].get_ydata()[0] == 2.0 and box.controls["a"].value == 2.0
    assert box.image.value != first
    assert not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)  # none on a move
    assert [ax.get_position().bounds for ax in fig.axes] == positions
    png = Image.open(io.BytesIO(box.image.value))
    assert png.format == "PNG" and png.size == (600, 300)


def test_a_burst_of_moves_is_drawn_once_with_the_last_values():
    calls = []

    def counted(a=1.0):
        calls.append(a)
        return line(a=a)

    async def drag():
        box = lib.widgets.explore(counted, a=lib.widgets.slider("a", 0.0, 2.0, 1.0))
        for value in np.linspace(0.0, 2.0, 12):
            box.controls["a"].value = float(value)
        await asyncio.sleep(0.2)
        return box

    asyncio.run(drag())
    assert calls == [1.0, 2.0]  # the first draw, then one for the whole burst


def test_without_an_event_loop_a_move_redraws_at_once():
    calls = []

    def counted(b=2.0):
        calls.append(b)
        return line(b=b)

    box = lib.widgets.explore(counted, b=lib.widgets.slider("b", 0.0, 4.0, 2.0))
    box.controls["b"].value = 3.0
    assert calls == [2.0, 3.0]


def test_an_explorer_keeps_the_pixels_of_a_frame_not_its_figure():
    box = lib.widgets.explore(line, a=lib.widgets.slider("a", 0.0, 2.0, 1.0))
    frame = weakref.ref(box.set(a=0.5))
    gc.collect()
    assert frame() is None and box.image.value  # nothing holds the figure; the PNG stays


def test_a_static_figure_and_its_sliders_first_frame_share_one_layout():
    from lib.plots import render

    static = line(a=1.5)
    render.render_png(static)  # as the notebook shows it (lib.plots.use_style)
    laid_out = [ax.get_position().bounds for ax in static.axes]
    frames = []

    def recorded(a=1.0):
        frames.append(line(a=a))
        return frames[-1]

    lib.widgets.explore(recorded, a=lib.widgets.slider("a", 0.0, 2.0, 1.5))
    first = frames[0]
    assert not isinstance(first.get_layout_engine(), ConstrainedLayoutEngine)  # placed, not laid out
    assert [ax.get_position().bounds for ax in first.axes] == laid_out


def test_a_figure_with_other_texts_or_limits_is_laid_out_afresh():
    from lib.plots import render

    def labelled(a=1.5, ylabel="y (nats)"):
        fig = line(a=a)
        fig.axes[0].set_ylabel(ylabel)
        return fig

    render.render_png(labelled())
    for other in (labelled(ylabel="a much longer label\non two lines"), labelled(a=150.0)):
        assert render.layout_key(other) != render.layout_key(labelled())
        render.render_png(other)
        assert isinstance(other.get_layout_engine(), ConstrainedLayoutEngine)  # its own layout


def test_sweep_tries_both_ends_and_the_middle_and_reports_what_is_wrong():
    def unlabelled(a=1.0):
        fig, ax = lib.plots.new_figure()
        ax.plot([0, 1], [0, a])
        return fig

    def fragile(a=1.0, kind="ok"):
        if a == 0.0:
            raise ZeroDivisionError("a = 0")
        if kind == "warn":
            warnings.warn("a warning", RuntimeWarning)
        return line(a=a)

    namespace = {
        "good": lib.widgets.explore(line, a=lib.widgets.slider("a", 0.0, 2.0, 1.0),
                                    label=lib.widgets.choice("label", ["x", "y"])),
        "bad": lib.widgets.explore(unlabelled, a=lib.widgets.slider("a", 0.0, 2.0, 1.0)),
        "worse": lib.widgets.explore(fragile, a=lib.widgets.slider("a", 0.0, 2.0, 1.0),
                                     kind=lib.widgets.choice("kind", ["ok", "warn"])),
        "_hidden": lib.widgets.explore(unlabelled, a=lib.widgets.slider("a", 0.0, 2.0, 1.0)),
    }
    report = lib.widgets.sweep(namespace)
    assert report["explorers"] == 3 and report["settings"] == 5 + 3 + 5
    problems = "\n".join(report["problems"])
    assert "good" not in problems
    assert "bad at a=0.0: axes 0 lacks an x or y label" in problems
    assert "worse at a=0.0, kind='ok': ZeroDivisionError: a = 0" in problems
    assert "RuntimeWarning: a warning" in problems
    assert namespace["worse"].values() == {"a": 1.0, "kind": "ok"}  # put back at defaults


def test_the_figure_checker_flags_a_figure_too_wide_and_a_clipped_legend():
    fig, ax = lib.plots.new_figure(width=10.5, height=3)
    ax.plot([0, 1], [0, 1], label="a long legend entry")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="upper left", bbox_to_anchor=(1.2, 1.0))
    found = lib.plots.problems(fig)
    assert any("1050 px wide" in p for p in found)
    assert any("legend is clipped" in p for p in found)
    assert lib.plots.problems(line()) == []


def test_an_error_while_dragging_is_shown_under_the_figure():
    def fails_high(a=1.0):
        if a > 1.5:
            raise ValueError("a is too large")
        return line(a=a)

    async def drag():
        box = lib.widgets.explore(fails_high, a=lib.widgets.slider("a", 0.0, 2.0, 1.0))
        box.controls["a"].value = 2.0
        await asyncio.sleep(0.2)
        return box

    box = asyncio.run(drag())
    assert "ValueError: a is too large" in box.message.value
