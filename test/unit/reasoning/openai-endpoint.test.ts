import { describe, expect, it } from 'vitest';
import { endpointOrigin, EndpointUrlError } from '../../../core/reasoning/openai/api-key.js';
import { apiBase, EndpointError, OpenAiReasoner } from '../../../core/reasoning/openai/reasoner.js';
import { withoutCredentials } from '../../../core/reasoning/openai/redact.js';

const secret = 's3cret-Pa55';
const refusal = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not throw');
};

describe('an endpoint URL with credentials', () => {
  it('is never printed with its user part', () => {
    expect(
      withoutCredentials(`http://lea:${secret}@gpu.local:8080/v1/models could not be reached (ECONNREFUSED)`),
    ).toBe('http://***@gpu.local:8080/v1/models could not be reached (ECONNREFUSED)');
    expect(withoutCredentials(`"https://token@api.example/v1" and http://host/v1`)).toBe(
      '"https://***@api.example/v1" and http://host/v1',
    );
    expect(new EndpointError(`http://lea:${secret}@h/v1 answered 500`, true).message).toBe(
      'http://***@h/v1 answered 500',
    );
  });

  it('is refused before any request, with the places the key belongs in, and no password', async () => {
    const error = refusal(() => apiBase(`http://lea:${secret}@127.0.0.1:8080/v1`));
    expect(error).toBeInstanceOf(EndpointError);
    expect(error.message).toBe(
      '"http://***@127.0.0.1:8080/v1" has a user name or password in it, which is never sent: give the API key ' +
        'in ATELIER_OPENAI_API_KEY or with `atelier key set --endpoint http://127.0.0.1:8080` instead',
    );
    const created = await OpenAiReasoner.create({
      endpoint: `http://lea:${secret}@127.0.0.1:1`,
      apiKey: null,
    }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(created?.message).toMatch(/^"http:\/\/\*\*\*@127\.0\.0\.1:1" has a user name or password/);
    expect(created?.message).not.toContain(secret);
  });

  it('is hidden whole when the password holds an @, a space, a slash, a # or a ?', () => {
    const shown = (run: () => unknown): string => {
      try {
        return String(run());
      } catch (error) {
        return (error as Error).message;
      }
    };
    for (const password of ['Zq@Xw', 'Zq Xw', 'Zq/Xw', 'Zq#Xw', 'Zq?Xw', 'Zq@ /#?Xw']) {
      const endpoint = `http://Ana:${password}@gpu.local:8080/v1`;
      const ftp = endpoint.replace('http', 'ftp');
      expect(
        shown(() => apiBase(endpoint)),
        password,
      ).toMatch(/^"http:\/\/\*\*\*@gpu\.local:8080\/v1" (is|has)/);
      expect(
        shown(() => apiBase(ftp)),
        password,
      ).toMatch(/^"ftp:\/\/\*\*\*@gpu\.local:8080\/v1" is not/);
      for (const text of [shown(() => apiBase(endpoint)), shown(() => endpointOrigin(endpoint))])
        for (const part of ['Ana', 'Zq', 'Xw']) expect(text, password).not.toContain(part);
    }
    expect(withoutCredentials('http://Ana:Zq@Xw@h/v1 and "https://Ana:Zq/Xw#r@h2" refused')).toBe(
      'http://***@h/v1 and "https://***@h2" refused',
    );
  });

  it('stays hidden when the URL is not even valid', () => {
    const bad = refusal(() => endpointOrigin(`http://lea:${secret}@gpu local:8080`));
    expect(bad).toBeInstanceOf(EndpointUrlError);
    expect(bad.message).not.toContain(secret);
    expect(refusal(() => apiBase(`http://lea:${secret}@gpu local`)).message).not.toContain(secret);
  });
});
