import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientRow, Page as ApiPage } from '../../core/api/contract/index.js';
import { openDatabase } from '../../core/db/open.js';
import { setRunProgress, startRun } from '../../core/db/runs/runs.js';
import { ensureDemoDatabase } from '../../core/demo/index.js';
import { launchChromium, type Browser } from './support/browser.js';
import type { PageGlobal } from './support/dom.js';
import { armInputClock, msUntilShown } from './support/measure.js';
import { startTrace } from './support/trace.js';
import { apiCall, startWebMode, type WebMode } from './support/web.js';

// The scale: a client book of 25,000 clients must scroll smoothly. The demo generator makes one of
// that size (about 370,000 interactions); the browser scrolls it as an associate would, with the wheel.
const clientCount = 25_000;
const results = resolve(import.meta.dirname, '../../test-results');

let folder: string;
let web: WebMode;
let browser: Browser;
let page: Page;
const figures: Record<string, unknown> = {};

interface FramePage extends PageGlobal {
  __frames?: number[];
  __stopFrames?: boolean;
  __longTasks?: number[];
  __scrollStartedAt?: number;
  requestAnimationFrame(callback: (time: number) => void): void;
  readonly performance: PageGlobal['performance'] & {
    getEntriesByType(type: 'resource'): readonly { readonly name: string; readonly startTime: number }[];
    setResourceTimingBufferSize(size: number): void;
  };
  readonly PerformanceObserver: new (
    callback: (list: { getEntries(): readonly { readonly duration: number }[] }) => void,
  ) => { observe(options: { type: string }): void; disconnect(): void };
}

/** The API calls the page made since the wheel started turning, by method. */
const callsSinceScroll = () =>
  page.evaluate(() => {
    const w = globalThis as unknown as FramePage;
    const calls: Record<string, number> = {};
    for (const entry of w.performance.getEntriesByType('resource')) {
      const method = /\/api\/call\/([^?]+)/.exec(entry.name)?.[1];
      if (method && entry.startTime >= w.__scrollStartedAt!) calls[method] = (calls[method] ?? 0) + 1;
    }
    return calls;
  });

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN);
};

const rowsInDom = () => page.locator('[data-testid="client-table"] [role="row"]').count();

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-e2e-book-'));
  const dbFile = join(folder, 'book.db');
  const seeded = performance.now();
  ensureDemoDatabase(dbFile, { clients: clientCount });
  figures['seedMs'] = Math.round(performance.now() - seeded);
  // A reasoning run a crashed process left behind, a third of the way through.
  const db = openDatabase(dbFile);
  const run = startRun(db, 'reason', {
    reasoner: 'rules',
    model: null,
    promptVersion: 'rules-1',
    params: {},
    startedAt: '2026-11-20T09:00:00.000Z',
  });
  setRunProgress(db, run, 160, 480);
  db.close();
  web = await startWebMode(['--db', dbFile, '--port', '0']);
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
}, 180_000);

