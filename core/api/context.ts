import type { Db } from '../db/open.js';
import type { Clock } from '../clock.js';
import type { EventHub } from './events.js';
import type { JobRunner } from './jobs/runner.js';
import type { ClientBook } from '../db/clients/book.js';
import type { SelectionStore } from '../db/selections/store.js';

/** What every feature's handlers work with: the open database, the jobs, the event hub. */
export interface ApiContext {
  readonly db: Db;
  readonly dbFile: string;
  readonly mode: 'desktop' | 'web';
  readonly version: string;
  readonly clock: Clock;
  readonly events: EventHub;
  readonly book: ClientBook;
  readonly selections: SelectionStore;
  readonly jobs: JobRunner;
  /** Folders whose .gguf files the Engine screen offers. */
  readonly modelDirs: readonly string[];
  /** Where uploaded files (imports) wait for a job. */
  readonly stagingDir: string;
}
