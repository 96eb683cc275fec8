"""Workbook 00: intake and baseline.

Choose or add a client, read the scope note together, answer the relationship
patterns check-in, see the scores and the point on the plane, rate distress, and
save a private note and the homework. Everything typed is kept as a draft until
it is saved, and offered back if the page is reloaded first.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import ipywidgets as widgets

from attachwork.config import settings
from attachwork.content import instrument_folders, pack
from attachwork.domain.instruments import load_catalogue
from attachwork.domain.records import CheckIn, Client, Entry, SessionRecord, Suds
from attachwork.domain.textsafe import esc, esc_multiline
from attachwork.store import Store
from attachwork.ui.errors import guard, report_error
from attachwork.ui.forms import client_entry
from attachwork.ui.frame import Page, Shell
from attachwork.ui.picker import ClientPicker, HomeProfile
from attachwork.ui.widgets import DraftOffer, Field, Steps, SudsPicker, heading, paragraph
from attachwork.ui.workbook_page import FlagBanner, since_last_time_html

WORKBOOK = "00_intake"


class IntakeWorkbook(Page):
    WORKBOOK = WORKBOOK

    def __init__(self, store: Store):
        c = pack()
        super().__init__(store, c.text("intake.title"), c.text("intake.subtitle"))
        self.session_entry: Entry | None = None
        self.checkin_entry: Entry | None = None
        self.suds_entry: Entry | None = None
        self._loading = False
        safe = self.safe
        self.catalogue = catalogue = load_catalogue(instrument_folders())
        for problem in catalogue.problems:
            self.shell.notice.show("warn", c.text("common.errors.content_problem", problem=problem))

        # step 1: client
        self.picker = ClientPicker(store, notice=self.shell.notice, on_risk=self.shell.crisis.show)
        self.picker.on_select(safe(self.select_client))
        self.draft_banner = DraftOffer(self.shell.notice)
        self.flags = FlagBanner(self)
        self.since = widgets.HTML()

        self.steps = Steps([
            (c.text("intake.steps.client"),
             widgets.VBox([self.flags, self.since, self.picker, self.draft_banner])),
            (c.text("intake.steps.consent"), widgets.VBox()),
            (c.text("intake.steps.checkin"), widgets.VBox()),
            (c.text("intake.steps.distress"), widgets.VBox()),
            (c.text("intake.steps.wrapup"), widgets.VBox()),
        ])
        self.shell.body.children = [self.steps]
        self._built = False

    def _build_pages(self) -> None:
        """Steps 2-5, built when a client is first chosen (they are locked until then),
        so the first screen appears quickly and plotly is only loaded when needed."""
        if self._built:
            return
        from attachwork.ui.checkin_form import CheckInForm

        c = pack()
        cfg = settings()
        safe = guard(self.shell.notice)
        # step 2: consent
        self.consent = widgets.Checkbox(value=False, indent=False)
        self.consent_field = Field("consent_discussed", self.consent, c.text("intake.consent.agree"))
        consent_page = widgets.VBox([heading(c.text("intake.consent.heading")),
                                     paragraph(c.text("intake.consent.body")), self.consent_field])

        # step 3: check-in
        self.checkin = CheckInForm(self.catalogue)
        self.score_button = widgets.Button(description=c.text("intake.checkin.score_button"),
                                           button_style="primary")
        self.score_button.on_click(safe(lambda _b: self.show_scores()))
        self.new_checkin_button = widgets.Button(description=c.text("intake.checkin.new_button"))
        self.new_checkin_button.on_click(safe(lambda _b: self.new_checkin()))
        self.save_checkin_button = widgets.Button(description=c.text("intake.checkin.save_button"))
        self.save_checkin_button.on_click(safe(lambda _b: self.save()))
        self.checkin_note = widgets.HTML()
        checkin_page = widgets.VBox([
            self.checkin_note, self.checkin,
            widgets.HBox([self.score_button, self.save_checkin_button, self.new_checkin_button]),
            self.checkin.results, self.checkin.chart,
        ])

        # step 4: distress
        self.suds = SudsPicker()
        distress_page = widgets.VBox([heading(c.text("intake.distress.heading")),
                                      paragraph(c.text("intake.distress.intro")), self.suds])

        # step 5: notes and homework
        self.note = Field.text("therapist_note", c.text("intake.wrapup.note"), multiline=True)
        self.note.layout.display = "flex" if cfg.mode == "clinic" else "none"
        self.homework = Field.text("homework", c.text("intake.wrapup.homework"),
                                   c.text("intake.wrapup.homework_help"), multiline=True)
        self.save_button = widgets.Button(description=c.text("intake.wrapup.save_button"),
                                          button_style="primary")
        self.save_button.on_click(safe(lambda _b: self.save()))
        self.save_message = widgets.HTML()
        self.summary = widgets.HTML()
        wrapup_page = widgets.VBox([heading(c.text("intake.wrapup.heading")), self.note,
                                    self.homework, self.save_button, self.save_message,
                                    self.summary])

        for page, content in zip(self.steps.pages[1:],
                                 (consent_page, checkin_page, distress_page, wrapup_page),
                                 strict=True):
            page.children = [content]
        self._built = True

        for w in (self.consent, self.suds.buttons, self.note.control, self.homework.control):
            w.observe(safe(self._changed), names="value")
        self.checkin.on_change(safe(lambda: self._changed(None)))

    # -- state ------------------------------------------------------------------
    def form_state(self) -> dict[str, Any]:
        return {
            "instrument_id": self.checkin.instrument.id,
            "responses": self.checkin.responses(),
            "suds": self.suds.value,
            "consent_discussed": bool(self.consent.value),
            "therapist_note": self.note.value,
            "homework": self.homework.value,
        }

    def _apply(self, state: dict[str, Any]) -> None:
        self._loading = True
        try:
            self.checkin.set_state(state.get("instrument_id"), state.get("responses") or {})
            self.suds.value = state.get("suds")
            self.consent.value = bool(state.get("consent_discussed"))
            self.note.value = state.get("therapist_note") or ""
            self.homework.value = state.get("homework") or ""
        finally:
            self._loading = False

    def _changed(self, _change: Any) -> None:
        if self._loading or self.client is None:
            return
        self.consent_field.clear_error()
        draft = self.store.save_draft(self.client.id, WORKBOOK, self.form_state())
        self.shell.save_state.draft(draft.updated_at)

    # -- client -----------------------------------------------------------------
    def select_client(self, client: Client | None) -> None:
        c = pack()
        self.client = client
        self.shell.export.refresh()
        self.session_entry = self.checkin_entry = self.suds_entry = None
        self.draft_banner.children = []
        if client is None:
            self.flags.clear()
            self.since.value = ""
            if self._built:
                self._apply({})
            self.steps.lock()
            self.shell.save_state.never()
            return
        self._build_pages()
        self.flags.refresh()
        self.since.value = since_last_time_html(self.store, client)
        self.save_message.value = self.summary.value = self.checkin_note.value = ""
        sessions = self.store.entries(client.id, "session", workbook=WORKBOOK)
        state: dict[str, Any] = {}
        if sessions:
            self.session_entry = sessions[-1]
            rec = self.session_entry.payload
            state.update(consent_discussed=rec.get("consent_discussed"),
                         therapist_note=rec.get("therapist_note", ""),
                         homework=rec.get("homework", ""))
            if rec.get("checkin_id"):
                self.checkin_entry = self.maybe_entry(rec["checkin_id"])
            if rec.get("suds_id"):
                self.suds_entry = self.maybe_entry(rec["suds_id"])
        if self.checkin_entry:
            state.update(instrument_id=self.checkin_entry.payload.get("instrument_id"),
                         responses=self.checkin_entry.payload.get("responses", {}))
            when = self.checkin_entry.created_at.astimezone().date().isoformat()
            self.checkin_note.value = (
                f'<p class="aw-notice info">{esc(c.text("intake.checkin.editing", date=when))}</p>'
            )
        if self.suds_entry:
            state["suds"] = self.suds_entry.payload.get("value")
        self._apply(state)
        self.steps.unlock()
        if self.session_entry:
            self.shell.save_state.saved(self.session_entry.updated_at)
            self._show_summary()
        else:
            self.shell.save_state.never()
        self._refresh_results()
        self._offer_draft()

    def maybe_entry(self, entry_id: str, *, include_deleted: bool = False) -> Entry | None:
        """The linked entry, unless it is gone or was removed."""
        return client_entry(self.store, self.client, entry_id, include_deleted=include_deleted)

    def _offer_draft(self) -> None:
        def restored(draft: Any) -> None:
            self.shell.save_state.draft(draft.updated_at)
            self._refresh_results()

        self.draft_banner.offer(self.store, self.client.id, WORKBOOK, self.form_state, self._apply,
                                on_restored=restored)

    # -- check-in -----------------------------------------------------------------
    def history(self) -> list:
        if self.client is None:
            return []
        from attachwork.ui.checkin_form import points_from

        return points_from(self.store.entries(self.client.id, "checkin"), self.checkin.instrument)

    def _unsaved_checkin(self) -> bool:
        saved = self.checkin_entry.payload.get("responses") if self.checkin_entry else None
        return self.checkin.responses() != saved

    def _refresh_results(self) -> None:
        if self.checkin.responses():
            self.checkin.show_results(self.history(), unsaved=self._unsaved_checkin())
        else:
            self.checkin.history = self.history()
            self.checkin.results.value = (
                f'<p class="aw-help">{esc(pack().text("intake.checkin.nothing_yet"))}</p>'
            )
            self.checkin.draw_plane(None)

    def show_scores(self) -> None:
        self.checkin.show_results(self.history(), unsaved=self._unsaved_checkin())

    def new_checkin(self) -> None:
        self.checkin_entry = None
        self.checkin_note.value = ""
        self.checkin.set_state(self.checkin.instrument.id, {})
        self._refresh_results()
        self._changed(None)

    # -- saving -------------------------------------------------------------------
    def save(self) -> bool:
        c = pack()
        self.save_message.value = ""
        if self.client is None:
            self.shell.notice.show("warn", c.text("intake.wrapup.nothing_to_save"))
            return False
        state = self.form_state()
        if not state["consent_discussed"]:
            self.consent_field.set_error(c.text("intake.consent.agree_needed"))
            self.save_message.value = (
                f'<p class="aw-error-text" role="alert">{esc(c.text("intake.consent.agree_needed"))}</p>'
            )
            self.shell.notice.show("warn", c.text("intake.consent.agree_needed"))
            return False
        self.shell.save_state.saving()
        items: list = []
        inst = self.checkin.instrument
        checkin_id = suds_id = None
        if state["responses"]:
            scores = inst.score(state["responses"])
            same = self.checkin_entry and self.checkin_entry.payload.get("instrument_id") == inst.id
            checkin_id = self.checkin_entry.id if same else str(uuid.uuid4())
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
            workbook=WORKBOOK, number=0, date=date,
            consent_discussed=state["consent_discussed"], therapist_note=state["therapist_note"],
            homework=state["homework"], checkin_id=checkin_id, suds_id=suds_id,
        )))
        try:
            saved = self.store.save_many(self.client.id, items, author=self.author,
                                         place=self.place, workbook=WORKBOOK)
        except Exception as exc:  # noqa: BLE001 - the form keeps its text; say so
            self.shell.save_state.failed()
            report_error(exc, self.shell.notice)
            return False
        by_kind = {e.kind: e for e in saved}
        self.session_entry = by_kind["session"]
        self.checkin_entry = by_kind.get("checkin")
        self.suds_entry = by_kind.get("suds")
        self.store.discard_draft(self.client.id, WORKBOOK)
        self.draft_banner.children = []
        self.shell.save_state.saved(self.session_entry.updated_at)
        self.save_message.value = (
            f'<p class="aw-notice ok" role="status">{esc(c.text("intake.wrapup.saved"))}</p>'
        )
        self._show_summary()
        self._refresh_results()
        if any(e.flagged for e in saved):
            self.shell.show_risk(self.save_message)
        return True

    def _show_summary(self) -> None:
        c = pack()
        if self.session_entry is None:
            self.summary.value = ""
            return
        rec = self.session_entry.payload
        lines = []
        if self.checkin_entry:
            scores = self.checkin_entry.payload.get("scores", {})
            inst = self.checkin.catalogue.get(self.checkin_entry.payload.get("instrument_id"))
            for sid, s in scores.items():
                label = inst.subscale(sid).label if inst else sid
                value = "—" if s.get("mean") is None else f"{s['mean']:.2f}"
                lines.append(f"<li>{esc(label)}: {esc(value)}</li>")
        if self.suds_entry:
            value = self.suds_entry.payload.get("value")
            lines.append(f"<li>{esc(c.text('common.suds.label'))} {esc(value)}/10</li>")
        if rec.get("homework"):
            lines.append(f"<li>{esc(c.text('intake.wrapup.homework'))}: "
                         f"<span class=\"aw-client-text\">{esc_multiline(rec['homework'])}</span></li>")
        self.summary.value = (
            f'<h3>{esc(c.text("intake.wrapup.summary_heading"))} ({esc(rec.get("date"))})</h3>'
            f"<ul>{''.join(lines)}</ul>"
        )


def workbook(store: Store | None = None) -> widgets.Widget:
    """Build workbook 00. Returns the widget to display (the notebook's last line)."""
    try:
        store = store or Store.open()
    except Exception as exc:  # noqa: BLE001 - the page must still say something kind
        shell = Shell.failed(pack().text("intake.title"))
        report_error(exc)
        return shell
    if settings().mode == "home":
        return home_notice()
    return IntakeWorkbook(store).shell


def home_notice() -> widgets.Widget:
    """At home: getting started (consent, the first check-in) is done together in session."""
    c = pack()
    shell = Shell(c.text("intake.title"), c.text("intake.subtitle"))
    shell.body.children = [widgets.HTML(
        f'<section class="aw-panel"><p>{esc(c.text("intake.home_only_in_session"))}</p>'
        f'<p><a href="{HomeProfile.HOME_PAGE}">{esc(c.text("bundles.home.not_set_up_link"))}</a></p>'
        "</section>")]
    return shell
