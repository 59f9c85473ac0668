/* hub: the subscribe page's picker. Builds an OPML file of the ticked feeds in the browser and downloads it:
   no server, no request. Every feed's title and URLs come from data attributes written by `hub build`. */
(function () {
  "use strict";

  var picker = document.querySelector("[data-hub-picker]");
  if (!picker) {
    return;
  }
  var button = picker.querySelector("[data-hub-download]");
  var status = picker.querySelector("[data-hub-status]");
  var boxes = Array.prototype.slice.call(picker.querySelectorAll("input[type='checkbox'][data-xml-url]"));

  function chosen() {
    return boxes.filter(function (box) { return box.checked; });
  }

  function counted(n) {
    if (n === 0) { return "No feed chosen yet."; }
    return n === 1 ? "1 feed chosen." : n + " feeds chosen.";
  }

  function escapeXml(text) {
    return String(text || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  function outline(box) {
    var d = box.dataset;
    return '    <outline type="rss" version="RSS2" text="' + escapeXml(d.title) + '" title="' + escapeXml(d.title) +
      '" description="' + escapeXml(d.description) + '" xmlUrl="' + escapeXml(d.xmlUrl) +
      '" htmlUrl="' + escapeXml(d.htmlUrl) + '" language="' + escapeXml(d.lang) + '"/>';
  }

  function opml(list) {
    return ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">', "  <head>",
      "    <title>" + escapeXml(picker.dataset.opmlTitle) + "</title>", "  </head>", "  <body>"]
      .concat(list.map(outline), ["  </body>", "</opml>", ""]).join("\n");
  }

  function update() {
    var n = chosen().length;
    button.setAttribute("aria-disabled", n === 0 ? "true" : "false");
    status.textContent = counted(n);
  }

  function download() {
    var list = chosen();
    if (list.length === 0) {
      status.textContent = "No feed chosen yet: tick at least one feed above, then download.";
      return;
    }
    var name = picker.dataset.fileName || "hub-feeds.opml";
    var url = URL.createObjectURL(new Blob([opml(list)], { type: "text/x-opml;charset=utf-8" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    status.textContent = "Downloaded " + name + " with " + (list.length === 1 ? "1 feed" : list.length + " feeds") +
      ". Import it into your reader.";
  }

  picker.addEventListener("change", update);
  button.addEventListener("click", download);
  button.hidden = false;
  button.setAttribute("aria-disabled", chosen().length === 0 ? "true" : "false");
}());
