// The summary editor (reports/report_edit.html) never loses work: the whole draft is one form
// with one save; this says whether there are unsaved changes, warns before the page is left
// with some, and puts a figure's token at the cursor of the text last edited (figures go into
// the texts, not headings or the title). A file, not an inline script: the CSP allows no inline
// code.
(function () {
  var form = document.getElementById("report-draft");
  var bar = form.querySelector("[data-savebar]");
  var status = bar.querySelector("[data-status]");
  // A refused save comes back with what was typed: still not saved.
  var dirty = form.hasAttribute("data-refused");
  var sending = false;
  var lastField = null; // id of the text field the cursor was last in

  function say(key) {
    status.textContent = status.dataset[key];
    bar.classList.toggle("dirty", key === "dirty" || key === "failed");
  }

  function changed() {
    dirty = true;
    say("dirty");
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("focusin", function (event) {
    if (event.target.matches("textarea")) lastField = event.target.id;
  });
  form.addEventListener("submit", function () {
    sending = true;
    say("saving");
  });

  window.addEventListener("beforeunload", function (event) {
    if (!dirty || sending) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers show their own warning only with this set
  });

  document.querySelectorAll(".token-insert").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = lastField && document.getElementById(lastField);
      if (!field) {
        say("noField");
        return;
      }
      field.setRangeText(button.dataset.token, field.selectionStart, field.selectionEnd, "end");
      field.focus();
      field.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });

  say(dirty ? "failed" : "clean");
})();
