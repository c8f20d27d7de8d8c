// Progressive enhancement only: every page works without it.
(function () {
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // Times are rendered server-side in this zone from the next page on.
  if (zone) document.cookie = 'aw_tz=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; samesite=lax';
  var format = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
  document.querySelectorAll('time[datetime]').forEach(function (el) {
    var at = new Date(el.getAttribute('datetime'));
    if (!isNaN(at)) el.textContent = format.format(at);
  });
  document.addEventListener('submit', function (event) {
    var message = event.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  });
  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy]');
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(document.getElementById(button.getAttribute('data-copy')).textContent.trim());
    button.textContent = 'Copied';
  });
})();
