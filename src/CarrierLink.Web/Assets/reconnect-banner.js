// The reconnect banner takes focus once, when a break first shows in this tab, so a keyboard or screen reader user
// meets it at once and is one key from Reconnect. On the pages after that it waits in the tab order (after the
// header) and never steals focus from what the person is doing; nothing here is needed for the banner to work.
(function () {
  var banner = document.getElementById('reconnect-prompt');
  if (!banner) return;
  var key = 'carrierlink.reconnect-banner.' + banner.getAttribute('data-break');
  try {
    if (sessionStorage.getItem(key)) return;
    sessionStorage.setItem(key, 'shown');
  } catch (e) {
    return;
  }
  // A page that already put focus somewhere (a field with an error) keeps it.
  if (document.activeElement && document.activeElement !== document.body) return;
  var first = banner.querySelector('.actions a, .actions button');
  if (first) first.focus();
})();
