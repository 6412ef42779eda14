/**
 * LLM reasoning benchmark: reasons the first N items of the demo boutique with a GGUF model, once per
 * parallel-sequence setting (each in a fresh database, so nothing is cached), then re-runs the last one to time
 * a fully cached pass. Prints generated tokens/s, items/min and model calls per setting, and the re-run time.
 *
 *   npx tsx scripts/bench-llm.ts [--model FILE] [--items 24] [--sequences 1,4] [--threads N]
 *
 * The default model is ../shared/models/tiny-random-chatml.gguf: its text is gibberish, so the figures measure
 * the machinery (prefix reuse, batching, grammar, cache), not a real model's speed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import { openDatabase } from '../core/db/open.js';
import { seedDemo } from '../core/demo/index.js';
import { startReasoningJob, type ReasoningSummary } from '../core/jobs/reason/job.js';
import { LlamaReasoner } from '../core/reasoning/llama/reasoner.js';
import { physicalCores } from '../core/reasoning/llama/threads.js';

const { values } = parseArgs({
  options: {
    model: {
      type: 'string',
      default: resolve(import.meta.dirname, '../../shared/models/tiny-random-chatml.gguf'),
    },
    items: { type: 'string', default: '24' },
    sequences: { type: 'string', default: '1,4' },
    threads: { type: 'string' },
  },
});
const items = Number(values.items);
const settings = values.sequences.split(',').map(Number);
const threads = values.threads ? Number(values.threads) : physicalCores();
if (!Number.isInteger(items) || items < 1 || settings.some((n) => !Number.isInteger(n) || n < 1))
  throw new Error('--items and --sequences take whole numbers of at least 1');

const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-llm-'));
const llama = await getLlama({
  build: 'never',
  gpu: false,
  maxThreads: threads,
  logLevel: LlamaLogLevel.error,
});
/**
 * Throughput over every item: a model whose answers the plausibility gate refuses (the tiny random one) would
 * otherwise stop as not usable after a few items. Its refusals are still failures, never features.
 */
const usability = { sample: 20, maxFailedShare: 1 } as const;
const line = (cells: (string | number)[]): void =>
  console.log(cells.map((c, i) => String(c).padStart(i === 0 ? 14 : 12)).join(''));

try {
  console.log(
    `model ${values.model}\n${items} demo items, ${threads} threads (physical cores: ${physicalCores()})\n`,
  );
  line(['setting', 'seconds', 'items/min', 'tokens/s', 'calls', 'in tokens', 'out tokens']);
  let last: { file: string; summary: ReasoningSummary } | null = null;
  for (const sequences of settings) {
    const file = join(dir, `bench-${sequences}.db`);
    const db = openDatabase(file);
    seedDemo(db, { items: 200, clients: 50 }, () => '2025-10-01T00:00:00.000Z');
    const reasoner = await LlamaReasoner.create({
      modelPath: values.model,
      llama,
      threads,
      sequences,
      gpu: false,
    });
    await reasoner.load();
    const summary = await startReasoningJob({ db, reasoner, limit: items, usability }).done;
    await reasoner.close();
    db.close();
    line([
      `${sequences} sequence${sequences > 1 ? 's' : ''}`,
      (summary.durationMs / 1000).toFixed(2),
      summary.itemsPerMinute.toFixed(1),
      summary.tokensPerSecond.toFixed(1),
      summary.modelCalls,
      summary.inputTokens,
      summary.outputTokens,
    ]);
    last = { file, summary };
  }
  if (last) {
    const db = openDatabase(last.file);
    const reasoner = await LlamaReasoner.create({ modelPath: values.model, llama, threads, gpu: false });
    const started = performance.now();
    const rerun = await startReasoningJob({ db, reasoner, limit: items, usability }).done;
    const ms = performance.now() - started;
    await reasoner.close();
    db.close();
    console.log(
      `\ncached re-run: ${ms.toFixed(0)} ms for ${rerun.total} items ` +
        `(${rerun.cached} cached, ${rerun.reasoned} reasoned, ${rerun.modelCalls} model calls, ` +
        `model loaded: ${reasoner.isLoaded ? 'yes' : 'no'})`,
    );
  }
} finally {
  await llama.dispose();
  rmSync(dir, { recursive: true, force: true });
}
