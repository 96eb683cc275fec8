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

// The drawing is for the eyes: its words are the visible sentence beside it (the figure points
// at it), so plotly's tick text and toolbar are hidden from screen readers and the tab order.
function hideInside(box) {
  for (const part of box.querySelectorAll(".svg-container, .modebar-container")) {
    part.setAttribute("aria-hidden", "true");
  }
  for (const f of box.querySelectorAll("a, button, [tabindex], input, select, textarea")) {
    f.setAttribute("tabindex", "-1");
  }
}

function pointAtSentence(el, box, summary) {
  const panel = el.closest(".aw-chart-panel");
  const sentence = panel && panel.querySelector(".aw-chart-summary");
  if (sentence) {
    if (!sentence.id) sentence.id = `aw-chart-${Math.random().toString(36).slice(2, 10)}`;
    box.setAttribute("aria-labelledby", sentence.id);
    box.removeAttribute("aria-label");
  } else {
    box.setAttribute("aria-label", summary || "");
  }
}

// On a phone: the legend under the plot (beside it, it squeezes the bars), smaller words, and
// room around a radar for its labels.
function fitted(layout, width) {
  if (!width || width >= 560) return layout;
  const out = JSON.parse(JSON.stringify(layout || {}));
  const font = out.font || {};
  out.font = { ...font, size: Math.min(font.size || 12, 11) };
  out.legend = { ...(out.legend || {}), orientation: "h", x: 0, xanchor: "left", y: -0.2, yanchor: "top" };
  const margin = out.margin || {};
  out.margin = { ...margin, l: Math.min(margin.l || 48, 56), r: 12, t: Math.max(margin.t || 0, 56),
                 b: Math.max(margin.b || 0, 90) };
  if (out.title && out.title.text) out.title = { ...out.title, font: { ...(out.title.font || {}), size: 13 } };
  if (out.polar) {
    out.margin = { ...out.margin, l: 64, r: 64, t: 64 };
    const ang = out.polar.angularaxis || {};
    out.polar = { ...out.polar, angularaxis: { ...ang, tickfont: { ...(ang.tickfont || {}), size: 9 } } };
  }
  if (out.meta && out.meta.aw_radar) fitRadar(out, width, out.meta.aw_radar);
  if (out.height && out.height < 420) out.height = 420;
  return out;
}

function wrapWords(text, perLine) {
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line].join("<br>");
}

// A radar drawn on a plain x/y plot (charts/partners.py): its sign labels sit at `reach` from
// the centre. On a narrow screen they are wrapped shorter and set smaller, and the x range
// widened until the widest line of a side label ends inside the drawing.
function fitRadar(out, width, { reach = 2.35 } = {}) {
  const size = 9;
  let longest = 0;
  out.annotations = (out.annotations || []).map((a) => {
    const text = wrapWords(String(a.text || "").split("<br>").join(" "), 15);
    for (const line of text.split("<br>")) longest = Math.max(longest, line.length);
    // the labels above and below the centre grow away from it, not over the shape
    const away = Math.abs(a.x || 0) < 0.3 ? { yanchor: (a.y || 0) > 0 ? "bottom" : "top" } : {};
    return { ...a, ...away, text, font: { ...(a.font || {}), size } };
  });
  const m = out.margin || {};
  const side = Math.min(m.l || 0, m.r || 0);
  const plot = width - (m.l || 0) - (m.r || 0);
  const label = longest * size * 0.62 + 8; // px: a generous width for the widest line
  const room = plot / 2 + side - label;
  const x = out.xaxis || {};
  const was = Array.isArray(x.range) ? Math.abs(x.range[1]) : 3.6;
  const half = room > 0 ? Math.max(was, (reach * plot) / (2 * room)) : was * 2;
  out.xaxis = { ...x, range: [-half, half] };
}

// plotly's resize goes through its autosize, which forgets a height the figure set itself:
// the drawing's box then folds to nothing under the chart (seen on a slow phone page, the
// second radar of 05). The figure's height is given back after it.
function resizeKeepingHeight(box, height) {
  return Promise.resolve(window.Plotly.Plots.resize(box)).then(() => {
    if (height && box.layout && box.layout.height !== height) {
      return window.Plotly.relayout(box, { height });
    }
  });
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
  let narrow = null;
  let drawnAt = 0; // the width it was last drawn at (0: drawn while hidden)
  let height = 0; // the height the drawing was given (the figure's own, or fitted)

  const draw = () => {
    pointAtSentence(el, box, model.get("summary"));
    const fig = model.get("figure") || {};
    if (!fig.data) return;
    const width = box.clientWidth || el.clientWidth;
    narrow = width > 0 && width < 560;
    drawnAt = width;
    plotly(model)
      .then((P) => {
        if (!alive) return;
        status.hidden = true;
        const layout = fitted(fig.layout || {}, width);
        height = layout.height || 0;
        return P.react(box, fig.data, layout, {
          displaylogo: false,
          responsive: true,
          showLink: false,
          modeBarButtonsToRemove: ["select2d", "lasso2d", "sendDataToCloud"],
        });
      })
      .then(() => {
        if (!alive) return;
        // drawn while its step was hidden, plotly took its default 700 px: fit the box now
        const full = box._fullLayout;
        if (window.Plotly && full && box.clientWidth > 0 && Math.abs(full.width - box.clientWidth) > 2) {
          return resizeKeepingHeight(box, height);
        }
      })
      .then(() => {
        if (!alive) return;
        hideInside(box);
        if (box.on && !box.dataset.awHooked) {
          box.dataset.awHooked = "1";
          box.on("plotly_afterplot", () => hideInside(box));
        }
      })
      .catch(() => {
        status.hidden = false;
        status.textContent = model.get("failed_text");
      });
  };
  draw();
  model.on("change:figure", draw);
  model.on("change:summary", draw);
  // crossing the phone width redraws with the fitted layout (the sentence does not move); a
  // chart drawn while hidden is drawn again once it has a width
  const onResize = () => {
    const width = box.clientWidth || el.clientWidth;
    if (width <= 0 || !(model.get("figure") || {}).data) return;
    if ((width < 560) !== narrow || !drawnAt || (narrow && Math.abs(width - drawnAt) > 8)) {
      draw();
    } else if (window.Plotly && box._fullLayout && Math.abs(box._fullLayout.width - width) > 2) {
      resizeKeepingHeight(box, height);
    }
  };
  const watch = window.ResizeObserver ? new ResizeObserver(onResize) : null;
  if (watch) watch.observe(el);
  return () => {
    alive = false;
    if (watch) watch.disconnect();
    model.off("change:figure", draw);
    model.off("change:summary", draw);
    if (window.Plotly) window.Plotly.purge(box);
  };
}

export default { render };
