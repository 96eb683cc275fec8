"""Workbook 04: boundaries and requests.

Turn a complaint into a request with the coach, plan a boundary, run small-no experiments
in two stages (the plan with predictions, then how it went), and audit over-functioning.
Plotly and the chart widget are loaded once a client is chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from attachwork import workbooks
from attachwork.content import pack
from attachwork.domain.coach import Coach, Finding, Reading, coach
from attachwork.domain.records import Entry
from attachwork.domain.when import local_date, local_time
from attachwork.store import Store
from attachwork.ui import html
from attachwork.ui.forms import EntryList, FrequencyCheckForm, TextFieldsForm, WorksheetForm, who_where
from attachwork.ui.safety import PartnerSafetyForm, caution_html
from attachwork.ui.widgets import Field, anchored_options, heading, paragraph
from attachwork.ui.workbook_page import WorkbookPage, open_workbook
from attachwork.ui.workspace import Workspace

SPEC = workbooks.BOUNDARIES
K = SPEC.key


def reading_html(reading: Reading, the_coach: Coach | None = None) -> Markup:
    """What the coach noticed, strengths first; every quote escaped."""
    c = pack()
    the_coach = the_coach or coach()
    if reading.too_short:
        return html.help_text(c.text("coach.too_short"))
    verdict = c.text(f"{K}.coach.accepted") if reading.is_request else c.text("coach.not_yet")
    parts = [html.notice("ok" if reading.is_request else "warn", verdict)]

    def section(key: str, findings: tuple[Finding, ...], css: str) -> None:
        if findings:
            parts.append(html.heading(c.text(f"{K}.coach.{key}"), 4))
            parts.append(html.bullets((the_coach.says(f) for f in findings), css))

    section("good_heading", reading.strengths, "aw-coach-good")
    section("flags_heading", reading.flags, "aw-coach-flags")
    section("suggestion_heading", reading.suggestions, "aw-coach-suggest")
    if not reading.is_request:
        parts.append(html.para([html.tag("strong", f'{c.text(f"{K}.coach.shape_heading")}:'), " ",
                                c.text("coach.shape")]))
    return html.tag("section", parts, cls="aw-coach", aria_live="polite")


class CoachForm(WorksheetForm):
    kind = "request_practice"

    def __init__(self, ws: Workspace):
        c = pack()
        b = f"{K}.coach"
        self.draft = Field.text("draft", c.text(f"{b}.draft"), c.text(f"{b}.draft_help"),
                                multiline=True, rows=3)
        self.read_button = widgets.Button(description=c.text(f"{b}.read"))
        self.draft_reading = widgets.HTML()
        self.rewrite = Field.text("rewrite", c.text(f"{b}.rewrite"), c.text(f"{b}.rewrite_help"),
                                  multiline=True, rows=3)
        self.read_rewrite_button = widgets.Button(description=c.text(f"{b}.read_rewrite"))
        self.rewrite_reading = widgets.HTML()
        safe = ws.safe
        self.read_button.on_click(safe(lambda _b: self.read("draft")))
        self.read_rewrite_button.on_click(safe(lambda _b: self.read("rewrite")))
        super().__init__(
            ws, [heading(c.text(f"{b}.heading")), paragraph(c.text(f"{b}.intro")), self.draft,
                 self.read_button, self.draft_reading, self.rewrite, self.read_rewrite_button,
                 self.rewrite_reading],
            save_label=c.text(f"{b}.save"), saved_text=c.text(f"{b}.saved"),
            targets={"draft": self.draft, "rewrite": self.rewrite})
        self.ready(self.draft.control, self.rewrite.control)

    def read(self, which: str) -> Reading:
        field, out = ((self.draft, self.draft_reading) if which == "draft"
                      else (self.rewrite, self.rewrite_reading))
        reading = coach().read(field.value)
        out.value = reading_html(reading)
        return reading

    def state(self) -> dict[str, Any]:
        return {"draft": self.draft.value, "rewrite": self.rewrite.value}

    def apply(self, state: dict[str, Any]) -> None:
        self.draft.value = state.get("draft") or ""
        self.rewrite.value = state.get("rewrite") or ""
        self.draft_reading.value = self.rewrite_reading.value = ""

    def payload(self, state: dict[str, Any]) -> dict[str, Any]:
        last = coach().read(state["rewrite"] or state["draft"])
        return {**state, "flags": sorted(Coach.found(last)), "accepted": last.is_request}

    def from_payload(self, payload: dict[str, Any]) -> dict[str, Any]:
        return {"draft": payload.get("draft", ""), "rewrite": payload.get("rewrite", "")}


class ScriptForm(TextFieldsForm):
    kind = "boundary_script"

    def __init__(self, ws: Workspace):
        c = pack()
        b = f"{K}.script"
        super().__init__(ws, b, {
            "situation": Field.text("situation", c.text(f"{b}.situation"), c.text(f"{b}.situation_help")),
            "need": Field.text("need", c.text(f"{b}.need"), multiline=True, rows=2),
            "say": Field.text("say", c.text(f"{b}.say"), c.text(f"{b}.say_help"), multiline=True, rows=2),
            "if_not": Field.text("if_not", c.text(f"{b}.if_not"), c.text(f"{b}.if_not_help"),
                                 multiline=True, rows=2),
            "rehearsal": Field.text("rehearsal", c.text(f"{b}.rehearsal"), c.text(f"{b}.rehearsal_help"),
                                    multiline=True, rows=2),
        })


class SmallNoPlanForm(WorksheetForm):
    kind = "small_no"
    draft_name = "small_no_plan"

    def __init__(self, ws: Workspace):
        c = pack()
        b = f"{K}.small_no"
        self.plan = Field.text("plan", c.text(f"{b}.plan"), c.text(f"{b}.plan_help"), multiline=True,
                               rows=2)
        self.harm = Field.choice("predicted_harm", c.text(f"{b}.predicted_harm"),
                                 anchored_options(range(0, 101, 10), f"{K}.percent_anchors", " %"))
        self.distress = Field.choice("predicted_distress", c.text(f"{b}.predicted_distress"),
                                     anchored_options(range(11), "common.suds.anchors"))
        super().__init__(ws, [heading(c.text(f"{b}.heading")), paragraph(c.text(f"{b}.intro")),
                              self.plan, self.harm, self.distress],
                         save_label=c.text(f"{b}.save_plan"), saved_text=c.text(f"{b}.saved_plan"),
                         targets={"plan": self.plan, "predicted_harm": self.harm,
                                  "predicted_distress": self.distress})
        self.ready(self.plan.control, self.harm.control, self.distress.control)

    def state(self) -> dict[str, Any]:
        return {"plan": self.plan.value, "predicted_harm": self.harm.value,
                "predicted_distress": self.distress.value}

    def apply(self, state: dict[str, Any]) -> None:
        self.plan.value = state.get("plan") or ""
        self.harm.value = state.get("predicted_harm")
        self.distress.value = state.get("predicted_distress")

    def payload(self, state: dict[str, Any]) -> dict[str, Any]:
        return {**state, "completed": False}


class SmallNoOutcomeForm(WorksheetForm):
    """Stage two: choose an open experiment and say how it went."""

    kind = "small_no"
    draft_name = "small_no_outcome"

    def __init__(self, ws: Workspace):
        c = pack()
        b = f"{K}.small_no"
        self.open_list = Field.choice("open", c.text(f"{b}.open_label"), [])
        self.open_button = widgets.Button(description=c.text(f"{b}.open_button"))
        self.open_button.on_click(ws.safe(lambda _b: self.open_chosen()))
        self.plan_was = widgets.HTML()
        self.happened = Field.text("happened", c.text(f"{b}.happened"), multiline=True, rows=2)
        self.actual = Field.choice("actual_distress", c.text(f"{b}.actual_distress"),
                                   anchored_options(range(11), "common.suds.anchors"))
        self.harm = Field.choice("actual_harm", c.text(f"{b}.actual_harm"),
                                 anchored_options(range(0, 101, 10), f"{K}.percent_anchors", " %"))
        self.learned = Field.text("learned", c.text(f"{b}.learned"), multiline=True, rows=2)
        self.outcome = widgets.VBox([self.plan_was, self.happened, self.actual, self.harm,
                                     self.learned])
        self.open_box = widgets.VBox([self.open_list, self.open_button])
        self.none_open = widgets.HTML(html.help_text(c.text(f"{b}.none_open")))
        super().__init__(ws, [heading(c.text(f"{b}.open_heading"), 3), self.none_open, self.open_box,
                              self.outcome],
                         save_label=c.text(f"{b}.save_outcome"),
                         saved_text=c.text(f"{b}.saved_outcome"),
                         targets={"happened": self.happened, "actual_distress": self.actual,
                                  "actual_harm": self.harm, "learned": self.learned})
        self.ready(self.happened.control, self.actual.control, self.harm.control,
                   self.learned.control)

    def refresh(self) -> None:
        c = pack()
        ws = self.ws
        if ws.client is None:
            return
        open_ones = [e for e in ws.store.entries(ws.client.id, "small_no")
                     if not e.payload.get("completed")]
        placeholder = [(c.text("common.session.list.placeholder"), None)]
        self.open_list.set_options(placeholder + [
            (f"{local_date(e.created_at)} · {' '.join(e.payload['plan'].split())[:60]}", e.id)
            for e in reversed(open_ones)])
        self.open_list.value = None
        self.open_box.layout.display = "flex" if open_ones else "none"
        self.none_open.layout.display = "none" if open_ones else "flex"
        self._show_outcome()

    def _show_outcome(self) -> None:
        shown = self.editing is not None
        self.outcome.layout.display = "flex" if shown else "none"
        self.actions.layout.display = "flex" if shown else "none"

    def open_chosen(self) -> None:
        c = pack()
        entry_id = self.open_list.value
        if entry_id is None:
            self.message.value = html.error_text(c.text(f"{K}.small_no.choose_first"))
            return
        entry = self.ws.entry(entry_id)
        if entry is not None:
            self.edit(entry)

    def edit(self, entry: Entry) -> None:
        super().edit(entry)
        p = entry.payload
        text = pack().text(f"{K}.small_no.plan_was", date=local_date(entry.created_at), plan=p["plan"],
                           harm=p["predicted_harm"], distress=p["predicted_distress"])
        self.plan_was.value = html.notice("info", text, live=False, extra="aw-client-text")
        self._show_outcome()

    def reset(self, *, discard_draft: bool = False) -> None:
        super().reset(discard_draft=discard_draft)
        self.plan_was.value = ""
        if hasattr(self, "outcome"):
            self._show_outcome()

    def state(self) -> dict[str, Any]:
        return {"happened": self.happened.value, "actual_distress": self.actual.value,
                "actual_harm": self.harm.value, "learned": self.learned.value}

    def apply(self, state: dict[str, Any]) -> None:
        self.happened.value = state.get("happened") or ""
        self.actual.value = state.get("actual_distress")
        self.harm.value = state.get("actual_harm")
        self.learned.value = state.get("learned") or ""

    def payload(self, state: dict[str, Any]) -> dict[str, Any]:
        plan = {k: v for k, v in (self.editing.payload if self.editing else {}).items() if k != "kind"}
        return {**plan, **state, "completed": True}

    def save(self) -> Entry | None:
        if self.editing is None:
            self.open_chosen()
            return None
        return super().save()


class BoundariesWorkbook(WorkbookPage):
    SPEC = SPEC

    def build(self) -> list[widgets.Widget]:
        c = pack()
        ws = self.ws
        self.safety = PartnerSafetyForm(ws)
        self.cautions = [widgets.HTML(), widgets.HTML()]  # above the script and the small no
        self.coach_form = CoachForm(ws)
        cl = f"{K}.coach.list"
        self.coach_list = EntryList(
            ws, "request_practice", [c.text(f"{cl}.{h}") for h in ("when", "draft", "rewrite", "outcome")],
            self._coach_cells, self._label("draft"), self.coach_form.edit)
        self.script_form = ScriptForm(ws)
        sl = f"{K}.script.list"
        self.script_list = EntryList(
            ws, "boundary_script", [c.text(f"{sl}.{h}") for h in ("when", "situation", "say")],
            lambda e: [local_time(e.created_at), e.payload["situation"], e.payload["say"]],
            self._label("situation"), self.script_form.edit)
        self.plan_form = SmallNoPlanForm(ws)
        self.outcome_form = SmallNoOutcomeForm(ws)
        self.audit = FrequencyCheckForm(ws, "overfunctioning_audit", f"{K}.audit")
        self.forms += [self.safety, self.coach_form, self.script_form, self.plan_form,
                       self.outcome_form, self.audit]
        return [
            self.safety,
            widgets.VBox([self.coach_form, heading(c.text(f"{cl}.heading"), 3), self.coach_list]),
            widgets.VBox([self.cautions[0], self.script_form, heading(c.text(f"{sl}.heading"), 3),
                          self.script_list]),
            widgets.VBox([self.cautions[1], self.plan_form, self.outcome_form,
                          heading(c.text(f"{K}.charts.heading"), 3), *self.chart_panels()]),
            self.audit,
        ]

    def _coach_cells(self, e: Entry) -> list[str]:
        c = pack()
        p = e.payload
        outcome = c.text(f"{K}.coach.list.{'request' if p.get('accepted') else 'complaint'}")
        return [local_time(e.created_at), p["draft"], p.get("rewrite", ""), outcome + " · " + who_where(e)]

    @staticmethod
    def _label(field: str) -> Callable[[Entry], str]:
        return lambda e: f"{local_time(e.created_at)} · {' '.join(str(e.payload[field]).split())[:50]}"

    def _cautions(self) -> None:
        words = caution_html(self.ws)
        for box in self.cautions:
            box.value = words

    def loaded(self) -> None:
        self._cautions()
        self.coach_list.refresh()
        self.script_list.refresh()
        self.outcome_form.refresh()
        self.audit.set_previous(self.ws.latest("overfunctioning_audit"))

    def entries_changed(self, kind: str) -> None:
        if kind == "partner_safety_check":
            self._cautions()
        elif kind == "request_practice":
            self.coach_list.refresh()
        elif kind == "boundary_script":
            self.script_list.refresh()
        elif kind == "small_no":
            self.outcome_form.refresh()
            self.draw_charts()
        elif kind == "overfunctioning_audit":
            self.audit.set_previous(self.ws.latest(kind))

    def on_step(self, name: str) -> None:
        if name == "small_no":
            self.draw_charts()


def workbook(store: Store | None = None) -> widgets.Widget:
    """Build workbook 04. Returns the widget to display (the notebook's last line)."""
    return open_workbook(BoundariesWorkbook, store)
