// hub serve: reload when a new build is ready; show why when a build fails.
(function () {
  "use strict";
  var script = document.currentScript, version = script.getAttribute("data-version");
  function show(error) {
    var box = document.getElementById("hub-serve-error");
    if (!error) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "hub-serve-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;z-index:9999;margin:0;max-height:50vh;overflow:auto;" +
        "padding:1em;background:#fff3f3;color:#600;border-top:4px solid #b3261e;font:14px/1.4 monospace;" +
        "white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "The last build failed; this is the previous one.\n\n" + error;
  }
  function poll() {
    fetch("/__hub__/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (String(s.version) !== version) { location.reload(); return; }
        show(s.error);
        setTimeout(poll, 250);
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
