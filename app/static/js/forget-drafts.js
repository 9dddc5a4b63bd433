/*
 * Removes drafts of the proposal form kept in this browser (static/js/proposal-form.js,
 * keys "proposal-draft:…"):
 *  - all of them on the first page after logging out: they leave with the login, so the
 *    next person at a shared computer cannot read them. The logout response also sends
 *    `Clear-Site-Data: "storage"`; this covers browsers that ignore it;
 *  - only the one named by `data-draft-key` on the page that follows a saved form
 *    (app/proposals/routes.py): the server has the text now, the browser's copy is obsolete.
 */
(function () {
  "use strict";
  var PREFIX = "proposal-draft:";
  var script = document.currentScript;
  var onlyKey = script && script.dataset.draftKey;
  try {
    var store = window.localStorage;
    if (onlyKey) {
      store.removeItem(onlyKey);
      return;
    }
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
