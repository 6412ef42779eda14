import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiService, type ApiService } from '../../../core/api/service.js';
import { EventHub } from '../../../core/api/events.js';
import { startWebServer, type WebServer } from '../../../core/api/web/server.js';
import { repoRoot } from '../../support/paths.js';

const root = repoRoot;
let folder: string;
let service: ApiService;
let server: WebServer;
let base: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-web-'));
  const renderer = join(folder, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Atelier</title><div id="root"></div>');
  writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'console.log("app")');
  writeFileSync(join(folder, 'secret.txt'), 'not for the browser');
  service = createApiService({
    dbFile: join(folder, 'boutique.db'),
    mode: 'web',
    version: '9.9.9',
    workerFile: join(root, 'core/api/jobs/worker.ts'),
    stagingRoot: join(folder, 'staging'),
  });
  server = await startWebServer({ service, rendererDir: renderer });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await service.close();
  rmSync(folder, { recursive: true, force: true });
});

const callApi = (method: string, body: unknown, token: string | null = server.token) =>
  fetch(`${base}/api/call/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** What a browser keeps after opening a server's printed URL: its cookie, as it sends it back. */
async function sessionCookie(of: WebServer): Promise<string> {
  const page = await fetch(of.url);
  return page.headers.get('set-cookie')!.split(';')[0]!;
}

describe('web mode server', () => {
  it('prints a 127.0.0.1 URL that carries a long random token', () => {
    expect(server.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32}$`),
    );
  });

  it('answers API calls that carry the token', async () => {
    const response = await callApi('app.info', {});
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      value: {
        version: '9.9.9',
        mode: 'web',
        databaseFile: join(folder, 'boutique.db'),
        schemaVersion: expect.any(Number) as number,
        counts: { items: 0, clients: 0, interactions: 0 },
      },
    });
  });

  it('refuses API calls without the token or with a wrong one', async () => {
    for (const token of [
      null,
      'guess',
      server.token.slice(0, -1) + (server.token.endsWith('A') ? 'B' : 'A'),
    ]) {
      const response = await callApi('app.info', {}, token);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    }
  });

  it('does not take the token from a cookie or the query for API calls (no cross-site calls)', async () => {
    const response = await fetch(`${base}/api/call/app.info?token=${server.token}`, {
      method: 'POST',
      headers: { Cookie: `atelier_token=${server.token}` },
      body: '{}',
    });
    expect(response.status).toBe(401);
  });

  it('names the problem with an unknown method or bad arguments', async () => {
    expect(await (await callApi('clients.drop', {})).json()).toMatchObject({
      ok: false,
      error: { kind: 'unknown-method', message: 'there is no method "clients.drop"' },
    });
    const bad = (await (await callApi('jobs.cancel', { jobId: 5 })).json()) as {
      ok: false;
      error: { kind: string; issues: { where: string }[] };
    };
    expect(bad.error.kind).toBe('invalid-arguments');
    expect(bad.error.issues.map((i) => i.where)).toEqual(['jobId']);
    const notJson = await fetch(`${base}/api/call/app.info`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}` },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
  });

  it('serves the page only to the tokened URL, then its assets by a same-site cookie', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401);
    const page = await fetch(`${base}/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');

    expect((await fetch(`${base}/assets/index-abc.js`)).status).toBe(401);
    const asset = await fetch(`${base}/assets/index-abc.js`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('never serves files outside the renderer folder', async () => {
    const cookie = await sessionCookie(server);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await rawGet(path, { Host: `127.0.0.1:${server.port}`, Cookie: cookie });
      expect(response.body).not.toContain('not for the browser');
    }
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const response = await rawGet(`/?token=${server.token}`, { Host: `evil.example:${server.port}` });
    expect(response.status).toBe(403);
  });

  it('pushes events over SSE to holders of the token only', async () => {
    expect((await fetch(`${base}/api/events`)).status).toBe(401);
    const controller = new AbortController();
    const response = await fetch(`${base}/api/events?token=${server.token}`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('connected')) text += decoder.decode((await reader.read()).value as Uint8Array);
    service.events.emit({ event: 'data.changed', payload: { what: ['clients'] } });
    while (!text.includes('data.changed')) text += decoder.decode((await reader.read()).value as Uint8Array);
    expect(text).toContain('event: data.changed\ndata: {"what":["clients"]}\n\n');
    controller.abort();
  });
});

