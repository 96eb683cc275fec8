"""Between sessions: the home start page, and the clinic's hand-back desk.

At home (``attachwork serve --home``) it is the first page: the homework the therapist set
and how far along it is ("2 of 3 trigger logs"), links to the worksheets, the calming
toolkit, handouts, crisis help, and the two hand-back files (open the starter file; make
the return file). In the clinic it is where a therapist makes a starter file, takes in a
return file (after a preview), exports a client's records (JSON, CSV, FHIR), erases a
client after a typed confirmation, and reads the audit log.
"""

from __future__ import annotations

import ipywidgets as widgets
from markupsafe import Markup

from attachwork import workbooks
from attachwork.config import settings
from attachwork.content import pack
from attachwork.domain import helplines
from attachwork.domain.merge import Preview
from attachwork.domain.records import Client
from attachwork.domain.when import local_time
from attachwork.services import bundle_file, handback, portable
from attachwork.services.audit_words import action_words, detail_words
from attachwork.services.erasure import ErasureRefused, erase
from attachwork.store import Store
from attachwork.ui import html
from attachwork.ui.address import query
from attachwork.ui.frame import Page
from attachwork.ui.homework_view import home_homework_html, since_last_time_html
from attachwork.ui.picker import ClientPicker, home_client
from attachwork.ui.widgets import Field, heading, paragraph
from attachwork.ui.workbook_page import open_page

SPEC = workbooks.BETWEEN_SESSIONS
B = SPEC.key


def _section(title: str, *children: widgets.Widget, css: str = "") -> widgets.VBox:
    box = widgets.VBox([heading(title, 2), *children])
    box.add_class("aw-panel")
    if css:
        box.add_class(css)
    return box


def file_name(title: str) -> str:
    """A plain file name from a handout's title (letters, digits and dashes)."""
    return "-".join("".join(ch if ch.isalnum() else " " for ch in title).split())[:80] or "handout"


def _secret() -> widgets.Password:
    return widgets.Password(layout=widgets.Layout(width="100%", max_width="32em"))


