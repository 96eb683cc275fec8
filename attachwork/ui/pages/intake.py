"""Workbook 00: intake and baseline.

Choose or add a client, read the scope note together, answer the relationship
patterns check-in, see the scores and the point on the plane, rate distress, and
save a private note and the homework. Everything typed is kept as a draft until
it is saved, and offered back if the page is reloaded first.

It is a session workbook like the others; its one worksheet (:class:`IntakeForm`) spans
the consent, check-in and distress steps and is saved from the last step, as one
transaction of up to three entries (the check-in, the baseline distress, the session).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from attachwork import workbooks
from attachwork.charts.plane import PlanePoint
from attachwork.content import instrument_folders, pack
from attachwork.domain.instruments import Catalogue, load_catalogue
from attachwork.domain.records import CheckIn, Entry, Record, SessionRecord, Suds
from attachwork.domain.when import local_date, number
from attachwork.store import Store
from attachwork.ui import html
from attachwork.ui.checkin_form import CheckInForm
from attachwork.ui.client_view import scores, therapist_only
from attachwork.ui.errors import report_error
from attachwork.ui.forms import HomeworkFields, WorksheetForm
from attachwork.ui.frame import Page
from attachwork.ui.picker import HomeProfile, home_client
from attachwork.ui.widgets import Field, SudsPicker, heading, paragraph
from attachwork.ui.workbook_page import WorkbookPage, open_page, open_workbook
from attachwork.ui.workspace import Workspace

SPEC = workbooks.INTAKE
K = SPEC.key
#: Where intake keeps unsaved typing (its own key since the first version, so a draft typed
#: before an upgrade still comes back).
WORKBOOK = SPEC.id


class IntakeForm(WorksheetForm):
    """Consent, the check-in, baseline distress and the wrap-up, saved together."""

    kind = "session"

    def __init__(self, ws: Workspace, catalogue: Catalogue):
        c = pack()
        self.session_entry: Entry | None = None
        self.checkin_entry: Entry | None = None
        self.suds_entry: Entry | None = None
        # consent
        self.consent = widgets.Checkbox(value=False, indent=False)
        self.consent_field = Field("consent_discussed", self.consent, c.text(f"{K}.consent.agree"))
        self.consent_field.add_class("aw-consent-box")
        #: Called when a save finds the consent box unticked (the page shows that step).
        self.on_consent_missing: Callable[[], None] | None = None
        self._consent_message = ""
        #: Says so when the box comes ticked from the moment the client was added.
        self.consent_carried = widgets.HTML()
        self.consent_page = widgets.VBox([heading(c.text(f"{K}.consent.heading")),
                                          paragraph(c.text(f"{K}.consent.body")), self.consent_field,
                                          self.consent_carried])
        # check-in
        self.checkin = CheckInForm(catalogue)
        self.score_button = widgets.Button(description=c.text(f"{K}.checkin.score_button"),
                                           button_style="primary")
        self.new_checkin_button = widgets.Button(description=c.text(f"{K}.checkin.new_button"))
        self.save_checkin_button = widgets.Button(description=c.text(f"{K}.checkin.save_button"))
        self.checkin_note = widgets.HTML()
        self.checkin_page = widgets.VBox([
            self.checkin_note, self.checkin,
            widgets.HBox([self.score_button, self.save_checkin_button, self.new_checkin_button]),
            self.checkin.results, self.checkin.chart,
        ])
        # distress
        self.suds = SudsPicker()
        self.distress_page = widgets.VBox([heading(c.text(f"{K}.distress.heading")),
                                           paragraph(c.text(f"{K}.distress.intro")), self.suds])
        # notes and homework
        self.note = Field.text("therapist_note", c.text(f"{K}.wrapup.note"), multiline=True)
        self.note.layout.display = "none" if ws.home else "flex"
        therapist_only(self.note)
        # the same homework form as every workbook's wrap-up, so its progress shows next time
        self.homework_fields = HomeworkFields()
        self.homework = self.homework_fields.note
        self.summary = scores(widgets.HTML())  # the scores and region, among other things
        super().__init__(ws, [heading(c.text(f"{K}.wrapup.heading")), self.homework_fields,
                              self.note],
                         save_label=c.text(f"{K}.wrapup.save_button"),
                         saved_text=c.text(f"{K}.wrapup.saved"),
                         targets={"therapist_note": self.note, **self.homework_fields.targets()},
                         # its draft covers every step, so the offer sits on the first one
                         after=[self.summary], offer_here=False)
        self.save_checkin_button.on_click(ws.safe(lambda _b: self.save()))
        self.ready(self.consent, self.suds.buttons, self.note.control, *self.homework_fields.controls)
        self.checkin.on_change(ws.safe(lambda: self._changed(None)))

    # -- drafts: the state as it is, under the workbook's own key -------------------------
    def draft_key(self) -> str:
        return WORKBOOK

    def draft_payload(self, state: dict[str, Any], editing: str | None) -> dict[str, Any]:
        return state

    def draft_parts(self, payload: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        return payload, None

    def _changed(self, change: Any = None) -> None:
        if not self.consent.value:
            self.consent_carried.value = ""  # it says the box is ticked: not once it is not
        if not self._loading and self.consent.value:
            # the message was about the box: once it is ticked, it no longer applies
            self.consent_field.clear_error()
            if self._consent_message and self.message.value == self._consent_message:
                self.message.value = ""
        super()._changed(change)

    # -- state ------------------------------------------------------------------
    def check(self) -> bool:
        return self.homework_fields.check()

    def state(self) -> dict[str, Any]:
        return {
            "instrument_id": self.checkin.instrument.id,
            "responses": self.checkin.responses(),
            "suds": self.suds.value,
            "consent_discussed": bool(self.consent.value),
            "therapist_note": self.note.value,
            **self.homework_fields.state(),
        }

    def apply(self, state: dict[str, Any]) -> None:
        self.checkin.set_state(state.get("instrument_id"), state.get("responses") or {})
        self.suds.value = state.get("suds")
        self.consent.value = bool(state.get("consent_discussed"))
        self.note.value = state.get("therapist_note") or ""
        self.homework_fields.apply(state)

    def reset(self, *, discard_draft: bool = False) -> None:
        super().reset(discard_draft=discard_draft)
        self.session_entry = self.checkin_entry = self.suds_entry = None
        self.message.value = self.summary.value = self.checkin_note.value = ""
        self.consent_carried.value = ""

    # -- loading ------------------------------------------------------------------
    def load(self) -> None:
        """The client's last intake (and its linked check-in and distress) comes back for
        editing; then any unsaved typing is offered."""
        c = pack()
        ws = self.ws
        self.reset()
        if ws.client is None:
            return
        sessions = ws.store.entries(ws.client.id, "session", workbook=WORKBOOK)
        state: dict[str, Any] = {}
        self.consent_carried.value = ""
        if not sessions:
            # "Before we begin" was read together when the client was added: no second tick
            given = [e for e in ws.store.audit_log(ws.client.id) if e.action == "consent_given"]
            if given:
                state["consent_discussed"] = True
                self.consent_carried.value = html.help_text(
                    c.text(f"{K}.consent.carried", date=local_date(given[-1].at)))
        if sessions:
            self.session_entry = self.editing = sessions[-1]
            rec = self.session_entry.payload
            state.update(consent_discussed=rec.get("consent_discussed"),
                         therapist_note=rec.get("therapist_note", ""),
                         **HomeworkFields.from_record(rec))
            if rec.get("checkin_id"):
                self.checkin_entry = ws.entry(rec["checkin_id"])
            if rec.get("suds_id"):
                self.suds_entry = ws.entry(rec["suds_id"])
        if self.checkin_entry:
            state.update(instrument_id=self.checkin_entry.payload.get("instrument_id"),
                         responses=self.checkin_entry.payload.get("responses", {}))
            when = local_date(self.checkin_entry.created_at)
            self.checkin_note.value = html.notice("info", c.text(f"{K}.checkin.editing", date=when),
                                                  live=False)
        if self.suds_entry:
            state["suds"] = self.suds_entry.payload.get("value")
        self._set(state)
        if self.session_entry:
            self._show_summary()
        self.refresh_results()

        def restored(draft: Any) -> None:
            self.save_state.draft(draft.updated_at)
            self.refresh_results()

        self.offer.offer(ws.store, ws.client.id, self.key, self.state, self._restore,
                         on_restored=restored)

    # -- check-in -----------------------------------------------------------------
    def history(self) -> list[PlanePoint]:
        from attachwork.charts.plane import plane_points

        if self.ws.client is None:
            return []
        return plane_points(self.ws.store.entries(self.ws.client.id, "checkin"), self.checkin.instrument)

    def _unsaved_checkin(self) -> bool:
        saved = self.checkin_entry.payload.get("responses") if self.checkin_entry else None
        return self.checkin.responses() != saved

    def refresh_results(self) -> None:
        if self.checkin.responses():
            self.checkin.show_results(self.history(), unsaved=self._unsaved_checkin())
        else:
            self.checkin.history = self.history()
            self.checkin.results.value = html.help_text(pack().text(f"{K}.checkin.nothing_yet"))
            self.checkin.draw_plane(None)

    def show_scores(self) -> None:
        self.checkin.show_results(self.history(), unsaved=self._unsaved_checkin())

    def new_checkin(self) -> None:
        self.checkin_entry = None
        self.checkin_note.value = ""
        self.checkin.set_state(self.checkin.instrument.id, {})
        self.refresh_results()
        self._changed(None)

    # -- saving -------------------------------------------------------------------
    def save(self) -> Entry | None:
        c = pack()
        ws = self.ws
        self.message.value = ""
        if ws.client is None:
            ws.notice.show("warn", c.text(f"{K}.wrapup.nothing_to_save"))
            return None
        state = self.state()
        self.clear_errors()
        if not self.check():
            self.problem(c.text("common.session.check_fields"))
            return None
        if not state["consent_discussed"]:
            # beside the box, and beside the button saying which box and where; then the page
            # shows that step with focus on the box (nothing at the top, out of view)
            self.consent_field.set_error(c.text(f"{K}.consent.agree_needed"))
            self._consent_message = self.message.value = html.error_text(
                c.text(f"{K}.consent.needed_at_save", step=c.text(f"{K}.steps.consent")), live=False)
            if self.on_consent_missing is not None:
                self.on_consent_missing()
            return None
        self.save_state.saving()
        items: list[tuple[str | None, str, Record]] = []
        inst = self.checkin.instrument
        checkin_id = suds_id = None
        if state["responses"]:
            scores = inst.score(state["responses"])
            same = self.checkin_entry and self.checkin_entry.payload.get("instrument_id") == inst.id
            checkin_id = self.checkin_entry.id if same and self.checkin_entry else str(uuid.uuid4())
            items.append((checkin_id, "checkin", CheckIn(
                instrument_id=inst.id, instrument_version=inst.version,
                responses=state["responses"], scores=scores.as_dict(), region=scores.region(),
            )))
        if state["suds"] is not None:
            suds_id = self.suds_entry.id if self.suds_entry else str(uuid.uuid4())
            items.append((suds_id, "suds", Suds(value=state["suds"], moment="baseline")))
        session_id = self.session_entry.id if self.session_entry else str(uuid.uuid4())
        date = (dt.date.fromisoformat(self.session_entry.payload["date"]) if self.session_entry
                else dt.date.today())
        items.append((session_id, "session", SessionRecord(
            workbook=SPEC.id, number=SPEC.number or 0, date=date,
            consent_discussed=state["consent_discussed"], therapist_note=state["therapist_note"],
            **self.homework_fields.record(), checkin_id=checkin_id, suds_id=suds_id,
        )))
        try:
            saved = ws.store.save_many(ws.client.id, items, author=ws.author, place=ws.place,
                                       workbook=SPEC.id)
        except Exception as exc:  # noqa: BLE001 - the form keeps its text; say so
            self.save_state.failed()
            stamp = report_error(exc, ws.notice)  # and beside the button, where it was pressed
            self.problem(c.text("common.errors.friendly", time=stamp))
            return None
        by_kind = {e.kind: e for e in saved}
        self.session_entry = self.editing = by_kind["session"]
        self.checkin_entry = by_kind.get("checkin")
        self.suds_entry = by_kind.get("suds")
        ws.store.discard_draft(ws.client.id, self.key, tab=ws.tab)
        self.offer.clear()
        self.save_state.saved(self.session_entry.updated_at)
        self.message.value = html.notice("ok", self.saved_text)
        self._show_summary()
        self.refresh_results()
        flagged = [e for e in saved if e.flagged]
        if flagged:
            ws.flagged(flagged, self.message)
        for e in saved:
            ws.saved(e)
        return self.session_entry

    def _show_summary(self) -> None:
        c = pack()
        if self.session_entry is None:
            self.summary.value = ""
            return
        rec = self.session_entry.payload
        lines: list[Markup | str] = []
        if self.checkin_entry:
            scores = self.checkin_entry.payload.get("scores", {})
            inst = self.checkin.catalogue.get(self.checkin_entry.payload.get("instrument_id") or "")
            for sid, s in scores.items():
                label = inst.subscale(sid).label if inst else sid
                value = "—" if s.get("mean") is None else number(s["mean"], 2)
                lines.append(f"{label}: {value}")
        if self.suds_entry:
            lines.append(f"{c.text('common.suds.label')} {self.suds_entry.payload.get('value')}/10")
        if rec.get("homework"):
            lines.append(html.join(f"{c.text(f'{K}.wrapup.homework')}: ",
                                   html.client_text(rec["homework"], block=False)))
        self.summary.value = html.join(
            html.heading(f'{c.text(f"{K}.wrapup.summary_heading")} ({rec.get("date")})', 3),
            html.bullets(lines))


class IntakeWorkbook(WorkbookPage):
    SPEC = SPEC

    def __init__(self, store: Store):
        super().__init__(store)
        c = pack()
        self.catalogue = load_catalogue(instrument_folders())
        for problem in self.catalogue.problems:
            self.shell.notice.show("warn", c.text("common.errors.content_problem", problem=problem))

    def build(self) -> list[widgets.Widget]:
        self.form = IntakeForm(self.ws, self.catalogue)
        self.form.on_consent_missing = self._show_consent
        self.forms.append(self.form)
        self.form.score_button.on_click(self.safe(lambda _b: self.show_scores()))
        self.form.new_checkin_button.on_click(self.safe(lambda _b: self.new_checkin()))
        for name in ("consent", "consent_field", "consent_carried", "checkin", "score_button",
                     "new_checkin_button", "save_checkin_button", "checkin_note", "suds", "note",
                     "homework", "save_button", "summary"):
            setattr(self, name, getattr(self.form, name))
        self.save_message = self.form.message
        self.draft_banner = self.form.offer
        self.steps.pages[0].children = (*self.steps.pages[0].children, self.draft_banner)
        return [self.form.consent_page, self.form.checkin_page, self.form.distress_page]

    def wrapup_form(self) -> WorksheetForm:
        return self.form

    def _show_consent(self) -> None:
        """The consent step, with focus on its box (a save found it unticked)."""
        self.steps.go(self.names.index("consent"))
        self.address.focus_on(".aw-consent-box input")

    # -- what the steps do, by name (so a test or a page can ask for it) ---------------
    @property
    def session_entry(self) -> Entry | None:
        return self.form.session_entry if self._built else None

    @property
    def checkin_entry(self) -> Entry | None:
        return self.form.checkin_entry if self._built else None

    @property
    def suds_entry(self) -> Entry | None:
        return self.form.suds_entry if self._built else None

    def save(self) -> bool:
        if not self._built:
            self.shell.notice.show("warn", pack().text(f"{K}.wrapup.nothing_to_save"))
            return False
        return self.form.save() is not None

    def show_scores(self) -> None:
        self.form.show_scores()

    def new_checkin(self) -> None:
        self.form.new_checkin()

    def history(self) -> list[PlanePoint]:
        return self.form.history() if self._built else []


def workbook(store: Store | None = None) -> widgets.Widget:
    """Build workbook 00. Returns the widget to display (the notebook's last line)."""
    from attachwork.config import settings

    if settings().mode == "home":
        return open_page(HomeIntake, SPEC, store)
    return open_workbook(IntakeWorkbook, store)


class HomeIntake(Page):
    """At home: getting started (consent, the first check-in) is done together in session.
    The page says so and points to the client's start page; the calming tools are there as on
    every page (practices saved here belong with workbook 02)."""

    def __init__(self, store: Store):
        super().__init__(store, SPEC, entries_for=workbooks.REGULATION)
        c = pack()
        self.ws.client = home_client(store)
        self.shell.export.button.layout.display = "none"
        self.shell.body.children = [widgets.HTML(html.tag("section", [
            html.para(c.text(f"{K}.home_only_in_session")),
            html.para(html.link(HomeProfile.HOME_PAGE, c.text("bundles.home.not_set_up_link")))],
            cls="aw-panel"))]
