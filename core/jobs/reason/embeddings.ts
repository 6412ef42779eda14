import {
  applySynonyms,
  featurePhraseCounts,
  storeEmbeddings,
  storedEmbeddings,
} from '../../db/reasoning/runs.js';
import type { Db } from '../../db/open.js';
import { logger } from '../../log.js';
import { EmbeddingUnavailableError, isEmbedder } from '../../reasoning/abilities.js';
import { mergeSynonyms, type PhraseVector } from '../../reasoning/llama/synonyms.js';
import type { Reasoner } from '../../reasoning/types.js';

const log = logger('reason-job');

export interface EmbeddingOutcome {
  /** off: the reasoner has no embedding model; skipped: it could not embed (note says why); merged: done. */
  readonly status: 'off' | 'skipped' | 'merged';
  /** Phrases merged into another this run. */
  readonly merged: number;
  /** Phrases embedded this run (the others' vectors were stored already). */
  readonly embedded: number;
  readonly note: string | null;
}

/** Phrases embedded per call, so a cancel lands between batches. */
const batch = 64;

/**
 * The job's last phase: embed every feature phrase of this reasoner not embedded yet (vectors are stored per
 * embedding model), then merge synonymous phrases by cosine. A model that cannot embed skips the phase.
 */
export async function mergeFeatureSynonyms(options: {
  readonly db: Db;
  readonly reasoner: Reasoner;
  readonly runId: number;
  readonly threshold: number;
  readonly signal: AbortSignal;
}): Promise<EmbeddingOutcome> {
  const { db, reasoner, signal } = options;
  if (!isEmbedder(reasoner) || reasoner.embeddingModel === '')
    return { status: 'off', merged: 0, embedded: 0, note: null };
  const model = reasoner.embeddingModel;
  const counts = featurePhraseCounts(db, reasoner.kind);
  const phrases = [...counts.keys()].sort();
  const vectors = storedEmbeddings(db, model, phrases);
  const missing = phrases.filter((p) => !vectors.has(p));
  try {
    for (let i = 0; i < missing.length; i += batch) {
      const chunk = missing.slice(i, i + batch);
      const embedded = await reasoner.embedPhrases(chunk, signal);
      const fresh = new Map(chunk.map((p, k) => [p, embedded[k]!]));
      db.transaction(() => storeEmbeddings(db, model, fresh)).immediate();
      for (const [p, v] of fresh) vectors.set(p, v);
    }
  } catch (error) {
    if (!(error instanceof EmbeddingUnavailableError)) throw error;
    log.warn('feature embeddings skipped', { reason: error.message });
    return { status: 'skipped', merged: 0, embedded: 0, note: error.message };
  }
  const withVectors: PhraseVector[] = phrases.map((phrase) => ({
    phrase,
    count: counts.get(phrase) ?? 0,
    vector: vectors.get(phrase)!,
  }));
  const pairs = mergeSynonyms(withVectors, options.threshold);
  db.transaction(() => applySynonyms(db, reasoner.kind, pairs, model, options.runId)).immediate();
  return { status: 'merged', merged: pairs.length, embedded: missing.length, note: null };
}
