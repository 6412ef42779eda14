import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemsForReasoning } from '../../../core/db/runs/load-queries.js';
import { reasoningRun } from '../../../core/db/reasoning/runs.js';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { ensureDemoDatabase } from '../../../core/demo/index.js';
import { startReasoningJob } from '../../../core/jobs/reason/job.js';
import type { ReasoningProgress } from '../../../core/jobs/reason/progress.js';
import { RulesReasoner, priceTierTable } from '../../../core/reasoning/rules/index.js';

/**
 * The rules reasoner answers synchronously: the job itself must let the event loop turn, or a cancel or a
 * pause signalled from a timer (or a message from the app) would only land once the whole catalog is done.
 */

let folder: string;
let db: Db;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-reason-job-'));
  const file = join(folder, 'demo.db');
  ensureDemoDatabase(file);
  db = openDatabase(file);
});

afterEach(() => {
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

const rules = () => new RulesReasoner({ priceTiers: priceTierTable(itemsForReasoning(db)) });
const storedItems = (): number =>
  db.prepare(`SELECT count(*) FROM item_reasoning WHERE reasoner = 'rules'`).pluck().get() as number;

describe('the reasoning job with a synchronous reasoner, over the demo catalog', () => {
  it('lets a cancel from a timer land before the end, keeps the finished items, and resumes the rest', async () => {
    const catalog = itemsForReasoning(db).length;
    expect(catalog).toBeGreaterThan(100);
    const controller = new AbortController();
    let latest: ReasoningProgress | null = null;
    let armed = false;
    let doneWhenSignalled = -1;
    const first = startReasoningJob({
      db,
      reasoner: rules(),
      signal: controller.signal,
      onProgress: (p) => {
        latest = p;
        // Armed once the model work is under way and past the first 20 answers (stored only once they are
        // judged usable); it can only fire when the job lets the loop turn.
        if (!armed && p.done >= 25) {
          armed = true;
          setTimeout(() => {
            doneWhenSignalled = latest!.done;
            controller.abort();
          }, 0);
        }
      },
    });
    const cancelled = await first.done;

    expect(cancelled.status).toBe('cancelled');
    expect(doneWhenSignalled).toBeGreaterThanOrEqual(25);
    expect(doneWhenSignalled).toBeLessThan(catalog);
    // Landed at once: nothing more was reasoned after the signal.
    expect(cancelled.items.cached).toBe(0);
    expect(cancelled.items.reasoned).toBe(doneWhenSignalled);
    expect(storedItems()).toBe(cancelled.items.reasoned);
    expect(reasoningRun(db, cancelled.runId)).toMatchObject({
      status: 'cancelled',
      progressDone: cancelled.items.reasoned,
    });

    const resumed = await startReasoningJob({ db, reasoner: rules(), resume: true }).done;
    expect(resumed).toMatchObject({ status: 'completed', runId: cancelled.runId, resumed: true });
    expect(resumed.items).toMatchObject({
      total: catalog,
      cached: cancelled.items.reasoned,
      reasoned: catalog - cancelled.items.reasoned,
      failed: 0,
    });
    expect(storedItems()).toBe(catalog);
    expect(reasoningRun(db, cancelled.runId)!.status).toBe('completed');
  });
});
