import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Insights, JobState } from '../../core/api/contract/index.js';
import { ensureDemoDatabase } from '../../core/demo/index.js';
import { launchChromium, type Browser } from './support/browser.js';
import { apiCall, jobFinished, startWebMode, type WebMode } from './support/web.js';

// Insights' micro-segments as an associate uses them: a card, its clients in the client book, its campaign list.
let folder: string;
let web: WebMode;
let browser: Browser;
let page: Page;
let overview: Insights;

const finished = (jobId: string): Promise<JobState> => jobFinished(web, jobId, 500);

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-e2e-insights-'));
  const dbFile = join(folder, 'demo.db');
  ensureDemoDatabase(dbFile);
  web = await startWebMode(['--db', dbFile, '--port', '0']);
  const job = await finished((await apiCall<JobState>(web, 'jobs.start', { kind: 'optimize' })).jobId);
  expect(job.status, job.message ?? '').toBe('completed');
  overview = await apiCall<Insights>(web, 'insights.overview', { scope: 'all' });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(web.url);
  await page.getByTestId('today-date').filter({ hasText: /\d/ }).waitFor();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('micro-segments in Chromium', () => {
  it('shows the most distinct segment first, with its tastes and its size per store', async () => {
    await page.evaluate(
      () => ((globalThis as unknown as { location: { hash: string } }).location.hash = '/insights'),
    );
    const first = overview.segments[0]!;
    const card = page.getByTestId('segment').first();
    await card.waitFor();
    expect(await card.getAttribute('data-key')).toBe(first.key);
    expect(await card.getByTestId('segment-name').textContent()).toBe(first.name);
    expect(await card.getByTestId('segment-size').textContent()).toBe(`${first.clientCount} clients`);
    for (const t of first.tastes) expect(await card.textContent()).toContain(t.feature);
    expect(await card.getByTestId('segment-stores').textContent()).toContain(
      `${first.stores[0]!.store}: ${first.stores[0]!.clients}`,
    );
    expect(await card.getByTestId('segment-distinctness').textContent()).toBe(
      `${first.distinctness.toFixed(1)}× distinct`,
    );
  });

  it('opens the client book on the segment’s clients, named in the filter', async () => {
    const first = overview.segments[0]!;
    const card = page.getByTestId('segment').first();
    await card.getByRole('button', { name: 'All in the client book →' }).click();
    await page.locator('[data-testid="client-count"]').waitFor();
    await expect
      .poll(() => page.getByTestId('client-count').textContent(), { timeout: 15_000 })
      .toBe(`${first.clientCount} clients`);
    expect(await page.locator('input[aria-label="Has inferred interest"]').inputValue()).toBe(first.name);
  });

  it('exports the segment’s campaign list', async () => {
    await page.evaluate(
      () => ((globalThis as unknown as { location: { hash: string } }).location.hash = '/insights'),
    );
    const first = overview.segments[0]!;
    const card = page.getByTestId('segment').first();
    await card.waitFor();
    await card.getByRole('button', { name: `Export ${first.name}` }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'CSV' }).click();
    const file = await download;
    const path = join(folder, file.suggestedFilename());
    await file.saveAs(path);
    const lines = readFileSync(path, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Client number,Name,Email,Phone,Tier,Store,Associate,Interest strength');
    expect(lines.length - 1).toBeGreaterThan(0);
    expect(lines.length - 1).toBeLessThanOrEqual(first.clientCount);
  });
});
