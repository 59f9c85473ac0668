/* hub: the subscribe page's picker. Builds an OPML file of the ticked feeds in the browser and downloads it:
   no server, no request. Every feed's title and URLs, and every word said, come from data attributes written by
   `hub build` (the words from the theme's catalogs). Copy buttons put a feed's address on the clipboard. */
(function () {
  "use strict";

  var picker = document.querySelector("[data-hub-picker]");
  if (!picker) {
    return;
  }
  var button = picker.querySelector("[data-hub-download]");
  var status = picker.querySelector("[data-hub-status]");
  var bar = picker.querySelector("[data-hub-bar]");
  var copied = picker.querySelector("[data-hub-copied]");
  var words = picker.dataset;
  var boxes = Array.prototype.slice.call(picker.querySelectorAll("input[type='checkbox'][data-xml-url]"));

  function chosen() {
    return boxes.filter(function (box) { return box.checked; });
  }

  function counted(n, one, other) {
    return n === 1 ? one : other.replace("{n}", String(n));
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
    status.textContent = n === 0 ? words.countNone : counted(n, words.countOne, words.countOther);
  }

  function download() {
    var list = chosen();
    if (list.length === 0) {
      status.textContent = words.empty;
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
    status.textContent = counted(list.length, words.doneOne, words.doneOther);
  }

  // The address on the clipboard: the Clipboard API where the page may use it (HTTPS, localhost), else the
  // older copy command on a selected, off-screen copy; if both fail, the address is selected for Ctrl+C.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
  }

  // The copy command copies a selection, so the address goes in a selected, off-screen box for a moment; focus
  // goes back to the button that was pressed, so a keyboard user stays where they were.
  function legacyCopy(text) {
    var pressed = document.activeElement;
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-100em";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    area.remove();
    if (pressed && pressed.focus) { pressed.focus(); }
    return done;
  }

  function selectAddress(button) {
    var code = button.previousElementSibling && button.previousElementSibling.querySelector("code");
    if (!code) { return; }
    var range = document.createRange();
    range.selectNodeContents(code);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(button) {
    copyText(button.dataset.hubCopy).then(function (done) {
      if (!done) { selectAddress(button); }
      var said = done ? words.copied : words.copyManual;
      // Emptied first, so saying the same word twice is announced twice.
      copied.textContent = "";
      window.setTimeout(function () { copied.textContent = said; }, 50);
      button.textContent = said;
      window.clearTimeout(button.hubTimer);
      button.hubTimer = window.setTimeout(function () { button.textContent = button.dataset.hubLabel; }, 3000);
    });
  }

  picker.addEventListener("change", update);
  button.addEventListener("click", download);
  Array.prototype.forEach.call(picker.querySelectorAll("[data-hub-copy]"), function (b) {
    b.dataset.hubLabel = b.textContent;
    b.addEventListener("click", function () { copy(b); });
    b.hidden = false;
  });
  bar.hidden = false;
  picker.classList.add("hub-picker--ready");
  update();
}());
