import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { gateRefusalsByReason, reasoningFailures, reasoningRun } from '../../../core/db/reasoning/runs.js';
import { latestReasoningRun, storedItemFeatures } from '../../../core/db/runs/load-queries.js';
import { runById } from '../../../core/db/runs/runs.js';
import { seedDemo } from '../../../core/demo/index.js';
import { gateReasons } from '../../../core/domain/reasoners.js';
import { runEngine } from '../../../core/engine/index.js';
import { optimizeBoutique } from '../../../core/jobs/optimize.js';
import { startReasoningJob } from '../../../core/jobs/reason/job.js';
import { LlamaReasoner } from '../../../core/reasoning/llama/reasoner.js';
import { physicalCores } from '../../../core/reasoning/llama/threads.js';
import { testBounds, tinyChatModel } from '../../support/llm.js';

/**
 * The real random-weight GGUF reasoning a slice of the demo catalog, as a new user would try it: the run stops
 * early as not usable, every refusal is recorded with its reason and the model's text, nothing of it is stored
 * as features, and optimize asked for the Local LLM's features ignores the run.
 */

let llama: Llama;
let dir: string;
let db: Db;
beforeAll(async () => {
  llama = await getLlama({ build: 'never', gpu: false, logLevel: LlamaLogLevel.error });
  dir = mkdtempSync(join(tmpdir(), 'atelier-not-usable-'));
  db = openDatabase(join(dir, 'demo.db'));
  seedDemo(db, { clients: 50, items: 200 }, () => '2025-10-01T00:00:00.000Z');
});
afterAll(async () => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
  await llama.dispose();
});

describe('the tiny random model on the demo catalog', () => {
  it('stops as not usable within the first answers, stores nothing, and optimize ignores it', async () => {
    const reasoner = await LlamaReasoner.create({
      modelPath: tinyChatModel,
      llama,
      threads: physicalCores(),
      gpu: false,
      sequences: 1,
      bounds: testBounds,
    });
    const started = performance.now();
    const summary = await startReasoningJob({ db, reasoner, limit: 20, parallel: 1 }).done.finally(() =>
      reasoner.close(),
    );
    const seconds = (performance.now() - started) / 1000;

    expect(summary.status).toBe('failed');
    expect(summary.error).toMatch(
      /^the model's output is not usable: 5 of its first 5 answers failed the plausibility gate \(/,
    );
    // 20 % of 20 is 4: the fifth refusal settles it, 15 items are never asked about.
    expect(summary.items).toMatchObject({ total: 20, reasoned: 5, failed: 5 });
    expect(summary.gateFailures).toHaveLength(5);
    const failures = reasoningFailures(db, 'llama');
    expect(failures).toHaveLength(5);
    for (const f of failures) {
      expect(gateReasons).toContain(f.reason);
      expect(f).toMatchObject({ runId: summary.runId, kind: 'output', step: 'gate' });
      expect(f.error.startsWith(`${f.reason}: `)).toBe(true);
      expect(JSON.parse(f.rawText)).toHaveProperty('love');
    }
    const byReason = gateRefusalsByReason(db, summary.runId);
    expect(Object.values(byReason).reduce((a, b) => a + b, 0)).toBe(5);
    expect(reasoningRun(db, summary.runId)).toMatchObject({ status: 'failed', error: summary.error });
    expect(db.prepare(`SELECT count(*) FROM item_reasoning`).pluck().get()).toBe(0);
    expect(storedItemFeatures(db, 'llama')).toEqual([]);
    expect(latestReasoningRun(db, 'llama')).toBeNull();
    console.info(
      `tiny random model, ${physicalCores()} threads: stopped after ${summary.items.reasoned} of 20 items in ` +
        `${seconds.toFixed(1)} s; refusals by reason ${JSON.stringify(byReason)}`,
    );

    const optimised = await optimizeBoutique(db, runEngine, { reasoner: 'llama' });
    expect(optimised.features).toMatchObject({ reasoner: 'rules', reasoningRunId: null, storedItems: 0 });
    const run = runById(db, optimised.runId, 'optimize')!;
    expect(run).toMatchObject({ status: 'completed', reasoner: 'rules' });
    expect(run.params).toMatchObject({ requestedReasoner: 'llama' });
  }, 300_000);
});
