/*
 * Loaded by the first page after logging out: the drafts of the proposal form kept in
 * this browser (static/js/proposal-form.js, keys "proposal-draft:…") leave with the
 * login, so the next person at a shared computer cannot read them. The logout response
 * also sends `Clear-Site-Data: "storage"`; this covers browsers that ignore it.
 */
(function () {
  "use strict";
  var PREFIX = "proposal-draft:";
  try {
    var store = window.localStorage;
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) {
        store.removeItem(key);
      }
    }
  } catch (error) {
    // Storage disabled: there is no draft to clear.
  }
})();
