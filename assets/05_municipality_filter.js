/* Jämför in a large county (pages/jamfor.py, municipality_picker): a search field hides the
   municipalities whose names do not match; ticked ones stay, and a status line says how many
   are shown. Plain DOM on native checkboxes: no callback, nothing for Dash to redraw. */
document.addEventListener("input", function (event) {
  var field = event.target;
  if (!field.matches || !field.matches("input[data-filters]")) { return; }
  var list = document.getElementById(field.getAttribute("data-filters"));
  if (!list) { return; }
  var wanted = field.value.trim().toLocaleLowerCase("sv");
  var items = list.querySelectorAll(".form-check");
  var shown = 0;
  var matches = 0;
  for (var i = 0; i < items.length; i += 1) {
    var box = items[i].querySelector("input");
    var name = items[i].textContent.trim().toLocaleLowerCase("sv");
    var match = !wanted || name.indexOf(wanted) !== -1;
    var visible = match || (box && box.checked);
    items[i].hidden = !visible;
    if (visible) { shown += 1; }
    if (match) { matches += 1; }
  }
  var status = document.getElementById(field.getAttribute("aria-describedby"));
  if (status) {
    // The ticked ones stay in view: a search that matches nothing must say so, not only
    // show them.
    status.textContent = !wanted ? "Visar alla " + items.length + " kommuner."
      : matches ? "Visar " + shown + " av " + items.length + " kommuner."
      : "Ingen kommun matchar ”" + field.value.trim() + "”. Visar bara de valda.";
  }
});
