import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiContext } from '../context.js';
import type { ServerHandlers } from '../dispatch.js';
import type { EngineResults } from '../contract.js';
import type { ModelFile, RunRecord } from '../types.js';
import { inspectModel, type ModelInfo } from '../../reasoning/models.js';
import { latestCompletedRun, runningOptimizeRun } from '../../db/engine-store.js';
import { latestReasoningRun } from '../../db/engine-queries.js';
import { reasoningRun } from '../../db/features-store.js';
import { logger } from '../../log.js';

const log = logger('api');

function parameters(count: number): string | null {
  if (!count) return null;
  return count >= 1e9
    ? `${(count / 1e9).toFixed(1)}B`
    : count >= 1e6
      ? `${Math.round(count / 1e6)}M`
      : `${Math.round(count / 1e3)}K`;
}

export const modelFile = (info: ModelInfo): ModelFile => ({
  path: info.file,
  fileName: info.fileName,
  sizeBytes: info.sizeBytes,
  architecture: info.architecture || null,
  parameters: parameters(info.parameterCount),
  quantization: info.quantisation || null,
  contextLength: info.contextLength,
});

export function engineHandlers(ctx: ApiContext): Pick<ServerHandlers, keyof EngineResults> {
  return {
    /**
     * The runs the app knows how to read: the optimisation running now, the last completed one, and each
     * reasoner's latest completed reasoning run, newest first.
     */
    'engine.runs': ({ limit }) => {
      const runs = new Map<number, RunRecord>();
      for (const run of [runningOptimizeRun(ctx.db), latestCompletedRun(ctx.db)]) {
        if (run) runs.set(run.id, { ...run, kind: 'optimize' });
      }
      for (const reasoner of ['rules', 'llama', 'openai'] as const) {
        const latest = latestReasoningRun(ctx.db, reasoner);
        const run = latest && reasoningRun(ctx.db, latest.runId);
        if (run) runs.set(run.id, { ...run, kind: 'reason' });
      }
      return [...runs.values()].sort((a, b) => b.id - a.id).slice(0, limit);
    },

    /** The GGUF files in the app's model folders, read from their headers (nothing is loaded). */
    'engine.models': async () => {
      const models: ModelFile[] = [];
      for (const dir of ctx.modelDirs) {
        let names: string[];
        try {
          names = readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.gguf'));
        } catch {
          continue;
        }
        for (const name of names.sort()) {
          try {
            models.push(modelFile(await inspectModel(join(dir, name))));
          } catch (error) {
            log.warn('skipped a model file', { file: join(dir, name), error: String(error) });
          }
        }
      }
      return models;
    },

    'engine.inspectModel': async ({ path }) => modelFile(await inspectModel(path)),
  };
}
