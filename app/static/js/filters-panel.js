/*
 * The search-and-filter panel of a consultation's proposal list
 * (app/templates/consultations/detail.html) is a <details> that the server sends open:
 * without JavaScript the filters are always there. On a phone this script folds it, so the
 * list comes first and the panel opens with its button; on a wide screen, where the panel
 * is a sidebar and its button is hidden (forum.css), it stays open.
 */
(function () {
  "use strict";

  var panel = document.getElementById("proposal-filters");
  if (!panel || !window.matchMedia) {
    return;
  }
  // Bootstrap's "lg" breakpoint, where the panel becomes a sidebar.
  var wide = window.matchMedia("(min-width: 992px)");

  function fit() {
    panel.open = wide.matches;
  }

  fit();
  if (wide.addEventListener) {
    wide.addEventListener("change", fit);
  }
})();
