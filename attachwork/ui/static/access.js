// What a keyboard and a screen reader need that ipywidgets does not give, for the whole page.
// Run once per page by the page's Address widget (one model, not one per field); everything
// is keyed by the classes the Python widgets put on their elements:
// * rating groups (every ToggleButtons): a radiogroup named by its question, aria-checked on
//   the chosen option, one tab stop with the arrow keys inside (roving tabindex); the step
//   list (`aw-manual`) moves focus with the arrows and opens a step on Enter or Space;
// * fields (`aw-field-box`): help and message read with the control (aria-describedby),
//   aria-invalid while the box is marked `aw-invalid`; named groups (`aw-group`);
// * lasting live regions (`aw-live`): role=status set once, so a change of text is read;
//   a status element a page adds already filled is read through one polite announcer;
// * panels opened from the header (`aw-opens-KEY` / `aw-panel-KEY`): aria-expanded and
//   aria-controls on the button, Escape closes (the panel's `aw-close` button);
// * the client chooser (`aw-client-select`): the arrow keys look through the list without
//   loading anyone; Enter (or the Open button) loads the one shown;
// * one main landmark, the step list a named navigation region.

const FOCUSABLE = "[role=radio][tabindex='0'], input:not([type=hidden]):not([disabled]), textarea:not([disabled]), select:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";
let counter = 0;

function idFor(el) {
  if (!el.id) el.id = `aw-a${++counter}`;
  return el.id;
}

export function shown(el) {
  return !!(el && el.isConnected && el.getClientRects().length);
}

function setAttr(el, name, value) {
  if (value === null || value === undefined || value === "") {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) {
    el.setAttribute(name, value);
  }
}

