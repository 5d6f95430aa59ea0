/* "Kopiera länk": copies the address of the current view, with its choices in the query
   string, or the value of an input ([data-copy-from] = the input's id). Uses the clipboard
   API and falls back to selecting a read-only field so the visitor can press Ctrl+C. The
   result is announced in the nearest aria-live region ([role=status]). */
(function () {
  function statusFor(button) {
    var box = button.closest(".share, .input-group") || button.parentElement;
    var status = box && box.parentElement ?
      box.parentElement.querySelector("[role=status]") : null;
    return status || document.querySelector(".share-status");
  }

  function announce(status, text) {
    if (!status) { return; }
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 50);
  }

  function fallback(field, text, status) {
    var box = field.closest(".share-field") || field;
    box.style.display = "";
    field.style.display = "";
    field.value = text;
    field.focus();
    field.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    announce(status, copied ? "Länken är kopierad." :
      "Länken är markerad i rutan: tryck Ctrl+C (eller ⌘+C) för att kopiera den.");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy-link], [data-copy-from]");
    if (!button) { return; }
    var from = button.getAttribute("data-copy-from");
    var source = from ? document.getElementById(from) : null;
    var text = source ? source.value : window.location.href;
    var field = source || (button.closest(".share") || document).querySelector(".share-field");
    if (field && field.tagName !== "INPUT") { field = field.querySelector("input") || null; }
    var status = statusFor(button);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        announce(status, "Länken är kopierad.");
      }, function () { if (field) { fallback(field, text, status); } });
    } else if (field) {
      fallback(field, text, status);
    }
  });
})();
