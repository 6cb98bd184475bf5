// Ticks the One Balance password checklist as the person types. The same rules are enforced on
// the server (OneBalance/PasswordRules.cs); without this script the server renders the checklist.
(function () {
  var input = document.querySelector('[data-password-checklist]');
  if (!input) return;
  var list = document.getElementById(input.getAttribute('data-password-checklist'));
  var checks = {
    min_length: function (p) { return p.length >= 5; },
    max_length: function (p) { return p.length > 0 && p.length <= 64; },
    long: function (p) { return p.length >= 10; },
    words: function (p) { return p.trim().split(/\s+/).filter(Boolean).length > 1; },
    upper: function (p) { return /[A-Z]/.test(p); },
    lower: function (p) { return /[a-z]/.test(p); },
    digit: function (p) { return /[0-9]/.test(p); }
  };
  function update() {
    var value = input.value;
    list.querySelectorAll('li[data-rule]').forEach(function (item) {
      var check = checks[item.getAttribute('data-rule')];
      if (!check) return;
      var met = value.length > 0 && check(value);
      item.classList.toggle('met', met);
      item.classList.toggle('unmet', value.length > 0 && !met);
      var status = item.querySelector('.visually-hidden');
      if (status) status.textContent = value.length === 0 ? '' : (met ? ' (met)' : ' (not met)');
    });
  }
  input.addEventListener('input', update);
})();
