"""The page's address (which client and step are open, in the query string), its title, and
the helpers a keyboard and a screen reader need on every page.

``?client=<id>`` opens a workbook with that client already chosen (the start page's links,
and a reload); ``&step=3`` opens that step, and the browser's Back goes to the step before;
``&view=client`` keeps the shared-screen view on across a reload.
The kernel reads the query string Voila gives it at start (``QUERY_STRING``) and the
:class:`Address` widget keeps the address and the page in step afterwards. It also moves
focus when the kernel asks (to the new step's heading after Next), and sets the page title.

Every page's :class:`~attachwork.ui.frame.Shell` holds one, so one model serves the whole page:
its front end also runs ``static/access.js`` (radio groups with the arrow keys, fields read with
their help and message, lasting live regions, the header's panels, the client chooser; see
there), keyed by the classes the widgets put on their elements, and ``static/order.js`` (a
click waits for the letters typed just before it to reach the kernel, so a save never keeps a
shortened text).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import anywidget
import traitlets

STATIC = Path(__file__).resolve().parent / "static"
#: What a client id in an address may look like (a uuid); anything else is ignored.
_CLIENT_ID = re.compile(r"^[0-9a-fA-F-]{8,64}$")
_MAX_QUERY = 2048
#: A language as content packs are named (whether a pack exists is checked where it is used).
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")


def query() -> dict[str, str]:
    """``client``, ``step``, ``view``, ``lang`` and ``beside`` from the query string this
    kernel was started for (checked: a client id looks like one, a step is a small number, the
    view is "client" (the shared screen), a language a language code; anything else is left
    out)."""
    raw = os.environ.get("QUERY_STRING", "")[:_MAX_QUERY]
    found = {k: v[0] for k, v in parse_qs(raw, max_num_fields=20).items() if v}
    out: dict[str, str] = {}
    if _CLIENT_ID.match(found.get("client", "")):
        out["client"] = found["client"]
    if found.get("step", "").isdigit() and 0 < int(found["step"]) < 100:
        out["step"] = found["step"]
    if found.get("view") == "client":
        out["view"] = "client"
    for name in ("lang", "beside"):
        if _LANG.match(found.get(name, "")):
            out[name] = found[name]
    return out


def clean_client(value: str) -> str:
    return value if _CLIENT_ID.match(value or "") else ""


class DocumentLanguage(anywidget.AnyWidget):
    """Sets the document's ``lang`` to the language the page speaks (screen readers read
    Spanish words with a Spanish voice; the browser hyphenates and spell-checks in it)."""

    _esm = """
    function render({ model, el }) {
      el.style.display = "none";
      const apply = () => { if (model.get("lang")) document.documentElement.lang = model.get("lang"); };
      apply();
      model.on("change:lang", apply);
    }
    export default { render };
    """
    lang = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.layout.display = "none"


def _module() -> str:
    """One module: the page helpers, the ordering of typed values before clicks, then the
    address widget that runs them."""
    parts = ("access.js", "order.js", "address.js")
    return "\n".join((STATIC / name).read_text(encoding="utf-8") for name in parts)


class Address(anywidget.AnyWidget):
    """``client`` (an id or ""), ``step`` (1-based, 0 for none), ``view`` ("client" while the
    shared-screen view is on, so a reload keeps it), ``focus``, ``title`` and ``labels``
    (names the helpers give what has no visible one, e.g. the step list)."""

    _esm = _module()
    client = traitlets.Unicode("").tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)
    view = traitlets.Unicode("").tag(sync=True)
    focus = traitlets.Dict().tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._focus_count = 0
        self.layout.display = "none"

    def focus_on(self, selector: str) -> None:
        """Move keyboard focus to the first element matching ``selector`` once it is shown."""
        self._focus_count += 1
        self.focus = {"selector": selector, "n": self._focus_count}
