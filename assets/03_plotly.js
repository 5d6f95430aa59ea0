/* plotly.js (1.5 MB, ~100 ms of script time on a laptop, 4x that on a phone) does not come
   with any page: every first screen's chart is SVG from the server (figures/svg_*.py), and
   dcc.Graph loads plotly.js itself when a chart further down is first drawn, from the
   address it reads (dashSeam.pinPlotlyURL, 02_dash_seam.js). Dash sets that to its own full
   copy (3.5 MB) once the app has started; this keeps it on the partial bundle named in the page's meta tag (app.py). On a
   page with such a chart (Strategi's goal tree) the bundle is fetched (not run) once the page
   is quiet, so that the chart draws quickly; other pages never fetch it. */
(function () {
  var meta = document.querySelector('meta[name="dashboard-plotly"]');
  var url = meta && meta.getAttribute("content");
  if (!url) { return; }
  window.dashSeam.pinPlotlyURL(url);
  function prefetch() {
    if (window.Plotly || document.querySelector('script[src="' + url + '"]')) { return; }
    var link = document.createElement("link");
    link.rel = "prefetch";
    link.href = url;
    document.head.appendChild(link);
  }
  function whenQuiet() {
    var idle = window.requestIdleCallback || function (fn) { window.setTimeout(fn, 2000); };
    idle(prefetch, {timeout: 5000});
  }
  // called for each chart further down (dashboardDrawWhenNear below)
  window.dashboardPrefetchPlotly = function () {
    if (document.readyState === "complete") { whenQuiet(); }
    else { window.addEventListener("load", whenQuiet, {once: true}); }
  };
})();
