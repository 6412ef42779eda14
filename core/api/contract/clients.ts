import { z } from 'zod';
import { interactionKinds, type InteractionKind } from '../../domain/catalog.js';
import type { Facet } from '../../domain/features.js';
import { bookScopes } from '../../domain/outreach.js';
import type { ReasonSource } from '../../domain/recommendations.js';
import {
  noArgs,
  paging,
  recordId,
  values,
  type FacetCount,
  type ItemSummary,
  type Money,
  type ExportedFile,
  type Page,
  type RunInfo,
} from './shared.js';

export type { InteractionKind, ReasonSource };
export type FeatureFacet = Facet;

const interactionKind = z.enum(interactionKinds);
const day = z.iso.date({ message: 'is not a date (YYYY-MM-DD)' });

// ---- queries the UI sends (the store validates with the same schemas) ----------------------------------

export const clientQuerySchema = z.object({
  /** Words matched in name, email, tags and client number (accents and case ignored), or phone digits. */
  search: z.string().trim().max(200).default(''),
  tiers: values,
  stores: values,
  associates: values,
  tags: values,
  /** Inclusive days, compared with the last visit. */
  lastVisitFrom: day.optional(),
  lastVisitTo: day.optional(),
  consentMarketing: z.boolean().optional(),
  consentProfiling: z.boolean().optional(),
  /** Only these clients (a segment's members, say); an empty list finds nobody. */
  clientIds: z.array(z.number().int().positive()).max(100_000).optional(),
  /**
   * Clients with this inferred group interest among their strongest few (`segmentDepth`) in the latest
   * completed optimize run, who still allow profiling: the Insights screen's segment of that interest.
   */
  groupInterest: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(['name', 'lastVisit', 'tier', 'store', 'createdAt']).default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  ...paging,
});
export type ClientQuery = z.input<typeof clientQuerySchema>;

export const timelineQuerySchema = z.object({
  kinds: z.array(z.enum(interactionKinds)).default([]),
  ...paging,
});
export type TimelineQuery = z.input<typeof timelineQuerySchema>;

export const newNoteSchema = z.object({
  clientId: z.number().int().positive(),
  body: z.string().trim().min(1, 'is empty').max(10_000, 'is longer than 10000 characters'),
  author: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => v || null),
});
export type NewNote = z.input<typeof newNoteSchema>;

// ---- clients: the client book and a client's profile ----------------------------------------------------

export const clientMethods = {
  // The store's own schema, less clientIds, which only core's handlers pass; within the associate's own
  // book, her store's or all stores' (with no associate chosen, every scope is the whole boutique).
  'clients.search': clientQuerySchema
    .omit({ clientIds: true })
    .extend({ scope: z.enum(bookScopes).default('mine') }),
  'clients.facets': noArgs,
  'clients.get': z.object({ clientId: recordId }),
  'clients.timeline': z.object({
    clientId: recordId,
    kinds: z.array(interactionKind).default([]),
    ...paging,
  }),
  'clients.notes': z.object({ clientId: recordId }),
  'clients.addNote': z.object({
    clientId: recordId,
    body: z.string().trim().min(1, 'is empty').max(10_000),
    author: z.string().trim().max(200).optional(),
  }),
  'clients.interests': z.object({ clientId: recordId, limit: z.number().int().min(1).max(100).default(20) }),
  'clients.recommendations': z.object({
    clientId: recordId,
    limit: z.number().int().min(1).max(100).default(12),
  }),
  /** The client book as it is filtered (every page of it, in its order), as a campaign list to a file. */
  'clients.export': clientQuerySchema
    .omit({ clientIds: true, offset: true, limit: true })
    .extend({ scope: z.enum(bookScopes).default('mine'), format: z.enum(['csv', 'xlsx']) }),
  /**
   * Erases the client on request (GDPR art. 17): her and everything derived from her, the neighbours who
   * named her recomputed. `confirmName` is her name as the associate typed it in the confirmation dialog: a
   * call that does not name her refuses, so no slip erases the wrong client.
   */
  'clients.erase': z.object({ clientId: recordId, confirmName: z.string().trim().min(1).max(300) }),
  /** Everything held about the client, as the versioned JSON of docs/client-export.md (art. 15, 20). */
  'clients.exportData': z.object({ clientId: recordId }),
};
export interface ClientResults {
  'clients.search': Page<ClientRow>;
  'clients.export': ClientListExport;
  'clients.facets': ClientFacets;
  'clients.get': ClientDetail;
  'clients.timeline': Page<TimelineEvent>;
  'clients.notes': readonly ClientNote[];
  'clients.addNote': ClientNote;
  'clients.interests': ClientInterests;
  'clients.recommendations': ClientRecommendations;
  'clients.erase': ClientErasureSummary;
  'clients.exportData': ExportedFile;
}

