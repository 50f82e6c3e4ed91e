// Co-signers on the suggestion form (proposals/my_proposal_form.html): find a deputy by name and
// count those chosen. A file, not an inline script: the CSP allows no inline code.
(function () {
  var box = document.getElementById("signers");
  var find = document.getElementById("signers-find");
  var chosen = box.querySelector("[data-chosen]");
  function count() { chosen.textContent = box.querySelectorAll("input[type=checkbox]:checked").length; }
  find.addEventListener("input", function () {
    var text = find.value.trim();
    box.querySelectorAll("li[data-name]").forEach(function (row) {
      row.hidden = !!text && row.dataset.name.indexOf(text) === -1;
    });
  });
  box.addEventListener("change", count);
  count();
})();
