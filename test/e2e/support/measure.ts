import type { Page } from 'playwright-core';
import type { PageGlobal } from './dom.js';

/**
 * In-page timings: from the user's input event to the moment the expected content is on screen (polled on
 * animation frames, so it is what the associate sees, not when the data arrived).
 */
export async function armInputClock(page: Page, type: 'keydown' | 'click'): Promise<void> {
  await page.evaluate((eventType) => {
    const w = globalThis as unknown as PageGlobal;
    delete w.__atelierInputAt;
    w.addEventListener(eventType, () => (w.__atelierInputAt = w.performance.now()), {
      capture: true,
      once: true,
    });
  }, type);
}

/** Milliseconds from the armed input to `selector` showing `text`. */
export async function msUntilShown(page: Page, selector: string, text: string): Promise<number> {
  const handle = await page.waitForFunction(
    ([sel, expected]) => {
      const w = globalThis as unknown as PageGlobal;
      const element = w.document.querySelector(sel!);
      if (w.__atelierInputAt === undefined || !element?.textContent?.includes(expected!)) return false;
      return w.performance.now() - w.__atelierInputAt;
    },
    [selector, text],
    { polling: 'raf', timeout: 15_000 },
  );
  return Math.round((await handle.jsonValue()) as number);
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
