/* Tooltips of the server's SVG charts and maps, at once and styled: on hover, on keyboard
   focus and on tap, instead of only the browser's plain <title> tooltip after a delay (issue
   #19). The text is the element's own <title> (also its accessible name), so the tooltip is
   only visual (aria-hidden). WCAG 1.4.13: it stays while the pointer is over the element,
   and Esc hides it.
   Touch (issue #34) has no hover, so a tap is what a hover is to a mouse: the first tap on
   an area or cell shows its tooltip and keeps it until a tap elsewhere (or Esc); a second
   tap on the same area follows its link, as does the tooltip's own "Visa kommunen" link.
   A tap on something that cannot take focus moves the focus to its nearest focusable
   ancestor (<main>, tabindex -1): that focus change must not hide a tooltip it did not show. */
(function () {
  var TARGETS = "svg.svg-map a, svg.svg-chart g";
  var tip = null;
  var text = null;
  var link = null;
  var current = null;
  var shownBy = null;  // "hover", "focus" or "tap": what may hide it again

  function titleOf(element) {
    var title = element && element.querySelector(":scope > title");
    return title ? title.textContent : "";
  }

  function target(node) {
    var element = node && node.closest ? node.closest(TARGETS) : null;
    return element && titleOf(element) ? element : null;
  }

  function hrefOf(element) {
    var anchor = element.closest("a");
    return anchor ? anchor.getAttribute("href") : null;
  }

  function build() {
    tip = document.createElement("div");
    tip.className = "chart-tip";
    tip.setAttribute("aria-hidden", "true");
    text = tip.appendChild(document.createElement("span"));
    // Only for touch: keyboard and mouse follow the area's own link (it is out of the tab
    // order, as the tooltip is hidden from screen readers, which read the area's name).
    link = tip.appendChild(document.createElement("a"));
    link.className = "chart-tip-link";
    link.setAttribute("tabindex", "-1");
    link.addEventListener("click", function (event) {
      var href = link.getAttribute("href");
      if (href && href.charAt(0) === "/" && href.charAt(1) !== "/" && window.dashSeam.pageContent()) {
        event.preventDefault();
        window.dashboardNavigation.navigate(href);
        window.scrollTo(0, 0);
      }
      hide();
    });
    document.body.appendChild(tip);
  }

  function place(element, x, y) {
    if (x === undefined) {  // keyboard focus, or a scroll: beside the element
      var box = element.getBoundingClientRect();
      x = box.left + box.width / 2;
      y = box.top;
    }
    var width = tip.offsetWidth, height = tip.offsetHeight;
    var left = Math.min(Math.max(8, x + 14), window.innerWidth - width - 8);
    var top = y - height - 12 < 8 ? y + 18 : y - height - 12;
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (top + window.scrollY) + "px";
  }

  function show(element, how, x, y) {
    if (!tip) { build(); }
    if (current && current !== element) { current.classList.remove("chart-hover"); }
    current = element;
    shownBy = how;
    text.textContent = titleOf(element);
    var href = how === "tap" ? hrefOf(element) : null;
    if (href) {
      link.setAttribute("href", href);
      link.textContent = /^\/kommun\//.test(href) ? "Visa kommunen" : "Öppna sidan";
    } else {
      link.removeAttribute("href");
    }
    tip.classList.toggle("chart-tip-pinned", !!href);
    tip.style.display = "block";
    place(element, x, y);
    element.classList.add("chart-hover");
  }

  function hide() {
    if (tip) { tip.style.display = "none"; }
    if (current) { current.classList.remove("chart-hover"); }
    current = null;
    shownBy = null;
  }

  document.addEventListener("pointermove", function (event) {
    if (event.pointerType === "touch") { return; }  // a finger does not hover
    var element = target(event.target);
    if (element) { show(element, "hover", event.clientX, event.clientY); }
    else if (current && shownBy !== "tap") { hide(); }
  });
  // What the next click comes from: a finger or pen (a tap), or a mouse or key. Only a tap
  // shows the tooltip on click; a scroll that starts on an area is no tap (no click follows).
  var tapping = false;
  document.addEventListener("pointerdown", function (event) {
    tapping = event.pointerType !== "mouse";
    if (!tapping && shownBy === "tap" && !target(event.target)) { hide(); }
  });
  // Captured before the links' own handlers (04_html_block.js): the first tap on an area
  // shows its tooltip instead of following the link; the second tap follows it.
  window.addEventListener("click", function (event) {
    var element = target(event.target);
    var inTip = tip && tip.contains(event.target);
    if (!tapping || inTip) { return; }
    if (!element) {
      if (current) { hide(); }  // a tap elsewhere
    } else if (element === current && shownBy === "tap") {
      if (hrefOf(element)) { hide(); }  // the second tap: the link leaves the page
    } else {
      show(element, "tap", event.clientX, event.clientY);
      if (hrefOf(element)) {
        event.preventDefault();
        event.stopPropagation();
      }
    }
  }, true);
  window.dashboardNavigation.onNavigate(hide);
  document.addEventListener("focusin", function (event) {
    var element = target(event.target);
    if (element) {
      if (element !== current) { show(element, "focus"); }
    } else if (current && shownBy === "focus") {
      hide();
    }
  });
  document.addEventListener("focusout", function (event) {
    if (shownBy === "focus" && !(event.relatedTarget && target(event.relatedTarget))) { hide(); }
  });
  document.addEventListener("scroll", function () {
    if (!current) { return; }
    if (shownBy === "hover") { hide(); } else { place(current); }
  }, true);
  document.addEventListener("keydown", function (event) {
    tapping = false;  // Enter on a focused area follows its link
    if (event.key === "Escape" && current) { hide(); }
  });
})();

