import { z } from 'zod';
import type { ClientRef, FeatureFacet } from './clients.js';
import type { ExportedFile, ItemSummary, RunInfo } from './shared.js';
import { bookScopes } from '../../domain/outreach.js';

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
    feature: z.string().trim().min(1).max(200),
    format: z.enum(['csv', 'xlsx']),
    scope,
  }),
};
export interface InsightResults {
  'insights.overview': Insights;
  'insights.exportSegment': SegmentExport;
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
