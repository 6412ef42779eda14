import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  itemsForReasoning,
  latestReasoningRun,
  storedItemFeatures,
} from '../../../core/db/runs/load-queries.js';
import { reasoningFailures, reasoningRun } from '../../../core/db/reasoning/runs.js';
import { openDatabase } from '../../../core/db/open.js';
import { ensureDemoDatabase } from '../../../core/demo/index.js';
import type { ClientForReasoning, ItemForReasoning } from '../../../core/domain/catalog.js';
import { startReasoningJob } from '../../../core/jobs/reason/job.js';
import { loadEngineInput } from '../../../core/runs/load.js';
import { llmPromptVersion } from '../../../core/reasoning/llama/prompts.js';
import { ReasoningOutputError } from '../../../core/reasoning/llama/chain.js';
import { LlamaReasoner } from '../../../core/reasoning/llama/reasoner.js';
import { RulesReasoner, priceTierTable } from '../../../core/reasoning/rules/index.js';
import type { ClientReasoning, ItemReasoning, Reasoner } from '../../../core/reasoning/types.js';
import { createTestBoutique, testBounds, tinyChatModel, type TestBoutique } from '../../support/llm.js';

/**
 * The plausibility gate inside the reasoning job: what passes becomes features, what does not is a failure
 * with its reason, and a run whose first answers are mostly refused ends as "not usable", never offered to
 * optimize, however it is resumed.
 */

let llama: Llama;
let boutique: TestBoutique | null = null;
beforeAll(async () => {
  llama = await getLlama({ build: 'never', gpu: false, maxThreads: 1, logLevel: LlamaLogLevel.error });
});
afterAll(async () => {
  await llama.dispose();
});
afterEach(() => {
  boutique?.cleanup();
  boutique = null;
});

const good = (item: ItemForReasoning): ItemReasoning => ({
  love: `Collectors who want a timeless ${item.title.toLowerCase()} for the office.`,
  dislike: 'Clients who prefer playful, colourful pieces would find it too formal.',
  features: [
    { phrase: item.title, facet: 'category', weight: 1 },
    { phrase: 'classic', facet: 'style', weight: 0.75 },
  ],
});
const gibberish: ItemReasoning = {
  love: 'o wk r agslx nret2 m l e',
  dislike: 'tq zz a frp',
  features: [{ phrase: 'o wk r', facet: 'style', weight: 1 }],
};

