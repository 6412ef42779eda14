import { z } from 'zod';
import { runKinds, runStatuses, type RunKind } from '../../domain/runs.js';
import { noArgs, type RunInfo } from './shared.js';

// ---- engine: runs and models ------------------------------------------------------------------------------

export const engineMethods = {
  'engine.runs': z.object({
    limit: z.number().int().min(1).max(200).default(30),
    /** Only runs of this kind, or in this status (the Engine screen's reasoners with completed runs). */
    kind: z.enum(runKinds).optional(),
    status: z.enum(runStatuses).optional(),
  }),
  'engine.models': noArgs,
  'engine.inspectModel': z.object({ path: z.string().trim().min(1).max(4096) }),
};
export interface EngineResults {
  'engine.runs': readonly RunRecord[];
  'engine.models': readonly ModelFile[];
  'engine.inspectModel': ModelFile;
}

/** One run in the history, whatever became of it (completed, failed, cancelled, paused or running). */
export interface RunRecord extends RunInfo {
  readonly kind: RunKind;
  readonly params: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, unknown>>;
  /** How far the run got (items, clients...): where it stopped, for a cancelled or failed run. */
  readonly progressDone: number;
  readonly progressTotal: number;
  readonly error: string | null;
  readonly durationMs: number | null;
}

export interface ModelFile {
  readonly path: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  /** From the GGUF header, when it could be read. */
  readonly architecture: string | null;
  readonly parameters: string | null;
  readonly quantization: string | null;
  readonly contextLength: number | null;
}
