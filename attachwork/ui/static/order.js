// What was typed reaches the kernel before the click that follows it.
// ipywidgets sends a field's new value at once only when no earlier message of that field is
// still waiting for the kernel's answer; while one is, it holds the newest value back and
// sends it when the answer comes. A button's click (and Enter in a text box) is sent at once.
// On a slow server or a busy kernel, a person who types "Partner A" and clicks Save straight
// away would have the kernel save "P": the click overtakes the held-back letters.
// Here, a click or Enter that comes while any field still holds back a value waits until
// every held-back value has been sent, then goes (in the order they came): the kernel reads
// them in the order they were sent. A message is never dropped: a value held back for longer
// than MOST_MS is not waited for any more (a kernel that never answers would hold it back for
// ever, whatever we do), and the click goes.

// Long enough for a busy kernel's answer in the common case; short enough that a click on
// "Need help now?" behind a value that will never be sent waits no more than this, once.
const MOST_MS = 5000;
const POLL_MS = 50;

function ownerOf(model, name) {
  for (let p = Object.getPrototypeOf(model); p; p = Object.getPrototypeOf(p)) {
    if (Object.prototype.hasOwnProperty.call(p, name)) return p;
  }
  return null;
}

function modelsOf(manager) {
  if (manager._modelsSync instanceof Map) return Promise.resolve(Array.from(manager._modelsSync.values()));
  const waiting = manager._models ? Object.values(manager._models) : [];
  return Promise.all(waiting.map((m) => Promise.resolve(m).catch(() => null)));
}

export function keepTypingFirst(manager) {
  if (!manager || manager.__attachworkOrdered) return;
  manager.__attachworkOrdered = true;
  const holding = new Map(); // model -> when it began holding a value back
  const queue = []; // [model, original send, arguments]
  let timer = null;

  const heldBack = () => {
    const now = Date.now();
    let waiting = false;
    for (const [m, since] of holding) {
      // sent, or the widget closed with it (nothing will ever send it)
      if (m._msg_buffer === null || m._msg_buffer === undefined || m._closed || m.comm_live === false) {
        holding.delete(m);
      } else if (now - since < MOST_MS) waiting = true;
    }
    return waiting;
  };
  const release = () => {
    if (heldBack()) return;
    while (queue.length) {
      const [m, send, args] = queue.shift();
      send.apply(m, args);
    }
    window.clearInterval(timer);
    timer = null;
  };
  const patch = (proto) => {
    if (!proto || proto.__attachworkOrdered) return;
    const { send, sync, _handle_status: status } = proto;
    if (typeof send !== "function" || typeof sync !== "function" || typeof status !== "function") return;
    proto.__attachworkOrdered = true;
    proto.send = function (...args) {
      if (queue.length || heldBack()) {
        queue.push([this, send, args]);
        if (!timer) timer = window.setInterval(release, POLL_MS);
        return undefined;
      }
      return send.apply(this, args);
    };
    proto.sync = function (...args) {
      const result = sync.apply(this, args);
      const held = this._msg_buffer !== null && this._msg_buffer !== undefined;
      if (held && !holding.has(this)) holding.set(this, Date.now());
      return result;
    };
    proto._handle_status = function (...args) {
      const result = status.apply(this, args);
      if (this._msg_buffer === null || this._msg_buffer === undefined) holding.delete(this); // sent
      if (queue.length) release();
      return result;
    };
  };
  // Every widget's model shares the base model's methods: patching them once covers the
  // models made later too. (One page may hold models of more than one copy of the base.)
  modelsOf(manager).then((models) => {
    for (const m of models) if (m) patch(ownerOf(m, "send_sync_message"));
  });
}
