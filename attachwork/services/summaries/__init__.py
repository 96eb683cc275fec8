"""Session summaries for the record and handouts for the client, as HTML and PDF.

* :func:`gather` collects what one session produced (the session record, the worksheets
  saved for that workbook that day, the homework, the workbook's charts);
* :func:`render_html` lays it out as one self-contained page (inline CSS and SVG, no
  script, no outside request), escaping every saved value through Jinja's autoescape;
* :func:`build` does both and, when asked, prints the page to PDF.

The handout is the same page without the therapist's private note and the safety flags,
in the client's words ("your practice"), and never with a note the client kept private.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import jinja2
import markupsafe

from attachwork import workbooks
from attachwork.content import ContentPack, instrument_folders, pack
from attachwork.domain import helplines
from attachwork.domain.instruments import Catalogue, load_catalogue
from attachwork.domain.records import Client, Entry
from attachwork.domain.when import hour_minute, local_time
from attachwork.services.filenames import safe_name
from attachwork.services.summaries.charts import ChartSpec, charts_for
from attachwork.store import Store
from attachwork.workbooks import WorkbookSpec

Audience = Literal["summary", "handout"]
TEMPLATES = Path(__file__).resolve().parent / "templates"


class ExportError(Exception):
    """Something the person asked for does not exist; the message says what does."""


@dataclass
class Item:
    """One saved worksheet, ready to show: its title, when, who, and labelled values."""

    title: str
    written: str
    rows: list[tuple[str, Any]]  # (label, value); value is text or a nested list of rows
    svg: str = ""  # a drawing that is already SVG (the cycle map)


@dataclass
class Summary:
    audience: Audience
    client: Client
    workbook: str
    workbook_title: str
    date: dt.date
    session: Entry | None
    items: list[Item] = field(default_factory=list)
    private_left_out: int = 0
    scores: list[str] = field(default_factory=list)
    charts: list[ChartSpec] = field(default_factory=list)
    homework: list[str] = field(default_factory=list)
    homework_note: str = ""
    homework_due: str = ""
    therapist_note: str = ""
    open_flags: int = 0
    safety_plan: list[tuple[str, str]] = field(default_factory=list)  # (part, what was written)

    @property
    def filename(self) -> str:
        kind = "summary" if self.audience == "summary" else "handout"
        return safe_name(f"{self.client.pseudonym}_{self.workbook}_{self.date.isoformat()}_{kind}")


# -- finding a session -------------------------------------------------------------------
def session_dates(store: Store, client: Client, spec: WorkbookSpec) -> list[dt.date]:
    """Days this client worked in this workbook (a session record or a saved worksheet),
    newest first: the days a summary can be made for."""
    days: set[dt.date] = set()
    for e in store.entries(client.id, workbook=spec.id):
        days.add(e.created_at.astimezone().date())
        if e.kind == "session" and e.payload.get("date"):
            days.add(dt.date.fromisoformat(e.payload["date"]))
    return sorted(days, reverse=True)


def find_session(store: Store, client: Client, number: int) -> Entry:
    """The latest saved session record with workbook number ``number``."""
    c = pack()
    sessions = store.entries(client.id, "session")
    chosen = [s for s in sessions if int(s.payload.get("number", -1)) == number]
    if not chosen:
        known = sorted({int(s.payload.get("number", -1)) for s in sessions})
        if not known:
            raise ExportError(c.text("export.no_sessions"))
        raise ExportError(c.text("export.choose_session", number=number,
                                 known=", ".join(str(k) for k in known)))
    return chosen[-1]


def find_day(store: Store, client: Client, number: int) -> tuple[WorkbookSpec, dt.date]:
    """The latest day the client worked in workbook ``number``: the same days the page's
    summary panel offers (a saved worksheet counts, with or without the wrap-up)."""
    c = pack()
    spec = workbooks.by_number(number)
    days = session_dates(store, client, spec) if spec else []
    if spec is None or not days:
        known = [s.number for s in workbooks.SESSIONS if session_dates(store, client, s)]
        if not known:
            raise ExportError(c.text("export.no_sessions"))
        raise ExportError(c.text("export.choose_session", number=number,
                                 known=", ".join(str(k) for k in known)))
    return spec, days[0]


def find_client(store: Store, name_or_id: str) -> Client:
    client = store.client_by_pseudonym(name_or_id)
    if client is None:
        try:
            client = store.client(name_or_id)
        except Exception:  # noqa: BLE001 - any miss is the same message
            raise ExportError(pack().text("export.unknown_client")) from None
    return client


# -- values in words ---------------------------------------------------------------------
class Words:
    """Labels for fields and coded values, from ``export.yaml`` and the workbook packs."""

    def __init__(self, content: ContentPack, partners: dict[str, str], catalogue: Catalogue):
        self.c = content
        self.catalogue = catalogue
        self.labels: dict[str, str] = content.get("export.fields")
        self.values: dict[str, str] = content.get("export.values")
        self.hidden = set(content.get("export.hidden"))
        self.partners = partners

    def label(self, name: str) -> str:
        return self.labels.get(name, name.replace("_", " ").capitalize())

    def coded(self, kind: str, name: str, value: Any) -> str:
        where = self.values.get(f"{kind}/{name}") or self.values.get(name)
        if where:
            found = self.c.get(f"{where}.{value}", None)
            if isinstance(found, dict):
                found = found.get("name")
            if isinstance(found, str):
                return found
        return str(value).replace("_", " ")

    def value(self, kind: str, name: str, value: Any) -> Any:
        if isinstance(value, bool):
            return self.c.text("export.answer_yes" if value else "export.answer_no")
        if value is None or value == "" or value == [] or value == {}:
            return None
        if isinstance(value, list):
            if all(isinstance(v, str) for v in value):
                return ", ".join(self.coded(kind, name, v) for v in value) if name in (
                    "body", "traps") else "\n".join(value)
            return [[(self.label(k), self.value(kind, k, v)) for k, v in d.items()
                     if self.value(kind, k, v) is not None] for d in value if isinstance(d, dict)]
        if isinstance(value, dict):
            rows: list[tuple[str, Any]] = []
            for k, v in value.items():
                key = self.coded(kind, name, k)
                if isinstance(v, dict):
                    inner = [(self.label(ik), self.value(kind, ik, iv)) for ik, iv in v.items()]
                    rows.append((key, [[r for r in inner if r[1] is not None]]))
                elif kind.endswith("_check") or kind == "overfunctioning_audit":
                    rows.append((key, self.coded(kind, "frequency", v)))
                else:
                    rows.append((key, str(v)))
            return [rows]
        if name in self.values or f"{kind}/{name}" in self.values:
            return self.coded(kind, name, value)
        if name == "occurred" and isinstance(value, str):
            return value.replace("T", " ")[:16]
        return str(value)

    def rows(self, entry: Entry) -> list[tuple[str, Any]]:
        rows: list[tuple[str, Any]] = []
        p = entry.payload
        if "partner_id" in p:
            rows.append((self.c.text("export.fields.label"), self.partners.get(p["partner_id"], "?")))
        if entry.kind == "checkin":
            rows.extend(_checkin_rows(self.c, self.catalogue, p))
        for name, value in p.items():
            if name in self.hidden:
                continue
            shown = self.value(entry.kind, name, value)
            if shown is not None:
                rows.append((self.label(name), shown))
        return rows


def _checkin_rows(c: ContentPack, catalogue: Catalogue, payload: dict[str, Any]
                  ) -> list[tuple[str, Any]]:
    inst = catalogue.get(payload.get("instrument_id", ""))
    if inst is None:
        return []
    scores = inst.score(payload.get("responses", {}))
    rows = []
    for sub in inst.subscales:
        s = scores.subscales[sub.id]
        line = (c.text("export.checkin_line", label=sub.label, value=f"{s.mean:.2f}",
                       min=inst.scale.min, max=inst.scale.max) if s.complete
                else c.text("export.checkin_incomplete", label=sub.label))
        rows.append((sub.label, line))
    return rows


# -- gathering ---------------------------------------------------------------------------
def _local_date(when: dt.datetime) -> dt.date:
    return when.astimezone().date()


def gather(store: Store, client: Client, spec: WorkbookSpec, date: dt.date, *,
           audience: Audience = "summary", session: Entry | None = None,
           content: ContentPack | None = None) -> Summary:
    """What the session on ``date`` with workbook ``spec`` produced, for ``audience``."""
    c = content or pack()
    workbook = spec.id
    everything = store.entries(client.id)
    if session is None:
        for e in reversed(everything):
            if e.kind == "session" and e.payload.get("workbook") == workbook and \
                    e.payload.get("date") == date.isoformat():
                session = e
                break
    partners = {e.id: e.payload.get("label", "") for e in everything if e.kind == "partner"}
    catalogue = load_catalogue(instrument_folders())
    words = Words(c, partners, catalogue)
    out = Summary(audience, client, workbook, c.text(spec.title_key), date, session)
    for e in everything:
        if e.kind == "session" or e.workbook != workbook or _local_date(e.created_at) != date:
            continue
        if e.kind == "younger_self" and e.payload.get("private"):
            out.private_left_out += 1
            continue
        written = c.text("export.written", when=hour_minute(e.created_at),
                         who=c.text(f"common.session.written.{e.place}_{e.author}"))
        item = Item(c.get(f"export.kinds.{e.kind}", e.kind), written, words.rows(e))
        if e.kind == "cycle_map":
            from attachwork.charts.cycle import cycle_svg

            item.svg = cycle_svg({k: e.payload.get(k, "") for k in
                                  ("trigger", "my_feeling", "my_move", "their_feeling",
                                   "their_move", "conclusion")}, e.payload.get("title", ""))
        out.items.append(item)
    out.charts = charts_for(spec, everything, date, c, catalogue)
    if session is not None:
        p = session.payload
        out.homework = [c.text("export.homework_line", kind=c.text(
            f"common.homework.kinds.{i['kind']}"), wanted=i["count"])
            for i in p.get("homework_items", [])]
        out.homework_note = p.get("homework", "")
        out.homework_due = p.get("homework_due") or ""
        if audience == "summary":
            out.therapist_note = p.get("therapist_note", "")
    if audience == "summary":
        out.open_flags = len(store.flags(client.id))
    out.safety_plan = safety_plan_parts(everything, c, upto=date)
    return out


def safety_plan_parts(entries: list[Entry], content: ContentPack | None = None, *,
                      upto: dt.date | None = None) -> list[tuple[str, str]]:
    """The latest safety plan (as of ``upto``), part by part: (the part's name, its words)."""
    from attachwork.domain.records import SAFETY_PLAN_PARTS

    c = content or pack()
    plans = [e for e in entries if e.kind == "safety_plan" and e.deleted_at is None
             and (upto is None or _local_date(e.created_at) <= upto)]
    if not plans:
        return []
    latest = plans[-1].payload
    return [(c.text(f"safety_plan.parts.{part}"), str(latest.get(part, "")))
            for part in SAFETY_PLAN_PARTS if latest.get(part)]


def render_safety_plan(client: Client, parts: list[tuple[str, str]],
                       content: ContentPack | None = None) -> str:
    """The safety plan on its own, as one page to print or keep (no script, nothing fetched)."""
    c = content or pack()
    template = _environment().get_template("safety_plan.html.j2")
    return template.render(
        client=client, parts=parts, lang=c.lang, t=lambda key, **kw: c.text(f"safety_plan.{key}", **kw),
        crisis=helplines.lines("crisis", c), safety=helplines.lines("safety", c),
        crisis_heading=c.text("export.crisis_heading"), safety_heading=c.text("common.safety.title"),
        made=local_time(dt.datetime.now(dt.UTC)))


# -- rendering ---------------------------------------------------------------------------
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    return env


def render_html(summary: Summary, content: ContentPack | None = None) -> str:
    """The page: every saved value escaped; SVG from our own builders inserted as markup."""
    c = content or pack()
    handout = summary.audience == "handout"
    t = lambda key, **kw: c.text(f"export.{key}", **kw)  # noqa: E731 - short and local
    title = t("handout_title" if handout else "summary_title", workbook=summary.workbook_title)
    template = _environment().get_template("summary.html.j2")
    return template.render(
        s=summary, handout=handout, title=title, t=t, lang=c.lang,
        crisis=helplines.lines("crisis", c), svg=markupsafe.Markup,
        made=local_time(dt.datetime.now(dt.UTC)),
    )


@dataclass
class Built:
    summary: Summary
    html: str
    pdf: bytes | None
    problem: str = ""  # why there is no PDF or there are no chart drawings


def build(store: Store, client: Client, spec: WorkbookSpec, date: dt.date, *,
          audience: Audience = "summary", pdf: bool = True, session: Entry | None = None,
          progress: Callable[[str, float], None] | None = None) -> Built:
    """Gather, draw the charts as SVG, render the page and (if asked) print the PDF.
    ``progress(step, fraction)`` is called as each stage starts."""
    from attachwork.services.summaries.engines import EngineMissing, figures_to_svg, html_to_pdf

    tell = progress or (lambda _step, _fraction: None)
    tell("gathering", 0.05)
    summary = gather(store, client, spec, date, audience=audience, session=session)
    problem = ""
    if summary.charts:
        tell("charts", 0.2)
        total = len(summary.charts)
        try:
            svgs = figures_to_svg([ch.figure for ch in summary.charts],
                                  lambda n: tell("charts", 0.2 + 0.5 * n / total))
            for chart, svg in zip(summary.charts, svgs, strict=True):
                chart.svg = svg
        except EngineMissing:
            problem = "engine"
    tell("page", 0.75)
    html = render_html(summary)
    data = None
    if pdf:
        tell("pdf", 0.8)
        try:
            data = html_to_pdf(html)
        except EngineMissing:
            problem = "engine"
    tell("done", 1.0)
    return Built(summary, html, data, problem)


def make(store: Store, client: Client, spec: WorkbookSpec, date: dt.date, *, actor: str,
         audience: Audience = "summary", pdf: bool = True, session: Entry | None = None,
         progress: Callable[[str, float], None] | None = None) -> Built:
    """:func:`build`, and the audit line that says it was made (the page and the command
    line both come here)."""
    built = build(store, client, spec, date, audience=audience, pdf=pdf, session=session,
                  progress=progress)
    store.audit(actor, f"export_{audience}", client.id, f"workbook={spec.id} date={date.isoformat()}")
    return built


def session_spec(session: Entry) -> WorkbookSpec:
    """The workbook a saved session record belongs to; an id no workbook has is refused
    (a record from an imported file is not trusted to name a file or a page)."""
    spec = workbooks.get(session.payload.get("workbook"))
    if spec is None or not spec.is_session:
        raise ExportError(pack().text("export.unknown_workbook"))
    return spec
