"""The client's pursue-withdraw loop as an SVG drawing: six steps around a ring.

Plain SVG rather than a plotly figure: the words are the client's own, so they are
escaped and wrapped here, read clearly on a shared screen, print well, and can go
into an export as they are.
"""

from __future__ import annotations

import math
import textwrap

from attachwork.content import ContentPack, pack
from attachwork.domain.records import CYCLE_STEPS
from attachwork.domain.textsafe import esc

WIDTH, HEIGHT = 860, 600
BOX_W, BOX_H = 236, 124
RING_X, RING_Y = 300, 200
WRAP = 26
MAX_LINES = 4
#: Whose step it is decides the colour (and the border style, for colour-blind readers).
#: Step labels are drawn in the border colour: at least 4.5:1 on their box.
STEP_STYLE = {
    "trigger": ("#fdf1dc", "#965b00", ""),
    "my_feeling": ("#e3efef", "#2d6a6e", ""),
    "my_move": ("#e3efef", "#2d6a6e", ""),
    "their_feeling": ("#e5f1fb", "#1f5f8f", "6 4"),
    "their_move": ("#e5f1fb", "#1f5f8f", "6 4"),
    "conclusion": ("#fdf1dc", "#965b00", ""),
}
#: "Not filled in yet" inside a box: 5:1 or more on every box colour.
EMPTY_INK = "#5a6670"


def _lines(text: str) -> list[str]:
    words = " ".join(str(text).split())
    lines = textwrap.wrap(words, WRAP, break_long_words=True) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: WRAP - 1].rstrip() + "…"
    return lines


def _centre(i: int) -> tuple[float, float]:
    angle = -math.pi / 2 + i * 2 * math.pi / len(CYCLE_STEPS)
    return WIDTH / 2 + RING_X * math.cos(angle), HEIGHT / 2 + RING_Y * math.sin(angle)


def cycle_svg(steps: dict[str, str], title: str = "", content: ContentPack | None = None) -> str:
    """An accessible SVG of the loop; every word from ``steps`` is escaped."""
    content = content or pack()
    c = "pattern_awareness.cycle"
    empty = content.text(f"{c}.empty_step")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'class="aw-cycle-svg" aria-labelledby="aw-cycle-title" font-family="system-ui, sans-serif">',
        f'<title id="aw-cycle-title">{esc(cycle_summary(steps, title, content))}</title>',
    ]
    centres = [_centre(i) for i in range(len(CYCLE_STEPS))]
    # the ring behind the boxes, and an arrowhead half-way between each pair of boxes,
    # pointing the way the loop turns (clockwise, from "what sets it off")
    parts.append(f'<ellipse cx="{WIDTH / 2:.0f}" cy="{HEIGHT / 2:.0f}" rx="{RING_X}" ry="{RING_Y}" '
                 'fill="none" stroke="#55636e" stroke-width="2.5"/>')
    for i in range(len(CYCLE_STEPS)):
        angle = -math.pi / 2 + (i + 0.5) * 2 * math.pi / len(CYCLE_STEPS)
        x, y = WIDTH / 2 + RING_X * math.cos(angle), HEIGHT / 2 + RING_Y * math.sin(angle)
        heading_deg = math.degrees(math.atan2(RING_Y * math.cos(angle), -RING_X * math.sin(angle)))
        parts.append(f'<path d="M-13,-11 L13,0 L-13,11 z" fill="#55636e" '
                     f'transform="translate({x:.0f},{y:.0f}) rotate({heading_deg:.0f})"/>')
    for i, step in enumerate(CYCLE_STEPS):
        x, y = centres[i]
        fill, stroke, dash = STEP_STYLE[step]
        left, top = x - BOX_W / 2, y - BOX_H / 2
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<rect x="{left:.0f}" y="{top:.0f}" width="{BOX_W}" height="{BOX_H}" rx="14" '
                     f'fill="{fill}" stroke="{stroke}" stroke-width="2"{dash_attr}/>')
        label = content.text(f"{c}.steps.{step}")
        parts.append(f'<text x="{x:.0f}" y="{top + 24:.0f}" text-anchor="middle" font-size="15" '
                     f'font-weight="700" fill="{stroke}">{i + 1}. {esc(label)}</text>')
        text = steps.get(step) or ""
        lines = _lines(text) if text.strip() else [empty]
        colour = "#25313a" if text.strip() else EMPTY_INK
        spans = "".join(
            f'<tspan x="{x:.0f}" dy="{0 if n == 0 else 20}">{esc(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(f'<text x="{x:.0f}" y="{top + 50:.0f}" text-anchor="middle" font-size="16" '
                     f'fill="{colour}">{spans}</text>')
    centre = _lines(title)[0] if title.strip() else content.text(f"{c}.centre")
    parts.append(f'<text x="{WIDTH / 2:.0f}" y="{HEIGHT / 2 + 6:.0f}" text-anchor="middle" '
                 f'font-size="18" font-style="italic" fill="#55636e">{esc(centre)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def cycle_list(steps: dict[str, str], content: ContentPack | None = None) -> str:
    """The same loop as a numbered list, for a screen too narrow for the drawing (the page's
    stylesheet shows one or the other); every word from ``steps`` is escaped."""
    content = content or pack()
    c = "pattern_awareness.cycle"
    empty = content.text(f"{c}.empty_step")
    items = []
    for step in CYCLE_STEPS:
        text = " ".join(str(steps.get(step) or "").split())
        theirs = ' class="aw-theirs"' if step.startswith("their_") else ""
        words = (f"<span>{esc(text)}</span>" if text
                 else f'<span class="aw-cycle-empty">{esc(empty)}</span>')
        items.append(f'<li{theirs}><span class="aw-cycle-step">{esc(content.text(f"{c}.steps.{step}"))}'
                     f"</span>{words}</li>")
    return f'<ol class="aw-cycle-list">{"".join(items)}</ol>'


def cycle_summary(steps: dict[str, str], title: str = "", content: ContentPack | None = None) -> str:
    """The loop in words, one step after another, back to the start."""
    content = content or pack()
    c = "pattern_awareness.cycle"
    said = [f"{content.text(f'{c}.steps.{s}')}: {' '.join(str(steps.get(s) or '').split())}"
            for s in CYCLE_STEPS if str(steps.get(s) or "").strip()]
    if not said:
        return content.text(f"{c}.summary_none")
    return content.text(f"{c}.summary", title=title.strip() or content.text(f"{c}.centre"),
                        steps="; ".join(said))
