import { chmodSync, closeSync, fstatSync, fchmodSync, openSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Database as Db } from 'better-sqlite3-multiple-ciphers';
import { migrations as allMigrations } from './migrations/index.js';
import type { Migration } from './migrations/types.js';
import { CoreError } from '../domain/errors.js';
import { applyKey, bookFileState, checkKey, DatabaseEncryptedError, encryptInPlace } from './encryption.js';
import type { BookKey } from './key.js';

export type { Db };

export class SchemaTooNewError extends CoreError<'schema-too-new'> {
  constructor(
    readonly found: number,
    readonly supported: number,
    file: string,
  ) {
    super(
      'schema-too-new',
      'bad-input',
      `${file} was written by a newer Atelier (schema version ${found}; this version knows up to ${supported}). ` +
        'Update Atelier to open it; the file was not changed.',
    );
  }
}

/** How long a connection waits for another writer's lock before SQLite gives up with SQLITE_BUSY. */
export const busyTimeoutMs = 5000;

/** Another connection (the app, a CLI import, an optimisation) held the write lock past the busy timeout. */
export class DatabaseBusyError extends CoreError<'database-busy'> {
  constructor(
    readonly file: string,
    options: { readonly cause?: unknown } = {},
  ) {
    super(
      'database-busy',
      'busy',
      `${file} is busy: another Atelier process (the app, an import or an optimisation) is writing to it ` +
        `and kept it locked for more than ${busyTimeoutMs / 1000} s. Wait for it to finish, then run the ` +
        'command again.',
      options,
    );
  }
}

/** SQLITE_BUSY in any of its forms ("database is locked"), here or in what caused the error. */
export function isDatabaseBusy(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof DatabaseBusyError) return true;
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
    if (e.message === 'database is locked') return true;
  }
  return false;
}

/** Checks the registry: strictly increasing versions, so a misplaced file fails at start-up, not in the field. */
export function checkMigrationOrder(list: readonly Migration[]): void {
  let last = 0;
  for (const m of list) {
    if (!Number.isInteger(m.version) || m.version <= last) {
      throw new Error(`migration ${m.name} has version ${m.version}, not above the previous ${last}`);
    }
    last = m.version;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the pending migrations up to `target` in one transaction: all of them or none. */
export function migrate(db: Db, list: readonly Migration[] = allMigrations, target = Infinity): number {
  checkMigrationOrder(list);
  const supported = list.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > supported) throw new SchemaTooNewError(current, supported, db.name);
  const pending = list.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) m.up(db);
    db.pragma(`user_version = ${pending.at(-1)!.version}`);
  }).immediate();
  return schemaVersion(db);
}

export interface OpenOptions {
  readonly readonly?: boolean;
  /** Stop at this schema version (tests of one migration). */
  readonly targetVersion?: number;
  /**
   * The book's key (core/db/key.ts). With one, a new book is created encrypted and a plain one is encrypted in
   * place when opened for writing; without one, only a plain book opens. Deciding whether a book is
   * encrypted is the caller's (the CLI, the app): `openBook` in core/db/book.ts.
   */
  readonly key?: BookKey | null;
}

const privateMode = 0o600;
const isFile = (file: string): boolean => file !== '' && file !== ':memory:' && !file.startsWith('file:');

/**
 * A client book is its owner's alone, whatever the umask: the file is created (or tightened) to 0600 before
 * SQLite opens it, and SQLite gives its -wal and -shm the database file's own mode.
 */
function makePrivate(file: string): void {
  const fd = openSync(file, 'a', privateMode);
  try {
    if ((fstatSync(fd).mode & 0o777) !== privateMode) fchmodSync(fd, privateMode);
  } catch (error) {
    // A book shared by another account stays as its owner set it.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  } finally {
    closeSync(fd);
  }
}

/** The -wal and -shm an older version (or another tool) may have left readable by others. */
function makeCompanionsPrivate(file: string): void {
  for (const suffix of ['-wal', '-shm']) {
    try {
      chmodSync(file + suffix, privateMode);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM') throw error;
    }
  }
}

/** Opens (creating if needed) an Atelier database file with WAL, foreign keys and the current schema. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const key = options.key ?? null;
  const state = isFile(file) ? bookFileState(file) : 'missing';
  if (state === 'encrypted' && !key) throw new DatabaseEncryptedError(file);
  // A plain book read stays as it is; written, it is encrypted first (crash-safe, before any change).
  const encrypted = key !== null && state !== 'not-a-database' && (state !== 'plain' || !options.readonly);
  if (key && state === 'plain' && !options.readonly) encryptInPlace(file, key.key);
  if (!options.readonly && isFile(file)) makePrivate(file);
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  try {
    // Keyed and checked before any pragma writes: a wrong key changes nothing.
    if (encrypted) {
      applyKey(db, key.key);
      checkKey(db, file, key);
    }
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db, allMigrations, options.targetVersion ?? Infinity);
      if (isFile(file)) makeCompanionsPrivate(file);
    } else {
      const found = schemaVersion(db);
      const supported = allMigrations.at(-1)?.version ?? 0;
      if (found > supported) throw new SchemaTooNewError(found, supported, file);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** A private in-memory copy of the database, for a dry run that may write freely. */
export function inMemoryCopy(db: Db): Db {
  const image = db.serialize();
  // A WAL database's header says so (format bytes 18-19 = 2), and SQLite cannot open that in memory.
  image[18] = 1;
  image[19] = 1;
  const copy = new Database(image);
  copy.pragma('foreign_keys = ON');
  return copy;
}

/**
 * Runs `work` with a page cache of at least `kib` KiB, then restores the connection's own: while indexes grow
 * (a large import), the default 2 MB makes SQLite read its pages back from disk.
 */
export function withPageCache<T>(db: Db, kib: number, work: () => T): T {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${Math.min(cacheSize, -Math.round(kib))}`);
  try {
    return work();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }
}

/** Folds the write-ahead log into the database file and empties it (a file about to be moved or copied). */
export function checkpoint(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/**
 * Runs `read` inside one read transaction (or the caller's own), so every statement in it sees the same
 * snapshot of the book: another process's import committing halfway cannot leave interactions pointing at
 * clients the read never saw.
 */
export function readSnapshot<T>(db: Db, read: () => T): T {
  return db.inTransaction ? read() : db.transaction(read).deferred();
}