afterAll(async () => {
  mkdirSync(results, { recursive: true });
  writeFileSync(
    join(results, 'timings-book-scale.json'),
    JSON.stringify(
      {
        clients: clientCount,
        note:
          'Demo generator at 25,000 clients, headless Chromium (software rendering), shared 2-core machine. ' +
          'Frame intervals are measured with requestAnimationFrame while the wheel scrolls the book.',
        ...figures,
      },
      null,
      2,
    ) + '\n',
  );
  await browser?.close();
  await web?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('a client book of 25,000 clients in Chromium', () => {
  it('scrolls thousands of clients with the wheel, keeping only the rows in view in the page', async () => {
    await page.goto(`${web.url}#/clients`);
    await page.getByTestId('client-count').filter({ hasText: '25,000 clients' }).waitFor();
    const box = (await page.getByTestId('client-table').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);

    await page.evaluate(() => {
      const w = globalThis as unknown as FramePage;
      w.__frames = [];
      w.__stopFrames = false;
      // Tasks of 50 ms or more on the main thread: what stalls frames, as Chromium itself counts them.
      w.__longTasks = [];
      new w.PerformanceObserver((list) => {
        for (const task of list.getEntries()) w.__longTasks!.push(task.duration);
      }).observe({ type: 'longtask' });
      w.performance.setResourceTimingBufferSize(10_000);
      w.__scrollStartedAt = w.performance.now();
      let last = w.performance.now();
      const tick = (time: number) => {
        w.__frames!.push(time - last);
        last = time;
        if (!w.__stopFrames) w.requestAnimationFrame(tick);
      };
      w.requestAnimationFrame(tick);
    });
    let mostRows = 0;
    const started = performance.now();
    // 60 wheel turns of 4,000 px: about 5,500 rows, a fifth of the book, at a brisk pace.
    for (let turn = 0; turn < 60; turn++) {
      await page.mouse.wheel(0, 4_000);
      if (turn % 10 === 0) mostRows = Math.max(mostRows, await rowsInDom());
    }
    const scrollMs = performance.now() - started;
    const { frames, longTasks } = await page.evaluate(() => {
      const w = globalThis as unknown as FramePage;
      w.__stopFrames = true;
      return { frames: w.__frames!.slice(1), longTasks: w.__longTasks! };
    });
    const calls = await callsSinceScroll();
    // Once the wheel stops, the rows in view fill in from core.
    const stopped = performance.now();
    await page.waitForFunction(
      () =>
        [
          ...(globalThis as unknown as PageGlobal).document.querySelectorAll(
            '[data-testid="client-table"] [role="row"] .mantine-Skeleton-root',
          ),
        ].length === 0,
      undefined,
      { polling: 'raf', timeout: 15_000 },
    );
    const fillMs = Math.round(performance.now() - stopped);
    const scrollTop = await page
      .getByTestId('client-table')
      .evaluate((element) => (element as unknown as { scrollTop: number }).scrollTop);

    expect(scrollTop).toBeGreaterThan(100_000);
    expect(mostRows).toBeGreaterThan(5);
    expect(mostRows).toBeLessThan(80);
    expect(frames.length).toBeGreaterThan(10);
    // Smooth means most frames on time. A generous bound for a loaded 2-core machine (p95 was 33-67 ms there,
    // and 167 ms on a quiet one when each row mounted Mantine components and hover prefetched profiles).
    expect(percentile(frames, 0.95)).toBeLessThan(150);
    figures['wheelScroll'] = {
      rowsScrolled: Math.round(scrollTop / 44),
      scrollMs: Math.round(scrollMs),
      rowsInDomAtMost: mostRows,
      frames: frames.length,
      frameIntervalMs: {
        p50: percentile(frames, 0.5),
        p95: percentile(frames, 0.95),
        max: Math.round(Math.max(...frames)),
      },
      framesOver50Ms: frames.filter((f) => f > 50).length,
      longTasks: {
        count: longTasks.length,
        totalMs: Math.round(longTasks.reduce((sum, d) => sum + d, 0)),
        longestMs: Math.round(Math.max(0, ...longTasks)),
      },
      // Pages of the book as they come into view (or are about to), and profiles loaded ahead (a row
      // sliding under a still pointer is not one it rests on).
      apiCallsWhileScrolling: calls,
      rowsFilledAfterStopMs: fillMs,
    };

    // Where the frames' time goes: a trace of a few more turns, apart (tracing slows the frames it records).
    const stopTrace = await startTrace(page, join(results, 'book-scale-scroll.trace.json'));
    for (let turn = 0; turn < 12; turn++) await page.mouse.wheel(0, 4_000);
    figures['wheelScrollTrace'] = {
      turns: 12,
      file: 'test-results/book-scale-scroll.trace.json (DevTools, Performance panel: load profile)',
      cpuMs: await stopTrace(),
    };
  });

  it('jumps to the last client with End, and shows her as core sorts her', async () => {
    const last = await apiCall<ApiPage<ClientRow>>(web, 'clients.search', {
      sort: 'name',
      direction: 'asc',
      offset: clientCount - 1,
      limit: 1,
    });
    expect(last.total).toBe(clientCount);
    const name = last.rows[0]!.name;
    await page.getByTestId('client-table').focus();
    await armInputClock(page, 'keydown');
    await page.keyboard.press('End');
    figures['endKeyToLastClientMs'] = await msUntilShown(page, `#client-row-${clientCount - 1}`, name);
    expect(await rowsInDom()).toBeLessThan(80);
  });

  it('shows a run left behind by a crash as interrupted, with how to resume it', async () => {
    await page.evaluate(() => ((globalThis as unknown as PageGlobal).location.hash = '#/engine'));
    const row = page
      .getByTestId('runs-table')
      .getByRole('row')
      .filter({ hasText: 'not running in this app' });
    await row.waitFor();
    expect(await row.textContent()).toMatch(
      /^#1reasonrunning.*160 \/ 480 · run reasoning again to resume it$/,
    );
  });
});
