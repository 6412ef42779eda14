import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bookKey, KeychainNeededError } from '../../db/book.js';
import { tableCounts } from '../../db/catalog/store.js';
import { bookFileState, restoreEncryptedCopy, writeEncryptedCopy } from '../../db/encryption.js';
import {
  dbKeyVariable,
  findOrCreateDatabaseKey,
  parseDatabaseKey,
  plainRequested,
  type BookKey,
  type DatabaseKey,
} from '../../db/key.js';
import { openDatabase } from '../../db/open.js';
import { KeychainError, keychainReason } from '../../keychain.js';
import {
  assertDatabaseFile,
  InputError,
  parseCommandArgs,
  requireOption,
  UsageError,
  type Command,
  type CommandIo,
} from '../args.js';
import { plainHelp, plainOption } from '../book.js';
import { readProcessStdin } from './key.js';

const backupUsage = 'backup --db PATH --out FILE [--force]';
const backupHelp = `usage: atelier ${backupUsage}

Writes a consistent copy of the book to FILE, always encrypted (a plain book's copy too): with the book's own
key, the one in the OS keychain or ${dbKeyVariable}. The book may stay open in the app meanwhile. FILE is written
beside itself and renamed, so it is whole or absent, and only its owner may read it (0600).

To restore it on another machine you need the recovery key: 'atelier key export-db' prints it. Keep it apart
from the backups (a password manager, or on paper in the safe): a backup without its key cannot be read.

  --out FILE   the backup file (refused when it exists, unless --force)
  --force      replace FILE

exit codes: 0 written, 1 bad input (nothing written), 2 wrong usage
`;

const restoreUsage = 'restore --from BACKUP --db PATH [--key-file FILE] [--force] [--plain]';
const restoreHelp = `usage: atelier ${restoreUsage}

Restores a backup made by 'atelier backup' as the book PATH. The backup's recovery key (from 'atelier key
export-db' on the machine that made it) is read from standard input, or from --key-file; it is never taken on
the command line, where other users and the shell's history could read it:
    printf '%s' "$RECOVERY_KEY" | atelier restore --from boutique.backup --db boutique.db
At a terminal, type or paste it (it is not shown) and press Enter. Dashes and spaces in it are ignored.

The restored book is encrypted with this machine's key (the OS keychain's, made on first use, or
${dbKeyVariable}). A wrong key is refused before anything is written.

  --from BACKUP    the backup file
  --db PATH        the book to create (refused when it exists, unless --force; close the app first)
  --key-file FILE  read the recovery key from FILE instead of standard input
  --force          replace an existing book at PATH
${plainHelp}
exit codes: 0 restored, 1 bad input or a wrong key (nothing written), 2 wrong usage
`;

function refuseExisting(file: string, force: boolean | undefined, flag: string): void {
  if (existsSync(file) && !force)
    throw new InputError(`${flag} ${file} already exists; nothing was written. Pass --force to replace it.`);
}

/** The user's key (made and kept in the keychain on first use), to encrypt `what` with. */
async function userKey(what: string): Promise<BookKey> {
  try {
    return await findOrCreateDatabaseKey();
  } catch (error) {
    if (error instanceof KeychainError) throw new KeychainNeededError(what, keychainReason(error));
    throw error;
  }
}

const megabytes = (file: string): string => (statSync(file).size / 1e6).toFixed(1);

export const backupCommand: Command = {
  name: 'backup',
  summary: 'write an encrypted backup of a book (restore it with the recovery key)',
  usage: backupUsage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      db: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
    });
    if (values.help) return (io.out(backupHelp), 0);
    const file = requireOption(values.db, '--db');
    const out = requireOption(values.out, '--out');
    assertDatabaseFile(file);
    if (resolve(out) === resolve(file)) throw new UsageError('--out must not be the book itself');
    refuseExisting(out, values.force, '--out');
    const started = performance.now();
    const own = await bookKey(file, { readonly: true });
    const key = own ?? (await userKey(`the backup of ${file}`));
    const db = openDatabase(file, { readonly: true, key: own });
    let clients: number;
    try {
      clients = tableCounts(db)['clients'] ?? 0;
      writeEncryptedCopy(db, out, key.key, own !== null);
    } finally {
      db.close();
    }
    io.out(
      `wrote an encrypted backup of ${file} to ${out}: ${clients} clients, ${megabytes(out)} MB, ` +
        `${Math.round(performance.now() - started)} ms\n`,
    );
    io.err(
      "to restore it elsewhere you need the recovery key: 'atelier key export-db' prints it; keep it apart from " +
        'the backup\n',
    );
    return 0;
  },
};

async function recoveryKeyFrom(keyFile: string | undefined, io: CommandIo): Promise<DatabaseKey> {
  if (keyFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(keyFile, 'utf8');
    } catch {
      throw new InputError(`--key-file ${keyFile}: cannot be read`);
    }
    return parseDatabaseKey(text, `--key-file ${keyFile}`);
  }
  const text = await (io.readStdin ?? (() => readProcessStdin(io, 'recovery key')))();
  if (text.trim() === '')
    throw new InputError(
      'no recovery key: pipe it in (printf \'%s\' "$RECOVERY_KEY" | atelier restore ...) or give --key-file FILE',
    );
  return parseDatabaseKey(text, 'the recovery key on standard input');
}

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'restore an encrypted backup as a book, with its recovery key',
  usage: restoreUsage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      from: { type: 'string' },
      db: { type: 'string' },
      'key-file': { type: 'string' },
      force: { type: 'boolean' },
      ...plainOption,
    });
    if (values.help) return (io.out(restoreHelp), 0);
    const from = requireOption(values.from, '--from');
    const file = requireOption(values.db, '--db');
    if (!existsSync(from)) throw new InputError(`--from ${from}: no such backup file`);
    if (resolve(from) === resolve(file)) throw new UsageError('--db must not be the backup itself');
    const state = bookFileState(from);
    if (state !== 'encrypted')
      throw new InputError(
        `--from ${from}: not an encrypted backup (${state === 'plain' ? 'a plain SQLite book: open it with --db' : state === 'empty' ? 'an empty file' : 'not a database file'})`,
      );
    refuseExisting(file, values.force, '--db');
    const recovery: BookKey = { key: await recoveryKeyFrom(values['key-file'], io), source: 'recovery key' };
    const started = performance.now();
    const target = values.plain || plainRequested() ? null : await userKey(file);
    restoreEncryptedCopy(from, recovery, file, target?.key ?? null);
    // Opened once: a backup from an older Atelier is brought up to this version's schema.
    const db = openDatabase(file, { key: target });
    let clients: number;
    try {
      clients = tableCounts(db)['clients'] ?? 0;
    } finally {
      db.close();
    }
    io.out(
      `restored ${from} as ${file}: ${clients} clients, ${target ? 'encrypted with this machine’s key' : 'UNENCRYPTED (--plain)'}, ` +
        `${Math.round(performance.now() - started)} ms\n`,
    );
    return 0;
  },
};
