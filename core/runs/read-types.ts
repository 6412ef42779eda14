import type { InteractionKind, ItemSummary } from '../db/clients/book-types.js';
import type { Facet } from '../domain/features.js';
import type { ReasonSource } from '../domain/recommendations.js';

/**
 * What db-read.ts hands the UI and the CLI from the latest completed optimize run, as plain types: no code
 * and only type imports of other type-only modules, so the renderer shares them through core/api/types.ts
 * (tsconfig.web.json includes this file) instead of repeating them.
 */

export type FeatureFacet = Facet;
export type { ReasonSource };

export interface ClientRef {
  readonly id: number;
  readonly externalId: string;
  readonly name: string;
}
export interface EvidenceItem {
  readonly id: number;
  readonly externalId: string;
  readonly title: string;
  /** What the client did with it (the most telling kind), null for items from other clients. */
  readonly kind: InteractionKind | null;
}
export interface ExplicitInterestView {
  readonly feature: string;
  readonly facet: FeatureFacet;
  /** The feature as said in a sentence: "relaxed pieces", "bags", "pieces for evening". */
  readonly label: string;
  readonly weight: number;
  readonly evidence: readonly EvidenceItem[];
  /** "from 3 purchases and a try-on" */
  readonly explanation: string;
}
export interface GroupInterestView {
  readonly feature: string;
  readonly facet: FeatureFacet;
  readonly label: string;
  readonly strength: number;
  readonly neighbourCount: number;
  readonly neighbours: readonly ClientRef[];
  readonly items: readonly EvidenceItem[];
  /** "7 clients with similar taste" */
  readonly explanation: string;
}
export interface ClientInterestsView {
  readonly runId: number;
  readonly client: ClientRef;
  readonly profilingAllowed: boolean;
  readonly explicit: readonly ExplicitInterestView[];
  readonly group: readonly GroupInterestView[];
  readonly neighbours: readonly (ClientRef & { readonly similarity: number })[];
}
export interface ReasonView {
  readonly source: ReasonSource;
  readonly text: string;
  readonly feature: string | null;
  readonly share: number;
}
export interface RecommendationView {
  readonly rank: number;
  readonly item: ItemSummary;
  readonly score: number;
  readonly reasons: readonly ReasonView[];
}
export interface ClientRecommendationsView {
  readonly runId: number;
  readonly client: ClientRef;
  readonly profilingAllowed: boolean;
  readonly items: readonly RecommendationView[];
}

export interface SegmentView {
  readonly feature: string;
  readonly facet: FeatureFacet;
  readonly clientCount: number;
  readonly meanStrength: number;
  /** The segment's strongest clients (up to `clientLimit`). */
  readonly clients: readonly ClientRef[];
}

export interface HeroItemView {
  readonly item: ItemSummary;
  /** The segments (group-interest phrases) whose clients it is recommended to, with how many of them. */
  readonly segments: readonly { readonly feature: string; readonly clients: number }[];
  readonly clientCount: number;
}