# -- making a file ----------------------------------------------------------------------
class SendPanel(widgets.VBox):
    """Passphrase twice, then one locked file to save (starter in the clinic, return at home)."""

    def __init__(self, host: BetweenSessions):
        c = pack()
        self.host = host
        side = host.mode
        self.passphrase = Field("passphrase", _secret(), c.text(f"{B}.send.passphrase"),
                                c.text(f"{B}.send.passphrase_help" if side == "clinic"
                                       else f"{B}.send.passphrase_help_home"))
        self.repeat = Field("repeat", _secret(), c.text(f"{B}.send.repeat"))
        #: At home: which passphrase the return file takes, and how it was agreed.
        self.which = widgets.HTML()
        self.which.add_class("aw-which-passphrase")
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
        super().__init__([paragraph(c.text(f"{B}.send.intro_{side}")), self.which, self.suggest,
                          self.suggested, self.passphrase, self.repeat, self.handouts, self.button,
                          self.status, self.result])
        self.add_class("aw-send")

    def show_which(self) -> None:
        """At home, say which passphrase locks the return file: the one agreed in session."""
        client = self.host.client
        if self.host.mode != "home" or client is None:
            self.which.value = ""
            return
        c = pack()
        opened = handback.last_starter_taken_in(self.host.store, client.id)
        words = (c.text(f"{B}.send.which_home", date=local_time(opened)) if opened
                 else c.text(f"{B}.send.which_home_undated"))
        self.which.value = html.notice("info", words, live=False)

    def suggest_one(self) -> None:
        """Fill both fields with random words and show them once, to write down together."""
        phrase = bundle_file.suggest_passphrase()
        self.passphrase.value = self.repeat.value = phrase
        words = pack().text(f"{B}.send.suggested", phrase=phrase)
        self.suggested.value = html.notice("info", words, extra="aw-suggested")

    def make(self) -> None:
        c = pack()
        self.result.value = ""
        for f in (self.passphrase, self.repeat):
            f.clear_error()
        client = self.host.client
        if client is None:
            self.status.value = html.error_text(c.text(f"{B}.errors.no_client"))
            return
        phrase = self.passphrase.value or ""
        problem = bundle_file.check_passphrase(phrase)
        if problem:
            self.passphrase.set_error(problem)
            return
        if self.repeat.value != phrase:
            self.repeat.set_error(c.text(f"{B}.send.mismatch"))
            return
        self.status.value = html.para(c.text(f"{B}.send.working"), "aw-help", role="status")
        self.button.disabled = True
        try:
            if self.host.mode == "clinic":
                made = handback.make_starter(self.host.store, client.id, phrase,
                                             handouts=self.handouts.value)
            else:
                made = handback.make_return(self.host.store, client.id, phrase)
        finally:
            self.button.disabled = False
        self.passphrase.value = self.repeat.value = ""
        self.suggested.value = ""
        words = c.text(f"{B}.send.ready", entries=made.entries)
        if made.entries == 0 and self.host.mode == "home":
            words += " " + c.text(f"{B}.send.nothing_new")
        if self.host.mode == "home" and not handback.waiting_to_send(self.host.store, client.id):
            words += " " + c.text(f"{B}.home.nothing_waiting")
        self.status.value = html.notice("ok", words)
        self.result.value = html.download_link(made.filename, "application/octet-stream", made.data,
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
        self.chosen = widgets.HTML()
        self.chosen.add_class("aw-chosen-file")
        self.upload.observe(host.safe(lambda _c: self.show_chosen()), names="value")
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
                          self.chosen, self.passphrase, self.check_button, self.preview, self.decision,
                          self.progress, self.progress_text, self.status])
        self.add_class("aw-receive")
        self.forget()
        if settings().workshop:  # said before anyone chooses a file, and refused if they do
            self.status.value = html.notice("info", c.text(f"{B}.errors.workshop"), live=False)
            self.upload.disabled = True

    def show_chosen(self) -> None:
        """The chosen file's name under the button (the button itself only counts files)."""
        files = self.upload.value
        name = str(files[0].get("name", "")) if files else ""
        self.chosen.value = (html.help_text(pack().text(f"{B}.receive.chosen", name=name))
                             if name else "")

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
        if settings().workshop:
            self.file.set_error(c.text(f"{B}.errors.workshop"))
            return
        self.file.clear_error()
        self.passphrase.clear_error()
        data = self._file_bytes()
        if data is None:
            self.file.set_error(c.text(f"{B}.receive.no_file"))
            return
        clinic = self.host.mode == "clinic"
        client_id = self.host.client.id if clinic and self.host.client else None
        if clinic and client_id is None:
            self.file.set_error(c.text(f"{B}.errors.no_client"))
            return
        try:
            opened, plan = handback.inspect(self.host.store, data, self.passphrase.value or "",
                                            self.host.mode, client_id)
        except bundle_file.BundleError as exc:
            target = self.passphrase if exc.code == "wrong_passphrase" else self.file
            target.set_error(str(exc))
            return
        self.opened = opened
        self.preview.value = self._preview_html(opened, plan)
        if not plan.nothing_new:
            self.decision.layout.display = "flex"

    @staticmethod
    def _preview_html(opened: bundle_file.Opened, plan: Preview) -> Markup:
        c = pack()
        head = c.text(f"{B}.receive.preview_heading", name=opened.pseudonym,
                      when=local_time(opened.made_at))
        parts: list[Markup] = [html.heading(head, 3)]
        for part in handback.describe(opened, plan, c):
            if part.lines:
                parts.append(html.heading(part.text, 4, class_=f"aw-preview-{part.key}"))
                parts.append(html.bullets(part.lines))
            elif part.key == "nothing_new":
                parts.append(html.notice("info", part.text, live=False))
            else:
                parts.append(html.para(part.text))
        return html.tag("section", parts, cls="aw-panel-soft")

    def _progress(self, done: int, total: int) -> None:
        self.progress.max = max(total, 1)
        self.progress.value = done
        words = pack().text(f"{B}.receive.progress", done=done, total=total)
        self.progress_text.value = html.para(words, "aw-help", role="status")

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
        self.status.value = html.notice("ok", words)
        self.host.imported(opened.client["id"])


# -- portable exports, erasure, audit -----------------------------------------------------
class DataPanel(widgets.VBox):
    def __init__(self, host: BetweenSessions):
        c = pack()
        self.host = host
        self.buttons = {}
        for key in portable.FORMATS:
            b = widgets.Button(description=c.text(f"{B}.data.{key}"))
            b.add_class(f"aw-export-{key}")
            b.on_click(host.safe(lambda _b, k=key: self.make(k)))
            self.buttons[key] = b
        self.result = widgets.HTML()
        intro = c.text(f"{B}.data.intro_home" if host.mode == "home" else f"{B}.data.intro")
        super().__init__([paragraph(intro), widgets.HBox(list(self.buttons.values())),
                          self.result])

    def make(self, key: str) -> None:
        c = pack()
        host = self.host
        if host.client is None:
            self.result.value = html.error_text(c.text(f"{B}.errors.no_client"))
            return
        try:
            made = portable.export(host.store, host.client, key, actor=host.ws.author)
        except portable.NothingToExport:
            self.result.value = html.help_text(c.text(f"{B}.data.none"))
            return
        what = c.text(f"{B}.data.{key}")
        self.result.value = html.para([c.text(f"{B}.data.ready", what=what), " ",
                                       html.download_link(made.filename, made.mime, made.data,
                                                          made.filename)], role="status")
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
            self.typed.set_help(words)

    def erase(self) -> None:
        c = pack()
        client = self.host.client
        self.typed.clear_error()
        if client is None:
            self.typed.set_error(c.text(f"{B}.errors.no_client"))
            return
        try:
            said = erase(self.host.store, client, self.typed.value or "", by=self.host.ws.author)
        except ErasureRefused as exc:
            self.typed.set_error(str(exc))
            return
        done = said == c.text(f"{B}.erase.done", ref=client.id)
        self.status.value = html.notice("ok" if done else "warn", said)
        self.host.erased()


