import { z } from 'zod';
import { recordId, type ExportedFile } from './shared.js';

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

/** A curated selection (lookbook) as the associate sees it: the client it is for and its ordered items. */
export interface SelectionClient {
  readonly id: number;
  readonly externalId: string;
  readonly name: string;
  readonly email: string | null;
  readonly tier: string | null;
  readonly store: string | null;
  readonly associate: string | null;
  /** False when the client refused marketing: exports for them need an explicit acknowledgement. */
  readonly consentMarketing: boolean;
}

export interface SelectionItem {
  readonly itemId: number;
  readonly externalId: string;
  /** Dense 0..n-1 within the selection. */
  readonly position: number;
  readonly note: string;
  readonly title: string;
  readonly maison: string | null;
  /** Minor units (cents) of `currency`. */
  readonly priceMinor: number | null;
  readonly currency: string | null;
  readonly image: string | null;
  /** Category path, broadest first, e.g. ['Accessories', 'Silk scarves']. */
  readonly category: readonly string[];
}

export interface Selection {
  readonly id: number;
  readonly title: string;
  readonly message: string;
  /** The associate who prepared it; null for selections made before associates were recorded. */
  readonly author: string | null;
  readonly client: SelectionClient | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly items: readonly SelectionItem[];
}

export interface SelectionSummary {
  readonly id: number;
  readonly title: string;
  readonly message: string;
  readonly clientId: number | null;
  readonly clientName: string | null;
  /** Null when the selection is for no one in particular. */
  readonly consentMarketing: boolean | null;
  readonly author: string | null;
  readonly itemCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type ExportFormat = 'pdf' | 'csv' | 'xlsx' | 'text';

/** An export; for `text`, the message itself too, for the clipboard. */
export interface SelectionExport extends ExportedFile {
  readonly text: string | null;
}
