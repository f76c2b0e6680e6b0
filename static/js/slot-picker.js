// The slot picker: with JavaScript, choosing a day fetches its free slots from
// /api/doctors/{id}/slots without reloading the page. Without it, the form and
// links on the page do the same through ordinary requests. Every text it writes
// (dates, times in both zones) comes ready-made in the JSON, as the server's
// page writes it.
(function () {
  "use strict";
  var picker = document.getElementById("slot-picker");
  var form = document.getElementById("day-form");
  if (!picker || !form || !window.fetch) { return; }
  var doctorId = picker.getAttribute("data-doctor-id");
  var dateInput = document.getElementById("date");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function addDays(iso, days) {
    var d = new Date(iso + "T12:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  function render(date, day, next) {
    picker.setAttribute("data-date", date);
    picker.setAttribute("data-patient-zone", day.patient_timezone);
    var heading = picker.querySelector("h2");
    heading.firstChild.textContent = (day.dates[date] || date) + " ";
    Array.prototype.slice.call(picker.querySelectorAll("ul, p")).forEach(function (n) { n.remove(); });
    if (day.slots.length === 0) {
      var p = el("p", { id: "no-slots" }, "No free times on this day. ");
      if (next) {
        var nextLink = el("a", { href: "/book?doctor_id=" + doctorId + "&date=" + next.local_date, id: "next-available" }, "Next available: " + next.date_label);
        nextLink.addEventListener("click", function (event) { event.preventDefault(); load(next.local_date); });
        p.appendChild(nextLink);
      } else {
        p.appendChild(document.createTextNode("No free times in the coming weeks."));
      }
      picker.appendChild(p);
      return;
    }
    var list = el("ul", { "class": "list-unstyled d-flex flex-wrap gap-2", id: "slot-list", "data-picker": "js" });
    day.slots.forEach(function (s) {
      var a = el("a", { "class": "btn btn-outline-primary slot", "data-picker": "js", href: "/book?doctor_id=" + doctorId + "&starts_at=" + encodeURIComponent(s.starts_at) }, s.label);
      if (s.theirs) { a.appendChild(el("span", { "class": "d-block small" }, s.theirs)); }
      var li = el("li");
      li.appendChild(a);
      list.appendChild(li);
    });
    picker.appendChild(list);
  }

  function fetchRange(from, to) {
    return fetch("/api/doctors/" + doctorId + "/slots?from=" + from + "&to=" + to, { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
  }

  function load(date) {
    picker.setAttribute("aria-busy", "true");
    fetchRange(date, date).then(function (day) {
      if (day.slots.length > 0) { return render(date, day, null); }
      return fetchRange(addDays(date, 1), addDays(date, 30)).then(function (later) {
        render(date, day, later.slots.length ? later.slots[0] : null);
      });
    }).then(function () {
      dateInput.value = date;
      updateDayLinks(date);
      history.replaceState(null, "", "/book?doctor_id=" + doctorId + "&date=" + date);
    }).catch(function () {
      form.submit();
    }).then(function () { picker.removeAttribute("aria-busy"); });
  }

  // The previous/next day buttons follow the day shown, and load it in place.
  function updateDayLinks(date) {
    [["previous-day", -1], ["next-day", 1]].forEach(function (pair) {
      var link = document.getElementById(pair[0]);
      if (!link) { return; }
      var target = addDays(date, pair[1]);
      link.setAttribute("href", "/book?doctor_id=" + doctorId + "&date=" + target);
      link.setAttribute("data-date", target);
      link.classList.toggle("d-none", dateInput.min && target < dateInput.min);
    });
  }
  ["previous-day", "next-day"].forEach(function (id) {
    var link = document.getElementById(id);
    if (!link) { return; }
    link.addEventListener("click", function (event) {
      var target = link.getAttribute("data-date") || new URL(link.href).searchParams.get("date");
      if (target) { event.preventDefault(); load(target); }
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (dateInput.value) { load(dateInput.value); }
  });
  dateInput.addEventListener("change", function () {
    if (dateInput.value) { load(dateInput.value); }
  });

  // The page was drawn before the server knew the browser's zone (app.js has
  // just reported it): draw the day again with the visitor's own times.
  document.addEventListener("DOMContentLoaded", function () {
    var source = picker.getAttribute("data-zone-source");
    var browserZone = "";
    try { browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
    if (source !== "profile" && browserZone && browserZone !== picker.getAttribute("data-patient-zone")) {
      var note = document.getElementById("zone-note");
      var place = browserZone.split("/").pop().replace(/_/g, " ");
      var doctorPlace = picker.getAttribute("data-doctor-place");
      if (note) {
        note.textContent = "Times are in " + doctorPlace + " time, the doctor's. " +
          (place === doctorPlace ? "That is your zone too (from your browser)." : "Beside them: your time, " + place + " (from your browser).");
      }
      load(picker.getAttribute("data-date"));
    }
  });
})();
