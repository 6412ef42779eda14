import { existsSync } from 'node:fs';
import {
  dbKeyAccount,
  dbKeyVariable,
  findDatabaseKey,
  keySourceShown,
  recoveryKey,
  type KeySources,
} from '../../db/key.js';
import { KeychainError, keychainService } from '../../keychain.js';
import { InputError, parseCommandArgs, type CommandIo } from '../args.js';
import { writePrivateFile } from '../files.js';

export const dbKeyHelp = `The database key (docs/encryption.md) encrypts every book: random, made the first time a book is encrypted,
kept in the OS keychain ("${keychainService}", "${dbKeyAccount}"); ${dbKeyVariable} (64 hex digits) wins over it.

  export-db  print the recovery key (the database key, in groups of eight) on standard output, or with
             --out FILE write it to FILE (0600, refused when FILE exists). With it, 'atelier restore' reads
             a backup on another machine, and ${dbKeyVariable} opens a book copied there. Keep it apart from
             the books and the backups.
`;

/** `atelier key export-db [--out FILE]`. */
export async function exportDatabaseKey(argv: string[], io: CommandIo, sources: KeySources): Promise<number> {
  const { values } = parseCommandArgs(argv, { out: { type: 'string' } });
  if (values.help) return (io.out(dbKeyHelp), 0);
  let found;
  try {
    found = await findDatabaseKey(sources);
  } catch (error) {
    if (error instanceof KeychainError) throw new InputError(error.message);
    throw error;
  }
  if (!found)
    throw new InputError(
      `no database key yet: ${dbKeyVariable} is not set and the OS keychain holds none (one is made the first ` +
        'time a book is encrypted)',
    );
  const text = recoveryKey(found.key);
  if (values.out === undefined) io.out(`${text}\n`);
  else {
    if (existsSync(values.out))
      throw new InputError(`--out ${values.out} already exists; nothing was written`);
    writePrivateFile(values.out, Buffer.from(`${text}\n`, 'utf8'));
    io.out(`wrote the recovery key to ${values.out} (only you may read it)\n`);
  }
  io.err(
    `recovery key from ${keySourceShown(found.source)}: keep it apart from the books and their backups\n`,
  );
  return 0;
}
