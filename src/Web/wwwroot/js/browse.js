// Entry point of every page. Pages work without it (plain links and GET forms); with it the filter sidebar slides
// in, and each live config on a page follows its channel: cards and markers appear, change and disappear as the
// listings do, and the result count follows. A config inside a [data-live-root] (a company's open jobs on its page)
// drives the list inside that element; any other drives the page.
import { initFilterSidebar, showFacetCounts } from './filter-sidebar.js';
import { LiveClient } from './live-client.js';
import { fill, formatCount, refreshTimes, replay } from './fields.js';
import { MapSheet, ResultMap } from './result-map.js';

const STATUS_TEXT = {
  connecting: () => 'Connecting…',
  live: () => 'Live',
  reconnecting: () => 'Reconnecting…',
  // The server refused the connection for its per-address limit (tabs of other browsers, or an office behind one address).
  limited: seconds => `Too many live connections from your network — retrying in ${seconds} s`,
  offline: seconds => (seconds ? `Offline — trying again every ${seconds} s` : 'Offline'),
};

// The page's one indicator speaks for all its subscriptions: the furthest from live first.
const STATUS_ORDER = ['offline', 'limited', 'reconnecting', 'connecting', 'live'];

class LiveStatus {
  #element = document.querySelector('[data-live-status]');
  #states = new Map(); // subscription -> [state, retryIn]

  constructor(retry) {
    this.#element?.querySelector('[data-live-retry]')?.addEventListener('click', retry);
  }

  report(subscription, state, retryIn) {
    this.#states.set(subscription, [state, retryIn]);
    const [shown, seconds] = [...this.#states.values()].sort(([a], [b]) => STATUS_ORDER.indexOf(a) - STATUS_ORDER.indexOf(b))[0];
    this.#show(shown, seconds);
  }

  #show(state, retryIn) {
    if (!this.#element) return;
    this.#element.hidden = false;
    this.#element.dataset.state = state;
    this.#element.querySelector('[data-live-status-text]').textContent = STATUS_TEXT[state](retryIn);
    this.#element.querySelector('[data-live-retry]').hidden = state !== 'offline';
  }

  /** How this tab reaches the hub (worker, leader or tab), for tests and for support. */
  transport(name) {
    if (this.#element) this.#element.dataset.transport = name;
  }
}

/** Removes an element after its leave animation (or at once when animations are off). */
function leave(element, done) {
  element.dataset.leaving = '';
  element.classList.add('live-leave');
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    element.remove();
    done();
  };
  element.addEventListener('animationend', event => { if (event.target === element) finish(); });
  setTimeout(finish, 600);
}

/**
 * A list page (with or without a map). Each change is shown at once where it can be decided locally (page 1 is
 * newest first, so new jobs enter at the top); then the page is reconciled with the browse API, which fills a gap
 * left by a deletion and corrects the count, so the page ends up exactly as a reload would show it.
 */
class BrowseView {
  #root;
  #config;
  #list;
  #empty;
  #template;
  #count;
  #noun;
  #map = null;
  #refreshTimer = 0;
  #changes = 0;
  #facetsAt = 0;
  // Pages shown, from the page the address named on (more join with "Show more").
  #pages = 1;
  #loading = false;
  #nearEnd = null;

