// The error summary of a refused form (templates/includes/form_errors.html): the focus goes to it
// when the page opens, so a screen reader reads the errors first; a link in it focuses its field
// and scrolls the field's label into view too (the browser alone would hide the label above); a
// field whose input a script has hidden (the deputy picker) focuses the control shown instead.
(function () {
  if (window.portalErrorSummary) return;
  window.portalErrorSummary = true;
  function start() {
    const summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      const link = event.target.closest("a[href^='#']");
      const input = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!input) return;
      event.preventDefault();
      const field = input.closest(".field") || input;
      const shown = input.getClientRects().length ? input
        : Array.from(field.querySelectorAll("input, select, textarea, button")).find((c) => c.getClientRects().length);
      field.scrollIntoView({block: "start"});
      (shown || input).focus({preventScroll: true});
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