/** A model that answers well about the items named, and random letters about the others. */
class ScriptedModel implements Reasoner {
  readonly kind = 'llama' as const;
  readonly promptVersion = llmPromptVersion;
  calls = 0;
  constructor(
    private readonly goodItems: ReadonlySet<string>,
    readonly model = 'scripted.gguf@0000',
  ) {}
  /** Answer the items not named with text that never validates, instead of random letters. */
  invalid = false;
  reasonItem(item: ItemForReasoning): Promise<ItemReasoning> {
    this.calls++;
    if (this.invalid && !this.goodItems.has(item.externalId))
      return Promise.reject(
        new ReasoningOutputError('love', [{ text: '{"lo', error: 'expected a JSON object' }]),
      );
    return Promise.resolve(this.goodItems.has(item.externalId) ? good(item) : gibberish);
  }
  reasonClient(client: ClientForReasoning): Promise<ClientReasoning> {
    this.calls++;
    void client;
    return Promise.resolve({ likes: 'x', dislikes: 'y', corePreference: 'z', features: [] });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const featureRows = (b: TestBoutique): number =>
  b.db.prepare(`SELECT count(*) FROM item_features WHERE reasoner = 'llama'`).pluck().get() as number;

describe('the plausibility gate in the reasoning job', () => {
  it("passes the rules reasoner's reasoning of the whole demo catalog and its clients: 0 failures", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'atelier-gate-'));
    const db = openDatabase(ensureDemoFile(folder));
    try {
      const rules = new RulesReasoner({ priceTiers: priceTierTable(itemsForReasoning(db)) });
      const summary = await startReasoningJob({ db, reasoner: rules, clients: true }).done;
      expect(summary.status).toBe('completed');
      expect(summary.items.total).toBeGreaterThan(400);
      expect(summary.clients.total).toBeGreaterThan(700);
      expect(summary.failed).toBe(0);
      expect(summary.gateFailures).toEqual([]);
      expect(reasoningFailures(db, 'rules')).toEqual([]);
    } finally {
      db.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("ends a run of the tiny random model as not usable, with each refusal's reason, and no features", async () => {
    boutique = createTestBoutique();
    const r = await LlamaReasoner.create({
      modelPath: tinyChatModel,
      llama,
      threads: 1,
      gpu: false,
      sequences: 1,
      bounds: testBounds,
    });
    try {
      const summary = await startReasoningJob({ db: boutique.db, reasoner: r, clients: true, parallel: 1 })
        .done;
      expect(summary.status).toBe('failed');
      expect(summary.error).toMatch(
        /^the model's output is not usable: \d+ of its first \d+ answers failed the plausibility gate \(/,
      );
      // 7 subjects (5 items, 2 clients): more than 20 % refused stops it at the second refusal.
      expect(summary.gateFailures.length).toBeGreaterThanOrEqual(2);
      expect(summary.clients.reasoned).toBe(0);
      expect(reasoningRun(boutique.db, summary.runId)).toMatchObject({
        status: 'failed',
        error: summary.error,
      });
      const failures = reasoningFailures(boutique.db, 'llama');
      expect(failures.length).toBe(summary.failed);
      for (const f of failures) {
        expect(f).toMatchObject({ kind: 'output', step: 'gate', runId: summary.runId });
        expect(f.error).toMatch(/^(not words|ungrounded|echo|repeated): /);
        expect(f.error.startsWith(`${f.reason}: `)).toBe(true);
        expect(JSON.parse(f.rawText)).toHaveProperty('features');
      }
      expect(featureRows(boutique)).toBe(0);
      expect(latestReasoningRun(boutique.db, 'llama')).toBeNull();
    } finally {
      await r.close();
    }
  });

  it('stores and offers nothing of a not-usable run to optimize, not even the answers that passed', async () => {
    boutique = createTestBoutique();
    const model = new ScriptedModel(new Set(['bag-black', 'ring']));
    const summary = await startReasoningJob({ db: boutique.db, reasoner: model, parallel: 1 }).done;
    // Kelly pair (one unit) and the ring pass; the scarf and the perfume do not: 2 of 5 is more than 20 %.
    expect(summary).toMatchObject({ status: 'failed', failed: 2 });
    expect(summary.gateFailures.map((f) => [f.label, f.reason])).toEqual([
      ['Silk scarf', 'not words'],
      ['Oud perfume', 'not words'],
    ]);
    expect(featureRows(boutique)).toBe(0);
    expect(latestReasoningRun(boutique.db, 'llama')).toBeNull();
    expect(storedItemFeatures(boutique.db, 'llama')).toEqual([]);
    const input = loadEngineInput(boutique.db, { reasoner: 'llama', now: new Date('2025-06-01T00:00:00Z') });
    expect(input.features).toMatchObject({ reasoner: 'rules', reasoningRunId: null, storedItems: 0 });
  });

  it('stores nothing of a not-usable run: an earlier completed run of the reasoner keeps its features', async () => {
    boutique = createTestBoutique();
    const everything = new Set(['bag-black', 'scarf', 'ring', 'perfume']);
    const earlier = await startReasoningJob({
      db: boutique.db,
      reasoner: new ScriptedModel(everything, 'good.gguf@1111'),
    }).done;
    expect(earlier).toMatchObject({ status: 'completed', failed: 0 });
    const before = storedItemFeatures(boutique.db, 'llama');
    expect(new Set(before.map((f) => f.itemId)).size).toBe(5);

    // Another model of the same reasoner answers well about the Kelly pair and the ring only: not usable.
    const worse = await startReasoningJob({
      db: boutique.db,
      reasoner: new ScriptedModel(new Set(['bag-black', 'ring']), 'bad.gguf@2222'),
      parallel: 1,
    }).done;
    expect(worse).toMatchObject({ status: 'failed', failed: 2 });
    expect(storedItemFeatures(boutique.db, 'llama')).toEqual(before);
    expect(
      boutique.db.prepare(`SELECT count(*) FROM item_reasoning WHERE run_id = ?`).pluck().get(worse.runId),
    ).toBe(0);
    expect(latestReasoningRun(boutique.db, 'llama')).toMatchObject({ runId: earlier.runId });
    const input = loadEngineInput(boutique.db, { reasoner: 'llama', now: new Date('2025-06-01T00:00:00Z') });
    expect(input.features).toMatchObject({ reasoningRunId: earlier.runId, storedItems: 5 });
  });

  it('counts answers that never validate against the run, and stops it as not usable', async () => {
    boutique = createTestBoutique();
    const model = new ScriptedModel(new Set(['bag-black', 'ring']));
    model.invalid = true;
    const summary = await startReasoningJob({ db: boutique.db, reasoner: model, parallel: 1 }).done;
    expect(summary).toMatchObject({ status: 'failed', failed: 2 });
    expect(summary.error).toBe(
      "the model's output is not usable: 2 of its first 5 answers were not usable (invalid output 2)",
    );
    expect(summary.gateFailures.map((f) => [f.label, f.reason, f.detail])).toEqual([
      ['Silk scarf', 'invalid output', 'invalid output: step love: attempt 1: expected a JSON object'],
      ['Oud perfume', 'invalid output', 'invalid output: step love: attempt 1: expected a JSON object'],
    ]);
    // Recorded as output failures with the model's text; not the gate's, so without a gate reason.
    expect(reasoningFailures(boutique.db, 'llama').map((f) => [f.step, f.reason, f.rawText])).toEqual([
      ['love', null, '{"lo'],
      ['love', null, '{"lo'],
    ]);
    expect(featureRows(boutique)).toBe(0);
  });

  it('keeps the gate on a resumed run: cached answers are judged again and the run fails the same way', async () => {
    boutique = createTestBoutique();
    const first = await startReasoningJob({
      db: boutique.db,
      reasoner: new ScriptedModel(new Set(['bag-black', 'ring'])),
      parallel: 1,
    }).done;
    expect(first.status).toBe('failed');

    const again = new ScriptedModel(new Set(['bag-black', 'ring']));
    const resumed = await startReasoningJob({ db: boutique.db, reasoner: again, resume: true }).done;
    expect(resumed).toMatchObject({
      runId: first.runId,
      resumed: true,
      status: 'failed',
      error: first.error,
    });
    expect(again.calls).toBe(0);
    expect(resumed.items).toMatchObject({ cached: 5, reasoned: 0, failed: 2 });
    expect(reasoningRun(boutique.db, first.runId)!.status).toBe('failed');
    expect(latestReasoningRun(boutique.db, 'llama')).toBeNull();

    // A model that now answers well about everything, asked again about the refused: the run completes.
    const better = new ScriptedModel(new Set(['bag-black', 'scarf', 'ring', 'perfume']));
    const retried = await startReasoningJob({
      db: boutique.db,
      reasoner: better,
      resume: true,
      retryFailed: true,
    }).done;
    expect(retried).toMatchObject({ runId: first.runId, status: 'completed', failed: 0 });
    expect(better.calls).toBe(2);
    expect(latestReasoningRun(boutique.db, 'llama')).toMatchObject({ runId: first.runId });
    expect(new Set(storedItemFeatures(boutique.db, 'llama').map((f) => f.itemId)).size).toBe(5);
  });
});

function ensureDemoFile(folder: string): string {
  const file = join(folder, 'demo.db');
  ensureDemoDatabase(file);
  return file;
}
