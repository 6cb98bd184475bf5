// "Show password": a real toggle button (aria-pressed) that shows the new password and its confirmation as text and
// back, so a person can check what they typed before it changes their real Stamps.com password. The button stays
// hidden without script; the form works the same either way.
(function () {
  document.querySelectorAll('[data-password-toggle]').forEach(function (button) {
    var fields = button.getAttribute('data-password-toggle').split(/\s+/)
      .map(function (id) { return document.getElementById(id); })
      .filter(Boolean);
    if (fields.length === 0) return;
    function show(visible) {
      button.setAttribute('aria-pressed', visible ? 'true' : 'false');
      fields.forEach(function (field) { field.type = visible ? 'text' : 'password'; });
    }
    button.hidden = false;
    button.addEventListener('click', function () { show(button.getAttribute('aria-pressed') !== 'true'); });
    // Sent as password fields, so the browser never keeps the password as ordinary form text.
    if (button.form) button.form.addEventListener('submit', function () { show(false); });
  });
})();
