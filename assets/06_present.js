/* Presenter mode keys: ArrowRight/PageDown/Space → Nästa, ArrowLeft/PageUp → Föregående,
   Home/End → first/last slide, Esc → Avsluta (back to the set-up). Active only while a slide is shown on
   /presentera; the keys press the slide's own links (dcc.Link), so the URL (?bild=N) and the
   slide change the same way as with a mouse click. */
(function () {
  function onPresenterPage() {
    return /\/presentera\/?$/.test(window.location.pathname) &&
      document.getElementById("presentera-deck") !== null;
  }

  function press(id) {
    var link = document.getElementById(id);
    if (link && link.tagName === "A") { link.click(); return true; }
    return false;
  }

  function goTo(number) {
    var params = new URLSearchParams(window.location.search);
    params.set("bild", String(number));
    window.dashboardNavigation.navigate(window.location.pathname + "?" + params.toString());
  }

  document.addEventListener("keydown", function (event) {
    if (!onPresenterPage() || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" ||
        (target && target.isContentEditable)) { return; }
    var slide = document.getElementById("presentera-bild");
    var count = slide ? parseInt(slide.getAttribute("data-slides"), 10) : 0;
    var handled = false;
    switch (event.key) {
      case "ArrowRight": case "PageDown": case "ArrowDown":
        handled = press("presentera-nasta"); break;
      case " ": case "Spacebar":
        if (tag === "A" || tag === "BUTTON") { return; }  // Space activates a focused button
        handled = press("presentera-nasta"); break;
      case "ArrowLeft": case "PageUp": case "ArrowUp":
        handled = press("presentera-foregaende"); break;
      case "Home": goTo(1); handled = true; break;
      case "End": if (count) { goTo(count); handled = true; } break;
      case "Escape": case "Esc":
        if (document.fullscreenElement) { return; }  // the browser leaves full screen first
        handled = press("presentera-avsluta"); break;
      default: return;
    }
    if (handled || event.key === "PageDown" || event.key === "PageUp") { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    // Avsluta leaves full screen too: the set-up is the presenter's, not the audience's.
    if (event.target.closest && event.target.closest("#presentera-avsluta") &&
        document.fullscreenElement) {
      document.exitFullscreen().catch(function () {});
    }
    var button = event.target.closest && event.target.closest("#presentera-helskarm");
    if (!button) { return; }
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  });
})();
