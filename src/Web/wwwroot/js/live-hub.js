// One hub connection carrying the live subscriptions of a browser's tabs (AddSubscription per tab, its pushes routed
// by their key). It runs wherever the connection lives: in the shared worker, in the leader tab, or in a lone tab.
// Each tab is a "viewer": { id, channel, item, filters, lastSequence } and a send(message) that reaches it.

/**
 * The original design's backoff (1, 2, 4, 8, 16 s, each ±20 % so clients spread out), but it does not give up after it:
 * the page says it is offline and keeps trying every 30 s, and at once when the network or the visitor comes back, so
 * that a page left open through a long restart comes back by itself.
 */
const DELAYS = [1000, 2000, 4000, 8000, 16000];
const OFFLINE_RETRY = 30000;
/** A refusal for the per-address limit is retried for as long as it lasts, at most this far apart. */
const MAX_LIMITED_DELAY = 30000;

export function retryDelay(attempt) {
  return jitter(attempt < DELAYS.length ? DELAYS[attempt] : OFFLINE_RETRY);
}

const jitter = base => Math.round(base * (0.8 + Math.random() * 0.4));

/**
 * The seconds to wait when the server refused the connection for a limit (429), else null. SignalR's error carries the
 * refused negotiation's ProblemDetails body, whose retryAfter says when a slot may free up.
 */
export function limitedFor(error) {
  const text = String(error?.message ?? error ?? '');
  if (!text.includes("Status code '429'")) return null;
  const retryAfter = Number(/"retryAfter"\s*:\s*(\d+)/.exec(text)?.[1] ?? 0);
  return Math.max(1, Math.min(retryAfter || DELAYS[0] / 1000, MAX_LIMITED_DELAY / 1000));
}

export class LiveHub {
  #signalR;
  #connection;
  #viewers = new Map(); // id -> viewer
  #byKey = new Map(); // the connection's subscription key -> viewer
  #items = new Set();
  #adding = Promise.resolve();
  #unrouted = null; // pushes whose key is not known yet: an AddSubscription's replay comes before its answer
  #connecting = false;
  #wake = null; // ends the pause between two attempts early
  #state = 'connecting'; // the connection's: connecting, connected, reconnecting, limited, offline
  #retryIn;

