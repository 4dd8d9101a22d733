// Telling when a tab has gone, for whoever holds the shared connection: each tab holds a Web Lock named after it for
// its whole life; the lock is granted to a waiter only once the tab has closed (or crashed, which sends no message).
const PREFIX = 'zumodra-live-tab:';
const watched = new Set();

/** Holds this tab's lock; resolves once it is held, so that a watcher asking after that waits for the tab to close. */
export function holdTabLock(id) {
  if (!navigator.locks) return Promise.resolve();
  return new Promise(held => {
    navigator.locks.request(PREFIX + id, () => {
      held();
      return new Promise(() => {});
    });
  });
}

/** Calls gone() once the tab holding id's lock has closed (nothing happens where Web Locks are missing). */
export function whenTabCloses(id, gone) {
  if (!navigator.locks || watched.has(id)) return;
  watched.add(id);
  navigator.locks.request(PREFIX + id, () => {
    watched.delete(id);
    gone();
  });
}
