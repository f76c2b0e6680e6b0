// Progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Suggest the browser's time zone on the profile form when none is set.
  var zone = document.getElementById("timezone");
  if (zone && !zone.value && window.Intl) {
    try {
      zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (e) { /* leave it empty */ }
  }
  // Buttons marked data-confirm ask before submitting their form.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
