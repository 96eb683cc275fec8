"""Issue 19, contrast: the colours axe cannot check (lines and markers in a chart, words in
the cycle map's SVG, the breathing circle, field borders and the focus ring) are measured
here with WCAG's contrast ratio.

* lines, markers, the circle, borders and the ring: 3:1 (non-text contrast);
* words in the cycle map: 4.5:1 on their box;
* and the narrow screen's cycle list escapes what the client typed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from attachwork.charts.cycle import EMPTY_INK, STEP_STYLE, cycle_list
from attachwork.charts.palette import OKABE_ITO
from attachwork.domain.records import CYCLE_STEPS

THEME = (Path(__file__).resolve().parents[2] / "attachwork" / "ui" / "static" / "theme.css").read_text(
    encoding="utf-8")


def _luminance(colour: str) -> float:
    h = colour.lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(h[i:i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _var(name: str) -> str:
    found = re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{3,6}})", THEME)
    assert found, name
    return found.group(1)


def test_the_ratio_is_wcag_s():
    assert ratio("#000000", "#ffffff") == pytest.approx(21)
    assert ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert ratio("#E69F00", "#ffffff") == pytest.approx(2.25, abs=0.01)  # the figure


@pytest.mark.parametrize("name", sorted(OKABE_ITO))
def test_every_chart_colour_holds_3_to_1_on_the_white_plot(name):
    assert ratio(OKABE_ITO[name], "#ffffff") >= 3, (name, OKABE_ITO[name])


def test_the_darkened_colours_stay_apart_from_their_neighbours():
    """Orange against vermillion differs in lightness too, not only in hue."""
    assert ratio(OKABE_ITO["orange"], OKABE_ITO["vermillion"]) >= 1.4


@pytest.mark.parametrize("step", sorted(STEP_STYLE))
def test_cycle_map_words_read_on_their_box(step):
    fill, stroke, _dash = STEP_STYLE[step]
    assert ratio(stroke, fill) >= 4.5, (step, "step label")
    assert ratio(EMPTY_INK, fill) >= 4.5, (step, "not filled in yet")
    assert ratio("#25313a", fill) >= 4.5, (step, "the client's words")


def test_the_breathing_circle_and_its_edge_stand_out_from_the_panel():
    rule = re.search(r"\.aw-pacer-circle\s*\{([^}]*)\}", THEME)
    assert rule
    colours = re.findall(r"#[0-9a-fA-F]{6}", rule.group(1))
    assert len(colours) >= 3  # two stops of the gradient and the edge
    panel = _var("aw-panel")
    for colour in colours:
        assert ratio(colour, panel) >= 3, colour


def test_field_borders_and_the_focus_ring_hold_3_to_1():
    for background in (_var("aw-panel"), _var("aw-bg")):
        assert ratio(_var("aw-border"), background) >= 3
        assert ratio(_var("aw-focus"), background) >= 3


def test_the_cycle_list_has_every_step_in_order_and_escapes_the_words():
    steps = {s: "" for s in CYCLE_STEPS}
    steps[CYCLE_STEPS[0]] = "<img src=x onerror=alert(1)> no reply"
    out = cycle_list(steps)
    assert out.count("<li") == len(CYCLE_STEPS)
    assert "<img" not in out and "&lt;img src=x" in out
    assert out.count('class="aw-cycle-empty"') == len(CYCLE_STEPS) - 1
    assert out.count('class="aw-theirs"') == sum(s.startswith("their_") for s in CYCLE_STEPS)
