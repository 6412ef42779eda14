import type { Scorer, ScoredSource } from '../engine/scorer.js';
import { sources } from '../engine/scorer.js';
import type { EngineModel } from '../engine/model.js';
import type { BlendWeights } from '../engine/types.js';
import { CsrBuilder, TopK, type Csr } from '../engine/sparse.js';

/**
 * Blend weights tuned on the validation items only. Each user is scored once with every source on; the
 * per-source values (each scaled to max 1, as the scorer blends them) of her `width` best items under equal
 * weights, and of her validation item, are kept. Any blend is then evaluated on that cache in microseconds
 * per user, so a coordinate search over a grid can try many. The cache ranks the target among the kept items
 * only (an item outside them rarely outranks a target that ranks in the top 10): an approximation used for
 * choosing weights, never for reporting, which re-ranks the full catalog.
 */
export interface SourceCache {
  readonly users: number;
  readonly offsets: Uint32Array;
  /** The kept items (compact ids), flat. */
  readonly items: Uint32Array;
  /** Per source, the kept items' scaled values (flat, parallel to keys). */
  readonly values: Readonly<Record<ScoredSource, Float32Array>>;
  readonly popularity: Float32Array;
  readonly keys: Float32Array;
  /** Per user, the target's values. */
  readonly target: Readonly<Record<ScoredSource, Float32Array>>;
  readonly targetPopularity: Float32Array;
  readonly targetKey: Float32Array;
  /** 1 when the target is owned (already in the history): it cannot be recommended. */
  readonly targetOwned: Uint8Array;
  /**
   * 1 when the target would have been kept had it been an ordinary item (among the fused top, a source's top
   * or the popular few): only then may round 0 offer it, so the validation item is never a candidate merely
   * because it is the one being predicted.
   */
  readonly targetKept: Uint8Array;
  /**
   * Per user, where her ordinary kept items end: those the rules keep whichever item is the target. After it,
   * the fused items that fill the slot the target left (so the tuning ranks the target against a full top);
   * round 0 leaves them out, or being the validation item would change her candidates.
   */
  readonly ordinaryEnds: Uint32Array;
}

const everything: BlendWeights = {
  sequence: 1,
  explicit: 1,
  group: 1,
  neighbours: 1,
  propagated: 1,
  popular: 0,
};

export function buildSourceCache(
  model: EngineModel,
  scorer: Scorer,
  targets: Uint32Array,
  width: number,
): SourceCache {
  const users = targets.length;
  const offsets = new Uint32Array(users + 1);
  const cap = users * (width + popularKept + perSource * sources.length);
  const perSourceTop = new TopK(perSource, model.itemKey);
  const values = Object.fromEntries(sources.map((s) => [s, new Float32Array(cap)])) as Record<
    ScoredSource,
    Float32Array
  >;
  const target = Object.fromEntries(sources.map((s) => [s, new Float32Array(users)])) as Record<
    ScoredSource,
    Float32Array
  >;
  const keptFlat = new Uint32Array(cap);
  const popularity = new Float32Array(cap);
  const keys = new Float32Array(cap);
  const targetPopularity = new Float32Array(users);
  const targetKey = new Float32Array(users);
  const targetOwned = new Uint8Array(users);
  const targetKept = new Uint8Array(users);
  const ordinaryEnds = new Uint32Array(users);
  const owned = new Uint8Array(model.input.itemCount);
  let at = 0;
  for (let u = 0; u < users; u++) {
    scorer.score(u, everything);
    const t = targets[u]!;
    markHistory(model, u, owned, 1);
    targetOwned[u] = owned[t]!;
    const kept = keptItems(model, scorer, u, t, width, owned, perSourceTop);
    const { items } = kept;
    targetKept[u] = kept.targetKept ? 1 : 0;
    ordinaryEnds[u] = at + kept.ordinary;
    for (const s of sources) {
      const max = scorer.maxima[s];
      const part = scorer.parts[s].values;
      const column = values[s];
      for (let r = 0; r < items.length; r++) column[at + r] = max > 0 ? part[items[r]!]! / max : 0;
      target[s][u] = max > 0 ? part[t]! / max : 0;
    }
    keptFlat.set(items, at);
    for (let r = 0; r < items.length; r++) {
      popularity[at + r] = model.popularityShare[items[r]!]!;
      keys[at + r] = model.itemKey[items[r]!]!;
    }
    targetPopularity[u] = model.popularityShare[t]!;
    targetKey[u] = model.itemKey[t]!;
    markHistory(model, u, owned, 0);
    at += items.length;
    offsets[u + 1] = at;
  }
  scorer.clear();
  return {
    users,
    offsets,
    items: keptFlat,
    values,
    popularity,
    keys,
    target,
    targetPopularity,
    targetKey,
    targetOwned,
    targetKept,
    ordinaryEnds,
  };
}

