import { utilityProcess } from 'electron';
import type { Dispatch } from '../../core/api/dispatch.js';
import { EventHub } from '../../core/api/events.js';
import type { ApiError, Result } from '../../core/api/contract/index.js';
import { logger } from '../../core/log.js';
import type { FromService, ServiceStart, ToService } from '../service/protocol.js';

const log = logger('desktop');

/** What the service reports once the database is open. */
export interface ServiceReady {
  readonly pid: number;
  readonly dbFile: string;
  readonly createdDemo: boolean;
}

/** The service's own words when it could not open the database (a file from a newer Atelier, say). */
export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
}

/** The API as main sees it: the same dispatch and events as core's ApiService, answered by another process. */
export interface ServiceProcess {
  readonly dispatch: Dispatch;
  readonly events: EventHub;
  /** Resolves once the database is open; rejects with a ServiceStartError when it could not be. */
  readonly ready: Promise<ServiceReady>;
  /** Asks the service to close the database and exit; kills it past the timeout. Never rejects. */
  close(): Promise<void>;
}

export interface ServiceProcessOptions {
  /** The built service entry (out/main/service.js). */
  readonly entry: string;
  readonly start: ServiceStart;
  /** How long the service may take to close (a job's worker to stop, the WAL to checkpoint). */
  readonly closeTimeoutMs?: number;
}

const after = (ms: number): Promise<'timeout'> =>
  new Promise((resolve) => setTimeout(() => resolve('timeout'), ms).unref());

/**
 * Forks the API service (SQLite and every handler) into an Electron utility process and relays to it: each
 * call gets an id and its answer; events come back as they happen. Once the process has gone, pending and
 * later calls are answered `unavailable` with why, never left waiting.
 */
export function startServiceProcess(options: ServiceProcessOptions): ServiceProcess {
  const child = utilityProcess.fork(options.entry, [], { serviceName: 'Atelier database', stdio: 'inherit' });
  const events = new EventHub();
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let nextId = 1;
  let gone: ApiError | null = null;
  let closing = false;
  let running = true;

  let settle: { resolve(ready: ServiceReady): void; reject(error: ServiceStartError): void } | null = null;
  const ready = new Promise<ServiceReady>((resolve, reject) => (settle = { resolve, reject }));
  ready.catch(() => undefined); // the host reports it; a crash later must not become an unhandled rejection
  const exited = new Promise<number>((resolve) => child.once('exit', resolve));

  const stop = (error: ApiError): void => {
    gone ??= error;
    for (const answer of pending.values()) answer({ ok: false, error: gone });
    pending.clear();
  };
  const send = (message: ToService): void => child.postMessage(message);

  child.on('message', (message: FromService) => {
    switch (message.type) {
      case 'ready':
        settle?.resolve({ pid: message.pid, dbFile: message.dbFile, createdDemo: message.createdDemo });
        return;
      case 'failed':
        stop({ kind: 'unavailable', message: `Atelier could not open its database: ${message.message}` });
        settle?.reject(new ServiceStartError(message.message));
        return;
      case 'result': {
        const answer = pending.get(message.id);
        pending.delete(message.id);
        answer?.(message.result);
        return;
      }
      case 'event':
        events.emit(message.event);
        return;
      default:
        return message satisfies never;
    }
  });
  child.on('error', (type, location) => log.error('the database process failed', { type, location }));
  child.once('exit', (code) => {
    running = false;
    if (!closing) log.error('the database process stopped unexpectedly', { code });
    settle?.reject(
      new ServiceStartError(`the database process stopped before it opened (exit code ${code})`),
    );
    stop({
      kind: 'unavailable',
      message: closing
        ? 'Atelier is closing'
        : `Atelier's database process stopped unexpectedly (exit code ${code}); restart Atelier`,
    });
  });

  send({ type: 'start', options: options.start });

  const dispatch: Dispatch = (method, args) => {
    if (gone) return Promise.resolve({ ok: false, error: gone });
    if (closing)
      return Promise.resolve({ ok: false, error: { kind: 'unavailable', message: 'Atelier is closing' } });
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      try {
        send({ type: 'call', id, method, args });
      } catch (error) {
        pending.delete(id);
        const message = `${method}: the arguments cannot be sent (${(error as Error).message})`;
        resolve({ ok: false, error: { kind: 'invalid-arguments', message } });
      }
    });
  };

  async function close(): Promise<void> {
    if (!running) return;
    if (!closing) {
      closing = true;
      send({ type: 'close' });
    }
    const timeoutMs = options.closeTimeoutMs ?? 10_000;
    if ((await Promise.race([exited, after(timeoutMs)])) !== 'timeout') return;
    log.warn('the database process did not close in time: stopping it', { timeoutMs });
    child.kill();
    if ((await Promise.race([exited, after(5_000)])) === 'timeout')
      log.error('the database process could not be stopped', { pid: child.pid });
  }

  return { dispatch, events, ready, close };
}
