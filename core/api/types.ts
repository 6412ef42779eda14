import type {
  CatalogFacets as BookCatalogFacets,
  CatalogItem as BookCatalogItem,
  ClientDetail,
  ClientFacets,
  ClientNote,
  ClientRow,
  FacetCount,
  InteractionKind,
  ItemSummary,
  Money,
  Page,
  TimelineEvent,
} from '../db/clients/book-types.js';
import type {
  ClientInterestsView,
  ClientRecommendationsView,
  ClientRef,
  EvidenceItem,
  ExplicitInterestView,
  FeatureFacet,
  GroupInterestView,
  HeroItemView,
  ReasonSource,
  RecommendationView,
  SegmentView,
} from '../runs/read-types.js';
import type { JobKind, JobStatus } from '../domain/runs.js';
import type { ImportRole } from '../domain/imports.js';

export type { JobKind, JobStatus, ImportRole };

/**
 * How every handler answers across the boundary: never a throw, always a value or a typed error.
 * Kept apart from contract.ts so the preload (bundled without zod) can share it.
 */
export const apiErrorKinds = [
  /** The arguments did not match the method's schema. */
  'invalid-arguments',
  /** The method does not exist. */
  'unknown-method',
  /** A client, item, selection, run or file the arguments name does not exist. */
  'not-found',
  /** The request is well-formed but the data refuses it (duplicate, wrong state). */
  'conflict',
  /** The client's consent forbids it (profiling refused, marketing refused). */
  'consent',
  /** An imported file or a model file is unreadable or invalid. */
  'bad-input',
  /** Something needed is missing here: a model file, a feature not built yet. */
  'unavailable',
  /** Another job of the same kind is already running. */
  'busy',
  /** The job was cancelled. */
  'cancelled',
  /** The web server refused the request (no or wrong token). */
  'unauthorized',
  /** A bug: the message names what failed. */
  'internal',
] as const;
export type ApiErrorKind = (typeof apiErrorKinds)[number];

/** One problem in a file or an argument: where (file, row, column or argument path) and what. */
export interface ApiIssue {
  readonly where: string;
  readonly message: string;
}

export interface ApiError {
  readonly kind: ApiErrorKind;
  readonly message: string;
  readonly issues?: readonly ApiIssue[];
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/** What the app shows about itself and the open database. */
export interface AppInfo {
  readonly version: string;
  readonly mode: 'desktop' | 'web';
  readonly databaseFile: string;
  readonly schemaVersion: number;
  readonly counts: { readonly items: number; readonly clients: number; readonly interactions: number };
}

/** A background job as the UI follows it. `etaMs` is null until there is enough progress to estimate. */
export interface JobState {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly status: JobStatus;
  readonly step: string;
  readonly done: number;
  readonly total: number;
  readonly etaMs: number | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** What the job produced (a run id, an import report), or why it failed. */
  readonly message: string | null;
  readonly runId: number | null;
  readonly error: ApiError | null;
  /** An import's report (a dry run's too): what was (or would be) written, and every problem found. */
  readonly importReport: ImportReportView | null;
}

/** A file produced for the associate (an export): saved by a dialog on the desktop, downloaded in a browser. */
export interface ExportedFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly base64: string;
}

// ---- shared shapes ----------------------------------------------------------------------------------------

// The client book's and the engine's shapes are core's own (type-only modules, no code), shared rather than
// repeated; where the API adds to them (the run behind them, item features), it extends them.
export type {
  ClientDetail,
  ClientFacets,
  ClientNote,
  ClientRef,
  ClientRow,
  EvidenceItem,
  ExplicitInterestView as ExplicitInterest,
  FacetCount,
  FeatureFacet,
  GroupInterestView as GroupInterest,
  HeroItemView as HeroItem,
  InteractionKind,
  ItemSummary,
  Money,
  Page,
  ReasonSource,
  RecommendationView as Recommendation,
  SegmentView as Segment,
  TimelineEvent,
};

