"""The calming toolkit every workbook can open (and workbook 02 is built from).

* :class:`Pacer`: the breathing pacer (in 4 s, out 6 s by default, about two minutes);
* :class:`BreathingPractice`, :class:`GroundingPractice`, :class:`ResetPractice`: each
  records distress before and after, so the drop can be charted;
* :class:`Toolkit`: the three practices behind one chooser; the Shell's "Calm down
  first" panel embeds it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from attachwork.content import pack
from attachwork.domain.records import GROUNDING_SENSES, RESETS, Entry
from attachwork.ui import html
from attachwork.ui.forms import ErrorTarget, WorksheetForm
from attachwork.ui.widgets import Field, NumberField, SudsPicker, heading, paragraph
from attachwork.ui.workspace import Workspace

STATIC = Path(__file__).resolve().parent / "static"
PACER_LABELS = ("start", "pause", "resume", "stop", "inhale", "exhale", "paused", "done", "ready",
                "breaths", "remaining")


class Pacer(anywidget.AnyWidget):
    """Timing runs in the browser; ``breaths``, ``elapsed`` and ``state`` come back."""

    _esm = STATIC / "pacer.js"
    inhale = traitlets.Float(4.0).tag(sync=True)
    exhale = traitlets.Float(6.0).tag(sync=True)
    total = traitlets.Int(120).tag(sync=True)
    state = traitlets.Unicode("idle").tag(sync=True)  # idle | running | paused | done
    breaths = traitlets.Int(0).tag(sync=True)
    elapsed = traitlets.Int(0).tag(sync=True)
    calm = traitlets.Bool(False).tag(sync=True)  # chosen by the person
    auto_calm = traitlets.Bool(False).tag(sync=True)  # the browser asks for reduced motion
    labels = traitlets.Dict().tag(sync=True)

    def __init__(self, **kwargs: Any):
        c = pack()
        kwargs.setdefault("labels", {k: c.text(f"regulation.pacer.{k}") for k in PACER_LABELS})
        super().__init__(**kwargs)

    def reset(self) -> None:
        self.breaths = 0
        self.elapsed = 0
        self.state = "idle"


class _Practice(WorksheetForm):
    """A practice with distress rated before and after; subclasses add the middle part."""

    kind = "practice"
    tool = ""

    def __init__(self, ws: Workspace, middle: list[widgets.Widget], controls: list[widgets.Widget],
                 *, prefix: str = "", level: int = 2):
        """``level``: its heading's level (2 as a workbook step, 3 inside the toolkit)."""
        c = pack()
        self.draft_name = f"{prefix}practice_{self.tool}"
        self.before = SudsPicker("regulation.suds_before", "aw-suds-before")
        self.after = SudsPicker("regulation.suds_after", "aw-suds-after")
        self.note = Field.text("note", c.text("regulation.note_label"), multiline=True, rows=2)
        body = [heading(c.text(f"regulation.{self.tool}.heading"), level),
                paragraph(c.text(f"regulation.{self.tool}.intro")), self.before, *middle,
                self.after, self.note]
        super().__init__(ws, body, save_label=c.text("regulation.save"),
                         saved_text=c.text("regulation.saved"),
                         targets={"suds_before": self.before, "suds_after": self.after,
                                  "note": self.note, **self.extra_targets()})
        self.ready(self.before.buttons, self.after.buttons, self.note.control, *controls)
        self.add_class(f"aw-practice-{self.tool}")

    def extra_targets(self) -> dict[str, ErrorTarget]:
        return {}

    def base_state(self) -> dict[str, Any]:
        return {"suds_before": self.before.value, "suds_after": self.after.value,
                "note": self.note.value}

    def apply_base(self, state: dict[str, Any]) -> None:
        self.before.value = state.get("suds_before")
        self.after.value = state.get("suds_after")
        self.note.value = state.get("note") or ""

    def payload(self, state: dict[str, Any]) -> dict[str, Any]:
        return {"tool": self.tool, **state}

    def save(self) -> Entry | None:
        entry = super().save()
        if entry is not None and not entry.flagged:
            rec = entry.payload
            drop = pack().text("regulation.drop", before=rec["suds_before"], after=rec["suds_after"])
            self.message.value = html.join(html.ours(self.message.value),
                                           html.notice("info", drop, live=False))
        return entry


