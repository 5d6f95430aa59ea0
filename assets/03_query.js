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
