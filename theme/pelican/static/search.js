// Client-side search with Pagefind (its files are generated into pagefind/ at build time; nothing leaves the site).
// Result links are site-root paths: resolve the page's relative root so the site also works under a sub-path.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI !== "function") return;
  var base = new URL(box.getAttribute("data-hub-root") || "./", document.baseURI).pathname;
  new PagefindUI({ element: "#search", baseUrl: base, showImages: false, resetStyles: false });
  // Pagefind names its box by a title only: give it a visible label.
  var input = box.querySelector("input");
  if (!input) return;
  input.id = "hub-search-input";
  var label = document.createElement("label");
  label.htmlFor = input.id;
  label.className = "site-search__label";
  label.textContent = box.getAttribute("data-hub-label") || "Search";
  box.insertBefore(label, box.firstChild);
})();
