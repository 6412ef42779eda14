import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiService, type ApiService } from '../../../core/api/service.js';
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
    stagingDir: join(folder, 'staging'),
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
    const cookie = `atelier_token=${server.token}`;
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
