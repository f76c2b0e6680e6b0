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
    if (!message) { return; }
    if (!window.confirm(message)) {
      event.preventDefault();
      return;
    }
    // Confirmed here, so the server need not ask again on a page of its own.
    var confirmed = document.createElement("input");
    confirmed.type = "hidden";
    confirmed.name = "confirmed";
    confirmed.value = "yes";
    event.target.appendChild(confirmed);
  });
})();
