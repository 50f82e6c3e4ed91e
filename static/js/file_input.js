// File inputs drawn by templates/django/forms/widgets/file.html: the input is hidden inside a
// Chinese "选择文件" button, and the chosen file names are shown beside it (the browser's own
// "No file chosen" would follow the browser's language). Delegated, so inputs that htmx swaps
// in work too; loaded once however many file inputs a page has.
(function () {
  if (window.portalFileInput) return;
  window.portalFileInput = true;
  document.addEventListener("change", function (event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-file-input")) return;
    const name = input.closest(".file-input").querySelector("[data-file-input-name]");
    const files = Array.from(input.files || []).map(function (file) { return file.name; });
    name.textContent = files.length ? files.join("、") : name.dataset.empty;
    // A file kept from a refused sending (congress.kept_uploads) gives way to a new choice.
    const kept = input.closest(".field") && input.closest(".field").querySelector(".kept-upload");
    if (kept) kept.hidden = files.length > 0;
  });
})();
