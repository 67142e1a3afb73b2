// Small behaviours the pages need without inline scripts (the Content-Security-Policy forbids them).
(function () {
  "use strict";
  function ready() {
    // Put the cursor on the first field with an error, so the clerk can correct it at once.
    var bad = document.querySelector(".has-error input, .has-error select, .has-error textarea, tr.has-error input");
    if (bad) { bad.focus(); if (bad.select) { bad.select(); } }
  }
  document.addEventListener("click", function (ev) {
    var t = ev.target.closest("[data-print]");
    if (t) { ev.preventDefault(); window.print(); return; }
    var b = ev.target.closest("[data-back]");
    if (b) { ev.preventDefault(); history.back(); }
  });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
