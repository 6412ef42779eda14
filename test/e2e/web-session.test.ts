import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoDatabase } from '../../core/demo/index.js';
import { launchChromium, type Browser } from './support/browser.js';
import { startWebMode, type WebMode } from './support/web.js';

// Browsers send 127.0.0.1's cookies to every port: another local server (any program listening on another
// port) receives what web mode's page holds. What it gets must open nothing.
let folder: string;
let web: WebMode;
let browser: Browser;
let page: Page;
let other: Server;
let otherPort: number;
const received: { path: string; cookie: string }[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-e2e-session-'));
  const dbFile = join(folder, 'demo.db');
  ensureDemoDatabase(dbFile, { clients: 200, items: 220 });
  web = await startWebMode(['--db', dbFile, '--port', '0']);
  other = createServer((req, res) => {
    received.push({ path: req.url ?? '', cookie: req.headers.cookie ?? '' });
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>another server</title>');
  });
  await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
  otherPort = (other.address() as AddressInfo).port;
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await new Promise((done) => (other ? other.close(done) : done(null)));
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const atelierPort = () => Number(new URL(web.origin).port);

describe('web mode’s session in Chromium, with another server on another port of 127.0.0.1', () => {
  it('hands that server a cookie that opens neither the API nor the page, and keeps the app working', async () => {
    await page.goto(web.url);
    await page.getByTestId('today-date').filter({ hasText: /\d/ }).waitFor({ timeout: 60_000 });

    // The browser visits the other server (a link, a tab): it sends it 127.0.0.1's cookies.
    const visit = await browser.context.newPage();
    await visit.goto(`http://127.0.0.1:${otherPort}/anything`);
    const got = received.find((r) => r.path === '/anything')?.cookie ?? '';
    const name = `atelier_session_${atelierPort()}`;
    // The scenario is real: the other server did receive web mode's cookie…
    expect(got).toMatch(new RegExp(`(^|; )${name}=[A-Za-z0-9_-]{32}($|;)`));
    // …and it is not the token, nor holds it.
    expect(got).not.toContain(web.token);
    const value = new RegExp(`${name}=([^;]+)`).exec(got)![1]!;
    expect(value).not.toBe(web.token);

    // Whoever runs that server can do nothing with it on Atelier's port: no API call, no events, no page.
    const atelier = (path: string, init: RequestInit = {}) => fetch(`${web.origin}${path}`, init);
    const asBearer = { Authorization: `Bearer ${value}` };
    expect(
      (await atelier('/api/call/app.info', { method: 'POST', headers: asBearer, body: '{}' })).status,
    ).toBe(401);
    expect(
      (await atelier('/api/call/app.info', { method: 'POST', headers: { Cookie: got }, body: '{}' })).status,
    ).toBe(401);
    expect((await atelier(`/api/events?token=${value}`)).status).toBe(401);
    expect((await atelier('/api/events', { headers: { ...asBearer, Cookie: got } })).status).toBe(401);
    expect((await atelier(`/?token=${value}`)).status).toBe(401);
    // Nor can the other origin's page read the token the app keeps in its tab (storage is per origin, port
    // included), though the app's own page holds it there.
    const storage = (tab: Page) =>
      tab.evaluate(() => {
        const w = globalThis as unknown as Record<'sessionStorage' | 'localStorage', Record<string, string>>;
        return JSON.stringify([Object.entries(w.sessionStorage), Object.entries(w.localStorage)]);
      });
    expect(await storage(page)).toContain(web.token);
    expect(await storage(visit)).not.toContain(web.token);
    await visit.close();

    // The app itself goes on working, a reload included, with no token in its address.
    await page.reload();
    await page.getByTestId('today-date').filter({ hasText: /\d/ }).waitFor({ timeout: 60_000 });
    expect(page.url()).not.toContain('token=');
    expect(await page.title()).toBe('Atelier');
  });
});
