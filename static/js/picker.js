// The searchable picker (congress/widgets.py, templates/widgets/picker.html): turns a plain
// <select> (one choice) or <select multiple> into chips of the chosen options and a search box
// that finds an option by its name, its pinyin or its initials (张三: 张, zhang, zs). The select
// stays in the form and holds the value, so the form posts as without JavaScript. A disabled
// option shows with its reason and cannot be chosen. One choice: the list closes after a pick.
// Several: a pick found by typing clears the box and closes the list for the next name; a pick
// while browsing keeps the list open. Keyboard: arrows move, Enter chooses or drops, Escape
// closes, Backspace in the empty box drops the last chip. A file, not an inline script (CSP);
// linked once per picker, so it enhances each picker once.
(function () {
  var serial = 0;

  function enhance(box) {
    if (box.dataset.pickerReady) return;
    box.dataset.pickerReady = "1";
    var select = box.querySelector("select");
    var id = select.id || "picker-" + ++serial;
    var listId = id + "-list";
    var chips = document.createElement("ul");
    chips.className = "picker-chips";
    chips.setAttribute("aria-label", box.dataset.chosen);
    var input = document.createElement("input");
    input.type = "text";
    input.id = id + "-find";
    input.className = "picker-find";
    input.autocomplete = "off";
    input.placeholder = box.dataset.placeholder;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "picker-list";
    list.hidden = true;
    list.setAttribute("role", "listbox");
    if (select.multiple) list.setAttribute("aria-multiselectable", "true");
    var count = document.createElement("p");
    count.className = "picker-count";
    count.setAttribute("aria-live", "polite");
    // The field's label now names the search box.
    if (select.id) {
      document.querySelectorAll('label[for="' + select.id + '"]').forEach(function (label) {
        label.htmlFor = input.id;
      });
    }
    select.hidden = true;
    // A hidden required select would stop the form silently; the server says what is missing.
    select.required = false;
    input.disabled = select.disabled;
    box.append(chips, input, list, count);

    // The empty choice ("none") of a single select is the chip's remove button, not a row.
    var options = Array.prototype.slice.call(select.options).filter(function (option) {
      return option.value !== "";
    });
    var none = select.multiple ? null : select.querySelector('option[value=""]');
    var active = -1;
    var shown = [];

    // A name matches anywhere in it; its pinyin and initials from the start (l finds 李,
    // not 万林云; zhang and zs find 张三).
    function matches(option, text) {
      if (option.textContent.toLowerCase().indexOf(text) !== -1) return true;
      return (option.dataset.keys || "").split(" ").some(function (key) {
        return key && key.indexOf(text) === 0;
      });
    }

    function chosenOptions() {
      return options.filter(function (option) { return option.selected; });
    }

    function drop(option) {
      if (select.multiple) option.selected = false;
      else if (none) none.selected = true;
    }

    function changed() {
      select.dispatchEvent(new Event("change", { bubbles: true }));
      drawChips();
      drawList();
    }

    function drawChips() {
      chips.replaceChildren();
      var chosen = chosenOptions();
      chosen.forEach(function (option) {
        var chip = document.createElement("li");
        chip.className = "chip";
        var name = document.createElement("span");
        name.textContent = option.textContent;
        chip.append(name);
        // A required single choice is replaced by picking another, never emptied; a disabled
        // field (a record's fixed deputy) shows its choice only.
        if ((select.multiple || none) && !select.disabled) {
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "chip-remove";
          remove.textContent = "×";
          remove.setAttribute("aria-label", box.dataset.remove + " " + option.textContent);
          remove.addEventListener("click", function () {
            drop(option);
            changed();
            input.focus();
          });
          chip.append(remove);
        }
        chips.append(chip);
      });
      chips.hidden = !chosen.length;
      count.hidden = !select.multiple || !chosen.length;
      count.textContent = box.dataset.chosen + " " + chosen.length;
    }

    function drawList() {
      var text = input.value.replace(/\s+/g, "").toLowerCase();
      shown = options.filter(function (option) { return !text || matches(option, text); });
      list.replaceChildren();
      shown.forEach(function (option, index) {
        var row = document.createElement("li");
        row.id = listId + "-" + index;
        row.setAttribute("role", "option");
        row.setAttribute("aria-selected", option.selected ? "true" : "false");
        if (option.disabled) row.setAttribute("aria-disabled", "true");
        row.textContent = option.textContent;
        row.classList.toggle("active", index === active);
        list.append(row);
      });
      if (!shown.length) {
        var empty = document.createElement("li");
        empty.className = "picker-empty";
        empty.textContent = box.dataset.empty;
        list.append(empty);
      }
      if (active >= 0 && active < shown.length) {
        input.setAttribute("aria-activedescendant", listId + "-" + active);
        list.children[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      drawList();
    }

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function toggle(option) {
      if (option.disabled) return;
      var typed = input.value.trim() !== "";
      if (select.multiple) option.selected = !option.selected;
      else if (option.selected) drop(option);
      else option.selected = true;
      if (option.selected && typed) {
        input.value = "";
        active = -1;
      }
      changed();
      // One choice is made; a name found by typing is done with. Browsing keeps the list.
      if (!select.multiple || (option.selected && typed)) close();
    }

    input.addEventListener("focus", open);
    input.addEventListener("click", function () { if (list.hidden) open(); });
    input.addEventListener("input", function () {
      active = input.value.trim() ? 0 : -1;
      open();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) open();
        var step = event.key === "ArrowDown" ? 1 : -1;
        active = Math.max(0, Math.min(shown.length - 1, active + step));
        drawList();
      } else if (event.key === "Enter") {
        // Enter chooses in the list; it never submits the form from the search box.
        event.preventDefault();
        if (!list.hidden && shown[active]) toggle(shown[active]);
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
      } else if (event.key === "Backspace" && !input.value) {
        var chosen = chosenOptions();
        if (chosen.length && (select.multiple || none)) {
          drop(chosen[chosen.length - 1]);
          changed();
        }
      }
    });
    // Keep the focus in the box while a row is clicked, so the list stays open.
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var row = event.target.closest("[role=option]");
      if (!row) return;
      active = Array.prototype.indexOf.call(list.children, row);
      toggle(shown[active]);
      input.focus();
    });
    box.addEventListener("focusout", function (event) {
      if (!box.contains(event.relatedTarget)) close();
    });
    drawChips();
  }

  function enhanceAll(root) {
    root.querySelectorAll("[data-picker]").forEach(enhance);
  }

  enhanceAll(document);
  // Forms that htmx swaps in are enhanced too.
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();