describe('the page’s cookie and another local server', () => {
  let other: WebServer;
  beforeAll(async () => {
    other = await startWebServer({ service, rendererDir: join(folder, 'renderer') });
  });
  afterAll(() => other.close());

  it('is named for its port and carries no API token: another port’s server gets nothing usable from it', async () => {
    const cookie = await sessionCookie(server);
    const [name, value] = cookie.split('=') as [string, string];
    expect(name).toBe(`atelier_session_${server.port}`);
    expect(value).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(value).not.toBe(server.token);
    expect(cookie).not.toContain(server.token);

    // Browsers send 127.0.0.1's cookies to every port: what the other server receives opens nothing there…
    const at = (port: number, path: string, init: RequestInit = {}) =>
      fetch(`http://127.0.0.1:${port}${path}`, {
        ...init,
        headers: { Cookie: cookie, ...(init.headers as Record<string, string> | undefined) },
      });
    expect((await at(other.port, '/')).status).toBe(401);
    expect((await at(other.port, '/assets/index-abc.js')).status).toBe(401);
    expect((await at(other.port, '/api/call/app.info', { method: 'POST', body: '{}' })).status).toBe(401);
    // …nor, in the hands of whoever runs that port, any API call on ours.
    for (const port of [server.port, other.port]) {
      const call = await at(port, '/api/call/app.info', {
        method: 'POST',
        headers: { Authorization: `Bearer ${value}` },
        body: '{}',
      });
      expect(call.status, `API on ${port}`).toBe(401);
      expect((await at(port, `/api/events?token=${value}`)).status, `events on ${port}`).toBe(401);
    }

    // The page itself keeps working on a reload, without the token in the address.
    const reload = await at(server.port, '/');
    expect(reload.status).toBe(200);
    expect(await reload.text()).toContain('<div id="root">');
  });

  it('is refused after a relaunch on the same port (a new session each launch)', async () => {
    const cookie = await sessionCookie(other);
    const port = other.port;
    await other.close();
    other = await startWebServer({ service, rendererDir: join(folder, 'renderer'), port });
    // Fresh connections: the pooled one went with the closed server.
    const get = (headers: Record<string, string>, path = '/') =>
      new Promise<{ status: number; cookie: string }>((done, fail) =>
        request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
          res.resume();
          done({
            status: res.statusCode ?? 0,
            cookie: (res.headers['set-cookie'] ?? [''])[0]!.split(';')[0]!,
          });
        })
          .on('error', fail)
          .end(),
      );
    const statusOf = async (headers: Record<string, string>) => (await get(headers)).status;
    expect(await statusOf({ Host: `127.0.0.1:${port}`, Cookie: cookie })).toBe(401);
    const fresh = (await get({ Host: `127.0.0.1:${port}` }, `/?token=${other.token}`)).cookie;
    expect(fresh).toMatch(new RegExp(`^atelier_session_${port}=`));
    expect(fresh).not.toBe(cookie);
    expect(await statusOf({ Host: `127.0.0.1:${port}`, Cookie: fresh })).toBe(200);
  });
});

describe('request bodies and internal errors at the web boundary', () => {
  it('answers a 130 MB body with 413 and a JSON error, not a reset connection', async () => {
    const response = await callApi('app.info', 'a'.repeat(130 * 1024 * 1024));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      ok: false,
      error: {
        kind: 'invalid-arguments',
        message: 'the request is larger than 128 MB (an import file is at most 90 MB)',
      },
    });
    // The server goes on answering.
    expect((await callApi('app.info', {})).status).toBe(200);
  });

  it('answers 413 to a streamed body (no length announced) once it passes the limit', async () => {
    const small = await startWebServer({
      service,
      rendererDir: join(folder, 'renderer'),
      maxBodyBytes: 1024,
    });
    try {
      const answer = await new Promise<{ status: number; body: string }>((done, fail) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: small.port,
            path: '/api/call/app.info',
            method: 'POST',
            agent: false,
            headers: { Authorization: `Bearer ${small.token}`, 'Transfer-Encoding': 'chunked' },
          },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => done({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', fail);
        for (let i = 0; i < 64; i++) req.write('x'.repeat(512));
        req.end();
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { kind: 'invalid-arguments' } });
    } finally {
      await small.close();
    }
  });

  it('gives the page an internal error without the local folders it names', async () => {
    const thrower = {
      events: new EventHub(),
      dispatch: () =>
        Promise.reject(new Error("EACCES: permission denied, open '/home/lea/Library/Atelier/atelier.db'")),
    } as unknown as ApiService;
    const failing = await startWebServer({ service: thrower, rendererDir: join(folder, 'renderer') });
    try {
      const response = await fetch(`http://127.0.0.1:${failing.port}/api/call/app.info`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${failing.token}` },
        body: '{}',
      });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        ok: false,
        error: { kind: 'internal', message: "Error: EACCES: permission denied, open '…/atelier.db'" },
      });
    } finally {
      await failing.close();
    }
  });
});
