/* The page as HTML (#forhandsvisning) is on screen until React has drawn the real page in
   #react-entry-point, charts included (an undrawn chart has no height, and the page would
   jump): then the real one takes its place, at the latest 3 s after the page content has
   arrived. Until then the preview is inert (no focus, not read twice by screen readers);
   should the app never draw, it is made usable again after 15 s, with its plain links. */
(function () {
  var preview = document.getElementById("forhandsvisning");
  if (!preview) { return; }
  preview.setAttribute("inert", "");
  var entry = document.getElementById("react-entry-point");
  var done = false;
  var fallback = null;
  function drawn() {
    var graphs = entry.querySelectorAll(".dash-graph");
    for (var i = 0; i < graphs.length; i += 1) {
      if (!graphs[i].querySelector(".main-svg")) { return false; }
    }
    return true;
  }
  function swap() {
    if (done) { return; }
    done = true;
    observer.disconnect();
    window.clearTimeout(fallback);
    preview.remove();
    entry.classList.remove("vantar");
  }
  function check() {
    var content = window.dashSeam.pageContent();
    if (done || !content || !content.firstElementChild) { return; }
    if (fallback === null) { fallback = window.setTimeout(swap, 3000); }
    // Swapped in a task of its own, not inside React's render (see markSoon in 04_scroll_regions.js).
    if (drawn()) { window.setTimeout(swap, 0); }
  }
  var observer = new MutationObserver(check);
  observer.observe(entry, {childList: true, subtree: true});
  window.setTimeout(function () { if (!done) { preview.removeAttribute("inert"); } }, 15000);
})();
