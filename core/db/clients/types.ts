import type { z } from 'zod';
import { CoreError } from '../../domain/errors.js';

/**
 * The client book's and the catalog's queries and answers are the API contract's (core/api/contract:
 * clients.ts, catalog.ts): the store validates with the same schemas and returns the same shapes. Here: the
 * store's error, and the parsing that raises it.
 */
export {
  clientQuerySchema,
  newNoteSchema,
  timelineQuerySchema,
  type ClientQuery,
  type NewNote,
  type TimelineQuery,
} from '../../api/contract/clients.js';
export { itemQuerySchema, type ItemQuery } from '../../api/contract/catalog.js';
export type {
  ClientDetail,
  ClientFacets,
  ClientNote,
  ClientRow,
  TimelineEvent,
  TimelineItem,
} from '../../api/contract/clients.js';
export type {
  CatalogFacetsBase as CatalogFacets,
  CatalogItemBase as CatalogItem,
} from '../../api/contract/catalog.js';
export type { FacetCount, ItemSummary, Money, Page } from '../../api/contract/shared.js';
export type { InteractionKind } from '../../domain/catalog.js';

export type ClientStoreErrorKind = 'invalid-input' | 'unknown-client';

export class ClientStoreError extends CoreError<ClientStoreErrorKind> {
  constructor(kind: ClientStoreErrorKind, message: string) {
    super(kind, kind === 'unknown-client' ? 'not-found' : 'invalid-arguments', message);
  }
}

/** Parses a query with zod; a problem becomes an `invalid-input` error naming the field. */
export function parseQuery<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
  throw new ClientStoreError('invalid-input', problems.join('; '));
}
