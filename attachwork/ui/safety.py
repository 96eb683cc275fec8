"""Safety on the page: the check on feeling safe with a partner (the first step of workbooks
04 and 05), and the way to the safety plan from every risk message.

The check is four questions answered no / not sure / yes. Any answer but "no" puts safety in
doubt: the store raises a flag for the therapist (``partner`` level, never any words), the
form shows safety lines, and :func:`caution_html` tells the steps that follow that their
experiments are for relationships where the client is safe.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from attachwork.content import pack
from attachwork.domain.records import (
    PARTNER_SAFETY_ANSWERS,
    PARTNER_SAFETY_QUESTIONS,
    Entry,
    PartnerSafetyCheck,
)
from attachwork.ui import html
from attachwork.ui.forms import ErrorTarget, MessageTarget, WorksheetForm
from attachwork.ui.widgets import heading, paragraph
from attachwork.ui.workspace import Workspace

P = "common.partner_check"


class PartnerSafetyForm(WorksheetForm):
    """Four kind questions about feeling safe with a partner, before the experiments."""

    kind = "partner_safety_check"
    keep_after_save = True
    resume_latest = True

    def __init__(self, ws: Workspace):
        c = pack()
        self.questions: dict[str, widgets.ToggleButtons] = {}
        rows: list[widgets.Widget] = []
        answers = [(c.text(f"{P}.answers.{a}"), a) for a in PARTNER_SAFETY_ANSWERS]
        for n, q in enumerate(PARTNER_SAFETY_QUESTIONS, start=1):
            buttons = widgets.ToggleButtons(options=answers, value=None, style={"button_width": "auto"})
            buttons.add_class("aw-frequency")
            buttons.add_class(f"aw-safety-{q}")
            self.questions[q] = buttons
            box = widgets.VBox([widgets.HTML(html.para([html.tag("strong", f"{n}."), " ",
                                                        c.text(f"{P}.questions.{q}")],
                                                       "aw-rating-label")), buttons])
            box.add_class("aw-item")
            box.add_class("aw-rating")  # the radio group is named by its question
            rows.append(box)
        self.answer_error = widgets.HTML()
        self.outcome = widgets.HTML()
        targets: dict[str, ErrorTarget] = {"answers": MessageTarget(self.answer_error)}
        super().__init__(ws, [heading(c.text(f"{P}.heading")), paragraph(c.text(f"{P}.intro")),
                              *rows, self.answer_error],
                         save_label=c.text(f"{P}.save"), saved_text=c.text(f"{P}.saved"),
                         targets=targets, after=[self.outcome])
        self.ready(*self.questions.values())

    def state(self) -> dict[str, Any]:
        return {"answers": {q: b.value for q, b in self.questions.items() if b.value is not None}}

    def apply(self, state: dict[str, Any]) -> None:
        given = state.get("answers") or {}
        for q, b in self.questions.items():
            b.value = given.get(q) if given.get(q) in PARTNER_SAFETY_ANSWERS else None
        self.show_outcome(None)

    def edit(self, entry: Entry) -> None:
        super().edit(entry)
        self.show_outcome(entry)

    def save(self) -> Entry | None:
        entry = super().save()
        if entry is not None:
            self.show_outcome(entry)
        return entry

    def show_outcome(self, entry: Entry | None) -> None:
        self.outcome.value = outcome_html(entry, home=self.ws.home) if entry else ""


def in_doubt(entry: Entry | None) -> bool | None:
    """Whether the latest check puts safety in doubt (``None`` when there is no check yet)."""
    if entry is None:
        return None
    return PartnerSafetyCheck.model_validate(entry.payload).in_doubt


def outcome_html(entry: Entry, *, home: bool) -> Markup:
    c = pack()
    if not in_doubt(entry):
        return html.notice("ok", c.text(f"{P}.safe"), live=False)
    note = c.text(f"{P}.doubt_note_home" if home else f"{P}.doubt_note_clinic")
    return html.tag("section", [html.para(c.text(f"{P}.doubt")), html.para(note),
                                html.help_lines_html("safety")],
                    cls="aw-notice warn aw-safety-doubt", role="status")


def caution_html(ws: Workspace) -> Markup:
    """For a step whose experiments need a safe relationship: nothing when the latest check
    says safe; a kind caution with safety lines when it is in doubt; a pointer to the check
    when there is none yet."""
    c = pack()
    doubt = in_doubt(ws.latest("partner_safety_check"))
    if doubt is False:
        return Markup("")
    if doubt is None:
        return html.notice("info", c.text(f"{P}.not_yet"), live=False)
    return html.tag("section", [html.para(c.text(f"{P}.doubt_short")), html.help_lines_html("safety")],
                    cls="aw-notice warn aw-safety-caution", role="status")
