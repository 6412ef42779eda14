import type { BookScope } from '../../domain/outreach.js';

/**
 * Which clients a list shows: the associate's own book (clients assigned to her), her store's, or every
 * store's. Every outreach query that lists clients takes the same filter and joins `clients c`.
 */
export interface BookFilter {
  readonly scope: BookScope;
  /** The associate whose book 'mine' and 'store' mean; with none, every scope is the whole boutique. */
  readonly associate: { readonly name: string; readonly store: string | null } | null;
}

export const wholeBoutique: BookFilter = { scope: 'all', associate: null };

/** The SQL condition on `clients c` and its one named parameter (`@scopeValue`), if any. */
export function scopeCondition(filter: BookFilter): { sql: string; params: { scopeValue?: string } } {
  const a = filter.associate;
  if (!a || filter.scope === 'all') return { sql: '1', params: {} };
  if (filter.scope === 'mine') return { sql: 'c.associate = @scopeValue', params: { scopeValue: a.name } };
  return a.store === null
    ? { sql: 'c.store IS NULL', params: {} }
    : { sql: 'c.store = @scopeValue', params: { scopeValue: a.store } };
}
