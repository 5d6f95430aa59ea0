/* A print button ([data-print-page], the Kommunrapport): the browser's own print dialog, which
   also saves as PDF. A plain attribute, so a button inside server-written HTML works too. */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print-page]");
  if (button) { window.print(); }
});
