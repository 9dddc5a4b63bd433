/* The comuni checkboxes of the proposal form (proposals/_comuni_picker.html): a filter box
   that hides the comuni whose name does not contain what is typed (accents ignored), and a
   status line saying which comuni are chosen. Without this script the checkboxes work as
   they are. */
(function () {
  "use strict";
  var picker = document.getElementById("comuni-picker");
  if (!picker) { return; }
  var filterBox = picker.querySelector(".comuni-filter");
  var input = document.getElementById("comuni-filter");
  var status = document.getElementById("comuni-filter-status");
  var options = Array.prototype.slice.call(picker.querySelectorAll(".comune-option"));

  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  options.forEach(function (option) {
    option.dataset.name = plain(option.querySelector("label").textContent);
  });

  function chosenNames() {
    return options
      .filter(function (option) { return option.querySelector("input").checked; })
      .map(function (option) { return option.querySelector("label").textContent.trim(); });
  }

  function describe(visible) {
    var names = chosenNames();
    var text;
    if (names.length === 0) {
      text = status.dataset.chosenZero;
    } else if (names.length === 1) {
      text = status.dataset.chosenOne + " " + names[0] + ".";
    } else {
      text = status.dataset.chosenMany.replace("{num}", names.length) + " " + names.join(", ") + ".";
    }
    if (visible === 0) { text = status.dataset.none + " " + text; }
    status.textContent = text;
  }

  function applyFilter() {
    var wanted = plain(input.value);
    var visible = 0;
    options.forEach(function (option) {
      var match = wanted === "" || option.dataset.name.indexOf(wanted) !== -1;
      // A chosen comune stays in sight, so nobody loses track of what they ticked.
      var show = match || option.querySelector("input").checked;
      option.hidden = !show;
      if (match) { visible += 1; }
    });
    describe(visible);
  }

  // The 133 checkboxes matter only when the scope is "one or more comuni": otherwise they
  // step aside (out of the way of the keyboard too) unless some are ticked or in error.
  var scopes = Array.prototype.slice.call(document.querySelectorAll('input[name="scope"]'));
  function followScope() {
    var chosen = scopes.filter(function (radio) { return radio.checked; })[0];
    var needed = !chosen || chosen.value === "comuni" || chosenNames().length > 0
      || picker.classList.contains("has-error");
    picker.hidden = !needed;
  }
  scopes.forEach(function (radio) { radio.addEventListener("change", followScope); });
  followScope();

  filterBox.hidden = false;
  status.hidden = false;
  input.addEventListener("input", applyFilter);
  // Enter in the filter must not send the whole proposal form.
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); }
  });
  picker.addEventListener("change", applyFilter);
  describe(1);
})();
