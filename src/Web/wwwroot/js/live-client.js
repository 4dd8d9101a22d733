// The live connection of a page: subscribes to its channel with the page's filters, hands each change over once,
// and after any interruption subscribes again from the last sequence it saw, so the server replays what was missed.

/** The original design's backoff: 1, 2, 4, 8, 16, 30 s, at most 5 attempts, each ±20 % so clients spread out. */
const DELAYS = [1000, 2000, 4000, 8000, 16000, 30000];
const MAX_ATTEMPTS = 5;
const REMEMBERED_SEQUENCES = 2000;

export function retryDelay(attempt) {
  if (attempt >= MAX_ATTEMPTS) return null;
  const base = DELAYS[Math.min(attempt, DELAYS.length - 1)];
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

export class LiveClient {
  #config;
  #handlers;
  #connection;
  #lastSequence;
  #seen = new Set();
  #connecting = false;

  /**
   * @param config the page's live config (channel, item, filters, afterSequence)
   * @param handlers { change(kind, message), status(state, detail), reloadRequired() }
   */
  constructor(config, handlers) {
    this.#config = config;
    this.#handlers = handlers;
    this.#lastSequence = config.afterSequence;
  }

  get lastSequence() { return this.#lastSequence; }

  start() {
    const signalR = window.signalR;
    this.#connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/live')
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: context => retryDelay(context.previousRetryCount) })
      .configureLogging(signalR.LogLevel.Warning)
      .build();

    const item = this.#config.item;
    for (const kind of ['created', 'updated', 'deleted']) {
      this.#connection.on(`${item}_${kind}`, message => this.#receive(kind, message));
    }
    this.#connection.on('reload_required', () => this.#handlers.reloadRequired());
    this.#connection.on('error', problem => console.warn('Live:', problem?.code, problem?.message));

    this.#connection.onreconnecting(() => this.#handlers.status('reconnecting'));
    this.#connection.onreconnected(() => this.#subscribe().catch(() => this.#connection.stop()));
    // Automatic reconnection gave up (or a resubscription failed): offer a manual retry.
    this.#connection.onclose(() => {
      if (!this.#connecting) this.#handlers.status('offline');
    });
    return this.connect();
  }

  /** Starts the connection (retrying with the same backoff) and subscribes from the last sequence seen. */
  async connect() {
    if (this.#connecting) return;
    this.#connecting = true;
    this.#handlers.status('connecting');
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.#connection.start();
          await this.#subscribe();
          return;
        } catch {
          if (this.#connection.state !== 'Disconnected') await this.#connection.stop();
          const delay = retryDelay(attempt);
          if (delay === null) {
            this.#handlers.status('offline');
            return;
          }
          this.#handlers.status('reconnecting');
          await sleep(delay);
        }
      }
    } finally {
      this.#connecting = false;
    }
  }

  async #subscribe() {
    const { channel, filters } = this.#config;
    const answer = await this.#connection.invoke('Subscribe', channel, filters ?? null, this.#lastSequence);
    if (answer?.reloadRequired) {
      this.#handlers.reloadRequired();
      return;
    }
    this.#handlers.status('live');
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
