// The live subscription of a page: its channel with the page's filters, each change handed over once, and after any
// interruption a new subscription from the last sequence it saw, so the server replays what was missed.
//
// All tabs of a browser share one hub connection, so that a visitor's tabs (or an office behind one address) stay
// within the server's connections per address. Where the browser has shared workers, a worker holds it
// (live-worker.js); else the tabs elect a leader with Web Locks that holds it and relays over a BroadcastChannel,
// another taking over when it closes; else each tab has its own connection. Whichever holds it runs live-hub.js.
import { LiveHub } from './live-hub.js';
import { holdTabLock, whenTabCloses } from './live-tabs.js';

const REMEMBERED_SEQUENCES = 2000;
const LEADER_LOCK = 'zumodra-live-leader';
const RELAY = 'zumodra-live';

/** worker, leader or tab: the best way this browser can share the connection. */
export function chooseTransport() {
  if (typeof SharedWorker === 'function') return 'worker';
  if (navigator.locks && typeof BroadcastChannel === 'function') return 'leader';
  return 'tab';
}

function newId() {
  return crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export class LiveClient {
  #config;
  #handlers;
  #id = newId();
  #lastSequence;
  #seen = new Set();
  #transport;
  #link;

  /**
   * @param config the page's live config (channel, item, filters, afterSequence)
   * @param handlers { change(kind, message), status(state, retryIn), transport(name), reloadRequired() }
   */
  constructor(config, handlers) {
    this.#config = config;
    this.#handlers = handlers;
    this.#lastSequence = config.afterSequence;
  }

  get lastSequence() { return this.#lastSequence; }

  /** worker, leader or tab, once started. */
  get transport() { return this.#transport; }

  async start() {
    this.#handlers.status('connecting');
    await holdTabLock(this.#id);
    this.#open(chooseTransport());
    // A tab that leaves ends its subscription at once; the lock above covers a tab that crashes.
    addEventListener('pagehide', () => this.#link.unsubscribe(this.#id));
    addEventListener('pageshow', event => { if (event.persisted) this.#subscribe(); });
    // A visitor coming back to the tab should not wait for the next retry.
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') this.connect(); });
  }

  #open(transport) {
    this.#transport = transport;
    this.#handlers.transport(transport);
    const receive = message => this.#onMessage(message);
    if (transport === 'worker') {
      this.#link = new WorkerLink(receive, () => this.#open(navigator.locks && typeof BroadcastChannel === 'function' ? 'leader' : 'tab'));
    } else if (transport === 'leader') {
      this.#link = new LeaderLink(this.#id, receive);
    } else {
      this.#link = new LocalLink(receive);
    }
    this.#subscribe();
  }

  /** Tries at once when the connection is down (the Reconnect button, the tab shown again); else nothing. */
  connect() { this.#link?.retry(); }

  #subscribe() {
    const { channel, item, filters } = this.#config;
    this.#link.subscribe({ id: this.#id, channel, item, filters: filters ?? null, lastSequence: this.#lastSequence ?? null });
  }

  #onMessage(message) {
    if (message.type === 'change') this.#receive(message.kind, message.message);
    else if (message.type === 'status') this.#handlers.status(message.state, message.retryIn);
    else if (message.type === 'reload') this.#handlers.reloadRequired();
    else if (message.type === 'resubscribe') this.#subscribe();
  }

  #receive(kind, message) {
    // A change can reach us twice (a replay overlapping a push); its sequence identifies it.
    if (this.#seen.has(message.sequence)) return;
    this.#seen.add(message.sequence);
    if (this.#seen.size > REMEMBERED_SEQUENCES) this.#seen.delete(this.#seen.values().next().value);
    this.#lastSequence = message.sequence;
    this.#handlers.change(kind, message);
  }
}

let tabHub = null;

/** This tab's own connection, shared by its subscriptions (a company's page follows three). */
class LocalLink {
  #hub = (tabHub ??= new LiveHub(window.signalR));
  #receive;

  constructor(receive) { this.#receive = receive; }

  subscribe(viewer) { this.#hub.subscribe({ ...viewer, send: this.#receive }); }

  unsubscribe(id) { this.#hub.unsubscribe(id); }

  retry() { this.#hub.connect(); }
}

/**
 * The shared worker's script with its modules' addresses as parameters. import.meta.resolve applies the page's import map
 * (fingerprinted addresses, cached for good); a worker has no import map, so it imports what it is given. The address is
 * the same for every tab of one version of the site, so they all share one worker.
 */
function workerUrl() {
  const url = new URL(import.meta.resolve('./live-worker.js'));
  url.searchParams.set('signalr', import.meta.resolve('../lib/signalr-webworker/signalr.min.js'));
  url.searchParams.set('hub', import.meta.resolve('./live-hub.js'));
  url.searchParams.set('tabs', import.meta.resolve('./live-tabs.js'));
  return url;
}

/** The browser's shared worker; should it fail to start, the tab falls back to a leader. */
class WorkerLink {
  #port;
  #heard = false;

  constructor(receive, fallBack) {
    const worker = new SharedWorker(workerUrl(), { type: 'module', name: 'zumodra-live' });
    worker.addEventListener('error', () => { if (!this.#heard) fallBack(); });
    this.#port = worker.port;
    this.#port.addEventListener('message', ({ data }) => {
      this.#heard = true;
      receive(data);
    });
    this.#port.start();
  }

  subscribe(viewer) { this.#port.postMessage({ type: 'subscribe', viewer }); }

  unsubscribe(id) { this.#port.postMessage({ type: 'unsubscribe', id }); }

  retry() { this.#port.postMessage({ type: 'retry' }); }
}

/**
 * The tabs' elected leader holds the connection. Every tab waits for the leader lock; the holder runs the hub and
 * relays over the BroadcastChannel (followers' messages name "leader", its answers name the tab). A new leader asks
 * every tab to subscribe again, each from its own last sequence.
 */
class LeaderLink {
  #id;
  #receive;
  #relay = new BroadcastChannel(RELAY);
  #hub = null;

  constructor(id, receive) {
    this.#id = id;
    this.#receive = receive;
    this.#relay.addEventListener('message', ({ data }) => this.#onRelay(data));
    navigator.locks.request(LEADER_LOCK, () => {
      this.#hub = new LiveHub(window.signalR);
      this.#receive({ type: 'resubscribe' });
      this.#relay.postMessage({ type: 'leader' });
      // Held for the tab's life: the next tab waiting takes over when it closes.
      return new Promise(() => {});
    });
  }

  subscribe(viewer) { this.#send({ type: 'subscribe', viewer }); }

  unsubscribe(id) { this.#send({ type: 'unsubscribe', id }); }

  retry() { this.#send({ type: 'retry' }); }

  #send(request) {
    if (this.#hub) this.#lead(request, this.#receive);
    else this.#relay.postMessage({ ...request, to: 'leader' });
  }

  #onRelay(data) {
    if (data.type === 'leader') this.#receive({ type: 'resubscribe' });
    else if (data.to === this.#id) this.#receive(data.message);
    else if (data.to === 'leader' && this.#hub) {
      const tab = data.viewer?.id ?? data.id;
      this.#lead(data, message => this.#relay.postMessage({ to: tab, message }));
    }
  }

  #lead(request, send) {
    if (request.type === 'subscribe') {
      this.#hub.subscribe({ ...request.viewer, send });
      if (request.viewer.id !== this.#id) whenTabCloses(request.viewer.id, () => this.#hub.unsubscribe(request.viewer.id));
    } else if (request.type === 'unsubscribe') {
      this.#hub.unsubscribe(request.id);
    } else if (request.type === 'retry') {
      this.#hub.connect();
    }
  }
}
