import type { ReasonerKind } from '../../domain/reasoners.js';
import type { EmbeddingOutcome } from './embeddings.js';
import type { SubjectCounts } from './progress.js';
import type { GateFailureNote } from './usability.js';

/** How a reasoning run ended, as the CLI prints it, the app's job reports it and the run's metrics keep it. */

export type ReasoningRunStatus = 'completed' | 'cancelled' | 'failed';

export interface ReasoningSummary {
  readonly runId: number;
  readonly status: ReasoningRunStatus;
  readonly resumed: boolean;
  readonly reasoner: ReasonerKind;
  readonly model: string | null;
  readonly promptVersion: string;
  readonly total: number;
  readonly items: Readonly<SubjectCounts> & { readonly total: number };
  readonly clients: Readonly<SubjectCounts> & { readonly total: number };
  readonly reasoned: number;
  readonly cached: number;
  readonly failed: number;
  readonly modelCalls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Generated tokens per second of model work. */
  readonly tokensPerSecond: number;
  readonly itemsPerMinute: number;
  readonly durationMs: number;
  readonly embeddings: EmbeddingOutcome;
  readonly error: string | null;
  /** The subjects the plausibility gate refused in this run (the first 20), with their reasons. */
  readonly gateFailures: readonly GateFailureNote[];
}
