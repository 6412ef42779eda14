/**
 * Merging synonymous feature phrases by the cosine of their embeddings ("supple calfskin" and "soft calf
 * leather"): the vocabulary catches spelling and known synonyms, embeddings catch the paraphrases a model writes.
 */

export interface PhraseVector {
  readonly phrase: string;
  /** Items and clients holding the phrase: the most held phrase of a group names it. */
  readonly count: number;
  readonly vector: Float32Array;
}

export interface SynonymPair {
  readonly feature: string;
  readonly canonical: string;
  readonly similarity: number;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`vectors of ${a.length} and ${b.length} dimensions`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Greedy grouping: phrases in order of how many hold them (then alphabetically, so the result never depends on
 * input order); each joins the most similar canonical phrase at or above `threshold`, or becomes canonical.
 * Comparing only against canonical phrases keeps chains (a~b, b~c, a!~c) from drifting a group's meaning.
 */
export function mergeSynonyms(phrases: readonly PhraseVector[], threshold: number): SynonymPair[] {
  if (!(threshold > 0 && threshold <= 1))
    throw new RangeError(`threshold must be in (0, 1], not ${threshold}`);
  const ordered = [...phrases].sort(
    (a, b) => b.count - a.count || (a.phrase < b.phrase ? -1 : a.phrase > b.phrase ? 1 : 0),
  );
  const canonical: PhraseVector[] = [];
  const pairs: SynonymPair[] = [];
  for (const p of ordered) {
    let best: PhraseVector | null = null;
    let bestSimilarity = -Infinity;
    for (const c of canonical) {
      const s = cosine(p.vector, c.vector);
      if (s > bestSimilarity) {
        bestSimilarity = s;
        best = c;
      }
    }
    if (best && bestSimilarity >= threshold)
      pairs.push({ feature: p.phrase, canonical: best.phrase, similarity: bestSimilarity });
    else canonical.push(p);
  }
  return pairs;
}
