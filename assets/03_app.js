/* Keep the page's choices in the address bar without reloading the page, so a copied link
   opens the same view. replaceState does not notify Dash, so the page is not re-rendered;
   back/forward and reload rebuild the page from the query string. */
window.dashboardSyncQuery = function (names, values) {
  var params = new URLSearchParams(window.location.search);
  names.forEach(function (name, i) {
    var value = values[i];
    if (value === null || value === undefined || value === "" ||
        (Array.isArray(value) && value.length === 0)) {
      params.delete(name);
    } else {
      params.set(name, Array.isArray(value) ? value.join(",") : String(value));
    }
  });
  var query = params.toString();
  var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  window.history.replaceState(window.history.state, "", url);
  return window.dash_clientside.no_update;
};

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

/* The page as HTML (#forhandsvisning) is on screen until React has drawn the real page in
   #react-entry-point, charts included (an undrawn chart has no height, and the page would
   jump): then the real one takes its place, at the latest 3 s after the page content has
   arrived. Until then the preview is inert (no focus, not read twice by screen readers);
   should the app never draw, it is made usable again after 15 s, with its plain links. */
(function () {
  var preview = document.getElementById("forhandsvisning");
  if (!preview) { return; }
  preview.setAttribute("inert", "");
  var entry = document.getElementById("react-entry-point");
  var done = false;
  var fallback = null;
  function drawn() {
    var graphs = entry.querySelectorAll(".dash-graph");
    for (var i = 0; i < graphs.length; i += 1) {
      if (!graphs[i].querySelector(".main-svg")) { return false; }
    }
    return true;
  }
  function swap() {
    if (done) { return; }
    done = true;
    observer.disconnect();
    window.clearTimeout(fallback);
    preview.remove();
    entry.classList.remove("vantar");
  }
  function check() {
    var content = window.dashSeam.pageContent();
    if (done || !content || !content.firstElementChild) { return; }
    if (fallback === null) { fallback = window.setTimeout(swap, 3000); }
    // Swapped in a task of its own, not inside React's render (see markSoon above).
    if (drawn()) { window.setTimeout(swap, 0); }
  }
  var observer = new MutationObserver(check);
  observer.observe(entry, {childList: true, subtree: true});
  window.setTimeout(function () { if (!done) { preview.removeAttribute("inert"); } }, 15000);
})();

/* Run callback once the browser has painted the current frame, in a task of its own; gives
   a function that cancels it. (Deferred charts below and deferred HTML blocks.) */
window.dashboardAfterPaint = function (callback) {
  var timer = null;
  var frame = window.requestAnimationFrame(function () {
    timer = window.setTimeout(callback, 0);
  });
  return function () { window.cancelAnimationFrame(frame); window.clearTimeout(timer); };
};

/* Charts further down the page (components.deferred_graph) are drawn when they come near
   the screen, not all at once when the page opens: drawing one takes plotly 100–300 ms on an
   ordinary laptop, time in which the page does not answer clicks or keys. The box keeps
   the chart's height until then, so nothing moves. A chart already on screen is redrawn
   as soon as its data changes; printing draws the rest (the table beside each chart holds
   the same figures should the printout come before the drawing). */
(function () {
  // Start a little before the chart scrolls into view (plotly.js is prefetched once the page
  // is quiet, so the first chart draws in a few hundred ms); not so far ahead that a chart
  // a screen further down is drawn while the page opens.
  var MARGIN = "150px 0px";
  var waiting = {};          // chart id -> function that gives up the previous wait
  function whenNear(id, callback) {
    var tries = 0;
    var observer = null;
    function finish() {
      if (observer) { observer.disconnect(); }
      window.removeEventListener("beforeprint", finish);
      window.dashboardAfterPaint(callback);
    }
    (function find() {
      var box = document.getElementById(id);
      if (!box) {  // not on the page yet
        tries += 1;
        if (tries < 600) { window.requestAnimationFrame(find); } else { finish(); }
        return;
      }
      if (box.querySelector(".js-plotly-plot") || !("IntersectionObserver" in window)) {
        finish();
        return;
      }
      observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) { finish(); }
      }, {rootMargin: MARGIN});
      observer.observe(box);
      window.addEventListener("beforeprint", finish);
    })();
    return function () {
      if (observer) { observer.disconnect(); }
      window.removeEventListener("beforeprint", finish);
    };
  }
  window.dashboardDrawWhenNear = function (id, figure, props) {
    var noUpdate = window.dash_clientside.no_update;
    if (!figure) { return noUpdate; }
    if (window.dashboardPrefetchPlotly) { window.dashboardPrefetchPlotly(); }
    if (waiting[id]) { waiting[id](); }  // newer data replaces a chart not yet drawn
    return new Promise(function (resolve) {
      var cancel = whenNear(id, function () {
        delete waiting[id];
        resolve({type: "Graph", namespace: "dash_core_components",
                 props: Object.assign({}, props || {}, {figure: figure})});
      });
      waiting[id] = function () { cancel(); resolve(noUpdate); };
    });
  };
})();

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
    window.dashSeam.navigate(href);
    window.scrollTo(0, 0);
  });
})();

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
  window.dashSeam.onNavigate(navigated);
  // The layout's menu was marked for the page the server was told about (first_view.py).
  var observer = new MutationObserver(function () {
    if (document.querySelector("#react-entry-point .site-navbar")) {
      observer.disconnect();
      markCurrent();
    }
  });
  observer.observe(document.documentElement, {childList: true, subtree: true});
})();

/* A print button ([data-print-page], the Kommunrapport): the browser's own print dialog, which
   also saves as PDF. A plain attribute, so a button inside server-written HTML works too. */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print-page]");
  if (button) { window.print(); }
});

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
      if (mine !== run || moved || ticks > 100 || found > 30) {
        clearInterval(timer);
        return;
      }
      if (!target || !content.contains(target)) { return; }
      found += 1;
      var top = target.getBoundingClientRect().top;
      if (target !== handled || Math.abs(top) > 40) {
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
  window.dashSeam.onNavigate(goToPlace);
})();

/* Jämför in a large county (pages/jamfor.py, municipality_picker): a search field hides the
   municipalities whose names do not match; ticked ones stay, and a status line says how many
   are shown. Plain DOM on native checkboxes: no callback, nothing for Dash to redraw. */
document.addEventListener("input", function (event) {
  var field = event.target;
  if (!field.matches || !field.matches("input[data-filters]")) { return; }
  var list = document.getElementById(field.getAttribute("data-filters"));
  if (!list) { return; }
  var wanted = field.value.trim().toLocaleLowerCase("sv");
  var items = list.querySelectorAll(".form-check");
  var shown = 0;
  var matches = 0;
  for (var i = 0; i < items.length; i += 1) {
    var box = items[i].querySelector("input");
    var name = items[i].textContent.trim().toLocaleLowerCase("sv");
    var match = !wanted || name.indexOf(wanted) !== -1;
    var visible = match || (box && box.checked);
    items[i].hidden = !visible;
    if (visible) { shown += 1; }
    if (match) { matches += 1; }
  }
  var status = document.getElementById(field.getAttribute("aria-describedby"));
  if (status) {
    // The ticked ones stay in view: a search that matches nothing must say so, not only
    // show them.
    status.textContent = !wanted ? "Visar alla " + items.length + " kommuner."
      : matches ? "Visar " + shown + " av " + items.length + " kommuner."
      : "Ingen kommun matchar ”" + field.value.trim() + "”. Visar bara de valda.";
  }
});
