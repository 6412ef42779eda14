import type { EngineModel } from './model.js';
import { Scorer } from './scorer.js';
import type {
  BlendWeights,
  ClientInterest,
  EngineResult,
  GroupInterest,
  IterationLog,
  Neighbour,
  Recommendation,
  RecommendationReason,
  RecommendOptions,
} from './types.js';

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

/** The client's items carrying a feature, with how strongly each says so; strongest first, distinct. */
function itemsWithFeature(model: EngineModel, client: number, feature: number): number[] {
  const { input, strengths } = model;
  const byItem = new Map<number, number>();
  for (let e = input.eventOffsets[client]!; e < input.eventOffsets[client + 1]!; e++) {
    if (strengths[e]! <= 0) continue;
    const item = input.eventItem[e]!;
    const w = featureWeight(model, item, feature);
    if (w > 0) byItem.set(item, (byItem.get(item) ?? 0) + w * strengths[e]!);
  }
  return [...byItem.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([item]) => item);
}

function featureWeight(model: EngineModel, item: number, feature: number): number {
  const { offsets, cols, values } = model.space.items;
  for (let k = offsets[item]!; k < offsets[item + 1]!; k++) if (cols[k] === feature) return values[k]!;
  return 0;
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

function rowHas(offsets: Uint32Array, cols: Uint32Array, row: number, col: number): boolean {
  for (let k = offsets[row]!; k < offsets[row + 1]!; k++) if (cols[k] === col) return true;
  return false;
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

function share(
  scorer: Scorer,
  source: 'sequence' | 'explicit' | 'group' | 'neighbours' | 'propagated',
  item: number,
  blend: BlendWeights,
): number {
  const max = scorer.maxima[source];
  return max > 0 ? (blend[source] * scorer.parts[source].values[item]!) / max : 0;
}

function reasonsFor(
  model: EngineModel,
  scorer: Scorer,
  client: number,
  item: number,
  blend: BlendWeights,
): RecommendationReason[] {
  const sequence = share(scorer, 'sequence', item, blend);
  const explicit = share(scorer, 'explicit', item, blend);
  const collaborative = share(scorer, 'neighbours', item, blend) + share(scorer, 'propagated', item, blend);
  const group = share(scorer, 'group', item, blend);
  const popular = blend.popular * model.popularityShare[item]!;
  // Shares of the sum of the parts (computed here in doubles), so they add up to 1 exactly.
  const total = sequence + explicit + collaborative + group + popular;
  const reasons: RecommendationReason[] = [];
  const part = (x: number) => (total > 0 ? x / total : 0);

  if (sequence > 0) reasons.push({ ...sequenceEvidence(model, client, item), share: part(sequence) });

  if (explicit > 0) {
    const feature = strongestShared(model, model.explicit, client, item);
    if (feature !== null) {
      const evidence = itemsWithFeature(model, client, feature);
      reasons.push({
        source: 'explicit',
        feature,
        count: evidence.length,
        items: evidence,
        clients: [],
        share: part(explicit),
      });
    }
  }

  if (collaborative > 0) {
    const clients = neighboursWith(model, client, item);
    reasons.push({
      source: 'group',
      feature: null,
      count: clients.length,
      items: [],
      clients,
      share: part(collaborative),
    });
  }

  if (group > 0) {
    const feature = strongestShared(model, model.group, client, item);
    if (feature !== null) {
      const clients: number[] = [];
      const { graph, explicit: profiles } = model;
      for (let g = graph.offsets[client]!; g < graph.offsets[client + 1]!; g++)
        if (rowHas(profiles.offsets, profiles.cols, graph.cols[g]!, feature)) clients.push(graph.cols[g]!);
      reasons.push({
        source: 'group',
        feature,
        count: clients.length,
        items: [],
        clients,
        share: part(group),
      });
    }
  }

  if (popular > 0 || reasons.length === 0)
    reasons.push({
      source: 'popular',
      feature: null,
      count: model.popularity[item]!,
      items: [],
      clients: [],
      share: total > 0 ? part(popular) : 1,
    });
  reasons.sort((a, b) => b.share - a.share);
  // A badge says something only for a source that carries a real part of the score: the strongest always,
  // the others from `minReasonShare` of it up.
  return reasons.filter((r, k) => k === 0 || r.share >= minReasonShare);
}

/** The least share of an item's score a source needs to be given as a reason (the strongest always is). */
export const minReasonShare = 0.2;

/** The client's anchors the item follows, and how many times it followed them. */
function sequenceEvidence(
  model: EngineModel,
  client: number,
  item: number,
): Omit<RecommendationReason, 'share'> {
  const { histories, transitions, params } = model;
  const { offsets, cols, values } = transitions.weights;
  const from = histories.offsets[client]!;
  const to = histories.offsets[client + 1]!;
  const anchors: { anchor: number; weight: number; follows: number }[] = [];
  let decay = 1;
  for (let e = to - 1; e >= from && e >= to - params.sequence.recentItems; e--) {
    const anchor = histories.cols[e]!;
    for (let k = offsets[anchor]!; k < offsets[anchor + 1]!; k++)
      if (cols[k] === item) {
        anchors.push({ anchor, weight: decay * values[k]!, follows: transitions.follows[k]! });
        break;
      }
    decay *= params.sequence.recentDecay;
  }
  anchors.sort((a, b) => b.weight - a.weight);
  const items = [...new Set(anchors.map((a) => a.anchor))];
  const count = anchors.reduce((sum, a) => sum + a.follows, 0);
  const latest = to > from && items[0] === histories.cols[to - 1];
  return { source: 'sequence', feature: null, count, items, clients: [], latest };
}

/** The feature contributing most to profile . item. */
function strongestShared(
  model: EngineModel,
  profile: EngineModel['explicit'],
  client: number,
  item: number,
): number | null {
  const { offsets, cols, values } = model.space.items;
  let best: number | null = null;
  let bestValue = 0;
  for (let k = offsets[item]!; k < offsets[item + 1]!; k++) {
    const f = cols[k]!;
    for (let p = profile.offsets[client]!; p < profile.offsets[client + 1]!; p++)
      if (profile.cols[p] === f) {
        const v = profile.values[p]! * values[k]!;
        if (v > bestValue) {
          bestValue = v;
          best = f;
        }
        break;
      }
  }
  return best;
}

/** Neighbours who wanted the item, most similar first; if none, those whose candidates hold it. */
function neighboursWith(model: EngineModel, client: number, item: number): number[] {
  const { graph, histories, candidates } = model;
  const bought: number[] = [];
  const drawn: number[] = [];
  for (let g = graph.offsets[client]!; g < graph.offsets[client + 1]!; g++) {
    const v = graph.cols[g]!;
    if (rowHas(histories.offsets, histories.cols, v, item)) bought.push(v);
    else if (candidates !== null && rowHas(candidates.offsets, candidates.cols, v, item)) drawn.push(v);
  }
  return bought.length > 0 ? bought : drawn;
}
