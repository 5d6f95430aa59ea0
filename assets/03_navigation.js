/* Navigation without reloading, through Dash's public API (dashboard/ui/navigation.py):
   navigate(href) sets the shell's dcc.Location (id "navigering", refresh="callback-nav")
   with dash_clientside.set_props, as a callback returning a new href would; onNavigate
   runs a listener after every change of address, from the clientside callback on that
   Location's href. */
(function () {
  var LOCATION_ID = "navigering";
  var listeners = [];
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.dashboard = window.dash_clientside.dashboard || {};
  window.dash_clientside.dashboard.navigated = function () {
    listeners.forEach(function (listener) { listener(); });
  };
  window.dashboardNavigation = {
    // Go to a same-site address without reloading, as dcc.Link does.
    navigate: function (href) {
      var target = new URL(href, window.location.href).href;
      if (window.dash_clientside.set_props) {
        window.dash_clientside.set_props(LOCATION_ID, {href: target});
      } else {  // before Dash has started: an ordinary page load
        window.location.assign(target);
      }
    },
    onNavigate: function (listener) { listeners.push(listener); }
  };
})();
