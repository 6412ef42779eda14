import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientRow, JobState, Page as ResultPage } from '../../core/api/contract/index.js';
import { ensureDemoDatabase } from '../../core/demo/index.js';
import { clientExportSchema } from '../../core/privacy/export-format.js';
import { launchChromium, type Browser } from './support/browser.js';
import type { PageGlobal } from './support/dom.js';
import { apiCall, jobFinished, startWebMode, type WebMode } from './support/web.js';

// A client's rights from her profile, in Chromium: download her data, then erase her after typing her name.
let folder: string;
let dbFile: string;
let web: WebMode;
let browser: Browser;
let page: Page;
let her: ClientRow;

const finished = (jobId: string): Promise<JobState> => jobFinished(web, jobId, 300);

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-e2e-privacy-'));
  dbFile = join(folder, 'demo.db');
  ensureDemoDatabase(dbFile, { clients: 200, items: 220 });
  web = await startWebMode(['--db', dbFile, '--port', '0']);
  const job = await finished((await apiCall<JobState>(web, 'jobs.start', { kind: 'optimize' })).jobId);
  expect(job.status, job.message ?? '').toBe('completed');
  const clients = await apiCall<ResultPage<ClientRow>>(web, 'clients.search', { scope: 'all', limit: 500 });
  // Her name, email and phone are hers alone (the demo has homonyms), so the bytes check means her.
  const alone = (c: ClientRow) =>
    clients.rows.every(
      (o) => o.id === c.id || (o.name !== c.name && o.email !== c.email && o.phone !== c.phone),
    );
  her = clients.rows.find((c) => c.email && c.phone && alone(c))!;
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('her data, from her profile', () => {
  it('downloads everything held about her as the documented JSON', async () => {
    await page.goto(web.url);
    await page.evaluate(
      (hash) => ((globalThis as unknown as PageGlobal).location.hash = hash),
      `/clients/${her.id}`,
    );
    await page.getByTestId('export-client-data').waitFor({ timeout: 20_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-client-data').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`client-${her.externalId}.json`);
    const saved = join(folder, 'her.json');
    await download.saveAs(saved);
    const document = clientExportSchema.parse(JSON.parse(readFileSync(saved, 'utf8')));
    expect(document.client.name).toBe(her.name);
  });

  it('erases her once her name is typed, and goes back to the client book', async () => {
    await page.getByTestId('erase-client').click();
    const dialog = page.getByRole('dialog', { name: `Erase ${her.name}?` });
    await dialog.waitFor();
    const confirm = page.getByTestId('erase-confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('erase-confirm-name').fill('someone else');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('erase-confirm-name').fill(her.name.toLowerCase());
    await confirm.click();
    await page.waitForFunction(() => (globalThis as unknown as PageGlobal).location.hash === '#/clients');
    await page.getByText(`Client ${her.externalId} erased`).waitFor();
    // The profile she was on closed quietly: no "does not exist" for the client just erased.
    await page.getByTestId('client-count').waitFor();
    expect(await page.getByText(/does not exist/).count()).toBe(0);
    const search = await apiCall<ResultPage<ClientRow>>(web, 'clients.search', {
      search: her.name,
      scope: 'all',
    });
    expect(search.rows.map((r) => r.id)).not.toContain(her.id);
    const bytes = readFileSync(dbFile);
    for (const text of [her.name, her.email!, her.phone!])
      expect(bytes.includes(Buffer.from(text)), text).toBe(false);
  });
});
