import { z } from 'zod';
import type {
  AppInfo,
  CatalogFacets,
  CatalogPage,
  ClientDetail,
  ClientFacets,
  ClientInterests,
  ClientNote,
  ClientRecommendations,
  ClientRow,
  ExportedFile,
  ImportColumns,
  ImportPreset,
  Insights,
  JobState,
  ModelFile,
  Page,
  Result,
  RunRecord,
  Selection,
  SelectionExport,
  SelectionSummary,
  SegmentExport,
  StagedFile,
  TimelineEvent,
} from './types.js';
import { clientQuerySchema } from '../db/clients/types.js';
import { interactionKinds } from '../domain/catalog.js';
import { importEntities } from '../domain/imports.js';
import { reasonerKinds } from '../domain/reasoners.js';
import { runKinds, runStatuses } from '../domain/runs.js';

/**
 * The one contract between the UI and core. Each feature declares its methods' argument schemas (zod:
 * what crosses the boundary is validated on the core side) and its result types; they combine into one
 * `Handlers` map and one `Events` map. The renderer imports only types from here; the Electron main process
 * and the web server validate with the schemas and call core.
 */

export type * from './types.js';

const recordId = z.number().int().positive();
const noArgs = z.object({}).strict();
const values = z.array(z.string().trim().min(1).max(200)).max(100).default([]);
const paging = {
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(500).default(50),
};
const interactionKind = z.enum(interactionKinds);

// ---- app: the app itself and the open database -------------------------------------------------------

export const appMethods = {
  'app.info': noArgs,
};
export interface AppResults {
  'app.info': AppInfo;
}

// ---- clients: the client book and a client's profile ----------------------------------------------------

export const clientMethods = {
  // The store's own schema (zod and type-only imports: safe in the renderer bundle), less clientIds, which
  // only core's handlers pass.
  'clients.search': clientQuerySchema.omit({ clientIds: true }),
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
};
export interface ClientResults {
  'clients.search': Page<ClientRow>;
  'clients.facets': ClientFacets;
  'clients.get': ClientDetail;
  'clients.timeline': Page<TimelineEvent>;
  'clients.notes': readonly ClientNote[];
  'clients.addNote': ClientNote;
  'clients.interests': ClientInterests;
  'clients.recommendations': ClientRecommendations;
}

// ---- catalog: items and their inferred semantic features --------------------------------------------------

export const catalogMethods = {
  'catalog.search': z.object({
    search: z.string().trim().max(200).default(''),
    maisons: values,
    category: z.string().trim().max(500).default(''),
    feature: z.string().trim().min(1).max(200).optional(),
    sort: z.enum(['title', 'maison', 'price', 'newest']).default('title'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    ...paging,
  }),
  'catalog.facets': noArgs,
};
export interface CatalogResults {
  'catalog.search': CatalogPage;
  'catalog.facets': CatalogFacets;
}

// ---- selections: curated selections (lookbooks) and their exports ---------------------------------------

const title = z.string().trim().min(1, 'is empty').max(200);
const message = z.string().trim().max(5_000);
const note = z.string().trim().max(2_000);
const itemIds = z.array(recordId).max(500);

export const selectionMethods = {
  'selections.list': z.object({ clientId: recordId.optional() }),
  'selections.get': z.object({ selectionId: recordId }),
  'selections.create': z.object({
    title,
    clientId: recordId.nullable().default(null),
    message: message.default(''),
    itemIds: itemIds.default([]),
  }),
  'selections.update': z.object({
    selectionId: recordId,
    title: title.optional(),
    message: message.optional(),
    clientId: recordId.nullable().optional(),
  }),
  'selections.delete': z.object({ selectionId: recordId }),
  'selections.addItems': z.object({
    selectionId: recordId,
    itemIds: itemIds.min(1, 'is empty'),
    position: z.number().int().nonnegative().optional(),
    note: note.default(''),
  }),
  'selections.removeItem': z.object({ selectionId: recordId, itemId: recordId }),
  'selections.reorder': z.object({ selectionId: recordId, itemIds }),
  'selections.setNote': z.object({ selectionId: recordId, itemId: recordId, note }),
  'selections.export': z.object({
    selectionId: recordId,
    format: z.enum(['pdf', 'csv', 'xlsx', 'text']),
    /** The associate confirmed exporting for a client who refused marketing. */
    acknowledgeNoMarketingConsent: z.boolean().default(false),
  }),
  /** The printable lookbook page (the desktop app prints it to PDF with Chromium). */
  'selections.lookbook': z.object({
    selectionId: recordId,
    acknowledgeNoMarketingConsent: z.boolean().default(false),
  }),
};
export interface SelectionResults {
  'selections.list': readonly SelectionSummary[];
  'selections.get': Selection;
  'selections.create': Selection;
  'selections.update': Selection;
  'selections.delete': { readonly selectionId: number };
  'selections.addItems': Selection;
  'selections.removeItem': Selection;
  'selections.reorder': Selection;
  'selections.setNote': Selection;
  'selections.export': SelectionExport;
  'selections.lookbook': { readonly html: string; readonly fileName: string };
}

// ---- insights: micro-segments and hero items ----------------------------------------------------------

export const insightMethods = {
  'insights.overview': z.object({
    minClients: z.number().int().min(2).max(1000).default(3),
    segmentLimit: z.number().int().min(1).max(200).default(24),
    heroLimit: z.number().int().min(1).max(100).default(12),
  }),
  'insights.exportSegment': z.object({
    feature: z.string().trim().min(1).max(200),
    format: z.enum(['csv', 'xlsx']),
  }),
};
export interface InsightResults {
  'insights.overview': Insights;
  'insights.exportSegment': SegmentExport;
}

// ---- engine: runs and models ------------------------------------------------------------------------------

export const engineMethods = {
  'engine.runs': z.object({
    limit: z.number().int().min(1).max(200).default(30),
    /** Only runs of this kind, or in this status (the Engine screen's reasoners with completed runs). */
    kind: z.enum(runKinds).optional(),
    status: z.enum(runStatuses).optional(),
  }),
  'engine.models': noArgs,
  'engine.inspectModel': z.object({ path: z.string().trim().min(1).max(4096) }),
};
export interface EngineResults {
  'engine.runs': readonly RunRecord[];
  'engine.models': readonly ModelFile[];
  'engine.inspectModel': ModelFile;
}

// ---- import: files staged by upload, checked, then imported by a job ---------------------------------------

export const importMethods = {
  'import.stage': z.object({
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^/\\\0]+$/, 'is not a plain file name'),
    base64: z.string().max(120_000_000, 'the file is larger than 90 MB'),
  }),
  /** A staged file's columns and first rows, with the field each column would feed. */
  'import.columns': z.object({
    fileId: z.string().min(1).max(200),
    role: z.enum(importEntities),
  }),
  'import.presets': noArgs,
};
export interface ImportResults {
  'import.stage': StagedFile;
  'import.columns': ImportColumns;
  'import.presets': readonly ImportPreset[];
}

