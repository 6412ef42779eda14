import type { ParentPort } from './protocol.js';
import { serveApi } from './serve.js';

/**
 * The entry of the API service process that main forks with utilityProcess.fork (built to out/main/service.js).
 * Never imports 'electron': its one channel to main is `process.parentPort`, which a utility process has.
 */
const port = (process as { parentPort?: ParentPort }).parentPort;
if (!port)
  throw new Error('the Atelier API service runs in an Electron utility process (no process.parentPort)');
serveApi(port, (code) => process.exit(code));
