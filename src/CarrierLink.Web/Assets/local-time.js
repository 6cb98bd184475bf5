// Shows every <time data-local-time> in the browser's time zone (see LocalTimeTagHelper).
(function () {
  var exact = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  var dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });
  var relative = "RelativeTimeFormat" in Intl ? new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }) : null;
  var steps = [["second", 60], ["minute", 60], ["hour", 24], ["day", 30], ["month", 12], ["year", Infinity]];

  function ago(date) {
    var amount = (date.getTime() - Date.now()) / 1000;
    for (var i = 0; i < steps.length; i++) {
      if (Math.abs(amount) < steps[i][1]) return relative.format(Math.round(amount), steps[i][0]);
      amount /= steps[i][1];
    }
  }

  document.querySelectorAll("time[data-local-time]").forEach(function (element) {
    var date = new Date(element.getAttribute("datetime"));
    if (isNaN(date)) return;
    var kind = element.getAttribute("data-local-time");
    if (kind === "date") { element.textContent = dateOnly.format(date); return; }
    element.title = exact.format(date);
    element.textContent = kind === "relative" && relative ? ago(date) : exact.format(date);
  });
})();
