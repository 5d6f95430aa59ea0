/* plotly.js (1.5 MB, ~100 ms of script time on a laptop, 4x that on a phone) does not come
   with any page: every first screen's chart is SVG from the server (charts/svg_*.py), and
   dcc.Graph loads plotly.js itself when a chart is first drawn, from the address it reads
   (dashSeam.pinPlotlyURL, 02_dash_seam.js). That is the partial bundle named in the page's
   meta tag (app.py; scripts/plotly-bundle/entry.js lists its trace types), a third of
   Dash's own copy. On a page with such a chart (Strategi's goal tree) the bundle is fetched
   (not run) once the page is quiet, so that the chart draws quickly; other pages never
   fetch it.

   Any chart still draws as what it is: a figure with a trace type the partial bundle lacks
   (a new page's px.bar, px.pie, a map …) would otherwise be drawn as lines by plotly's core.
   Before such a figure is drawn, Dash's full plotly.js is loaded and draws it; from then on
   it draws every chart of the page. Pages whose charts the partial bundle has pay nothing. */
(function () {
  var meta = document.querySelector('meta[name="dashboard-plotly"]');
  var url = meta && meta.getAttribute("content");
  if (!url) { return; }
  window.dashSeam.pinPlotlyURL(url);

  var current;            // the plotly.js in use (window.Plotly; undefined until loaded)
  var full = null;        // promise of Dash's full plotly.js, once asked for
  var loadingFull = false;

  function traceTypes(figure) {
    var data = Array.isArray(figure) ? figure : (figure && figure.data) || [];
    return data.map(function (trace) { return (trace && trace.type) || "scatter"; });
  }

  function loadFull() {
    if (!full) {
      loadingFull = true;
      full = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = window.dashSeam.dashPlotlyURL;
        script.onload = function () { resolve(current); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return full;
  }

  // The partial bundle's drawing calls, each first checking that the bundle has the
  // figure's trace types (plotly's own schema lists what a build has registered).
  function guarded(plotly) {
    var known = null;
    ["newPlot", "react"].forEach(function (name) {
      var draw = plotly[name];
      plotly[name] = function (element, figure) {
        var args = arguments;
        known = known || Object.keys(plotly.PlotSchema.get().traces);
        var missing = traceTypes(figure).some(function (type) { return known.indexOf(type) < 0; });
        if (!missing || !window.dashSeam.dashPlotlyURL) { return draw.apply(plotly, args); }
        return loadFull().then(function (fullPlotly) {
          return fullPlotly[name].apply(fullPlotly, args);
        });
      };
    });
    return plotly;
  }

  // Both bundles announce themselves by setting window.Plotly.
  Object.defineProperty(window, "Plotly", {
    configurable: true,
    get: function () { return current; },
    set: function (plotly) { current = loadingFull || !plotly ? plotly : guarded(plotly); }
  });

  function prefetch() {
    if (current || document.querySelector('script[src="' + url + '"]')) { return; }
    var link = document.createElement("link");
    link.rel = "prefetch";
    link.href = url;
    document.head.appendChild(link);
  }
  function whenQuiet() {
    var idle = window.requestIdleCallback || function (fn) { window.setTimeout(fn, 2000); };
    idle(prefetch, {timeout: 5000});
  }
  // called for each chart further down (dashboardDrawWhenNear)
  window.dashboardPrefetchPlotly = function () {
    if (document.readyState === "complete") { whenQuiet(); }
    else { window.addEventListener("load", whenQuiet, {once: true}); }
  };
})();
