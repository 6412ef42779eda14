import { parentPort, workerData } from 'node:worker_threads';
import { isDatabaseBusy } from '../../db/open.js';
import { busyApiError, toApiError } from '../dispatch.js';
import type { FromWorker, JobWorkerData, ToWorker } from './protocol.js';
import { runTask } from './tasks.js';

/** A job's thread: runs one task with an AbortSignal and reports progress to the JobRunner. */
const port = parentPort;
if (!port) throw new Error('core/api/jobs/worker.ts runs only as a worker thread');

const data = workerData as JobWorkerData;
const controller = new AbortController();
port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') controller.abort();
});

const post = (message: FromWorker): void => port.postMessage(message);
let lastProgress = 0;

try {
  const outcome = await runTask(data, controller.signal, (step, done, total, etaMs) => {
    const now = Date.now();
    // The runner throttles what it pushes to the UI; this keeps a fast loop from flooding the channel.
    if (now - lastProgress < 40 && done !== total) return;
    lastProgress = now;
    post({ type: 'progress', step, done, total, ...(etaMs !== undefined ? { etaMs } : {}) });
  });
  post(controller.signal.aborted ? { type: 'cancelled' } : { type: 'completed', ...outcome });
} catch (error) {
  const failure = isDatabaseBusy(error) ? busyApiError(data.dbFile) : toApiError(error);
  post(controller.signal.aborted ? { type: 'cancelled' } : { type: 'failed', error: failure });
} finally {
  port.close();
}
