// The shared worker that holds a browser's one live connection for all its tabs (see live-client.js): each tab's
// port subscribes, unsubscribes or asks for a retry, and receives its own changes and status.
//
// Its modules come from the addresses in its own query (see live-client.js): the pages' fingerprinted ones, which a
// static import here could not name. Ports connect meanwhile; their messages wait for the modules, in order.
const modules = new URL(location.href).searchParams;
const loaded = Promise.all(['signalr', 'hub', 'tabs'].map(name => import(modules.get(name))))
  .then(([, { LiveHub }, { whenTabCloses }]) => ({ hub: new LiveHub(self.signalR), whenTabCloses }));

self.addEventListener('connect', event => {
  const port = event.ports[0];
  port.addEventListener('message', async ({ data }) => {
    const { hub, whenTabCloses } = await loaded;
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
