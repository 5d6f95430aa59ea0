/* The first page comes built into Dash's layout (dashboard/web/first_view.py, from the Referer
   header). Should that have been another page than the one in the address bar (a proxy
   rewriting the header), Dash's router is asked for the right one, as on back/forward. */
(function () {
  function check(observer) {
    var content = window.dashSeam.pageContent();
    if (!content) { return; }
    observer.disconnect();
    var built = content.getAttribute("data-first-view");
    if (built !== null && built !== window.location.pathname + window.location.search) {
      window.dispatchEvent(new PopStateEvent("popstate"));
    }
  }
  var observer = new MutationObserver(function () { check(observer); });
  observer.observe(document.documentElement, {childList: true, subtree: true});
})();
