import type { ApiEvent } from '../../core/api/contract/index.js';
import type { Result } from '../../core/api/contract/index.js';

/**
 * The messages between the main process and the API service process (electron/service/index.ts). Types only:
 * both sides import this file, and the main bundle must not pull the service's SQLite code in with it.
 */

/** What main knows and the service cannot ask Electron for (a utility process has no `app`). */
export interface ServiceStart {
  /** The app's data folder: atelier.db lives there unless ATELIER_DB (in the inherited env) names a file. */
  readonly userData: string;
  readonly version: string;
  /** The bundled job worker (out/main/job-worker.js). */
  readonly workerFile: string;
  /** Where the service makes its private staging folder for uploads (the OS temp folder). */
  readonly stagingRoot: string;
  readonly modelDirs: readonly string[];
}

/** main → service. `start` comes first and once; `close` last. */
export type ToService =
  | { readonly type: 'start'; readonly options: ServiceStart }
  | { readonly type: 'call'; readonly id: number; readonly method: string; readonly args: unknown }
  | { readonly type: 'close' };

/** service → main. Exactly one of `ready` or `failed`, then results (one per call) and events. */
export type FromService =
  | {
      readonly type: 'ready';
      readonly pid: number;
      readonly dbFile: string;
      /** True when this launch created the demo boutique (first launch). */
      readonly createdDemo: boolean;
    }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly result: Result<unknown> }
  | { readonly type: 'event'; readonly event: ApiEvent };

/** The channel a utility process has to its parent: Electron's `process.parentPort`, typed here. */
export interface ParentPort {
  on(event: 'message', listener: (message: { readonly data: unknown }) => void): void;
  postMessage(message: FromService): void;
}
