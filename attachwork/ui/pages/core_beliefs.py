"""Workbook 03: core beliefs.

Rate how true the anxious pattern's typical beliefs feel (and the client's own), reflect on
where they were learned without blame, slow a hard moment down in a thought record (with
thinking traps suggested from the wording, never forced, and room to finish later), write
to the younger self, and see beliefs and emotions move over time.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from attachwork import workbooks
from attachwork.content import pack
from attachwork.domain import risk, traps
from attachwork.domain.records import ORIGINS, THINKING_TRAPS, Entry, ThoughtRecord
from attachwork.domain.when import local_date, local_time
from attachwork.store import Store
from attachwork.ui import html
from attachwork.ui.forms import EntryList, MessageTarget, TextFieldsForm, WorksheetForm, who_where
from attachwork.ui.widgets import CheckGroup, Field, anchored_options, heading, paragraph
from attachwork.ui.workbook_page import WorkbookPage, open_workbook
from attachwork.ui.workspace import Workspace

SPEC = workbooks.CORE_BELIEFS
K = SPEC.key
OWN_ROWS = 2
EMOTION_ROWS = 2


def _percent(label: str, name: str) -> Field:
    return Field.choice(name, label, anchored_options(range(0, 101, 10), f"{K}.beliefs.anchors"))


class BeliefForm(WorksheetForm):
    kind = "belief_ratings"

    def __init__(self, ws: Workspace):
        c = pack()
        b = f"{K}.beliefs"
        self.items: dict[str, str] = c.get(f"{b}.items")
        self.ratings = {key: _percent(text, key) for key, text in self.items.items()}
        self.hints = {key: widgets.HTML() for key in self.items}
        rows = [widgets.VBox([self.ratings[k], self.hints[k]]) for k in self.items]
        self.own = [(Field.text(f"own_{n}", f"{c.text(f'{b}.own_text')} {n + 1}"),
                     _percent(c.text(f"{b}.own_rating"), f"own_rating_{n}")) for n in range(OWN_ROWS)]
        own_rows = [widgets.HBox([t, r]) for t, r in self.own]
        for row in own_rows:
            row.add_class("aw-settings-row")
        self.error = widgets.HTML()
        super().__init__(
            ws, [heading(c.text(f"{b}.heading")), paragraph(c.text(f"{b}.intro")), *rows,
                 heading(c.text(f"{b}.own_heading"), 3), *own_rows, self.error],
            save_label=c.text(f"{b}.save"), saved_text=c.text(f"{b}.saved"),
            targets={"own": MessageTarget(self.error), "ratings": MessageTarget(self.error)})
        self.ready(*(f.control for f in self.ratings.values()),
                   *(w.control for pair in self.own for w in pair))

    def state(self) -> dict[str, Any]:
        return {"ratings": {k: f.value for k, f in self.ratings.items() if f.value is not None},
                "own": [{"text": t.value, "rating": r.value} for t, r in self.own]}

    def apply(self, state: dict[str, Any]) -> None:
        ratings = state.get("ratings") or {}
        for k, f in self.ratings.items():
            f.value = ratings.get(k)
        own = list(state.get("own") or []) + [{}] * OWN_ROWS
        for (t, r), given in zip(self.own, own, strict=False):
            t.value = given.get("text") or ""
            r.value = given.get("rating")

    def payload(self, state: dict[str, Any]) -> dict[str, Any]:
        own = [o for o in state["own"] if (o["text"] or "").strip() or o["rating"] is not None]
        return {"ratings": state["ratings"], "own": own}

    def set_previous(self, entry: Entry | None) -> None:
        c = pack()
        for key, hint in self.hints.items():
            value = entry.payload.get("ratings", {}).get(key) if entry else None
            if value is None or entry is None:
                hint.value = ""
                continue
            text = c.text(f"{K}.beliefs.last_time", date=local_date(entry.created_at), value=value)
            hint.value = html.help_text(text)


class OriginForm(TextFieldsForm):
    kind = "origin_reflection"
    keep_after_save = True
    resume_latest = True

    def __init__(self, ws: Workspace):
        c = pack()
        b = f"{K}.origins"
        super().__init__(ws, b, {k: Field.text(k, c.text(f"{b}.{k}"), multiline=True, rows=3)
                                 for k in (*ORIGINS, "note")})


class ThoughtForm(WorksheetForm):
    kind = "thought_record"

    def __init__(self, ws: Workspace):
        c = pack()
        t = f"{K}.thought_record"
        self.situation = Field.text("situation", c.text(f"{t}.situation"), c.text(f"{t}.situation_help"),
                                    multiline=True, rows=2)
        self.thought = Field.text("thought", c.text(f"{t}.thought"), c.text(f"{t}.thought_help"),
                                  multiline=True, rows=2)
        self.belief_before = _percent(c.text(f"{t}.belief_before"), "belief_before")
        self.emotions = [(Field.text(f"emotion_{n}", f"{c.text(f'{t}.emotion')} {n + 1}"),
                          _percent(c.text(f"{t}.emotion_before"), f"emotion_before_{n}"),
                          _percent(c.text(f"{t}.emotion_after"), f"emotion_after_{n}"))
                         for n in range(EMOTION_ROWS)]
        emotion_rows = [widgets.HBox(list(row)) for row in self.emotions]
        for row in emotion_rows:
            row.add_class("aw-settings-row")
        names = c.get(f"{t}.trap_names")
        self.traps = CheckGroup("traps", c.text(f"{t}.traps"), [(names[k], k) for k in THINKING_TRAPS])
        self.suggest_button = widgets.Button(description=c.text(f"{t}.suggest"))
        self.tick_button = widgets.Button(description=c.text(f"{t}.tick_suggested"))
        self.tick_button.layout.display = "none"
        self.suggestions = widgets.HTML()
        self.suggested: list[str] = []
        safe = ws.safe
        self.suggest_button.on_click(safe(lambda _b: self.suggest()))
        self.tick_button.on_click(safe(lambda _b: self.tick_suggested()))
        self.evidence_for = Field.text("evidence_for", c.text(f"{t}.evidence_for"), multiline=True, rows=2)
        self.evidence_against = Field.text("evidence_against", c.text(f"{t}.evidence_against"),
                                           multiline=True, rows=2)
        self.balanced = Field.text("balanced", c.text(f"{t}.balanced"), c.text(f"{t}.balanced_help"),
                                   multiline=True, rows=2)
        self.belief_after = _percent(c.text(f"{t}.belief_after"), "belief_after")
        self.status = widgets.HTML()
        buttons = widgets.HBox([self.suggest_button, self.tick_button])
        buttons.add_class("aw-actions")
        super().__init__(
            ws, [heading(c.text(f"{t}.heading")), paragraph(c.text(f"{t}.intro")), self.status,
                 self.situation, self.thought, self.belief_before, *emotion_rows, self.traps,
                 buttons, self.suggestions, self.evidence_for, self.evidence_against, self.balanced,
                 self.belief_after],
            save_label=c.text(f"{t}.save"), saved_text=c.text(f"{t}.saved"),
            targets={"situation": self.situation, "thought": self.thought,
                     "belief_before": self.belief_before, "emotions": self.emotions[0][0],
                     "traps": self.traps, "evidence_for": self.evidence_for,
                     "evidence_against": self.evidence_against, "balanced": self.balanced,
                     "belief_after": self.belief_after})
        self.ready(self.situation.control, self.thought.control, self.belief_before.control,
                   *(w.control for row in self.emotions for w in row), *self.traps.boxes.values(),
                   self.evidence_for.control, self.evidence_against.control, self.balanced.control,
                   self.belief_after.control)

    # -- traps --------------------------------------------------------------------
    def suggest(self) -> list[traps.Suggestion]:
        c = pack()
        t = f"{K}.thought_record"
        screened = risk.screen(self.thought.value)
        if screened.tier is not None or screened.partner_danger:
            # words that may point to danger are not a thinking trap to untangle: no hints,
            # and the people to talk to, right here
            self.suggested = []
            lines = "safety" if screened.partner_danger and screened.tier is None else "crisis"
            self.suggestions.value = html.join(
                html.notice("info", c.text(f"{t}.no_hints_heavy"), live=False),
                html.help_lines_html(lines))
            self.tick_button.layout.display = "none"
            return []
        found = traps.suggest(self.thought.value)
        names = c.get(f"{t}.trap_names")
        self.suggested = [s.trap for s in found]
        if not found:
            self.suggestions.value = html.help_text(c.text(f"{t}.no_suggestion"))
        else:
            items = (c.text(f"{t}.suggested", trap=names[s.trap],
                            quotes=", ".join(f'"{q}"' for q in s.quotes)) if s.quotes
                     else c.text(f"{t}.suggested_plain", trap=names[s.trap]) for s in found)
            self.suggestions.value = html.join(html.bullets(items, "aw-suggestions"),
                                               html.help_text(c.text(f"{t}.suggest_note")))
        self.tick_button.layout.display = "" if found else "none"
        return found

    def tick_suggested(self) -> None:
        self.traps.value = sorted(set(self.traps.value) | set(self.suggested))

    # -- state --------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        return {
            "situation": self.situation.value, "thought": self.thought.value,
            "belief_before": self.belief_before.value,
            "emotions": [{"name": n.value, "before": b.value, "after": a.value}
                         for n, b, a in self.emotions],
            "traps": self.traps.value, "evidence_for": self.evidence_for.value,
            "evidence_against": self.evidence_against.value, "balanced": self.balanced.value,
            "belief_after": self.belief_after.value,
        }

    def apply(self, state: dict[str, Any]) -> None:
        for name in ("situation", "thought", "evidence_for", "evidence_against", "balanced"):
            getattr(self, name).value = state.get(name) or ""
        self.belief_before.value = state.get("belief_before")
        self.belief_after.value = state.get("belief_after")
        emotions = list(state.get("emotions") or []) + [{}] * EMOTION_ROWS
        for (n, b, a), given in zip(self.emotions, emotions, strict=False):
            n.value = given.get("name") or ""
            b.value = given.get("before")
            a.value = given.get("after")
        self.traps.value = state.get("traps") or []
        self.suggestions.value = ""
        self.tick_button.layout.display = "none"
        self._show_status()

    def payload(self, state: dict[str, Any]) -> dict[str, Any]:
        emotions = [e for e in state["emotions"]
                    if (e["name"] or "").strip() or e["before"] is not None or e["after"] is not None]
        return {**state, "emotions": emotions}

    def _show_status(self) -> None:
        self.status.value = ""
        if self.editing is not None and not ThoughtRecord.model_validate(self.editing.payload).complete:
            self.status.value = html.notice("warn", pack().text(f"{K}.thought_record.list.open"),
                                            live=False)

    def edit(self, entry: Entry) -> None:
        super().edit(entry)
        self._show_status()


class YoungerSelfForm(WorksheetForm):
    kind = "younger_self"
    keep_after_save = True
    resume_latest = True

    def __init__(self, ws: Workspace):
        c = pack()
        b = f"{K}.younger_self"
        self.note = Field.text("note", c.text(f"{b}.note"), multiline=True, rows=6)
        self.private = widgets.Checkbox(value=False, indent=False, description=c.text(f"{b}.private"),
                                        style={"description_width": "initial"})
        self.private.add_class("aw-field")
        super().__init__(ws, [heading(c.text(f"{b}.heading")), paragraph(c.text(f"{b}.intro")),
                              self.note, self.private],
                         save_label=c.text(f"{b}.save"), saved_text=c.text(f"{b}.saved"),
                         targets={"note": self.note})
        self.ready(self.note.control, self.private)

    def state(self) -> dict[str, Any]:
        return {"note": self.note.value, "private": bool(self.private.value)}

    def apply(self, state: dict[str, Any]) -> None:
        self.note.value = state.get("note") or ""
        self.private.value = bool(state.get("private"))


class CoreBeliefsWorkbook(WorkbookPage):
    SPEC = SPEC

    def build(self) -> list[widgets.Widget]:
        c = pack()
        self.beliefs = BeliefForm(self.ws)
        self.origins = OriginForm(self.ws)
        self.thought = ThoughtForm(self.ws)
        self.younger = YoungerSelfForm(self.ws)
        tl = f"{K}.thought_record.list"
        self.unfinished = widgets.HTML()
        self.thought_list = EntryList(
            self.ws, "thought_record", [c.text(f"{tl}.{h}") for h in ("when", "thought", "status", "who")],
            self._thought_cells, self._thought_label, self.thought.edit)
        self.forms += [self.beliefs, self.origins, self.thought, self.younger]
        return [
            self.beliefs, self.origins,
            widgets.VBox([self.unfinished, self.thought, heading(c.text(f"{tl}.heading"), 3),
                          self.thought_list]),
            self.younger,
            widgets.VBox([heading(c.text(f"{K}.charts.heading")), *self.chart_panels()]),
        ]

    @staticmethod
    def _complete(e: Entry) -> bool:
        return ThoughtRecord.model_validate(e.payload).complete

    def _thought_cells(self, e: Entry) -> list[str]:
        c = pack()
        status = c.text(f"{K}.thought_record.list.{'done' if self._complete(e) else 'open'}")
        return [local_time(e.created_at), e.payload["thought"], status, who_where(e)]

    def _thought_label(self, e: Entry) -> str:
        mark = "" if self._complete(e) else " ●"
        return f"{local_time(e.created_at)} · {' '.join(e.payload['thought'].split())[:50]}{mark}"

    def _refresh_thoughts(self) -> None:
        self.thought_list.refresh()
        open_ones = [e for e in self.thought_list.entries if not self._complete(e)]
        self.unfinished.value = (
            html.notice("warn", pack().text(f"{K}.thought_record.unfinished_banner",
                                            count=len(open_ones)))
            if open_ones else "")

    def loaded(self) -> None:
        self._refresh_thoughts()
        self.beliefs.set_previous(self.ws.latest("belief_ratings"))

    def entries_changed(self, kind: str) -> None:
        if kind == "thought_record":
            self._refresh_thoughts()
        elif kind == "belief_ratings":
            self.beliefs.set_previous(self.ws.latest(kind))

    def on_step(self, name: str) -> None:
        if name == "charts":
            self.draw_charts()


def workbook(store: Store | None = None) -> widgets.Widget:
    """Build workbook 03. Returns the widget to display (the notebook's last line)."""
    return open_workbook(CoreBeliefsWorkbook, store)
