"""Client text on its way to HTML.

Every piece of text a person typed passes through :func:`esc` before it is put into
an HTML widget or an export. :func:`html` formats a trusted template (from the
content pack or the code) with escaped values, so a template can never be
bypassed by forgetting one call.
"""

from __future__ import annotations

import html as _html
from typing import Any


def esc(value: Any) -> str:
    """Escape any value for safe use inside HTML text or a quoted attribute."""
    if value is None:
        return ""
    return _html.escape(str(value), quote=True)


def esc_multiline(value: Any) -> str:
    """Escape, then keep the writer's line breaks."""
    return esc(value).replace("\r\n", "\n").replace("\n", "<br>")


def html(template: str, **values: Any) -> str:
    """Fill ``template`` (trusted markup) with ``values`` (untrusted text), escaped."""
    return template.format(**{k: esc(v) for k, v in values.items()})
