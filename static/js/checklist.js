// The attendance checklist (deputies/activity_checklist.html): find a deputy, show one group,
// mark a whole group, and count the marks. A file, not an inline script: the CSP allows no inline code.
(function () {
  var box = document.getElementById("checklist");
  var find = document.getElementById("checklist-find");
  var pick = document.getElementById("checklist-group");
  function filter() {
    var text = find.value.trim();
    box.querySelectorAll(".checklist-group").forEach(function (section) {
      var groupShown = !pick.value || section.dataset.group === pick.value;
      var any = false;
      section.querySelectorAll(".checklist-row").forEach(function (row) {
        var shown = groupShown && (!text || row.dataset.name.indexOf(text) !== -1);
        row.hidden = !shown;
        any = any || shown;
      });
      section.hidden = !any;
    });
  }
  function tally() {
    box.querySelectorAll("[data-count]").forEach(function (cell) {
      cell.textContent = box.querySelectorAll('.checklist-row input[type=radio][value="' + cell.dataset.count + '"]:checked').length;
    });
  }
  tally();
  box.addEventListener("change", tally);
  find.addEventListener("input", filter);
  pick.addEventListener("change", filter);
  box.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-mark]");
    if (!button) return;
    button.closest(".checklist-group").querySelectorAll(".checklist-row:not([hidden])").forEach(function (row) {
      var radio = row.querySelector('input[type=radio][value="' + button.dataset.mark + '"]');
      if (radio) radio.checked = true;
    });
    tally();
  });
})();
