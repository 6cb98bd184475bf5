// A password reset link carries its one-time token after "#", which browsers never send to a server, so the token
// stays out of request logs, proxies and Referer headers. This puts it into the form and takes it off the address bar.
(function () {
  var field = document.querySelector('input[name="token"][data-from-fragment]');
  if (!field || field.value || location.hash.length < 2) return;
  field.value = decodeURIComponent(location.hash.slice(1));
  history.replaceState(null, "", location.pathname);
})();
