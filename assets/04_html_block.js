/* html_block.HtmlBlock: a part of the page the server wrote out as HTML (the tables), put
   in with one innerHTML instead of a Dash component per cell, and the SVG maps. Links in it
   open pages as dcc.Link does, without reloading the app. */
(function () {
  window.dashboard_html = window.dashboard_html || {};
  // deferred: empty on React's first draw of the page, filled after that paint by this
  // component alone (a Dash callback round would cost the phone tens of ms more); until
  // then .deferred-content keeps the space (02_app.css). A new html prop (a callback) is
  // shown at once.
  // paint (svg_map.map_paint): a map already on the page takes a new choice's fills,
  // tooltips, links and legends in place; its shapes, the bulk of it, stay. React leaves the
  // innerHTML alone while the html prop is the same string.
  function paintMap(block, paint) {
    var svg = block.querySelector("svg.svg-map");
    if (!svg) { return; }
    svg.setAttribute("aria-label", paint.label);
    svg.setAttribute("data-export-height", String(paint.export_height));
    var labels = svg.querySelectorAll(".svg-map-labels > text");  // in the areas' order
    var values = svg.querySelectorAll(".svg-map-values > text");  // the same order
    svg.querySelectorAll(".svg-map-areas > a").forEach(function (link, i) {
      var area = paint.areas[link.getAttribute("data-kommun")];
      if (!area) { return; }
      link.setAttribute("href", area[0]);
      link.querySelector("title").textContent = area[4];
      link.querySelector("path").setAttribute("fill",
                                              area[2] ? "url(#" + paint.pattern + ")" : area[1]);
      if (labels[i]) {
        labels[i].setAttribute("fill", area[3]);
        labels[i].setAttribute("stroke", area[1]);
      }
      if (values[i]) {  // the value under the name (svg_map._map_value)
        values[i].textContent = area[5] || "";
        values[i].setAttribute("fill", area[3]);
        values[i].setAttribute("stroke", area[1]);
      }
    });
    var exportLegend = svg.querySelector(".svg-map-legend");
    if (exportLegend) { exportLegend.innerHTML = paint.export_legend; }
    var legend = block.querySelector("ul.map-legend");
    if (legend) { legend.outerHTML = paint.legend; }
  }
  // paint (pages/oversikt.table_paint): a table already on the page takes a new choice's
  // caption, headers, values, changes and sources, its rows (one per municipality, by
  // data-kommun) in the new order, and its röjandeskydd note.
  function paintTable(block, paint) {
    var table = block.querySelector("table");
    if (!table) { return; }
    table.querySelector("caption").textContent = paint.caption;
    var region = table.closest(".table-responsive[aria-label]");  // named by its caption
    if (region) { region.setAttribute("aria-label", paint.caption); }
    var heads = table.querySelectorAll("thead th");
    heads[1].textContent = paint.headers[0];
    heads[2].textContent = paint.headers[1];
    var body = table.tBodies[0];
    var rows = {};
    Array.prototype.forEach.call(body.rows, function (tr) {
      rows[tr.getAttribute("data-kommun")] = tr;
    });
    paint.order.forEach(function (code) {
      var tr = rows[code];
      var row = paint.rows[code];
      if (!tr || !row) { return; }
      tr.querySelector("a").setAttribute("href", paint.href.replace("{code}", code));
      var value = tr.cells[1];
      value.textContent = row[1] ? "" : row[0];
      if (row[1]) {  // hidden by röjandeskydd: the value's mark and its reason
        var span = document.createElement("span");
        span.className = "suppressed-value";
        span.setAttribute("title", paint.explanation);
        span.setAttribute("aria-label", paint.explanation);
        span.textContent = row[0];
        span.appendChild(document.createElement("sup")).textContent = "*";
        value.appendChild(span);
      }
      tr.cells[2].textContent = row[2];
      tr.cells[3].textContent = row[3];
      if (row[4]) { tr.cells[3].setAttribute("title", row[4]); } else {
        tr.cells[3].removeAttribute("title");
      }
      body.appendChild(tr);  // in the new order
    });
    var note = block.querySelector(".suppressed-note");
    if (note) { note.textContent = paint.note; }
  }
  window.dashboard_html.HtmlBlock = function HtmlBlock(props) {
    var React = window.React;
    var state = React.useState(!props.deferred);
    var shown = state[0];
    var setShown = state[1];
    var ref = React.useRef(null);
    React.useEffect(function () {
      if (shown) { return undefined; }
      return window.dashboardAfterPaint(function () { setShown(true); });
    }, [shown]);
    React.useLayoutEffect(function () {
      if (!props.paint || !ref.current) { return; }
      if (props.paint.areas) { paintMap(ref.current, props.paint); }
      if (props.paint.rows) { paintTable(ref.current, props.paint); }
    }, [props.paint, shown]);
    return React.createElement("div", {
      ref: ref,
      id: props.id,
      className: shown ? props.className : (props.className || "") + " deferred-content",
      dangerouslySetInnerHTML: {__html: shown ? props.html || "" : ""}
    });
  };
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".html-block a[data-app-link]");
    var href = link && link.getAttribute("href");
    if (!href || href.charAt(0) !== "/" || href.charAt(1) === "/" || event.defaultPrevented ||
        event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
        event.altKey || link.getAttribute("target") ||  // (SVG links: .target is an object)
        !window.dashSeam.pageContent()) {
      return;
    }
    event.preventDefault();
    window.dashboardNavigation.navigate(href);
    window.scrollTo(0, 0);
  });
})();