/**
 * Fills the cache's propagated column after the rounds (the kept items stay those chosen before them: items
 * only the propagated source would surface are not added, which can only understate its tuned weight).
 */
export function addPropagated(
  cache: SourceCache,
  model: EngineModel,
  scorer: Scorer,
  targets: Uint32Array,
): void {
  const only: BlendWeights = { ...nothing, propagated: 1 };
  const column = cache.values.propagated;
  for (let u = 0; u < cache.users; u++) {
    scorer.score(u, only);
    const max = scorer.maxima.propagated;
    const part = scorer.parts.propagated.values;
    for (let k = cache.offsets[u]!; k < cache.offsets[u + 1]!; k++)
      column[k] = max > 0 ? part[cache.items[k]!]! / max : 0;
    cache.target.propagated[u] = max > 0 ? part[targets[u]!]! / max : 0;
  }
  scorer.clear();
  void model;
}

const nothing: BlendWeights = {
  sequence: 0,
  explicit: 0,
  group: 0,
  neighbours: 0,
  propagated: 0,
  popular: 0,
};

/** Items beyond the scored ones that any blend with a popularity weight would rank: the most popular. */
const popularKept = 50;

/** Best items per source kept on top of the blended ones: a single-source blend ranks by them. */
const perSource = 30;

/**
 * The user's `width` best items under equal weights, each source's `perSource` best, and the most popular
 * items, none owned and not the target; then, when the target was among the `width` best, the next best
 * item in its place (after the `ordinary` first ones). Every blend the search tries ranks its top 10 mostly
 * from these.
 */
function keptItems(
  model: EngineModel,
  scorer: Scorer,
  user: number,
  target: number,
  width: number,
  owned: Uint8Array,
  top: TopK,
): { items: Uint32Array; targetKept: boolean; ordinary: number } {
  const out: number[] = [];
  // Whether the same rules would have kept the target, had it been an ordinary item: it is counted where it
  // would have been taken (once), never pushed.
  let targetKept = false;
  const take = (i: number): boolean => {
    if (owned[i] !== 0) return false;
    if (i === target) {
      if (targetKept) return false;
      targetKept = true;
      return true;
    }
    owned[i] = 2;
    out.push(i);
    return true;
  };
  const fused = scorer.top(user, width, everything, [], true).items;
  for (const i of fused) take(i);
  for (const s of sources) {
    const part = scorer.parts[s];
    top.reset();
    for (let k = 0; k < part.count; k++) {
      const i = part.touched[k]!;
      const v = part.values[i]!;
      if (top.size < top.k || v >= top.scores[0]!) top.offer(i, v);
    }
    for (const i of top.drain().slots) take(i);
  }
  for (let r = 0, taken = 0; r < model.popularOrder.length && taken < popularKept; r++)
    if (take(model.popularOrder[r]!)) taken++;
  // The target took one of the fused slots: the next best item fills it, as when the target is left out.
  // It comes last, after the items the rules keep for anyone, so round 0 can leave it out.
  const ordinary = out.length;
  if (fused.includes(target))
    for (const i of scorer.top(user, width, everything, [target], true).items) if (i !== target) take(i);
  for (const i of out) owned[i] = 0;
  return { items: Uint32Array.from(out), targetKept, ordinary };
}

function markHistory(model: EngineModel, user: number, mask: Uint8Array, value: 0 | 1): void {
  const { eventOffsets, eventItem } = model.input;
  for (let e = eventOffsets[user]!; e < eventOffsets[user + 1]!; e++) mask[eventItem[e]!] = value;
}

/** NDCG@10 and HR@10 of a blend on the cache. */
export function cachedMetrics(cache: SourceCache, blend: BlendWeights): { ndcg10: number; hr10: number } {
  const active = sources.filter((s) => blend[s] > 0);
  const weights = active.map((s) => blend[s]);
  const columns = active.map((s) => cache.values[s]);
  const targets = active.map((s) => cache.target[s]);
  const wp = blend.popular;
  let ndcg = 0;
  let hits = 0;
  for (let u = 0; u < cache.users; u++) {
    if (cache.targetOwned[u] === 1) continue;
    let t = wp * cache.targetPopularity[u]!;
    for (let a = 0; a < active.length; a++) t += weights[a]! * targets[a]![u]!;
    const tKey = cache.targetKey[u]!;
    let rank = 0;
    for (let k = cache.offsets[u]!; k < cache.offsets[u + 1]! && rank < 10; k++) {
      let s = wp * cache.popularity[k]!;
      for (let a = 0; a < active.length; a++) s += weights[a]! * columns[a]![k]!;
      if (s > t || (s === t && cache.keys[k]! > tKey)) rank++;
    }
    if (rank < 10) {
      hits++;
      ndcg += 1 / Math.log2(rank + 2);
    }
  }
  return { ndcg10: ndcg / cache.users, hr10: hits / cache.users };
}

