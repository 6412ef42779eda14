import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttributionView, ClientDetail, ContactView, JobState } from '../../core/api/contract/index.js';
import { ensureDemoDatabase } from '../../core/demo/index.js';
import { launchChromium, type Browser } from './support/browser.js';
import type { PageGlobal } from './support/dom.js';
import { apiCall, jobFinished, startWebMode, type WebMode } from './support/web.js';

// The associate's day in Chromium: choose who you are, open Today, send a suggested selection from a line,
// see it in the profile's contacts, import a purchase of one of its pieces, and see Insights count it.
const root = resolve(import.meta.dirname, '../..');
const screenshots = join(root, 'test-results', 'screenshots');

let folder: string;
let web: WebMode;
let browser: Browser;
let page: Page;

const finished = (jobId: string): Promise<JobState> => jobFinished(web, jobId, 300);

async function show(path: string, ready: string): Promise<void> {
  await page.evaluate((hash) => ((globalThis as unknown as PageGlobal).location.hash = hash), path);
  await page.locator(ready).first().waitFor({ state: 'visible', timeout: 20_000 });
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-e2e-day-'));
  mkdirSync(screenshots, { recursive: true });
  const dbFile = join(folder, 'demo.db');
  ensureDemoDatabase(dbFile);
  web = await startWebMode(['--db', dbFile, '--port', '0']);
  const job = await finished((await apiCall<JobState>(web, 'jobs.start', { kind: 'optimize' })).jobId);
  expect(job.status, job.message ?? '').toBe('completed');
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('the associate’s day', () => {
  it('opens on Today, asks who you are, then shows that associate’s book', async () => {
    await page.goto(web.url);
    await page.getByTestId('choose-associate').waitFor();
    await page
      .getByRole('textbox', { name: 'Signed in as' })
      .or(page.getByRole('combobox', { name: 'Signed in as' }))
      .first()
      .click();
    await page.getByRole('option', { name: /^Céline Marchand/ }).click();
    await page.getByTestId('choose-associate').waitFor({ state: 'detached' });
    await page.getByTestId('today-line').first().waitFor();
    expect(await page.getByTestId('today-line').count()).toBeGreaterThanOrEqual(10);
  });

  it('shows my book in the client book and Insights, and my store or all stores one click away', async () => {
    const { associates, current } = await apiCall<{
      associates: { name: string; store: string | null; clientCount: number }[];
      current: { name: string; clientCount: number } | null;
    }>(web, 'associates.list', {});
    expect(current?.name).toBe('Céline Marchand');
    const total = associates.reduce((n, a) => n + a.clientCount, 0);
    const count = page.getByTestId('client-count');
    await show('/clients', '[data-testid="client-count"]');
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe(`${current!.clientCount} clients`);
    await page.locator('label', { hasText: /^All stores$/ }).click();
    await expect
      .poll(() => count.textContent(), { timeout: 15_000 })
      .toBe(`${total.toLocaleString('en')} clients`);
    // An import while the book is open shows in it, without leaving the screen.
    const crm =
      'Client number,Full name,Email,Tier,Store\nNEW-1,Hélène Marchetti,helene@example.com,VIP,Paris\n';
    const staged = await apiCall<{ fileId: string }>(web, 'import.stage', {
      fileName: 'crm.csv',
      base64: Buffer.from(crm).toString('base64'),
    });
    const job = await apiCall<JobState>(web, 'jobs.start', {
      kind: 'import',
      files: [{ fileId: staged.fileId, role: 'clients' }],
    });
    expect((await finished(job.jobId)).status).toBe('completed');
    await expect
      .poll(() => count.textContent(), { timeout: 15_000 })
      .toBe(`${(total + 1).toLocaleString('en')} clients`);
    // The choice carries to the other screens; back to my book for the rest of the day.
    await show('/insights', 'h2');
    expect(await page.getByRole('radio', { name: 'All stores' }).isChecked()).toBe(true);
    await page.locator('label', { hasText: /^My book$/ }).click();
    await page.locator('[data-testid="segment"]').first().waitFor();
    await show('/', '[data-testid="today-line"]');
    expect(await page.getByRole('radio', { name: 'My book' }).isChecked()).toBe(true);
  });

  it('sends a suggested selection from a line, with the message checked, and sees it in the profile', async () => {
    const line = page
      .getByTestId('today-line')
      .filter({ has: page.getByTestId('today-piece') })
      .filter({ has: page.getByRole('button', { name: 'Message' }) })
      .first();
    const href = (await line.getByRole('link').first().getAttribute('href'))!;
    const clientId = Number(href.split('/').at(-1));
    const firstPiece = (await line.getByTestId('today-piece').first().locator('p').first().textContent())!;
    await line.getByRole('button', { name: 'Message' }).click();
    const body = page.getByTestId('message-body');
    await expect.poll(() => body.inputValue(), { timeout: 15_000 }).toContain(firstPiece);
    const text = await body.inputValue();
    expect(text).toMatch(/^(Dear|Bonjour|Gentile|Hello|Buongiorno) /);
    expect(text.match(/^(Dear|Bonjour|Gentile|Hello|Buongiorno) /gm)).toHaveLength(1);
    expect(text).toContain('Céline Marchand');
    await page.getByRole('button', { name: 'Mark as sent' }).click();
    await page.getByTestId('message-dialog').waitFor({ state: 'detached' });

    await show(`/clients/${clientId}`, '[data-testid="contact-entry"]');
    const entry = page.getByTestId('contact-entry').first();
    expect(await entry.textContent()).toContain(firstPiece);
    expect(await entry.textContent()).toContain('Céline Marchand');

    // She buys the first piece a day later: the till's export is imported.
    const contact = (await apiCall<ContactView[]>(web, 'contacts.list', { clientId }))[0]!;
    const detail = await apiCall<ClientDetail>(web, 'clients.get', { clientId });
    const before = await apiCall<AttributionView>(web, 'outreach.attribution', {});
    const when = new Date(Date.parse(contact.contactedAt) + 86_400_000).toISOString();
    const csv = `client,item,kind,date\n${detail.externalId},${contact.pieces[0]!.externalId},purchase,${when}\n`;
    const staged = await apiCall<{ fileId: string }>(web, 'import.stage', {
      fileName: 'till.csv',
      base64: Buffer.from(csv).toString('base64'),
    });
    const imported = await finished(
      (
        await apiCall<JobState>(web, 'jobs.start', {
          kind: 'import',
          files: [{ fileId: staged.fileId, role: 'interactions' }],
        })
      ).jobId,
    );
    expect(imported.importReport?.ok, imported.message ?? '').toBe(true);

    await show('/insights', '[data-testid="influenced-purchases"]');
    await expect
      .poll(async () => page.getByTestId('influenced-purchases').textContent(), { timeout: 15_000 })
      .toContain(String(before.totals.influencedPurchases + 1));
    expect(await page.getByTestId('attribution-associates').textContent()).toContain('Céline Marchand');
  });

  it('takes screenshots of Today and of the attribution figures, light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const now = () =>
        (globalThis as unknown as PageGlobal).document.documentElement.getAttribute(
          'data-mantine-color-scheme',
        );
      if ((await page.evaluate(now)) !== scheme) await page.getByTestId('theme-toggle').click();
      await page.mouse.move(700, 880);
      await show('/today', '[data-testid="today-line"]');
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(screenshots, `today-${scheme}.png`) });
      await show('/insights', '[data-testid="attribution-totals"]');
      await page.getByTestId('attribution-totals').scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(screenshots, `attribution-${scheme}.png`) });
    }
  });

  it('tunes the follow-up rules and the attribution window, and writes the boutique’s own template', async () => {
    await show('/settings', '[data-testid="follow-up-rule"]');
    const windowDays = page.getByLabel('Attribution window (days)');
    await windowDays.fill('21');
    await page.getByRole('switch', { name: /Check-in after a try-on/ }).click({ force: true });
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(
        async () =>
          (await apiCall<{ attributionDays: number }>(web, 'outreach.settings', {})).attributionDays,
      )
      .toBe(21);
    const settings = await apiCall<{ rules: { tryOnCheckIn: { enabled: boolean } } }>(
      web,
      'outreach.settings',
      {},
    );
    expect(settings.rules.tryOnCheckIn.enabled).toBe(false);

    await page.getByRole('button', { name: 'New template' }).click();
    await page.getByLabel('Name').fill('Arrivals, short');
    await page.getByTestId('template-body').fill('Dear {{fristName}}, new pieces are in.');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('unknown merge field {{fristName}}', { exact: false }).first().waitFor();
    await page.getByTestId('template-body').fill('Dear {{firstName}}, new pieces are in.\n{{pieces}}');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByTestId('template-row').filter({ hasText: 'Arrivals, short' }).waitFor();
    const list = await apiCall<{ templates: { name: string; body: string }[] }>(web, 'templates.list', {});
    expect(list.templates.map((t) => [t.name, t.body])).toEqual([
      ['Arrivals, short', 'Dear {{firstName}}, new pieces are in.\n{{pieces}}'],
    ]);
  });
});
