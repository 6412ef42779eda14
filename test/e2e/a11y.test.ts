import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientRow, JobState, Selection } from '../../core/api/contract/index.js';
import { ensureDemoDatabase } from '../../core/demo/index.js';
import { launchChromium, type Browser } from './support/browser.js';
import type { PageGlobal } from './support/dom.js';
import { clientShowingEverything } from './support/clients.js';
import { apiCall, jobFinished, startWebMode, type WebMode } from './support/web.js';

// Every screen, light and dark, checked by axe-core against WCAG 2.1 A and AA: what a screen reader or a
// keyboard user would trip on, and text an associate cannot read on a bright shop floor.
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const root = resolve(import.meta.dirname, '../..');
const results = join(root, 'test-results');
/** The counts measured before the renderer's fixes, kept so the report shows what changed. */
const before = resolve(root, 'test/fixtures/a11y/before-fixes.json');
const itemsCsv = resolve(root, 'test/fixtures/import/items.csv');

type Scheme = 'light' | 'dark';
interface ScreenCount {
  readonly violations: number;
  readonly elements: number;
  readonly rules: Record<string, number>;
}

let folder: string;
let web: WebMode;
let browser: Browser;
let page: Page;
let client: ClientRow;
let selectionId: number;
const counts: Record<string, Partial<Record<Scheme, ScreenCount>>> = {};
/** Every element axe flagged, for whoever fixes them (written next to the counts). */
const details: Record<string, Partial<Record<Scheme, unknown>>> = {};

async function show(path: string, ready: string): Promise<void> {
  // A notification the previous screen raised ("Copied") fades out over this one: mid-fade, axe would judge
  // its half-transparent text. It belongs to the screen that raised it, scanned there at full opacity.
  await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached', timeout: 15_000 });
  await page.evaluate((hash) => ((globalThis as unknown as PageGlobal).location.hash = hash), path);
  await page.locator(ready).first().waitFor({ state: 'visible', timeout: 20_000 });
}

async function useScheme(scheme: Scheme): Promise<void> {
  const schemeNow = () =>
    (globalThis as unknown as PageGlobal).document.documentElement.getAttribute('data-mantine-color-scheme');
  if ((await page.evaluate(schemeNow)) !== scheme) await page.getByTestId('theme-toggle').click();
  await page.waitForFunction(
    (s) =>
      (globalThis as unknown as PageGlobal).document.documentElement.getAttribute(
        'data-mantine-color-scheme',
      ) === s,
    scheme,
  );
}

/** Waits for a job started through the API to finish, and says how it ended. */
const finished = (jobId: string): Promise<JobState> => jobFinished(web, jobId, 500);

/** One line per broken rule: enough to find the element and the fix without rerunning. */
function describeViolations(violations: AxeResults['violations']): string {
  return violations
    .map((v) => {
      const targets = v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ');
      const detail = v.nodes[0]?.failureSummary?.split('\n').slice(1, 2).join('').trim() ?? '';
      return `- ${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.length} element(s): ${targets}${
        detail ? `\n    ${detail}` : ''
      }`;
    })
    .join('\n');
}

/** Scans the page as it stands, records the counts, and fails with every violation spelled out. */
async function scan(screen: string, scheme: Scheme): Promise<void> {
  // Away from any tooltip trigger, and past Mantine's transitions (half-faded text fails contrast).
  await page.mouse.move(700, 880);
  await page.waitForTimeout(300);
  const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze();
  counts[screen] = {
    ...counts[screen],
    [scheme]: {
      violations: violations.length,
      elements: violations.reduce((sum, v) => sum + v.nodes.length, 0),
      rules: Object.fromEntries(violations.map((v) => [v.id, v.nodes.length])),
    },
  };
  details[screen] = {
    ...details[screen],
    [scheme]: violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      elements: v.nodes.map((n) => ({
        target: n.target.join(' '),
        html: n.html.slice(0, 300),
        why: n.failureSummary,
        related: [...n.any, ...n.all, ...n.none].flatMap((check) =>
          (check.relatedNodes ?? []).map((r) => `${r.target.join(' ')}: ${r.html.slice(0, 200)}`),
        ),
      })),
    })),
  };
  expect.soft(violations.length, `${screen} (${scheme}):\n${describeViolations(violations)}`).toBe(0);
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-e2e-a11y-'));
  const dbFile = join(folder, 'demo.db');
  ensureDemoDatabase(dbFile);
  web = await startWebMode(['--db', dbFile, '--port', '0']);

  // Features from the rules reasoner, then the optimisation: interests, insights and recommendations exist.
  for (const request of [{ kind: 'reason' }, { kind: 'optimize' }]) {
    const job = await finished((await apiCall<JobState>(web, 'jobs.start', request)).jobId);
    expect(job.status, `${request.kind}: ${job.message}`).toBe('completed');
  }

  // A client whose profile shows everything: explicit and group interests, recommendations, and a refusal of
  // marketing (the warnings and the consent dialog before an export).
  const found = await clientShowingEverything(web);
  expect(found, 'a demo client with explicit and group interests').toBeDefined();
  client = found!.client;
  const picks = found!.recommendations.items.slice(0, 2).map((r) => r.item.id);
  const selection = await apiCall<Selection>(web, 'selections.create', {
    title: `Selection for ${client.name}`,
    clientId: client.id,
    message: 'A few pieces chosen for you.',
    itemIds: picks,
  });
  selectionId = selection.id;

  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(web.url);
  await page.getByTestId('today-date').filter({ hasText: /\d/ }).waitFor();
}, 300_000);

