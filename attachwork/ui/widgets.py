"""The widgets every workbook is built from.

* :class:`Field` and :class:`Form`: a labelled input with its message beside it;
* :class:`Notice`: a message area screen readers announce;
* :class:`SaveIndicator`: "Draft kept 10:41" / "Saved 10:42";
* :class:`Steps`: a step navigator showing "Step 2 of 5";
* :class:`CrisisPanel`: crisis resources one click away on every screen;
* :class:`SudsPicker`, :class:`CheckGroup`, :class:`DraftOffer`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from attachwork.content import pack
from attachwork.domain.records import Draft
from attachwork.domain.when import clock, local_time
from attachwork.store import Store
from attachwork.ui import html
from attachwork.ui.errors import guard
from attachwork.ui.html import crisis_html

STATIC = Path(__file__).resolve().parent / "static"
#: The widget that shows markup (named for the type hints of what takes one).
HTMLWidget = widgets.HTML
NOTHING = "\u2060aw-nothing"  # a dropdown's "Choose…" option (see Field.set_options)


# -- small pieces ------------------------------------------------------------------
def stylesheet() -> widgets.HTML:
    """The calm theme as a <style> block, so it applies under any Voila template."""
    sheet = widgets.HTML(html.tag("style", html.ours((STATIC / "theme.css").read_text(encoding="utf-8"))))
    sheet.layout.display = "contents"
    return sheet


def heading(text: str, level: int = 2) -> widgets.HTML:
    return widgets.HTML(html.heading(text, level))


def paragraph(text: str, css: str = "") -> widgets.HTML:
    """Paragraphs from (possibly multi-line) text; blank lines split paragraphs."""
    parts = [p.strip() for p in str(text).split("\n\n") if p.strip()]
    return widgets.HTML(html.join(html.para(" ".join(p.split()), css) for p in parts))


def live_area(**kwargs: Any) -> widgets.HTML:
    """A lasting live region: there from the start, so a change of its words is read out (a
    status element added already filled often is not). The page helpers give it its role."""
    area = widgets.HTML(**kwargs)
    area.add_class("aw-live")
    return area


class Notice(widgets.HTML):
    """A message area read out by screen readers when it changes (a lasting live region)."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.add_class("aw-notice-area")
        self.add_class("aw-live")

    def show(self, kind: str, text: str) -> None:
        self.value = html.notice(kind, text, live=False)

    def clear(self) -> None:
        self.value = html.ours("")


# -- fields ------------------------------------------------------------------------
class Field(widgets.VBox):
    """A labelled input (label linked to the control) with its help and message below.

    Help and message share one HTML widget: every model costs the page start-up time. The
    page helpers tie both to the control (``aria-describedby``) and mark it ``aria-invalid``
    while there is a message.
    """

    def __init__(self, name: str, control: widgets.Widget, label: str, help_text: str = ""):
        self.name = name
        self.control = control
        control.description = label
        if not isinstance(control, widgets.FileUpload):  # a button: its label is the description
            control.style = {"description_width": "initial"}
        control.add_class("aw-field")
        self._help = html.help_text(help_text) if help_text else html.ours("")
        self._message = ""
        self.error = widgets.HTML(self._help)
        self.error.add_class("aw-field-note")
        super().__init__([control, self.error])
        self.add_class("aw-field-box")

    @classmethod
    def text(cls, name: str, label: str, help_text: str = "", *, multiline: bool = False,
             placeholder: str = "", rows: int = 4) -> Field:
        if multiline:
            control = widgets.Textarea(placeholder=placeholder, rows=rows,
                                       layout=widgets.Layout(width="100%"))
        else:
            control = widgets.Text(placeholder=placeholder, layout=widgets.Layout(width="100%"))
        return cls(name, control, label, help_text)

    @classmethod
    def choice(cls, name: str, label: str, options: list[tuple[str, Any]], help_text: str = "",
               value: Any = None) -> Field:
        control = widgets.Dropdown(layout=widgets.Layout(width="100%"))
        field = cls(name, control, label, help_text)
        field.set_options(options)
        field.value = value
        return field

    def set_options(self, options: list[tuple[str, Any]]) -> None:
        """Options for a dropdown. A "Choose…" option may have the value ``None``: ipywidgets
        treats ``None`` as "nothing selected" (a blank box), so it is stored as a private
        marker and read back as ``None``."""
        self.control.options = [(text, NOTHING if v is None else v) for text, v in options]

    @property
    def value(self) -> Any:
        value = self.control.value
        return None if value == NOTHING else value

    @value.setter
    def value(self, new: Any) -> None:
        if new is None and isinstance(self.control, widgets.Dropdown):
            values = [o[1] if isinstance(o, tuple) else o for o in self.control.options]
            if NOTHING in values:
                new = NOTHING
        self.control.value = new

    def set_help(self, text: str) -> None:
        """Change the help shown under the field (a message, if any, stays)."""
        self._help = html.help_text(text) if text else html.ours("")
        self.error.value = html.join(self._help, html.error_text(self._message, live=False)) \
            if self._message else self._help

    def set_error(self, message: str) -> None:
        self._message = message
        self.error.value = html.join(self._help, html.error_text(message, live=False))
        self.add_class("aw-invalid")

    def clear_error(self) -> None:
        if self._message or self.error.value != self._help:
            self._message = ""
            self.error.value = self._help
            self.remove_class("aw-invalid")

    @property
    def has_error(self) -> bool:
        return bool(self._message)


