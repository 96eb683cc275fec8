"""The clinic's front door: every client with what needs looking at (flags to check), where
they are (the last session and the homework since), and every workbook one click away for
them; adding a client; the clinic desk; crisis help.

At home the front door is the client's own start page, Between sessions, so this page shows
that instead.
"""

from __future__ import annotations

from urllib.parse import urlencode

import ipywidgets as widgets
from markupsafe import Markup

from attachwork import workbooks
from attachwork.config import settings
from attachwork.content import pack
from attachwork.domain import helplines, homework
from attachwork.domain.records import Client
from attachwork.store import Store
from attachwork.ui import html
from attachwork.ui.frame import Page
from attachwork.ui.homework_view import safety_plan_news
from attachwork.ui.picker import NewClientForm
from attachwork.ui.widgets import heading, paragraph
from attachwork.ui.workbook_page import open_page

SPEC = workbooks.START
K = SPEC.key


def workbook_link(spec: workbooks.WorkbookSpec, client: Client | None = None, *,
                  text: str | None = None, label: str | None = None) -> Markup:
    """A link that opens ``spec`` (for ``client``, who is then chosen there)."""
    href = spec.notebook + (f"?{urlencode({'client': client.id})}" if client else "")
    return html.link(href, text or pack().text(spec.title_key), "aw-open-workbook",
                     aria_label=label)


def caseload_html(store: Store) -> Markup:
    """One row per client: flags, last session, homework progress, a link to each workbook."""
    c = pack()
    clients = store.clients()
    if not clients:
        return html.help_text(c.text(f"{K}.caseload.none"))
    flags = store.open_flag_counts()
    rows = []
    for client in clients:
        sessions = store.entries(client.id, "session")
        name = client.pseudonym + (f" ({client.initials})" if client.initials else "")
        count = flags.get(client.id, 0)
        to_check = (html.tag("strong", c.text(f"{K}.caseload.flags", count=count), cls="aw-flag-mark")
                    if count else c.text(f"{K}.caseload.no_flags"))
        last = sessions[-1] if sessions else None
        last_spec = workbooks.get(last.payload.get("workbook")) if last else None
        when = (c.text(f"{K}.caseload.last_session", date=last.payload.get("date", ""),
                       workbook=c.text(last_spec.title_key)) if last and last_spec
                else c.text(f"{K}.caseload.never"))
        set_last = homework.assigned(sessions, store.entries(client.id)) if sessions else None
        progress = ([c.text(f"{K}.caseload.homework_line",
                            kind=c.text(f"common.homework.kinds.{p.kind}"), done=p.done,
                            wanted=p.wanted) for p in set_last.progress] if set_last else [])
        links = [workbook_link(spec, client, text=f"{spec.number} {c.text(spec.title_key)}",
                               label=c.text(f"{K}.caseload.open_label", name=client.pseudonym,
                                            workbook=c.text(spec.title_key)))
                 for spec in workbooks.SESSIONS]
        links.append(workbook_link(workbooks.SAFETY_PLAN, client, label=c.text(
            f"{K}.caseload.open_label", name=client.pseudonym,
            workbook=c.text(workbooks.SAFETY_PLAN.title_key))))
        news = safety_plan_news(store, client)
        if news:
            progress.append(news)
        rows.append([name, to_check, when,
                     html.bullets(progress) if progress else c.text(f"{K}.caseload.no_homework"),
                     html.bullets(links, "aw-workbook-links")])
    return html.table(c.get(f"{K}.caseload.columns"), rows, row_headers=True,
                      caption=c.text(f"{K}.caseload.caption", count=len(clients)),
                      cls="aw-table aw-caseload")


class StartPage(Page):
    def __init__(self, store: Store):
        super().__init__(store, SPEC)
        c = pack()
        self.shell.export.button.layout.display = "none"
        self.shell.save_state.layout.display = "none"
        self.caseload = widgets.HTML()
        self.added = widgets.HTML()
        self.new = NewClientForm(store, self.shell.notice, self.shell.crisis.show)
        self.new.on_added(self.safe(self._added))
        crisis = widgets.HTML(html.crisis_html())
        crisis.add_class("aw-panel")
        crisis.add_class("aw-crisis-inline")
        sections = [
            self._section(c.text(f"{K}.caseload.heading"),
                          paragraph(c.text(f"{K}.caseload.intro"), "aw-help"), self.caseload),
            self._section(c.text(f"{K}.add.heading"), self.new, self.added),
            self._section(c.text(f"{K}.desk.heading"), paragraph(c.text(f"{K}.desk.body")),
                          widgets.HTML(html.para(workbook_link(workbooks.BETWEEN_SESSIONS,
                                                               text=c.text(f"{K}.desk.link"))))),
            crisis,
        ]
        self.shell.body.children = sections
        if not helplines.confirmed():
            self.shell.notice.show("warn", c.text("common.crisis.unconfirmed_notice"))
        self.refresh()

    @staticmethod
    def _section(title: str, *children: widgets.Widget) -> widgets.VBox:
        box = widgets.VBox([heading(title, 2), *children])
        box.add_class("aw-panel")
        return box

    def refresh(self) -> None:
        self.caseload.value = caseload_html(self.store)

    def _added(self, client: Client) -> None:
        c = pack()
        self.refresh()
        self.added.value = html.notice("ok", [
            c.text(f"{K}.add.added", name=client.pseudonym), " ",
            workbook_link(workbooks.INTAKE, client, text=c.text(f"{K}.add.begin", name=client.pseudonym))])


def workbook(store: Store | None = None) -> widgets.Widget:
    """The start page (at home: the client's own start page)."""
    if settings().mode == "home":
        from attachwork.ui.pages import between_sessions

        return between_sessions.workbook(store)
    return open_page(StartPage, SPEC, store)
