/* The county map's labels at a size people can read (issue #34): the SVG is scaled to its
   box, so a label of a fixed size in the map's own units is 8 px on a narrow column and
   large on a slide. Here each map's names and values get at least LABEL_PX CSS pixels on
   screen (a slide asks for more: data-label-px on the <svg>, from svg_map's label_px, or
   the CSS property --map-label-px); a size the CSS already makes larger stays.
   This file runs before 07_charts.js, whose declutter then hides the names that would
   overlap at this size; a value is hidden with its name, or where it would cover a name
   kept. The names and values are still in each area's tooltip and in the table. */
(function () {
  var LABEL_PX = 14;  // desktop; a phone's narrow map gets PHONE_PX
  var PHONE_PX = 12.5;
  var HALO = 0.22;  // the halo's width per unit of font size

  function wanted(svg) {
    var own = parseFloat(svg.getAttribute("data-label-px"));
    if (own > 0) { return own; }
    var css = parseFloat(window.getComputedStyle(svg).getPropertyValue("--map-label-px"));
    if (css > 0) { return css; }
    return window.innerWidth < 576 ? PHONE_PX : LABEL_PX;
  }

  function size(svg) {
    var texts = svg.querySelectorAll(".svg-map-labels > text, .svg-map-values > text");
    if (!texts.length) { return; }
    texts.forEach(function (t) { t.style.fontSize = ""; t.style.strokeWidth = ""; });
    var ctm = svg.getScreenCTM();
    if (!ctm || !(ctm.a > 0)) { return; }  // not laid out (a hidden slide)
    var units = parseFloat(window.getComputedStyle(texts[0]).fontSize);
    var least = wanted(svg) / ctm.a;  // in the map's units
    if (units >= least) { return; }
    texts.forEach(function (t) {
      t.style.fontSize = least.toFixed(2) + "px";
      t.style.strokeWidth = (least * HALO).toFixed(2) + "px";
    });
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  // After the declutter: a value goes with its name (same order in both groups).
  function values(svg) {
    var names = svg.querySelectorAll(".svg-map-labels > text");
    var shown = svg.querySelectorAll(".svg-map-values > text");
    var kept = [];  // [box, index of its municipality]
    names.forEach(function (n, i) {
      if (n.getAttribute("visibility") !== "hidden") { kept.push([n.getBoundingClientRect(), i]); }
    });
    shown.forEach(function (v, i) {
      v.removeAttribute("visibility");
      var name = names[i];
      var box = v.getBoundingClientRect();
      if (!box.width) { return; }
      var hidden = !name || name.getAttribute("visibility") === "hidden" ||
        kept.some(function (other) { return other[1] !== i && overlaps(box, other[0]); });
      if (hidden) { v.setAttribute("visibility", "hidden"); } else { kept.push([box, i]); }
    });
  }

  function run() {
    var maps = document.querySelectorAll("svg.svg-map");
    maps.forEach(size);
    window.setTimeout(function () { maps.forEach(values); }, 0);
  }
  var pending = null;
  function soon() {
    if (pending) { return; }
    pending = window.requestAnimationFrame(function () { pending = null; run(); });
  }
  window.addEventListener("resize", soon);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("svg.svg-map").forEach(size);
  });
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
