/* Every use of the Dash renderer's internals in the browser, in one place (the server's side:
   dashboard/dash_seam.py). The other scripts call window.dashSeam; none names a Dash
   internal itself. tests/test_dash_contract.py checks each name below against the renderer
   and components Dash serves, and says which function here to update when a release
   changes one. Written against Dash 4.4. */
(function () {
  // The id of dash.page_container's content (dash/_pages.py: page_container). There is no
  // public way to find "the page's own part" of the document.
  var PAGE_CONTENT = "_pages_content";
  // The id of dash.page_container's dcc.Location, which Dash pages' router listens to. Set
  // through the public dash_clientside.set_props (03_navigation.js).
  var PAGE_LOCATION = "_pages_location";
  // Where dcc.Graph looks for plotly.js when it first needs it (dash-core-components:
  // utils/LazyLoader/plotly.js reads window._dashPlotlyJSURL; Dash sets it to its own copy).
  // There is no public setting for which plotly.js dcc.Graph loads.
  var PLOTLY_URL = "_dashPlotlyJSURL";

  window.dashSeam = {
    PAGE_LOCATION: PAGE_LOCATION,
    // The element holding the current page (null before Dash has drawn it).
    pageContent: function () { return document.getElementById(PAGE_CONTENT); },
    // Make dcc.Graph load plotly.js from `url`, whatever Dash sets later. Dash's own address
    // (its full plotly.js) is kept for dashPlotlyURL.
    pinPlotlyURL: function (url) {
      Object.defineProperty(window, PLOTLY_URL, {
        configurable: true,
        get: function () { return url; },
        set: function (dashURL) { window.dashSeam.dashPlotlyURL = dashURL; }
      });
    },
    // The address of Dash's full plotly.js, once Dash has set it (null before).
    dashPlotlyURL: null
  };
})();
