import { CoreError, type CoreErrorOptions } from '../../domain/errors.js';
import { keychainReason, OsKeychain, type SecretStore } from '../../keychain.js';
import { endpointShown, withoutCredentials } from './redact.js';

// The keychain is shared with the database key (core/keychain.ts); its names stay importable from here.
export {
  KeychainError,
  keychainService,
  OsKeychain,
  type KeychainOperation,
  type SecretStore,
} from '../../keychain.js';

/** The environment variable holding an endpoint's API key; it wins over the OS keychain. */
export const apiKeyVariable = 'ATELIER_OPENAI_API_KEY';

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
    const problem = keychainReason(error);
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
