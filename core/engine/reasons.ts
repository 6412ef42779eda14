import type { InteractionKind } from '../domain/catalog.js';
import type { EngineModel } from './model.js';
import type { Scorer } from './scorer.js';
import { engineKinds, type BlendWeights, type RecommendationReason } from './types.js';

/**
 * A recommendation's reasons, from the sources that scored it and the very history the run saw: her
 * interest in a feature (explicit), what clients like her did (group), what follows her pieces (sequence),
 * what is wanted lately (popular).
 */

/** The client's items carrying a feature, with how strongly each says so; strongest first, distinct. */
export function itemsWithFeature(model: EngineModel, client: number, feature: number): number[] {
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

export function featureWeight(model: EngineModel, item: number, feature: number): number {
  const { offsets, cols, values } = model.space.items;
  for (let k = offsets[item]!; k < offsets[item + 1]!; k++) if (cols[k] === feature) return values[k]!;
  return 0;
}

export function rowHas(offsets: Uint32Array, cols: Uint32Array, row: number, col: number): boolean {
  for (let k = offsets[row]!; k < offsets[row + 1]!; k++) if (cols[k] === col) return true;
  return false;
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

/**
 * Why the scored client is offered `item` (the scorer holds her sources' scores): one reason per source that
 * carries at least `minReasonShare` of the item's score, the strongest always, strongest first, each with its
 * share of the score (the shares of every source add up to 1, so a reason's share is the true one).
 */
export function reasonsFor(
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
  const said = items[0] === undefined ? null : anchorDeed(model, client, items[0]);
  return {
    source: 'sequence',
    feature: null,
    count,
    items,
    clients: [],
    latest: said?.latest ?? false,
    ...(said !== null ? { anchorKind: said.kind } : {}),
  };
}

/** Kind codes from the most telling down (engineKinds: purchase, try-on, wishlist, view); a return says none. */
const tellingKinds = [0, 2, 3, 4].map((code) => ({ code, kind: engineKinds[code]! }));

/**
 * What the client did with an anchor, by its most telling kind ("bought"), and whether the anchor is the
 * latest piece she did that with ("bought last" only for her latest purchase, whatever she viewed since).
 */
function anchorDeed(
  model: EngineModel,
  client: number,
  anchor: number,
): { kind: InteractionKind; latest: boolean } | null {
  const { input, strengths } = model;
  const from = input.eventOffsets[client]!;
  const to = input.eventOffsets[client + 1]!;
  let best = tellingKinds.length;
  for (let e = from; e < to; e++) {
    if (input.eventItem[e] !== anchor || strengths[e]! <= 0) continue;
    const rank = tellingKinds.findIndex((t) => t.code === input.eventKind[e]);
    if (rank >= 0 && rank < best) best = rank;
  }
  const said = tellingKinds[best];
  if (said === undefined) return null;
  for (let e = to - 1; e >= from; e--)
    if (input.eventKind[e] === said.code && strengths[e]! > 0)
      return { kind: said.kind, latest: input.eventItem[e] === anchor };
  return null;
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