/* Jämför's trend legend: a click on a municipality's entry unticks it in the list above the
   chart (the list is the state: the URL and the chart follow it). The list itself is the
   keyboard's way to do the same. */
(function () {
  document.addEventListener("click", function (event) {
    var item = event.target.closest && event.target.closest("#jamfor-utveckling .legend-item[data-code]");
    if (!item) { return; }
    var box = document.querySelector("#jamfor-kommuner input[value='" + item.getAttribute("data-code") + "']");
    if (box) { box.click(); }
  });
})();

/* A crowded county map (50 municipalities, or a narrow screen): labels that would overlap
   give way, the larger municipality keeping its label; labels the map's scale makes smaller
   than MIN_LABEL_PX are hidden. The name is still in the area's
   tooltip and link name and in the list beside the map. Runs after layout and on resize,
   so it follows the label size the CSS gives on this screen (slides, phones). */
(function () {
  var MIN_LABEL_PX = 6.5;  // the font size on screen (a label's box is ~1.2 times as high)
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function declutter() {
    document.querySelectorAll("svg.svg-map .svg-map-labels").forEach(function (group) {
      var labels = Array.prototype.slice.call(group.querySelectorAll("text"));
      labels.forEach(function (label) { label.removeAttribute("visibility"); });
      labels.sort(function (a, b) {
        return parseFloat(b.getAttribute("data-area") || 0) - parseFloat(a.getAttribute("data-area") || 0);
      });
      // Too small to read (all of Sweden in one box): no labels rather than a smear. The
      // size is the labels' font size on screen, the same for all of them (a box's height
      // would let the names with Å, Ä and Ö through).
      var ctm = group.ownerSVGElement && group.ownerSVGElement.getScreenCTM();
      var fontSize = labels.length ? parseFloat(window.getComputedStyle(labels[0]).fontSize) : 0;
      var tooSmall = !!ctm && ctm.a > 0 && fontSize * ctm.a < MIN_LABEL_PX;
      var kept = [];
      labels.forEach(function (label) {
        var box = label.getBoundingClientRect();
        if (!box.width) { return; }  // not laid out (a hidden slide): leave as is
        if (tooSmall || kept.some(function (other) { return overlaps(box, other); })) {
          label.setAttribute("visibility", "hidden");
        } else {
          kept.push(box);
        }
      });
    });
  }
  var pending = null;
  function soon() {
    if (pending) { return; }
    pending = window.requestAnimationFrame(function () { pending = null; declutter(); });
  }
  window.addEventListener("resize", soon);
  window.addEventListener("beforeprint", declutter);
  // Maps arrive with the first paint and with every callback or page change.
  new MutationObserver(function (changes) {
    for (var i = 0; i < changes.length; i++) {
      var node = changes[i].target;
      if (node.querySelector && node.querySelector("svg.svg-map")) { soon(); return; }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  if (document.readyState !== "loading") { soon(); } else {
    document.addEventListener("DOMContentLoaded", soon);
  }
})();
