// Radio buttons marked data-reveal choose which of several inputs a form sends: each option's
// value names an input of the same form, shown while the option is chosen and otherwise hidden
// and disabled (a disabled input is not sent). Used where one of two inputs is wanted, as the
// nomination's deputy or typed name (elections NominationForm). Without a script both stay
// shown and the server refuses both filled.
(function () {
  if (window.portalReveal) return;
  window.portalReveal = true;
  function apply(radio) {
    const form = radio.form;
    const group = form.querySelectorAll('input[type=radio][data-reveal][name="' + radio.name + '"]');
    const chosen = Array.from(group).some(function (option) { return option.checked; });
    group.forEach(function (option) {
      const input = form.elements[option.value];
      if (!input || !input.closest) return;
      const shown = !chosen || option.checked;
      input.closest(".field").hidden = !shown;
      input.disabled = !shown;
    });
  }
  function start() {
    document.querySelectorAll("input[type=radio][data-reveal]").forEach(apply);
  }
  document.addEventListener("change", function (event) {
    const radio = event.target;
    if (radio instanceof HTMLInputElement && radio.hasAttribute("data-reveal")) apply(radio);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
