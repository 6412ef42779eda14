import { z } from 'zod';
import { interactionKinds } from '../../domain/catalog.js';
import { CoreError } from '../../domain/errors.js';

/**
 * The client book and catalog queries: zod schemas for what the UI sends, and the store's error. What they
 * return is plain types in client-book-types.ts (shared with the renderer). core/db/client-store.ts
 * re-exports all of it.
 */

export type * from './book-types.js';

export type ClientStoreErrorKind = 'invalid-input' | 'unknown-client';

export class ClientStoreError extends CoreError<ClientStoreErrorKind> {
  constructor(kind: ClientStoreErrorKind, message: string) {
    super(kind, kind === 'unknown-client' ? 'not-found' : 'invalid-arguments', message);
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
