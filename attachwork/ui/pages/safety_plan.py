"""The safety plan: seven parts in the client's own words (Stanley and Brown, 2012), built
together in session and kept by the client at home. Every risk message links here; it prints
on its own, goes in the handout, and travels in the hand-back files like any entry. When it
changes at home the therapist sees so at the top of the next session.
"""

from __future__ import annotations

import ipywidgets as widgets

from attachwork import workbooks
from attachwork.content import pack
from attachwork.domain.records import SAFETY_PLAN_PARTS
from attachwork.store import Store
from attachwork.ui import html
from attachwork.ui.forms import TextFieldsForm
from attachwork.ui.widgets import Field
from attachwork.ui.workbook_page import WorkbookPage, open_workbook
from attachwork.ui.workspace import Workspace

SPEC = workbooks.SAFETY_PLAN
K = SPEC.key


class SafetyPlanForm(TextFieldsForm):
    kind = "safety_plan"
    keep_after_save = True
    resume_latest = True

    def __init__(self, ws: Workspace):
        c = pack()
        self.copy = widgets.HTML()
        super().__init__(ws, K, {
            part: Field.text(part, f"{n}. {c.text(f'{K}.parts.{part}')}", c.text(f"{K}.help.{part}"),
                             multiline=True, rows=3)
            for n, part in enumerate(SAFETY_PLAN_PARTS, start=1)}, after=[self.copy])
        self.print_button = widgets.Button(description=c.text(f"{K}.print"))
        self.print_button.on_click(ws.safe(lambda _b: self.make_copy()))
        self.actions.children = (*self.actions.children, self.print_button)

    def make_copy(self) -> None:
        """The plan as one page to print or keep, offered from the page (nothing on the server)."""
        from attachwork.services.summaries import render_safety_plan, safety_plan_parts

        c = pack()
        ws = self.ws
        if ws.client is None:
            return
        page = render_safety_plan(ws.client, safety_plan_parts(ws.store.entries(ws.client.id, "safety_plan")))
        name = f"{ws.client.pseudonym.replace(' ', '-')}_safety-plan.html"
        self.copy.value = html.para([c.text(f"{K}.print_ready"), " ", html.download_link(
            name, "text/html", page.encode("utf-8"), c.text(f"{K}.print_name", name=name))], role="status")
        ws.store.audit(ws.author, "export_safety_plan", ws.client.id, "")


class SafetyPlanPage(WorkbookPage):
    SPEC = SPEC

    def build(self) -> list[widgets.Widget]:
        self.plan = SafetyPlanForm(self.ws)
        self.forms.append(self.plan)
        return [self.plan]


def workbook(store: Store | None = None) -> widgets.Widget:
    """The safety plan page. Returns the widget to display (the notebook's last line)."""
    return open_workbook(SafetyPlanPage, store)
