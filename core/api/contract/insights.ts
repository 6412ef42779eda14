import { z } from 'zod';
import type { ClientRef } from './clients.js';
import type { ExportedFile, ItemSummary, RunInfo } from './shared.js';
import { bookScopes } from '../../domain/outreach.js';
import { maxSegmentKeyLength, type TasteFacet } from '../../domain/segments.js';

/** Whose clients the figures and lists count: the associate's own book, her store's, all stores'. */
const scope = z.enum(bookScopes).default('mine');

// ---- insights: micro-segments and hero items ----------------------------------------------------------

export const insightMethods = {
  'insights.overview': z.object({
    minClients: z.number().int().min(2).max(1000).default(3),
    segmentLimit: z.number().int().min(1).max(200).default(24),
    heroLimit: z.number().int().min(1).max(100).default(12),
    scope,
  }),
  'insights.exportSegment': z.object({
    /** A segment's `key`, or one inferred interest's phrase as the client book's filter takes it. */
    segment: z.string().trim().min(1).max(maxSegmentKeyLength),
    format: z.enum(['csv', 'xlsx']),
    scope,
  }),
};
export interface InsightResults {
  'insights.overview': Insights;
  'insights.exportSegment': SegmentExport;
}

/** One of the tastes a segment is made of. */
export interface SegmentTasteView {
  readonly facet: TasteFacet;
  readonly feature: string;
  /** Share of the segment's clients who hold it (0..1). */
  readonly share: number;
  /** How many times more common it is in the segment than in the whole book. */
  readonly lift: number;
}

/**
 * A micro-segment: clients who share two to four tastes (core/domain/segments.ts says who is in one), found
 * across the whole boutique and counted within the scope asked for.
 */
export interface SegmentView {
  /** Stable across runs and scopes: the client book's `groupInterest` filter and the export take it. */
  readonly key: string;
  /** In a marketer's words: "Quiet-luxury wool & cashmere in camel". */
  readonly name: string;
  /** Most held first. */
  readonly tastes: readonly SegmentTasteView[];
  /** Its clients within the scope. */
  readonly clientCount: number;
  /** Those clients by store, most first (a client without a store under null). */
  readonly stores: readonly { readonly store: string | null; readonly clients: number }[];
  /** Its clients across the boutique over how many would share these tastes by chance. */
  readonly lift: number;
  /** The lift smoothed for small segments: what the list is sorted by (core/runs/segments.ts). */
  readonly distinctness: number;
  /** The clients' mean weight on the segment's tastes (0..1). */
  readonly meanStrength: number;
  /** The segment's strongest clients (up to `clientLimit`). */
  readonly clients: readonly ClientRef[];
}

export interface HeroItemView {
  readonly item: ItemSummary;
  /** The segments (of those listed) whose clients it is recommended to, with how many of them. */
  readonly segments: readonly { readonly key: string; readonly name: string; readonly clients: number }[];
  /** The listed segments' clients it is recommended to. */
  readonly clientCount: number;
}

export interface Insights {
  readonly run: RunInfo | null;
  readonly segments: readonly SegmentView[];
  readonly heroItems: readonly HeroItemView[];
}

/** A campaign list: who is in the segment and may be contacted, and how many were left out (no consent). */
export interface SegmentExport extends ExportedFile {
  readonly included: number;
  readonly leftOutNoMarketingConsent: number;
}
