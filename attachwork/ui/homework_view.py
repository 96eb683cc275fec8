"""The homework set last and how far along it is: at the top of every session (the
therapist's view) and first on the home page (the client's, with a link to each worksheet)."""

from __future__ import annotations

from markupsafe import Markup

from attachwork import workbooks
from attachwork.content import pack
from attachwork.domain import homework
from attachwork.domain.records import Client
from attachwork.domain.when import local_date
from attachwork.store import Store
from attachwork.ui import html


def safety_plan_news(store: Store, client: Client) -> str:
    """"The safety plan was changed at home on ...", when it was since the last session."""
    plans = store.entries(client.id, "safety_plan")
    if not plans or plans[-1].place != "home":
        return ""
    sessions = store.entries(client.id, "session")
    if sessions and plans[-1].updated_at <= sessions[-1].created_at:
        return ""
    return pack().text("safety_plan.changed_at_home", date=local_date(plans[-1].updated_at))


def since_last_time_html(store: Store, client: Client, level: int = 3) -> Markup:
    """Last homework set (any workbook) and progress on it, and a safety plan changed at home,
    for the top of a session (``level``: its heading's, so the page's headings go in order)."""
    c = pack()
    news = safety_plan_news(store, client)
    plan = html.notice("warn", news, extra="aw-plan-changed") if news else None
    set_last = homework.assigned(store.entries(client.id, "session"), store.entries(client.id))
    if set_last is None:
        return html.join(plan)
    rec = set_last.session.payload
    items = [html.tag("li", c.text("common.homework.progress", kind=c.text(f"common.homework.kinds.{p.kind}"),
                                   done=p.done, wanted=p.wanted),
                      cls="aw-done" if p.complete else "aw-open")
             for p in set_last.progress]
    due = c.text("common.homework.due", date=rec["homework_due"]) if rec.get("homework_due") else ""
    head = c.text("common.homework.since", date=rec.get("date", ""), workbook=_title(rec))
    return html.join(plan, html.tag("section", [
        html.heading(head, level), html.tag("ul", items),
        html.client_text(rec["homework"]) if rec.get("homework") else None,
        html.help_text(due)], cls="aw-since aw-panel-soft"))


def home_homework_html(store: Store, client: Client) -> Markup:
    """The client's view: progress, due date, note and a link to each worksheet's workbook."""
    c = pack()
    b = "bundles.home"
    set_last = homework.assigned(store.entries(client.id, "session"), store.entries(client.id))
    if set_last is None:
        return html.help_text(c.text(f"{b}.homework_none"))
    rec = set_last.session.payload
    items = []
    for p in set_last.progress:
        line = c.text(f"{b}.homework_line", done=p.done, wanted=p.wanted,
                      kind=c.text(f"common.homework.kinds.{p.kind}"))
        spec = workbooks.for_homework(p.kind)
        mark = html.tag("span", f"({c.text(f'{b}.homework_done_mark')})", cls="aw-done-mark") \
            if p.complete else None
        link = html.link(spec.notebook, c.text(f"{b}.homework_open", workbook=c.text(spec.title_key)),
                         "aw-open-workbook") if spec else None
        items.append(html.tag("li", html.join(line, " " if mark else None, mark, " " if link else None,
                                              link), cls="aw-done" if p.complete else "aw-open"))
    parts = [html.tag("ul", items, cls="aw-homework"),
             html.help_text(c.text(f"{b}.homework_since", date=rec["date"], workbook=_title(rec)))]
    if rec.get("homework_due"):
        parts.append(html.para(c.text(f"{b}.homework_due", date=rec["homework_due"])))
    if rec.get("homework"):
        parts += [html.heading(c.text(f"{b}.note_heading"), 3), html.client_text(rec["homework"])]
    return html.join(parts)


def _title(session_payload: dict) -> str:
    spec = workbooks.get(session_payload.get("workbook"))
    return pack().text(spec.title_key) if spec else ""
