// The filter sidebar. Without JavaScript it is a plain GET form beside the results; here it becomes a panel that
// slides in from the right, traps focus while open, closes on Escape or a click on the backdrop, and gives focus
// back to the Filters button.

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled])';

export function initFilterSidebar() {
  const opener = document.querySelector('[data-filters-open]');
  const panel = opener && document.getElementById(opener.getAttribute('aria-controls'));
  if (!panel) return;
  const backdrop = document.querySelector('[data-filters-backdrop]');
  const closer = panel.querySelector('[data-filters-close]');
  const form = panel.querySelector('form');

  opener.hidden = false;
  closer.hidden = false;
  panel.inert = true;

  const focusables = () => [...panel.querySelectorAll(FOCUSABLE)].filter(element => !element.hidden);

  function onKeydown(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') {
      const items = focusables();
      const first = items[0];
      const last = items[items.length - 1];
      if (event.shiftKey && (document.activeElement === first || !panel.contains(document.activeElement))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (document.activeElement === last || !panel.contains(document.activeElement))) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  function open() {
    panel.inert = false;
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-modal', 'true');
    panel.classList.add('is-open');
    backdrop.hidden = false;
    requestAnimationFrame(() => backdrop.classList.add('is-visible'));
    opener.setAttribute('aria-expanded', 'true');
    document.body.classList.add('has-dialog');
    document.addEventListener('keydown', onKeydown);
    panel.querySelector('select, input:not([type="hidden"])')?.focus();
  }

  function close() {
    if (!panel.classList.contains('is-open')) return;
    panel.classList.remove('is-open');
    panel.removeAttribute('role');
    panel.removeAttribute('aria-modal');
    panel.inert = true;
    backdrop.classList.remove('is-visible');
    backdrop.hidden = true;
    opener.setAttribute('aria-expanded', 'false');
    document.body.classList.remove('has-dialog');
    document.removeEventListener('keydown', onKeydown);
    opener.focus();
  }

  opener.addEventListener('click', open);
  closer.addEventListener('click', close);
  backdrop.addEventListener('click', close);

  // Empty fields would only clutter the URL (search=&location=...); the server reads their absence the same way.
  form.addEventListener('submit', () => {
    for (const field of form.elements) {
      if ((field instanceof HTMLInputElement || field instanceof HTMLSelectElement) && field.name && field.value === '') {
        field.disabled = true;
      }
    }
  });
  // Choosing a sort shows it at once (without JavaScript the Search button sends it with the rest).
  document.querySelector('[data-sort]')?.addEventListener('change', () => form.requestSubmit());
  // Going back to this page restores it from the back/forward cache as it was left: fields still disabled, and values
  // changed but never applied. The controls show what the address holds, as rendered.
  window.addEventListener('pageshow', event => {
    for (const field of form.elements) field.disabled = false;
    if (event.persisted) form.reset();
  });
}

/**
 * Shows a facets API answer's counts next to the sidebar's choices. Each field names the answer's property it reads
 * (data-facet); a value the answer does not list has no item left.
 */
export function showFacetCounts(facets) {
  for (const field of document.querySelectorAll('[data-facet]')) {
    const counts = new Map((facets[field.dataset.facet] ?? []).map(facet => [facet.value.toLowerCase(), facet.count]));
    const countOf = value => counts.get(value.toLowerCase()) ?? 0;
    for (const option of field.querySelectorAll('option[data-label]')) option.textContent = `${option.dataset.label} (${countOf(option.value)})`;
    for (const count of field.querySelectorAll('[data-facet-count]')) count.textContent = `(${countOf(count.dataset.facetCount)})`;
  }
}