afterAll(async () => {
  mkdirSync(results, { recursive: true });
  writeFileSync(
    join(results, 'a11y.json'),
    JSON.stringify(
      {
        tags,
        note:
          'axe-core violations per screen and theme: rules broken, elements affected, and elements per rule. ' +
          '"beforeFixes" was measured on the renderer before its accessibility fixes.',
        beforeFixes: existsSync(before) ? (JSON.parse(readFileSync(before, 'utf8')) as unknown) : null,
        now: counts,
      },
      null,
      2,
    ) + '\n',
  );
  writeFileSync(join(results, 'a11y-violations.json'), JSON.stringify(details, null, 2) + '\n');
  await browser?.close();
  await web?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe.each(['light', 'dark'] as const)('every screen passes WCAG 2.1 AA checks, %s theme', (scheme) => {
  it('today, and a line’s message', async () => {
    await show('/today', '[data-testid="today-line"]');
    await useScheme(scheme);
    await scan('today', scheme);
    await page.getByTestId('today-line').getByRole('button', { name: 'Message' }).first().click();
    await page.getByTestId('message-body').waitFor();
    await scan('today-message', scheme);
    await page.keyboard.press('Escape');
    await page.getByTestId('message-dialog').waitFor({ state: 'detached' });
    // Two scans of the longest screen (up to 200 lines, each with its pieces): axe alone takes 5-15 s each on
    // two loaded cores.
  }, 180_000);

  it('client book', async () => {
    await show('/clients', '#client-row-0');
    await useScheme(scheme);
    await scan('client-book', scheme);
  });

  it('client profile, with explicit and group interests and recommendations', async () => {
    await show(`/clients/${client.id}`, '[data-testid="recommendation"]');
    // Opened, as an associate would, to show the evidence and the similar clients.
    await page.getByTestId('explicit-interest').first().getByRole('button').first().click();
    await page.getByTestId('group-interest').first().getByRole('button').first().click();
    await page.getByTestId('group-interest').first().getByRole('link').first().waitFor();
    await scan('client-profile', scheme);
    await page
      .getByTestId('recommendation')
      .first()
      .getByRole('button', { name: /^Add to selection: / })
      .click();
    await page.getByRole('menuitem', { name: `New selection for ${client.name}` }).waitFor();
    await scan('add-to-selection-menu', scheme);
    await page.keyboard.press('Escape');
  });

  it('selections list', async () => {
    await show('/selections', '[data-testid="selection-row"]');
    await scan('selections', scheme);
  });

  it('selection editor', async () => {
    await show(`/selections/${selectionId}`, '[data-testid="selection-item"]');
    await page.getByTestId('consent-warning').waitFor();
    await scan('selection-editor', scheme);
    await page.getByRole('button', { name: 'Copy as text' }).click();
    const acknowledge = page.getByRole('button', { name: 'The client asked for it: export' });
    await acknowledge.waitFor();
    await scan('export-consent-dialog', scheme);
    await acknowledge.click();
    await page.getByTestId('selection-text').waitFor();
    await scan('selection-as-text-dialog', scheme);
    await page.keyboard.press('Escape');
  });

  it('catalog', async () => {
    await show('/catalog', '[data-testid="catalog-item"] >> text=/./');
    await scan('catalog', scheme);
  });

  it('insights', async () => {
    await show('/insights', '[data-testid="segment"]');
    await page.getByTestId('attribution-totals').waitFor();
    await scan('insights', scheme);
  });

  it('engine & model', async () => {
    await show('/engine', '[data-testid="runs-table"]');
    await scan('engine', scheme);
  });

  it('settings, and a message template', async () => {
    await show('/settings', '[data-testid="follow-up-rule"]');
    await scan('settings', scheme);
    await page.getByRole('button', { name: 'New template' }).click();
    await page.getByTestId('template-body').waitFor();
    await scan('template-dialog', scheme);
    await page.keyboard.press('Escape');
    await page.getByTestId('template-body').waitFor({ state: 'detached' });
  });

  it('import wizard: choosing the files', async () => {
    await show('/import', 'text=Catalog items');
    await scan('import-files', scheme);
  });

  it('import wizard: mapping the columns, then the preview', async () => {
    // Leaving the screen resets the wizard; the file goes straight to the input, no dialog.
    await show('/clients', '#client-row-0');
    await show('/import', 'text=Catalog items');
    await page.locator('input[type="file"]').first().setInputFiles(itemsCsv);
    const next = page.getByRole('button', { name: 'Next' });
    await expect.poll(() => next.isEnabled(), { timeout: 15_000 }).toBe(true);
    await next.click();
    await page.getByRole('button', { name: 'Preview', exact: true }).waitFor();
    await scan('import-mapping', scheme);
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.getByRole('button', { name: 'Check the files' }).waitFor();
    await scan('import-preview', scheme);
  });

  it('command palette, open with a client found', async () => {
    await show('/clients', '#client-row-0');
    await page.keyboard.press('Control+K');
    await page.getByPlaceholder('Search clients, screens, actions…').fill(client.name.split(' ')[0]!);
    await page
      .getByRole('button', { name: new RegExp(client.name) })
      .first()
      .waitFor();
    try {
      await scan('command-palette', scheme);
    } finally {
      await page.keyboard.press('Escape');
    }
  });
});
