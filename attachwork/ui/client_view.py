"""The shared screen: a clinic page the therapist and client look at together.

"Client view" (a toggle in the page header, clinic only) hides what the client should not
see while looking at the screen: other clients' code names in the picker (it holds the
chosen client alone), open flags, the private session note, the summary panel (it holds the
notes) and any therapist-only text. Scores and the region stay hidden until the therapist
chooses to show them ("Show scores").

What is hidden is marked with a class (``aw-therapist-only``, ``aw-scores``) and the page's
root carries ``aw-client-view`` (and ``aw-scores-shown``) while the view is on; the theme
hides the marked parts. The picker is also narrowed in the kernel, so the other code names
are not in the page at all.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from attachwork.content import pack
from attachwork.ui import html

#: Marks a part of a page only the therapist sees.
THERAPIST_ONLY = "aw-therapist-only"
#: Marks scores and the region, shown in client view only once the therapist chooses.
SCORES = "aw-scores"


def therapist_only(widget: widgets.Widget) -> widgets.Widget:
    """Mark ``widget`` as hidden in client view; returns it."""
    widget.add_class(THERAPIST_ONLY)
    return widget


def scores(widget: widgets.Widget) -> widgets.Widget:
    """Mark ``widget`` as scores (hidden in client view until shown); returns it."""
    widget.add_class(SCORES)
    return widget


class ClientView:
    """The toggle, the "Show scores" toggle beside it, and the line that says what is
    hidden. ``root`` is the page's outermost box and ``line`` the place in it for that line;
    listeners hear ``on`` (True or False)."""

    def __init__(self, root: widgets.Box, line: widgets.HTML):
        c = pack()
        k = "common.client_view"
        self.root = root
        self._listeners: list[Callable[[bool], None]] = []
        self.button = widgets.ToggleButton(value=False, description=c.text(f"{k}.button"),
                                           tooltip=c.text(f"{k}.tooltip"))
        self.button.add_class("aw-view-button")
        self.scores_button = widgets.ToggleButton(value=False, description=c.text(f"{k}.show_scores"),
                                                  tooltip=c.text(f"{k}.show_scores_tooltip"))
        self.scores_button.add_class("aw-scores-button")
        self.scores_button.layout.display = "none"
        self.line = line
        self.line.add_class("aw-view-line")
        self.button.observe(self._toggled, names="value")
        self.scores_button.observe(self._scores_toggled, names="value")

    @property
    def on(self) -> bool:
        return bool(self.button.value)

    def on_change(self, fn: Callable[[bool], None]) -> None:
        self._listeners.append(fn)

    def _toggled(self, change: dict) -> None:
        on = bool(change["new"])
        if on:
            self.root.add_class("aw-client-view")
        else:
            self.root.remove_class("aw-client-view")
            self.scores_button.value = False
        self.scores_button.layout.display = "flex" if on else "none"
        self._say()
        for fn in self._listeners:
            fn(on)

    def _scores_toggled(self, change: dict) -> None:
        if change["new"]:
            self.root.add_class("aw-scores-shown")
        else:
            self.root.remove_class("aw-scores-shown")
        self._say()

    def _say(self) -> None:
        c = pack()
        k = "common.client_view"
        if not self.on:
            self.line.value = html.ours("")
            return
        scores_line = c.text(f"{k}.scores_shown" if self.scores_button.value else f"{k}.scores_hidden")
        self.line.value = html.notice("info", f"{c.text(f'{k}.active')} {scores_line}")
