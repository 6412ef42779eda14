import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring';
import { CoreError } from './domain/errors.js';

/**
 * The OS keychain, for every secret Atelier keeps: an OpenAI-compatible endpoint's API key
 * (core/reasoning/openai/api-key.ts) and the database key (core/db/key.ts). Neither is ever written to the
 * database or beside it.
 */

/** The keychain entries' service name; each secret is one account under it. */
export const keychainService = 'Atelier';

/** Where a secret is kept: the OS keychain, or an in-memory one in tests. */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Whether there was a secret to delete. */
  delete(account: string): Promise<boolean>;
}

export type KeychainOperation = 'read' | 'store' | 'delete';

/** The OS keychain refused or could not be reached; `reason` is the OS's own words. */
export class KeychainError extends CoreError<'keychain-unavailable'> {
  constructor(
    readonly operation: KeychainOperation,
    readonly reason: string,
    secret = 'the API key',
  ) {
    super(
      'keychain-unavailable',
      'unavailable',
      `the OS keychain could not be reached to ${operation} ${secret}: ${reason}`,
    );
  }
}

/** The OS's words for a keychain failure, with a hint where they say little (Linux without a Secret Service). */
export function keychainReason(error: unknown): string {
  if (error instanceof KeychainError) return error.reason;
  const message = error instanceof Error ? error.message : String(error);
  // Without a Secret Service (gnome-keyring, KWallet) in the session, the D-Bus error alone says little.
  const linuxHint =
    process.platform === 'linux' && /dbus|accessdenied/i.test(message)
      ? ' (Linux needs a Secret Service such as gnome-keyring or KWallet in the desktop session)'
      : '';
  return message + linuxHint;
}

/**
 * The OS keychain through @napi-rs/keyring: the macOS Keychain, the Windows Credential Manager, the Secret Service
 * on Linux. Linux is pinned to the Secret Service: the kernel keyring fallback forgets keys at logout, which would
 * look like a key that vanished overnight.
 */
export class OsKeychain implements SecretStore {
  private readonly options: EntryOptions = { linux: { store: 'secret-service' } };

  constructor(private readonly service: string = keychainService) {}

  private async attempt<T>(
    operation: KeychainOperation,
    account: string,
    run: (entry: AsyncEntry) => Promise<T>,
  ): Promise<T> {
    try {
      // Loaded on first use: a platform without the native binding loses the keychain, never the reasoner.
      const { AsyncEntry: Entry } = await import('@napi-rs/keyring');
      return await run(new Entry(this.service, account, this.options));
    } catch (error) {
      throw new KeychainError(operation, keychainReason(error));
    }
  }

  get(account: string): Promise<string | null> {
    return this.attempt('read', account, (entry) => entry.getPassword());
  }

  set(account: string, secret: string): Promise<void> {
    return this.attempt('store', account, (entry) => entry.setPassword(secret));
  }

  delete(account: string): Promise<boolean> {
    return this.attempt('delete', account, (entry) => entry.deleteCredential());
  }
}