/** What an erasure did; nothing in it names the client but the client number the associate started from. */
export interface ClientErasureSummary {
  readonly externalId: string;
  readonly rowsRemoved: number;
  /** Rows removed per table. */
  readonly tables: Readonly<Record<string, number>>;
  /** How the neighbours who named her were brought up to date (refreshed, or left for the next run). */
  readonly neighbours: 'refreshed' | 'no-run' | 'catalog-changed' | 'failed';
  readonly clientsRecomputed: number;
  /** One sentence on the neighbours, for the associate. */
  readonly message: string;
  /** The file was rebuilt and its log emptied: no copy of her rows is left in it. */
  readonly fileClean: boolean;
  readonly warnings: readonly string[];
  readonly ms: number;
}

// ---- what the client book answers ------------------------------------------------------------------

/** A client list in a file; clients who refused marketing are left out, and counted. */
export interface ClientListExport extends ExportedFile {
  readonly included: number;
  readonly leftOutNoMarketingConsent: number;
}

export interface ClientRow {
  readonly id: number;
  readonly externalId: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly tier: string | null;
  readonly store: string | null;
  readonly associate: string | null;
  readonly tags: readonly string[];
  readonly consentMarketing: boolean;
  readonly consentProfiling: boolean;
  /** The latest interaction of any kind (purchase, return, try-on, wishlist, view); null when none. */
  readonly lastVisit: string | null;
}

export interface ClientDetail extends ClientRow {
  readonly sizes: Readonly<Record<string, string>>;
  readonly preferences: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Purchases minus returns, one entry per currency, largest first. */
  readonly lifetimeValue: readonly Money[];
  readonly interactionCounts: Readonly<Record<InteractionKind, number>>;
  readonly firstSeen: string | null;
  readonly noteCount: number;
}

export interface TimelineItem {
  readonly id: number;
  readonly externalId: string;
  readonly title: string;
  readonly maison: string | null;
  readonly image: string | null;
  readonly category: readonly string[];
}

export interface TimelineEvent {
  readonly id: number;
  readonly kind: InteractionKind;
  readonly occurredAt: string;
  readonly quantity: number;
  readonly amountMinor: number | null;
  readonly currency: string | null;
  readonly channel: string | null;
  readonly item: TimelineItem;
}

export interface ClientNote {
  readonly id: number;
  readonly clientId: number;
  readonly body: string;
  readonly author: string | null;
  readonly createdAt: string;
}

export interface ClientFacets {
  readonly tiers: readonly FacetCount[];
  readonly stores: readonly FacetCount[];
  readonly associates: readonly FacetCount[];
  /** The 100 most used tags. */
  readonly tags: readonly FacetCount[];
  /** Inferred group interests of the latest completed run, with how many clients the filter finds for each. */
  readonly groupInterests: readonly FacetCount[];
}

// ---- a client's interests and recommendations, from the last completed optimize run --------------------

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

/** A client's interests from the last completed run; `run` is null before any run. */
export interface ClientInterests extends Omit<ClientInterestsView, 'runId' | 'client'> {
  readonly run: RunInfo | null;
}

export interface ClientRecommendations extends Omit<ClientRecommendationsView, 'runId' | 'client'> {
  readonly run: RunInfo | null;
}
