import { createApiService, type ApiService } from '../../core/api/service.js';
import type { Result } from '../../core/api/contract/index.js';
import { ensureDemoDatabase } from '../../core/demo/index.js';
import { logger } from '../../core/log.js';
import { resolveAppDatabase } from './database.js';
import { bookKey } from '../../core/db/book.js';
import type { BookKey } from '../../core/db/key.js';
import type { FromService, ParentPort, ServiceStart, ToService } from './protocol.js';

const log = logger('service');

const internal = (message: string): Result<never> => ({ ok: false, error: { kind: 'internal', message } });

/**
 * The API service of the desktop app, off Electron's main thread: opens the database (the demo boutique on
 * first launch), answers main's calls with the API's Results and forwards every API event. Main decides when
 * it ends: it sends `close` after `failed` too, so a startup error always reaches main before the exit.
 */
export function serveApi(port: ParentPort, exit: (code: number) => void): void {
  let service: Promise<ApiService | null> | null = null;
  const post = (message: FromService): void => port.postMessage(message);

  async function start(options: ServiceStart): Promise<ApiService | null> {
    try {
      // The key from ATELIER_DB_KEY or the keychain; without a keychain the app starts on a plain book, saying so.
      let key: BookKey | null | undefined;
      const keyFor = async (file: string): Promise<BookKey | null> =>
        (key ??= await bookKey(file, { plainWithoutKeychain: true }));
      const database = await resolveAppDatabase(options.userData, process.env, async (file) =>
        ensureDemoDatabase(file, {}, await keyFor(file)),
      );
      const opened = createApiService({
        dbFile: database.file,
        dbKey: await keyFor(database.file),
        mode: 'desktop',
        version: options.version,
        workerFile: options.workerFile,
        stagingRoot: options.stagingRoot,
        modelDirs: options.modelDirs,
      });
      opened.events.subscribe((event) => post({ type: 'event', event }));
      post({ type: 'ready', pid: process.pid, dbFile: database.file, createdDemo: database.createdDemo });
      return opened;
    } catch (error) {
      post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
      return null;
    }
  }

  async function answer(id: number, method: string, args: unknown): Promise<void> {
    const open = await service;
    const result = open
      ? await open.dispatch(method, args).catch((error: unknown) => internal(String(error)))
      : { ok: false as const, error: { kind: 'unavailable' as const, message: 'the database is not open' } };
    try {
      post({ type: 'result', id, result });
    } catch (error) {
      // A value structured clone cannot carry (a function, say) is a bug in a handler: say so, never hang.
      log.error(`${method}: its answer cannot be sent to the window`, { error: String(error) });
      post({ type: 'result', id, result: internal(`${method}: its answer cannot be sent to the window`) });
    }
  }

  async function close(): Promise<void> {
    const open = await service;
    await open
      ?.close()
      .catch((error: unknown) => log.error('closing the database failed', { error: String(error) }));
    exit(0);
  }

  port.on('message', ({ data }) => {
    const message = data as ToService;
    switch (message.type) {
      case 'start':
        service ??= start(message.options);
        return;
      case 'call':
        void answer(message.id, message.method, message.args);
        return;
      case 'close':
        void close();
        return;
      default:
        return message satisfies never;
    }
  });
}
