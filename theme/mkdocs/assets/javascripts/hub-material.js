/* hub's fixes to Material for MkDocs' pages and scripts; loaded before Material's bundle. */
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

  /* Material's menu button (narrow screens, 200 % zoom) is a <label> for a hidden checkbox: the keyboard
     cannot reach it. Put a real button in its place, same look, named like the navigation, with its state.
     It opens the menu and moves into it; leaving the menu with Tab or Escape closes it (it would cover the
     focus). */
  function menuButton() {
    var drawer = document.getElementById("__drawer");
    var label = document.querySelector("label.md-header__button[for='__drawer']");
    var menu = document.querySelector(".md-sidebar--primary");
    var nav = document.querySelector(".md-nav--primary");
    if (!drawer || !label || !menu) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " hub-menu-button";
    button.setAttribute("aria-label", (nav && nav.getAttribute("aria-label")) || "Navigation");
    while (label.firstChild) {
      button.appendChild(label.firstChild);
    }
    button.querySelectorAll("svg").forEach(function (icon) { icon.setAttribute("aria-hidden", "true"); });
    label.replaceWith(button);
    var state = function () { button.setAttribute("aria-expanded", drawer.checked ? "true" : "false"); };
    state();
    drawer.addEventListener("change", state);
    button.addEventListener("click", function () {
      drawer.click();
      var first = drawer.checked && menu.querySelector("a[href]");
      if (first) {
        first.focus();
      }
    });
    menu.addEventListener("focusout", function (event) {
      if (drawer.checked && event.relatedTarget && !menu.contains(event.relatedTarget) && event.relatedTarget !== button) {
        drawer.click();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) {
        drawer.click();
        button.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    menuButton();

    /* Material's search dialog has no accessible name: give it the search box's. */
    var dialog = document.querySelector(".md-search[role=dialog]");
    var input = document.querySelector(".md-search__input");
    if (dialog && input && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", input.getAttribute("aria-label") || "Search");
    }

    /* A page in another language (a French idea) has lang on its <h1>, and hub's MkDocs hook marks the
       header's copy of its title in the HTML; the navigation may show the title too, and Material may
       swap the header's copy. Mark those copies, so that a screen reader reads them in the right language. */
    var title = document.getElementById("hub-title");
    var lang = title && title.getAttribute("lang");
    if (!lang) {
      return;
    }
    var text = title.textContent.trim();
    document.querySelectorAll(".md-header .md-ellipsis, .md-nav .md-ellipsis").forEach(function (copy) {
      var topic = copy.closest("[data-md-component=header-topic]");
      if ((topic || copy.textContent.trim() === text) && !copy.hasAttribute("lang")) {
        copy.setAttribute("lang", lang);
      }
    });
  });
})();