// ---- jobs: heavy work in a worker, followed through `job.changed` events ----------------------------------

export const jobMethods = {
  'jobs.start': z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('optimize'),
      /** The most alternating rounds (explicit <-> group) before stopping; the engine's default otherwise. */
      iterations: z.number().int().min(1).max(50).optional(),
      /** Similar clients considered per client. */
      neighbours: z.number().int().min(2).max(500).optional(),
      /** Whose item features to use: a reasoner with a completed reasoning run (rules by default). */
      reasoner: z.enum(reasonerKinds).default('rules'),
    }),
    z.object({
      kind: z.literal('reason'),
      /** A GGUF file on this machine; absent: the rules reasoner. */
      modelPath: z.string().trim().min(1).max(4096).optional(),
      limit: z.number().int().positive().max(1_000_000).optional(),
      /** Also describe each client (likes, dislikes, core preference) from their recent items. */
      clients: z.boolean().default(false),
    }),
    z.object({
      kind: z.literal('import'),
      files: z
        .array(
          z.object({
            fileId: z.string().min(1).max(200),
            role: z.enum(importEntities),
          }),
        )
        .min(1)
        .max(3),
      preset: z.string().max(100).optional(),
      mapping: z.record(z.string(), z.unknown()).optional(),
      /** Check everything and report what would change, writing nothing. */
      dryRun: z.boolean().default(false),
    }),
  ]),
  'jobs.cancel': z.object({ jobId: z.string().min(1).max(100) }),
  'jobs.list': noArgs,
};
export interface JobResults {
  'jobs.start': JobState;
  'jobs.cancel': JobState;
  'jobs.list': readonly JobState[];
}

// ---- the combined contract ----------------------------------------------------------------------------

export const methods = {
  ...appMethods,
  ...clientMethods,
  ...catalogMethods,
  ...selectionMethods,
  ...insightMethods,
  ...engineMethods,
  ...importMethods,
  ...jobMethods,
} as const;

export type Method = keyof typeof methods;
/** What a caller passes (defaults not yet applied). */
export type MethodArgs<M extends Method> = z.input<(typeof methods)[M]>;
/** What a handler receives (validated, defaults applied). */
export type ParsedArgs<M extends Method> = z.output<(typeof methods)[M]>;
export type Results = AppResults &
  ClientResults &
  CatalogResults &
  SelectionResults &
  InsightResults &
  EngineResults &
  ImportResults &
  JobResults;

/** Every method has a result type: a method added without one fails to compile here. */
export type Handlers = { [M in Method]: (args: MethodArgs<M>) => Promise<Result<Results[M]>> };

/** Push events, from core to every open window or browser tab. */
export interface Events {
  'job.changed': JobState;
  /** Data changed under the UI (an import, a run finished): screens showing it reload. */
  'data.changed': { readonly what: readonly ('clients' | 'catalog' | 'selections' | 'engine')[] };
}
export type EventName = keyof Events;
export type ApiEvent = { [E in EventName]: { readonly event: E; readonly payload: Events[E] } }[EventName];

export const recordIdSchema = recordId;

/**
 * What the desktop preload exposes as `window.atelier` (and nothing else): the API, its events, and the
 * few things only the desktop shell can do (native dialogs, printing, the OS browser).
 */
export interface AtelierBridge {
  invoke<M extends Method>(method: M, args: MethodArgs<M>): Promise<Result<Results[M]>>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
  /** Asks where to save and writes the file; null when the associate cancels the dialog. */
  saveFile(file: ExportedFile): Promise<Result<{ readonly path: string } | null>>;
  /** Prints a selection's lookbook to PDF with Chromium (printToPDF) and asks where to save it. */
  printLookbook(args: {
    readonly selectionId: number;
    readonly acknowledgeNoMarketingConsent: boolean;
  }): Promise<Result<{ readonly path: string } | null>>;
  /** A native open dialog for a GGUF model file; null when cancelled. */
  chooseModelFile(): Promise<string | null>;
  /** Opens an http(s) link in the OS browser. */
  openExternal(url: string): Promise<void>;
}
