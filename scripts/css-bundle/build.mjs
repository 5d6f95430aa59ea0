// Bootstrap's stylesheet with only the rules whose classes the app uses: the pages' HTML
// (pages.py: the server writes the markup React draws) and the app's Python and JavaScript
// (classes set at run time). Keeps every CSS variable, the licence banner and the element
// rules. Output: assets/01_bootstrap.min.css. tests/test_css_bundle.py checks the result
// against the classes on the pages in the browser.
import { readFileSync, writeFileSync } from "node:fs";
import { PurgeCSS } from "purgecss";

const repo = new URL("../../", import.meta.url).pathname;
const [pagesDir] = process.argv.slice(2);
const content = [
  `${pagesDir}/*.html`,
  `${repo}dashboard/**/*.py`,
  `${repo}assets/0[1-9]_*.js`,
];
const [result] = await new PurgeCSS().purge({
  content,
  css: [`${repo}scripts/css-bundle/bootstrap-5.3.9.min.css`],
  variables: false,
  // Classes made from parts at run time (an alert's colour), states, and a Bootstrap
  // utility class that plotly.js puts on its charts.
  safelist: {
    standard: [/^alert(-|$)/, /^show$/, /^collapsing$/, /^active$/, /^disabled$/,
               /^user-select-none$/],
  },
});
writeFileSync(`${repo}assets/01_bootstrap.min.css`, result.css);
console.log(`assets/01_bootstrap.min.css: ${result.css.length} bytes (full: ${readFileSync(`${repo}scripts/css-bundle/bootstrap-5.3.9.min.css`).length})`);
