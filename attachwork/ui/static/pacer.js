// Paced breathing: a circle that grows while breathing in and shrinks while breathing out.
// Timing runs here in the browser (smooth, no round trip); the breath count, the seconds
// practised and the state go back to the kernel so a practice can be saved.
// When the browser asks for reduced motion, or the calm mode is ticked, nothing moves:
// the words and a count of seconds carry the rhythm instead.
// Keyboard: one button starts, pauses and carries on (it is never disabled, so focus stays on
// it); Stop hands focus back to it when Stop itself can no longer be pressed.

function fmt(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function render({ model, el }) {
  const L = model.get("labels") || {};
  const motionQuery = window.matchMedia
    ? window.matchMedia("(prefers-reduced-motion: reduce)")
    : { matches: false, addEventListener() {}, removeEventListener() {} };

  el.classList.add("aw-pacer");
  const stage = document.createElement("div");
  stage.className = "aw-pacer-stage";
  stage.setAttribute("aria-hidden", "true");
  const circle = document.createElement("div");
  circle.className = "aw-pacer-circle";
  stage.append(circle);
  const phase = document.createElement("p");
  phase.className = "aw-pacer-phase";
  phase.setAttribute("aria-live", "polite");
  const count = document.createElement("p");
  count.className = "aw-pacer-count";
  const buttons = document.createElement("div");
  buttons.className = "aw-pacer-buttons";
  const mk = (text) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "jupyter-button widget-button aw-pacer-button";
    b.textContent = text;
    buttons.append(b);
    return b;
  };
  const mainBtn = mk(L.start || "Start");
  mainBtn.classList.add("aw-pacer-main");
  const stopBtn = mk(L.stop || "Stop");
  el.append(stage, phase, count, buttons);

  let elapsed = model.get("elapsed") || 0; // seconds practised so far
  let last = null;
  let frame = null;
  let lastPhase = "";

  const calm = () => model.get("calm") || motionQuery.matches;
  const total = () => Math.max(10, model.get("total") || 120);
  const cycle = () => Math.max(1, (model.get("inhale") || 4) + (model.get("exhale") || 6));

  function sync(state) {
    model.set("elapsed", Math.round(elapsed));
    model.set("breaths", Math.floor(elapsed / cycle()));
    if (state) model.set("state", state);
    model.save_changes();
  }

  function paint() {
    const state = model.get("state");
    const inhale = model.get("inhale") || 4;
    const t = elapsed % cycle();
    const breathingIn = t < inhale;
    const within = breathingIn ? t : t - inhale;
    const length = breathingIn ? inhale : cycle() - inhale;
    const left = Math.ceil(length - within);
    el.classList.toggle("aw-pacer-calm", calm());
    if (state === "running" || state === "paused") {
      const word = breathingIn ? L.inhale || "Breathe in" : L.exhale || "Breathe out";
      phase.textContent = state === "paused" ? `${L.paused || "Paused"}` : `${word}… ${left}`;
      // announce only the change of direction to screen readers, not every second
      const now = state === "paused" ? "paused" : word;
      phase.setAttribute("aria-live", now !== lastPhase ? "polite" : "off");
      lastPhase = now;
    } else if (state === "done") {
      phase.textContent = L.done || "Well done.";
    } else {
      phase.textContent = L.ready || "Press start when you are ready.";
    }
    const fraction = breathingIn ? within / inhale : 1 - within / length;
    const scale = calm() || state === "idle" || state === "done" ? 0.72 : 0.45 + 0.55 * fraction;
    circle.style.transform = `scale(${scale.toFixed(3)})`;
    const breaths = Math.floor(elapsed / cycle());
    count.textContent = `${L.breaths || "Breaths"}: ${breaths} · ${L.remaining || "left"} ${fmt(total() - elapsed)}`;
    mainBtn.textContent = state === "running" ? L.pause || "Pause"
      : state === "paused" ? L.resume || "Resume" : L.start || "Start";
    const stoppable = state === "running" || state === "paused";
    if (!stoppable && document.activeElement === stopBtn) mainBtn.focus();
    stopBtn.disabled = !stoppable;
  }

  function tick(now) {
    if (model.get("state") !== "running") return;
    if (last !== null) {
      const before = Math.floor(elapsed / cycle());
      elapsed += (now - last) / 1000;
      if (Math.floor(elapsed / cycle()) !== before) sync();
    }
    last = now;
    if (elapsed >= total()) {
      elapsed = total();
      sync("done");
      paint();
      return;
    }
    paint();
    frame = requestAnimationFrame(tick);
  }

  function start() {
    if (model.get("state") === "done" || model.get("state") === "idle") elapsed = 0;
    last = null;
    sync("running");
    frame = requestAnimationFrame(tick);
  }

  const pause = () => {
    cancelAnimationFrame(frame);
    sync("paused");
    paint();
  };
  mainBtn.addEventListener("click", () => (model.get("state") === "running" ? pause() : start()));
  stopBtn.addEventListener("click", () => {
    cancelAnimationFrame(frame);
    sync("done");
    paint();
    mainBtn.focus();
  });

  const onState = () => {
    // the kernel resets the pacer after a practice is saved
    if (model.get("state") === "idle") {
      cancelAnimationFrame(frame);
      elapsed = 0;
    }
    paint();
  };
  const onMotion = () => {
    model.set("auto_calm", motionQuery.matches);
    model.save_changes();
    paint();
  };
  const repaintOn = ["change:calm", "change:inhale", "change:exhale", "change:total"];
  model.on("change:state", onState);
  repaintOn.forEach((name) => model.on(name, paint));
  motionQuery.addEventListener("change", onMotion);
  if (motionQuery.matches !== model.get("auto_calm")) onMotion();
  if (model.get("state") === "running") model.set("state", "paused"); // a redrawn view waits
  paint();
  return () => {
    cancelAnimationFrame(frame);
    motionQuery.removeEventListener("change", onMotion);
    model.off("change:state", onState);
    repaintOn.forEach((name) => model.off(name, paint));
  };
}

export default { render };
