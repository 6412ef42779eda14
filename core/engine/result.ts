import type { EngineModel } from './model.js';
import { featureWeight, itemsWithFeature, reasonsFor } from './reasons.js';
import { Scorer } from './scorer.js';
import type {
  ClientInterest,
  EngineResult,
  GroupInterest,
  IterationLog,
  Neighbour,
  Recommendation,
  RecommendOptions,
} from './types.js';

export { minReasonShare } from './reasons.js';

/**
 * The run's answers for the UI and the store, built on demand from the model's typed arrays (objects only
 * here, at the edge). Every evidence list is recomputed against the very history the run saw.
 */
export function makeResult(
  model: EngineModel,
  iterations: readonly IterationLog[],
  converged: boolean,
  durationMs: number,
): EngineResult {
  let scorer: Scorer | null = null;
  const { input } = model;
  const allowed = (c: number) => input.profilingAllowed[c] === 1;
  return {
    params: model.params,
    clientCount: input.clientCount,
    itemCount: input.itemCount,
    featureCount: input.featureNames.length,
    iterations,
    converged,
    durationMs,
    explicitInterests: (c, limit = 20) => (allowed(c) ? explicitInterests(model, c, limit) : []),
    neighboursOf: (c) => (allowed(c) ? neighboursOf(model, c) : []),
    groupInterests: (c, limit = 20) => (allowed(c) ? groupInterests(model, c, limit) : []),
    recommend: (c, n, options = {}) => {
      scorer ??= new Scorer(model);
      return recommend(model, scorer, c, n, options);
    },
  };
}

function explicitInterests(model: EngineModel, client: number, limit: number): ClientInterest[] {
  const { explicit } = model;
  const from = explicit.offsets[client]!;
  const to = Math.min(explicit.offsets[client + 1]!, from + limit);
  const top = to > from ? explicit.values[from]! : 0;
  const out: ClientInterest[] = [];
  for (let k = from; k < to; k++) {
    const feature = explicit.cols[k]!;
    out.push({
      feature,
      weight: explicit.values[k]! / top,
      evidenceItems: itemsWithFeature(model, client, feature),
    });
  }
  return out;
}

function neighboursOf(model: EngineModel, client: number): Neighbour[] {
  const { graph } = model;
  const out: Neighbour[] = [];
  for (let k = graph.offsets[client]!; k < graph.offsets[client + 1]!; k++)
    out.push({ client: graph.cols[k]!, similarity: graph.values[k]! });
  return out;
}

/** Every feature of any item the client wanted (held features are not group interests). */
function heldFeatures(model: EngineModel, client: number): Set<number> {
  const { input, strengths, space } = model;
  const held = new Set<number>();
  for (let e = input.eventOffsets[client]!; e < input.eventOffsets[client + 1]!; e++) {
    if (strengths[e]! <= 0) continue;
    const item = input.eventItem[e]!;
    for (let k = space.items.offsets[item]!; k < space.items.offsets[item + 1]!; k++)
      held.add(space.items.cols[k]!);
  }
  return held;
}

/** A client's own interest vector over every feature of her items (not pruned), unit length, positive part. */
function fullProfile(model: EngineModel, client: number): Map<number, number> {
  const { input, strengths, space } = model;
  const vector = new Map<number, number>();
  for (let e = input.eventOffsets[client]!; e < input.eventOffsets[client + 1]!; e++) {
    const item = input.eventItem[e]!;
    for (let k = space.items.offsets[item]!; k < space.items.offsets[item + 1]!; k++) {
      const f = space.items.cols[k]!;
      vector.set(f, (vector.get(f) ?? 0) + strengths[e]! * space.items.values[k]!);
    }
  }
  let norm = 0;
  for (const [f, w] of vector) {
    if (w <= 0) vector.delete(f);
    else norm += w * w;
  }
  if (norm > 0) for (const [f, w] of vector) vector.set(f, w / Math.sqrt(norm));
  return vector;
}

/**
 * Features her neighbours hold and she does not: strength = similarity-weighted mean of the neighbours'
 * interest in it (scaled so the strongest is 1), with the neighbours who hold it (most similar first) and
 * their items that carry it (most shared first).
 */
function groupInterests(model: EngineModel, client: number, limit: number): GroupInterest[] {
  const { graph, histories } = model;
  const held = heldFeatures(model, client);
  const strength = new Map<number, number>();
  const holders = new Map<number, number[]>();
  for (let g = graph.offsets[client]!; g < graph.offsets[client + 1]!; g++) {
    const v = graph.cols[g]!;
    if (model.input.profilingAllowed[v] !== 1) continue;
    for (const [feature, w] of fullProfile(model, v)) {
      if (held.has(feature)) continue;
      strength.set(feature, (strength.get(feature) ?? 0) + graph.values[g]! * w);
      const list = holders.get(feature);
      if (list === undefined) holders.set(feature, [v]);
      else list.push(v);
    }
  }
  const ranked = [...strength.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit);
  const top = ranked[0]?.[1] ?? 0;
  return ranked.map(([feature, s]) => {
    const neighbours = holders.get(feature)!;
    const support = new Map<number, number>();
    for (const v of neighbours) {
      const seen = new Set<number>();
      for (let e = histories.offsets[v]!; e < histories.offsets[v + 1]!; e++) {
        const item = histories.cols[e]!;
        if (seen.has(item) || featureWeight(model, item, feature) <= 0) continue;
        seen.add(item);
        support.set(item, (support.get(item) ?? 0) + 1);
      }
    }
    const items = [...support.entries()]
      .sort((a, b) => b[1] - a[1] || model.itemKey[b[0]]! - model.itemKey[a[0]]!)
      .map(([item]) => item);
    return { feature, strength: top > 0 ? s / top : 0, neighbours, items };
  });
}

function recommend(
  model: EngineModel,
  scorer: Scorer,
  client: number,
  n: number,
  options: RecommendOptions,
): Recommendation[] {
  const blend = options.blend ?? model.params.blend;
  scorer.score(client, blend);
  const { items, scores } = scorer.top(client, n, blend, options.exclude ?? []);
  const out: Recommendation[] = [];
  for (let r = 0; r < items.length; r++) {
    const item = items[r]!;
    out.push({ item, score: scores[r]!, reasons: reasonsFor(model, scorer, client, item, blend) });
  }
  scorer.clear();
  return out;
}