class BreathingPractice(_Practice):
    tool = "breathing"

    def __init__(self, ws: Workspace, *, prefix: str = "", level: int = 2):
        c = pack()
        self.pacer = Pacer()
        self.inhale = NumberField("inhale", c.text("regulation.breathing.inhale"), 2, 8,
                                  whole=False, default=4, width="8em")
        self.exhale = NumberField("exhale", c.text("regulation.breathing.exhale"), 2, 10,
                                  whole=False, default=6, width="8em")
        self.minutes = NumberField("minutes", c.text("regulation.breathing.minutes"), 0.5, 10,
                                   whole=False, default=2, width="8em")
        self.calm_box = widgets.Checkbox(value=False, indent=False,
                                         description=c.text("regulation.breathing.calm_mode"),
                                         style={"description_width": "initial"})
        self.calm_box.add_class("aw-field")
        settings_row = widgets.HBox([self.inhale, self.exhale, self.minutes])
        settings_row.add_class("aw-settings-row")
        for f in (self.inhale, self.exhale, self.minutes):
            f.control.observe(lambda _c: self._settings(), names="value")
        self.calm_box.observe(lambda _c: setattr(self.pacer, "calm", self.calm_box.value), names="value")
        self.pacer_help = widgets.HTML(html.help_text(c.text("regulation.breathing.motion_note")))
        super().__init__(ws, [settings_row, self.calm_box, self.pacer, self.pacer_help],
                         [self.inhale.control, self.exhale.control, self.minutes.control],
                         prefix=prefix, level=level)

    def extra_targets(self) -> dict[str, ErrorTarget]:
        return {"inhale": self.inhale, "exhale": self.exhale, "minutes": self.minutes}

    def _settings(self) -> None:
        """The pacer follows a setting once it is a number in range; until then it keeps the
        last good one and the field says what is wrong."""
        for f in (self.inhale, self.exhale, self.minutes):
            f.check()
        if self.inhale.number is not None:
            self.pacer.inhale = float(self.inhale.number)
        if self.exhale.number is not None:
            self.pacer.exhale = float(self.exhale.number)
        if self.minutes.number is not None:
            self.pacer.total = int(round(float(self.minutes.number) * 60))

    def state(self) -> dict[str, Any]:
        return {**self.base_state(), "inhale": self.inhale.value, "exhale": self.exhale.value,
                "minutes": self.minutes.value}

    def apply(self, state: dict[str, Any]) -> None:
        self.apply_base(state)
        self.inhale.value = state.get("inhale") or 4
        self.exhale.value = state.get("exhale") or 6
        self.minutes.value = state.get("minutes") or 2
        self._settings()
        if state.get("suds_before") is None and state.get("suds_after") is None:
            self.pacer.reset()

    def payload(self, state: dict[str, Any]) -> dict[str, Any]:
        return {"tool": "breathing", "suds_before": state["suds_before"],
                "suds_after": state["suds_after"], "note": state["note"],
                "inhale": self.inhale.number, "exhale": self.exhale.number,
                "seconds": self.pacer.elapsed or None, "breaths": self.pacer.breaths or None}


