/* The site menu (components.navbar) is plain markup: the Meny button opens and closes it on a
   narrow screen (Escape closes it too), and after every navigation the menu closes and the
   current page is marked. Each link says which addresses mark it current (data-current-paths,
   written by the server from Dash's page registry: ui/menu.py); the rule is menu.matches. */
(function () {
  function matches(path, template) {
    var parts = path.replace(/^\/+|\/+$/g, "").split("/");
    var wanted = template.replace(/^\/+|\/+$/g, "").split("/");
    if (parts.length !== wanted.length) { return false; }
    for (var i = 0; i < wanted.length; i += 1) {
      var variable = wanted[i].charAt(0) === "<" && wanted[i].slice(-1) === ">";
      if (variable ? parts[i] === "" : parts[i] !== wanted[i]) { return false; }
    }
    return true;
  }
  function isCurrent(link, path) {
    var templates = (link.getAttribute("data-current-paths") || "").split(" ");
    return templates.some(function (template) { return template && matches(path, template); });
  }
  function markCurrent() {
    var path = window.location.pathname;
    var links = document.querySelectorAll(
      "#react-entry-point .site-navbar .nav-link[data-current-paths]");
    for (var i = 0; i < links.length; i += 1) {
      var current = isCurrent(links[i], path);
      links[i].classList.toggle("active", current);
      if (current) {
        links[i].setAttribute("aria-current", "page");
      } else {
        links[i].removeAttribute("aria-current");
      }
    }
  }
  function setOpen(open) {
    var menu = document.getElementById("navbar-collapse");
    var button = document.getElementById("navbar-toggler");
    if (!menu || !button) { return; }
    menu.classList.toggle("show", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("#navbar-toggler");
    if (button) { setOpen(button.getAttribute("aria-expanded") !== "true"); }
  });
  document.addEventListener("keydown", function (event) {
    var menu = document.getElementById("navbar-collapse");
    if (event.key !== "Escape" || !menu || !menu.classList.contains("show")) { return; }
    setOpen(false);
    document.getElementById("navbar-toggler").focus();
  });
  function navigated() {
    setOpen(false);
    markCurrent();
  }
  window.addEventListener("popstate", navigated);
  window.dashboardNavigation.onNavigate(navigated);
  // The layout's menu was marked for the page the server was told about (first_view.py).
  var observer = new MutationObserver(function () {
    if (document.querySelector("#react-entry-point .site-navbar")) {
      observer.disconnect();
      markCurrent();
    }
  });
  observer.observe(document.documentElement, {childList: true, subtree: true});
})();