def audit_html(store: Store) -> Markup:
    c = pack()
    events = store.audit_log()
    if not events:
        return html.help_text(c.text(f"{B}.audit.none"))
    rows = [[local_time(e.at), e.actor, action_words(e.action),
             html.tag("code", e.client_ref), detail_words(e.detail)] for e in reversed(events[-200:])]
    return html.table(c.get(f"{B}.audit.columns"), rows, cls="aw-audit")


# -- the page ---------------------------------------------------------------------------------
class BetweenSessions(Page):
    """Practices started from this page belong with the regulation workbook."""

    def __init__(self, store: Store):
        from attachwork.ui.language import choose_page_language

        home = settings().mode == "home"
        choose_page_language(home_client(store) if home else None, home)  # before any words
        c = pack()
        super().__init__(store, SPEC, entries_for=workbooks.REGULATION,
                         subtitle=c.text(f"{B}.subtitle_{settings().mode}"))
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
        crisis = widgets.HTML(html.crisis_html())
        crisis.add_class("aw-panel")
        crisis.add_class("aw-crisis-inline")
        self.welcome = _section(c.text(f"{B}.home.welcome_heading"),
                                paragraph(c.text(f"{B}.home.welcome")))
        self.profile_line = widgets.HTML()
        self.toolkit_button = widgets.ToggleButton(value=False,
                                                   description=c.text(f"{B}.home.toolkit_open"))
        self.toolkit_button.add_class("aw-toolkit-open")
        self.toolkit_button.add_class("aw-opens-toolkit")
        self.toolkit_button.layout = widgets.Layout(width="auto", align_self="flex-start")
        self.toolkit_button.observe(self.safe(self._toolkit_toggled), names="value")
        self.toolkit_box = widgets.VBox()
        self.toolkit_box.add_class("aw-panel-toolkit")
        self.toolkit_box.layout.display = "none"
        self.sections: dict[str, widgets.VBox] = {
            "homework": _section(c.text(f"{B}.home.homework_heading"), self.profile_line,
                                 self.homework, css="aw-home-first"),
            "toolkit": _section(c.text(f"{B}.home.toolkit_heading"),
                                paragraph(c.text(f"{B}.home.toolkit_intro")), self.toolkit_button,
                                self.toolkit_box),
            "plan": _section(c.text("safety_plan.title"), paragraph(c.text("safety_plan.subtitle")),
                             widgets.HTML(html.para(html.safety_plan_link()))),
            "handouts": _section(c.text(f"{B}.home.handouts_heading"), self.handouts),
            "send": _section(c.text(f"{B}.send.heading_home"), self.hand_back, self.send),
            "receive": _section(c.text(f"{B}.receive.heading_home"), self.receive),
            "data": _section(c.text(f"{B}.data.heading"), self.data),
        }
        self.language_link = widgets.HTML()
        self.shell.body.children = [self.language_link, self.welcome, *self.sections.values(), crisis]
        self.refresh_home()

    def refresh_home(self) -> None:
        c = pack()
        self.ws.client = home_client(self.store)
        several = len(self.store.clients()) > 1
        ready = self.client is not None
        self.welcome.layout.display = "none" if ready else "flex"
        if several:
            self.shell.notice.show("warn", c.text(f"{B}.home.several_profiles"))
        for name, box in self.sections.items():
            box.layout.display = "flex" if ready or name == "receive" else "none"
        if not ready:
            return
        client = self.ws.client
        assert client is not None
        self.profile_line.value = html.help_text(c.text(f"{B}.home.profile_line",
                                                        name=client.pseudonym))
        self.homework.value = home_homework_html(self.store, client)
        pages = self.store.handouts(client.id)
        self.handouts.value = html.join(
            html.para(html.download_link(f"{file_name(h.title)}.html", "text/html", h.html.encode("utf-8"),
                                         c.text(f"{B}.home.handout_link", title=h.title)))
            for h in pages) or html.help_text(c.text(f"{B}.home.handouts_none"))
        self._hand_back_line()

    def _toolkit_toggled(self, change: dict) -> None:
        """The toolkit (and its pacer) is built the first time it is opened."""
        if change["new"] and not self.toolkit_box.children:
            from attachwork.ui.calming import Toolkit

            self.toolkit_box.children = [Toolkit(self.ws)]
        self.toolkit_box.layout.display = "flex" if change["new"] else "none"

    def _hand_back_line(self) -> None:
        c = pack()
        client = self.ws.client
        if client is None:
            return
        made = [h for h in self.store.hand_backs(client.id) if h.direction == "made"]
        waiting = len(handback.waiting_to_send(self.store, client.id))
        line = (c.text(f"{B}.home.last_hand_back", date=local_time(made[-1].at)) if made
                else c.text(f"{B}.home.never_handed_back"))
        status = (c.text(f"{B}.home.nothing_waiting") if waiting == 0
                  else c.text(f"{B}.home.changes_waiting_one") if waiting == 1
                  else c.text(f"{B}.home.changes_waiting", count=waiting))
        self.hand_back.value = html.help_text(f"{line} {status}")
        self.send.show_which()

    # -- clinic -------------------------------------------------------------------------
    def _build_clinic(self) -> None:
        c = pack()
        self.picker = ClientPicker(self.store, notice=self.shell.notice,
                                   on_risk=self.shell.crisis.show)
        self.picker.on_select(self.safe(self.select_client))
        self.audit = widgets.HTML(audit_html(self.store))
        self.panels = widgets.VBox()  # built when a client is first chosen (a lighter start)
        self.sections = {}
        audit = _section(c.text(f"{B}.audit.heading"), paragraph(c.text(f"{B}.audit.intro")),
                         self.audit)
        if not helplines.confirmed():
            self.shell.notice.show("warn", c.text("common.crisis.unconfirmed_notice"))
        self.address = self.shell.address
        self.shell.body.children = [self.picker, self.panels, audit]
        wanted = query().get("client")
        if wanted:
            self.picker.choose(wanted)

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
        self.ws.client = client
        self.address.client = client.id if client else ""
        self.audit.value = audit_html(self.store)
        if client is None:
            self.panels.layout.display = "none"
            return
        if not self.sections:
            self._build_panels()
        self.panels.layout.display = "flex"
        self.since.value = html.join(since_last_time_html(self.store, client), self._hand_back_history())
        self.erase.refresh()
        self.receive.forget()

    def _hand_back_history(self) -> str:
        """When the last starter file went home and the last return file came in."""
        c = pack()
        client = self.ws.client
        if client is None:
            return Markup("")
        lines = []
        for direction, kind in (("made", "starter"), ("taken_in", "return")):
            times = [h.at for h in self.store.hand_backs(client.id)
                     if h.direction == direction and h.bundle_type == kind]
            key = f"{B}.desk.last_{kind}" if times else f"{B}.desk.no_{kind}"
            lines.append(c.text(key, date=local_time(times[-1])) if times else c.text(key))
        return html.para(" ".join(lines), "aw-help aw-hand-back-history")

    # -- after changes ----------------------------------------------------------------------
    def changed(self) -> None:
        """A file was made or exported: the audit log and hand-back lines move on."""
        if self.mode == "clinic":
            self.audit.value = audit_html(self.store)
            if self.client is not None:
                self.since.value = html.join(since_last_time_html(self.store, self.client),
                                             self._hand_back_history())
        elif self.client is not None:
            self._hand_back_line()

    def imported(self, client_id: str) -> None:
        if self.mode == "home":
            self.refresh_home()
            self._offer_their_language()
            return
        self.ws.client = client = self.store.client(client_id)
        self.since.value = html.join(since_last_time_html(self.store, client), self._hand_back_history())
        self.audit.value = audit_html(self.store)
        self.picker.refresh(select_id=client_id)

    def _offer_their_language(self) -> None:
        """The starter file says which language the client reads: when it is not the one
        this page was opened in, offer the page in it (in their words)."""
        from attachwork.content import current_language
        from attachwork.ui.language import client_language, language_name

        client = self.client
        if client is None or client_language(client) == current_language():
            return
        theirs = client_language(client)
        words = pack(theirs).text("common.language.show_in", language=language_name(theirs))
        self.language_link.value = html.notice("info", html.link("?", words, "aw-lang-switch"))

    def erased(self) -> None:
        self.picker.refresh(select_id="")
        self.select_client(None)


def workbook(store: Store | None = None) -> widgets.Widget:
    return open_page(BetweenSessions, SPEC, store)
