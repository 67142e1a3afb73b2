// Small behaviours the pages need without inline scripts (the Content-Security-Policy forbids them).
(function () {
  "use strict";
  function ready() {
    // Put the cursor on the first field with an error, so the clerk can correct it at once.
    var bad = document.querySelector(".has-error input, .has-error select, .has-error textarea, tr.has-error input");
    if (bad) { bad.focus(); if (bad.select) { bad.select(); } }
  }
  // A PDF takes a few seconds to lay out: fetch it while a note says so, then hand it to the browser as a
  // download. Should anything go wrong, fall back to opening the link (the server's error page explains).
  function busy(text) {
    var note = document.createElement("div");
    note.className = "busy-note"; note.setAttribute("role", "status"); note.setAttribute("aria-live", "polite");
    note.textContent = text;
    document.body.appendChild(note);
    return note;
  }
  function fileName(disposition, fallback) {
    var m = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
    if (m) { try { return decodeURIComponent(m[1]); } catch (e) { /* fall through */ } }
    m = /filename="?([^";]+)"?/i.exec(disposition || "");
    return m ? m[1] : fallback;
  }
  function downloadPdf(link) {
    var url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !/\.pdf$/.test(url.pathname) || link.dataset.loading) { return false; }
    link.dataset.loading = "1";
    link.setAttribute("aria-busy", "true");
    var note = busy("正在生成PDF，请稍候……");
    fetch(url.toString(), { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error("status " + r.status); }
      var name = fileName(r.headers.get("content-disposition"), url.pathname.split("/").pop());
      return r.blob().then(function (blob) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob); a.download = name;
        document.body.appendChild(a); a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 60000);
      });
    }).catch(function () { location.href = url.toString(); }).finally(function () {
      note.remove(); delete link.dataset.loading; link.removeAttribute("aria-busy");
    });
    return true;
  }
  document.addEventListener("click", function (ev) {
    var pdf = ev.target.closest("a[href]");
    if (pdf && ev.button === 0 && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey && !ev.altKey && !pdf.hasAttribute("download")
        && downloadPdf(pdf)) { ev.preventDefault(); return; }
    var t = ev.target.closest("[data-print]");
    if (t) { ev.preventDefault(); window.print(); return; }
    var b = ev.target.closest("[data-back]");
    if (b) { ev.preventDefault(); history.back(); }
  });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
