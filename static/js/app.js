// Progressive enhancements; every page works without this file.
(function () {
  "use strict";
  var browserZone = "";
  try {
    browserZone = (window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone) || "";
  } catch (e) { /* no zone: the server falls back to the clinic's */ }

  // The server shows times in this zone to visitors it knows nothing else about.
  if (browserZone && document.cookie.indexOf("consulta_tz=" + browserZone) === -1) {
    var secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = "consulta_tz=" + browserZone + "; path=/; max-age=31536000; SameSite=Lax" + secure;
  }

  // A time zone field not chosen yet (registration, profile) gets the browser's.
  var zone = document.getElementById("timezone");
  if (zone && !zone.value && browserZone) {
    zone.value = browserZone;
    if (zone.value !== browserZone && zone.tagName === "SELECT") { zone.value = ""; }
  }

  // A form sent back with errors: the first field to correct gets the focus.
  var invalid = document.querySelector("main [aria-invalid='true']");
  if (invalid) { invalid.focus(); }

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