class NumberField(Field):
    """A number typed as text and checked, never changed behind the person's back: "2.5"
    where a whole number belongs, letters, or a number out of range get a message beside the
    field (the typed text stays as it is). ``value`` is the text; ``number`` the number, or
    ``None`` when the box is empty or the text is not a number in range."""

    def __init__(self, name: str, label: str, lo: float, hi: float, *, whole: bool = True,
                 default: float | None = None, help_text: str = "", width: str = "7em"):
        self.lo, self.hi, self.whole = lo, hi, whole
        text = "" if default is None else (str(int(default)) if whole else f"{default:g}")
        control = widgets.Text(value=text, layout=widgets.Layout(width=width))
        super().__init__(name, control, label, help_text)
        self.add_class("aw-number")

    def _parse(self) -> tuple[float | None, str]:
        raw = (self.control.value or "").strip().replace(",", ".") if not self.whole else \
            (self.control.value or "").strip()
        if not raw:
            return None, ""
        c = pack()
        try:
            number = int(raw) if self.whole else float(raw)
        except ValueError:
            return None, c.text("common.validation.number" if self.whole else "common.validation.decimal")
        if number != number or number < self.lo:  # NaN or too low
            return None, c.text("common.validation.too_low", ge=_show(self.lo))
        if number > self.hi:
            return None, c.text("common.validation.too_high", le=_show(self.hi))
        return number, ""

    @property
    def number(self) -> float | None:
        return self._parse()[0]

    @property
    def value(self) -> Any:
        """The number when the text is one in range, else the text as typed (``None`` when
        empty), so a draft keeps exactly what was typed."""
        raw = self.control.value or ""
        if not raw.strip():
            return None
        number, problem = self._parse()
        return raw if problem or number is None else number

    @value.setter
    def value(self, new: Any) -> None:
        if new is None:
            self.control.value = ""
        elif isinstance(new, float) and self.whole and new.is_integer():
            self.control.value = str(int(new))
        else:
            self.control.value = new if isinstance(new, str) else f"{new:g}" if isinstance(new, float) \
                else str(new)

    def problem(self) -> str:
        """What is wrong with the typed text ("" when it is a number in range or empty)."""
        return self._parse()[1]

    def check(self) -> bool:
        """Show (or clear) the message beside the field; whether the text is usable."""
        problem = self.problem()
        if problem:
            self.set_error(problem)
        else:
            self.clear_error()
        return not problem


