"""The page every session workbook is: choose a client, see flags and last time's homework
first, work through the session's steps (built when a client is first chosen), then notes and
homework.

A workbook page subclasses :class:`WorkbookPage`, names its spec (``SPEC``, from the
registry) and builds one widget per step; charts named in the spec's ``page_charts`` are drawn
into the panels it asks for with :meth:`chart_panels`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import ipywidgets as widgets

from attachwork.content import pack
from attachwork.domain.records import Client, RiskFlag
from attachwork.domain.risk import screener
from attachwork.domain.when import local_time
from attachwork.store import REVIEW_ACTIONS, Store
from attachwork.ui import html
from attachwork.ui.address import Address, clean_client, query
from attachwork.ui.client_view import therapist_only
from attachwork.ui.errors import report_error
from attachwork.ui.forms import WorksheetForm, WrapUp
from attachwork.ui.frame import Page, Shell
from attachwork.ui.homework_view import since_last_time_html
from attachwork.ui.language import LanguageSwitch
from attachwork.ui.picker import ClientPicker, HomeProfile
from attachwork.ui.widgets import Field, Steps
from attachwork.ui.workspace import Workspace
from attachwork.workbooks import WorkbookSpec


# -- flags -----------------------------------------------------------------------------
class FlagReview(widgets.VBox):
    """One flag: when, where, how urgent and why (never the words); and what was done about
    it, recorded when the therapist marks it as talked through."""

    def __init__(self, ws: Workspace, flag: RiskFlag, on_done: Callable[[RiskFlag], None]):
        c = pack()
        r = "common.risk"
        self.ws, self.flag, self.on_done = ws, flag, on_done
        labels = screener().labels
        what = " / ".join(labels.get(cat, cat) for cat in flag.categories)
        where = c.get(f"{r}.where.{flag.record_kind}", flag.record_kind)
        place = ""
        if flag.record_kind != "profile":
            entry = ws.entry(flag.record_id, include_deleted=True)
            place = c.get(f"{r}.places.{entry.place}", "") if entry else ""
        line = c.text(f"{r}.flag_line", date=local_time(flag.created_at), place=place, where=where,
                      label=what)
        why = [str(c.get(key, "")) for key in flag.reasons if c.get(key, "")]
        level = c.text(f"{r}.levels.{flag.level}")
        self.line = line
        self.text = widgets.HTML(html.join(
            html.para([html.tag("strong", level, cls=f"aw-level aw-level-{flag.level}"), " ", line]),
            html.help_text(c.text(f"{r}.why", reasons="; ".join(why))) if why else None))
        self.actions = {a: widgets.Checkbox(value=False, indent=False, description=c.text(f"{r}.actions.{a}"),
                                            style={"description_width": "initial"})
                        for a in REVIEW_ACTIONS}
        for box in self.actions.values():
            box.add_class("aw-field")
        row = widgets.HBox(list(self.actions.values()))
        row.add_class("aw-checkrow")
        row.layout.flex_flow = "row wrap"
        self.note = Field.text("review_note", c.text(f"{r}.review_note"), c.text(f"{r}.review_note_help"),
                               multiline=True, rows=2)
        self.button = widgets.Button(description=c.text(f"{r}.reviewed_button"), button_style="warning")
        self.button.on_click(ws.safe(lambda _b: self.reviewed()))
        self.button.layout.align_self = "flex-start"
        label = widgets.HTML(html.para(html.tag("strong", c.text(f"{r}.actions_label"))))
        super().__init__([self.text, label, row, self.note, self.button])
        self.add_class("aw-flag-review")

    def reviewed(self) -> None:
        done = tuple(a for a, box in self.actions.items() if box.value)
        self.ws.store.review_flag(self.flag.id, by=self.ws.author, actions=done,
                                  note=self.note.value or "")
        self.on_done(self.flag)


class FlagBanner(widgets.VBox):
    """Entries the risk screen flagged and nobody has talked through yet (therapist view),
    each reviewed on its own. ``on_reviewed`` runs after one is marked as talked through."""

    def __init__(self, ws: Workspace, on_reviewed: Callable[[], None] | None = None):
        c = pack()
        self.ws = ws
        self.on_reviewed = on_reviewed
        self.flags: list[RiskFlag] = []
        self.rows: list[FlagReview] = []
        self.text = widgets.HTML(html.join(html.heading(c.text("common.risk.flag_heading"), 2),
                                           html.para(c.text("common.risk.flag_hint"))))
        self.list = widgets.VBox()
        super().__init__([self.text, self.list])
        self.add_class("aw-flags")
        self.add_class("aw-notice")
        self.add_class("warn")
        self.layout.display = "none"

    @property
    def button(self) -> widgets.Button:
        """The review button of the newest flag."""
        return self.rows[0].button

    def refresh(self) -> None:
        c = pack()
        ws = self.ws
        self.flags = ws.store.flags(ws.client.id) if ws.client and not ws.home else []
        self.rows = [FlagReview(ws, f, self._done) for f in self.flags]
        self.text.value = html.join(html.heading(c.text("common.risk.flag_heading"), 2),
                                    html.bullets(r.line for r in self.rows),
                                    html.para(c.text("common.risk.flag_hint")))
        self.list.children = self.rows
        self.layout.display = "flex" if self.flags else "none"

    def clear(self) -> None:
        self.flags, self.rows = [], []
        self.list.children = []
        self.layout.display = "none"

    def _done(self, flag: RiskFlag) -> None:
        self.refresh()
        self.ws.notice.show("ok", pack().text("common.risk.reviewed"))
        if self.on_reviewed:
            self.on_reviewed()


# -- the workbook ----------------------------------------------------------------------
class WorkbookPage(Page):
    """Subclasses set ``SPEC`` and implement :meth:`build`."""

    SPEC: ClassVar[WorkbookSpec]

    def __init__(self, store: Store):
        super().__init__(store, self.SPEC)  # chooses the page's language first
        c = pack()
        spec = self.SPEC
        home = self.ws.home
        # At home there is one profile and no picker; homework is agreed in session, so the
        # wrap-up step (homework and the therapist's note) is not there.
        self.picker: ClientPicker | HomeProfile = (
            HomeProfile(store) if home else
            ClientPicker(store, notice=self.shell.notice, on_risk=self.shell.crisis.show))
        self.picker.on_select(self.safe(self.select_client))
        if isinstance(self.picker, ClientPicker):
            self.picker.on_profile_saved(self.safe(self._profile_saved))
        self.flags = FlagBanner(self.ws, on_reviewed=lambda: self.picker.refresh())
        therapist_only(self.flags)
        if not home:
            view = self.shell.enable_client_view()
            view.on_change(self.safe(self._client_view))
        self.since = widgets.HTML()
        # A page that is not a session (the safety plan) has no wrap-up step either.
        self.wrapped = not home and spec.is_session
        self.names = ("client", *spec.steps) + (("wrapup",) if self.wrapped else ())
        titles = [c.text("common.session.client_step_home" if home else "common.session.client_step"),
                  *(c.text(f"{spec.key}.steps.{s}") for s in spec.steps)]
        if self.wrapped:
            titles.append(c.text("common.session.wrapup_step"))
        self.steps = Steps([(t, widgets.VBox()) for t in titles])
        self.language = LanguageSwitch(store)
        if home:
            self.language.layout.display = "none"
        self.steps.pages[0].children = [self.flags, self.since, self.picker, self.language]
        self.steps.on_change(self.safe(self._shown))
        self.address: Address = self.shell.address
        self.address.title = self._title()
        self.steps.focus = self.address.focus_on
        self.shell.body.children = [self.steps]
        self.forms: list[WorksheetForm] = []
        self.charts: dict[str, widgets.Widget] = {}
        self._built = False
        self.ws.on_changed(self.safe(self._changed))
        wanted = query()
        self._pending_step = int(wanted.get("step", "0"))
        self.address.observe(self.safe(self._address_changed), names=["client", "step"])
        if home:
            self.picker.start()
        elif wanted.get("client"):
            self.open_client(wanted["client"])
            if wanted.get("view") == "client" and self.client is not None and self.shell.view:
                self.shell.view.button.value = True

    # -- for subclasses ---------------------------------------------------------------
    def build(self) -> list[widgets.Widget]:
        """One widget per name in the spec's steps; add worksheet forms to ``self.forms``."""
        raise NotImplementedError

    def loaded(self) -> None:
        """A client was chosen and the forms were reset: refresh lists."""

    def on_step(self, name: str) -> None:
        """A step was shown (charts are drawn here, when they are looked at)."""

    def entries_changed(self, kind: str) -> None:
        """Entries of ``kind`` were saved, removed or put back."""

    # -- charts -------------------------------------------------------------------------
    def chart_panels(self) -> list[widgets.Widget]:
        """One panel per chart the registry lists for this page (drawn by :meth:`draw_charts`)."""
        from attachwork.ui.chart_panel import ChartPanel  # plotly and anywidget: only once needed

        self.charts = {name: ChartPanel() for name in self.SPEC.page_charts}
        return list(self.charts.values())

    def draw_charts(self) -> None:
        """Draw every chart of this page from the client's entries."""
        from attachwork.charts.catalog import Sources, draw
        from attachwork.content import instrument_folders
        from attachwork.domain.instruments import load_catalogue
        from attachwork.ui.chart_panel import ChartPanel

        if self.client is None:
            return
        sources = Sources(self.store.entries(self.client.id), pack(),
                          load_catalogue(instrument_folders()))
        for name, panel in self.charts.items():
            if isinstance(panel, ChartPanel):
                [drawing] = draw(name, sources)
                panel.show_drawing(drawing)

    # -- shared ---------------------------------------------------------------------
    def _build(self) -> None:
        if self._built:
            return
        pages = [*self.build()] + ([self._wrapup()] if self.wrapped else [])
        for page, content in zip(self.steps.pages[1:], pages, strict=True):
            page.children = [content]
        self._built = True

    def wrapup_form(self) -> WorksheetForm:
        """The last step in the clinic: homework and the session note."""
        return WrapUp(self.ws)

    def _wrapup(self) -> widgets.Widget:
        self.wrapup = self.wrapup_form()
        if self.wrapup not in self.forms:
            self.forms.append(self.wrapup)
        return self.wrapup

    # -- the address: client and step in the query string ------------------------------
    def _title(self) -> str:
        c = pack()
        name = c.text(f"{self.SPEC.key}.title")
        current = getattr(self, "steps", None)
        return f"{name} · {current.titles[current.current]}" if current else name

    def open_client(self, client_id: str) -> None:
        """Choose a client by id (from the address); an id not on record is ignored."""
        if isinstance(self.picker, ClientPicker) and client_id != (self.client.id if self.client else ""):
            self.picker.choose(client_id)

    def _address_changed(self, change: dict) -> None:
        if change["name"] == "client":
            wanted = clean_client(change["new"])
            if wanted and not self.ws.home:
                self.open_client(wanted)
        elif change["new"] and change["new"] - 1 != self.steps.current:
            if self.client is None:
                self._pending_step = change["new"]
            else:
                self.steps.go(change["new"] - 1)

    def select_client(self, client: Client | None) -> None:
        self.ws.client = client
        if not self.ws.home:
            self.address.client = client.id if client else ""
            self.language.show(client)
        self.shell.export.refresh()
        if client is None:
            self.flags.clear()
            self.since.value = ""
            if self._built:
                for form in self.forms:
                    form.reset()
            self.steps.lock()
            self.shell.save_state.never()
            return
        self._build()
        self.flags.refresh()
        self.since.value = since_last_time_html(self.store, client, level=2)
        for form in self.forms:
            form.load()
        self.loaded()
        self.steps.unlock()
        last = self.store.last_activity(client.id)
        self.shell.save_state.saved(last) if last else self.shell.save_state.never()
        if self._pending_step:
            step, self._pending_step = self._pending_step, 0
            self.steps.go(step - 1)
        self._shown(self.steps.current)

    def _profile_saved(self, client: Client) -> None:
        """The same client with an edited profile: kept, without loading the page again."""
        self.ws.client = client
        self.shell.export.refresh()

    def _client_view(self, on: bool) -> None:
        if isinstance(self.picker, ClientPicker):
            self.picker.narrow(on)
        self.address.view = "client" if on else ""

    def _changed(self, kind: str) -> None:
        if self.client is not None and self._built:
            self.entries_changed(kind)

    def _shown(self, index: int) -> None:
        self.address.step = index + 1
        self.address.title = self._title()
        if self.client is not None and self._built:
            self.on_step(self.names[index])


def open_page(cls: Callable[[Store], Page], spec: WorkbookSpec,
              store: Store | None = None) -> widgets.Widget:
    """Build a page; if the store cannot be opened the page still says something kind."""
    try:
        store = store or Store.open()
    except Exception as exc:  # noqa: BLE001 - the page must still say something kind
        shell = Shell.failed(pack().text(f"{spec.key}.title"))
        report_error(exc)
        return shell
    try:
        return cls(store).shell
    except Exception as exc:  # noqa: BLE001 - a broken page still offers crisis help
        stamp = report_error(exc)
        return Shell.failed(pack().get(f"{spec.key}.title", ""), "common.errors.page_failed", time=stamp)


def open_workbook(cls: type[WorkbookPage], store: Store | None = None) -> widgets.Widget:
    return open_page(cls, cls.SPEC, store)
