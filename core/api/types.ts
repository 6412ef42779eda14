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

export const jobKinds = ['optimize', 'reason', 'import'] as const;
export type JobKind = (typeof jobKinds)[number];
export type JobStatus = 'running' | 'completed' | 'failed' | 'cancelled';

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

export interface Page<T> {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly rows: readonly T[];
}

/** A value a filter offers, with how many records have it. */
export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

export interface Money {
  readonly currency: string | null;
  readonly amountMinor: number;
}

export type InteractionKind = 'purchase' | 'return' | 'try-on' | 'wishlist' | 'view';
export type FeatureFacet =
  | 'style'
  | 'material'
  | 'colour'
  | 'category'
  | 'occasion'
  | 'price'
  | 'maison'
  | 'craft'
  | 'season'
  | 'audience';

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
  readonly lastVisit: string | null;
}

export interface ClientFacets {
  readonly tiers: readonly FacetCount[];
  readonly stores: readonly FacetCount[];
  readonly associates: readonly FacetCount[];
  readonly tags: readonly FacetCount[];
  /** Inferred group interests of the last run, with how many clients share each. */
  readonly groupInterests: readonly FacetCount[];
}

export interface ClientDetail extends ClientRow {
  readonly sizes: Readonly<Record<string, string>>;
  readonly preferences: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lifetimeValue: readonly Money[];
  readonly interactionCounts: Readonly<Record<InteractionKind, number>>;
  readonly firstSeen: string | null;
  readonly noteCount: number;
}

export interface TimelineEvent {
  readonly id: number;
  readonly kind: InteractionKind;
  readonly occurredAt: string;
  readonly quantity: number;
  readonly amountMinor: number | null;
  readonly currency: string | null;
  readonly channel: string | null;
  readonly item: {
    readonly id: number;
    readonly externalId: string;
    readonly title: string;
    readonly maison: string | null;
    readonly image: string | null;
    readonly category: readonly string[];
  };
}

export interface ClientNote {
  readonly id: number;
  readonly clientId: number;
  readonly body: string;
  readonly author: string | null;
  readonly createdAt: string;
}

export interface ClientRef {
  readonly id: number;
  readonly externalId: string;
  readonly name: string;
}

export interface EvidenceItem {
  readonly id: number;
  readonly externalId: string;
  readonly title: string;
  readonly kind: InteractionKind | null;
}

export interface ExplicitInterest {
  readonly feature: string;
  readonly facet: FeatureFacet;
  readonly weight: number;
  readonly evidence: readonly EvidenceItem[];
  readonly explanation: string;
}

export interface GroupInterest {
  readonly feature: string;
  readonly facet: FeatureFacet;
  readonly strength: number;
  readonly neighbourCount: number;
  readonly neighbours: readonly ClientRef[];
  readonly items: readonly EvidenceItem[];
  readonly explanation: string;
}

/** A client's interests from the last completed run; `run` is null before any run. */
export interface ClientInterests {
  readonly run: RunInfo | null;
  readonly profilingAllowed: boolean;
  readonly explicit: readonly ExplicitInterest[];
  readonly group: readonly GroupInterest[];
  readonly neighbours: readonly (ClientRef & { readonly similarity: number })[];
}

export interface ItemSummary {
  readonly id: number;
  readonly externalId: string;
  readonly title: string;
  readonly maison: string | null;
  readonly categoryPath: string;
  readonly priceMinor: number | null;
  readonly currency: string | null;
  readonly image: string | null;
}

export type ReasonSource = 'explicit' | 'group' | 'sequence' | 'popular';

export interface Recommendation {
  readonly rank: number;
  readonly item: ItemSummary;
  readonly score: number;
  readonly reasons: readonly {
    readonly source: ReasonSource;
    readonly text: string;
    readonly feature: string | null;
    readonly share: number;
  }[];
}

export interface ClientRecommendations {
  readonly run: RunInfo | null;
  readonly profilingAllowed: boolean;
  readonly items: readonly Recommendation[];
}

// ---- catalog -------------------------------------------------------------------------------------------

export interface ItemFeature {
  readonly feature: string;
  readonly facet: string;
  readonly weight: number;
}

export interface CatalogItem {
  readonly id: number;
  readonly externalId: string;
  readonly title: string;
  readonly maison: string | null;
  readonly category: readonly string[];
  readonly priceMinor: number | null;
  readonly currency: string | null;
  readonly image: string | null;
  readonly collection: string | null;
  readonly materials: readonly string[];
  readonly colours: readonly string[];
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

export interface CatalogFacets {
  readonly featureSource: FeatureSource | null;
  readonly maisons: readonly FacetCount[];
  readonly categories: readonly FacetCount[];
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

export interface Segment {
  readonly feature: string;
  readonly facet: FeatureFacet;
  readonly clientCount: number;
  readonly meanStrength: number;
  readonly clients: readonly ClientRef[];
}

export interface HeroItem {
  readonly item: ItemSummary;
  readonly segments: readonly string[];
  readonly clientCount: number;
}

export interface Insights {
  readonly run: RunInfo | null;
  readonly segments: readonly Segment[];
  readonly heroItems: readonly HeroItem[];
}

/** A campaign list: who is in the segment and may be contacted, and how many were left out (no consent). */
export interface SegmentExport extends ExportedFile {
  readonly included: number;
  readonly leftOutNoMarketingConsent: number;
}

// ---- engine --------------------------------------------------------------------------------------------

export interface RunRecord extends RunInfo {
  readonly kind: 'reason' | 'optimize';
  readonly params: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, unknown>>;
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

export type ImportRole = 'items' | 'clients' | 'interactions';

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
