import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  finishReasoningRun,
  reasoningFailures,
  reasoningRun,
  startReasoningRun,
  storeOutcome,
} from '../../../core/db/reasoning/runs.js';
import { startReasoningJob } from '../../../core/jobs/reason/job.js';
import { itemContentHash } from '../../../core/jobs/reason/plan.js';
import { itemData, itemSystemPrompt, resolveBounds } from '../../../core/reasoning/llama/prompts.js';
import { LlamaReasoner, type LlamaReasonerOptions } from '../../../core/reasoning/llama/reasoner.js';
import { itemsForReasoning } from '../../../core/db/runs/load-queries.js';
import type { Facet } from '../../../core/domain/features.js';
import type { ItemReasoning } from '../../../core/reasoning/types.js';
import {
  boutiqueCounts,
  createTestBoutique,
  testBounds,
  tinyChatModel,
  type TestBoutique,
} from '../../support/llm.js';

let llama: Llama;
let boutique: TestBoutique;
const reasoners: LlamaReasoner[] = [];

beforeAll(async () => {
  llama = await getLlama({ build: 'never', gpu: false, maxThreads: 1, logLevel: LlamaLogLevel.error });
});
afterAll(async () => {
  await llama.dispose();
});
afterEach(async () => {
  for (const r of reasoners.splice(0)) await r.close();
  boutique?.cleanup();
});

async function reasoner(options: Partial<LlamaReasonerOptions> = {}): Promise<LlamaReasoner> {
  const r = await LlamaReasoner.create({
    modelPath: tinyChatModel,
    llama,
    threads: 1,
    gpu: false,
    sequences: 2,
    bounds: testBounds,
    ...options,
  });
  reasoners.push(r);
  return r;
}

interface FeatureRow {
  itemId: number;
  feature: string;
  facet: Facet;
  weight: number;
  model: string;
  promptVersion: string;
}

function itemFeatures(b: TestBoutique): FeatureRow[] {
  return b.db
    .prepare(
      `SELECT item_id AS itemId, feature, facet, weight, model, prompt_version AS promptVersion FROM item_features
       WHERE reasoner = 'llama' ORDER BY item_id, feature`,
    )
    .all() as FeatureRow[];
}

/**
 * The random-weight model's answers are valid JSON but not language: the plausibility gate refuses every one
 * (test/integration/reasoning/gate.test.ts shows such a run stopping as not usable). These tests exercise the
 * machinery (grammar, cache, cancel and resume, embeddings) through a whole run, so they let it run to the end.
 */
const tolerant = { usability: { sample: 20, maxFailedShare: 1 } } as const;

/** Every refusal is the gate's, with the answer as its raw text. */
function expectRefusedByTheGate(b: TestBoutique, count: number): void {
  const failures = reasoningFailures(b.db, 'llama');
  expect(failures).toHaveLength(count);
  for (const f of failures) {
    expect(f).toMatchObject({ kind: 'output', step: 'gate' });
    expect(f.error).toMatch(/^(not words|ungrounded|echo|repeated): /);
  }
}