def _show(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class Form:
    """A group of fields checked together against a schema."""

    def __init__(self, fields: list[Field]):
        self.fields = {f.name: f for f in fields}

    def values(self) -> dict[str, Any]:
        return {name: f.value for name, f in self.fields.items()}

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, f in self.fields.items():
            if name in errors:
                f.set_error(errors[name])
            else:
                f.clear_error()

    def clear(self) -> None:
        for f in self.fields.values():
            f.clear_error()

    def reset(self, values: dict[str, Any] | None = None) -> None:
        for name, f in self.fields.items():
            if values and name in values:
                f.value = values[name]
            elif isinstance(f.control, widgets.Text | widgets.Textarea):
                f.value = ""
        self.clear()


# -- save indicator ------------------------------------------------------------------
class SaveIndicator(widgets.HTML):
    """Where saving stands: never, a draft kept, saving, saved at a time, failed.

    The page header has one (a lasting live region, read out by screen readers); each form
    has a quiet one beside its save button (``beside=True``: blank until that form saves or keeps a draft),
    so the status is in view where the person pressed, even when the header has scrolled away.
    """

    def __init__(self, *, beside: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.add_class("aw-save")
        if not beside:  # a lasting live region (the page helpers give it its role once)
            self.add_class("aw-live")
        self.state = "never"
        if beside:
            self.add_class("aw-save-beside")
        else:
            self.never()

    def _set(self, state: str, text: str, css: str = "") -> None:
        self.state = state
        self.value = html.tag("span", text, cls=css)

    def never(self) -> None:
        self._set("never", pack().text("common.save.never"))

    def draft(self, when: dt.datetime | None = None) -> None:
        self._set("draft", pack().text("common.save.draft", time=clock(when)))

    def saving(self) -> None:
        self._set("saving", pack().text("common.save.saving"))

    def saved(self, when: dt.datetime | None = None) -> None:
        self._set("saved", pack().text("common.save.saved", time=clock(when)), "aw-saved")

    def failed(self) -> None:
        self._set("failed", pack().text("common.save.failed"), "aw-failed")


def _no_focus(_selector: str) -> None:
    """Where a widget asks for focus before the page's helper is there (tests, failed pages)."""


class CrisisPanel:
    """A button for the header and the panel it opens. Text from ``common.crisis``.

    Opened from its button, focus moves to the panel's heading; closed with Close (or Escape,
    which presses Close), it goes back to the button. ``focus`` is the page's way to move
    focus (:meth:`attachwork.ui.address.Address.focus_on`)."""

    def __init__(self, focus: Callable[[str], None] = _no_focus) -> None:
        c = pack()
        self.focus = focus
        self.button = widgets.Button(
            description=c.text("common.crisis.button"),
            tooltip=c.text("common.crisis.button_tooltip"),
            button_style="danger",
        )
        self.button.add_class("aw-crisis-button")
        self.button.add_class("aw-opens-crisis")
        self.close = widgets.Button(description=c.text("common.crisis.close"))
        self.close.add_class("aw-close")
        self.panel = widgets.VBox([widgets.HTML(crisis_html(region=False)), self.close])
        self.panel.add_class("aw-panel")
        self.panel.add_class("aw-crisis")
        self.panel.add_class("aw-panel-crisis")
        self.panel.layout.display = "none"
        self.button.on_click(lambda _b: self.toggle(focus=True))
        self.close.on_click(lambda _b: self.hide(focus=True))

    @property
    def visible(self) -> bool:
        return self.panel.layout.display != "none"

    def show(self, *, focus: bool = False) -> None:
        """Open the panel (``focus``: and move focus to its heading; not when the page opens
        it by itself, after words that suggest risk were saved)."""
        self.panel.layout.display = "flex"
        if focus:
            self.focus(".aw-panel-crisis h2")

    def hide(self, *, focus: bool = False) -> None:
        self.panel.layout.display = "none"
        if focus:
            self.focus(".aw-opens-crisis")

    def toggle(self, *, focus: bool = False) -> None:
        self.hide() if self.visible else self.show(focus=focus)


# -- steps ---------------------------------------------------------------------------
class Steps(widgets.VBox):
    """Shows one step at a time, with "Step 2 of 5", a progress bar and Back / Next.

    The step list is a named navigation region (one tab stop, the arrow keys move along it,
    Enter or Space opens a step); after Back, Next or a step chosen there, focus moves to the
    new step's heading (through ``focus``, the page's way to move focus)."""

    def __init__(self, steps: list[tuple[str, widgets.Widget]], **kwargs: Any):
        c = pack()
        self.titles = [t for t, _ in steps]
        self.pages = [w for _, w in steps]
        self.current = 0
        self.unlocked = 1
        self.focus: Callable[[str], None] = _no_focus
        self._listeners: list[Callable[[int], None]] = []
        self.header = live_area()
        self.steplist = widgets.ToggleButtons(
            options=[(f"{i + 1}. {t}", i) for i, t in enumerate(self.titles)], value=0,
            tooltips=self.titles, style={"button_width": "auto"},
        )
        self.steplist.add_class("aw-steplist")
        self.steplist.add_class("aw-manual")
        self.steplist.add_class("aw-named-steps")  # "Workbook steps", its region and its group
        self.back = widgets.Button(description=c.text("common.steps.back"))
        self.next = widgets.Button(description=c.text("common.steps.next"), button_style="primary")
        self.back.on_click(lambda _b: self.go(self.current - 1, focus=True))
        self.next.on_click(lambda _b: self.go(self.current + 1, focus=True))
        self.steplist.observe(self._picked, names="value")
        for i, page in enumerate(self.pages):
            page.add_class("aw-panel")
            page.add_class(f"aw-step-{i + 1}")
        nav = widgets.HBox([self.back, self.next])
        nav.add_class("aw-nav")
        super().__init__([self.header, self.steplist, *self.pages, nav], **kwargs)
        self.add_class("aw-steps")
        self._render()

    def on_change(self, fn: Callable[[int], None]) -> None:
        self._listeners.append(fn)

    def unlock(self, count: int | None = None) -> None:
        """Allow moving past the first step (e.g. once a client is chosen)."""
        self.unlocked = len(self.pages) if count is None else count
        self._render()

    def lock(self) -> None:
        self.unlocked = 1
        self.go(0)

    def _picked(self, change: dict) -> None:
        if change["new"] is not None and change["new"] != self.current:
            self.go(change["new"], focus=True)

    def go(self, index: int, *, focus: bool = False) -> None:
        """Show step ``index`` (0-based); ``focus``: a person asked for it, so focus moves to
        the step's heading."""
        index = max(0, min(index, self.unlocked - 1, len(self.pages) - 1))
        changed = index != self.current
        self.current = index
        self._render()
        if changed:
            for fn in self._listeners:
                fn(index)
        if changed and focus:
            self.focus(f".aw-step-{index + 1} :is(h2, h3)")

    def _render(self) -> None:
        c = pack()
        total = len(self.pages)
        for i, page in enumerate(self.pages):
            page.layout.display = "flex" if i == self.current else "none"
        progress = c.text("common.steps.progress", current=self.current + 1, total=total)
        self.header.value = html.tag("div", [
            html.para([html.tag("strong", progress), f" · {self.titles[self.current]}"]),
            html.tag("progress", None, cls="aw-progress", max=total, value=self.current + 1,
                     aria_label=progress)], cls="aw-steps-head")
        self.steplist.value = self.current
        self.back.disabled = self.current == 0
        self.next.disabled = self.current >= min(self.unlocked, total) - 1
        self.steplist.disabled = self.unlocked <= 1


# -- small inputs ----------------------------------------------------------------------
def anchored_options(values: range, anchors_key: str, suffix: str = "") -> list[tuple[str, Any]]:
    """Options for a rating dropdown: "Choose…", then each value, with the words of the
    content pack's anchors beside the values that have one ("8 · very strong")."""
    c = pack()
    anchors = {int(k): v for k, v in c.get(anchors_key).items()}
    options: list[tuple[str, Any]] = [(c.text("common.session.list.placeholder"), None)]
    for v in values:
        options.append((f"{v}{suffix} · {anchors[v]}" if v in anchors else f"{v}{suffix}", v))
    return options


class SudsPicker(widgets.VBox):
    """Distress 0-10 as eleven buttons, with the meaning of the chosen number: one radio
    group named by its question, its help and message read with it."""

    def __init__(self, label_key: str = "common.suds.label", css: str = "aw-suds"):
        c = pack()
        self.buttons = widgets.ToggleButtons(
            options=[(str(v), v) for v in range(11)], value=None,
            tooltips=[self._anchor(v) for v in range(11)], style={"button_width": "3.1em"},
        )
        self.buttons.add_class("aw-scale")
        self.buttons.add_class(css)
        self.meaning = live_area()
        self.message = widgets.HTML()
        self.message.add_class("aw-field-note")
        self.buttons.observe(lambda _c: self._show(), names="value")
        label = widgets.HTML(html.join(
            html.para(html.tag("strong", c.text(label_key)), "aw-rating-label"),
            html.help_text(c.text("common.suds.help"))))
        label.add_class("aw-field-note")
        super().__init__([label, self.buttons, self.meaning, self.message])
        self.add_class("aw-rating")
        self.add_class("aw-field-box")

    @staticmethod
    def _anchor(value: int) -> str:
        anchors = pack().get("common.suds.anchors", {})
        best = max((k for k in anchors if int(k) <= value), default=0)
        return str(anchors.get(best, ""))

    def _show(self) -> None:
        v = self.buttons.value
        self.message.value = ""
        if v is None:
            self.meaning.value = ""
            return
        text = pack().text("common.suds.value_text", value=v, anchor=self._anchor(v))
        self.meaning.value = html.para(text)

    def set_error(self, message: str) -> None:
        self.message.value = html.error_text(message, live=False)
        self.add_class("aw-invalid")

    def clear_error(self) -> None:
        self.message.value = ""
        self.remove_class("aw-invalid")

    @property
    def value(self) -> int | None:
        return self.buttons.value

    @value.setter
    def value(self, v: int | None) -> None:
        self.buttons.value = v if v in range(11) else None


class CheckGroup(widgets.VBox):
    """Several ticks under one heading (a group named by it), value = the ticked keys."""

    def __init__(self, name: str, label: str, options: list[tuple[str, str]]):
        self.name = name
        self.boxes = {key: widgets.Checkbox(value=False, description=text, indent=False,
                                            style={"description_width": "initial"})
                      for text, key in options}
        for box in self.boxes.values():
            box.add_class("aw-field")
        self.error = widgets.HTML()
        self.error.add_class("aw-field-note")
        legend = widgets.HTML(html.para(html.tag("strong", label), "aw-group-label"))
        row = widgets.HBox(list(self.boxes.values()))
        row.add_class("aw-checkrow")
        row.layout.flex_flow = "row wrap"
        super().__init__([legend, row, self.error])
        self.add_class("aw-field-box")
        self.add_class("aw-group")

    @property
    def value(self) -> list[str]:
        return [k for k, b in self.boxes.items() if b.value]

    @value.setter
    def value(self, keys: list[str] | None) -> None:
        chosen = set(keys or [])
        for k, b in self.boxes.items():
            b.value = k in chosen

    def observe_all(self, fn: Callable[[Any], None]) -> None:
        for b in self.boxes.values():
            b.observe(fn, names="value")

    def set_error(self, message: str) -> None:
        self.error.value = html.error_text(message, live=False)
        self.add_class("aw-invalid")

    def clear_error(self) -> None:
        self.error.value = ""
        self.remove_class("aw-invalid")


# -- drafts ----------------------------------------------------------------------------
class DraftOffer(widgets.VBox):
    """"You have unsaved work from ...": carry on with it, or start fresh.

    Drafts are kept per browser tab (``tab``), so two tabs never overwrite each other's typing;
    every tab's draft of the form is offered back (one button each when there are several).
    ``current`` returns what the form holds now (no offer when a draft is the same);
    ``apply`` puts the draft back into the form, and it becomes this tab's draft.
    """

    def __init__(self, notice: Notice, tab: str = ""):
        super().__init__()
        self.notice = notice
        self.tab = tab
        self.children: list[widgets.Widget] = []

    def offer(self, store: Store, client_id: str, key: str, current: Callable[[], dict[str, Any]],
              apply: Callable[[dict[str, Any]], None],
              on_restored: Callable[[Draft], None] | None = None) -> bool:
        c = pack()
        self.children = []
        now = current()
        drafts = [d for d in store.drafts_for(client_id, key) if d.payload != now]
        if not drafts:
            return False
        safe = guard(self.notice)

        def restorer(draft: Draft) -> Callable[[Any], None]:
            def do_restore(_b: Any) -> None:
                apply(draft.payload)
                if draft.tab != self.tab:  # it is this tab's draft from now on
                    store.save_draft(client_id, key, draft.payload, tab=self.tab)
                    store.discard_draft(client_id, key, tab=draft.tab)
                self.children = []
                self.notice.show("ok", c.text("common.draft.restored"))
                if on_restored:
                    on_restored(draft)
            return do_restore

        def do_discard(_b: Any) -> None:
            for d in drafts:
                store.discard_draft(client_id, key, tab=d.tab)
            self.children = []
            self.notice.show("info", c.text("common.draft.discarded"))

        def when(d: Draft) -> str:
            return local_time(d.updated_at) if d.updated_at else ""

        buttons = []
        for d in drafts:
            label = (c.text("common.draft.restore") if len(drafts) == 1
                     else c.text("common.draft.restore_one", when=when(d)))
            button = widgets.Button(description=label, button_style="primary")
            button.on_click(safe(restorer(d)))
            buttons.append(button)
        discard = widgets.Button(description=c.text("common.draft.discard"))
        discard.on_click(safe(do_discard))
        found = (c.text("common.draft.found", when=when(drafts[0])) if len(drafts) == 1
                 else c.text("common.draft.found_many", count=len(drafts)))
        text = widgets.HTML(html.notice("warn", found))
        self.children = [text, widgets.HBox([*buttons, discard])]
        return True

    def clear(self) -> None:
        self.children = []
