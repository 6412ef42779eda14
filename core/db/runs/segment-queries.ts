import { z } from 'zod';
import { facets, type Facet } from '../../domain/features.js';
import { segmentTastes, tasteDepth, type SegmentTaste } from '../../domain/segments.js';
import type { Db } from '../open.js';
import { scopeCondition, wholeBoutique, type BookFilter } from '../outreach/book.js';

/**
 * What the micro-segments are made of, read from a run: each consenting client's tastes (her strongest
 * explicit and group interests, domain/segments.ts), and the clients of one segment, by the same rule in SQL
 * for the client book's filter and the campaign export. Rows come from migration 0080's covering indexes of
 * each client's 12 strongest interests (the literal `rank <= 12` lets SQLite use them), so a book of 25,000
 * clients is read in tens of milliseconds.
 */

/** One consenting client's tastes: the features and their weights in the same order, and where she is. */
export interface TasteProfileRow {
  readonly clientId: number;
  readonly store: string | null;
  /** Whether she is in the book asked for (the associate's own, her store's, all). */
  readonly inScope: boolean;
  readonly features: readonly string[];
  readonly weights: readonly number[];
}

const strongest = 12;
const explicitDepth = Math.min(strongest, tasteDepth.explicit);
const groupDepth = Math.min(strongest, tasteDepth.group);

/**
 * Every consenting client with an interest in the run, her tastes (all facets: the caller keeps the taste
 * ones) and whether she is in `book`. Her explicit and group interests are read apart, one row per client with
 * her features and weights as JSON arrays, and joined here: one pass over each index and over the clients
 * costs a third of a join of the union (measured on 25,000 clients).
 */
export function tasteProfileRows(db: Db, runId: number, book: BookFilter = wholeBoutique): TasteProfileRow[] {
  const scope = scopeCondition(book);
  const people = db
    .prepare(`SELECT c.id, c.store, (${scope.sql}) FROM clients c WHERE c.consent_profiling = 1`)
    .raw()
    .all(scope.params) as [number, string | null, number][];
  const interests = (table: string, column: string, depth: number) =>
    db
      .prepare(
        `SELECT client_id, json_group_array(feature), json_group_array(${column}) FROM ${table}
         WHERE run_id = ? AND rank <= ${strongest} AND rank <= ${depth} GROUP BY client_id`,
      )
      .raw()
      .all(runId) as [number, string, string][];
  const tastes = new Map<number, { features: string[]; weights: number[] }>();
  for (const [table, column, depth] of [
    ['client_interests', 'weight', explicitDepth],
    ['group_interests', 'strength', groupDepth],
  ] as const)
    for (const [clientId, features, weights] of interests(table, column, depth)) {
      const own = tastes.get(clientId);
      const row = { features: JSON.parse(features) as string[], weights: JSON.parse(weights) as number[] };
      if (!own) tastes.set(clientId, row);
      else {
        own.features.push(...row.features);
        own.weights.push(...row.weights);
      }
    }
  return people.flatMap(([clientId, store, inScope]) => {
    const own = tastes.get(clientId);
    return own ? [{ clientId, store, inScope: inScope === 1, ...own }] : [];
  });
}

const facetSchema = z.enum(facets);

/**
 * The facet of each feature, looked up by its primary key from one client who holds it (a run gives a phrase
 * one facet): a few hundred point reads instead of a pass over every interest row.
 */
export function featureFacets(
  db: Db,
  runId: number,
  holders: ReadonlyMap<string, number>,
): Map<string, Facet> {
  const stmt = db
    .prepare(
      `SELECT coalesce(
         (SELECT facet FROM client_interests WHERE run_id = @runId AND client_id = @clientId AND feature = @feature),
         (SELECT facet FROM group_interests WHERE run_id = @runId AND client_id = @clientId AND feature = @feature))`,
    )
    .pluck();
  const out = new Map<string, Facet>();
  for (const [feature, clientId] of holders) {
    const facet = facetSchema.safeParse(stmt.get({ runId, clientId, feature }));
    if (facet.success) out.set(feature, facet.data);
  }
  return out;
}

/**
 * The clients of a segment as SQL: a subquery of `client_id, strength` (her mean weight over the segment's
 * tastes) for those who hold at least two of its tastes, one of them not a colour. Consent and scope are the
 * caller's to add. Its parameters are positional (`?`, in the order given), so it drops into the client
 * book's list of filters.
 */
export function segmentMembersSql(
  runId: number | null,
  tastes: readonly SegmentTaste[],
): { sql: string; params: unknown[] } {
  const features = JSON.stringify(tastes.map((t) => t.feature));
  const colours = JSON.stringify(tastes.filter((t) => t.facet === 'colour').map((t) => t.feature));
  // `+feature`: each client's entries of the covering index are checked, not looked up feature by feature.
  const sql = `SELECT client_id, sum(weight) / ? AS strength FROM (
      SELECT client_id, feature, max(weight) AS weight FROM (
        SELECT client_id, feature, weight FROM client_interests
        WHERE run_id = ? AND rank <= ${strongest} AND rank <= ${explicitDepth}
          AND +feature IN (SELECT value FROM json_each(?))
        UNION ALL
        SELECT client_id, feature, strength FROM group_interests
        WHERE run_id = ? AND rank <= ${strongest} AND rank <= ${groupDepth}
          AND +feature IN (SELECT value FROM json_each(?)))
      GROUP BY client_id, feature)
    GROUP BY client_id
    HAVING count(*) >= ? AND sum(feature NOT IN (SELECT value FROM json_each(?))) >= 1`;
  return { sql, params: [tastes.length, runId, features, runId, features, segmentTastes.held, colours] };
}

/** The consenting clients of a segment within `book`, strongest first (then by id). */
export function segmentMemberRows(
  db: Db,
  runId: number,
  tastes: readonly SegmentTaste[],
  book: BookFilter = wholeBoutique,
): { clientId: number; strength: number }[] {
  const scope = scopeCondition(book);
  const members = segmentMembersSql(runId, tastes);
  return db
    .prepare(
      `SELECT m.client_id AS clientId, m.strength FROM (${members.sql}) m JOIN clients c ON c.id = m.client_id
       WHERE c.consent_profiling = 1 AND ${scope.sql}
       ORDER BY m.strength DESC, m.client_id`,
    )
    .all(...members.params, scope.params) as { clientId: number; strength: number }[];
}

/** The items recommended (in the top `depth`) to each of some clients, one row per client. */
export function recommendedItemRows(
  db: Db,
  runId: number,
  clientIds: readonly number[],
  depth: number,
): { clientId: number; itemIds: number[] }[] {
  if (clientIds.length === 0) return [];
  // One row per client (a JSON array of her items): a JS value per recommendation is most of the time.
  const rows = db
    .prepare(
      `SELECT client_id, json_group_array(item_id) FROM recommendations
       WHERE run_id = ? AND client_id IN (SELECT value FROM json_each(?)) AND rank <= ? GROUP BY client_id`,
    )
    .raw()
    .all(runId, JSON.stringify(clientIds), depth) as [number, string][];
  return rows.map(([clientId, items]) => ({ clientId, itemIds: JSON.parse(items) as number[] }));
}
