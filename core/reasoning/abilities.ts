import type { Reasoner } from './types.js';
import { CoreError, type CoreErrorOptions } from '../domain/errors.js';

/**
 * What the reasoning job can use beyond the `Reasoner` contract, when a reasoner offers it: token counts for the
 * throughput figures, how many subjects it can reason at once, and feature embeddings for merging synonyms.
 */

export interface ReasonerUsage {
  /** Chat completions requested (one per chain step and attempt). */
  readonly modelCalls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface MeteredReasoner extends Reasoner {
  /** Subjects it reasons at once to full effect (context sequences, or the endpoint's concurrency limit). */
  readonly parallelism: number;
  usage(): ReasonerUsage;
}

export interface FeatureEmbedder {
  /** The embedding model, as cache key of the stored vectors. */
  readonly embeddingModel: string;
  /** One vector per phrase, in order. Throws `EmbeddingUnavailableError` when the model cannot embed. */
  embedPhrases(phrases: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

export class EmbeddingUnavailableError extends CoreError<'embeddings-unavailable'> {
  constructor(message: string, options?: CoreErrorOptions) {
    super('embeddings-unavailable', 'unavailable', message, options);
  }
}

export function isMetered(reasoner: Reasoner): reasoner is MeteredReasoner {
  return typeof (reasoner as Partial<MeteredReasoner>).usage === 'function';
}

export function isEmbedder(reasoner: unknown): reasoner is FeatureEmbedder {
  const r = reasoner as Partial<FeatureEmbedder> | null;
  return typeof r?.embedPhrases === 'function' && typeof r.embeddingModel === 'string';
}