class GroundingPractice(_Practice):
    tool = "grounding"

    def __init__(self, ws: Workspace, *, prefix: str = "", level: int = 2):
        c = pack()
        self.senses: dict[str, Field] = {
            sense: Field.text(sense, c.text(f"regulation.grounding.senses.{sense}"), multiline=True,
                              rows=2)
            for sense in GROUNDING_SENSES
        }
        super().__init__(ws, list(self.senses.values()),
                         [f.control for f in self.senses.values()], prefix=prefix, level=level)

    def extra_targets(self) -> dict[str, ErrorTarget]:
        return {"grounding": _First(self.senses)}

    def state(self) -> dict[str, Any]:
        return {**self.base_state(), "grounding": {k: f.value for k, f in self.senses.items()}}

    def apply(self, state: dict[str, Any]) -> None:
        self.apply_base(state)
        given = state.get("grounding") or {}
        for k, f in self.senses.items():
            f.value = given.get(k) or ""

    def payload(self, state: dict[str, Any]) -> dict[str, Any]:
        grounding = {k: v for k, v in state["grounding"].items() if v.strip()}
        return {"tool": "grounding", "suds_before": state["suds_before"],
                "suds_after": state["suds_after"], "note": state["note"], "grounding": grounding}


class ResetPractice(_Practice):
    tool = "reset"

    def __init__(self, ws: Workspace, *, prefix: str = "", level: int = 2):
        c = pack()
        self.ideas = widgets.HTML(html.bullets(
            (html.join(html.tag("strong", c.text(f"regulation.reset.options.{r}")), ": ",
                       c.text(f"regulation.reset.how.{r}")) for r in RESETS if r != "other"),
            "aw-resets"))
        options = [(c.text("common.session.list.placeholder"), "")] + [
            (c.text(f"regulation.reset.options.{r}"), r) for r in RESETS]
        self.which = Field.choice("reset", c.text("regulation.reset.which"), options, value="")
        super().__init__(ws, [self.ideas, self.which], [self.which.control], prefix=prefix,
                         level=level)

    def extra_targets(self) -> dict[str, ErrorTarget]:
        return {"reset": self.which}

    def state(self) -> dict[str, Any]:
        return {**self.base_state(), "reset": self.which.value}

    def apply(self, state: dict[str, Any]) -> None:
        self.apply_base(state)
        self.which.value = state.get("reset") or ""

    def payload(self, state: dict[str, Any]) -> dict[str, Any]:
        return {"tool": "reset", **{k: state[k] for k in ("suds_before", "suds_after", "note", "reset")}}


class _First:
    """Show a group error beside the first field of the group."""

    def __init__(self, fields: dict[str, Field]):
        self.field = next(iter(fields.values()))

    def set_error(self, message: str) -> None:
        self.field.set_error(message)

    def clear_error(self) -> None:
        self.field.clear_error()


class Toolkit(widgets.VBox):
    """The three practices behind one chooser. ``compact`` is the folded-away panel (its
    drafts are kept apart from workbook 02's own forms)."""

    def __init__(self, ws: Workspace, *, compact: bool = False):
        c = pack()
        prefix = "calm:" if compact else ""
        self.ws = ws
        self.practices: dict[str, _Practice] = {
            "breathing": BreathingPractice(ws, prefix=prefix, level=3),
            "grounding": GroundingPractice(ws, prefix=prefix, level=3),
            "reset": ResetPractice(ws, prefix=prefix, level=3),
        }
        self.chooser = widgets.ToggleButtons(
            options=[(c.text(f"regulation.tools.{k}"), k) for k in self.practices], value="breathing",
            style={"button_width": "auto"},
        )
        self.chooser.add_class("aw-tool-chooser")
        self.chooser.add_class("aw-named-tools")  # a radio group named "Choose a practice"
        self.chooser.observe(lambda _c: self._show(), names="value")
        self.no_client = widgets.HTML()
        intro = [heading(c.text("regulation.toolkit_heading")), paragraph(c.text("common.calm.intro"))]
        super().__init__([*intro, self.no_client, self.chooser, *self.practices.values()])
        self.add_class("aw-toolkit")
        self._show()
        if ws.client is not None:
            for form in self.practices.values():
                form.load()
        elif compact:
            self.no_client.value = html.help_text(c.text("common.calm.no_client"))

    def _show(self) -> None:
        for key, form in self.practices.items():
            form.layout.display = "flex" if key == self.chooser.value else "none"
