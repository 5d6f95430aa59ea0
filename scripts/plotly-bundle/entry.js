// Partial plotly.js bundle: only the trace types the dashboard draws (built by
// scripts/build-plotly.sh). Dash uses window.Plotly instead of loading its full bundle.
var Plotly = require('plotly.js/lib/core');
Plotly.register([
  require('plotly.js/lib/bar'),
  require('plotly.js/lib/heatmap'),
  require('plotly.js/lib/choropleth'),
  require('plotly.js/lib/scattergeo'),
  require('plotly.js/lib/treemap'),
  require('plotly.js/lib/locales/sv'),
]);
// geo subplots ask for a world topojson even with every base layer hidden: hand them an
// empty one so no request is made at all.
window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};
window.PlotlyGeoAssets.topojson.world_110m = require('../../assets/topojson/world_110m.json');
window.Plotly = Plotly;
