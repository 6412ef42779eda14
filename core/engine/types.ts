import { interactionKinds, type InteractionKind } from '../domain/catalog.js';
import type { ReasonSource } from '../domain/recommendations.js';
import type { Facet } from '../domain/features.js';
import { CoreError, type CoreErrorOptions } from '../domain/errors.js';

export type { ReasonSource };

/**
 * The ISRF engine's contract. Everything is indexed by compact ids: clients 0..clientCount-1, items
 * 0..itemCount-1, features 0..featureNames.length-1. The caller (database loader, eval loader) maps its own
 * ids to these and back. Hot data travels as typed arrays in CSR form (offsets of length n+1 into flat arrays).
 * This file only grows: fields are added, never renamed or removed.
 */

/** Interaction kind codes stored in `EngineInput.eventKind`: the index into this list. */
export const engineKinds = interactionKinds;
export type EngineKindCode = number;

export function kindCode(kind: InteractionKind): EngineKindCode {
  return engineKinds.indexOf(kind);
}

export interface EngineInput {
  readonly clientCount: number;
  readonly itemCount: number;

  /** Training events per client, in time order (oldest first): client c owns [eventOffsets[c], eventOffsets[c+1]). */
  readonly eventOffsets: Uint32Array;
  readonly eventItem: Uint32Array;
  /** Code into `engineKinds`. */
  readonly eventKind: Uint8Array;
  /** Quantity or another per-event multiplier (1 when unknown). */
  readonly eventWeight: Float32Array;
  /** Milliseconds since the epoch. Without real dates (benchmark sequences) use position * 1 day. */
  readonly eventTime: Float64Array;

  /** Semantic features per item (from a reasoner, normalised): item i owns [featureOffsets[i], featureOffsets[i+1]). */
  readonly featureOffsets: Uint32Array;
  readonly featureIds: Uint32Array;
  /** 0..1, how strongly the item has the feature. */
  readonly featureWeights: Float32Array;
  /** Feature id -> normalised phrase ("structured leather"). */
  readonly featureNames: readonly string[];
  /** Feature id -> facet, parallel to featureNames. */
  readonly featureFacets: readonly Facet[];

  /** Per client, 1 when the client allows profiling. A 0 client gets no inferred interests and is never evidence. */
  readonly profilingAllowed: Uint8Array;
  /** Per item, 1 when it is a consumable that may be bought again (recommendable even if owned, when enabled). */
  readonly consumable: Uint8Array;
  /**
   * Per item, its variant group (the same piece in other colours or sizes) as a code 0..groups-1, or -1 for
   * none. A client who owns one variant (bought, not returned) or bought one within `recentPurchaseDays` is
   * offered none of the group, and a list holds one variant per group. Absent: no item has variants
   * (benchmark datasets).
   */
  readonly variantGroup?: Int32Array;

  /** Reference time for recency decay (ms since the epoch), usually the run's start. */
  readonly now: number;
}

/** Score blend weights, one per source. Tuned on validation data by `eval`. */
export interface BlendWeights {
  /** The client's own explicit interests matched against item features. */
  readonly explicit: number;
  /** Group implicit interests (features from similar clients) matched against item features. */
  readonly group: number;
  /** Items the client's neighbours interacted with (collaborative evidence). */
  readonly neighbours: number;
  /** What usually follows the client's most recent items. */
  readonly sequence: number;
  /** Popularity (recent, within the client's categories when known). */
  readonly popular: number;
  /** What the client's neighbours are predicted to want next (the alternating rounds' group signal). */
  readonly propagated: number;
}

/** The sequence signal: item-to-item transitions in clients' time-ordered histories. */
export interface SequenceParams {
  /** A later event up to this many positions after an earlier one counts as following it. */
  readonly window: number;
  /** Weight of the reverse direction (B preceded A) relative to A -> B. */
  readonly backward: number;
  /** How many of the client's latest items anchor the sequence score. */
  readonly recentItems: number;
  /** Each older anchor counts this much less than the next (0..1). */
  readonly recentDecay: number;
  /** Transition rows are divided by (row total + 1)^sourceDamping: a hub item does not drown the others. */
  readonly sourceDamping: number;
  /** Transition columns are divided by (popularity + 1)^targetDamping: favours specific successors. */
  readonly targetDamping: number;
}

export interface EngineParams {
  /** Neighbours per client in the client similarity graph. */
  readonly neighbours: number;
  /** Alternating optimisation rounds (0 = no iteration: explicit and group computed once, independently). */
  readonly maxIterations: number;
  /** Stop when the mean absolute change of interest weights falls below this. */
  readonly tolerance: number;
  /** Clients per batch (progress/cancellation granularity). */
  readonly batchSize: number;
  /** After the rounds, the share of each group vector taken from the features of what the neighbours are
   *  predicted to want (their converged candidates) instead of their explicit interests (0..1). */
  readonly feedback: number;
  /** Signed weight per interaction kind (a return counts against). */
  readonly kindWeights: Readonly<Record<InteractionKind, number>>;
  /** Recency half-life of an event's weight, in days. */
  readonly recencyHalfLifeDays: number;
  /** A similarity is scaled by shared/(shared + shrinkage), shared = features two clients have in common, so
   *  clients alike on a single feature do not outrank clients alike on many. */
  readonly similarityShrinkage: number;
  /** Features held by more than this share of clients do not count towards similarity (they tell no one apart). */
  readonly commonFeatureShare: number;
  /** Recommend owned consumables again (the boutique's re-buyable categories), once `recentPurchaseDays` passed. */
  readonly rebuyConsumables: boolean;
  /**
   * A piece bought within this many days of `now` is not offered again, nor any variant of its group, even when
   * its category is re-buyable or she returned it (0: only what she owns counts). Owned pieces of other
   * categories, and their variants, are never offered, whenever bought.
   */
  readonly recentPurchaseDays: number;
  readonly blend: BlendWeights;
  readonly sequence: SequenceParams;
  /** Each older item of a neighbour counts this much less than the next in the neighbours source (0..1]. */
  readonly neighbourItemDecay: number;
  /** Strongest features kept per client profile (explicit and group); bounds memory and scoring time. */
  readonly profileFeatures: number;
  /** Candidate items per client carried from one alternating round to the next. */
  readonly candidates: number;
}

