import { describe, expect, it } from 'vitest';
import {
  EndpointUrlError,
  KeychainError,
  keychainAccount,
  refusedKeyHint,
  resolveApiKey,
} from '../../../core/reasoning/openai/api-key.js';
import { MemoryKeychain } from '../../support/memory-keychain.js';

describe('keychain accounts', () => {
  it('name one account per endpoint origin, whatever the path, case or default port', () => {
    expect(keychainAccount('http://127.0.0.1:8080/v1')).toBe('openai http://127.0.0.1:8080');
    expect(keychainAccount('http://127.0.0.1:8080')).toBe('openai http://127.0.0.1:8080');
    expect(keychainAccount('HTTPS://GPU.Boutique.example:443/v1/')).toBe(
      'openai https://gpu.boutique.example',
    );
    expect(keychainAccount('http://gpu:80/api/v1')).toBe('openai http://gpu');
    expect(keychainAccount('http://gpu:8081/v1')).toBe('openai http://gpu:8081');
  });

  it('refuse what is not an http(s) URL', () => {
    expect(() => keychainAccount('gpu-server:8080')).toThrow(
      new EndpointUrlError('"gpu-server:8080" is not an http(s) URL'),
    );
    expect(() => keychainAccount('not a url')).toThrow(
      '"not a url" is not a URL (expected http://host:port or http://host:port/v1)',
    );
    expect(() => keychainAccount('ftp://gpu/v1')).toThrow('"ftp://gpu/v1" is not an http(s) URL');
  });
});

describe('resolveApiKey', () => {
  it('takes the environment first, over a key in the keychain, without asking the keychain', async () => {
    const store = new MemoryKeychain();
    store.secrets.set('openai http://gpu:8080', 'sk-from-keychain');
    const env = { ATELIER_OPENAI_API_KEY: 'sk-from-env' };
    expect(await resolveApiKey('http://gpu:8080/v1', { env, store })).toEqual({
      key: 'sk-from-env',
      source: 'environment',
      keychainProblem: null,
    });
    expect(store.calls).toBe(0);
  });

  it("else the keychain entry of the endpoint's origin; an empty variable counts as unset", async () => {
    const store = new MemoryKeychain();
    store.secrets.set('openai http://gpu:8080', 'sk-gpu-8080');
    store.secrets.set('openai https://other.example', 'sk-other');
    const env = { ATELIER_OPENAI_API_KEY: '' };
    expect(await resolveApiKey('http://gpu:8080/v1', { env, store })).toEqual({
      key: 'sk-gpu-8080',
      source: 'keychain',
      keychainProblem: null,
    });
    expect((await resolveApiKey('https://other.example/api/v1', { env, store })).key).toBe('sk-other');
    // Another port is another server: its key is not this one's.
    expect(await resolveApiKey('http://gpu:8081/v1', { env, store })).toEqual({
      key: null,
      source: 'none',
      keychainProblem: null,
    });
  });

  it('gives none with the reason when the keychain cannot be reached, instead of failing the run', async () => {
    const store = new MemoryKeychain('DBus error: no session bus');
    expect(await resolveApiKey('http://gpu:8080', { env: {}, store })).toEqual({
      key: null,
      source: 'none',
      keychainProblem: 'DBus error: no session bus',
    });
    expect(
      (await resolveApiKey('http://gpu:8080', { env: { ATELIER_OPENAI_API_KEY: 'sk-env' }, store })).source,
    ).toBe('environment');
  });
});

describe('refused key hints', () => {
  it('say where the refused key came from, or why there was none, and never the key', () => {
    const endpoint = 'http://gpu:8080/v1';
    expect(refusedKeyHint(endpoint, { key: null, source: 'none', keychainProblem: 'DBus error' })).toBe(
      'no API key: set ATELIER_OPENAI_API_KEY or `atelier key set --endpoint http://gpu:8080` (keychain: DBus error)',
    );
    expect(refusedKeyHint(endpoint, { key: null, source: 'none', keychainProblem: null })).toBe(
      'no API key: set ATELIER_OPENAI_API_KEY or `atelier key set --endpoint http://gpu:8080`',
    );
    expect(refusedKeyHint(endpoint, { key: 'sk-1', source: 'environment', keychainProblem: null })).toBe(
      'the API key in ATELIER_OPENAI_API_KEY was refused',
    );
    expect(refusedKeyHint(endpoint, { key: 'sk-1', source: 'keychain', keychainProblem: null })).toBe(
      'the API key in the OS keychain was refused: replace it with `atelier key set --endpoint http://gpu:8080`',
    );
  });

  it('keychain errors name the operation and the OS reason', () => {
    const error = new KeychainError('store', 'Platform failure: DBus error');
    expect(error.message).toBe(
      'the OS keychain could not be reached to store the API key: Platform failure: DBus error',
    );
    expect(error.reason).toBe('Platform failure: DBus error');
  });
});
