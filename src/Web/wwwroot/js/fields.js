// Fills a card (or a detail page) from a browse item that arrived live. Only textContent and attributes are
// written, never HTML, so text from the server stays text. The formats mirror Zumodra.Web.Browsing.Display,
// so that cards rendered by the server and cards inserted here read the same.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SYMBOLS = { EUR: '€', USD: '$', GBP: '£' };

export function formatDate(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** Mirrors Display.Ago: "just now", "5 minutes ago", "yesterday", "3 days ago", "2 months ago". */
export function formatAgo(value, now = Date.now()) {
  const time = new Date(value).getTime();
  if (Number.isNaN(time)) return '';
  const unit = (count, name) => `${count} ${name}${count === 1 ? '' : 's'} ago`;
  const seconds = Math.floor((now - time) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return unit(Math.floor(seconds / 60), 'minute');
  if (seconds < 86400) return unit(Math.floor(seconds / 3600), 'hour');
  const days = Math.floor(seconds / 86400);
  if (days === 1) return 'yesterday';
  if (days < 30) return unit(days, 'day');
  return days < 365 ? unit(Math.floor(days / 30), 'month') : unit(Math.floor(days / 365), 'year');
}

/** Brings every relative time under root up to now: a page can come from a cache, and stays open for hours. */
export function refreshTimes(root) {
  for (const element of root.querySelectorAll('time[data-format="ago"]')) element.textContent = formatAgo(element.dateTime);
}

export function formatCount(count, singular, plural) {
  return `${Number(count).toLocaleString('en-GB')} ${count === 1 ? singular : plural}`;
}

function money(amount, currency) {
  const number = Math.round(amount).toLocaleString('en-GB');
  if (!currency) return number;
  return SYMBOLS[currency] ? SYMBOLS[currency] + number : `${number} ${currency}`;
}

export function formatRange(min, max, currency) {
  const hasMin = typeof min === 'number';
  const hasMax = typeof max === 'number';
  if (hasMin && hasMax) return min === max ? money(min, currency) : `${money(min, currency)} – ${money(max, currency)}`;
  if (hasMin) return `from ${money(min, currency)}`;
  if (hasMax) return `up to ${money(max, currency)}`;
  return '';
}

function format(element, item, labels) {
  const { field, format: kind } = element.dataset;
  const value = field ? item[field] : undefined;
  switch (kind) {
    case 'date': return value ? formatDate(value) : '';
    case 'ago': return value ? formatAgo(value) : '';
    case 'label': return value == null ? '' : labels?.[field]?.[value] ?? String(value);
    case 'range': return formatRange(item[element.dataset.min], item[element.dataset.max], item[element.dataset.currency]);
    case 'initial': return value ? Array.from(String(value))[0] : '?';
    case 'list': return Array.isArray(value) ? value.join(', ') : '';
    case 'count': {
      const [singular, plural] = (element.dataset.noun ?? '|').split('|');
      return typeof value === 'number' ? formatCount(value, singular, plural) : '';
    }
    default: return value == null ? '' : String(value);
  }
}

/** Writes the item's values into every [data-field] (and formatted) element under root. */
export function fill(root, item, labels) {
  for (const element of root.querySelectorAll('[data-field], [data-format]')) {
    if (element.dataset.format === 'logo') {
      setLogo(element, item[element.dataset.field]);
      continue;
    }
    const text = format(element, item, labels);
    const fallback = element.dataset.emptyText;
    element.textContent = text || fallback || '';
    element.hidden = !text && !fallback;
    if (element instanceof HTMLTimeElement && element.dataset.field) {
      element.dateTime = item[element.dataset.field] ?? '';
      if (element.dataset.format === 'ago') element.title = formatDate(element.dateTime);
    }
  }
  for (const element of root.querySelectorAll('[data-show-if]')) {
    element.hidden = !item[element.dataset.showIf];
  }
  // An address built from the item's fields ("/companies/{companyId}"); an item without one of them has no link there.
  for (const element of root.querySelectorAll('[data-href]')) {
    const names = [...element.dataset.href.matchAll(/\{(\w+)\}/g)].map(match => match[1]);
    if (names.every(name => item[name] != null)) {
      element.setAttribute('href', element.dataset.href.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(item[name])));
    } else {
      element.removeAttribute('href');
    }
  }
  // A link to an address the item names (a company's website): only http(s), never javascript: or data:.
  const linked = new Set();
  for (const element of root.querySelectorAll('[data-link-field]')) {
    const url = safeUrl(item[element.dataset.linkField]);
    setLink(element, url);
    if (url) linked.add(element.parentElement);
  }
  // A mail link (Apply by email), shown only where its sibling web link is not: a listing has one primary action.
  for (const element of root.querySelectorAll('[data-mail-field]')) {
    const email = item[element.dataset.mailField];
    setLink(element, email && !linked.has(element.parentElement) ? mailTo(email) : null);
  }
}

/**
 * A logo Zumodra serves (its own /logos/ address; the page's policy blocks any other) over the initials, which show
 * without one. An address always names the same image: an unchanged one stays as it is, shown or (failed) hidden.
 */
function setLogo(image, url) {
  const src = typeof url === 'string' && url.startsWith('/logos/') ? url : null;
  if (!src) {
    image.hidden = true;
    image.removeAttribute('src');
  } else if (image.getAttribute('src') !== src) {
    image.setAttribute('src', src);
    image.hidden = false;
  }
}

function setLink(element, href) {
  element.hidden = !href;
  if (href) element.setAttribute('href', href);
  else element.removeAttribute('href');
}

/** The address escaped for a URL, its @ kept (as Display.MailTo does). */
function mailTo(email) {
  return `mailto:${encodeURIComponent(String(email).trim()).replaceAll('%40', '@')}`;
}

function safeUrl(value) {
  try {
    const url = new URL(String(value ?? ''));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Plays a one-off CSS animation class again, even if it is already on the element. The class comes off when that
 * animation (named like the class) ends on the element itself, not when a child's or another one does.
 */
export function replay(element, className) {
  element.classList.remove(className);
  void element.offsetWidth; // restarts the animation
  element.classList.add(className);
  const done = event => {
    if (event.target !== element || !event.animationName.startsWith(className)) return;
    element.classList.remove(className);
    element.removeEventListener('animationend', done);
  };
  element.addEventListener('animationend', done);
}
