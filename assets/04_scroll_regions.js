/* Regions that scroll sideways on a phone (wide tables, charts) must be reachable by
   keyboard (WCAG 2.1.1): give each one a tab stop and a name, whichever page made it. */
(function () {
  var SELECTOR = ".table-responsive, .strategi-chart-scroll, .scroll-region";
  var count = 0;
  function label(region) {
    var caption = region.querySelector("caption, figcaption, h2, h3");
    // Only the caption's first line: the lines after a <br> explain, they do not name.
    // (Walked, not innerText: the page may still be hidden while it is being built.)
    if (caption) {
      var text = "";
      for (var node = caption.firstChild; node && node.nodeName !== "BR"; node = node.nextSibling) {
        text += node.textContent;
      }
      return text.replace(/\s+/g, " ").trim();
    }
    var before = region.previousElementSibling;
    // A frozen table sits alone in its .html-block: look before the block instead.
    if (!before && region.parentElement && region.parentElement.classList.contains("html-block")) {
      before = region.parentElement.previousElementSibling;
    }
    while (before && !/^H[2-5]$/.test(before.tagName)) { before = before.previousElementSibling; }
    count += 1;
    return before ? before.textContent.trim() + " (tabell)" : "Rullbart område " + count;
  }
  // data-scrolls marks a region whose content is wider than it is now, so CSS can say
  // "kan rullas i sidled" above it (02_app.css): measured, not guessed from the text.
  function flag(region) {
    var scrolls = region.scrollWidth > region.clientWidth + 1;
    if (scrolls !== region.hasAttribute("data-scrolls")) {
      if (scrolls) { region.setAttribute("data-scrolls", ""); }
      else { region.removeAttribute("data-scrolls"); }
    }
  }
  var resized = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var region = entry.target.closest(SELECTOR);
      if (!entry.target.isConnected) { resized.unobserve(entry.target); }
      else if (region) { flag(region); }
    });
  }) : null;
  function mark(root) {
    var regions = root.querySelectorAll ? root.querySelectorAll(SELECTOR) : [];
    Array.prototype.forEach.call(regions, function (region) {
      if (!region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        region.setAttribute("role", "region");
        region.setAttribute("aria-label", label(region));
        if (resized) {  // the region (window width) and its content (the table) both count
          resized.observe(region);
          if (region.firstElementChild) { resized.observe(region.firstElementChild); }
        }
      }
    });
  }
  // Marked in a task of its own, once per burst of changes: a MutationObserver runs inside
  // the task that changed the page, and React's first render is the longest task of a page
  // load (a phone's browser answers no key or tap until it ends).
  var pending = false;
  function markSoon() {
    if (pending) { return; }
    pending = true;
    window.setTimeout(function () { pending = false; mark(document); }, 0);
  }
  function start() {
    mark(document);
    new MutationObserver(markSoon).observe(document.body, {childList: true, subtree: true});
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
