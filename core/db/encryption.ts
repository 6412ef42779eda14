import {
  chmodSync,
  closeSync,
  copyFileSync,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Database as Db } from 'better-sqlite3-multiple-ciphers';
import { CoreError } from '../domain/errors.js';
import { keySourceShown, type BookKey, type DatabaseKey } from './key.js';

/**
 * The whole database file encrypted at rest (docs/encryption.md): SQLite3 Multiple Ciphers' ChaCha20-Poly1305
 * (each page encrypted and authenticated, the -wal's frames too), keyed with 32 random bytes given raw, so
 * opening a book costs no key derivation.
 */
export const cipher = 'chacha20';

const plainHeader = Buffer.from('SQLite format 3\0', 'latin1');
const privateMode = 0o600;

/**
 * What a path holds: nothing yet, an empty file (made private before SQLite writes it), a plain or an
 * encrypted book, or something else (an encrypted book is whole pages of 512 bytes or more; a text file is
 * not), left for SQLite to refuse in its own words.
 */
export type BookFileState = 'missing' | 'empty' | 'plain' | 'encrypted' | 'not-a-database';

export function bookFileState(file: string): BookFileState {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const head = Buffer.alloc(plainHeader.length);
    const read = readSync(fd, head, 0, head.length, 0);
    if (read === 0) return 'empty';
    if (read === head.length && head.equals(plainHeader)) return 'plain';
    const size = fstatSync(fd).size;
    return size >= 512 && size % 512 === 0 ? 'encrypted' : 'not-a-database';
  } finally {
    closeSync(fd);
  }
}

/** A book opened without a key (or a file that is not a database at all). */
export class DatabaseEncryptedError extends CoreError<'database-encrypted'> {
  constructor(readonly file: string) {
    super(
      'database-encrypted',
      'unavailable',
      `${file} is encrypted (or is not an Atelier database) and no key was given to open it`,
    );
  }
}

/** The key does not open the book: nothing was read or written. */
export class WrongDatabaseKeyError extends CoreError<'wrong-database-key'> {
  constructor(
    readonly file: string,
    source: BookKey['source'],
  ) {
    super(
      'wrong-database-key',
      'bad-input',
      `${file}: the database key from ${keySourceShown(source)} does not open it (a wrong key, or not an ` +
        'Atelier database); nothing was changed',
    );
  }
}

/** Encrypting a plain book needs it to itself for a moment: another connection holds it open. */
export class DatabaseInUseError extends CoreError<'database-in-use'> {
  constructor(readonly file: string) {
    super(
      'database-in-use',
      'busy',
      `${file} is still a plain (unencrypted) book and is open in another Atelier process (the app, an import, ` +
        'an optimisation): it is encrypted the first time it is opened alone. Close the other process and run ' +
        'the command again (or pass --plain to leave it unencrypted for now).',
    );
  }
}

/** Keys a connection; must come before anything reads the file. */
export function applyKey(db: Db, key: DatabaseKey): void {
  db.pragma(`cipher = '${cipher}'`);
  db.pragma(`key = "x'${key}'"`);
}

/** The first read is where a wrong key shows (the page does not authenticate): a clear error, not SQLITE_NOTADB. */
export function checkKey(db: Db, file: string, key: BookKey): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
      throw new WrongDatabaseKeyError(file, key.source);
    throw error;
  }
}

function removeWithCompanions(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

function fsyncPath(path: string, flags: 'r' | 'r+' = 'r'): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Renames `partial` over `file` durably: its bytes on disk first, then the folder's entry. */
function commitFile(partial: string, file: string): void {
  chmodSync(partial, privateMode);
  fsyncPath(partial, 'r+');
  renameSync(partial, file);
  try {
    fsyncPath(dirname(file));
  } catch (error) {
    // Windows cannot open a folder to fsync it; its rename is already durable.
    if ((error as NodeJS.ErrnoException).code !== 'EISDIR' && process.platform !== 'win32') throw error;
  }
}

/**
 * Re-encrypts (or, with `to` null, decrypts) a closed, non-WAL file in place, then checks it; `from` null: it
 * is plain.
 */
function rekeyFile(file: string, from: DatabaseKey | null, to: DatabaseKey | null): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    if (from) applyKey(db, from);
    else db.pragma(`cipher = '${cipher}'`);
    if (to === null) db.pragma(`rekey = ''`);
    else if (to !== from) db.pragma(`rekey = "x'${to}'"`);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`${file}: the re-encrypted copy fails its check (${String(check)})`);
  } finally {
    db.close();
  }
}

/**
 * Encrypts a plain book in place, crash-safe: with the book locked to this connection, its pages are copied
 * into `<file>.encrypting` beside it, encrypted there, fsynced, then renamed over the plain file. Killed at
 * any point before the rename, the plain book is intact (and the side file is removed next time); after it,
 * the encrypted one is complete.
 */
export function encryptInPlace(file: string, key: DatabaseKey): void {
  const partial = `${file}.encrypting`;
  const source = new Database(file, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 2000');
    // Leaving WAL folds the log into the file and needs the only connection: another open one refuses it.
    let mode: unknown;
    try {
      mode = source.pragma('journal_mode = DELETE', { simple: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code?.startsWith('SQLITE_BUSY'))
        throw new DatabaseInUseError(file);
      throw error;
    }
    if (mode !== 'delete') throw new DatabaseInUseError(file);
    // Held until this connection closes, after the rename: no other process writes the plain file meanwhile.
    source.pragma('locking_mode = EXCLUSIVE');
    source.exec('BEGIN EXCLUSIVE; COMMIT');
    removeWithCompanions(partial);
    copyFileSync(file, partial);
    rekeyFile(partial, null, key);
    commitFile(partial, file);
  } finally {
    source.close();
    removeWithCompanions(partial);
  }
}

/**
 * A consistent copy of an open book at `out`, encrypted: VACUUM INTO keeps an encrypted book's key, and a
 * plain book's copy is encrypted with `key`. Written beside `out` and renamed, so `out` is whole or absent.
 */
export function writeEncryptedCopy(db: Db, out: string, key: DatabaseKey, encrypted: boolean): void {
  const partial = `${out}.partial-${process.pid}`;
  removeWithCompanions(partial);
  try {
    db.prepare('VACUUM INTO ?').run(partial);
    // VACUUM INTO wrote an encrypted book's copy with its own key (then this only checks the copy).
    rekeyFile(partial, encrypted ? key : null, key);
    commitFile(partial, out);
  } finally {
    removeWithCompanions(partial);
  }
}

/**
 * Restores an encrypted backup as a new book at `to`: opened with the recovery key (refused before anything
 * is written when it is wrong), copied, re-encrypted with this machine's key (or decrypted when `toKey` is
 * null), and renamed into place.
 */
export function restoreEncryptedCopy(
  from: string,
  fromKey: BookKey,
  to: string,
  toKey: DatabaseKey | null,
): void {
  const source = new Database(from, { readonly: true, fileMustExist: true });
  const partial = `${to}.restoring-${process.pid}`;
  try {
    applyKey(source, fromKey.key);
    checkKey(source, from, fromKey);
    const check = source.pragma('quick_check', { simple: true });
    if (check !== 'ok')
      throw new CoreError('bad-backup', 'bad-input', `${from}: the backup is damaged (${String(check)})`);
    removeWithCompanions(partial);
    source.prepare('VACUUM INTO ?').run(partial);
    source.close();
    rekeyFile(partial, fromKey.key, toKey);
    commitFile(partial, to);
  } finally {
    if (source.open) source.close();
    removeWithCompanions(partial);
  }
}
