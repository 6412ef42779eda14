import { rmSync } from 'node:fs';
import { openDatabase, type Db } from '../db/open.js';
import type { BookKey } from '../db/key.js';
import { systemClock, type Clock } from '../clock.js';
import { EventHub } from './events.js';
import { JobRunner } from './jobs/runner.js';
import { createHandlers } from './handlers/index.js';
import { createDispatch, type Dispatch } from './dispatch.js';
import type { ApiContext } from './context.js';
import { ClientBook } from '../db/clients/book.js';
import { SelectionStore } from '../db/selections/store.js';
import { createStagingDir } from './jobs/staging.js';

export interface ApiServiceOptions {
  readonly dbFile: string;
  /** The book's key, decided by the host (core/db/book.ts `bookKey`); null or absent: a plain book. */
  readonly dbKey?: BookKey | null;
  readonly mode: 'desktop' | 'web';
  readonly version: string;
  readonly workerFile: string;
  /** Where the service makes its private staging folder for uploads (the OS temp folder). */
  readonly stagingRoot: string;
  readonly modelDirs?: readonly string[];
  readonly clock?: Clock;
}

/** The API as a host (Electron main, web server) runs it: one database connection, jobs, events, dispatch. */
export interface ApiService {
  readonly dispatch: Dispatch;
  readonly events: EventHub;
  readonly jobs: JobRunner;
  readonly db: Db;
  readonly context: ApiContext;
  close(): Promise<void>;
}

export function createApiService(options: ApiServiceOptions): ApiService {
  const db = openDatabase(options.dbFile, { key: options.dbKey ?? null });
  let stagingDir: string;
  try {
    stagingDir = createStagingDir(options.stagingRoot);
  } catch (error) {
    db.close();
    throw error;
  }
  const events = new EventHub();
  const jobs = new JobRunner({
    dbFile: options.dbFile,
    dbKey: options.dbKey ?? null,
    workerFile: options.workerFile,
    stagingDir,
    emit: (event) => events.emit(event),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const clock = options.clock ?? systemClock;
  const context: ApiContext = {
    db,
    book: new ClientBook(db, clock),
    selections: new SelectionStore(db, clock),
    dbFile: options.dbFile,
    mode: options.mode,
    version: options.version,
    clock,
    events,
    jobs,
    stagingDir,
    modelDirs: options.modelDirs ?? [],
  };
  return {
    dispatch: createDispatch(createHandlers(context)),
    events,
    jobs,
    db,
    context,
    async close() {
      await jobs.close();
      db.close();
      rmSync(stagingDir, { recursive: true, force: true });
    },
  };
}
