/* Image export of a chart for slides and reports (see dashboard/ui/image_export.py).

   window.dashboardExportImage(graphDomId, format, title, source, note) draws a copy of the
   chart with Plotly.toImage at 960 × 540 layout pixels, puts the title above it and the
   source line and the example-data notice below it, and downloads the result: a PNG of
   1600 × 900 pixels (scale 5/3, so the type is as large as on screen relative to the slide)
   or an SVG with the same content as text. Taller charts keep their own height. The maps
   and the charts on Jämför, Kommun and Strategi's indicators are SVG from the server:
   copied (a map with its legend). */
(function () {
  var WIDTH = 960, BASE_HEIGHT = 540, SCALE = 5 / 3, PAD = 24;
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  var TITLE = { size: 24, weight: "700", line: 30, color: "#1b1b1b" };
  var SMALL = { size: 15, weight: "400", line: 20, color: "#333333" };
  var NOTE = { size: 15, weight: "700", line: 20, color: "#1b1b1b" };

  function graphDiv(id) {
    var host = document.getElementById(id);
    if (!host) { return null; }
    return host.classList.contains("js-plotly-plot") ? host : host.querySelector(".js-plotly-plot");
  }

  // Maps and charts written as SVG by the server (dashboard/charts/svg_*.py); of a chart sent
  // in two layouts (html_block.svg_block) the wide one, whichever the screen shows.
  function svgMap(id) {
    var host = document.getElementById(id);
    return host && (host.querySelector(".chart-wide > svg.svg-chart") ||
                    host.querySelector("svg.svg-map, svg.svg-chart"));
  }

  // A standalone copy of the SVG map with its legend shown, as a data: URL, at the given size.
  function svgMapUrl(map, width, height) {
    var box = map.viewBox.baseVal;
    var copy = map.cloneNode(true);
    copy.removeAttribute("class");  // the page's CSS does not come along; attributes do
    copy.setAttribute("viewBox", "0 0 " + box.width + " " +
                      (Number(map.getAttribute("data-export-height")) || box.height));
    copy.setAttribute("width", width);
    copy.setAttribute("height", height);
    var legend = copy.querySelector(".svg-map-legend");
    if (legend) { legend.removeAttribute("display"); }
    return "data:image/svg+xml;charset=utf-8," +
      encodeURIComponent(new XMLSerializer().serializeToString(copy));
  }

  var measure = document.createElement("canvas").getContext("2d");
  function wrap(text, style, width) {
    if (!text) { return []; }
    measure.font = style.weight + " " + style.size + "px " + FONT;
    var words = String(text).split(/\s+/), lines = [], line = "";
    words.forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && measure.measureText(next).width > width) { lines.push(line); line = word; }
      else { line = next; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function slug(text) {
    var s = String(text || "diagram").toLowerCase()
      .replace(/[åä]/g, "a").replace(/ö/g, "o").replace(/é/g, "e")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return (s || "diagram").slice(0, 80);
  }

  function escapeXml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  function blocks(title, source, note) {
    var inner = WIDTH - 2 * PAD;
    var parts = { title: wrap(title, TITLE, inner), source: wrap(source, SMALL, inner),
                  note: wrap(note, NOTE, inner) };
    parts.top = PAD + parts.title.length * TITLE.line + (parts.title.length ? 10 : 0);
    parts.bottom = 10 + parts.source.length * SMALL.line + parts.note.length * NOTE.line + PAD - 6;
    return parts;
  }

  function textRows(parts, plotHeight) {
    var rows = [], y = PAD;
    parts.title.forEach(function (line) { y += TITLE.line; rows.push([line, TITLE, y - 7]); });
    y = parts.top + plotHeight + 10;
    parts.source.forEach(function (line) { y += SMALL.line; rows.push([line, SMALL, y - 5]); });
    parts.note.forEach(function (line) { y += NOTE.line; rows.push([line, NOTE, y - 5]); });
    return rows;
  }

  function download(blob, filename) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    link.style.display = "none";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function composeSvg(svgUrl, parts, plotHeight, height) {
    var comma = svgUrl.indexOf(",");
    var inner = decodeURIComponent(svgUrl.slice(comma + 1)).replace(/^<\?xml[^>]*>/, "");
    inner = inner.replace("<svg ", '<svg x="0" y="' + parts.top + '" ');
    var texts = textRows(parts, plotHeight).map(function (row) {
      var style = row[1];
      return '<text x="' + PAD + '" y="' + row[2] + '" font-family="' + escapeXml(FONT) +
        '" font-size="' + style.size + '" font-weight="' + style.weight + '" fill="' +
        style.color + '">' + escapeXml(row[0]) + "</text>";
    }).join("");
    var svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"' +
      ' width="' + WIDTH + '" height="' + height + '" viewBox="0 0 ' + WIDTH + " " + height +
      '"><rect width="100%" height="100%" fill="#ffffff"/>' + texts + inner + "</svg>";
    return Promise.resolve(new Blob([svg], { type: "image/svg+xml;charset=utf-8" }));
  }

  function composePng(pngUrl, parts, plotHeight, height) {
    return new Promise(function (resolve, reject) {
      var image = new Image();
      image.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(WIDTH * SCALE);
        canvas.height = Math.round(height * SCALE);
        var ctx = canvas.getContext("2d");
        ctx.scale(SCALE, SCALE);
        ctx.fillStyle = "#ffffff";
        ctx.fillRect(0, 0, WIDTH, height);
        ctx.drawImage(image, 0, parts.top, WIDTH, plotHeight);
        textRows(parts, plotHeight).forEach(function (row) {
          var style = row[1];
          ctx.font = style.weight + " " + style.size + "px " + FONT;
          ctx.fillStyle = style.color;
          ctx.fillText(row[0], PAD, row[2]);
        });
        canvas.toBlob(function (blob) { return blob ? resolve(blob) : reject(new Error("png")); },
                      "image/png");
      };
      image.onerror = function () { reject(new Error("Bilden kunde inte ritas.")); };
      image.src = pngUrl;
    });
  }

  function finish(image, format, title, note, parts, plotHeight, height) {
    return image
      .then(function (url) {
        return format === "svg" ? composeSvg(url, parts, plotHeight, height)
          : composePng(url, parts, plotHeight, height);
      })
      .then(function (blob) {
        var filename = slug(title) + (note ? "-exempeldata" : "") + "." + format;
        window.dashboardExportImage.last.filename = filename;
        download(blob, filename);
        return filename;
      });
  }

  function exportSvgMap(map, format, title, source, note) {
    var parts = blocks(title, source, note);
    // 16:9 as a plotly chart; the map keeps its proportions, centred (preserveAspectRatio).
    var plotHeight = BASE_HEIGHT - parts.top - parts.bottom;
    var height = parts.top + plotHeight + parts.bottom;
    window.dashboardExportImage.last = {
      format: format, title: title, source: source, note: note,
      width: Math.round(WIDTH * SCALE), height: Math.round(height * SCALE), layout: null,
    };
    return finish(Promise.resolve(svgMapUrl(map, WIDTH, plotHeight)), format, title,
                  note, parts, plotHeight, height);
  }

  window.dashboardExportImage = function (graphDomId, format, title, source, note) {
    format = format === "svg" ? "svg" : "png";
    if (source && !/^Källa/i.test(source)) { source = "Källa: " + source; }
    var map = svgMap(graphDomId);
    if (map) { return exportSvgMap(map, format, title, source, note); }
    var gd = graphDiv(graphDomId);
    if (!gd || !window.Plotly || !gd.data) { return Promise.reject(new Error("Inget diagram.")); }
    var data = JSON.parse(JSON.stringify(gd.data));
    var layout = JSON.parse(JSON.stringify(gd.layout || {}));
    var parts = blocks(title, source, note);
    // A chart taller than wide (a long list, the goal tree) keeps its height on screen;
    // everything else is drawn at 16:9.
    var full = gd._fullLayout || {};
    var ownHeight = typeof layout.height === "number" ? layout.height : 0;
    if (!ownHeight && full.height && full.width && full.height > full.width) {
      ownHeight = full.height;
    }
    var basePlot = BASE_HEIGHT - parts.top - parts.bottom;
    var plotHeight = ownHeight > basePlot * 1.3 ? ownHeight : basePlot;
    var height = parts.top + plotHeight + parts.bottom;
    delete layout.title;  // the image's own title is drawn above the chart
    delete layout.width;
    delete layout.height;
    layout.autosize = false;
    var context = gd._context || {};
    var config = { locale: context.locale };
    window.dashboardExportImage.last = {
      format: format, title: title, source: source, note: note,
      width: Math.round(WIDTH * SCALE), height: Math.round(height * SCALE), layout: layout,
    };
    var options = { format: format, width: WIDTH, height: plotHeight,
                    scale: format === "png" ? SCALE : 1 };
    return finish(window.Plotly.toImage({ data: data, layout: layout, config: config }, options),
                  format, title, note, parts, plotHeight, height);
  };

  // '{jamfor-ar}' in a title is replaced by that control's current value (e.g. the year).
  function fill(text) {
    return String(text || "").replace(/\{([\w-]+)\}/g, function (match, id) {
      var element = document.getElementById(id);
      return element ? (element.value || element.textContent || "").trim() : "";
    }).replace(/\s+/g, " ").trim();
  }

  function textOf(id) {
    var element = id && document.getElementById(id);
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // A chart below the first screen is drawn when it comes near (04_deferred_charts.js): a click on its
  // button may come first, so wait for the drawing, bringing the chart into view if needed.
  function whenDrawn(id, timeout) {
    return new Promise(function (resolve, reject) {
      var started = Date.now(), scrolled = false;
      (function check() {
        if (svgMap(id)) { resolve({}); return; }
        var gd = graphDiv(id);
        if (gd && gd.data && gd._fullLayout) { resolve(gd); return; }
        var host = document.getElementById(id);
        if (host && !scrolled) { scrolled = true; host.scrollIntoView({block: "nearest"}); }
        if (Date.now() - started > timeout) { reject(new Error("Inget diagram.")); return; }
        window.setTimeout(check, 100);
      })();
    });
  }

  function say(button, text) {
    var box = button.closest(".image-export");
    var status = box && box.querySelector(".image-export-status");
    if (status) { status.textContent = text; }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-export-graph]");
    if (!button || button.getAttribute("data-busy")) { return; }
    var id = button.getAttribute("data-export-graph");
    var format = button.getAttribute("data-export-format");
    button.setAttribute("data-busy", "1");
    say(button, "");
    whenDrawn(id, 8000)
      .then(function (graph) {
        var own = graph.layout && graph.layout.title;
        var title = textOf(button.getAttribute("data-export-title-from")) ||
          fill(button.getAttribute("data-export-title")) ||
          String((own && (own.text || own)) || "").replace(/<[^>]*>/g, "");
        var source = textOf(button.getAttribute("data-export-source-from")) ||
          button.getAttribute("data-export-source") || "";
        return window.dashboardExportImage(id, format, title, source,
          button.getAttribute("data-export-note") || "");
      })
      .then(function (filename) { say(button, "Bilden har laddats ned: " + filename); })
      .catch(function (error) {
        console.warn("Bilden kunde inte skapas:", error);
        say(button, /Inget diagram/.test(String(error && error.message)) ?
          "Diagrammet är inte färdigt än. Försök igen om en stund." :
          "Bilden kunde inte skapas. Försök igen, eller använd tabellen.");
      })
      .then(function () { button.removeAttribute("data-busy"); });
  });
})();
