import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EndpointError, OpenAiReasoner } from '../../../core/reasoning/openai/reasoner.js';
import { MemoryKeychain } from '../../support/memory-keychain.js';
import { startOpenAiServer, type LocalOpenAiServer } from '../../support/openai-server.js';

const key = 'sk-boutique-gpu-51c0';
let server: LocalOpenAiServer | null = null;
let echo: Server | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
  echo?.closeAllConnections();
  await new Promise((done) => (echo ? echo.close(done) : done(undefined)));
  echo = null;
});

/** A server that needs no model: /v1/models answers, which is all `create` asks before any reasoning. */
async function guarded(requiredKey?: string): Promise<LocalOpenAiServer> {
  server = await startOpenAiServer({ mode: 'malformed-body', ...(requiredKey ? { requiredKey } : {}) });
  return server;
}

async function refusal(create: Promise<OpenAiReasoner>): Promise<string> {
  const error = await create.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EndpointError);
  return (error as EndpointError).message;
}

describe('the openai reasoner finds its API key', () => {
  it("in the keychain entry of the endpoint's origin, sent as a bearer token", async () => {
    const s = await guarded(key);
    const store = new MemoryKeychain();
    store.secrets.set(`openai ${s.url}`, key);
    const r = await OpenAiReasoner.create({ endpoint: `${s.url}/v1`, keySources: { env: {}, store } });
    expect(r.modelId).toBe('tiny-random-chatml');
    expect(s.requests.map((q) => q.headers.authorization)).toEqual([`Bearer ${key}`]);
  });

  it('in the environment first; a refused key is named by where it came from, never by its text', async () => {
    const s = await guarded(key);
    const store = new MemoryKeychain();
    store.secrets.set(`openai ${s.url}`, key);
    const message = await refusal(
      OpenAiReasoner.create({
        endpoint: s.url,
        keySources: { env: { ATELIER_OPENAI_API_KEY: 'sk-stale-env-key' }, store },
      }),
    );
    expect(message).toBe(
      `${s.url}/v1/models answered 401 Unauthorized (the API key in ATELIER_OPENAI_API_KEY was refused): ` +
        '{"error":{"message":"Incorrect API key provided"}}',
    );
    expect(store.calls).toBe(0);
    expect(s.requests[0]!.headers.authorization).toBe('Bearer sk-stale-env-key');
  });

  it('works with no key on a server that needs none, even when the keychain cannot be reached', async () => {
    const s = await guarded();
    const store = new MemoryKeychain('DBus error: no session bus');
    const r = await OpenAiReasoner.create({ endpoint: s.url, keySources: { env: {}, store } });
    expect(r.modelId).toBe('tiny-random-chatml');
    expect(s.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('says why there was no key when a guarded server refuses', async () => {
    const s = await guarded(key);
    const unreachable = new MemoryKeychain('DBus error: no session bus');
    expect(
      await refusal(OpenAiReasoner.create({ endpoint: s.url, keySources: { env: {}, store: unreachable } })),
    ).toBe(
      `${s.url}/v1/models answered 401 Unauthorized (no API key: set ATELIER_OPENAI_API_KEY or ` +
        `\`atelier key set --endpoint ${s.url}\` (keychain: DBus error: no session bus)): ` +
        '{"error":{"message":"Incorrect API key provided"}}',
    );
    const elsewhere = new MemoryKeychain();
    elsewhere.secrets.set('openai http://127.0.0.1:1', key);
    expect(
      await refusal(OpenAiReasoner.create({ endpoint: s.url, keySources: { env: {}, store: elsewhere } })),
    ).toContain(`(no API key: set ATELIER_OPENAI_API_KEY or \`atelier key set --endpoint ${s.url}\`)`);
  });

  it('keeps the key out of the error when a server echoes the request back', async () => {
    echo = createServer((req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `forbidden: ${req.headers.authorization}` }));
    });
    await new Promise<void>((done) => echo!.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    const store = new MemoryKeychain();
    store.secrets.set(`openai ${url}`, key);
    const message = await refusal(OpenAiReasoner.create({ endpoint: url, keySources: { env: {}, store } }));
    expect(message).toBe(
      `${url}/v1/models answered 403 Forbidden (the API key in the OS keychain was refused: replace it with ` +
        `\`atelier key set --endpoint ${url}\`): {"error":"forbidden: Bearer [API key]"}`,
    );
  });

  it('keeps every part of the key out, even where the excerpt of the answer is cut', async () => {
    // The key straddles the 200th character of a refusal, then the 80th of an answer that is no JSON.
    let answers = 0;
    echo = createServer((req, res) => {
      const bearer = req.headers.authorization ?? '';
      if (answers++ === 0) {
        res.writeHead(401, { 'content-type': 'text/plain' });
        return void res.end(`${'x'.repeat(190)}${bearer} was refused`);
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${'y'.repeat(70)}${bearer} is not JSON`);
    });
    await new Promise<void>((done) => echo!.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    const refused = await refusal(OpenAiReasoner.create({ endpoint: url, apiKey: key }));
    expect(refused).toContain(`${'x'.repeat(190)}Bearer [A`);
    const malformed = await refusal(
      OpenAiReasoner.create({ endpoint: url, apiKey: key, retries: 0, backoffMs: 1 }),
    );
    expect(malformed).toContain(`${'y'.repeat(70)}Bearer [`);
    for (const message of [refused, malformed]) expect(message).not.toContain(key.slice(0, 3));
  });
});
