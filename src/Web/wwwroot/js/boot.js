document.documentElement.classList.add('js');
// A logo that fails to load gives way to the initials beneath it (fields.js shows it again with a new address).
// Listening from the start while events are captured: an image's error does not bubble, and may come before any module runs.
document.addEventListener('error', event => {
  if (event.target instanceof HTMLImageElement && event.target.dataset.format === 'logo') event.target.hidden = true;
}, true);
