// The page's address and the kernel, kept in step.
// * `client` and `step` live in the query string (?client=...&step=3), so a reload or a link
//   opens the same client and step, and the browser's Back goes to the previous step; `view`
//   (view=client, the shared screen) is kept there too, so a reload does not show the caseload;
// * the kernel can ask for focus to move to an element (`focus` = {selector, n}): the first
//   one shown that matches, or the first control inside it (the new step's heading after Next,
//   the first field with a problem after a failed save, a panel's heading when it opens),
//   unless the person has moved focus on themselves since what they did (a late answer);
// * it sets the page title, and runs the page's accessibility helpers (access.js, above) and
//   keeps typed values ahead of the clicks that follow them (order.js, above).
// Other query parameters (the access token) are left as they are.

function params() {
  return new URLSearchParams(window.location.search);
}

function render({ model, el }) {
  el.style.display = "none";
  keepTypingFirst(model.widget_manager);

  const fromAddress = () => {
    const p = params();
    const client = p.get("client") || "";
    const step = parseInt(p.get("step") || "0", 10) || 0;
    if (client !== model.get("client")) model.set("client", client);
    if (step && step !== model.get("step")) model.set("step", step);
    model.save_changes();
  };

  const write = (push) => {
    const p = params();
    const client = model.get("client");
    const step = model.get("step");
    const before = p.toString();
    if (client) p.set("client", client); else p.delete("client");
    if (step > 1) p.set("step", String(step)); else p.delete("step");
    if (model.get("view") === "client") p.set("view", "client"); else p.delete("view");
    const after = p.toString();
    if (after === before) return;
    const url = `${window.location.pathname}${after ? "?" + after : ""}${window.location.hash}`;
    if (push) window.history.pushState({ aw: true }, "", url);
    else window.history.replaceState({ aw: true }, "", url);
  };

  const onPop = () => fromAddress();
  window.addEventListener("popstate", onPop);
  // A link to another workbook opens it the way this page is shown: while the shared-screen
  // view is on, in that view too (the safety plan from a risk message never opens with the
  // caseload showing); and for the same client, in the language the therapist switched to
  // (lang, beside). The link is rewritten as it is used (clicked, middle-clicked, or its
  // menu opened to copy it or open it in a new tab). Links to this page (the language
  // switch's own) are left as they are.
  const carryView = (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!link || link.hasAttribute("download")) return;
    let url;
    try {
      url = new URL(link.getAttribute("href"), window.location.href);
    } catch (_e) {
      return; // not an address: left as it is
    }
    if (url.origin !== window.location.origin || !url.pathname.endsWith(".ipynb")) return;
    if (url.pathname === window.location.pathname) return;
    const here = params();
    if (model.get("view") === "client") url.searchParams.set("view", "client");
    const sameClient = here.get("client") && url.searchParams.get("client") === here.get("client");
    for (const name of ["lang", "beside"]) {
      if (sameClient && here.get(name) && !url.searchParams.has(name)) url.searchParams.set(name, here.get(name));
    }
    link.setAttribute("href", url.pathname + url.search + url.hash);
  };
  for (const kind of ["click", "auxclick", "contextmenu"]) {
    document.addEventListener(kind, carryView, true);
  }
  model.on("change:client", () => write(false));
  model.on("change:step", () => write(true));
  model.on("change:view", () => write(false));
  // The kernel's focus move answers something the person did (a click, Enter, Space, Escape);
  // if they have moved focus on themselves since (into a field, with Tab), it is not taken
  // from them when the answer comes late.
  let moving = false;
  let trigger = null;
  let movedOn = false;
  const onAct = (event) => {
    if (event.type === "keydown" && !["Enter", " ", "Escape"].includes(event.key)) return;
    trigger = event.target;
    movedOn = false;
  };
  const onFocusIn = (event) => {
    if (!moving && trigger && event.target !== trigger) movedOn = true;
  };
  document.addEventListener("click", onAct, true);
  document.addEventListener("keydown", onAct, true);
  document.addEventListener("focusin", onFocusIn, true);
  model.on("change:focus", () => {
    const want = model.get("focus") || {};
    if (!want.selector) return;
    // wait for the element to be drawn and shown before moving focus to it
    let tries = 0;
    const go = () => {
      let found = null;
      try {
        found = Array.from(document.querySelectorAll(want.selector)).find(shown);
      } catch (_e) {
        return; // not a selector: nothing to do
      }
      if (movedOn) return; // they went on elsewhere meanwhile
      if (found) {
        const target = focusTarget(found);
        moving = true;
        try {
          target.focus({ preventScroll: true });
        } finally {
          moving = false;
        }
        target.scrollIntoView({ block: "center", behavior: "auto" });
      } else if (tries++ < 40) {
        window.setTimeout(go, 50);
      }
    };
    // a moment for the messages sent just before (a field marked as having a problem)
    window.requestAnimationFrame(() => window.setTimeout(go, 40));
  });
  if (model.get("title")) document.title = model.get("title");
  model.on("change:title", () => { document.title = model.get("title"); });
  fromAddress();
  // one set of page helpers, however many views of an Address there are
  let stopAccess = null;
  if (!window.__attachworkAccess) {
    window.__attachworkAccess = true;
    stopAccess = access(model);
  }
  return () => {
    window.removeEventListener("popstate", onPop);
    document.removeEventListener("click", onAct, true);
    document.removeEventListener("keydown", onAct, true);
    document.removeEventListener("focusin", onFocusIn, true);
    if (stopAccess) {
      stopAccess();
      window.__attachworkAccess = false;
    }
  };
}

export default { render };
