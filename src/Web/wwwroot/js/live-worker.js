// The shared worker that holds a browser's one live connection for all its tabs (see live-client.js): each tab's
// port subscribes, unsubscribes or asks for a retry, and receives its own changes and status.
import '../lib/signalr-webworker/signalr.min.js';
import { LiveHub } from './live-hub.js';
import { whenTabCloses } from './live-tabs.js';

const hub = new LiveHub(self.signalR);

self.addEventListener('connect', event => {
  const port = event.ports[0];
  port.addEventListener('message', ({ data }) => {
    if (data.type === 'subscribe') {
      hub.subscribe({ ...data.viewer, send: message => port.postMessage(message) });
      whenTabCloses(data.viewer.id, () => hub.unsubscribe(data.viewer.id));
    } else if (data.type === 'unsubscribe') {
      hub.unsubscribe(data.id);
    } else if (data.type === 'retry') {
      hub.connect();
    }
  });
  port.start();
});
