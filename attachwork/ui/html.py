"""Small pieces of trusted markup with every value escaped.

Every helper escapes the text it is given (from a person or a content pack) and returns
:class:`markupsafe.Markup`, which the other helpers take as it is. So markup is built by
putting pieces together, never by formatting strings, and a value cannot reach the page
unescaped by forgetting a call. Client text keeps its line breaks (:func:`client_text`).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from attachwork.content import pack
from attachwork.domain.textsafe import esc

Content = str | Markup | int | float | Iterable["Content"] | None


def escape(value: Any) -> Markup:
    """Escape text for HTML text or a quoted attribute (markup is kept as it is)."""
    if isinstance(value, Markup):
        return value
    return Markup(esc(value))  # noqa: S704 - escaped just now


def _inner(content: Content) -> Markup:
    if content is None:
        return Markup("")
    if isinstance(content, str):  # Markup is a str: escape() leaves it as it is
        return escape(content)
    if isinstance(content, Iterable):
        return Markup("").join(_inner(part) for part in content)
    return escape(str(content))


_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def _name(name: str) -> Markup:
    """A tag or attribute name: the code's own, never a value; checked all the same."""
    if not _NAME.match(name):
        raise ValueError(f"not a tag or attribute name: {name!r}")
    return Markup(name)  # noqa: S704 - checked against _NAME just above


def _attrs(attrs: dict[str, Any]) -> Markup:
    out = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        attr = _name(name.rstrip("_").replace("_", "-"))
        out.append(Markup(" ") + attr if value is True
                   else Markup(" ") + attr + Markup('="') + escape(value) + Markup('"'))
    return Markup("").join(out)


def tag(name: str, content: Content = None, *, cls: str = "", **attrs: Any) -> Markup:
    """``<name class="cls" attr="…">content</name>``; ``aria_label=`` becomes ``aria-label``."""
    if cls:
        attrs = {"class": cls, **attrs}
    tag_name = _name(name)
    return (Markup("<") + tag_name + _attrs(attrs) + Markup(">") + _inner(content)
            + Markup("</") + tag_name + Markup(">"))


def ours(value: str) -> Markup:
    """Markup this module made earlier and a widget now holds (a widget keeps only text).
    Only ever for a value the page itself set from these helpers."""
    return Markup(value)  # noqa: S704 - the page's own markup, read back from a widget


def join(*parts: Content) -> Markup:
    return _inner(parts)


def lines_of(text: Any) -> Markup:
    """Text with its line breaks kept (``<br>`` between lines)."""
    value = "" if text is None else str(text)
    return Markup("<br>").join(escape(line) for line in value.replace("\r\n", "\n").split("\n"))


# -- the pieces pages use ---------------------------------------------------------------------
def para(content: Content, cls: str = "", **attrs: Any) -> Markup:
    return tag("p", content, cls=cls, **attrs)


def help_text(content: Content) -> Markup:
    """A quiet line of help."""
    return para(content, "aw-help")


def error_text(content: Content, *, live: bool = True) -> Markup:
    """A problem to fix, read out at once; ``live`` False for one read with its field (the
    field names it in ``aria-describedby``) or inside a lasting live region."""
    return para(content, "aw-error-text", role="alert" if live else None)


def notice(kind: str, content: Content, *, live: bool = True, extra: str = "") -> Markup:
    """A message box: ``kind`` is ``ok``, ``info``, ``warn`` or ``error``."""
    role = ("alert" if kind == "error" else "status") if live else None
    return para(content, f"aw-notice {kind} {extra}".strip(), role=role)


def heading(content: Content, level: int = 2, **attrs: Any) -> Markup:
    return tag(f"h{level}", content, **attrs)


def bullets(items: Iterable[Content], cls: str = "", *, item_cls: str = "") -> Markup:
    return tag("ul", [tag("li", item, cls=item_cls) for item in items], cls=cls)


def client_text(text: Any, *, block: bool = True) -> Markup:
    """What a person wrote, shown as they wrote it."""
    return tag("p" if block else "span", lines_of(text), cls="aw-client-text")


def table(headers: Iterable[Content], rows: Iterable[Iterable[Content]], *, caption: Content = None,
          cls: str = "aw-table", row_headers: bool = False) -> Markup:
    """A table in a scrolling wrapper; each cell is text (line breaks kept) or markup."""
    def cell(value: Content, first: bool) -> Markup:
        inner = lines_of(value) if isinstance(value, str) and not isinstance(value, Markup) \
            else _inner(value)
        return tag("th", inner, scope="row") if first and row_headers else tag("td", inner)

    # an empty corner above the row headers is a plain cell, not a header without words
    head = tag("thead", tag("tr", [tag("th", h, scope="col") if h != "" else tag("td", None)
                                   for h in headers]))
    body = tag("tbody", [tag("tr", [cell(v, i == 0) for i, v in enumerate(row)]) for row in rows])
    cap = tag("caption", caption) if caption is not None else None
    return tag("div", tag("table", [cap, head, body], cls=cls), cls="aw-table-wrap")


