// Small progressive enhancements; every page works without them.
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-print]");
  if (target) {
    event.preventDefault();
    window.print();
  }
});
// The header's drop-down menus: one open at a time, closed by a click elsewhere or Escape.
document.addEventListener("click", function (event) {
  document.querySelectorAll("details.navgroup[open]").forEach(function (menu) {
    if (!menu.contains(event.target)) {
      menu.removeAttribute("open");
    }
  });
});
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape") {
    document.querySelectorAll("details.navgroup[open]").forEach(function (menu) {
      menu.removeAttribute("open");
    });
  }
});
// Date boxes (core.forms.DateInput): the typed date in words under the box ("2 Desember 2026"),
// so 02/12 cannot be misread as 12 February, whatever the browser's language.
(function () {
  function parse(text) {
    var m = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})\s*$/.exec(text);
    if (m) { return [+m[3], +m[2], +m[1]]; }
    m = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text);
    if (m) { return [+m[1], +m[2], +m[3]]; }
    return null;
  }
  function show(input) {
    var note = input.nextElementSibling;
    if (!note || !note.classList || !note.classList.contains("date-words")) {
      note = document.createElement("small");
      note.className = "date-words muted";
      note.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", note);
    }
    var months = (input.getAttribute("data-months") || "").split(",");
    var parts = parse(input.value);
    var valid = parts && parts[1] >= 1 && parts[1] <= 12 && parts[2] >= 1 && parts[2] <= new Date(parts[0], parts[1], 0).getDate();
    note.textContent = valid ? parts[2] + " " + months[parts[1] - 1] + " " + parts[0] : "";
  }
  function wire(root) {
    (root || document).querySelectorAll("input[data-date-input]").forEach(function (input) {
      if (input.dataset.dateWired) { return; }
      input.dataset.dateWired = "1";
      input.addEventListener("input", function () { show(input); });
      show(input);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:afterSwap", function (event) { wire(event.target); });
})();
