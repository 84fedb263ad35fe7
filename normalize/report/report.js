// mtnorm report: two view toggles. Inlined; the page needs no network.
(function () {
  "use strict";
  function bind(id, bodyClass) {
    var box = document.getElementById(id);
    if (!box) { return; }
    box.addEventListener("change", function () {
      document.body.classList.toggle(bodyClass, box.checked);
    });
  }
  bind("only-flagged", "only-flagged");
  bind("hide-marks", "hide-marks");
}());
