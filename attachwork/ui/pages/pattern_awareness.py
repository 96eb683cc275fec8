"""Workbook 01: noticing the pattern.

Learn how the anxious pattern works (with the styles side by side), log activating
moments in the trigger log, check protest behaviour and self-silencing, draw the
client's own cycle, and see the trigger log as charts. Plotly and the chart widget are
loaded once a client is chosen, so the first screen comes up quickly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from attachwork import workbooks
from attachwork.charts.cycle import cycle_list, cycle_summary, cycle_svg
from attachwork.content import pack
from attachwork.domain.records import BODY_SENSATIONS, CYCLE_STEPS, TRIGGER_KINDS, Entry
from attachwork.domain.when import formats, local_time
from attachwork.store import Store
from attachwork.ui import html
from attachwork.ui.forms import EntryList, FrequencyCheckForm, WorksheetForm, who_where
from attachwork.ui.widgets import CheckGroup, Field, anchored_options, heading, paragraph
from attachwork.ui.workbook_page import WorkbookPage, open_workbook
from attachwork.ui.workspace import Workspace

SPEC = workbooks.PATTERN_AWARENESS
K = SPEC.key


def _now() -> dt.datetime:
    return dt.datetime.now().replace(second=0, microsecond=0)


# -- learn -------------------------------------------------------------------------------
def learn_html() -> Markup:
    c = pack()
    parts = [html.heading(c.text(f"{K}.learn.heading")), html.para(c.text(f"{K}.learn.intro"))]
    for concept in c.get(f"{K}.learn.concepts"):
        parts.append(html.tag("section", [
            html.heading(concept["name"], 3), html.para(" ".join(concept["text"].split())),
            html.para(f'{c.text(f"{K}.learn.source")} {concept["source"]}', "aw-source")],
            cls="aw-concept"))
    styles = c.get(f"{K}.styles")
    rows = styles["rows"]
    columns = styles["columns"]
    parts += [html.heading(styles["heading"], 3), html.para(styles["intro"]),
              html.table(["", *(col["name"] for col in columns)],
                         [[rows[key], *(col[key] for col in columns)] for key in rows],
                         caption=styles["caption"], cls="aw-table aw-styles", row_headers=True),
              html.help_text(styles["note"])]
    return html.join(parts)


# -- trigger log -------------------------------------------------------------------------
class TriggerLogForm(WorksheetForm):
    kind = "trigger_log"

    def __init__(self, ws: Workspace):
        c = pack()
        t = f"{K}.trigger"
        self.occurred = Field("occurred", widgets.NaiveDatetimePicker(value=_now()),
                              c.text(f"{t}.occurred"))
        self.happened = Field.text("happened", c.text(f"{t}.happened"), c.text(f"{t}.happened_help"),
                                   multiline=True, rows=3)
        kinds = [(c.text("common.session.list.placeholder"), None)] + [
            (c.text(f"{t}.kinds.{k}"), k) for k in TRIGGER_KINDS]
        self.trigger_kind = Field.choice("trigger_kind", c.text(f"{t}.kind"), kinds,
                                         c.text(f"{t}.kind_help"))
        self.trigger_other = Field.text("trigger_other", c.text(f"{t}.kind_other"))
        self.story = Field.text("story", c.text(f"{t}.story"), c.text(f"{t}.story_help"),
                                multiline=True, rows=3)
        self.other_story = Field.text("other_story", c.text(f"{t}.other_story"),
                                      c.text(f"{t}.other_story_help"), multiline=True, rows=3)
        self.other_story_2 = Field.text("other_story_2", c.text(f"{t}.other_story_2"),
                                        multiline=True, rows=2)
        self.intensity = Field.choice("intensity", c.text(f"{t}.intensity"),
                                      anchored_options(range(11), f"{t}.intensity_anchors"))
        self.body = CheckGroup("body", c.text(f"{t}.body"),
                               [(c.text(f"{t}.sensations.{s}"), s) for s in BODY_SENSATIONS])
        self.body_other = Field.text("body_other", c.text(f"{t}.body_other"))
        self.urge = Field.text("urge", c.text(f"{t}.urge"), c.text(f"{t}.urge_help"), multiline=True,
                               rows=2)
        self.did = Field.text("did", c.text(f"{t}.did"), multiline=True, rows=2)
        self.stress = Field.choice("baseline_stress", c.text(f"{t}.stress"),
                                   anchored_options(range(11), f"{t}.stress_anchors"),
                                   c.text(f"{t}.stress_help"))
        fields = [self.occurred, self.happened, self.trigger_kind, self.trigger_other, self.story,
                  self.other_story, self.other_story_2, self.intensity, self.body, self.body_other,
                  self.urge, self.did, self.stress]
        super().__init__(
            ws, [heading(c.text(f"{t}.heading")), paragraph(c.text(f"{t}.intro"), "aw-help"), *fields],
            save_label=c.text(f"{t}.save"), saved_text=c.text(f"{t}.saved"),
            targets={"occurred": self.occurred, "happened": self.happened,
                     "trigger_kind": self.trigger_kind, "trigger_other": self.trigger_other,
                     "story": self.story, "other_stories": self.other_story,
                     "intensity": self.intensity, "body": self.body, "body_other": self.body_other,
                     "urge": self.urge, "did": self.did, "baseline_stress": self.stress},
        )
        self.trigger_kind.control.observe(lambda _c: self._other_shown(), names="value")
        self._other_shown()
        controls = [f.control for f in fields if isinstance(f, Field)]
        self.ready(*controls, *self.body.boxes.values())
        self.blank["occurred"] = None  # a fresh form means "now", whenever it is reset

    def _other_shown(self) -> None:
        self.trigger_other.layout.display = "flex" if self.trigger_kind.value == "other" else "none"

    def state(self) -> dict[str, Any]:
        return {
            "occurred": self.occurred.value, "happened": self.happened.value,
            "trigger_kind": self.trigger_kind.value, "trigger_other": self.trigger_other.value,
            "story": self.story.value, "other_story": self.other_story.value,
            "other_story_2": self.other_story_2.value, "intensity": self.intensity.value,
            "body": self.body.value, "body_other": self.body_other.value, "urge": self.urge.value,
            "did": self.did.value, "baseline_stress": self.stress.value,
        }

    def apply(self, state: dict[str, Any]) -> None:
        when = state.get("occurred")
        if isinstance(when, str):
            try:
                when = dt.datetime.fromisoformat(when)
            except ValueError:
                when = None
        self.occurred.value = when or _now()
        for name in ("happened", "trigger_other", "story", "other_story", "other_story_2",
                     "body_other", "urge", "did"):
            getattr(self, name).value = state.get(name) or ""
        kind = state.get("trigger_kind")
        self.trigger_kind.value = kind if kind in TRIGGER_KINDS else None
        self.intensity.value = state.get("intensity") if state.get("intensity") in range(11) else None
        self.stress.value = (state.get("baseline_stress")
                             if state.get("baseline_stress") in range(11) else None)
        self.body.value = state.get("body") or []

    def payload(self, state: dict[str, Any]) -> dict[str, Any]:
        data = {k: v for k, v in state.items() if k not in ("other_story", "other_story_2")}
        data["other_stories"] = [state["other_story"], state["other_story_2"]]
        if data["trigger_kind"] != "other":
            data["trigger_other"] = ""
        return data

    def from_payload(self, payload: dict[str, Any]) -> dict[str, Any]:
        state = super().from_payload(payload)
        stories = list(state.pop("other_stories", [])) + ["", ""]
        state["other_story"], state["other_story_2"] = stories[0], stories[1]
        return state

    def save(self) -> Entry | None:
        """Saved without another possible story, the entry is kept as it is, marked
        unfinished, and the kind line says it will be offered back to finish. (A risk
        message, when the screen calls for one, takes the line's place as on every form.)"""
        state = self.state()
        later = not any(str(state.get(k) or "").strip() for k in ("other_story", "other_story_2"))
        self.saved_text = pack().text(f"{K}.trigger.{'saved_unfinished' if later else 'saved'}")
        return super().save()


def unfinished(entry: Entry) -> bool:
    """A trigger log saved without another possible story yet (as
    :attr:`~attachwork.domain.records.TriggerLog.unfinished`, read from the saved payload so
    that a list never fails on an entry written by an older version)."""
    return not any(str(s).strip() for s in entry.payload.get("other_stories") or [])


class UnfinishedOffer(widgets.VBox):
    """Above the trigger log: the entries still waiting for another possible story, with a
    button that opens the latest of them in the form to finish it."""

    def __init__(self, ws: Workspace, form: TriggerLogForm):
        c = pack()
        self.ws, self.form = ws, form
        self.waiting: list[Entry] = []
        self.text = widgets.HTML()
        self.finish_button = widgets.Button(description=c.text(f"{K}.trigger.unfinished.finish_one"))
        self.finish_button.on_click(ws.safe(lambda _b: self.finish()))
        super().__init__([self.text, self.finish_button])
        self.add_class("aw-unfinished")
        self.layout.display = "none"

    def refresh(self) -> None:
        c = pack()
        t = f"{K}.trigger.unfinished"
        entries = self.ws.store.entries(self.ws.client.id, "trigger_log") if self.ws.client else []
        self.waiting = [e for e in entries if unfinished(e)]
        if not self.waiting:
            self.text.value = ""
            self.layout.display = "none"
            return
        latest = self.waiting[-1]
        when = PatternWorkbook._when(latest)
        words = (c.text(f"{t}.one", when=when) if len(self.waiting) == 1
                 else c.text(f"{t}.many", count=len(self.waiting), when=when))
        self.text.value = html.notice("info", words, live=False)
        self.finish_button.description = c.text(
            f"{t}.finish_one" if len(self.waiting) == 1 else f"{t}.finish_many")
        self.layout.display = ""

    def finish(self) -> None:
        if self.waiting:
            self.form.edit(self.waiting[-1])


# -- cycle map ---------------------------------------------------------------------------
class CycleMapForm(WorksheetForm):
    kind = "cycle_map"
    keep_after_save = True
    resume_latest = True

    def __init__(self, ws: Workspace):
        c = pack()
        base = f"{K}.cycle"
        self.title = Field.text("title", c.text(f"{base}.title"), c.text(f"{base}.title_help"))
        self.fields: dict[str, Field] = {
            step: Field.text(step, f"{n}. {c.text(f'{base}.steps.{step}')}",
                             c.text(f"{base}.help.{step}"), multiline=True, rows=2)
            for n, step in enumerate(CYCLE_STEPS, start=1)
        }
        self.drawing = widgets.HTML()
        self.drawing.add_class("aw-cycle")
        self.new_button = widgets.Button(description=c.text(f"{base}.new"))
        self.new_button.on_click(ws.safe(lambda _b: self.reset(discard_draft=True)))
        grid = widgets.GridBox(list(self.fields.values()), layout=widgets.Layout(
            grid_template_columns="repeat(auto-fill, minmax(18em, 1fr))", grid_gap="0 16px"))
        super().__init__(
            ws, [heading(c.text(f"{base}.heading")), paragraph(c.text(f"{base}.intro")), self.title,
                 grid, self.drawing],
            save_label=c.text(f"{base}.save"), saved_text=c.text(f"{base}.saved"),
            targets={"title": self.title, **self.fields})
        self.actions.children = (*self.actions.children, self.new_button)
        for f in (self.title, *self.fields.values()):
            f.control.observe(lambda _c: self.draw(), names="value")
        self.ready(self.title.control, *(f.control for f in self.fields.values()))
        self.draw()

    def state(self) -> dict[str, Any]:
        return {"title": self.title.value, **{k: f.value for k, f in self.fields.items()}}

    def apply(self, state: dict[str, Any]) -> None:
        self.title.value = state.get("title") or ""
        for k, f in self.fields.items():
            f.value = state.get(k) or ""
        self.draw()

    def draw(self) -> None:
        state = self.state()
        title = state.pop("title")
        # cycle_svg draws escaped text into its own SVG markup
        self.drawing.value = html.tag("figure", [
            Markup(cycle_svg(state, title)),  # noqa: S704 - built from escaped text
            Markup(cycle_list(state)),  # noqa: S704 - built from escaped text (narrow screens)
            html.tag("figcaption", cycle_summary(state, title), cls="aw-chart-summary")],
            cls="aw-cycle-figure")


# -- the workbook ------------------------------------------------------------------------
class PatternWorkbook(WorkbookPage):
    SPEC = SPEC

    def build(self) -> list[widgets.Widget]:
        c = pack()
        learn = widgets.HTML(learn_html())
        learn.add_class("aw-learn")
        self.trigger_form = TriggerLogForm(self.ws)
        t = f"{K}.trigger.list"
        self.trigger_list = EntryList(
            self.ws, "trigger_log",
            [c.text(f"{t}.{h}") for h in ("when", "what", "kind", "intensity", "who")],
            self._trigger_cells, self._trigger_label, self._open_trigger)
        self.unfinished = UnfinishedOffer(self.ws, self.trigger_form)
        trigger_page = widgets.VBox([self.unfinished, self.trigger_form,
                                     heading(c.text(f"{t}.heading"), 3), self.trigger_list])
        self.protest = FrequencyCheckForm(self.ws, "protest_check", f"{K}.protest_check")
        self.silencing = FrequencyCheckForm(self.ws, "silencing_check", f"{K}.silencing_check")
        self.cycle = CycleMapForm(self.ws)
        self.forms += [self.trigger_form, self.protest, self.silencing, self.cycle]
        charts_page = widgets.VBox([heading(c.text(f"{K}.charts.heading")),
                                    paragraph(c.text(f"{K}.charts.intro")), *self.chart_panels()])
        return [learn, trigger_page, widgets.VBox([self.protest, self.silencing]), self.cycle,
                charts_page]

    # -- trigger list -----------------------------------------------------------------
    @staticmethod
    def _when(e: Entry) -> str:
        try:
            return dt.datetime.fromisoformat(e.payload["occurred"]).strftime(formats().date_time)
        except (KeyError, ValueError):
            return local_time(e.created_at)

    def _trigger_cells(self, e: Entry) -> list[str]:
        c = pack()
        p = e.payload
        what = " ".join(str(p.get("happened", "")).split())
        what = what if len(what) <= 90 else what[:89] + "…"
        kind = c.text(f"{K}.trigger.kinds.{p.get('trigger_kind', 'other')}")
        if p.get("trigger_other"):
            kind += f" ({p['trigger_other']})"
        flag = f" {c.text(f'{K}.trigger.list.flagged')}" if e.flagged else ""
        if unfinished(e):
            what += f" {c.text(f'{K}.trigger.list.unfinished')}"
        return [self._when(e), what, kind, f"{p.get('intensity')}/10", who_where(e) + flag]

    def _trigger_label(self, e: Entry) -> str:
        c = pack()
        p = e.payload
        what = " ".join(str(p.get("happened", "")).split())[:40]
        kind = c.text(f"{K}.trigger.kinds." + p.get("trigger_kind", "other"))
        mark = " ●" if unfinished(e) else ""
        return f"{self._when(e)} · {kind} · {what}{mark}"

    def _open_trigger(self, entry: Entry) -> None:
        self.trigger_form.edit(entry)

    # -- hooks ------------------------------------------------------------------------
    def loaded(self) -> None:
        self.trigger_list.refresh()
        self.unfinished.refresh()
        for form in (self.protest, self.silencing):
            form.set_previous(self.ws.latest(form.kind))

    def entries_changed(self, kind: str) -> None:
        if not self._built:
            return
        if kind == "trigger_log":
            self.trigger_list.refresh()
            self.unfinished.refresh()
            if self.names[self.steps.current] == "charts":
                self.draw_charts()
        elif kind in ("protest_check", "silencing_check"):
            form = self.protest if kind == "protest_check" else self.silencing
            form.set_previous(self.ws.latest(kind))

    def on_step(self, name: str) -> None:
        if name == "charts":
            self.draw_charts()


def workbook(store: Store | None = None) -> widgets.Widget:
    """Build workbook 01. Returns the widget to display (the notebook's last line)."""
    return open_workbook(PatternWorkbook, store)
