import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoDatabase } from '../../core/demo/index.js';
import { launchChromium, type Browser } from './support/browser.js';
import type { PageGlobal } from './support/dom.js';
import { startWebMode, type WebMode } from './support/web.js';

// The Engine screen with a model whose output the plausibility gate refuses: the run says why it failed, and
// the optimisation is not offered the Local LLM's features.
const root = resolve(import.meta.dirname, '../..');
const screenshots = join(root, 'test-results', 'screenshots');
const models = resolve(root, '../shared/models');
let folder: string;
let web: WebMode;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-e2e-not-usable-'));
  mkdirSync(screenshots, { recursive: true });
  const dbFile = join(folder, 'demo.db');
  ensureDemoDatabase(dbFile, { clients: 50, items: 200 });
  web = await startWebMode(['--db', dbFile, '--port', '0'], { ATELIER_MODELS_DIR: models });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('the Engine screen with a model whose output is not usable', () => {
  it("shows the run failed with the model's output is not usable, and offers optimize only the rules", async () => {
    await page.goto(web.url);
    await page.evaluate((hash) => ((globalThis as unknown as PageGlobal).location.hash = hash), '/engine');
    await page.getByText('Past runs').waitFor({ timeout: 20_000 });
    await page
      .getByRole('textbox', { name: 'Model file (GGUF)' })
      .fill(join(models, 'tiny-random-chatml.gguf'));
    await page.getByRole('textbox', { name: 'Items (empty: all)' }).fill('3');
    await page.getByRole('button', { name: 'Run reasoning' }).click();

    const last = page.getByTestId('last-reason');
    // One answer of the random model: seconds alone on a laptop, minutes on a loaded two-core machine.
    await last.filter({ hasText: 'failed' }).waitFor({ timeout: 400_000 });
    expect(await last.textContent()).toMatch(
      /failed\s*the model's output is not usable: 1 of its first 1 answers failed the plausibility gate \((not words|ungrounded|echo|repeated) 1\)/,
    );
    const row = page.getByTestId('runs-table').getByRole('row').filter({ hasText: 'llama' });
    await row.filter({ hasText: "the model's output is not usable" }).waitFor({ timeout: 15_000 });
    expect(await row.getByText('failed', { exact: true }).count()).toBe(1);

    // Nothing of the run reaches optimize: its features are not offered.
    await page
      .getByRole('textbox', { name: 'Item features from' })
      .or(page.getByRole('combobox', { name: 'Item features from' }))
      .first()
      .click();
    await page.getByRole('option', { name: 'Rules reasoner' }).waitFor();
    expect(await page.getByRole('option', { name: 'Local LLM' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(screenshots, 'engine-not-usable-light.png'), fullPage: true });
  }, 480_000);
});
