import type { z } from 'zod';
import { appMethods, type AppResults } from './app.js';
import { catalogMethods, type CatalogResults } from './catalog.js';
import { clientMethods, type ClientResults } from './clients.js';
import { dayMethods, type DayResults } from './day.js';
import { engineMethods, type EngineResults } from './engine.js';
import { importMethods, type ImportResults } from './import.js';
import { insightMethods, type InsightResults } from './insights.js';
import { jobMethods, type JobResults, type JobState } from './jobs.js';
import { outreachMethods, type OutreachResults } from './outreach.js';
import { selectionMethods, type SelectionResults } from './selections.js';
import type { ExportedFile, Result } from './shared.js';

/**
 * The one contract between the UI and core. Each feature's file declares its methods' argument schemas (zod:
 * what crosses the boundary is validated on the core side) and its result types; they combine here into one
 * `Handlers` map and one `Events` map, as Actual combines its handler types. The renderer imports only types,
 * only from here and core/domain; the Electron service process and the web server validate with the schemas
 * and call core. These files import nothing of core but core/domain.
 */

export type * from './app.js';
export type * from './catalog.js';
export type * from './clients.js';
export type * from './day.js';
export type * from './engine.js';
export type * from './import.js';
export type * from './insights.js';
export type * from './jobs.js';
export type * from './outreach.js';
export type * from './selections.js';
export type * from './shared.js';
export type {
  ExplicitInterestView as ExplicitInterest,
  GroupInterestView as GroupInterest,
  RecommendationView as Recommendation,
} from './clients.js';
export type { HeroItemView as HeroItem, SegmentView as Segment } from './insights.js';
export { apiErrorKinds, recordIdSchema } from './shared.js';

export const methods = {
  ...appMethods,
  ...clientMethods,
  ...catalogMethods,
  ...selectionMethods,
  ...insightMethods,
  ...engineMethods,
  ...importMethods,
  ...jobMethods,
  ...outreachMethods,
  ...dayMethods,
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
  JobResults &
  OutreachResults &
  DayResults;

/** Every method has a result type: a method added without one fails to compile here. */
export type Handlers = { [M in Method]: (args: MethodArgs<M>) => Promise<Result<Results[M]>> };

/** Push events, from core to every open window or browser tab. */
export interface Events {
  'job.changed': JobState;
  /** Data changed under the UI (an import, a run finished): screens showing it reload. */
  'data.changed': {
    readonly what: readonly ('clients' | 'catalog' | 'selections' | 'engine' | 'outreach')[];
  };
}
export type EventName = keyof Events;
export type ApiEvent = { [E in EventName]: { readonly event: E; readonly payload: Events[E] } }[EventName];

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