/** The run behind derived data: which computation, which reasoner and model, when. */
export interface RunInfo {
  readonly id: number;
  readonly status: 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
  readonly reasoner: string;
  readonly model: string | null;
  readonly promptVersion: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

// ---- client book --------------------------------------------------------------------------------------

/** A client's interests from the last completed run; `run` is null before any run. */
export interface ClientInterests extends Omit<ClientInterestsView, 'runId' | 'client'> {
  readonly run: RunInfo | null;
}

export interface ClientRecommendations extends Omit<ClientRecommendationsView, 'runId' | 'client'> {
  readonly run: RunInfo | null;
}

// ---- catalog -------------------------------------------------------------------------------------------

export interface ItemFeature {
  readonly feature: string;
  readonly facet: string;
  readonly weight: number;
}

export interface CatalogItem extends BookCatalogItem {
  /** The semantic features the current reasoner gave it, strongest first. */
  readonly features: readonly ItemFeature[];
}

/** Where an item's semantic features come from: the reasoner, its model and prompt version, the run. */
export interface FeatureSource {
  readonly reasoner: string;
  readonly runId: number;
  readonly model: string | null;
  readonly promptVersion: string;
}

export interface CatalogPage extends Page<CatalogItem> {
  /** Null before any reasoning run. */
  readonly featureSource: FeatureSource | null;
}

export interface CatalogFacets extends BookCatalogFacets {
  readonly featureSource: FeatureSource | null;
  /** Semantic features with how many items have each. */
  readonly features: readonly (FacetCount & { readonly facet: string })[];
}

// ---- selections ----------------------------------------------------------------------------------------

// The selection shapes are core's own (types only, no code), shared rather than repeated.
export type { Selection, SelectionClient, SelectionItem, SelectionSummary } from '../selections/types.js';

export type ExportFormat = 'pdf' | 'csv' | 'xlsx' | 'text';

/** An export; for `text`, the message itself too, for the clipboard. */
export interface SelectionExport extends ExportedFile {
  readonly text: string | null;
}

// ---- insights ------------------------------------------------------------------------------------------

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

// ---- engine --------------------------------------------------------------------------------------------

/** One run in the history, whatever became of it (completed, failed, cancelled, paused or running). */
export interface RunRecord extends RunInfo {
  readonly kind: 'reason' | 'optimize';
  readonly params: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, unknown>>;
  /** How far the run got (items, clients...): where it stopped, for a cancelled or failed run. */
  readonly progressDone: number;
  readonly progressTotal: number;
  readonly error: string | null;
  readonly durationMs: number | null;
}

export interface ModelFile {
  readonly path: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  /** From the GGUF header, when it could be read. */
  readonly architecture: string | null;
  readonly parameters: string | null;
  readonly quantization: string | null;
  readonly contextLength: number | null;
}

// ---- import --------------------------------------------------------------------------------------------

export interface StagedFile {
  readonly fileId: string;
  readonly fileName: string;
  readonly sizeBytes: number;
}

export interface ImportIssueView {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly row: number | null;
  readonly column: string | null;
  readonly message: string;
}

export interface ImportReportView {
  readonly ok: boolean;
  readonly counts: Readonly<
    Record<ImportRole, { readonly inserted: number; readonly updated: number; readonly unchanged: number }>
  >;
  readonly errorCount: number;
  readonly warningCount: number;
  readonly issues: readonly ImportIssueView[];
  /** After a real import: the last optimize run refreshed for the clients whose history changed (or why not). */
  readonly engineRefresh?: {
    readonly status: 'refreshed' | 'unchanged' | 'no-run' | 'too-many' | 'catalog-changed' | 'failed';
    readonly changedClients: number;
    readonly refreshedClients: number;
    readonly runId: number | null;
    readonly message: string;
  } | null;
}

export interface ImportColumns {
  readonly fileId: string;
  readonly role: ImportRole;
  readonly format: 'csv' | 'xlsx' | 'json' | 'jsonl';
  readonly encoding: string | null;
  readonly headers: readonly string[];
  /** The first rows, as text. */
  readonly sample: readonly (readonly string[])[];
  /** The fields of this kind of record, and the column each would be read from without a mapping. */
  readonly fields: readonly { readonly field: string; readonly column: string | null }[];
  /** Groups of fields of which at least one must be mapped (e.g. [['name'], ['firstName', 'lastName']]). */
  readonly required: readonly (readonly string[])[];
}

export interface ImportPreset {
  readonly name: string;
  readonly description: string;
}
