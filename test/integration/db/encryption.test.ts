import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookFileState,
  DatabaseEncryptedError,
  DatabaseInUseError,
  WrongDatabaseKeyError,
} from '../../../core/db/encryption.js';
import { randomDatabaseKey, type BookKey } from '../../../core/db/key.js';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { seedDemo } from '../../../core/demo/index.js';
import { repoRoot } from '../../support/paths.js';

const clock = (): string => '2025-10-01T00:00:00.000Z';
const key: BookKey = { key: randomDatabaseKey(), source: 'environment' };
let dir: string;
let plainBook: string;
let secrets: string[];
let clientCount: number;

/** The book and its -wal/-shm, as bytes. */
function bytesOf(file: string): Buffer {
  const name = file.split('/').at(-1)!;
  const folder = file.slice(0, -name.length - 1);
  return Buffer.concat(
    readdirSync(folder)
      .filter((f) => f.startsWith(name))
      .map((f) => readFileSync(join(folder, f))),
  );
}

/** Names, emails and notes of the book's clients: what a stolen laptop must not give away. */
function clientSecrets(db: Db): string[] {
  const rows = db.prepare('SELECT name, email FROM clients').all() as {
    name: string;
    email: string | null;
  }[];
  const notes = db.prepare('SELECT body FROM notes LIMIT 40').pluck().all() as string[];
  return [
    ...rows.slice(0, 60).map((r) => r.name),
    ...rows
      .map((r) => r.email)
      .filter((e): e is string => !!e)
      .slice(0, 60),
    ...notes.map((n) => n.slice(0, 40)),
  ];
}

function found(bytes: Buffer, words: readonly string[]): string[] {
  return words.filter((w) => bytes.includes(Buffer.from(w, 'utf8')));
}

function copyBook(name: string): string {
  const file = join(dir, name);
  copyFileSync(plainBook, file);
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-encryption-'));
  plainBook = join(dir, 'plain.db');
  const db = openDatabase(plainBook);
  seedDemo(db, { clients: 120, items: 200 }, clock);
  secrets = clientSecrets(db);
  clientCount = db.prepare('SELECT count(*) FROM clients').pluck().get() as number;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a book encrypted at rest', () => {
  it('holds no client name, email or note in its bytes, -wal included (a plain book does)', () => {
    expect(secrets.length).toBeGreaterThan(100);
    expect(found(bytesOf(plainBook), secrets).length).toBe(secrets.length);

    const file = join(dir, 'new.db');
    const db = openDatabase(file, { key });
    seedDemo(db, { clients: 120, items: 200 }, clock);
    // Still open: the last writes sit in the -wal, which is encrypted too.
    expect(readFileSync(`${file}-wal`).length).toBeGreaterThan(0);
    expect(found(bytesOf(file), secrets)).toEqual([]);
    db.close();
    expect(bookFileState(file)).toBe('encrypted');
    expect(found(bytesOf(file), secrets)).toEqual([]);
    const again = openDatabase(file, { key, readonly: true });
    expect(clientSecrets(again)).toEqual(secrets);
    again.close();
  });

  it('refuses a wrong key and a missing one clearly, and writes nothing', () => {
    const file = join(dir, 'keyed.db');
    openDatabase(file, { key }).close();
    const before = readdirSync(dir).filter((f) => f.startsWith('keyed.db'));
    const bytes = bytesOf(file);
    const wrong: BookKey = { key: randomDatabaseKey(), source: 'keychain' };
    expect(() => openDatabase(file, { key: wrong })).toThrow(WrongDatabaseKeyError);
    expect(() => openDatabase(file, { key: wrong })).toThrow(
      `${file}: the database key from the OS keychain does not open it (a wrong key, or not an Atelier ` +
        'database); nothing was changed',
    );
    expect(() => openDatabase(file)).toThrow(DatabaseEncryptedError);
    expect(readdirSync(dir).filter((f) => f.startsWith('keyed.db'))).toEqual(before);
    expect(bytesOf(file).equals(bytes)).toBe(true);
  });

  it('encrypts a plain book in place on its first writable open, keeping every row; read-only leaves it plain', () => {
    const file = copyBook('migrated.db');
    openDatabase(file, { key, readonly: true }).close();
    expect(bookFileState(file)).toBe('plain');

    const db = openDatabase(file, { key });
    expect(db.prepare('SELECT count(*) FROM clients').pluck().get()).toBe(clientCount);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    expect(bookFileState(file)).toBe('encrypted');
    expect(found(bytesOf(file), secrets)).toEqual([]);
    expect(existsSync(`${file}.encrypting`)).toBe(false);
  });

  it('does not encrypt a plain book another connection holds open, and leaves it usable', () => {
    const file = copyBook('held.db');
    const other = new Database(file);
    other.pragma('journal_mode = WAL');
    other.prepare('SELECT count(*) FROM clients').get();
    try {
      expect(() => openDatabase(file, { key })).toThrow(DatabaseInUseError);
    } finally {
      other.close();
    }
    expect(bookFileState(file)).toBe('plain');
    const db = openDatabase(file);
    expect(db.prepare('SELECT count(*) FROM clients').pluck().get()).toBe(clientCount);
    db.close();
  });
});

