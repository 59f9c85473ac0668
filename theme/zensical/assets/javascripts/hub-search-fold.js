/* Accent-free search for Zensical, loaded by its search worker before the worker's own code (hub's adapter puts
   a two-line worker in place of Zensical's). Zensical's search reduces every word of the index and of the query
   with normalize("NFKD") then lower case, which keeps the accents as combining marks: "benevolat" missed
   "bénévolat". Here that one reduction also drops the marks of Latin letters and splits the œ and æ ligatures,
   as hub's MkDocs index folding does (hub/engines/search_fold.py); kana and Cyrillic letters keep their marks. */
(function () {
  "use strict";
  var normalize = String.prototype.normalize;
  var LIGATURES = { "œ": "oe", "æ": "ae", "Œ": "OE", "Æ": "AE" };
  String.prototype.normalize = function (form) {
    var text = normalize.apply(this, arguments);
    if (form !== "NFKD") {
      return text;
    }
    return text
      .replace(/[œæŒÆ]/g, function (letter) { return LIGATURES[letter]; })
      .replace(/([\u0000-\u024f\u1e00-\u1eff])[\u0300-\u036f]+/g, "$1");
  };
})();
