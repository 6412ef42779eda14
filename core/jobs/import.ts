import { basename, dirname, join } from 'node:path';
import { inMemoryCopy, type Db } from '../db/open.js';
import { watchClientHistories } from '../db/runs/refresh-queries.js';
import { outreachSettings } from '../db/outreach/settings.js';
import { importFiles, type ImportFiles, type ImportReport, type ImportRunOptions } from '../import/index.js';
import { refreshChangedClients, type EngineRefresh } from '../runs/refresh-policy.js';

export interface ImportAndRefreshOptions extends ImportRunOptions {
  /** Check everything on a private in-memory copy: the report is what the real import would give. */
  readonly dryRun?: boolean;
  /** Refresh the last optimize run when at most this many clients changed (see refresh-policy.ts). */
  readonly refreshLimit?: number;
  /**
   * With skipInvalid: the folder the skipped rows go to, as `<input file name>.skipped.csv`; by default the
   * input's own folder. A dry run writes none.
   */
  readonly skippedDir?: string;
}

export interface ImportAndRefresh {
  readonly report: ImportReport;
  /** The engine's refresh for the clients the import changed; null for a dry run or a refused import. */
  readonly refresh: EngineRefresh | null;
}

/**
 * The import workflow, one for the CLI and the app: the importer writes every file in one transaction, then
 * (in its own transaction, after the import has committed) the last optimize run is refreshed for the
 * clients whose history the import changed, or the outcome says a full optimize run is due.
 */
export async function importAndRefresh(
  db: Db,
  files: ImportFiles,
  options: ImportAndRefreshOptions = {},
): Promise<ImportAndRefresh> {
  const { dryRun = false, refreshLimit, skippedDir, ...importOptions } = options;
  const target = dryRun ? inMemoryCopy(db) : db;
  const watch = dryRun ? null : watchClientHistories(db);
  try {
    const report = await importFiles(target, files, {
      ...importOptions,
      // The boutique's currency for prices written without one, unless the caller gives another.
      currency: importOptions.currency ?? outreachSettings(db).currency,
      ...(importOptions.skipInvalid && !dryRun
        ? { skippedRowsFile: (file: string) => skippedRowsFile(file, skippedDir) }
        : {}),
    });
    const refresh =
      watch && report.ok
        ? refreshChangedClients(db, watch.changedClients(), {
            ...(refreshLimit !== undefined ? { limit: refreshLimit } : {}),
          })
        : null;
    return { report, refresh };
  } finally {
    watch?.stop();
    if (target !== db) target.close();
  }
}

/** Where a file's skipped rows are written: `<name>.skipped.csv` beside it, or in `dir`. */
export function skippedRowsFile(file: string, dir?: string): string {
  return join(dir ?? dirname(file), `${basename(file)}.skipped.csv`);
}