def link(href: str, content: Content, cls: str = "", **attrs: Any) -> Markup:
    return tag("a", content, cls=cls, href=href, **attrs)


def download_link(name: str, mime: str, data: bytes, label: str) -> Markup:
    """A file offered from the page itself (a ``data:`` URL): nothing is written on the server."""
    href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return link(href, label, "aw-download", download=name)


# -- crisis help ------------------------------------------------------------------------------
def help_lines_html(kind: str = "crisis") -> Markup:
    """The lines to show (see :mod:`attachwork.domain.helplines`), numbers as links a phone
    can call or text."""
    from attachwork.domain.helplines import dial, lines

    c = pack()
    items = []
    for line in lines("safety" if kind == "safety" else "crisis"):
        actions = []
        for scheme, key, number in (("tel", "call", line.tel), ("sms", "text", line.sms)):
            if number:
                shown = c.text(f"common.crisis.{key}", number=number)
                actions.append(link(f"{scheme}:{dial(number)}", shown, "aw-call",
                                    aria_label=_line_name(shown, line.label, dial(number))))
        where = f"{line.country}, " if line.country else ""
        items.append(join(tag("strong", f"{where}{line.label}:"), " ", line.text,
                          *((" ", tag("span", actions[0] if len(actions) == 1 else join(
                              actions[0], " · ", actions[1]), cls="aw-call-links")) if actions else ())))
    return bullets(items, "aw-help-lines")


def _line_name(shown: str, label: str, digits: str) -> str:
    """A helpline link's name: its visible words first (so "click Call 116123" works by
    voice), then the line's name unless it is a number itself, then the digits one by one
    (a screen reader reads "116123" as one large number)."""
    named = "" if any(ch.isdigit() for ch in label) else f", {label}"
    return f"{shown}{named}, {' '.join(digits)}"


def crisis_lines_html() -> Markup:
    return help_lines_html("crisis")


def safety_plan_link(client_id: str | None = None) -> Markup:
    """The way to the safety plan (with the client chosen there, in the clinic)."""
    from attachwork import workbooks

    href = workbooks.SAFETY_PLAN.notebook + (f"?client={client_id}" if client_id else "")
    return link(href, pack().text("safety_plan.open_link"), "aw-safety-plan-link")


def risk_message_html(level: str = "clear", *, home: bool = False,
                      client_id: str | None = None) -> Markup:
    """What a person sees right after saving words that may point to risk: kind, plain,
    honest about who sees it and when, with the lines in full so nobody has to look for them.
    ``level`` is ``clear``, ``possible`` or ``partner``."""
    c = pack()
    r = "common.risk"
    at_home = "_home" if home else ""
    if level == "partner":
        title = c.text(f"{r}.partner_title")
        return tag("section", [heading(title, 3), para(c.text(f"{r}.partner_body{at_home}")),
                               help_lines_html("safety"), help_text(c.text(f"{r}.partner_privacy"))],
                   cls="aw-risk aw-risk-partner", role="alert", aria_label=title)
    if level == "possible":
        title = c.text(f"{r}.possible_title")
        return tag("section", [heading(title, 3), para(c.text(f"{r}.possible_body{at_home}")),
                               tag("details", [tag("summary", c.text(f"{r}.possible_lines")),
                                               crisis_lines_html()]),
                               para(safety_plan_link(client_id)), help_text(c.text(f"{r}.after"))],
                   cls="aw-risk aw-risk-possible", role="status", aria_label=title)
    title = c.text(f"{r}.title")
    return tag("section", [heading(title, 3), para(c.text(f"{r}.body{at_home}")), crisis_lines_html(),
                           para(safety_plan_link(client_id)), help_text(c.text(f"{r}.after"))],
               cls="aw-risk", role="alert", aria_label=title)


def crisis_html(*, region: bool = True) -> Markup:
    """Crisis resources as one section (the header's panel, and the home page shows it too),
    with the safety lines for danger from a partner below them. ``region`` False for the
    header's panel: the page's own section is the one region of that name."""
    c = pack()
    title = c.text("common.crisis.title")
    return tag("section", [heading(title, 2), para(lines_of(c.text("common.crisis.body").strip())),
                           crisis_lines_html(), heading(c.text("common.safety.title"), 3),
                           help_lines_html("safety")], cls="aw-crisis-text",
               aria_label=title if region else None)