interface Outcome {
  readonly killed: boolean;
  readonly ms: number | null;
}

/** Encrypts `file` in a child process, killed with SIGKILL `afterMs` after it says "go" (null: never). */
function encryptInChild(file: string, afterMs: number | null): Promise<Outcome> {
  const child = spawn(
    process.execPath,
    // --import tsx, not tsx's cli.mjs: that wrapper runs the script in a child of its own, which SIGKILL misses.
    ['--import', 'tsx', 'test/support/encrypt-child.ts', file, key.key],
    { cwd: repoRoot },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    if (afterMs !== null && out.startsWith('go\n') && !child.killed)
      setTimeout(() => child.kill('SIGKILL'), afterMs);
  });
  return new Promise((done, fail) =>
    child.once('close', (code, signal) => {
      if (signal === 'SIGKILL') return done({ killed: true, ms: null });
      if (code !== 0) return fail(new Error(`encrypt-child exited ${code}: ${err}`));
      done({ killed: false, ms: Number(/done (\d+)/.exec(out)?.[1]) });
    }),
  );
}

/** After any crash: the plain book or the encrypted one, complete and checked. */
function assertWhole(file: string): 'plain' | 'encrypted' {
  const state = bookFileState(file);
  expect(['plain', 'encrypted']).toContain(state);
  const db = openDatabase(file, state === 'encrypted' ? { key, readonly: true } : { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM clients').pluck().get()).toBe(clientCount);
  } finally {
    db.close();
  }
  return state as 'plain' | 'encrypted';
}

describe('encrypting in place, killed at random points', () => {
  it('leaves either the plain book or the encrypted one, complete, and a re-run finishes', async () => {
    const timed = await encryptInChild(copyBook('timed.db'), null);
    expect(assertWhole(join(dir, 'timed.db'))).toBe('encrypted');
    const span = Math.max(timed.ms ?? 0, 20);
    const states: string[] = [];
    // Seeded: the same kill points on every run of the test.
    let seed = 13;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * span * 1.3;
    for (let round = 0; round < 6; round++) {
      const file = copyBook(`killed-${round}.db`);
      const outcome = await encryptInChild(file, Math.round(next()));
      const state = assertWhole(file);
      states.push(`${outcome.killed ? 'killed' : 'finished'}:${state}`);
      // The next open finishes the job, whatever the crash left (a stale side file included).
      openDatabase(file, { key }).close();
      expect(assertWhole(file)).toBe('encrypted');
      expect(existsSync(`${file}.encrypting`)).toBe(false);
    }
    expect(states.some((s) => s.startsWith('killed'))).toBe(true);
  }, 120_000);
});
