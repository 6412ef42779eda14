import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkMigrationOrder,
  migrate,
  openDatabase,
  schemaVersion,
  SchemaTooNewError,
} from '../../../core/db/open.js';
import { migrations } from '../../../core/db/migrations/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openDatabase', () => {
  it('creates a WAL database with foreign keys at the latest schema version', () => {
    const db = openDatabase(join(dir, 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    const strict = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE '%STRICT%'")
      .pluck()
      .all();
    expect(strict).toEqual([]);
    db.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const file = join(dir, 'future.db');
    const raw = new Database(file);
    raw.pragma('user_version = 9990');
    raw.exec('CREATE TABLE future_thing (x INTEGER) STRICT');
    raw.close();
    expect(() => openDatabase(file)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer Atelier \(schema version 9990/);
    const again = new Database(file, { readonly: true });
    expect(again.pragma('user_version', { simple: true })).toBe(9990);
    again.close();
  });

  it('applies all pending migrations in one transaction: a failing one rolls back the others', () => {
    const db = new Database(join(dir, 'b.db'));
    const broken = [
      ...migrations.slice(0, 1),
      {
        version: migrations[0]!.version + 1,
        name: 'broken',
        up: (d: Database.Database) => d.exec('CREATE TABLE half (x INTEGER) STRICT; SELECT * FROM nowhere'),
      },
    ];
    expect(() => migrate(db, broken)).toThrow(/no such table: nowhere/);
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get()).toBe(0);
    db.close();
  });

  it('creates the database, its -wal and -shm readable by their owner only, whatever the umask', () => {
    const umask = process.umask(0o022);
    try {
      const file = join(dir, 'private.db');
      const db = openDatabase(file);
      db.prepare('CREATE TABLE t (x INTEGER) STRICT').run();
      const mode = (f: string) => statSync(f).mode & 0o777;
      expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
      db.close();
    } finally {
      process.umask(umask);
    }
  });

  it('tightens a book an earlier version left readable by others, with its -wal and -shm', () => {
    const file = join(dir, 'old.db');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.close();
    writeFileSync(`${file}-wal`, '');
    writeFileSync(`${file}-shm`, '');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o644);
    const db = openDatabase(file);
    const mode = (f: string) => statSync(f).mode & 0o777;
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    db.close();
  });

  it('rejects a registry out of order', () => {
    const noop = () => undefined;
    expect(() =>
      checkMigrationOrder([
        { version: 20, name: 'b', up: noop },
        { version: 10, name: 'a', up: noop },
      ]),
    ).toThrow(/migration a has version 10, not above the previous 20/);
  });
});
