import { z } from 'zod';
import type { Db } from '../open.js';
import { type ReasonerKind } from '../../domain/reasoners.js';
import { featureSchema, type Feature } from '../../domain/features.js';

/**
 * Feature phrases as vectors (per embedding model) and the synonyms merged through them: two phrases close
 * enough become one canonical phrase in every stored item and client feature.
 */

export function storedEmbeddings(
  db: Db,
  model: string,
  phrases: readonly string[],
): Map<string, Float32Array> {
  const stmt = db.prepare('SELECT vector FROM feature_embeddings WHERE model = ? AND feature = ?').pluck();
  const out = new Map<string, Float32Array>();
  for (const phrase of phrases) {
    const blob = stmt.get(model, phrase) as Buffer | undefined;
    if (blob)
      out.set(
        phrase,
        new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength)),
      );
  }
  return out;
}

export function storeEmbeddings(db: Db, model: string, vectors: ReadonlyMap<string, Float32Array>): void {
  const stmt = db.prepare(
    `INSERT INTO feature_embeddings (model, feature, dimensions, vector) VALUES (?, ?, ?, ?)
     ON CONFLICT (model, feature) DO UPDATE SET dimensions = excluded.dimensions, vector = excluded.vector`,
  );
  for (const [phrase, v] of vectors)
    stmt.run(model, phrase, v.length, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
}

const storedFeatures = z.array(featureSchema);

/** Every phrase of this reasoner's item and client features, with how many items or clients hold it. */
export function featurePhraseCounts(db: Db, reasoner: ReasonerKind): Map<string, number> {
  const counts = new Map<string, number>();
  const rows = db
    .prepare('SELECT feature, count(*) AS n FROM item_features WHERE reasoner = ? GROUP BY feature')
    .all(reasoner) as { feature: string; n: number }[];
  for (const r of rows) counts.set(r.feature, r.n);
  const clients = db
    .prepare('SELECT features FROM client_reasoning WHERE reasoner = ?')
    .pluck()
    .all(reasoner) as string[];
  for (const json of clients)
    for (const f of storedFeatures.parse(JSON.parse(json)))
      counts.set(f.phrase, (counts.get(f.phrase) ?? 0) + 1);
  return counts;
}

export interface Synonym {
  readonly feature: string;
  readonly canonical: string;
  readonly similarity: number;
}

export function featureSynonyms(db: Db, reasoner: ReasonerKind): Map<string, string> {
  const rows = db
    .prepare('SELECT feature, canonical FROM feature_synonyms WHERE reasoner = ?')
    .all(reasoner) as { feature: string; canonical: string }[];
  return new Map(rows.map((r) => [r.feature, r.canonical]));
}

/**
 * Records the synonyms and rewrites this reasoner's stored features onto their canonical phrases; an item or
 * client holding both keeps the stronger weight.
 */
export function applySynonyms(
  db: Db,
  reasoner: ReasonerKind,
  synonyms: readonly Synonym[],
  model: string,
  runId: number,
): void {
  const record = db.prepare(
    `INSERT INTO feature_synonyms (reasoner, feature, canonical, similarity, model, run_id) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (reasoner, feature) DO UPDATE SET canonical = excluded.canonical, similarity = excluded.similarity,
       model = excluded.model, run_id = excluded.run_id`,
  );
  const merge = db.prepare(
    `INSERT INTO item_features (item_id, reasoner, feature, facet, weight, run_id, model, prompt_version)
     SELECT item_id, reasoner, @canonical, facet, weight, run_id, model, prompt_version FROM item_features
     WHERE reasoner = @reasoner AND feature = @feature
     ON CONFLICT (item_id, reasoner, feature) DO UPDATE SET weight = max(weight, excluded.weight)`,
  );
  const drop = db.prepare('DELETE FROM item_features WHERE reasoner = ? AND feature = ?');
  const mapping = new Map<string, string>();
  for (const s of synonyms) {
    record.run(reasoner, s.feature, s.canonical, s.similarity, model, runId);
    merge.run({ canonical: s.canonical, reasoner, feature: s.feature });
    drop.run(reasoner, s.feature);
    mapping.set(s.feature, s.canonical);
  }
  const clients = db
    .prepare('SELECT client_id AS id, features FROM client_reasoning WHERE reasoner = ?')
    .all(reasoner) as { id: number; features: string }[];
  const update = db.prepare('UPDATE client_reasoning SET features = ? WHERE client_id = ? AND reasoner = ?');
  for (const c of clients) {
    const before = storedFeatures.parse(JSON.parse(c.features));
    const after = mergeFeatures(before.map((f) => ({ ...f, phrase: mapping.get(f.phrase) ?? f.phrase })));
    if (JSON.stringify(after) !== JSON.stringify(before)) update.run(JSON.stringify(after), c.id, reasoner);
  }
}

/** One entry per phrase, the strongest weight kept, in first-seen order. */
export function mergeFeatures(features: readonly Feature[]): Feature[] {
  const byPhrase = new Map<string, Feature>();
  for (const f of features) {
    const prev = byPhrase.get(f.phrase);
    if (!prev || f.weight > prev.weight) byPhrase.set(f.phrase, prev ? { ...prev, weight: f.weight } : f);
  }
  return [...byPhrase.values()];
}
