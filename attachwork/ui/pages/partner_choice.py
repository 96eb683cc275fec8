"""Workbook 05: partner choice.

Keep a list of people under labels the client chooses, rate each one on the signs of a
steady partner (with the evidence), see a radar per person, compare people side by side
or one person over time, and put both people on the plane with the activation map.
Plotly and the chart widget are loaded once a client is chosen.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from attachwork import workbooks
from attachwork.content import instrument_folders, pack
from attachwork.domain.instruments import load_catalogue
from attachwork.domain.partners import Rated
from attachwork.domain.records import PARTNER_RELATIONS, SECURE_SIGNS, TRAP_SIGNS, Entry
from attachwork.domain.when import local_date, local_time, number
from attachwork.store import Store
from attachwork.ui import html
from attachwork.ui.forms import EntryList, ErrorTarget, MessageTarget, WorksheetForm
from attachwork.ui.safety import PartnerSafetyForm, caution_html
from attachwork.ui.widgets import CheckGroup, Field, heading, paragraph
from attachwork.ui.workbook_page import WorkbookPage, open_workbook
from attachwork.ui.workspace import Workspace

SPEC = workbooks.PARTNER_CHOICE
K = SPEC.key


def reframe_html(level: int = 3) -> Markup:
    c = pack()
    return html.tag("aside", [html.heading(c.text(f"{K}.reframe.heading"), level),
                              html.para(c.text(f"{K}.reframe.body"))], cls="aw-notice info aw-reframe")


def label_of(ws: Workspace, partner_id: str) -> str:
    """The label the client gave a person (a removed person keeps theirs in old ratings)."""
    entry = ws.entry(partner_id, include_deleted=True)
    return entry.payload.get("label", "?") if entry else "?"


def offer_people(field: Field, people: list[Entry]) -> None:
    """Offer ``people`` in a chooser, keeping the one chosen if they are still there."""
    keep = field.value
    field.set_options([(pack().text("common.session.list.placeholder"), None)]
                      + [(p.payload["label"], p.id) for p in people])
    field.value = keep if keep in {p.id for p in people} else None


class PersonForm(WorksheetForm):
    kind = "partner"

    def __init__(self, ws: Workspace):
        c = pack()
        b = f"{K}.people"
        self.label = Field.text("label", c.text(f"{b}.label"), c.text(f"{b}.label_help"))
        self.relation = Field.choice(
            "relation", c.text(f"{b}.relation"),
            [(c.text("common.session.list.placeholder"), None)]
            + [(c.text(f"{b}.relations.{r}"), r) for r in PARTNER_RELATIONS])
        self.note = Field.text("note", c.text(f"{b}.note"), multiline=True, rows=2)
        super().__init__(ws, [heading(c.text(f"{b}.heading")), paragraph(c.text(f"{b}.intro")),
                              self.label, self.relation, self.note],
                         save_label=c.text(f"{b}.save"), saved_text=c.text(f"{b}.saved"),
                         targets={"label": self.label, "relation": self.relation, "note": self.note})
        self.ready(self.label.control, self.relation.control, self.note.control)

    def state(self) -> dict[str, Any]:
        return {"label": self.label.value, "relation": self.relation.value, "note": self.note.value}

    def apply(self, state: dict[str, Any]) -> None:
        self.label.value = state.get("label") or ""
        self.relation.value = state.get("relation")
        self.note.value = state.get("note") or ""


class SignRow(widgets.VBox):
    """One secure sign: the evidence rating and a note of what was seen."""

    def __init__(self, sign: str):
        c = pack()
        b = f"{K}.signs"
        self.sign = sign
        self.rating = Field("rating", widgets.ToggleButtons(
            options=[(c.text(f"{b}.ratings.{v}"), v) for v in (0, 1, 2)], value=None),
            c.text(f"{b}.items.{sign}"))
        self.rating.control.add_class(f"aw-sign-{sign}")
        self.evidence = Field.text("evidence", c.text(f"{b}.evidence_label"),
                                   multiline=True, rows=1)
        self.evidence.control.add_class("aw-name-with-group")  # "What I've seen" + the sign
        super().__init__([self.rating, self.evidence])
        self.add_class("aw-sign")
        self.add_class("aw-group")

    def set_error(self, message: str) -> None:
        self.rating.set_error(message)

    def clear_error(self) -> None:
        self.rating.clear_error()


class RatingForm(WorksheetForm):
    kind = "partner_rating"

    def __init__(self, ws: Workspace):
        c = pack()
        b = f"{K}.signs"
        self.person = Field.choice("partner_id", c.text(f"{b}.person"), [])
        self.no_people = widgets.HTML(html.notice("info", c.text(f"{b}.person_first"), live=False))
        self.rows = {s: SignRow(s) for s in SECURE_SIGNS}
        self.traps = CheckGroup("traps", c.text(f"{b}.traps_heading"),
                                [(c.text(f"{b}.traps.{t}"), t) for t in TRAP_SIGNS])
        self.trap_note = Field.text("trap_note", c.text(f"{b}.trap_note"), multiline=True, rows=2)
        self.reflection = Field.text("reflection", c.text(f"{b}.reflection"),
                                     c.text(f"{b}.reflection_help"), multiline=True, rows=2)
        targets: dict[str, ErrorTarget] = {"partner_id": self.person, "traps": self.traps,
                                   "trap_note": self.trap_note, "reflection": self.reflection}
        targets.update({f"signs.{s}": row for s, row in self.rows.items()})
        super().__init__(
            ws, [heading(c.text(f"{b}.heading")), paragraph(c.text(f"{b}.intro")), self.no_people,
                 self.person, *self.rows.values(), heading(c.text(f"{b}.traps_heading"), 3),
                 paragraph(c.text(f"{b}.traps_intro"), "aw-help"), self.traps, self.trap_note,
                 widgets.HTML(reframe_html()), self.reflection],
            save_label=c.text(f"{b}.save"), saved_text=c.text(f"{b}.saved"), targets=targets)
        controls = [self.person.control, self.trap_note.control, self.reflection.control]
        for row in self.rows.values():
            controls += [row.rating.control, row.evidence.control]
        self.ready(*controls)
        self.traps.observe_all(ws.safe(self._changed))

    def set_people(self, people: list[Entry]) -> None:
        offer_people(self.person, people)
        self.no_people.layout.display = "none" if people else "flex"

    def state(self) -> dict[str, Any]:
        return {
            "partner_id": self.person.value,
            "signs": {s: {"rating": r.rating.value, "evidence": r.evidence.value}
                      for s, r in self.rows.items()},
            "traps": self.traps.value, "trap_note": self.trap_note.value,
            "reflection": self.reflection.value,
        }

    def apply(self, state: dict[str, Any]) -> None:
        people = {v for _, v in self.person.control.options}
        self.person.value = state.get("partner_id") if state.get("partner_id") in people else None
        signs = state.get("signs") or {}
        for s, row in self.rows.items():
            row.rating.value = (signs.get(s) or {}).get("rating")
            row.evidence.value = (signs.get(s) or {}).get("evidence") or ""
        self.traps.value = state.get("traps") or []
        self.trap_note.value = state.get("trap_note") or ""
        self.reflection.value = state.get("reflection") or ""



class PartnerChoiceWorkbook(WorkbookPage):
    SPEC = SPEC

    def build(self) -> list[widgets.Widget]:
        from attachwork.ui.chart_panel import ChartPanel  # plotly and anywidget: only once needed

        c = pack()
        ws = self.ws
        self.safety = PartnerSafetyForm(ws)
        self.caution = widgets.HTML()
        self.person_form = PersonForm(ws)
        pl = f"{K}.people.list"
        self.people_list = EntryList(
            ws, "partner", [c.text(f"{pl}.{h}") for h in ("label", "relation", "added")],
            lambda e: [e.payload["label"], c.text(f"{K}.people.relations.{e.payload['relation']}"),
                       local_date(e.created_at)],
            lambda e: e.payload["label"], self.person_form.edit)
        self.rating_form = RatingForm(ws)
        sl = f"{K}.signs.list"
        self.rating_list = EntryList(
            ws, "partner_rating", [c.text(f"{sl}.{h}") for h in ("when", "person", "score", "traps")],
            self._rating_cells,
            lambda e: f"{local_time(e.created_at)} · {self.label_of(e.payload['partner_id'])}",
            self.rating_form.edit)
        self.radar = ChartPanel()
        self.forms += [self.safety, self.person_form, self.rating_form]
        self.rating_form.on_saved(self.safe(self._draw_radar))
        # compare
        cb = f"{K}.compare"
        self.compare_people = CheckGroup("people", c.text(f"{cb}.people"), [])
        self.compare_box = widgets.VBox([self.compare_people])
        self.compare_chart = ChartPanel()
        self.compare_table = widgets.HTML()
        self.history_person = Field.choice("person", c.text(f"{cb}.person_history"), [])
        self.history_person.control.observe(self.safe(lambda _c: self._draw_history()), names="value")
        self.history_chart = ChartPanel()
        self.compare_note = widgets.HTML()
        # map
        self.map = ActivationStep(ws)
        self.forms.append(self.map.form)
        return [
            self.safety,
            widgets.VBox([self.caution, widgets.HTML(reframe_html(2)), self.person_form,
                          heading(c.text(f"{pl}.heading"), 3), self.people_list]),
            widgets.VBox([self.rating_form, self.radar, heading(c.text(f"{sl}.heading"), 3),
                          self.rating_list]),
            widgets.VBox([heading(c.text(f"{cb}.heading")), paragraph(c.text(f"{cb}.intro")),
                          self.compare_note, self.compare_box, self.compare_chart, self.compare_table,
                          self.history_person, self.history_chart]),
            self.map,
        ]

    # -- people ---------------------------------------------------------------------
    def people(self) -> list[Entry]:
        return self.store.entries(self.client.id, "partner") if self.client else []

    def label_of(self, partner_id: str) -> str:
        return label_of(self.ws, partner_id)

    def _rating_cells(self, e: Entry) -> list[str]:
        from attachwork.domain.partners import rated

        c = pack()
        r = rated(e)
        traps = ", ".join(c.text(f"{K}.signs.traps.{t}") for t in r.traps) or "–"
        return [local_time(e.created_at), self.label_of(r.partner_id), f"{r.total} / 16", traps]

    def loaded(self) -> None:
        self.caution.value = caution_html(self.ws)
        self.map.shown = None
        self._people_changed()
        self.rating_list.refresh()
        self.radar.show_empty(pack().text(f"{K}.compare.none"))

    def _people_changed(self) -> None:
        people = self.people()
        self.people_list.refresh()
        self.rating_form.set_people(people)
        self.map.set_people(people)
        self._set_compare_options()

    def entries_changed(self, kind: str) -> None:
        if kind == "partner_safety_check":
            self.caution.value = caution_html(self.ws)
        elif kind == "partner":
            self._people_changed()
        elif kind == "partner_rating":
            self.rating_list.refresh()
            self._set_compare_options()
        elif kind == "partner_checkin":
            self.map.draw()

    def on_step(self, name: str) -> None:
        if name == "compare":
            self.draw_compare()
        elif name == "map":
            self.map.draw()

    # -- charts ---------------------------------------------------------------------
    def _ratings(self) -> dict[str, list[Rated]]:
        from attachwork.domain.partners import ratings_by_person

        if self.client is None:
            return {}
        return ratings_by_person(self.store.entries(self.client.id, "partner_rating"))

    def _draw_radar(self, entry: Entry) -> None:
        from attachwork.charts.partners import radar_figure, radar_summary
        from attachwork.domain.partners import rated

        r = rated(entry)
        label = self.label_of(r.partner_id)
        shapes = [(f"{label} · {r.when}", r.values)]
        self.radar.show(radar_figure(shapes, pack().text(f"{K}.signs.radar_title", label=label)),
                        radar_summary(shapes))

    def _set_compare_options(self) -> None:
        c = pack()
        ratings = self._ratings()
        rated_people = [p for p in self.people() if p.id in ratings]
        chosen = set(self.compare_people.value)
        offered = set(self.compare_people.boxes)
        new = CheckGroup("people", c.text(f"{K}.compare.people"),
                         [(p.payload["label"], p.id) for p in rated_people])
        # keep what was ticked, and tick anyone newly rated
        new.value = [p.id for p in rated_people if p.id in chosen or p.id not in offered]
        new.observe_all(self.safe(lambda _c: self.draw_compare()))
        self.compare_people = new
        self.compare_box.children = [new]
        self.history_person.set_options([(p.payload["label"], p.id) for p in rated_people])
        if rated_people and self.history_person.value is None:  # the most-rated person first
            self.history_person.value = max(rated_people, key=lambda p: len(ratings[p.id])).id
        self.compare_note.value = ("" if rated_people else
                                   html.notice("info", c.text(f"{K}.compare.none"), live=False))
        for w in (self.compare_box, self.history_person):
            w.layout.display = "flex" if rated_people else "none"
        if self._built and self.steps.current == self.names.index("compare"):
            self.draw_compare()

    def draw_compare(self) -> None:
        from attachwork.charts.partners import radar_figure, radar_summary

        c = pack()
        ratings = self._ratings()
        chosen = [pid for pid in self.compare_people.value if pid in ratings]
        if not chosen:
            self.compare_chart.show_empty(c.text(f"{K}.compare.choose_two"))
            self.compare_table.value = ""
        else:
            shapes = [(self.label_of(pid), ratings[pid][-1].values) for pid in chosen]
            self.compare_chart.show(radar_figure(shapes, c.text(f"{K}.compare.side_by_side_title")),
                                    radar_summary(shapes))
            self.compare_table.value = self._table(chosen, ratings)
        self._draw_history()

    def _table(self, chosen: list[str], ratings: dict[str, list[Rated]]) -> Markup:
        c = pack()
        head = [c.text(f"{K}.compare.table_sign")] + [
            html.join(self.label_of(pid), html.ours("<br>"),
                      html.tag("span", str(ratings[pid][-1].when), cls="aw-help")) for pid in chosen]
        rows = [[c.text(f"{K}.signs.items.{sign}"),
                 *(c.text(f"{K}.signs.ratings.{ratings[pid][-1].values[i]}") for pid in chosen)]
                for i, sign in enumerate(SECURE_SIGNS)]
        return html.table(head, rows, cls="aw-table aw-compare", row_headers=True)

    def _draw_history(self) -> None:
        from attachwork.charts.partners import radar_figure, radar_summary

        c = pack()
        pid = self.history_person.value
        ratings = self._ratings().get(pid or "", [])
        if len(ratings) < 2:
            self.history_chart.show_empty(c.text(f"{K}.compare.history_none"))
            if not ratings:
                self.history_chart.text.value = ""
            return
        shapes = [(r.when, r.values) for r in ratings[-6:]]
        title = c.text(f"{K}.compare.over_time_title", label=self.label_of(pid))
        self.history_chart.show(radar_figure(shapes, title), radar_summary(shapes))


class PartnerCheckInForm(WorksheetForm):
    """The check-in for the other person, answered by them or estimated by the client."""

    kind = "partner_checkin"

    def __init__(self, ws: Workspace, step: ActivationStep):
        from attachwork.ui.checkin_form import CheckInForm

        c = pack()
        b = f"{K}.map"
        self.step = step
        self.person = Field.choice("partner_id", c.text(f"{b}.person"), [])
        self.source = Field.choice("source", c.text(f"{b}.source"),
                                   [(c.text("common.session.list.placeholder"), None)]
                                   + [(c.text(f"{b}.sources.{s}"), s) for s in ("partner", "estimate")])
        self.catalogue = load_catalogue(instrument_folders())
        self.checkin = CheckInForm(self.catalogue)
        self.checkin_error = widgets.HTML()
        super().__init__(ws, [self.person, self.source, self.checkin, self.checkin_error],
                         save_label=c.text(f"{b}.save"), saved_text=c.text(f"{b}.saved"),
                         targets={"partner_id": self.person, "source": self.source,
                                  "responses": MessageTarget(self.checkin_error)})
        self.ready(self.person.control, self.source.control)
        self.checkin.on_change(ws.safe(lambda: self._changed(None)))

    def state(self) -> dict[str, Any]:
        return {"partner_id": self.person.value, "source": self.source.value,
                "instrument_id": self.checkin.instrument.id, "responses": self.checkin.responses()}

    def apply(self, state: dict[str, Any]) -> None:
        people = {v for _, v in self.person.control.options}
        self.person.value = state.get("partner_id") if state.get("partner_id") in people else None
        self.source.value = state.get("source")
        self.checkin.set_state(state.get("instrument_id"), state.get("responses") or {})

    def payload(self, state: dict[str, Any]) -> dict[str, Any]:
        inst = self.checkin.instrument
        scores = inst.score(state["responses"])
        return {**state, "instrument_version": inst.version,
                "scores": scores.as_dict(), "region": scores.region()}

    def save(self) -> Entry | None:
        if self.checkin.score().point() is None:
            self.checkin_error.value = html.error_text(pack().text(f"{K}.map.incomplete"))
            return None
        self.checkin_error.value = ""
        return super().save()


class ActivationStep(widgets.VBox):
    """The partner's check-in, both points on the plane, and the activation map in words."""

    def __init__(self, ws: Workspace):
        from attachwork.ui.chart_panel import ChartPanel

        c = pack()
        b = f"{K}.map"
        self.ws = ws
        self.shown: str | None = None  # the person last chosen or saved, kept after a save
        self.form = PartnerCheckInForm(ws, self)
        self.form.on_saved(self._saved)
        self.form.person.control.observe(ws.safe(lambda _c: self.draw()), names="value")
        self.chart = ChartPanel()
        self.words = widgets.HTML()
        super().__init__([heading(c.text(f"{b}.heading")), paragraph(c.text(f"{b}.intro")),
                          self.form, self.chart, self.words])

    def set_people(self, people: list[Entry]) -> None:
        offer_people(self.form.person, people)

    def _saved(self, entry: Entry) -> None:
        self.shown = entry.payload.get("partner_id")

    def draw(self) -> None:
        from attachwork.charts.partners import pair_figure
        from attachwork.charts.plane import plane_points
        from attachwork.domain.partners import activation_map

        c = pack()
        b = f"{K}.map"
        ws = self.ws
        pid = self.form.person.value or self.shown
        self.shown = pid
        self.words.value = ""
        if not pid or ws.client is None:
            self.chart.show_empty(c.text(f"{K}.signs.choose_person"))
            return
        theirs = [e for e in ws.store.entries(ws.client.id, "partner_checkin")
                  if e.payload.get("partner_id") == pid]
        inst = self.form.catalogue.get(theirs[-1].payload.get("instrument_id", "")) if theirs else None
        them = plane_points(theirs[-1:], inst, kind="partner_checkin") if inst else []
        if not them or inst is None:
            self.chart.show_empty(c.text(f"{b}.incomplete"))
            return
        mine = plane_points(ws.store.entries(ws.client.id, "checkin"), inst)
        if not mine:
            self.chart.show_empty(c.text(f"{b}.no_client_checkin"))
            return
        me, other = mine[-1], them[-1]
        label = label_of(ws, pid)
        source = theirs[-1].payload.get("source")
        their_name = c.text(f"{b}.them_estimated" if source == "estimate" else f"{b}.them",
                            label=label)
        summary = c.text(f"{b}.summary", my_anxiety=number(me.anxiety, 1),
                         my_avoidance=number(me.avoidance, 1),
                         my_region=c.text(f"common.regions.{me.region}.name"), label=their_name,
                         their_anxiety=number(other.anxiety, 1), their_avoidance=number(other.avoidance, 1),
                         their_region=c.text(f"common.regions.{other.region}.name"))
        self.chart.show(pair_figure(inst, me, other, c.text(f"{b}.me"), their_name,
                                    c.text(f"{b}.title")), summary)
        m = activation_map(me.region, other.region, label)
        self.words.value = html.tag("section", [
            html.heading(c.text(f"{b}.loop_heading"), 3), html.para(m.loop),
            html.bullets(m.triggers) if m.triggers else None,
            html.heading(c.text(f"{b}.helps_me"), 4), html.para(m.helps_me),
            html.heading(c.text(f"{b}.helps_them", label=label), 4), html.para(m.helps_them),
            html.help_text(c.text(f"{b}.disclaimer"))], cls="aw-activation", aria_live="polite")


def workbook(store: Store | None = None) -> widgets.Widget:
    """Build workbook 05. Returns the widget to display (the notebook's last line)."""
    return open_workbook(PartnerChoiceWorkbook, store)
