// A plotly chart that costs the page ~0.4 MB (gzip) instead of the ~5 MB FigureWidget.
// plotly.js (basic partial bundle) is loaded once per page: from the attachwork Voila
// template's static folder when that is served, otherwise from the kernel as a blob.
const BUNDLE = "plotly-basic.min.js";

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src;
    s.async = true;
    s.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error("no Plotly")));
    s.onerror = () => {
      s.remove();
      reject(new Error("could not load " + src));
    };
    document.head.appendChild(s);
  });
}

function fromKernel(model) {
  return new Promise((resolve, reject) => {
    const onMsg = (msg, buffers) => {
      if (!msg || msg.type !== "plotly-bundle") return;
      model.off("msg:custom", onMsg);
      if (!buffers || !buffers.length) {
        reject(new Error("empty bundle"));
        return;
      }
      const url = URL.createObjectURL(new Blob([buffers[0]], { type: "text/javascript" }));
      loadScript(url).then(resolve, reject);
    };
    model.on("msg:custom", onMsg);
    model.send({ type: "need-plotly" });
  });
}

function plotly(model) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__attachworkPlotly) {
    const base = document.body && document.body.dataset ? document.body.dataset.baseUrl : "";
    const first = base
      ? loadScript(base + "templates/attachwork/static/" + BUNDLE)
      : Promise.reject(new Error("not in Voila"));
    window.__attachworkPlotly = first.catch(() => fromKernel(model));
  }
  return window.__attachworkPlotly;
}

function render({ model, el }) {
  el.classList.add("aw-chart");
  const status = document.createElement("p");
  status.className = "aw-chart-status";
  status.textContent = model.get("loading_text");
  const box = document.createElement("div");
  box.className = "aw-chart-plot";
  box.setAttribute("role", "figure");
  el.append(status, box);
  let alive = true;

  const draw = () => {
    box.setAttribute("aria-label", model.get("summary") || "");
    const fig = model.get("figure") || {};
    if (!fig.data) return;
    plotly(model)
      .then((P) => {
        if (!alive) return;
        status.hidden = true;
        return P.react(box, fig.data, fig.layout || {}, {
          displaylogo: false,
          responsive: true,
          showLink: false,
          modeBarButtonsToRemove: ["select2d", "lasso2d", "sendDataToCloud"],
        });
      })
      .catch(() => {
        status.hidden = false;
        status.textContent = model.get("failed_text");
      });
  };
  draw();
  model.on("change:figure", draw);
  model.on("change:summary", draw);
  return () => {
    alive = false;
    model.off("change:figure", draw);
    model.off("change:summary", draw);
    if (window.Plotly) window.Plotly.purge(box);
  };
}

export default { render };
