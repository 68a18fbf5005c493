// Site-wide behaviour. No inline scripts anywhere, so a strict Content-Security-Policy can be used.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  var KEY = "shuanggong-large-text";
  function apply(on) {
    root.classList.toggle("large-text", on);
    document.querySelectorAll("[data-text-size-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  var stored = false;
  try { stored = window.localStorage.getItem(KEY) === "1"; } catch (e) { /* private mode */ }
  document.addEventListener("DOMContentLoaded", function () {
    apply(stored);
    document.querySelectorAll("[data-text-size-toggle]").forEach(function (button) {
      button.addEventListener("click", function () {
        var on = !root.classList.contains("large-text");
        apply(on);
        try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
      });
    });
    // A form sent back with errors: its summary is at the top of the form; take the reader (and focus) there.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
    // The switch reloads the same page in the other language: keep the reader at the same article (#第3条).
    document.querySelectorAll(".language-switch a").forEach(function (link) {
      link.addEventListener("click", function () { link.hash = window.location.hash; });
    });
  });
})();
