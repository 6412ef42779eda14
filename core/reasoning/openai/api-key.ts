import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring';
import { CoreError, type CoreErrorOptions } from '../../domain/errors.js';
import { endpointShown, withoutCredentials } from './redact.js';

/** The environment variable holding an endpoint's API key; it wins over the OS keychain. */
export const apiKeyVariable = 'ATELIER_OPENAI_API_KEY';

/** The keychain entries' service name; each endpoint origin is one account under it. */
export const keychainService = 'Atelier';

/** Where an endpoint's API key is kept. The database never is: keys only live here and in the environment. */
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
  ) {
    super(
      'keychain-unavailable',
      'unavailable',
      `the OS keychain could not be reached to ${operation} the API key: ${reason}`,
    );
  }
}

/** The endpoint is not an http(s) URL. */
export class EndpointUrlError extends CoreError<'bad-endpoint-url'> {
  constructor(message: string, options?: CoreErrorOptions) {
    super('bad-endpoint-url', 'bad-input', withoutCredentials(message), options);
  }
}

/** The endpoint's origin (scheme, host, port): one server, one key, whatever path its API sits under. */
export function endpointOrigin(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new EndpointUrlError(
      `"${endpointShown(endpoint)}" is not a URL (expected http://host:port or http://host:port/v1)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new EndpointUrlError(`"${endpointShown(endpoint)}" is not an http(s) URL`);
  return url.origin;
}

/** The keychain account for an endpoint, so two servers keep two keys. */
export function keychainAccount(endpoint: string): string {
  return `openai ${endpointOrigin(endpoint)}`;
}

function osReason(error: unknown): string {
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
      throw new KeychainError(operation, osReason(error));
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

export type ApiKeySource = 'environment' | 'keychain' | 'none';

export interface ApiKeyResolution {
  /** Never printed, logged or stored: it only travels in the Authorization header. */
  readonly key: string | null;
  readonly source: ApiKeySource;
  /** Why the keychain could not be read, when it was asked and failed. */
  readonly keychainProblem: string | null;
}

export interface ApiKeySources {
  readonly env?: NodeJS.ProcessEnv;
  readonly store?: SecretStore;
}

/**
 * An endpoint's API key: the environment variable first, else the keychain entry for its origin, else none.
 * Reading never throws for an unreachable keychain: a server that needs no key must still work, and one that
 * refuses the request can then say why no key was found.
 */
export async function resolveApiKey(
  endpoint: string,
  sources: ApiKeySources = {},
): Promise<ApiKeyResolution> {
  const account = keychainAccount(endpoint);
  const fromEnv = (sources.env ?? process.env)[apiKeyVariable];
  if (fromEnv) return { key: fromEnv, source: 'environment', keychainProblem: null };
  try {
    const stored = await (sources.store ?? new OsKeychain()).get(account);
    if (stored) return { key: stored, source: 'keychain', keychainProblem: null };
    return { key: null, source: 'none', keychainProblem: null };
  } catch (error) {
    const problem = error instanceof KeychainError ? error.reason : osReason(error);
    return { key: null, source: 'none', keychainProblem: problem };
  }
}

/** What a 401/403 answer means given where the key came from; never contains the key. */
export function refusedKeyHint(endpoint: string, resolution: ApiKeyResolution | null): string {
  if (resolution === null) return 'the API key given was refused';
  if (resolution.source === 'environment') return `the API key in ${apiKeyVariable} was refused`;
  if (resolution.source === 'keychain')
    return `the API key in the OS keychain was refused: replace it with \`atelier key set --endpoint ${endpointOrigin(endpoint)}\``;
  const keychain = resolution.keychainProblem ? ` (keychain: ${resolution.keychainProblem})` : '';
  return `no API key: set ${apiKeyVariable} or \`atelier key set --endpoint ${endpointOrigin(endpoint)}\`${keychain}`;
}
