import { z } from 'zod';
import { interactionKinds, type InteractionKind } from '../catalog/records.js';

/**
 * The shapes the client book and catalog queries take and return: plain objects and zod schemas, no SQL,
 * so the API contract can share them. core/db/client-store.ts re-exports all of it.
 */

// ---- What the UI receives (plain objects; the API wraps them) ----

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

export interface Page<T> {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly rows: readonly T[];
}

export interface Money {
  readonly currency: string | null;
  readonly amountMinor: number;
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

export interface Facet {
  readonly value: string;
  readonly count: number;
}

export interface ClientFacets {
  readonly tiers: readonly Facet[];
  readonly stores: readonly Facet[];
  readonly associates: readonly Facet[];
  /** The 100 most used tags. */
  readonly tags: readonly Facet[];
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
}

export interface CatalogFacets {
  readonly maisons: readonly Facet[];
  /** Top-level categories. */
  readonly categories: readonly Facet[];
}

export type ClientStoreErrorKind = 'invalid-input' | 'unknown-client';

export class ClientStoreError extends Error {
  override name = 'ClientStoreError';
  constructor(
    readonly kind: ClientStoreErrorKind,
    message: string,
  ) {
    super(message);
  }
}

// ---- Queries the UI sends (zod: the API reuses these schemas) ----

const values = z.array(z.string().trim().min(1).max(200)).max(100).default([]);
const day = z.iso.date({ message: 'is not a date (YYYY-MM-DD)' });
const paging = {
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(500).default(50),
};

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

export const itemQuerySchema = z.object({
  search: z.string().trim().max(200).default(''),
  maisons: values,
  /** A category path prefix, e.g. 'Bags' or 'Bags > Totes'. */
  category: z.string().trim().max(500).default(''),
  /** Items a reasoner gave this semantic feature (optionally only that reasoner's). */
  feature: z.string().trim().max(200).optional(),
  reasoner: z.string().trim().max(200).optional(),
  sort: z.enum(['title', 'maison', 'price', 'newest']).default('title'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  ...paging,
});
export type ItemQuery = z.input<typeof itemQuerySchema>;

/** Parses a query with zod; a problem becomes an `invalid-input` error naming the field. */
export function parseQuery<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
  throw new ClientStoreError('invalid-input', problems.join('; '));
}