export const defaultEngineParams: EngineParams = {
  neighbours: 40,
  maxIterations: 8,
  tolerance: 5e-3,
  batchSize: 2048,
  feedback: 0,
  kindWeights: { purchase: 1, 'try-on': 0.6, wishlist: 0.4, view: 0.15, return: -0.8 },
  recencyHalfLifeDays: 180,
  similarityShrinkage: 0,
  commonFeatureShare: 0.05,
  rebuyConsumables: false,
  recentPurchaseDays: 90,
  blend: { sequence: 1, explicit: 0.75, group: 0.1, neighbours: 0.5, propagated: 0.1, popular: 0.05 },
  sequence: {
    window: 5,
    backward: 0.3,
    recentItems: 5,
    recentDecay: 0.5,
    sourceDamping: 0.3,
    targetDamping: 0.1,
  },
  neighbourItemDecay: 0.7,
  profileFeatures: 48,
  candidates: 50,
};

export interface EngineProgress {
  readonly step: 'interests' | 'neighbours' | 'group' | 'iterate' | 'sequence';
  readonly done: number;
  readonly total: number;
}

/** What one alternating round changed. */
export interface IterationLog {
  readonly iteration: number;
  /** Mean relative L1 change of the clients' fused candidate scores since the previous round. */
  readonly meanDelta: number;
  /** Share of clients whose best candidate changed this round. */
  readonly topChangedShare: number;
  readonly durationMs: number;
}

export interface RunEngineOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: EngineProgress) => void;
  readonly onIteration?: (log: IterationLog) => void;
}

/** One explicit interest: a feature the client's own items carry, and which of those items evidence it. */
export interface ClientInterest {
  readonly feature: number;
  /** Normalised 0..1 within the client (top interest = 1). */
  readonly weight: number;
  /** Item ids (compact) of the client's events that carry the feature, strongest first. */
  readonly evidenceItems: readonly number[];
}

/** One group implicit interest: a feature the client's neighbours hold that the client does not. */
export interface GroupInterest {
  readonly feature: number;
  /** Normalised 0..1 within the client. */
  readonly strength: number;
  /** Neighbours (compact client ids) that hold the feature, most similar first. */
  readonly neighbours: readonly number[];
  /** Items of those neighbours carrying the feature, most supported first. */
  readonly items: readonly number[];
}

export interface Neighbour {
  readonly client: number;
  /** Shrunk cosine similarity, 0..1. */
  readonly similarity: number;
}

/**
 * Why an item is recommended, enough for the UI to say "her interest in structured leather, from 3 purchases",
 * "7 clients with similar taste bought it", "usually follows X".
 */
export interface RecommendationReason {
  readonly source: ReasonSource;
  /** The interest feature (explicit / group), else null. */
  readonly feature: number | null;
  /** explicit: client items evidencing the interest; group: neighbours who have the item or the feature;
   *  sequence: times the item followed the anchor items; popular: recent buyers. */
  readonly count: number;
  /** Evidence items: the client's items (explicit) or the anchor items it follows (sequence). */
  readonly items: readonly number[];
  /** Evidence clients: the neighbours (group). */
  readonly clients: readonly number[];
  /** This source's share of the score, 0..1. */
  readonly share: number;
  /** sequence: what the client did with the strongest anchor (`items[0]`), by its most telling kind. */
  readonly anchorKind?: InteractionKind;
  /**
   * sequence: the strongest anchor is the latest piece she did that with (her latest purchase, when she bought
   * it), so "… she bought last" is true.
   */
  readonly latest?: boolean;
}

export interface Recommendation {
  readonly item: number;
  readonly score: number;
  /** Strongest first; never empty. */
  readonly reasons: readonly RecommendationReason[];
}

export interface RecommendOptions {
  /** Extra items to leave out (compact ids), on top of owned ones. */
  readonly exclude?: readonly number[];
  /** Override the run's blend (eval ablations). */
  readonly blend?: BlendWeights;
}

export interface EngineResult {
  readonly params: EngineParams;
  readonly clientCount: number;
  readonly itemCount: number;
  readonly featureCount: number;
  readonly iterations: readonly IterationLog[];
  readonly converged: boolean;
  readonly durationMs: number;

  explicitInterests(client: number, limit?: number): ClientInterest[];
  neighboursOf(client: number): Neighbour[];
  groupInterests(client: number, limit?: number): GroupInterest[];
  /** Ranked items not owned nor of an owned variant group (see `markOwned` in model.ts), one per group, best first. */
  recommend(client: number, n: number, options?: RecommendOptions): Recommendation[];
}

/** Thrown when the engine input is inconsistent (lengths, ids out of range): names the field. */
export class EngineInputError extends CoreError<'bad-engine-input'> {
  constructor(message: string, options?: CoreErrorOptions) {
    super('bad-engine-input', 'bad-input', message, options);
  }
}

/** `runEngine` in core/engine/index.ts: yields to the event loop between batches; rejects with the signal's
 *  reason when aborted, leaving nothing half-built for the caller to persist. */
export type RunEngine = (
  input: EngineInput,
  params?: EngineParams,
  options?: RunEngineOptions,
) => Promise<EngineResult>;
