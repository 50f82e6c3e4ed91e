// The main menu. Groups and the user menu are <details> dropdowns: one open at a time, closed by
// Escape or a click elsewhere. On a phone the menu folds behind its button, which opens the whole
// menu with every group unfolded.
(function () {
  const nav = document.getElementById("mainnav");
  const toggle = document.querySelector(".menu-toggle");
  const dropdowns = Array.from(document.querySelectorAll("details.dropdown"));
  const folded = () => nav && nav.classList.contains("open");
  // In the unfolded phone menu the groups are sections, not dropdowns: leave them open.
  const floating = (d) => !(folded() && nav.contains(d));

  function closeAll(except) {
    dropdowns.forEach((d) => {
      if (d !== except && d.open && floating(d)) d.open = false;
    });
  }

  dropdowns.forEach((d) => d.addEventListener("toggle", () => { if (d.open) closeAll(d); }));
  document.addEventListener("click", (event) => {
    closeAll(dropdowns.find((d) => d.contains(event.target)));
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const current = dropdowns.find((d) => d.open && d.contains(document.activeElement));
    closeAll();
    if (current) current.querySelector("summary").focus();
  });

  if (!nav || !toggle) return;
  toggle.hidden = false;
  nav.classList.add("collapsible");
  toggle.addEventListener("click", () => {
    const open = !nav.classList.contains("open");
    nav.classList.toggle("open", open);
    toggle.setAttribute("aria-expanded", String(open));
    nav.querySelectorAll("details").forEach((d) => { d.open = open; });
  });
})();
