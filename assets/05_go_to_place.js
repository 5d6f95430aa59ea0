/* An address with a place on the page (/uppfoljning?fran=2019&till=2023#sedan-forra-motet,
   /om#uppfoljning): the browser looks for the place before Dash has drawn the page, finds
   nothing and stays at the top. Look again once the page is there, scroll to it and move the
   focus with it, so a keyboard user goes on from there too. The first paint's copy of the
   page is replaced when React draws it, and parts drawn after the paint move the place down:
   for a few seconds the place is kept in view, until the reader scrolls or types. */
(function () {
  var run = 0;
  function goToPlace() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) { return; }
    var mine = ++run;
    var handled = null;
    var ticks = 0;
    var found = 0;
    var moved = false;
    function userMoved() { moved = true; }
    ["wheel", "touchstart", "mousedown", "keydown"].forEach(function (name) {
      window.addEventListener(name, userMoved, {once: true, passive: true});
    });
    var timer = setInterval(function () {
      ticks += 1;
      var content = window.dashSeam.pageContent();
      var target = content && document.getElementById(id);
      if (mine !== run || moved || ticks > 300 || found > 30) {
        clearInterval(timer);
        return;
      }
      if (!target || !content.contains(target)) { return; }
      // Drawn behind its preview (#react-entry-point.vantar, hidden until the charts are
      // drawn: 04_preview_swap.js), the place cannot take the focus yet; counting those
      // ticks gave up before the swap on a slow server, and the focus never came.
      if (document.querySelector("#react-entry-point.vantar")) { return; }
      found += 1;
      var top = target.getBoundingClientRect().top;
      if (target !== handled || Math.abs(top) > 40 || document.activeElement !== target) {
        // a jump, as the browser makes for an address with a place (not a slow scroll)
        target.scrollIntoView({block: "start", behavior: "instant"});
        if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
        if (document.activeElement !== target) { target.focus({preventScroll: true}); }
        handled = target;
      }
    }, 100);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", goToPlace);
  } else {
    goToPlace();
  }
  window.addEventListener("hashchange", goToPlace);
  window.dashboardNavigation.onNavigate(goToPlace);
})();