  constructor(signalR) {
    this.#signalR = signalR;
    this.#connection = new signalR.HubConnectionBuilder()
      // Absolute: in a worker SignalR cannot resolve a relative address (it would ask the document).
      .withUrl(new URL('/hubs/live', location.href).href)
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.#connection.on('reload_required', message => this.#viewerOf(message)?.send({ type: 'reload' }));
    this.#connection.on('error', problem => console.warn('Live:', problem?.code, problem?.message));
    // Not SignalR's automatic reconnection: it gives up for good, and the first start needs this loop anyway.
    this.#connection.onclose(() => {
      if (!this.#connecting) this.connect('reconnecting');
    });
    globalThis.addEventListener?.('online', () => this.connect());
  }

  /** A tab's subscription, new or again (after its filters changed, or to a new leader); it answers once live. */
  subscribe(viewer) {
    this.#drop(viewer.id);
    this.#viewers.set(viewer.id, viewer);
    this.#listen(viewer.item);
    viewer.send({ type: 'status', state: this.#state === 'connected' ? 'connecting' : this.#state, retryIn: this.#retryIn });
    if (this.#connection.state === 'Connected') this.#enqueue(() => this.#add(viewer));
    else if (this.#connection.state === 'Disconnected') this.connect();
  }

  /** The tab left (closed, navigated away): its subscription ends on the server too. */
  unsubscribe(id) {
    this.#drop(id);
    if (this.#viewers.size === 0 && this.#connection.state !== 'Disconnected') this.#connection.stop();
  }

  get viewers() { return this.#viewers.size; }

  /**
   * Starts the connection and subscribes every tab, retrying for as long as a tab wants it: with the backoff, then
   * offline every 30 s, and as long as a limit refuses it. Called while it waits between attempts, it tries at once.
   */
  async connect(state = 'connecting') {
    if (this.#viewers.size === 0 || this.#connection.state === 'Connected') return;
    if (this.#connecting) {
      this.#wake?.();
      return;
    }
    this.#connecting = true;
    this.#setState(state);
    try {
      for (let attempt = 0; ;) {
        try {
          await this.#connection.start();
          await this.#resubscribeAll();
          return;
        } catch (error) {
          if (this.#connection.state !== 'Disconnected') await this.#connection.stop();
          if (this.#viewers.size === 0) return;
          const limited = limitedFor(error);
          if (limited !== null) {
            this.#setState('limited', limited);
            await this.#pause(limited * 1000);
            continue;
          }
          if (attempt < DELAYS.length) this.#setState('reconnecting');
          else this.#setState('offline', OFFLINE_RETRY / 1000);
          await this.#pause(retryDelay(attempt++));
        }
      }
    } finally {
      this.#connecting = false;
    }
  }

  #pause(ms) {
    return new Promise(resolve => {
      const timer = setTimeout(() => this.#wake(), ms);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
    });
  }

  /** After (re)connecting: the old keys are gone with the old connection; each tab catches up from its last sequence. */
  #resubscribeAll() {
    this.#byKey.clear();
    return this.#enqueue(async () => {
      for (const viewer of [...this.#viewers.values()]) await this.#add(viewer, true);
      this.#state = 'connected';
    });
  }

  /** One AddSubscription at a time, so that a push with a key not known yet belongs to the one under way. */
  #enqueue(work) {
    this.#adding = this.#adding.then(work, work);
    return this.#adding;
  }

  async #add(viewer, rethrow = false) {
    // Gone, or already added on this connection (a tab that came while the connection was being set up).
    if (this.#viewers.get(viewer.id) !== viewer || this.#byKey.get(viewer.key) === viewer) return;
    this.#unrouted = [];
    let answer;
    try {
      answer = await this.#connection.invoke('AddSubscription', viewer.channel, viewer.filters ?? null, viewer.lastSequence ?? null);
    } catch (error) {
      this.#unrouted = null;
      if (rethrow) throw error;
      viewer.send({ type: 'status', state: 'offline' });
      return;
    }
    const early = this.#unrouted;
    this.#unrouted = null;
    if (this.#viewers.get(viewer.id) !== viewer) {
      // The tab left while this was under way.
      this.#connection.invoke('RemoveSubscription', answer.key).catch(() => {});
      return;
    }
    viewer.key = answer.key;
    this.#byKey.set(answer.key, viewer);
    for (const [kind, message] of early.filter(([, message]) => message.key === answer.key)) this.#route(kind, message);
    if (answer.reloadRequired) viewer.send({ type: 'reload' });
    else viewer.send({ type: 'status', state: 'live' });
  }

  #listen(item) {
    if (this.#items.has(item)) return;
    this.#items.add(item);
    for (const kind of ['created', 'updated', 'deleted']) {
      this.#connection.on(`${item}_${kind}`, message => this.#route(kind, message));
    }
  }

  #route(kind, message) {
    const viewer = this.#byKey.get(message.key);
    if (viewer) {
      viewer.lastSequence = message.sequence;
      viewer.send({ type: 'change', kind, message });
    } else if (this.#unrouted) {
      this.#unrouted.push([kind, message]);
    }
  }

  #viewerOf(message) { return message?.key === undefined ? undefined : this.#byKey.get(message.key); }

  /** Forgets a tab's subscription, and ends it on the server when this connection holds it. */
  #drop(id) {
    const viewer = this.#viewers.get(id);
    if (!viewer) return;
    this.#viewers.delete(id);
    if (viewer.key === undefined || this.#byKey.get(viewer.key) !== viewer) return;
    this.#byKey.delete(viewer.key);
    if (this.#connection.state === 'Connected') {
      this.#enqueue(() => this.#connection.invoke('RemoveSubscription', viewer.key).catch(() => {}));
    }
  }

  #setState(state, retryIn) {
    this.#state = state;
    this.#retryIn = retryIn;
    for (const viewer of this.#viewers.values()) viewer.send({ type: 'status', state, retryIn });
  }
}
