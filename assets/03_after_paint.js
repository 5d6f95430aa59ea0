/* Run callback once the browser has painted the current frame, in a task of its own; gives
   a function that cancels it. Used by the deferred charts (04_deferred_charts.js) and the
   deferred HTML blocks (04_html_block.js), only once the page runs: the file order does not
   matter for them, but this one comes first all the same. */
window.dashboardAfterPaint = function (callback) {
  var timer = null;
  var frame = window.requestAnimationFrame(function () {
    timer = window.setTimeout(callback, 0);
  });
  return function () { window.cancelAnimationFrame(frame); window.clearTimeout(timer); };
};
