"""Small pieces of trusted markup with every value escaped.

Text from a person or a content pack is escaped on the way in; what a helper returns is
markup that can be put into another helper as it is.
"""

from __future__ import annotations

from attachwork.content import pack
from attachwork.domain.textsafe import esc, esc_multiline


def crisis_lines_html() -> str:
    """The practice's crisis lines as a list (text from ``common.crisis.lines``)."""
    lines = pack().get("common.crisis.lines", [])
    items = "".join(
        f"<li><strong>{esc(line.get('label', ''))}:</strong> {esc(line.get('text', ''))}</li>"
        for line in lines
    )
    return f"<ul>{items}</ul>"


def risk_message_html() -> str:
    """What a person sees right after saving words that suggest risk to self: kind, plain,
    with the crisis lines in full so nobody has to look for them."""
    c = pack()
    return (
        f'<section class="aw-risk" role="alert" aria-label="{esc(c.text("common.risk.title"))}">'
        f"<h3>{esc(c.text('common.risk.title'))}</h3>"
        f"<p>{esc(c.text('common.risk.body'))}</p>{crisis_lines_html()}"
        f'<p class="aw-help">{esc(c.text("common.risk.after"))}</p></section>'
    )


def crisis_html() -> str:
    """Crisis resources as one section (the header's panel, and the home page shows it too)."""
    c = pack()
    return (
        f'<section class="aw-crisis-text" aria-label="{esc(c.text("common.crisis.title"))}">'
        f"<h2>{esc(c.text('common.crisis.title'))}</h2>"
        f"<p>{esc_multiline(c.text('common.crisis.body').strip())}</p>{crisis_lines_html()}"
        "</section>"
    )
