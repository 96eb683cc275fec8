"""Which help lines a page shows: crisis lines, and safety lines for danger from a partner.

Both come from the content pack (``common.crisis`` and ``common.safety``): sourced lines by
country, the countries the practice chose to show (``common.crisis.show``), and lines shown
everywhere (``always``). A practice confirms its choice (``common.crisis.confirmed: true``)
once it has checked the lines are right for its clients; until then :func:`confirmed` is
false and the server, the clinic desk and ``attachwork content check`` say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from attachwork.content import ContentPack, pack

Kind = Literal["crisis", "safety"]


@dataclass(frozen=True)
class Line:
    label: str
    text: str
    tel: str = ""
    sms: str = ""
    country: str = ""


def _line(item: dict[str, Any], country: str = "") -> Line:
    return Line(str(item.get("label", "")), str(item.get("text", "")),
                str(item.get("tel", "") or ""), str(item.get("sms", "") or ""), country)


def lines(kind: Kind = "crisis", content: ContentPack | None = None) -> list[Line]:
    """The lines to show, country by country in the practice's order, then ``always``."""
    c = content or pack()
    section = c.get(f"common.{kind}", {}) or {}
    show = c.get("common.crisis.show", []) or []
    countries = section.get("countries", {}) or {}
    names = (c.get("common.crisis.countries", {}) or {})
    out: list[Line] = []
    for code in show:
        for item in (countries.get(code, {}) or {}).get("lines", []) or []:
            out.append(_line(item, str((names.get(code) or {}).get("name", code))))
    out += [_line(item) for item in section.get("always", []) or []]
    # lines a practice adds in its own folder with the old, flat shape still show
    out += [_line(item) for item in section.get("lines", []) or []]
    return out


def confirmed(content: ContentPack | None = None) -> bool:
    """Whether the practice has checked the crisis lines it shows."""
    return bool((content or pack()).get("common.crisis.confirmed", False))


def dial(number: str) -> str:
    """A phone number as a link target: digits and a leading plus only."""
    keep = "".join(ch for ch in number if ch.isdigit() or ch in "+*#")
    return keep
