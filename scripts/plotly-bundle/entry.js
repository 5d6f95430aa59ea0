// Partial plotly.js bundle: only the trace types the dashboard draws (built by
// scripts/build-plotly.sh). Dash uses window.Plotly instead of loading its full bundle.
// The only plotly chart is Strategi's treemap, kept in plotly for its zoom into a goal
// (click a box, the breadcrumb back); every other chart and map is SVG drawn by the server.
var Plotly = require('plotly.js/lib/core');
Plotly.register([
  require('plotly.js/lib/treemap'),
  require('plotly.js/lib/locales/sv'),
]);
window.Plotly = Plotly;
