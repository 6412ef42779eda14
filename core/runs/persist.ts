import type { InteractionKind } from '../domain/catalog.js';
import type { ClientRunRows, StoredReason } from '../db/runs/engine-store.js';
import type { LoadedBoutique } from './load.js';
import { engineKinds, type EngineResult, type RecommendationReason } from '../engine/types.js';

/**
 * Turns an engine result (compact ids) into the rows a run stores (the boutique's row ids), with the facts the
 * reason sentences need ("from 3 purchases", "7 clients with similar taste bought it") computed now, against
 * the very history the run saw. Consent is enforced here a second time: a client who refused profiling gets
 * no rows, and never appears in anyone's neighbours or evidence, whatever the engine returned.
 */

export interface PersistLimits {
  readonly interests: number;
  readonly groupInterests: number;
  readonly recommendations: number;
  /** Evidence items / neighbours kept per interest. */
  readonly evidence: number;
}

export const defaultPersistLimits: PersistLimits = {
  interests: 20,
  groupInterests: 20,
  recommendations: 20,
  evidence: 10,
};

/** Strongest kind first: what a client did with an item, summarised by the most telling thing. */
const kindStrength: Readonly<Record<InteractionKind, number>> = {
  purchase: 4,
  'try-on': 3,
  wishlist: 2,
  view: 1,
  return: 0,
};

const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;

export class RunRowBuilder {
  constructor(
    private readonly loaded: LoadedBoutique,
    private readonly result: EngineResult,
    private readonly limits: PersistLimits = defaultPersistLimits,
  ) {}

  private allowed(c: number): boolean {
    return this.loaded.input.profilingAllowed[c] === 1;
  }

  private clientId(c: number): number {
    return this.loaded.clients[c]!.id;
  }

  private itemId(i: number): number {
    return this.loaded.items[i]!.id;
  }

  /** Per item, the most telling thing the client did with it (a return only when nothing else). */
  private strongestKinds(c: number): Map<number, InteractionKind> {
    const { eventOffsets, eventItem, eventKind } = this.loaded.input;
    const out = new Map<number, InteractionKind>();
    for (let e = eventOffsets[c]!; e < eventOffsets[c + 1]!; e++) {
      const kind = engineKinds[eventKind[e]!]!;
      const prev = out.get(eventItem[e]!);
      if (prev === undefined || kindStrength[kind] > kindStrength[prev]) out.set(eventItem[e]!, kind);
    }
    return out;
  }

  /** The most telling thing client c did with one item, or null. */
  private strongestKindWith(c: number, item: number): InteractionKind | null {
    const { eventOffsets, eventItem, eventKind } = this.loaded.input;
    let best: InteractionKind | null = null;
    for (let e = eventOffsets[c]!; e < eventOffsets[c + 1]!; e++) {
      if (eventItem[e] !== item) continue;
      const kind = engineKinds[eventKind[e]!]!;
      if (best === null || kindStrength[kind] > kindStrength[best]) best = kind;
    }
    return best;
  }

  private kindCounts(kinds: Map<number, InteractionKind>, items: readonly number[]): StoredReason['kinds'] {
    const counts: Partial<Record<InteractionKind, number>> = {};
    for (const i of items) {
      const k = kinds.get(i);
      if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
    }
    return counts;
  }

  private reason(
    c: number,
    item: number,
    r: RecommendationReason,
    kinds: Map<number, InteractionKind>,
  ): StoredReason {
    const { featureNames, featureFacets } = this.loaded.input;
    const clients = r.clients.filter((n) => this.allowed(n) && n !== c);
    const dropped = r.clients.length - clients.length;
    const items = r.items.slice(0, this.limits.evidence);
    const base: StoredReason = {
      source: r.source,
      feature: r.feature !== null ? (featureNames[r.feature] ?? null) : null,
      facet: r.feature !== null ? (featureFacets[r.feature] ?? null) : null,
      count: Math.max(0, Math.round(r.count) - (r.source === 'group' ? dropped : 0)),
      items: items.map((i) => this.itemId(i)),
      clients: clients.slice(0, this.limits.evidence).map((n) => this.clientId(n)),
      share: Math.min(1, Math.max(0, round(r.share))),
      kinds: {},
      bought: 0,
    };
    switch (r.source) {
      case 'explicit':
        return { ...base, kinds: this.kindCounts(kinds, items) };
      case 'sequence':
        return {
          ...base,
          kinds: this.kindCounts(kinds, items),
          latest: r.latest === true,
          ...(r.anchorKind !== undefined ? { anchorKind: r.anchorKind } : {}),
        };
      case 'group': {
        if (r.feature !== null) return base;
        // "7 clients with similar taste bought it": what the neighbours did with the item itself.
        const theirs: Partial<Record<InteractionKind, number>> = {};
        for (const n of clients) {
          const k = this.strongestKindWith(n, item);
          if (k !== null && k !== 'return') theirs[k] = (theirs[k] ?? 0) + 1;
        }
        return { ...base, kinds: theirs, bought: theirs.purchase ?? 0 };
      }
      case 'popular':
        return base;
      default:
        return r.source satisfies never;
    }
  }

  /** The rows of compact client c (all empty for a client who refused profiling). */
  rowsFor(c: number): ClientRunRows {
    const clientId = this.clientId(c);
    if (!this.allowed(c))
      return { clientId, interests: [], neighbours: [], groupInterests: [], recommendations: [] };
    const { featureNames, featureFacets } = this.loaded.input;
    const { limits, result } = this;
    const kinds = this.strongestKinds(c);
    return {
      clientId,
      interests: result.explicitInterests(c, limits.interests).map((x) => ({
        feature: featureNames[x.feature]!,
        facet: featureFacets[x.feature]!,
        weight: round(x.weight),
        evidenceItems: x.evidenceItems.slice(0, limits.evidence).map((i) => this.itemId(i)),
      })),
      neighbours: result
        .neighboursOf(c)
        .filter((n) => this.allowed(n.client) && n.client !== c)
        .map((n) => ({ neighbourId: this.clientId(n.client), similarity: round(n.similarity) })),
      groupInterests: result.groupInterests(c, limits.groupInterests).flatMap((g) => {
        const neighbours = g.neighbours.filter((n) => this.allowed(n) && n !== c);
        if (neighbours.length === 0) return [];
        return [
          {
            feature: featureNames[g.feature]!,
            facet: featureFacets[g.feature]!,
            strength: round(g.strength),
            neighbourCount: neighbours.length,
            evidenceNeighbours: neighbours.slice(0, limits.evidence).map((n) => this.clientId(n)),
            evidenceItems: g.items.slice(0, limits.evidence).map((i) => this.itemId(i)),
          },
        ];
      }),
      recommendations: result.recommend(c, limits.recommendations).map((rec) => ({
        itemId: this.itemId(rec.item),
        score: round(rec.score, 6),
        reasons: rec.reasons.map((r) => this.reason(c, rec.item, r, kinds)),
      })),
    };
  }
}
