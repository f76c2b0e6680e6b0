// The pay page's hold: counts the time left down each second. Without this
// file the page still says how long was left when it was served.
(function () {
  "use strict";
  var shown = document.getElementById("hold-countdown");
  if (!shown) { return; }
  var left = parseInt(shown.getAttribute("data-seconds-left"), 10);
  if (isNaN(left)) { return; }
  // Counted from the server's "seconds left", so a wrong device clock does not matter.
  var end = Date.now() + left * 1000;
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function words(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    if (m === 0) { return plural(s, "second"); }
    if (s === 0) { return plural(m, "minute"); }
    return plural(m, "minute") + " " + plural(s, "second");
  }
  function tick() {
    var seconds = Math.max(0, Math.round((end - Date.now()) / 1000));
    shown.textContent = words(seconds);
    if (seconds === 0) {
      var ended = document.getElementById("hold-ended");
      if (ended) { ended.hidden = false; }
      var button = document.getElementById("pay-button");
      if (button) { button.disabled = true; }
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
