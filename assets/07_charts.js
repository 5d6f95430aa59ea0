/* Tooltips of the server's SVG charts and maps, at once and styled: on hover, on keyboard
   focus and on tap, instead of only the browser's plain <title> tooltip after a delay (issue
   #19). The text is the element's own <title> (also its accessible name), so the tooltip is
   only visual (aria-hidden). WCAG 1.4.13: it stays while the pointer is over the element,
   and Esc hides it. */
(function () {
  var TARGETS = "svg.svg-map a, svg.svg-chart g";
  var tip = null;
  var current = null;

  function titleOf(element) {
    var title = element && element.querySelector(":scope > title");
    return title ? title.textContent : "";
  }

  function target(node) {
    var element = node && node.closest ? node.closest(TARGETS) : null;
    return element && titleOf(element) ? element : null;
  }

  function show(element, x, y) {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "chart-tip";
      tip.setAttribute("aria-hidden", "true");
      document.body.appendChild(tip);
    }
    current = element;
    tip.textContent = titleOf(element);
    tip.style.display = "block";
    if (x === undefined) {  // keyboard focus: beside the element
      var box = element.getBoundingClientRect();
      x = box.left + box.width / 2;
      y = box.top;
    }
    var width = tip.offsetWidth, height = tip.offsetHeight;
    var left = Math.min(Math.max(8, x + 14), window.innerWidth - width - 8);
    var top = y - height - 12 < 8 ? y + 18 : y - height - 12;
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (top + window.scrollY) + "px";
    element.classList.add("chart-hover");
  }

  function hide() {
    if (tip) { tip.style.display = "none"; }
    if (current) { current.classList.remove("chart-hover"); }
    current = null;
  }

  document.addEventListener("pointermove", function (event) {
    var element = target(event.target);
    if (element) { show(element, event.clientX, event.clientY); }
    else if (current) { hide(); }
  });
  document.addEventListener("pointerdown", function (event) {
    // A tap shows the tooltip too (a touch screen has no hover); the link still works.
    var element = target(event.target);
    if (element && event.pointerType !== "mouse") { show(element, event.clientX, event.clientY); }
  });
  document.addEventListener("focusin", function (event) {
    var element = target(event.target);
    if (element) { show(element); } else { hide(); }
  });
  document.addEventListener("focusout", function () { hide(); });
  document.addEventListener("scroll", function () { if (current && !current.matches(":focus")) { hide(); } }, true);
  document.addEventListener("keydown", function (event) {
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
