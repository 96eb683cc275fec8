"""A real Voila server (``attachwork serve``) and Debian's Chromium, and the ways a person
reaches a page: controls found by their visible names and used with the keyboard."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ATTACHWORK_CHROMIUM", "/usr/bin/chromium")
TOKEN = "browser-test-token"
#: A name the practice configures (ATTACHWORK_ALLOWED_HOSTS) besides the local ones.
PRACTICE_HOST = "workbooks.practice.test"
LOCAL_PREFIXES = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class VoilaServer:
    port: int
    data_dir: Path
    proc: subprocess.Popen
    log: Path

    def url(self, notebook: str) -> str:
        return f"http://127.0.0.1:{self.port}/voila/render/{notebook}?token={TOKEN}"

    def store(self):
        """The server's own store, opened beside it (the caller closes it)."""
        from attachwork.store import Store

        return Store.open(f"sqlite:///{self.data_dir / 'attachwork.sqlite3'}")


def start_server(data: Path, *extra: str) -> VoilaServer:
    """``attachwork serve`` on a free port with its own data folder (and any extra flags)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run bin/test, which installs it")
    log = data / "voila.log"
    port = _free_port()
    env = {**os.environ, "ATTACHWORK_DATA_DIR": str(data), "ATTACHWORK_TOKEN": TOKEN,
           "ATTACHWORK_ALLOWED_HOSTS": PRACTICE_HOST}
    env.pop("ATTACHWORK_DB_URL", None)
    env.pop("ATTACHWORK_MODE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "attachwork.app.cli", "serve", str(ROOT / "workbooks"),
         "--port", str(port), *extra],
        env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=ROOT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("Voila exited early:\n" + log.read_text())
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("Voila did not start:\n" + log.read_text())
    return VoilaServer(port, data, proc, log)


def stop_server(server: VoilaServer, name: str = "voila.log") -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.proc.kill()
    artifacts = os.environ.get("ATTACHWORK_TEST_ARTIFACTS")
    if artifacts:
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(server.log, Path(artifacts) / name)


@dataclass
class Watch:
    """What a page asked for outside this machine, and the errors it raised."""

    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def open_workbook(page, server: VoilaServer, notebook: str):
    page.goto(server.url(notebook))
    page.get_by_role("button", name="Need help now?").wait_for(timeout=90_000)
    return page


def press(page, role: str, name: str, key: str = "Enter", exact: bool = True) -> None:
    """Reach a control by its visible name and use it with the keyboard."""
    target = page.get_by_role(role, name=name, exact=exact)
    expect(target).to_be_enabled(timeout=20_000)
    target.focus()
    page.keyboard.press(key)


def type_into(page, label: str, text: str, *, within: str | None = None) -> None:
    """Type at a person's pace, then pause as a person does. (ipywidgets holds back a field's
    newest value while the kernel has not answered its last one but sends a click at once;
    the page keeps the typing ahead of the click, ``static/order.js``, proved on a slow
    kernel by ``test_a_label_typed_and_saved_at_once_on_a_slow_server_is_saved_whole``.)
    ``within``: the field of that panel (both hand-back panels have a passphrase)."""
    (page.locator(within) if within else page).get_by_label(label, exact=True).focus()
    page.keyboard.type(text, delay=15)
    page.wait_for_timeout(300)


def open_hand_back_file(page, path: str, passphrase: str) -> None:
    """Choose a hand-back file (Playwright answers the system's file chooser), type its
    passphrase and check it."""
    with page.expect_file_chooser() as chooser:
        page.locator(".aw-receive .widget-upload").click()
    chooser.value.set_files(path)
    type_into(page, "Passphrase", passphrase, within=".aw-receive")
    press(page, "button", "Check the file")


def log_a_moment(page, story: str, *, happened: str = "(Fictional) a long quiet evening",
                 other: str = "(Fictional) we were both tired") -> None:
    """Fill in and save a trigger log (workbook 01, its step already open)."""
    type_into(page, "What happened?", happened)
    page.get_by_label("What kind of moment was it?").select_option(
        label="Conflict or not knowing where I stand")
    type_into(page, "The story my mind told", story)
    type_into(page, "Another possible story", other)
    page.get_by_label("How strong was the feeling? (0 to 10)").select_option(label="8 · very strong")
    press(page, "button", "Save this entry")


#: The consent box of the new-client form (ticked before any profile is stored).
CONSENT = 'We have read "Before we begin" together'


def new_client(page, name: str) -> None:
    press(page, "checkbox", CONSENT, " ", exact=False)
    type_into(page, "Code name", name)
    press(page, "button", "Add client")
    expect(page.get_by_text(f"Working with {name}.")).to_be_visible()


def step(page, title: str) -> None:
    """Open a step from the step list (a radio group: the steps are radio buttons)."""
    press(page, "radio", title, exact=False)
    expect(page.locator(".aw-steps-head")).to_contain_text(title.split(". ", 1)[1])


_SETTLE = """([quiet, most]) => new Promise((done) => {
  let timer;
  const end = () => { watch.disconnect(); window.clearTimeout(timer); done(); };
  // a breathing pacer or a chart animating is not the page still being drawn
  const moving = (node) => (node.nodeType === 1 ? node : node.parentElement)
    ?.closest(".aw-pacer, .js-plotly-plot, .aw-announcer");
  const watch = new MutationObserver((changes) => {
    if (changes.every((c) => moving(c.target))) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(end, quiet);
  });
  watch.observe(document.body, {subtree: true, childList: true, characterData: true,
                                attributes: true, attributeFilter: ["class", "style", "hidden"]});
  timer = window.setTimeout(end, quiet);
  window.setTimeout(end, most);
})"""


def shown(page, text: str):
    """A notice as the page shows it. The screen-reader announcer repeats every notice in a
    live region outside ``.aw-app``, so a plain text match on the page would find it twice."""
    return page.locator(".aw-app").get_by_text(text)


def settle(page, quiet_ms: int = 250, most_ms: int = 3000) -> None:
    """Wait until the page has added, changed, shown or hidden no node for ``quiet_ms`` (the
    widgets of a step the kernel has just sent are drawn), at most ``most_ms``: instead of a
    fixed sleep before a check of the whole page. Call it once the kernel has answered (the
    step's heading has changed): it does not wait for an answer still to come."""
    page.evaluate(_SETTLE, [quiet_ms, most_ms])


def axe_findings(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


# -- accessibility -----------------------------------------------------------------------------
#: axe's findings the page may not have: every serious and critical one, and every moderate one
#: (the stock one-button Voila page has none; test_access checks that it still has none).
BLOCKING = ("critical", "serious", "moderate")


def axe_report(page, impacts: tuple[str, ...] = BLOCKING) -> list[str]:
    """axe's findings of the given impacts, one line each (rule, impact, where)."""
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"] if v["impact"] in impacts]


_STRUCTURE = """() => {
  const shown = (el) => el.getClientRects().length > 0
      && getComputedStyle(el).visibility !== "hidden";
  const text = (el) => (el.textContent || "").replace(/\\s+/g, " ").trim();
  const named = (el) => (el.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean)
      .map((id) => document.getElementById(id)).filter(Boolean).map(text).join(" ")
      || el.getAttribute("aria-label") || "";
  const out = [];
  const mains = document.querySelectorAll("main, [role=main]").length;
  if (mains !== 1) out.push(`${mains} main landmarks`);
  if (/\\.ipynb$|^$/.test(document.title.trim())) out.push(`page title is "${document.title}"`);
  let last = 0;
  for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    if (!shown(h)) continue;
    const level = Number(h.tagName[1]);
    if ((last === 0 && level !== 1) || level > last + 1)
      out.push(`h${level} after h${last}: ${text(h).slice(0, 50)}`);
    last = level;
  }
  const regions = {};
  for (const r of document.querySelectorAll("section[aria-label], [role=region], nav, [role=navigation]")) {
    if (!shown(r)) continue;
    const name = named(r) || "(none)";
    const kind = r.matches("nav, [role=navigation]") ? "navigation" : "region";
    if (regions[kind + name]) out.push(`two ${kind} regions named "${name}"`);
    regions[kind + name] = true;
  }
  for (const g of document.querySelectorAll(".widget-toggle-buttons")) {
    if (!shown(g)) continue;
    const group = g.querySelector(":scope > div");
    if (!group || group.getAttribute("role") !== "radiogroup") {
      out.push("a button group that is not a radio group");
      continue;
    }
    if (!named(group)) out.push("a radio group without a name");
    const radios = group.querySelectorAll("[role=radio]");
    const stops = Array.from(radios).filter((r) => r.getAttribute("tabindex") === "0");
    if (!Array.from(radios).every((r) => r.disabled) && stops.length !== 1)
      out.push(`a radio group with ${stops.length} tab stops: ${named(group)}`);
    const checked = Array.from(radios).filter((r) => r.getAttribute("aria-checked") === "true");
    const active = Array.from(radios).filter((r) => r.classList.contains("mod-active"));
    if (checked.length !== active.length || checked.some((r, i) => r !== active[i]))
      out.push(`aria-checked out of step: ${named(group)}`);
  }
  const names = new Map();
  const fields = ".aw-app textarea, .aw-app input[type=text], .aw-app input[type=password]";
  for (const f of document.querySelectorAll(fields)) {
    if (!shown(f)) continue;
    const own = named(f) || (f.labels && f.labels.length ? text(f.labels[0]) : "");
    const form = f.closest(".aw-worksheet, .aw-panel") || document.body;
    if (!names.has(form)) names.set(form, {});
    if (!own) out.push("a text field without a name");
    else if (names.get(form)[own]) out.push(`two text fields in one form named "${own}"`);
    names.get(form)[own] = true;
  }
  return out;
}"""


def structure_findings(page) -> list[str]:
    """What axe does not look at: one main landmark and a page title, headings in order (the
    first an h1, never a level skipped going down), region names used once, every button group a
    named radio group with one tab stop and aria-checked in step, and every text field shown
    with a name, and a name of its own within its form."""
    return page.evaluate(_STRUCTURE)


def focused(page) -> dict:
    """The focused element: tag, role, its words (or its label's), and a few attributes."""
    return page.evaluate("""() => {
      const el = document.activeElement;
      const text = (n) => (n ? n.textContent : "").replace(/\\s+/g, " ").trim();
      const by = (el.getAttribute("aria-labelledby") || "").split(" ").map((i) => document.getElementById(i));
      return {tag: el.tagName.toLowerCase(), role: el.getAttribute("role") || "",
              text: text(el).slice(0, 80), label: el.labels && el.labels.length ? text(el.labels[0])
              : by.filter(Boolean).map(text).join(" "), invalid: el.getAttribute("aria-invalid") || "",
              expanded: el.getAttribute("aria-expanded") || "",
              checked: el.getAttribute("aria-checked") || "",
              described: (el.getAttribute("aria-describedby") || "").split(" ")
                .map((i) => document.getElementById(i)).filter(Boolean).map(text).join(" "),
              group: el.closest("[role=radiogroup]") ? text(document.getElementById(
                (el.closest("[role=radiogroup]").getAttribute("aria-labelledby") || "").split(" ")[0]))
                || el.closest("[role=radiogroup]").getAttribute("aria-label") || "" : ""};
    }""")


class Keys:
    """A keyboard that counts its presses (letters typed into a field are counted apart)."""

    def __init__(self, page, limit: int = 80):
        self.page, self.limit = page, limit
        self.presses = 0
        self.typed = 0

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)
            self.presses += 1
            self.page.wait_for_timeout(40)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=15)
        self.typed += len(text)
        self.page.wait_for_timeout(300)

    def tab_to(self, want, back: bool = False) -> dict:
        """Press Tab (or Shift+Tab) until ``want(focused(page))`` holds."""
        for _ in range(self.limit):
            self.press("Shift+Tab" if back else "Tab")
            now = focused(self.page)
            if want(now):
                return now
        raise AssertionError(f"never reached by Tab; last focus {focused(self.page)}")

    def choose(self, group: str, option: str, *, activate: str = "", back: bool = False) -> None:
        """In the radio group named ``group`` (a rating or the step list), land on ``option``:
        Tab into the group (Shift+Tab with ``back``), then the arrow keys; Space where nothing
        was chosen yet and the first option is the one (``activate`` Enter for the step list,
        where the arrows only move)."""
        self.tab_to(lambda f: f["role"] == "radio" and f["group"].startswith(group), back=back)
        for _ in range(15):
            if focused(self.page)["text"] == option:
                break
            self.press("ArrowRight")
        now = focused(self.page)
        assert now["text"] == option, now
        if activate:
            self.press(activate)
        elif now["checked"] != "true":
            self.press(" ")
