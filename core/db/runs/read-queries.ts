import { z } from 'zod';
import { facets, type Facet } from '../../domain/features.js';
import {
  idList,
  storedReasonsSchema,
  type StoredGroupInterest,
  type StoredInterest,
  type StoredReason,
} from './engine-store.js';
import type { ItemSummary } from '../../api/contract/shared.js';
import type { Db } from '../open.js';
import { scopeCondition, wholeBoutique, type BookFilter } from '../outreach/book.js';

/**
 * What the UI and the CLI read back from a run: a client's interests, group interests, neighbours and
 * recommendations, the single group interests the client book's filter offers, and the items they name. JSON
 * columns are validated on the way out. The micro-segments' queries are in segment-queries.ts.
 */

const facetSchema = z.enum(facets);

// The shape the UI shares (type-only module).
export type { ItemSummary } from '../../api/contract/shared.js';

export function itemsByIds(db: Db, ids: readonly number[]): Map<number, ItemSummary> {
  const out = new Map<number, ItemSummary>();
  const stmt = db.prepare(
    `SELECT id, external_id AS externalId, title, maison, category_path AS categoryPath, price_minor AS priceMinor,
       currency, image FROM items WHERE id = ?`,
  );
  for (const id of new Set(ids)) {
    const row = stmt.get(id) as ItemSummary | undefined;
    if (row) out.set(id, row);
  }
  return out;
}

export function interestRows(db: Db, runId: number, clientId: number, limit: number): StoredInterest[] {
  const rows = db
    .prepare(
      `SELECT feature, facet, weight, evidence_items FROM client_interests WHERE run_id = ? AND client_id = ?
       ORDER BY rank LIMIT ?`,
    )
    .all(runId, clientId, limit) as {
    feature: string;
    facet: string;
    weight: number;
    evidence_items: string;
  }[];
  return rows.map((r) => ({
    feature: r.feature,
    facet: facetSchema.parse(r.facet),
    weight: r.weight,
    evidenceItems: idList.parse(JSON.parse(r.evidence_items)),
  }));
}

export function groupInterestRows(
  db: Db,
  runId: number,
  clientId: number,
  limit: number,
): StoredGroupInterest[] {
  const rows = db
    .prepare(
      `SELECT feature, facet, strength, neighbour_count, evidence_neighbours, evidence_items FROM group_interests
       WHERE run_id = ? AND client_id = ? ORDER BY rank LIMIT ?`,
    )
    .all(runId, clientId, limit) as {
    feature: string;
    facet: string;
    strength: number;
    neighbour_count: number;
    evidence_neighbours: string;
    evidence_items: string;
  }[];
  return rows.map((r) => ({
    feature: r.feature,
    facet: facetSchema.parse(r.facet),
    strength: r.strength,
    neighbourCount: r.neighbour_count,
    evidenceNeighbours: idList.parse(JSON.parse(r.evidence_neighbours)),
    evidenceItems: idList.parse(JSON.parse(r.evidence_items)),
  }));
}

export function neighbourRows(
  db: Db,
  runId: number,
  clientId: number,
): { neighbourId: number; similarity: number }[] {
  return db
    .prepare(
      `SELECT neighbour_id AS neighbourId, similarity FROM client_neighbours WHERE run_id = ? AND client_id = ?
       ORDER BY rank`,
    )
    .all(runId, clientId) as { neighbourId: number; similarity: number }[];
}

export interface RecommendationRow {
  readonly rank: number;
  readonly itemId: number;
  readonly score: number;
  readonly reasons: StoredReason[];
}

export function recommendationRows(
  db: Db,
  runId: number,
  clientId: number,
  limit: number,
): RecommendationRow[] {
  const rows = db
    .prepare(
      `SELECT rank, item_id AS itemId, score, reasons FROM recommendations WHERE run_id = ? AND client_id = ?
       ORDER BY rank LIMIT ?`,
    )
    .all(runId, clientId, limit) as { rank: number; itemId: number; score: number; reasons: string }[];
  return rows.map((r) => ({ ...r, reasons: storedReasonsSchema.parse(JSON.parse(r.reasons)) }));
}

export interface SegmentRow {
  readonly feature: string;
  readonly facet: Facet;
  readonly clientCount: number;
  readonly meanStrength: number;
}

/**
 * Group interests shared by at least `minClients` clients who allow profiling (a client's top `depth` group
 * interests count), most shared first.
 */
export function segmentRows(
  db: Db,
  runId: number,
  opts: { minClients: number; depth: number; limit: number },
  book: BookFilter = wholeBoutique,
): SegmentRow[] {
  const scope = scopeCondition(book);
  const rows = db
    .prepare(
      `SELECT g.feature, g.facet, count(*) AS clientCount, avg(g.strength) AS meanStrength
       FROM group_interests g JOIN clients c ON c.id = g.client_id
       WHERE g.run_id = @runId AND g.rank <= @depth AND c.consent_profiling = 1 AND ${scope.sql}
       GROUP BY g.feature, g.facet HAVING count(*) >= @minClients
       ORDER BY clientCount DESC, meanStrength DESC, g.feature LIMIT @limit`,
    )
    .all({ runId, ...opts, ...scope.params }) as {
    feature: string;
    facet: string;
    clientCount: number;
    meanStrength: number;
  }[];
  return rows.map((r) => ({ ...r, facet: facetSchema.parse(r.facet) }));
}

/** The consenting clients of one segment within `book`, strongest interest first. */
export function segmentClientRows(
  db: Db,
  runId: number,
  feature: string,
  depth: number,
  book: BookFilter = wholeBoutique,
): { clientId: number; strength: number }[] {
  const scope = scopeCondition(book);
  return db
    .prepare(
      `SELECT g.client_id AS clientId, g.strength FROM group_interests g JOIN clients c ON c.id = g.client_id
       WHERE g.run_id = @runId AND g.feature = @feature AND g.rank <= @depth AND c.consent_profiling = 1
         AND ${scope.sql}
       ORDER BY g.strength DESC, g.client_id`,
    )
    .all({ runId, feature, depth, ...scope.params }) as { clientId: number; strength: number }[];
}
