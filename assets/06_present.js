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

  // A phone is no projector: a slide's map asks svg_map for 24 px labels (data-label-px),
  // which on a 390 px map pile on each other. Below PHONE px the map asks for the page's
  // phone size instead, set before assets/06_map_labels.js sizes the labels (it does so in
  // the next animation frame after a change or a resize).
  var PHONE = 600;
  var PHONE_LABEL_PX = "12.5";
  function phoneLabels() {
    var phone = window.innerWidth < PHONE;
    document.querySelectorAll(".presenter-deck svg.svg-map[data-label-px]").forEach(function (svg) {
      if (!svg.hasAttribute("data-slide-label-px")) {
        svg.setAttribute("data-slide-label-px", svg.getAttribute("data-label-px"));
      }
      svg.setAttribute("data-label-px",
        phone ? PHONE_LABEL_PX : svg.getAttribute("data-slide-label-px"));
    });
  }
  window.addEventListener("resize", phoneLabels);
  new MutationObserver(phoneLabels).observe(document.documentElement,
    { childList: true, subtree: true });

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