describe('llama reasoner and the reasoning job', () => {
  it('reasons items and clients through the grammar; the gate refuses the random answers as features', async () => {
    boutique = createTestBoutique();
    const r = await reasoner();
    const summary = await startReasoningJob({ db: boutique.db, reasoner: r, clients: true, ...tolerant })
      .done;

    expect(summary.status).toBe('completed');
    // Before the gate these were "0 failed", their gibberish stored as features: the bug the gate fixes.
    expect(summary.items).toEqual({ reasoned: 5, cached: 0, failed: 5, total: 5 });
    expect(summary.clients).toEqual({ reasoned: 2, cached: 0, failed: 2, total: 2 });
    // 3 steps per variant unit (the two Kelly bags are reasoned once) and per consenting client, plus the
    // retries of steps whose random output did not validate the first time.
    const calls = 3 * boutiqueCounts.units + 3 * boutiqueCounts.consentingClients;
    expect(summary.modelCalls).toBeGreaterThanOrEqual(calls);
    expect(summary.modelCalls).toBeLessThanOrEqual(2 * calls);
    expect(summary.outputTokens).toBeGreaterThan(0);
    expect(summary.tokensPerSecond).toBeGreaterThan(0);

    expect(itemFeatures(boutique)).toEqual([]);
    expectRefusedByTheGate(boutique, 7);
    const answers = reasoningFailures(boutique.db, 'llama').filter((f) => f.subject === 'item');
    for (const f of answers) {
      const answer = JSON.parse(f.rawText) as ItemReasoning;
      expect(answer.love.length).toBeGreaterThan(0);
      expect(answer.love.length).toBeLessThanOrEqual(testBounds.sentence);
      for (const feature of answer.features) expect([0.25, 0.5, 0.75, 1]).toContain(feature.weight);
    }
    const kelly = answers.filter((f) =>
      [boutique.itemId('bag-black'), boutique.itemId('bag-gold')].includes(f.subjectId),
    );
    expect(kelly).toHaveLength(2);
    expect(kelly[0]!.rawText).toBe(kelly[1]!.rawText);
    expect(boutique.db.prepare(`SELECT count(*) FROM item_reasoning`).pluck().get()).toBe(0);
    expect(boutique.db.prepare(`SELECT count(*) FROM client_reasoning`).pluck().get()).toBe(0);

    const run = reasoningRun(boutique.db, summary.runId)!;
    expect(run.status).toBe('completed');
    expect(run.model).toBe(r.model);
    expect(run.progressDone).toBe(7);
    expect(run.metrics['reasoned']).toBe(7);
  });

  it('answers a re-run from the cache without loading the model, and re-reasons only a changed item', async () => {
    boutique = createTestBoutique();
    await startReasoningJob({ db: boutique.db, reasoner: await reasoner(), clients: true, ...tolerant }).done;
    const before = reasoningFailures(boutique.db, 'llama');

    const fresh = await reasoner();
    const again = await startReasoningJob({ db: boutique.db, reasoner: fresh, clients: true, ...tolerant })
      .done;
    // The cached answers are judged again, and refused again.
    expect(again).toMatchObject({ reasoned: 0, cached: 7, failed: 7, modelCalls: 0, status: 'completed' });
    expect(fresh.isLoaded).toBe(false);
    expect(itemFeatures(boutique)).toEqual([]);
    const judged = (failures: typeof before): string[] =>
      failures.map((f) => JSON.stringify([f.subject, f.subjectId, f.error, f.rawText])).sort();
    expect(judged(reasoningFailures(boutique.db, 'llama'))).toEqual(judged(before));

    boutique.db
      .prepare(`UPDATE items SET description = 'Hammered band in recycled gold.' WHERE external_id = 'ring'`)
      .run();
    const changed = await startReasoningJob({ db: boutique.db, reasoner: fresh, ...tolerant }).done;
    expect(changed.items).toEqual({ reasoned: 1, cached: 4, failed: 5, total: 5 });
    expect(changed.modelCalls).toBeGreaterThanOrEqual(3);
    expect(changed.modelCalls).toBeLessThanOrEqual(6);
  });

  it('evaluates the shared system prompt once per sequence', async () => {
    boutique = createTestBoutique();
    const r = await reasoner({ sequences: 1 });
    const [bag, , scarf] = itemsForReasoning(boutique.db);
    const model = await llama.loadModel({ modelPath: tinyChatModel });
    const systemTokens = model.tokenize(itemSystemPrompt(resolveBounds(testBounds))).length;
    const scarfTokens = model.tokenize(itemData(scarf!)).length;
    await model.dispose();

    await r.reasonItem(bag!);
    const afterFirst = r.usage().inputTokens;
    await r.reasonItem(scarf!);
    const second = r.usage().inputTokens - afterFirst;
    // The second item evaluates its own data and step cues, not the system prompt again.
    expect(systemTokens).toBeGreaterThan(200);
    expect(second).toBeGreaterThanOrEqual(scarfTokens);
    expect(second).toBeLessThan(scarfTokens + systemTokens / 2);
    expect(afterFirst).toBeGreaterThan(systemTokens);
  });

  it('cancels mid-job keeping finished items, then resumes the same run and reasons only the rest', async () => {
    boutique = createTestBoutique();
    const r = await reasoner({ sequences: 1 });
    const controller = new AbortController();
    const first = startReasoningJob({
      db: boutique.db,
      reasoner: r,
      parallel: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.counts.reasoned >= 2) controller.abort();
      },
      ...tolerant,
    });
    const cancelled = await first.done;
    expect(cancelled.status).toBe('cancelled');
    const finished = cancelled.items.reasoned;
    expect(finished).toBeGreaterThanOrEqual(2);
    expect(finished).toBeLessThan(5);
    expect(reasoningRun(boutique.db, cancelled.runId)!.status).toBe('cancelled');
    // Every finished item is kept: as a refusal of the gate (the random model's answers are not features).
    expect(boutique.db.prepare(`SELECT count(*) FROM item_reasoning`).pluck().get()).toBe(0);
    expectRefusedByTheGate(boutique, finished);

    const callsBefore = r.usage().modelCalls;
    const resumed = await startReasoningJob({ db: boutique.db, reasoner: r, resume: true, ...tolerant }).done;
    expect(resumed.runId).toBe(cancelled.runId);
    expect(resumed.resumed).toBe(true);
    expect(resumed.status).toBe('completed');
    expect(resumed.items.cached).toBe(finished);
    expect(resumed.items.reasoned).toBe(5 - finished);
    expect(r.usage().modelCalls - callsBefore).toBe(resumed.modelCalls);
    expectRefusedByTheGate(boutique, 5);
    expect(reasoningRun(boutique.db, cancelled.runId)!.status).toBe('completed');
  });

  it('records output cut at the token limit as a failure with its raw text, never as features', async () => {
    boutique = createTestBoutique();
    const r = await reasoner({ maxTokens: 4, sequences: 1 });
    // Every answer cut short would stop the run as not usable: the tolerant policy lets it show the machinery.
    const summary = await startReasoningJob({ db: boutique.db, reasoner: r, limit: 3, ...tolerant }).done;
    expect(summary.status).toBe('completed');
    expect(summary.items).toEqual({ reasoned: 3, cached: 0, failed: 3, total: 3 });
    // Two units (the Kelly pair, the scarf), each failing its first step twice: try and retry.
    expect(summary.modelCalls).toBe(4);
    expect(itemFeatures(boutique)).toEqual([]);
    const failures = reasoningFailures(boutique.db, 'llama');
    expect(failures).toHaveLength(3);
    for (const f of failures) {
      expect(f).toMatchObject({ subject: 'item', kind: 'output', step: 'love', model: r.model });
      expect(f.error).toContain('truncated');
      expect(f.rawText.length).toBeGreaterThan(0);
    }

    const again = await startReasoningJob({ db: boutique.db, reasoner: r, limit: 3, ...tolerant }).done;
    expect(again).toMatchObject({ reasoned: 0, cached: 3, failed: 3, modelCalls: 0 });
    const retried = await startReasoningJob({
      db: boutique.db,
      reasoner: r,
      limit: 3,
      retryFailed: true,
      ...tolerant,
    }).done;
    expect(retried.modelCalls).toBe(4);
  });

  it('embeds feature phrases and merges synonyms by cosine', async () => {
    boutique = createTestBoutique();
    const r = await reasoner({ embeddingModelPath: tinyChatModel });
    // The random model's own answers never become features: the cache holds plausible ones in its name, so the
    // phrases embedded (by the real model) are features the gate let through.
    const answers: Record<string, string[]> = {
      'bag-black': ['structured calfskin', 'black bag', 'top handle'],
      'bag-gold': ['structured calfskin', 'gold bag', 'top handle'],
      scarf: ['silk scarf', 'blue silk'],
      ring: ['gold ring', 'hammered gold'],
      perfume: ['oud perfume', 'smoky fragrance'],
    };
    const now = '2025-06-01T00:00:00.000Z';
    const key = { reasoner: r.kind, model: r.model, promptVersion: r.promptVersion };
    const seeding = startReasoningRun(boutique.db, key, {}, now);
    finishReasoningRun(boutique.db, seeding, {
      status: 'cancelled',
      metrics: {},
      finishedAt: now,
      durationMs: 0,
      error: null,
    });
    for (const item of itemsForReasoning(boutique.db)) {
      const output: ItemReasoning = {
        love: `Clients who love a ${item.title.toLowerCase()} from ${item.maison}.`,
        dislike: 'Clients who prefer playful, colourful pieces.',
        features: answers[item.externalId]!.map((phrase) => ({ phrase, facet: 'style', weight: 0.75 })),
      };
      const cacheKey = {
        subject: 'item',
        contentHash: itemContentHash(item),
        model: r.model,
        promptVersion: r.promptVersion,
      } as const;
      storeOutcome(boutique.db, cacheKey, { status: 'ok', output }, seeding, now);
    }
    const summary = await startReasoningJob({ db: boutique.db, reasoner: r, mergeThreshold: 0.95 }).done;
    expect(summary.embeddings.status).toBe('merged');
    expect(summary).toMatchObject({ status: 'completed', failed: 0, cached: 5 });
    const phrases = new Set(itemFeatures(boutique).map((f) => f.feature));
    const vectors = boutique.db
      .prepare(`SELECT feature, dimensions FROM feature_embeddings WHERE model = ?`)
      .all(r.model) as { feature: string; dimensions: number }[];
    expect(vectors.length).toBe(summary.embeddings.embedded);
    for (const v of vectors) expect(v.dimensions).toBe(32);
    for (const p of phrases) expect(vectors.map((v) => v.feature)).toContain(p);
    const synonyms = boutique.db
      .prepare(`SELECT feature, canonical, similarity FROM feature_synonyms WHERE reasoner = 'llama'`)
      .all() as { feature: string; canonical: string; similarity: number }[];
    expect(synonyms.length).toBe(summary.embeddings.merged);
    for (const s of synonyms) {
      expect(s.similarity).toBeGreaterThanOrEqual(0.95);
      expect(phrases.has(s.feature)).toBe(false);
      expect(phrases.has(s.canonical)).toBe(true);
    }
  });
});
