/* Navigation without reloading, through Dash's public API (dashboard/ui/navigation.py):
   navigate(href) sets Dash pages' router Location (refresh="callback-nav"; its id from
   dashSeam) with dash_clientside.set_props, as a callback returning a new href would;
   onNavigate runs a listener after every change of page, from the clientside callback on
   that Location. */
(function () {
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
        window.dash_clientside.set_props(window.dashSeam.PAGE_LOCATION, {href: target});
      } else {  // before Dash has started: an ordinary page load
        window.location.assign(target);
      }
    },
    onNavigate: function (listener) { listeners.push(listener); }
  };
})();
