import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reasoningFailures, reasoningRun } from '../../../core/db/reasoning/runs.js';
import { startReasoningJob } from '../../../core/jobs/reason/job.js';
import { itemData, itemSystemPrompt, resolveBounds } from '../../../core/reasoning/llama/prompts.js';
import { LlamaReasoner, type LlamaReasonerOptions } from '../../../core/reasoning/llama/reasoner.js';
import { normalizeFeature } from '../../../core/domain/vocabulary.js';
import { itemsForReasoning } from '../../../core/db/runs/load-queries.js';
import type { Facet } from '../../../core/domain/features.js';
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

describe('llama reasoner and the reasoning job', () => {
  it('reasons items and clients through the grammar into stored, normalised features', async () => {
    boutique = createTestBoutique();
    const r = await reasoner();
    const summary = await startReasoningJob({ db: boutique.db, reasoner: r, clients: true }).done;

    expect(summary.status).toBe('completed');
    expect(summary.items).toEqual({ reasoned: 5, cached: 0, failed: 0, total: 5 });
    expect(summary.clients).toEqual({ reasoned: 2, cached: 0, failed: 0, total: 2 });
    // 3 steps per variant unit (the two Kelly bags are reasoned once) and per consenting client, plus the
    // retries of steps whose random output did not validate the first time.
    const calls = 3 * boutiqueCounts.units + 3 * boutiqueCounts.consentingClients;
    expect(summary.modelCalls).toBeGreaterThanOrEqual(calls);
    expect(summary.modelCalls).toBeLessThanOrEqual(2 * calls);
    expect(summary.outputTokens).toBeGreaterThan(0);
    expect(summary.tokensPerSecond).toBeGreaterThan(0);

    const features = itemFeatures(boutique);
    const itemsWithFeatures = new Set(features.map((f) => f.itemId));
    expect(itemsWithFeatures.size).toBe(5);
    for (const f of features) {
      expect(normalizeFeature(f.feature, f.facet)).toBe(f.feature);
      expect(f.model).toBe(r.model);
      expect(f.promptVersion).toBe(r.promptVersion);
      expect([0.25, 0.5, 0.75, 1]).toContain(f.weight);
    }
    const black = features.filter((f) => f.itemId === boutique.itemId('bag-black')).map((f) => f.feature);
    const gold = features.filter((f) => f.itemId === boutique.itemId('bag-gold')).map((f) => f.feature);
    expect(gold).toEqual(black);
    const love = boutique.db
      .prepare(`SELECT love, dislike, model FROM item_reasoning WHERE item_id = ?`)
      .get(boutique.itemId('ring')) as { love: string; dislike: string; model: string };
    expect(love.love.length).toBeGreaterThan(0);
    expect(love.love.length).toBeLessThanOrEqual(testBounds.sentence);

    const clientRows = boutique.db
      .prepare(`SELECT client_id AS clientId, likes, core_preference AS core, features FROM client_reasoning`)
      .all() as { clientId: number; likes: string; core: string; features: string }[];
    expect(clientRows.map((c) => c.clientId).sort()).toEqual(
      [boutique.clientId('c1'), boutique.clientId('c2')].sort(),
    );
    for (const c of clientRows) expect(c.core.length).toBeGreaterThan(0);

    const run = reasoningRun(boutique.db, summary.runId)!;
    expect(run.status).toBe('completed');
    expect(run.model).toBe(r.model);
    expect(run.progressDone).toBe(7);
    expect(run.metrics['reasoned']).toBe(7);
  });

  it('answers a re-run from the cache without loading the model, and re-reasons only a changed item', async () => {
    boutique = createTestBoutique();
    await startReasoningJob({ db: boutique.db, reasoner: await reasoner(), clients: true }).done;
    const before = itemFeatures(boutique);

    const fresh = await reasoner();
    const again = await startReasoningJob({ db: boutique.db, reasoner: fresh, clients: true }).done;
    expect(again).toMatchObject({ reasoned: 0, cached: 7, failed: 0, modelCalls: 0, status: 'completed' });
    expect(fresh.isLoaded).toBe(false);
    expect(itemFeatures(boutique)).toEqual(before);

    boutique.db
      .prepare(`UPDATE items SET description = 'Hammered band in recycled gold.' WHERE external_id = 'ring'`)
      .run();
    const changed = await startReasoningJob({ db: boutique.db, reasoner: fresh }).done;
    expect(changed.items).toEqual({ reasoned: 1, cached: 4, failed: 0, total: 5 });
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
    });
    const cancelled = await first.done;
    expect(cancelled.status).toBe('cancelled');
    const finished = cancelled.items.reasoned;
    expect(finished).toBeGreaterThanOrEqual(2);
    expect(finished).toBeLessThan(5);
    expect(reasoningRun(boutique.db, cancelled.runId)!.status).toBe('cancelled');
    const stored = boutique.db.prepare(`SELECT count(*) FROM item_reasoning`).pluck().get() as number;
    expect(stored).toBe(finished);

    const callsBefore = r.usage().modelCalls;
    const resumed = await startReasoningJob({ db: boutique.db, reasoner: r, resume: true }).done;
    expect(resumed.runId).toBe(cancelled.runId);
    expect(resumed.resumed).toBe(true);
    expect(resumed.status).toBe('completed');
    expect(resumed.items.cached).toBe(finished);
    expect(resumed.items.reasoned).toBe(5 - finished);
    expect(r.usage().modelCalls - callsBefore).toBe(resumed.modelCalls);
    expect(boutique.db.prepare(`SELECT count(*) FROM item_reasoning`).pluck().get()).toBe(5);
    expect(reasoningRun(boutique.db, cancelled.runId)!.status).toBe('completed');
  });

  it('records output cut at the token limit as a failure with its raw text, never as features', async () => {
    boutique = createTestBoutique();
    const r = await reasoner({ maxTokens: 4, sequences: 1 });
    const summary = await startReasoningJob({ db: boutique.db, reasoner: r, limit: 3 }).done;
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

    const again = await startReasoningJob({ db: boutique.db, reasoner: r, limit: 3 }).done;
    expect(again).toMatchObject({ reasoned: 0, cached: 3, failed: 3, modelCalls: 0 });
    const retried = await startReasoningJob({ db: boutique.db, reasoner: r, limit: 3, retryFailed: true })
      .done;
    expect(retried.modelCalls).toBe(4);
  });

  it('embeds feature phrases and merges synonyms by cosine', async () => {
    boutique = createTestBoutique();
    const r = await reasoner({ embeddingModelPath: tinyChatModel });
    const summary = await startReasoningJob({ db: boutique.db, reasoner: r, mergeThreshold: 0.95 }).done;
    expect(summary.embeddings.status).toBe('merged');
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
