/**
 * Loaded (--import) before the service entry in a forked Node child: gives it what an Electron utility process
 * has, `process.parentPort`, over Node's IPC channel. Like Electron's port, it queues messages until the first
 * listener, and the process dies with its parent.
 */
const send = process.send?.bind(process);
if (!send) throw new Error('parent-port.ts runs in a child forked with an IPC channel');

type Listener = (message: { data: unknown; ports: [] }) => void;
const listeners: Listener[] = [];
const queued: unknown[] = [];

process.on('message', (data) => {
  if (listeners.length === 0) queued.push(data);
  else for (const listener of listeners) listener({ data, ports: [] });
});
process.on('disconnect', () => process.exit(0));

Object.defineProperty(process, 'parentPort', {
  value: {
    on(event: string, listener: Listener) {
      if (event !== 'message') return;
      listeners.push(listener);
      for (const data of queued.splice(0)) listener({ data, ports: [] });
    },
    postMessage(message: unknown) {
      send(message);
    },
  },
});
