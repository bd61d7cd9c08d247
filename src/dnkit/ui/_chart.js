// dnkit live chart: draws plotly traces with one plotly.js per page, loaded when the first chart
// is shown.
//
// The dashboard's first page has no chart, so it loads no plotly.js at all. The first chart asks
// the server for plotly.js's partial bundle (scatter, bar, pie: about 0.4 MB compressed, cached
// by the browser for a year; `plotly_url`, relative to the page's base URL: the static folder of dnkit's Voila template).
// In JupyterLab, where the jupyterlab-plotly extension is already on the page, its plotly.js is
// used instead. One promise on `window` loads it once for every chart on the page. Updates go
// through Plotly.react, which changes the plot in place, without flicker. plotly.js never
// travels over the kernel websocket (a FigureWidget sends its own 5 MB copy per chart per visit).

const FAILED =
  "The chart cannot be drawn on this page. The summary and the table show the same numbers.";

function labContainer() {
  const registry = window._JUPYTERLAB;
  return registry ? registry["jupyterlab-plotly"] : undefined;
}

// plotly.js from the jupyterlab-plotly extension (JupyterLab, Notebook 7, and a Voila that loads
// every extension).
// The extension evaluates plotly.js on its first plotly output; RenderedPlotly.createGraph does
// that and keeps the result in RenderedPlotly.Plotly.
async function fromLabExtension() {
  const container = labContainer();
  if (!container) return null;
  const mod = (await container.get("./mimeExtension"))();
  const Rendered = mod && mod.RenderedPlotly;
  if (!Rendered) return null;
  if (!Rendered.Plotly) {
    const mime = mod.MIME_TYPE || "application/vnd.plotly.v1+json";
    const probe = new Rendered({ mimeType: mime });
    try {
      await probe.createGraph({ data: { [mime]: { data: [], layout: {} } }, setData() {} });
    } catch (_err) {
      // Drawing into a detached node may fail; plotly.js is loaded by then all the same.
    }
    probe.dispose();
  }
  return Rendered.Plotly || window.Plotly || null;
}

function fromScript(url) {
  return new Promise((resolve, reject) => {
    const tag = document.createElement("script");
    tag.src = url;
    tag.async = true;
    tag.onload = () => resolve(window.Plotly || null);
    tag.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.appendChild(tag);
  });
}

// The page's base URL (Voila and JupyterLab both write it into #jupyter-config-data).
function baseUrl() {
  const el = document.getElementById("jupyter-config-data");
  try {
    const base = (el && JSON.parse(el.textContent).baseUrl) || "/";
    return base.endsWith("/") ? base : `${base}/`;
  } catch (_err) {
    return "/";
  }
}

function absolute(url) {
  return /^([a-z]+:)?\/\//i.test(url) || url.startsWith("/") ? url : baseUrl() + url;
}

async function findPlotly(url) {
  if (window.Plotly && window.Plotly.react) return window.Plotly;
  let plotly = null;
  if (labContainer()) {
    try {
      plotly = await fromLabExtension();
    } catch (err) {
      console.warn("dnkit chart: jupyterlab-plotly not usable", err);
    }
  }
  if ((!plotly || !plotly.react) && url) plotly = await fromScript(absolute(url));
  if (!plotly || !plotly.react) throw new Error("plotly.js is not available on this page");
  return plotly;
}

// One load per page, shared by every chart on it.
function loadPlotly(url) {
  if (!window.__dnkitPlotly) window.__dnkitPlotly = findPlotly(url);
  return window.__dnkitPlotly;
}

function titleOf(layout) {
  const title = layout && layout.title;
  if (!title) return "";
  return typeof title === "string" ? title : title.text || "";
}

function render({ model, el }) {
  el.classList.add("dn-chart");
  const gd = document.createElement("div");
  gd.className = "dn-chart-plot";
  gd.setAttribute("role", "figure");
  const status = document.createElement("p");
  status.className = "dn-chart-status";
  status.textContent = "Loading the chart…";
  el.append(status, gd);

  let plotly = null;
  let queued = false;
  let drawing = Promise.resolve();
  let observer = null;

  function draw() {
    queued = false;
    const layout = { ...model.get("plot_layout"), autosize: true };
    delete layout.width;
    // The chart's height is its own (the layout says it); only the width follows the page.
    // Without a height on the element, plotly's resize on a width change measures an empty
    // box and the chart collapses to nothing.
    if (layout.height) gd.style.height = `${layout.height}px`;
    gd.setAttribute("aria-label", titleOf(layout) || "Chart");
    drawing = drawing
      .then(() => plotly.react(gd, model.get("data"), layout, model.get("config")))
      .catch((err) => console.error("dnkit chart: draw failed", err));
  }

  // data and layout often change together; draw once for both.
  function schedule() {
    if (!plotly || queued) return;
    queued = true;
    queueMicrotask(draw);
  }

  model.on("change:data", schedule);
  model.on("change:plot_layout", schedule);
  model.on("change:config", schedule);

  loadPlotly(model.get("plotly_url")).then(
    (found) => {
      plotly = found;
      status.remove();
      draw();
      // A chart drawn while hidden (a closed tab) has no width; redraw when it gets one.
      observer = new ResizeObserver(() => {
        if (gd.data && el.offsetWidth > 0) plotly.Plots.resize(gd);
      });
      observer.observe(el);
    },
    (err) => {
      console.warn("dnkit chart:", err);
      status.textContent = FAILED;
      status.classList.add("dn-chart-failed");
      gd.remove();
    },
  );

  return () => {
    model.off("change:data", schedule);
    model.off("change:plot_layout", schedule);
    model.off("change:config", schedule);
    if (observer) observer.disconnect();
    if (plotly) plotly.purge(gd);
  };
}

export default { render };