/** The first control inside `target` a person can use, or `target` itself made focusable. */
export function focusTarget(target) {
  const inside = Array.from(target.querySelectorAll(FOCUSABLE))
    .filter((e) => !(e.getAttribute("role") === "radio" && e.getAttribute("tabindex") === "-1"))
    .find(shown);
  if (target.matches(FOCUSABLE) || !inside) {
    if (!target.matches(FOCUSABLE) && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    return target;
  }
  return inside;
}

// -- rating groups ---------------------------------------------------------------------------
function groupName(view, labels) {
  const label = view.querySelector(":scope > label.widget-label");
  if (label && label.style.display !== "none" && label.textContent.trim()) return { by: idFor(label) };
  for (const cls of view.classList) {
    if (cls.startsWith("aw-named-") && labels[cls.slice(9)]) return { label: labels[cls.slice(9)] };
  }
  const box = view.closest(".aw-rating");
  const named = box && box.querySelector(".aw-rating-label");
  if (named) return { by: idFor(named) };
  return {};
}

function syncGroup(view, labels) {
  const group = view.querySelector(":scope > div");
  if (!group) return;
  const buttons = Array.from(group.querySelectorAll(":scope > button"));
  setAttr(group, "role", "radiogroup");
  const name = groupName(view, labels);
  setAttr(group, "aria-labelledby", name.by);
  setAttr(group, "aria-label", name.label);
  if (view.classList.contains("aw-steplist")) {
    setAttr(view, "role", "navigation");
    setAttr(view, "aria-label", labels.steps);
  }
  const chosen = buttons.findIndex((b) => b.classList.contains("mod-active"));
  const focused = buttons.indexOf(document.activeElement);
  const usable = buttons.filter((b) => !b.disabled);
  let stop = focused >= 0 ? buttons[focused] : buttons[chosen];
  if (!stop || stop.disabled) stop = usable[0];
  buttons.forEach((b, i) => {
    setAttr(b, "role", "radio");
    setAttr(b, "aria-checked", i === chosen ? "true" : "false");
    setAttr(b, "tabindex", b === stop ? "0" : "-1");
  });
}

const NEXT = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

function onGroupKey(event) {
  const button = event.target;
  if (!(button instanceof HTMLElement) || button.getAttribute("role") !== "radio") return false;
  const group = button.parentElement;
  const view = group && group.parentElement;
  if (!view || !view.classList.contains("widget-toggle-buttons")) return false;
  const buttons = Array.from(group.querySelectorAll(":scope > button")).filter((b) => !b.disabled);
  const at = buttons.indexOf(button);
  let to = -1;
  if (event.key in NEXT) to = (at + NEXT[event.key] + buttons.length) % buttons.length;
  else if (event.key === "Home") to = 0;
  else if (event.key === "End") to = buttons.length - 1;
  if (to < 0 || !buttons.length) return false;
  event.preventDefault();
  const target = buttons[to];
  buttons.forEach((b) => b.setAttribute("tabindex", b === target ? "0" : "-1"));
  target.focus();
  // a rating is chosen as the arrow lands on it (as native radio buttons do); the step list
  // only moves, and opens a step on Enter or Space
  if (!view.classList.contains("aw-manual")) target.click();
  return true;
}

// -- fields ----------------------------------------------------------------------------------
function own(box, nodes) {
  return Array.from(nodes).filter((n) => n.closest(".aw-field-box") === box);
}

function syncField(box, announce) {
  const groups = own(box, box.querySelectorAll("[role=radiogroup]"));
  const inputs = own(box, box.querySelectorAll("input:not([type=hidden]):not([type=file]), textarea, select"));
  const notes = own(box, box.querySelectorAll(".aw-help, .aw-error-text"));
  const errors = notes.filter((n) => n.classList.contains("aw-error-text"));
  const described = notes.map(idFor).join(" ");
  const invalid = box.classList.contains("aw-invalid") || errors.length > 0;
  const checkboxes = inputs.filter((i) => i.type === "checkbox");
  const controls = groups.length ? groups : (box.classList.contains("aw-group") ? [] : inputs);
  for (const control of controls) {
    setAttr(control, "aria-describedby", described);
    setAttr(control, "aria-invalid", invalid ? "true" : null);
  }
  if (box.classList.contains("aw-group")) {
    setAttr(box, "aria-describedby", described);
    for (const c of checkboxes) setAttr(c, "aria-invalid", invalid ? "true" : null);
  }
  // a message that appears beside the field being worked in is read out
  const said = errors.map((e) => e.textContent.trim()).join(" ");
  if (said && said !== box.dataset.awSaid && box.contains(document.activeElement)) announce(said);
  box.dataset.awSaid = said;
}

function syncNamedGroup(group) {
  setAttr(group, "role", "group");
  const label = group.querySelector(".aw-group-label") || group.querySelector("label.widget-label");
  if (!label) return;
  setAttr(group, "aria-labelledby", idFor(label));
  // a field inside that is named with its group (eight "What I've seen" boxes, one per sign)
  for (const control of group.querySelectorAll(".aw-name-with-group")) {
    const input = control.querySelector("input, textarea, select");
    const own = control.querySelector("label.widget-label");
    if (input && own) setAttr(input, "aria-labelledby", `${idFor(own)} ${idFor(label)}`);
  }
}

// -- live regions ------------------------------------------------------------------------------
function makeAnnouncer() {
  const region = document.createElement("div");
  region.className = "aw-announcer";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  document.body.append(region);
  let timer = null;
  const say = (text) => {
    region.textContent = "";
    window.clearTimeout(timer);
    // a moment apart, so the same words said twice are read twice
    timer = window.setTimeout(() => { region.textContent = text; }, 60);
  };
  return { region, say };
}

function syncLive(el) {
  setAttr(el, "role", el.classList.contains("aw-alert") ? "alert" : "status");
  setAttr(el, "aria-live", el.classList.contains("aw-alert") ? "assertive" : "polite");
  // the region is read as a whole; nested regions would read it twice
  for (const inner of el.querySelectorAll("[role=status], [aria-live]")) {
    inner.removeAttribute("role");
    inner.removeAttribute("aria-live");
  }
}

// -- panels opened from the header -----------------------------------------------------------------
function panelsOf(root) {
  const out = [];
  for (const opener of root.querySelectorAll("[class*='aw-opens-']")) {
    const key = Array.from(opener.classList).find((c) => c.startsWith("aw-opens-")).slice(9);
    const panel = root.querySelector(`.aw-panel-${key}`);
    if (panel) out.push({ opener, panel });
  }
  return out;
}

function syncPanel({ opener, panel }) {
  setAttr(opener, "aria-controls", idFor(panel));
  setAttr(opener, "aria-expanded", shown(panel) ? "true" : "false");
}

// -- the client chooser --------------------------------------------------------------------------
const BROWSE = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"]);

function chooser(target) {
  return target instanceof HTMLSelectElement && target.closest(".aw-client-select") ? target : null;
}

function commit(select) {
  select.dataset.awLooking = "";
  select.dataset.awCommitted = String(select.selectedIndex);
  select.dispatchEvent(new Event("change", { bubbles: true }));
}

// -- the whole page ------------------------------------------------------------------------------
export function access(model) {
  const labels = () => model.get("labels") || {};
  const announcer = makeAnnouncer();
  let queued = false;
  let started = false;

  const sync = () => {
    queued = false;
    const apps = document.querySelectorAll(".aw-app");
    if (!apps.length) return;
    if (!document.querySelector("main, [role=main]")) apps[0].setAttribute("role", "main");
    for (const app of apps) {
      // a time to the minute: no seconds to step through with Tab
      for (const when of app.querySelectorAll("input[type=datetime-local]:not([step]), input[type=time]:not([step])")) {
        when.setAttribute("step", "60");
      }
      for (const view of app.querySelectorAll(".widget-toggle-buttons")) syncGroup(view, labels());
      for (const group of app.querySelectorAll(".aw-group")) syncNamedGroup(group);
      for (const box of app.querySelectorAll(".aw-field-box")) syncField(box, announcer.say);
      for (const live of app.querySelectorAll(".aw-live, .aw-alert")) syncLive(live);
      panelsOf(app).forEach(syncPanel);
    }
    started = true;
  };
  const later = () => {
    if (!queued) {
      queued = true;
      window.requestAnimationFrame(sync);
    }
  };

  const quiet = (node) => node instanceof Element && node.closest(".aw-pacer, .js-plotly-plot, .aw-announcer");
  const observer = new MutationObserver((mutations) => {
    let changed = false;
    for (const m of mutations) {
      if (quiet(m.target)) continue;
      changed = true;
      // a page's status message added already filled: read it through the announcer
      if (started && m.type === "childList" && m.target.classList &&
          m.target.classList.contains("widget-html-content") && !m.target.closest(".aw-live, .aw-alert")) {
        for (const node of m.addedNodes) {
          if (!(node instanceof Element)) continue;
          const status = node.matches("[role=status]") ? [node] : Array.from(node.querySelectorAll("[role=status]"));
          for (const s of status) {
            s.removeAttribute("role");
            s.removeAttribute("aria-live");
            if (s.textContent.trim()) announcer.say(s.textContent.trim());
          }
        }
      }
    }
    if (changed) later();
  });
  observer.observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["class", "style", "disabled"],
  });

  const onKey = (event) => {
    if (event.defaultPrevented) return;
    const select = chooser(event.target);
    if (select) {
      if (event.altKey || event.key === " " || event.key === "F4") {
        select.dataset.awLooking = ""; // opens the list: a pick from it is a choice
      } else if (BROWSE.has(event.key) || (event.key.length === 1 && !event.ctrlKey && !event.metaKey)) {
        select.dataset.awLooking = "1";
      } else if (event.key === "Enter") {
        event.preventDefault();
        commit(select);
      } else if (event.key === "Escape" && select.dataset.awLooking) {
        select.selectedIndex = parseInt(select.dataset.awCommitted || "0", 10);
        select.dataset.awLooking = "";
      }
      return;
    }
    if (onGroupKey(event)) return;
    if (event.key === "Escape") {
      for (const { opener, panel } of panelsOf(document)) {
        if (!shown(panel) || !(panel.contains(event.target) || opener === event.target)) continue;
        const close = panel.querySelector(".aw-close");
        if (close) {
          event.preventDefault();
          close.click();
        }
        return;
      }
    }
  };
  // a change made while looking through the list with the keyboard is not a choice yet
  const onChange = (event) => {
    const select = chooser(event.target);
    if (select && select.dataset.awLooking && event.isTrusted) event.stopImmediatePropagation();
    else if (select) select.dataset.awCommitted = String(select.selectedIndex);
  };
  const onPointer = (event) => {
    const select = chooser(event.target);
    if (select) select.dataset.awLooking = "";
    // the Open button beside the chooser takes the client shown, even one only looked at
    const open = event.target instanceof Element && event.target.closest(".aw-picker-open");
    if (open && event.type === "click") {
      const box = open.closest(".aw-picker");
      const shownSelect = box && box.querySelector(".aw-client-select select");
      if (shownSelect && shownSelect.dataset.awLooking) commit(shownSelect);
    }
  };
  const onFocus = (event) => {
    const select = chooser(event.target);
    if (select && !select.dataset.awLooking) select.dataset.awCommitted = String(select.selectedIndex);
  };
  const putBack = (select) => {
    select.selectedIndex = parseInt(select.dataset.awCommitted || "0", 10);
    select.dataset.awLooking = "";
  };
  const onBlur = (event) => {
    // looked at but not chosen: the list shows the client the page is working with again,
    // unless focus goes on to the Open button beside it (Tab, then Enter, opens the one shown)
    const select = chooser(event.target);
    const next = event.relatedTarget instanceof Element ? event.relatedTarget : null;
    const box = (select || event.target).closest && (select || event.target).closest(".aw-picker");
    const toOpen = next && box && next.closest(".aw-picker-open") && box.contains(next);
    if (select && select.dataset.awLooking && !toOpen) putBack(select);
    // left the Open button without pressing it: the same
    const fromOpen = event.target instanceof Element && event.target.closest(".aw-picker-open");
    if (fromOpen && box) {
      const shownSelect = box.querySelector(".aw-client-select select");
      if (shownSelect && shownSelect.dataset.awLooking && next !== shownSelect) putBack(shownSelect);
    }
  };
  document.addEventListener("keydown", onKey, true);
  document.addEventListener("change", onChange, true);
  document.addEventListener("mousedown", onPointer, true);
  document.addEventListener("click", onPointer, true);
  document.addEventListener("focusin", onFocus, true);
  document.addEventListener("focusout", onBlur, true);
  later();
  return () => {
    observer.disconnect();
    document.removeEventListener("keydown", onKey, true);
    document.removeEventListener("change", onChange, true);
    document.removeEventListener("mousedown", onPointer, true);
    document.removeEventListener("click", onPointer, true);
    document.removeEventListener("focusin", onFocus, true);
    document.removeEventListener("focusout", onBlur, true);
    announcer.region.remove();
  };
}
