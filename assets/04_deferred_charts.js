/* Charts further down the page (components.deferred_graph) are drawn when they come near
   the screen, not all at once when the page opens: drawing one takes plotly 100–300 ms on an
   ordinary laptop, time in which the page does not answer clicks or keys. The box keeps
   the chart's height until then, so nothing moves. A chart already on screen is redrawn
   as soon as its data changes; printing draws the rest (the table beside each chart holds
   the same figures should the printout come before the drawing). */
(function () {
  // Start a little before the chart scrolls into view (plotly.js is prefetched once the page
  // is quiet, so the first chart draws in a few hundred ms); not so far ahead that a chart
  // a screen further down is drawn while the page opens.
  var MARGIN = "150px 0px";
  var waiting = {};          // chart id -> function that gives up the previous wait
  function whenNear(id, callback) {
    var tries = 0;
    var observer = null;
    function finish() {
      if (observer) { observer.disconnect(); }
      window.removeEventListener("beforeprint", finish);
      window.dashboardAfterPaint(callback);
    }
    (function find() {
      var box = document.getElementById(id);
      if (!box) {  // not on the page yet
        tries += 1;
        if (tries < 600) { window.requestAnimationFrame(find); } else { finish(); }
        return;
      }
      if (box.querySelector(".js-plotly-plot") || !("IntersectionObserver" in window)) {
        finish();
        return;
      }
      observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) { finish(); }
      }, {rootMargin: MARGIN});
      observer.observe(box);
      window.addEventListener("beforeprint", finish);
    })();
    return function () {
      if (observer) { observer.disconnect(); }
      window.removeEventListener("beforeprint", finish);
    };
  }
  window.dashboardDrawWhenNear = function (id, figure, props) {
    var noUpdate = window.dash_clientside.no_update;
    if (!figure) { return noUpdate; }
    if (window.dashboardPrefetchPlotly) { window.dashboardPrefetchPlotly(); }
    if (waiting[id]) { waiting[id](); }  // newer data replaces a chart not yet drawn
    return new Promise(function (resolve) {
      var cancel = whenNear(id, function () {
        delete waiting[id];
        resolve({type: "Graph", namespace: "dash_core_components",
                 props: Object.assign({}, props || {}, {figure: figure})});
      });
      waiting[id] = function () { cancel(); resolve(noUpdate); };
    });
  };
})();
