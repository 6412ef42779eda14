import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiContext } from '../context.js';
import type { ServerHandlers } from '../dispatch.js';
import type { EngineResults } from '../contract/index.js';
import type { ModelFile } from '../contract/index.js';
import { inspectModel, type ModelInfo } from '../../reasoning/models.js';
import { listRuns } from '../../db/runs/runs.js';
import { logger } from '../../log.js';
import { inspectableModelPath } from './model-path.js';

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
     * Every run, newest first, whatever became of it: a cancelled or failed run belongs in the history as
     * much as a completed one (with its error, or how far it got).
     */
    'engine.runs': ({ limit, kind, status }) => listRuns(ctx.db, { limit, kind, status }),

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

    'engine.inspectModel': async ({ path }) =>
      modelFile(await inspectModel(await inspectableModelPath(path, ctx.modelDirs))),
  };
}