  /** @param root the page (document) or the element holding this list and its config */
  constructor(root, config) {
    this.#root = root;
    this.#config = config;
    this.#list = root.querySelector('[data-results]');
    this.#empty = root.querySelector('[data-empty]');
    this.#template = root.querySelector('[data-card-template]');
    this.#count = root.querySelector('[data-count]');
    this.#noun = root.querySelector('[data-count-noun]');
    this.#offerMore();
    const mapElement = root.querySelector('[data-map]');
    if (config.map && mapElement && window.L) {
      this.#map = new ResultMap(mapElement, config.map, config.detailUrl, config.plural, id => this.#select(id));
      const sheet = new MapSheet(mapElement.closest('.map-panel'), () => this.#map.resize());
      const nearMe = root.querySelector('[data-near-me]');
      if (nearMe) {
        nearMe.hidden = false;
        nearMe.addEventListener('click', () => this.#map.locate(nearMe));
      }
      for (const card of this.#cards()) this.#addMapButton(card);
      this.#list.addEventListener('click', event => {
        const button = event.target.closest('[data-show-on-map]');
        if (!button) return;
        sheet.open(button);
        this.#map.focus(button.closest('[data-id]').dataset.id);
      });
    }
  }

  apply(kind, message) {
    if (kind === 'deleted') {
      this.#remove(message.id);
      this.#map?.remove(message.id);
    } else {
      // A creation whose card or marker is already there came in with a reconciliation (and its entrance): no pulse.
      const changed = kind !== 'created';
      this.#upsert(message.item, changed);
      if (this.#config.liveFiltersExact || this.#map?.has(message.item.id)) this.#map?.upsert(message.item, changed);
    }
    this.#changes++;
    this.refresh();
  }

  /** Reconciles with the browse API shortly after the last change (and whenever the page goes live again). */
  refresh() {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => this.#reconcile(), 150);
  }

  #cards() { return [...this.#list.querySelectorAll(':scope > [data-id]:not([data-leaving])')]; }

  #card(id) { return this.#list.querySelector(`:scope > [data-id="${CSS.escape(id)}"]:not([data-leaving])`); }

  #newCard(item) {
    const card = this.#template.content.firstElementChild.cloneNode(true);
    card.dataset.id = item.id;
    card.dataset.order = this.#order(item);
    fill(card, item, this.#config.labels);
    return card;
  }

  #upsert(item, changed) {
    const existing = this.#card(item.id);
    if (existing) {
      fill(existing, item, this.#config.labels);
      existing.dataset.order = this.#order(item);
      if (changed) replay(existing, 'live-pulse');
      return;
    }
    if (!this.#belongsHere(item)) return;
    const card = this.#newCard(item);
    const next = this.#cards().find(other => Date.parse(other.dataset.order) < Date.parse(this.#order(item)));
    this.#list.insertBefore(card, next ?? null);
    this.#addMapButton(card, item);
    replay(card, 'live-enter');
    // The pages shown keep their size: the oldest card moves on to the next page.
    for (const extra of this.#cards().slice(this.#shown())) extra.remove();
    this.#empty.hidden = true;
  }

  /** The date the list is sorted by, newest first (e.g. postedAt). */
  #order(item) { return item[this.#config.orderField]; }

  /**
   * Page 1 is newest first; an item belongs on it if it is newer than its last card (or there is room). When the
   * live channel cannot apply all of the page's filters, or the list is sorted otherwise (no order field), only the
   * reconciliation decides what enters.
   */
  #belongsHere(item) {
    if (this.#config.page !== 1 || !this.#config.liveFiltersExact || !this.#config.orderField) return false;
    const cards = this.#cards();
    if (cards.length < this.#shown()) return true;
    return Date.parse(this.#order(item)) > Date.parse(cards[cards.length - 1].dataset.order);
  }

  #remove(id) {
    const card = this.#card(id);
    if (!card) return;
    leave(card, () => { this.#empty.hidden = this.#cards().length > 0; });
  }

  async #reconcile() {
    const changes = this.#changes;
    const pages = this.#pages;
    if (this.#config.facetsUrl && this.#facetsAt !== changes) this.#refreshFacets(changes);
    let page;
    try {
      const answers = await Promise.all(Array.from({ length: pages }, async (_, i) => {
        const url = new URL(this.#config.pageUrl, location.href);
        url.searchParams.set('page', String(this.#config.page + i));
        const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        return response.json();
      }));
      page = { total: answers[0].total, items: answers.flatMap(answer => answer.items) };
    } catch {
      return; // offline or refused: the next change or reconnection reconciles again
    }
    // A change (or a page shown) that came meanwhile is newer than this answer and has its own reconciliation.
    if (changes !== this.#changes || pages !== this.#pages) return;

    const [number, ...noun] = formatCount(page.total, this.#config.singular, this.#config.plural).split(' ');
    this.#count.textContent = number;
    this.#noun.textContent = noun.join(' ');

    const wanted = new Set(page.items.map(item => item.id));
    for (const card of this.#cards()) {
      if (!wanted.has(card.dataset.id)) leave(card, () => {});
    }
    const focused = document.activeElement;
    let previous = null;
    for (const item of page.items) {
      this.#map?.addMissing(item);
      let card = this.#card(item.id);
      if (card) {
        fill(card, item, this.#config.labels);
        card.dataset.order = this.#order(item);
        const expected = this.#slotAfter(previous);
        if (expected !== card) this.#list.insertBefore(card, expected);
      } else {
        card = this.#newCard(item);
        this.#list.insertBefore(card, this.#slotAfter(previous));
        this.#addMapButton(card, item);
        replay(card, 'live-enter');
      }
      previous = card;
    }
    // A card that had to move lost the focus it held: give it back where the reader was, without scrolling.
    if (focused instanceof HTMLElement && focused.isConnected && document.activeElement !== focused) focused.focus({ preventScroll: true });
    this.#empty.hidden = page.items.length > 0;
  }

  /** How many cards the pages shown hold. */
  #shown() { return this.#config.pageSize * this.#pages; }

  /**
   * Infinite scroll over the pagination: "Show more" brings the next page's cards from its server-rendered HTML (the
   * address its link has), and from then on so does nearing the end of the list; until the reader asks, the end of
   * the page (links, footer) stays within reach. The links follow, and so does the address of a page that is this list,
   * so a reload or a shared link opens where the reader got to.
   */
  #offerMore() {
    const button = this.#root.querySelector('[data-load-more]');
    if (!button) return;
    button.hidden = false;
    button.addEventListener('click', () => {
      this.#nearEnd ??= new IntersectionObserver(entries => {
        if (entries.some(entry => entry.isIntersecting)) this.#showMore(button);
      }, { rootMargin: '0px 0px 400px 0px' });
      this.#showMore(button);
    });
  }

  async #showMore(button) {
    const next = this.#root.querySelector('[data-paging] a[rel=next]');
    if (!next || this.#loading) return;
    this.#loading = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(next.href, { headers: { Accept: 'text/html' } });
      if (!response.ok) return;
      const html = new DOMParser().parseFromString(await response.text(), 'text/html');
      for (const card of html.querySelectorAll('[data-results] > [data-id]')) {
        // A card already here came live, or moved down from the page before.
        if (this.#card(card.dataset.id)) continue;
        const shown = document.adoptNode(card);
        this.#list.append(shown);
        this.#addMapButton(shown);
      }
      refreshTimes(this.#list);
      this.#pages++;
      const links = html.querySelector('[data-paging] nav');
      if (links) {
        // The next page's own navigation, under this list's name for it.
        const shown = this.#root.querySelector('[data-paging] nav');
        links.setAttribute('aria-label', shown.getAttribute('aria-label'));
        shown.replaceWith(document.adoptNode(links));
      }
      button.hidden = !this.#root.querySelector('[data-paging] a[rel=next]');
      if (this.#root === document) history.replaceState(history.state, '', next.href);
      this.#empty.hidden = this.#cards().length > 0;
      // Observed afresh: a reader still near the end (a tall screen) gets the page after too.
      this.#nearEnd?.unobserve(button);
      if (!button.hidden) this.#nearEnd?.observe(button);
    } catch {
      // offline: the button stays for another try
    } finally {
      this.#loading = false;
      button.removeAttribute('aria-busy');
    }
  }

  /** Where the card after `previous` (the first card when null) goes: before the next card that is staying. */
  #slotAfter(previous) {
    let next = previous ? previous.nextElementSibling : this.#list.firstElementChild;
    while (next && 'leaving' in next.dataset) next = next.nextElementSibling;
    return next;
  }

  /** The sidebar's counts, as the facets API gives them for the page's filters after the latest change. */
  async #refreshFacets(changes) {
    try {
      const response = await fetch(this.#config.facetsUrl, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (!response.ok) return;
      const facets = await response.json();
      // A later change has its own refresh under way.
      if (changes !== this.#changes) return;
      showFacetCounts(facets);
      this.#facetsAt = changes;
    } catch {
      // offline: the next change or reconnection refreshes them
    }
  }

  #addMapButton(card, item) {
    if (!this.#map || card.querySelector('[data-show-on-map]')) return;
    const id = card.dataset.id;
    if (!this.#map.has(id) && !(item && typeof item.latitude === 'number')) return;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link-button';
    button.dataset.showOnMap = '';
    button.textContent = 'Show on map';
    card.querySelector('.card__foot')?.append(button);
  }

  #select(id) {
    for (const card of this.#list.querySelectorAll('.is-selected')) card.classList.remove('is-selected');
    const card = this.#card(id);
    if (!card) return;
    card.classList.add('is-selected');
    card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }
}

/** A detail page: the item's fields follow its updates; when it closes or is deleted, the page says so. */
class DetailView {
  #config;
  #root;

  constructor(root, config) {
    this.#root = root;
    this.#config = config;
  }

  apply(kind, message) {
    const id = kind === 'deleted' ? message.id : message.item.id;
    if (id !== this.#config.itemId) return;
    const gone = this.#root.querySelector('[data-item-gone]');
    if (kind === 'deleted') {
      gone.hidden = false;
      this.#root.classList.add('is-gone');
      return;
    }
    gone.hidden = true;
    this.#root.classList.remove('is-gone');
    fill(this.#root, message.item, this.#config.labels);
    replay(this.#root, 'live-pulse');
  }

  /** Nothing to reconcile: the page shows one item, and every change to it arrives live. */
  refresh() {}
}

/** A detail page's "← All jobs" returns to the list or map page the visitor came from, with its filters, sort and page. */
function linkBackToTheList() {
  const back = document.querySelector('[data-back-to-list]');
  if (!back || !document.referrer) return;
  const from = new URL(document.referrer);
  if (from.origin === location.origin && [back.getAttribute('href'), back.dataset.backToList].includes(from.pathname)) {
    back.href = from.pathname + from.search;
  }
}

initFilterSidebar();
linkBackToTheList();
refreshTimes(document);
setInterval(() => refreshTimes(document), 60_000);

const configElements = [...document.querySelectorAll('script[data-live-config]')];
if (configElements.length > 0 && window.signalR) {
  const clients = [];
  const status = new LiveStatus(() => clients.forEach(live => live.connect()));
  for (const configElement of configElements) {
    const config = JSON.parse(configElement.textContent);
    const root = configElement.closest('[data-live-root]') ?? document;
    const detail = root === document ? document.querySelector('[data-detail]') : null;
    const view = detail ? new DetailView(detail, config) : new BrowseView(root, config);
    const live = new LiveClient(config, {
      change: (kind, message) => view.apply(kind, message),
      status: (state, retryIn) => {
        status.report(live, state, retryIn);
        if (state === 'live') view.refresh();
      },
      transport: name => status.transport(name),
      reloadRequired: () => window.location.reload(),
    });
    clients.push(live);
    live.start();
  }
}