export interface TuneOptions {
  /** Sources the blend may use; the others stay 0. */
  readonly sources: readonly (ScoredSource | 'popular')[];
  /** Sources fixed at these weights (e.g. a reference source at 1: blends are scale-free). */
  readonly fixed?: Partial<BlendWeights>;
  readonly start?: Partial<BlendWeights>;
  readonly sweeps?: number;
}

const grid = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5];
const popularGrid = [0, 0.01, 0.03, 0.1, 0.2, 0.3, 0.5];

/**
 * Coordinate ascent on NDCG@10 (+ HR@10 / 2 to break near-ties): each free weight in turn tries every grid
 * value with the others held, keeps the best; repeats until a sweep changes nothing.
 */
export function tuneBlend(
  cache: SourceCache,
  options: TuneOptions,
): { blend: BlendWeights; ndcg10: number; hr10: number; evaluations: number } {
  const zero: BlendWeights = { sequence: 0, explicit: 0, group: 0, neighbours: 0, propagated: 0, popular: 0 };
  let blend: BlendWeights = { ...zero };
  for (const s of options.sources)
    blend = { ...blend, [s]: options.start?.[s] ?? (s === 'popular' ? 0.01 : 0.3) };
  blend = { ...blend, ...options.fixed };
  const free = options.sources.filter((s) => options.fixed?.[s] === undefined);
  const objective = (m: { ndcg10: number; hr10: number }) => m.ndcg10 + m.hr10 / 2;
  const seen = new Map<string, { ndcg10: number; hr10: number }>();
  let evaluations = 0;
  const measure = (b: BlendWeights) => {
    const key = JSON.stringify(b);
    let m = seen.get(key);
    if (m === undefined) {
      m = cachedMetrics(cache, b);
      seen.set(key, m);
      evaluations++;
    }
    return m;
  };
  let best = measure(blend);
  for (let sweep = 0; sweep < (options.sweeps ?? 3); sweep++) {
    let changed = false;
    for (const s of free) {
      for (const value of s === 'popular' ? popularGrid : grid) {
        if (value === blend[s]) continue;
        const trial = { ...blend, [s]: value };
        if (sources.every((x) => trial[x] === 0)) continue;
        const m = measure(trial);
        if (objective(m) > objective(best) + 1e-9) {
          best = m;
          blend = trial;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return { blend, ...best, evaluations };
}

/**
 * Round 0 of the alternating rounds read off the cache instead of a second scoring pass: each user's best
 * `2 x keep` kept items under the blend without the propagated source, best first, with their blended scores
 * (the same numbers the scorer would give them). Only what the cache's rules keep for any item counts: her
 * target competes only when they would have kept it as an ordinary item, and the item filling its fused slot
 * does not compete. So her round 0 is the one she would have were another item her validation item: offering
 * the target always would echo it back through the client graph.
 */
export function roundZeroFromCache(
  cache: SourceCache,
  targets: Uint32Array,
  blend: BlendWeights,
  keep: number,
): Csr {
  const active = sources.filter((s) => s !== 'propagated' && blend[s] > 0);
  const out = new CsrBuilder(cache.users, cache.users * keep * 2);
  const top = new TopK(keep * 2);
  for (let u = 0; u < cache.users; u++) {
    top.reset();
    for (let k = cache.offsets[u]!; k < cache.ordinaryEnds[u]!; k++) {
      let s = 0;
      for (const a of active) s += blend[a] * cache.values[a][k]!;
      if (s > 0) top.offer(cache.items[k]!, s);
    }
    if (cache.targetOwned[u] === 0 && cache.targetKept[u] === 1) {
      let s = 0;
      for (const a of active) s += blend[a] * cache.target[a][u]!;
      if (s > 0) top.offer(targets[u]!, s);
    }
    const { slots, scores } = top.drain();
    for (let r = 0; r < slots.length; r++) out.push(slots[r]!, scores[r]!);
    out.endRow();
  }
  return out.build();
}
