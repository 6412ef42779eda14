import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tableCounts, type TableCounts } from '../../core/db/catalog/store.js';
import { openDatabase, type Db } from '../../core/db/open.js';
import { fixture as fixtureFile, sharedDir } from './paths.js';

/** Shared helpers of the import tests (fixtures, real exports, temporary databases, snapshots). */
export const fixture = (name: string): string => fixtureFile('import', name);

/** The real exports in the shared folder, read in place (never copied into the repository). */
export const sharedImport = (name: string): string => resolve(sharedDir, 'imports', name);

export interface TempDb {
  readonly dir: string;
  readonly file: string;
  readonly db: Db;
  close(): void;
}

export function tempDb(prefix = 'atelier-import-'): TempDb {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'atelier.db');
  const db = openDatabase(file);
  return {
    dir,
    file,
    db,
    close() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Snapshot {
  readonly counts: TableCounts;
  readonly hash: string;
}

/** Row counts and a hash of every row of every table: equal snapshots mean nothing was written. */
export function snapshot(db: Db): Snapshot {
  const hash = createHash('sha256');
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    const rows = db
      .prepare(`SELECT * FROM "${table}"`)
      .all()
      .map((r) => JSON.stringify(r))
      .sort();
    hash.update(`${table}\n${rows.join('\n')}\n`);
  }
  return { counts: tableCounts(db), hash: hash.digest('hex') };
}

export function rowsOf<T>(db: Db, sql: string, ...params: unknown[]): T[] {
  return db.prepare(sql).all(...params) as T[];
}
