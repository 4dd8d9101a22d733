// The admin page: Rebuild buttons that follow their rebuild with a progress bar, and the recent-events feed kept
// current. Everything is read with the page's admin cookie; the Rebuild form carries its antiforgery token.
const POLL_REBUILD_MS = 500;
const POLL_FEED_MS = 2000;
const MAX_FEED_ROWS = 100;
const number = new Intl.NumberFormat('en-GB');

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

function describe(status) {
  if (status.state === 'completed') {
    const changes = status.changes ? ` (${number.format(status.changes.inserted)} inserted, ${number.format(status.changes.updated)} updated, ${number.format(status.changes.deleted)} deleted)` : '';
    return `Completed: ${number.format(status.eventsProcessed)} events at ${number.format(Math.round(status.eventsPerSecond))}/s${changes}`;
  }
  if (status.state === 'failed') return `Failed: ${status.error ?? 'unknown error'}`;
  const eta = status.etaSeconds == null ? '' : ` · ETA ${Math.ceil(status.etaSeconds)} s`;
  return `${status.phase.replace('_', ' ')}: ${number.format(status.eventsProcessed)} of ${number.format(status.eventsTotal)} events · ${number.format(Math.round(status.eventsPerSecond))}/s${eta}`;
}

class RebuildRow {
  #row;
  #button;
  #progress;
  #bar;
  #text;
  #state;
  #following = false;

  constructor(row) {
    this.#row = row;
    this.#button = row.querySelector('[data-rebuild]');
    this.#progress = row.querySelector('[data-progress]');
    this.#bar = row.querySelector('[data-progress-bar]');
    this.#text = row.querySelector('[data-progress-text]');
    this.#state = row.querySelector('[data-projection-state]');
    row.querySelector('[data-rebuild-form]')?.addEventListener('submit', event => this.#start(event));
    if (row.dataset.running === 'true') this.#follow();
  }

  async #start(event) {
    event.preventDefault();
    const form = event.currentTarget;
    this.#button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: 'POST', body: new FormData(form), credentials: 'same-origin', headers: { Accept: 'application/json' },
      });
      if (response.status === 202 || response.status === 409) {
        this.#follow();
      } else {
        this.#show({ state: 'failed', error: `the server answered ${response.status}` });
        this.#button.disabled = false;
      }
    } catch (error) {
      this.#show({ state: 'failed', error: error.message });
      this.#button.disabled = false;
    }
  }

  async #follow() {
    if (this.#following) return;
    this.#following = true;
    this.#button.disabled = true;
    this.#row.dataset.running = 'true';
    this.#setState('rebuilding');
    for (;;) {
      let status;
      try {
        status = await getJson(this.#row.dataset.statusUrl);
      } catch {
        await new Promise(resolve => setTimeout(resolve, POLL_REBUILD_MS * 4));
        continue;
      }
      this.#show(status);
      if (status.state !== 'running') break;
      await new Promise(resolve => setTimeout(resolve, POLL_REBUILD_MS));
    }
    this.#following = false;
    this.#button.disabled = false;
    this.#row.dataset.running = 'false';
  }

  #show(status) {
    this.#progress.hidden = false;
    this.#progress.dataset.rebuildState = status.state;
    this.#bar.value = status.state === 'completed' ? 100 : (status.percentComplete ?? 0);
    this.#text.textContent = describe(status);
    if (status.state === 'completed') this.#setState('current');
    else if (status.state === 'failed') this.#setState('failed');
  }

  #setState(state) {
    if (!this.#state) return;
    this.#state.dataset.state = state;
    this.#state.textContent = state;
  }
}

class EventFeed {
  #table;
  #rows;
  #status;
  #after;

  constructor(table) {
    this.#table = table;
    this.#rows = table.querySelector('[data-feed-rows]');
    this.#status = document.querySelector('[data-feed-status]');
    this.#after = Number(table.dataset.after ?? 0);
    this.#poll();
  }

  async #poll() {
    for (;;) {
      try {
        const page = await getJson(`${this.#table.dataset.feedUrl}?after=${this.#after}&limit=${MAX_FEED_ROWS}`);
        for (const event of page.items) this.#add(event);
        this.#after = page.next;
        this.#table.dataset.after = String(this.#after);
        this.#status.textContent = 'updating live';
        const high = document.querySelector('[data-high-water]');
        if (high) high.textContent = number.format(page.highWaterMark);
        if (page.more) continue;
      } catch {
        this.#status.textContent = 'offline, retrying…';
      }
      await new Promise(resolve => setTimeout(resolve, POLL_FEED_MS));
    }
  }

  #add(event) {
    const row = document.createElement('tr');
    row.dataset.sequence = String(event.sequence);
    row.className = 'is-new';
    const cell = text => {
      const td = document.createElement('td');
      td.textContent = text;
      row.append(td);
      return td;
    };
    cell(String(event.sequence));
    const time = document.createElement('time');
    time.dateTime = event.timestamp;
    time.textContent = new Date(event.timestamp).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    cell('').append(time);
    cell(event.clrType);
    const link = document.createElement('a');
    link.href = `/admin/streams/${encodeURIComponent(event.streamId)}`;
    const code = document.createElement('code');
    code.textContent = event.streamId;
    link.append(code);
    cell('').append(link);
    cell(String(event.version));
    cell(event.userName ?? '');
    this.#rows.prepend(row);
    while (this.#rows.rows.length > MAX_FEED_ROWS) this.#rows.lastElementChild.remove();
  }
}

for (const row of document.querySelectorAll('[data-projection][data-status-url]')) new RebuildRow(row);
const feed = document.querySelector('[data-feed]');
if (feed) new EventFeed(feed);
