// The summary editor (reports/report_edit.html) never loses work: it knows which parts were
// changed and not saved, warns before the page is left with such changes, saves every changed
// part with one button (one htmx request per part, one after the other, so each carries the
// report's revision the previous save gave the page), and puts a figure's token at the cursor of
// the text last edited (figures go into the texts, not headings or the title). A file, not an
// inline script: the CSP allows no inline code.
(function () {
  var parts = document.querySelector(".report-parts");
  var bar = parts.querySelector("[data-savebar]");
  var status = bar.querySelector("[data-status]");
  var saveAll = bar.querySelector("[data-save-all]");
  var dirty = new Set(); // ids of the part forms changed since their last save
  var lastField = null; // id of the text field the cursor was last in
  var saving = false;

  function say(key) {
    status.textContent = status.dataset[key];
    bar.classList.toggle("dirty", key === "dirty" || key === "failed");
  }

  function refresh() {
    if (!saving) say(dirty.size ? "dirty" : "clean");
    saveAll.disabled = saving || !dirty.size;
  }

  function partOf(element) {
    return element.closest("form.report-part");
  }

  parts.addEventListener("input", function (event) {
    var form = partOf(event.target);
    if (!form) return;
    dirty.add(form.id);
    refresh();
  });
  parts.addEventListener("change", function (event) {
    var form = partOf(event.target);
    if (form) dirty.add(form.id);
    refresh();
  });
  parts.addEventListener("focusin", function (event) {
    var field = event.target;
    if (field.matches("textarea") && partOf(field)) lastField = field.id;
  });

  // A part's htmx answer replaces its form (the request's target): a saved part is clean again; a
  // refused one keeps its typed text and stays changed. The old form is gone from the page by
  // then, so htmx tells its parent.
  parts.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.target;
    if (!form.id || !dirty.has(form.id)) return;
    var answer = event.detail.xhr ? event.detail.xhr.responseText : "";
    if (event.detail.successful && answer.indexOf('role="status"') !== -1) dirty.delete(form.id);
    refresh();
  });

  window.addEventListener("beforeunload", function (event) {
    if (!dirty.size) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers show their own warning only with this set
  });

  function saveNext(ids) {
    var form = ids.length ? document.getElementById(ids[0]) : null;
    if (!form) {
      saving = false;
      refresh();
      return;
    }
    htmx
      .ajax("POST", form.getAttribute("hx-post"), { source: form, target: form, swap: "outerHTML" })
      .then(function () {
        if (dirty.has(ids[0])) {
          // Refused: stop here and show the part with its message.
          saving = false;
          say("failed");
          saveAll.disabled = false;
          var shown = document.getElementById(ids[0]);
          if (shown) shown.scrollIntoView({ block: "start" });
          return;
        }
        saveNext(ids.slice(1));
      });
  }

  saveAll.addEventListener("click", function () {
    if (saving || !dirty.size) return;
    saving = true;
    say("saving");
    saveAll.disabled = true;
    // In page order: the details first, then the parts as they read.
    var ids = Array.prototype.map
      .call(parts.querySelectorAll("form.report-part"), function (form) { return form.id; })
      .filter(function (id) { return dirty.has(id); });
    saveNext(ids);
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

  bar.hidden = false;
  refresh();
})();
