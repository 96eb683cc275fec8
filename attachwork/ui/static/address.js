// The page's address and the kernel, kept in step.
// * `client` and `step` live in the query string (?client=...&step=3), so a reload or a link
//   opens the same client and step, and the browser's Back goes to the previous step;
// * the kernel can ask for focus to move to an element (`focus` = {selector, n}).
// Other query parameters (the access token) are left as they are.

function params() {
  return new URLSearchParams(window.location.search);
}

function render({ model, el }) {
  el.style.display = "none";

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
    const after = p.toString();
    if (after === before) return;
    const url = `${window.location.pathname}${after ? "?" + after : ""}${window.location.hash}`;
    if (push) window.history.pushState({ aw: true }, "", url);
    else window.history.replaceState({ aw: true }, "", url);
  };

  const onPop = () => fromAddress();
  window.addEventListener("popstate", onPop);
  model.on("change:client", () => write(false));
  model.on("change:step", () => write(true));
  model.on("change:focus", () => {
    const want = model.get("focus") || {};
    if (!want.selector) return;
    // wait for the new step to be drawn before moving focus into it
    let tries = 0;
    const go = () => {
      const target = document.querySelector(want.selector);
      if (target) {
        if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
        target.focus({ preventScroll: false });
        target.scrollIntoView({ block: "start", behavior: "auto" });
      } else if (tries++ < 20) {
        window.setTimeout(go, 50);
      }
    };
    window.requestAnimationFrame(go);
  });
  if (model.get("title")) document.title = model.get("title");
  model.on("change:title", () => { document.title = model.get("title"); });
  fromAddress();
  return () => window.removeEventListener("popstate", onPop);
}

export default { render };
