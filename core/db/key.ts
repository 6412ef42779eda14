import { randomBytes } from 'node:crypto';
import { CoreError } from '../domain/errors.js';
import { KeychainError, keychainReason, OsKeychain, type SecretStore } from '../keychain.js';

/** The environment variable holding the database key (64 hex digits); it wins over the OS keychain. */
export const dbKeyVariable = 'ATELIER_DB_KEY';
/** Set to 1: every command behaves as if given --plain (a headless machine or CI without a keychain). */
export const plainVariable = 'ATELIER_DB_PLAIN';
/** The database key's account in the keychain (service "Atelier"): one key per OS user, for all their books. */
export const dbKeyAccount = 'database key';

/** 32 random bytes as 64 lowercase hex digits; a plain string so it crosses to a worker thread as is. */
export type DatabaseKey = string & { readonly __databaseKey: true };

/** Where a key came from, to say which one was refused. */
export type KeySource = 'environment' | 'keychain' | 'recovery key';

export interface BookKey {
  readonly key: DatabaseKey;
  readonly source: KeySource;
}

export function keySourceShown(source: KeySource): string {
  if (source === 'environment') return dbKeyVariable;
  if (source === 'keychain') return 'the OS keychain';
  return 'the recovery key given';
}

/** A key that is not 64 hex digits; the message never repeats what was given. */
export class DatabaseKeyFormatError extends CoreError<'bad-database-key'> {
  constructor(from: string, reason: string) {
    super(
      'bad-database-key',
      'bad-input',
      `${from}: a database key is 64 hexadecimal digits (0-9, a-f; spaces and dashes between groups are ` +
        `ignored), but ${reason}`,
    );
  }
}

export function randomDatabaseKey(): DatabaseKey {
  return randomBytes(32).toString('hex') as DatabaseKey;
}

/** Reads a key as typed or pasted: the recovery key's groups (dashes, spaces, newlines) are ignored. */
export function parseDatabaseKey(text: string, from: string): DatabaseKey {
  const digits = text.replace(/[\s-]/g, '');
  if (digits === '') throw new DatabaseKeyFormatError(from, 'it is empty');
  if (!/^[0-9a-fA-F]*$/.test(digits))
    throw new DatabaseKeyFormatError(from, 'it holds characters other than hex digits');
  if (digits.length !== 64) throw new DatabaseKeyFormatError(from, `it has ${digits.length} digits`);
  return digits.toLowerCase() as DatabaseKey;
}

/** The key as a person copies it down: eight groups of eight digits. */
export function recoveryKey(key: DatabaseKey): string {
  return key.match(/.{8}/g)!.join('-');
}

export interface KeySources {
  readonly env?: NodeJS.ProcessEnv;
  readonly store?: SecretStore;
}

/** ATELIER_DB_PLAIN=1 (or true, yes): the environment's --plain. */
export function plainRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes)$/i.test(env[plainVariable] ?? '');
}

/**
 * The database key: ATELIER_DB_KEY, else the keychain's entry, else null. Throws a KeychainError when the
 * keychain could not be read (the caller says what that means for its book).
 */
export async function findDatabaseKey(sources: KeySources = {}): Promise<BookKey | null> {
  const fromEnv = (sources.env ?? process.env)[dbKeyVariable];
  if (fromEnv) return { key: parseDatabaseKey(fromEnv, dbKeyVariable), source: 'environment' };
  const store = sources.store ?? new OsKeychain();
  let stored: string | null;
  try {
    stored = await store.get(dbKeyAccount);
  } catch (error) {
    throw new KeychainError('read', keychainReason(error), 'the database key');
  }
  if (!stored) return null;
  return { key: parseDatabaseKey(stored, `the OS keychain entry "${dbKeyAccount}"`), source: 'keychain' };
}

/** The database key, made (random) and stored in the keychain the first time a book is encrypted. */
export async function findOrCreateDatabaseKey(sources: KeySources = {}): Promise<BookKey> {
  const found = await findDatabaseKey(sources);
  if (found) return found;
  const store = sources.store ?? new OsKeychain();
  const key = randomDatabaseKey();
  try {
    await store.set(dbKeyAccount, key);
    // Read back: a keychain that accepts a secret and forgets it would lock the book out for good.
    if ((await store.get(dbKeyAccount)) !== key) throw new Error('the key stored could not be read back');
  } catch (error) {
    throw new KeychainError('store', keychainReason(error), 'the database key');
  }
  return { key, source: 'keychain' };
}
