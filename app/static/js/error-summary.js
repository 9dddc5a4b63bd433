// Move focus to the error summary after a form comes back with errors, so screen-reader
// and keyboard users land on the list of problems (each entry links to its field).
// Done after "load": when the page address carries a fragment (#main-content, left by the
// skip link), the browser focuses that target while loading and would take focus back.
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  }
  if (document.readyState === "complete") {
    focusSummary();
  } else {
    window.addEventListener("load", function () {
      window.setTimeout(focusSummary, 0);
    });
  }
})();
