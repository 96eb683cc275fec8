"""Between sessions: the home start page, and the clinic's hand-back desk.

At home (``attachwork serve --home``) it is the first page: the homework the therapist set
and how far along it is ("2 of 3 trigger logs"), links to the worksheets, the calming
toolkit, handouts, crisis help, and the two hand-back files (open the starter file; make
the return file). In the clinic it is where a therapist makes a starter file, takes in a
return file (after a preview), exports a client's records (JSON, CSV, FHIR), erases a
client after a typed confirmation, and reads the audit log.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from attachwork.config import settings
from attachwork.content import pack
from attachwork.domain import homework
from attachwork.domain.records import Client
from attachwork.domain.textsafe import esc, esc_multiline
from attachwork.services import bundle_file, handback, portable
from attachwork.store import Store
from attachwork.ui.errors import report_error
from attachwork.ui.frame import Page, Shell
from attachwork.ui.html import crisis_html
from attachwork.ui.picker import ClientPicker, home_client
from attachwork.ui.summary_panel import download_link
from attachwork.ui.widgets import Field, heading, paragraph
from attachwork.ui.workbook_page import since_last_time_html

B = "bundles"


def _section(title: str, *children: widgets.Widget, css: str = "") -> widgets.VBox:
    box = widgets.VBox([heading(title, 2), *children])
    box.add_class("aw-panel")
    if css:
        box.add_class(css)
    return box


def _secret() -> widgets.Password:
    return widgets.Password(layout=widgets.Layout(width="100%", max_width="32em"))


def _local(when: Any) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def homework_html(store: Store, client: Client) -> str:
    """The homework set last, with progress, due date, note and a link to each worksheet."""
    c = pack()
    last = homework.latest_homework(store.entries(client.id, "session"))
    if last is None:
        return f'<p class="aw-help">{esc(c.text(f"{B}.home.homework_none"))}</p>'
    rec = last.payload
    items = []
    for p in homework.progress(last, store.entries(client.id)):
        kind = c.text(f"common.homework.kinds.{p.kind}")
        line = c.text(f"{B}.home.homework_line", done=p.done, wanted=p.wanted, kind=kind)
        where = c.get(f"{B}.where.{p.kind}", "")
        title = c.get(f"common.workbooks.{where}", where)
        link = (f' <a class="aw-open-workbook" href="{esc(where)}.ipynb">'
                f'{esc(c.text(f"{B}.home.homework_open", workbook=title))}</a>') if where else ""
        mark = f' <span class="aw-done-mark">({esc(c.text(f"{B}.home.homework_done_mark"))})</span>' \
            if p.complete else ""
        css = "aw-done" if p.complete else "aw-open"
        items.append(f'<li class="{css}">{esc(line)}{mark}{link}</li>')
    workbook = c.get(f"common.workbooks.{rec.get('workbook')}", rec.get("workbook", ""))
    since = c.text(f"{B}.home.homework_since", date=rec["date"], workbook=workbook)
    parts = [f'<ul class="aw-homework">{"".join(items)}</ul>', f'<p class="aw-help">{esc(since)}</p>']
    if rec.get("homework_due"):
        parts.append(f'<p>{esc(c.text(f"{B}.home.homework_due", date=rec["homework_due"]))}</p>')
    if rec.get("homework"):
        parts.append(f'<h3>{esc(c.text(f"{B}.home.note_heading"))}</h3>'
                     f'<p class="aw-client-text">{esc_multiline(rec["homework"])}</p>')
    return "".join(parts)


# -- making a file ----------------------------------------------------------------------
class SendPanel(widgets.VBox):
    """Passphrase twice, then one locked file to save (starter in the clinic, return at home)."""

    def __init__(self, host: BetweenSessions):
        c = pack()
        self.host = host
        side = host.mode
        self.passphrase = Field("passphrase", _secret(), c.text(f"{B}.send.passphrase"),
                                c.text(f"{B}.send.passphrase_help"))
        self.repeat = Field("repeat", _secret(), c.text(f"{B}.send.repeat"))
        self.suggest = widgets.Button(description=c.text(f"{B}.send.suggest"))
        self.suggest.on_click(host.safe(lambda _b: self.suggest_one()))
        self.suggest.layout.display = "flex" if side == "clinic" else "none"
        self.suggested = widgets.HTML()
        self.handouts = widgets.Checkbox(value=True, description=c.text(f"{B}.send.handouts"),
                                         indent=False)
        self.handouts.layout.display = "flex" if side == "clinic" else "none"
        self.button = widgets.Button(description=c.text(f"{B}.send.button_{side}"),
                                     button_style="primary")
        self.button.add_class("aw-make-bundle")
        self.button.on_click(host.safe(lambda _b: self.make()))
        self.status = widgets.HTML()
        self.result = widgets.HTML()
        self.result.add_class("aw-bundle-result")
        super().__init__([paragraph(c.text(f"{B}.send.intro_{side}")), self.suggest,
                          self.suggested, self.passphrase, self.repeat, self.handouts, self.button,
                          self.status, self.result])
        self.add_class("aw-send")

    def suggest_one(self) -> None:
        """Fill both fields with random words and show them once, to write down together."""
        phrase = bundle_file.suggest_passphrase()
        self.passphrase.value = self.repeat.value = phrase
        words = pack().text(f"{B}.send.suggested", phrase=phrase)
        self.suggested.value = f'<p class="aw-notice info aw-suggested" role="status">{esc(words)}</p>'

    def make(self) -> None:
        c = pack()
        self.result.value = ""
        for f in (self.passphrase, self.repeat):
            f.clear_error()
        if self.host.client is None:
            self.status.value = f'<p class="aw-error">{esc(c.text(f"{B}.errors.no_client"))}</p>'
            return
        phrase = self.passphrase.value or ""
        problem = bundle_file.check_passphrase(phrase)
        if problem:
            self.passphrase.set_error(problem)
            return
        if self.repeat.value != phrase:
            self.repeat.set_error(c.text(f"{B}.send.mismatch"))
            return
        self.status.value = f'<p class="aw-help" role="status">{esc(c.text(f"{B}.send.working"))}</p>'
        self.button.disabled = True
        try:
            if self.host.mode == "clinic":
                made = handback.make_starter(self.host.store, self.host.client.id, phrase,
                                           handouts=self.handouts.value)
            else:
                made = handback.make_return(self.host.store, self.host.client.id, phrase)
        finally:
            self.button.disabled = False
        self.passphrase.value = self.repeat.value = ""
        self.suggested.value = ""
        words = c.text(f"{B}.send.ready", entries=made.entries)
        if made.entries == 0 and self.host.mode == "home":
            words += " " + c.text(f"{B}.send.nothing_new")
        self.status.value = f'<p class="aw-notice ok" role="status">{esc(words)}</p>'
        self.result.value = download_link(made.filename, "application/octet-stream", made.data,
                                          c.text(f"{B}.send.download", name=made.filename))
        self.host.changed()


# -- taking a file in ---------------------------------------------------------------------
class ReceivePanel(widgets.VBox):
    """Choose the file, type the passphrase, see what it would do, then take it in."""

    MAX_LINES = 12

    def __init__(self, host: BetweenSessions):
        c = pack()
        self.host = host
        side = host.mode
        self.upload = widgets.FileUpload(accept=".awbundle,.json", multiple=False,
                                         description=c.text(f"{B}.receive.choose"))
        self.file = Field("file", self.upload, c.text(f"{B}.receive.choose"))
        self.passphrase = Field("passphrase", _secret(), c.text(f"{B}.receive.passphrase"))
        self.check_button = widgets.Button(description=c.text(f"{B}.receive.check"),
                                           button_style="primary")
        self.check_button.add_class("aw-check-bundle")
        self.check_button.on_click(host.safe(lambda _b: self.check()))
        self.preview = widgets.HTML()
        self.preview.add_class("aw-bundle-preview")
        self.confirm = widgets.Button(description=c.text(f"{B}.receive.confirm"),
                                      button_style="success")
        self.confirm.add_class("aw-take-in")
        self.cancel = widgets.Button(description=c.text(f"{B}.receive.cancel"))
        self.confirm.on_click(host.safe(lambda _b: self.take_in()))
        self.cancel.on_click(host.safe(lambda _b: self.forget()))
        self.decision = widgets.HBox([self.confirm, self.cancel])
        self.progress = widgets.IntProgress(value=0, min=0, max=1)
        self.progress_text = widgets.HTML()
        self.status = widgets.HTML()
        self.status.add_class("aw-bundle-status")
        self.opened: bundle_file.Opened | None = None
        super().__init__([paragraph(c.text(f"{B}.receive.intro_{side}")), self.file,
                          self.passphrase, self.check_button, self.preview, self.decision,
                          self.progress, self.progress_text, self.status])
        self.add_class("aw-receive")
        self.forget()

    def forget(self) -> None:
        self.opened = None
        self.preview.value = ""
        self.decision.layout.display = "none"
        self.progress.layout.display = "none"
        self.progress_text.value = ""

    def _file_bytes(self) -> bytes | None:
        files = self.upload.value
        if not files:
            return None
        return bytes(files[0]["content"])

    def check(self) -> None:
        c = pack()
        self.forget()
        self.status.value = ""
        self.file.clear_error()
        self.passphrase.clear_error()
        data = self._file_bytes()
        if data is None:
            self.file.set_error(c.text(f"{B}.receive.no_file"))
            return
        client_id = self.host.client.id if self.host.mode == "clinic" and self.host.client else None
        if self.host.mode == "clinic" and client_id is None:
            self.file.set_error(c.text(f"{B}.errors.no_client"))
            return
        try:
            if data.startswith(bundle_file.MAGIC):
                opened = bundle_file.open_bundle(data, self.passphrase.value or "")
            else:
                opened = portable.open_json(data)
            handback.check_fits(self.host.store, opened, self.host.mode, client_id)
            plan = handback.plan(self.host.store, opened)
        except bundle_file.BundleError as exc:
            target = self.passphrase if exc.code == "wrong_passphrase" else self.file
            target.set_error(str(exc))
            return
        self.opened = opened
        self.preview.value = self._preview_html(opened, plan)
        if not plan.nothing_new:
            self.decision.layout.display = "flex"

    def _preview_html(self, opened: bundle_file.Opened, plan: Any) -> str:
        c = pack()
        head = c.text(f"{B}.receive.preview_heading", name=opened.pseudonym,
                      when=_local(opened.made_at))
        parts = [f"<h3>{esc(head)}</h3>"]
        if plan.new_client:
            parts.append(f"<p>{esc(c.text(f'{B}.receive.new_client', name=opened.pseudonym))}</p>")
        for key in ("added", "changed", "both_sides"):
            items = getattr(plan, key)
            if not items:
                continue
            lines = []
            for e in items[: self.MAX_LINES]:
                kind = c.get(f"common.risk.where.{e.kind}", e.kind)
                place = c.get(f"{B}.places.{e.place}", e.place)
                line = c.text(f"{B}.receive.line", kind=kind, when=_local(e.changed_at), place=place)
                lines.append(f"<li>{esc(line)}</li>")
            if len(items) > self.MAX_LINES:
                more = c.text(f"{B}.receive.more", count=len(items) - self.MAX_LINES)
                lines.append(f"<li>{esc(more)}</li>")
            title = c.text(f"{B}.receive.{key}", count=len(items))
            parts.append(f'<h4 class="aw-preview-{key}">{esc(title)}</h4><ul>{"".join(lines)}</ul>')
        if plan.profile_changes:
            parts.append(f"<p>{esc(c.text(f'{B}.receive.profile'))}</p>")
        for key, count in (("unchanged", plan.unchanged), ("history", plan.history_added),
                           ("handouts", plan.handouts)):
            if count:
                parts.append(f"<p>{esc(c.text(f'{B}.receive.{key}', count=count))}</p>")
        if plan.nothing_new:
            parts.append(f'<p class="aw-notice info">{esc(c.text(f"{B}.receive.nothing_new"))}</p>')
        return f'<section class="aw-panel-soft">{"".join(parts)}</section>'

    def _progress(self, done: int, total: int) -> None:
        self.progress.max = max(total, 1)
        self.progress.value = done
        words = pack().text(f"{B}.receive.progress", done=done, total=total)
        self.progress_text.value = f'<p class="aw-help" role="status">{esc(words)}</p>'

    def take_in(self) -> None:
        c = pack()
        if self.opened is None:
            return
        opened = self.opened
        client_id = self.host.client.id if self.host.mode == "clinic" and self.host.client else None
        self.decision.layout.display = "none"
        self.progress.layout.display = "flex"
        flags_before = len(self.host.store.flags(opened.client["id"])) if client_id else 0
        try:
            counts = handback.take_in(self.host.store, opened, self.host.mode, client_id,
                                    self._progress)
        except bundle_file.BundleError as exc:
            self.file.set_error(str(exc))
            self.forget()
            return
        self.forget()
        self.upload.value = ()
        self.passphrase.value = ""
        words = c.text(f"{B}.receive.done", **counts)
        if client_id and len(self.host.store.flags(client_id)) > flags_before:
            words += " " + c.text(f"{B}.receive.flagged")
        self.status.value = f'<p class="aw-notice ok" role="status">{esc(words)}</p>'
        self.host.imported(opened.client["id"])


# -- portable exports, erasure, audit -----------------------------------------------------
class DataPanel(widgets.VBox):
    FORMATS = (("json", "application/json", "records.json", portable.export_json),
               ("csv", "application/zip", "tables.zip", portable.export_csv_zip),
               ("fhir", "application/fhir+json", "checkins.fhir.json", portable.export_fhir))

    def __init__(self, host: BetweenSessions):
        c = pack()
        self.host = host
        self.buttons = {}
        for key, *_rest in self.FORMATS:
            b = widgets.Button(description=c.text(f"{B}.data.{key}"))
            b.add_class(f"aw-export-{key}")
            b.on_click(host.safe(lambda _b, k=key: self.make(k)))
            self.buttons[key] = b
        self.result = widgets.HTML()
        super().__init__([paragraph(c.text(f"{B}.data.intro")), widgets.HBox(list(self.buttons.values())),
                          self.result])

    def make(self, key: str) -> None:
        c = pack()
        host = self.host
        if host.client is None:
            self.result.value = f'<p class="aw-error">{esc(c.text(f"{B}.errors.no_client"))}</p>'
            return
        _, mime, suffix, fn = next(f for f in self.FORMATS if f[0] == key)
        if key == "fhir" and not host.store.entries(host.client.id, "checkin"):
            self.result.value = f'<p class="aw-help">{esc(c.text(f"{B}.data.none"))}</p>'
            return
        data = fn(host.store, host.client.id, actor=host.author)
        name = f"{host.client.pseudonym.replace(' ', '-')}_{suffix}"
        what = c.text(f"{B}.data.{key}")
        self.result.value = (f'<p role="status">{esc(c.text(f"{B}.data.ready", what=what))} '
                             f'{download_link(name, mime, data, name)}</p>')
        host.changed()


class ErasePanel(widgets.VBox):
    def __init__(self, host: BetweenSessions):
        c = pack()
        self.host = host
        self.typed = Field.text("confirm", c.text(f"{B}.erase.confirm_label"))
        self.button = widgets.Button(description=c.text(f"{B}.erase.button"), button_style="danger")
        self.button.add_class("aw-erase")
        self.button.on_click(host.safe(lambda _b: self.erase()))
        self.status = widgets.HTML()
        super().__init__([paragraph(c.text(f"{B}.erase.intro")), self.typed, self.button,
                          self.status])

    def refresh(self) -> None:
        client = self.host.client
        self.typed.value = ""
        self.typed.clear_error()
        if client is not None:
            words = pack().text(f"{B}.erase.confirm_help", name=client.pseudonym)
            self.typed._help = f'<p class="aw-help">{esc(words)}</p>'
            self.typed.error.value = self.typed._help

    def erase(self) -> None:
        c = pack()
        client = self.host.client
        self.typed.clear_error()
        if client is None:
            self.typed.set_error(c.text(f"{B}.errors.no_client"))
            return
        if (self.typed.value or "").strip() != client.pseudonym:
            self.typed.set_error(c.text(f"{B}.erase.mismatch"))
            return
        self.host.store.erase_client(client.id, by=self.host.author)
        self.status.value = (f'<p class="aw-notice ok" role="status">'
                             f'{esc(c.text(f"{B}.erase.done", ref=client.id))}</p>')
        self.host.erased()


def audit_html(store: Store) -> str:
    c = pack()
    events = store.audit_log()
    if not events:
        return f'<p class="aw-help">{esc(c.text(f"{B}.audit.none"))}</p>'
    head = "".join(f"<th>{esc(h)}</th>" for h in c.get(f"{B}.audit.columns"))
    rows = "".join(
        f"<tr><td>{esc(_local(e.at))}</td><td>{esc(e.actor)}</td>"
        f"<td>{esc(c.get(f'{B}.audit.actions.{e.action}', e.action))}</td>"
        f"<td><code>{esc(e.client_ref)}</code></td><td>{esc(e.detail)}</td></tr>"
        for e in reversed(events[-200:]))
    return f'<table class="aw-audit"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


# -- the page ---------------------------------------------------------------------------------
class BetweenSessions(Page):
    #: Practices started from this page belong with the regulation workbook.
    WORKBOOK = "02_regulation"

    def __init__(self, store: Store):
        c = pack()
        super().__init__(store, c.text(f"{B}.title"), c.text(f"{B}.subtitle_{settings().mode}"))
        # This page is not a session: no summary of it, and nothing here is "saved" as such.
        self.shell.export.button.layout.display = "none"
        self.shell.save_state.layout.display = "none"
        if self.mode == "home":
            self._build_home()
        else:
            self._build_clinic()

    # -- home ---------------------------------------------------------------------------
    def _build_home(self) -> None:
        c = pack()
        self.homework = widgets.HTML()
        self.homework.add_class("aw-home-homework")
        self.handouts = widgets.HTML()
        self.hand_back = widgets.HTML()
        self.receive = ReceivePanel(self)
        self.send = SendPanel(self)
        self.data = DataPanel(self)
        crisis = widgets.HTML(crisis_html())
        crisis.add_class("aw-panel")
        crisis.add_class("aw-crisis-inline")
        self.welcome = _section(c.text(f"{B}.home.welcome_heading"),
                                paragraph(c.text(f"{B}.home.welcome")))
        self.profile_line = widgets.HTML()
        self.toolkit_button = widgets.ToggleButton(value=False,
                                                   description=c.text(f"{B}.home.toolkit_open"))
        self.toolkit_button.add_class("aw-toolkit-open")
        self.toolkit_button.layout = widgets.Layout(width="auto", align_self="flex-start")
        self.toolkit_button.observe(self.safe(self._toolkit_toggled), names="value")
        self.toolkit_box = widgets.VBox()
        self.toolkit_box.layout.display = "none"
        self.sections = {
            "homework": _section(c.text(f"{B}.home.homework_heading"), self.profile_line,
                                 self.homework, css="aw-home-first"),
            "toolkit": _section(c.text(f"{B}.home.toolkit_heading"),
                                paragraph(c.text(f"{B}.home.toolkit_intro")), self.toolkit_button,
                                self.toolkit_box),
            "handouts": _section(c.text(f"{B}.home.handouts_heading"), self.handouts),
            "send": _section(c.text(f"{B}.send.heading_home"), self.hand_back, self.send),
            "receive": _section(c.text(f"{B}.receive.heading_home"), self.receive),
            "data": _section(c.text(f"{B}.data.heading"), self.data),
        }
        self.shell.body.children = [self.welcome, *self.sections.values(), crisis]
        self.refresh_home()

    def refresh_home(self) -> None:
        c = pack()
        self.client = home_client(self.store)
        several = len(self.store.clients()) > 1
        ready = self.client is not None
        self.welcome.layout.display = "none" if ready else "flex"
        if several:
            self.shell.notice.show("warn", c.text(f"{B}.home.several_profiles"))
        for name, box in self.sections.items():
            box.layout.display = "flex" if ready or name == "receive" else "none"
        if not ready:
            return
        self.profile_line.value = (f'<p class="aw-help">'
                                   f'{esc(c.text(f"{B}.home.profile_line", name=self.client.pseudonym))}</p>')
        self.homework.value = homework_html(self.store, self.client)
        pages = self.store.handouts(self.client.id)
        self.handouts.value = "".join(
            "<p>" + download_link(f"{h.title}.html", "text/html", h.html.encode("utf-8"),
                                  c.text(f"{B}.home.handout_link", title=h.title)) + "</p>"
            for h in pages) or f'<p class="aw-help">{esc(c.text(f"{B}.home.handouts_none"))}</p>'
        self._hand_back_line()

    def _toolkit_toggled(self, change: dict) -> None:
        """The toolkit (and its pacer) is built the first time it is opened."""
        if change["new"] and not self.toolkit_box.children:
            from attachwork.ui.calming import Toolkit

            self.toolkit_box.children = [Toolkit(self, self.shell.notice)]
        self.toolkit_box.layout.display = "flex" if change["new"] else "none"

    def _hand_back_line(self) -> None:
        c = pack()
        made = [h for h in self.store.hand_backs(self.client.id) if h.direction == "made"]
        waiting = len(handback.home_changes(self.store, self.client.id))
        line = (c.text(f"{B}.home.last_hand_back", date=_local(made[-1].at)) if made
                else c.text(f"{B}.home.never_handed_back"))
        self.hand_back.value = (f'<p class="aw-help">{esc(line)} '
                                f'{esc(c.text(f"{B}.home.changes_waiting", count=waiting))}</p>')

    # -- clinic -------------------------------------------------------------------------
    def _build_clinic(self) -> None:
        c = pack()
        self.picker = ClientPicker(self.store, notice=self.shell.notice,
                                   on_risk=self.shell.crisis.show)
        self.picker.on_select(self.safe(self.select_client))
        self.audit = widgets.HTML(audit_html(self.store))
        self.panels = widgets.VBox()  # built when a client is first chosen (a lighter start)
        self.sections: dict[str, widgets.VBox] = {}
        audit = _section(c.text(f"{B}.audit.heading"), paragraph(c.text(f"{B}.audit.intro")),
                         self.audit)
        self.shell.body.children = [self.picker, self.panels, audit]

    def _build_panels(self) -> None:
        c = pack()
        self.since = widgets.HTML()
        self.send = SendPanel(self)
        self.receive = ReceivePanel(self)
        self.data = DataPanel(self)
        self.erase = ErasePanel(self)
        self.sections = {
            "send": _section(c.text(f"{B}.send.heading_clinic"), self.since, self.send),
            "receive": _section(c.text(f"{B}.receive.heading_clinic"), self.receive),
            "data": _section(c.text(f"{B}.data.heading"), self.data),
            "erase": _section(c.text(f"{B}.erase.heading"), self.erase, css="aw-erase-panel"),
        }
        self.panels.children = list(self.sections.values())

    def select_client(self, client: Client | None) -> None:
        self.client = client
        self.audit.value = audit_html(self.store)
        if client is None:
            self.panels.layout.display = "none"
            return
        if not self.sections:
            self._build_panels()
        self.panels.layout.display = "flex"
        self.since.value = since_last_time_html(self.store, client) + self._hand_back_history()
        self.erase.refresh()
        self.receive.forget()

    def _hand_back_history(self) -> str:
        """When the last starter file went home and the last return file came in."""
        c = pack()
        lines = []
        for direction, kind in (("made", "starter"), ("taken_in", "return")):
            times = [h.at for h in self.store.hand_backs(self.client.id)
                     if h.direction == direction and h.bundle_type == kind]
            key = f"{B}.desk.last_{kind}" if times else f"{B}.desk.no_{kind}"
            lines.append(c.text(key, date=_local(times[-1])) if times else c.text(key))
        return f'<p class="aw-help aw-hand-back-history">{esc(" ".join(lines))}</p>'

    # -- after changes ----------------------------------------------------------------------
    def changed(self) -> None:
        """A file was made or exported: the audit log and hand-back lines move on."""
        if self.mode == "clinic":
            self.audit.value = audit_html(self.store)
            if self.client is not None:
                self.since.value = (since_last_time_html(self.store, self.client)
                                    + self._hand_back_history())
        elif self.client is not None:
            self._hand_back_line()

    def imported(self, client_id: str) -> None:
        if self.mode == "home":
            self.refresh_home()
            return
        self.client = self.store.client(client_id)
        self.since.value = since_last_time_html(self.store, self.client) + self._hand_back_history()
        self.audit.value = audit_html(self.store)
        self.picker.refresh(select_id=client_id)

    def erased(self) -> None:
        self.picker.refresh(select_id="")
        self.select_client(None)


def workbook(store: Store | None = None) -> widgets.Widget:
    try:
        store = store or Store.open()
    except Exception as exc:  # noqa: BLE001 - the page must still say something kind
        report_error(exc)
        return Shell.failed(pack().text(f"{B}.title"))
    return BetweenSessions(store).shell
