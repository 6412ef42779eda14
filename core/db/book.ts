import { CoreError } from '../domain/errors.js';
import { KeychainError, keychainReason } from '../keychain.js';
import { logger } from '../log.js';
import { bookFileState } from './encryption.js';
import {
  dbKeyVariable,
  findDatabaseKey,
  findOrCreateDatabaseKey,
  plainRequested,
  plainVariable,
  type BookKey,
  type KeySources,
} from './key.js';
import { openDatabase, type Db, type OpenOptions } from './open.js';

const log = logger('db');

/** An encrypted book, and no key for it here. */
export class DatabaseKeyMissingError extends CoreError<'database-key-missing'> {
  constructor(file: string, keychainProblem: string | null) {
    super(
      'database-key-missing',
      'unavailable',
      `${file} is encrypted, and no key for it was found: ${dbKeyVariable} is not set and the OS keychain ` +
        (keychainProblem ? `could not be read (${keychainProblem})` : 'holds no Atelier database key') +
        `. Set ${dbKeyVariable} to its recovery key (\`atelier key export-db\` shows it on the machine that made ` +
        'the book), or restore a backup with `atelier restore`.',
    );
  }
}

/** A book would be encrypted, and there is nowhere to keep its key. */
export class KeychainNeededError extends CoreError<'keychain-needed'> {
  constructor(file: string, reason: string) {
    super(
      'keychain-needed',
      'unavailable',
      `${file} is to be encrypted, but the OS keychain could not be reached to keep its key: ${reason}. Set ` +
        `${dbKeyVariable} to a key of 64 hex digits (\`openssl rand -hex 32\`; keep a copy, it is the only way ` +
        `back in), or pass --plain (${plainVariable}=1) to keep this book unencrypted.`,
    );
  }
}

export interface BookKeyPolicy {
  /** Opened to read only: a plain book stays plain, and no key is made. */
  readonly readonly?: boolean;
  /** --plain: a new or plain book is not encrypted (an encrypted one still needs its key). */
  readonly plain?: boolean;
  /**
   * The app's choice on a machine without a keychain (a newcomer's `npm start`, web mode's demo): keep a new or
   * plain book plain, with a warning, rather than refuse to start. The CLI refuses instead and names --plain.
   */
  readonly plainWithoutKeychain?: boolean;
  readonly sources?: KeySources;
}

/**
 * The key a book opens with, or null for plain. An encrypted book needs its key (ATELIER_DB_KEY or the
 * keychain); a new or plain book opened for writing is encrypted with the user's key, made and kept in the
 * keychain the first time, unless --plain says otherwise.
 */
export async function bookKey(file: string, policy: BookKeyPolicy = {}): Promise<BookKey | null> {
  const state = bookFileState(file);
  const sources = policy.sources ?? {};
  // Not a book at all: opening it says so in SQLite's words ("file is not a database"), with no key asked.
  if (state === 'not-a-database') return null;
  if (state === 'encrypted') {
    try {
      const found = await findDatabaseKey(sources);
      if (!found) throw new DatabaseKeyMissingError(file, null);
      return found;
    } catch (error) {
      if (error instanceof KeychainError) throw new DatabaseKeyMissingError(file, error.reason);
      throw error;
    }
  }
  if (policy.plain || plainRequested(sources.env ?? process.env)) return null;
  if (state === 'plain' && policy.readonly) return null;
  try {
    return await findOrCreateDatabaseKey(sources);
  } catch (error) {
    if (!(error instanceof KeychainError)) throw error;
    const reason = keychainReason(error);
    if (!policy.plainWithoutKeychain) throw new KeychainNeededError(file, reason);
    log.warn(
      `the client book ${file} stays UNENCRYPTED: the OS keychain could not be reached to keep its key ` +
        `(${reason}). Set ${dbKeyVariable} (64 hex digits) or run where a keychain is available to encrypt it.`,
    );
    return null;
  }
}

/** Opens a book as the CLI and the app do: its key decided by `bookKey`, then `openDatabase`. */
export async function openBook(
  file: string,
  policy: BookKeyPolicy & Pick<OpenOptions, 'targetVersion'> = {},
): Promise<Db> {
  const key = await bookKey(file, policy);
  return openDatabase(file, {
    key,
    ...(policy.readonly ? { readonly: true } : {}),
    ...(policy.targetVersion !== undefined ? { targetVersion: policy.targetVersion } : {}),
  });
}
