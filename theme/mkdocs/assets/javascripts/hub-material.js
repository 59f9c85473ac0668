/* hub's two fixes to Material for MkDocs' scripts; loaded before Material's bundle. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL(config.base.replace(/\/?$/, "/"), location.href);
  var sitemap = new URL("sitemap.xml", base).href;

  /* Material reads every <link rel="alternate"> as a translation of the site and fetches the
     sitemap.xml beside it. Ours are feeds, with no sitemap beside them: ask for the site's own
     sitemap instead of making the server answer 404 on every page view. */
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var target = new URL(String(url), location.href);
    if (/\/sitemap\.xml$/.test(target.pathname) && target.href !== sitemap) {
      arguments[1] = sitemap;
    }
    return open.apply(this, arguments);
  };

  /* Material's search dialog has no accessible name: give it the search box's. */
  document.addEventListener("DOMContentLoaded", function () {
    var dialog = document.querySelector(".md-search[role=dialog]");
    var input = document.querySelector(".md-search__input");
    if (dialog && input && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", input.getAttribute("aria-label") || "Search");
    }
  });
})();
