import type { Db } from '../open.js';
import { scopeCondition, type BookFilter } from './book.js';

export type { BookFilter };

/**
 * What Today reads: the clients of a book (mine, my store's, every store's), their last contacts, the pieces
 * that arrived, wishlisted pieces whose price dropped or that came back, the run's interests on the features of
 * the new pieces, and what each client already owns. Client lists cross the boundary as a JSON array (one
 * bound parameter, `json_each`), so a 25,000-client book needs no temporary table.
 */

export interface TodayClient {
  readonly id: number;
  readonly externalId: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly tier: string | null;
  readonly store: string | null;
  readonly associate: string | null;
  readonly language: string | null;
  readonly salutation: string | null;
  readonly consentMarketing: boolean;
  readonly consentProfiling: boolean;
  /** The latest contact logged for her, an instant; null when never contacted. */
  readonly lastContactAt: string | null;
}

interface DbTodayClient extends Omit<TodayClient, 'consentMarketing' | 'consentProfiling'> {
  consentMarketing: number;
  consentProfiling: number;
}

/** Every client of the book, with her consent and her last contact. */
export function bookClients(db: Db, filter: BookFilter): TodayClient[] {
  const scope = scopeCondition(filter);
  const rows = db
    .prepare(
      `SELECT c.id, c.external_id AS externalId, c.name, c.email, c.phone, c.tier, c.store, c.associate,
         c.language, c.salutation, c.consent_marketing AS consentMarketing, c.consent_profiling AS consentProfiling,
         (SELECT max(k.contacted_at) FROM contacts k WHERE k.client_id = c.id) AS lastContactAt
       FROM clients c WHERE ${scope.sql} ORDER BY c.id`,
    )
    .all(scope.params) as DbTodayClient[];
  return rows.map((r) => ({
    ...r,
    consentMarketing: r.consentMarketing === 1,
    consentProfiling: r.consentProfiling === 1,
  }));
}

export interface ArrivedItem {
  readonly id: number;
  readonly externalId: string;
  readonly title: string;
  readonly maison: string | null;
  readonly priceMinor: number | null;
  readonly currency: string | null;
  readonly image: string | null;
  readonly variantGroup: string | null;
  readonly createdAt: string;
}

const itemColumns = `i.id, i.external_id AS externalId, i.title, i.maison, i.price_minor AS priceMinor, i.currency,
  i.image, i.variant_group AS variantGroup`;

/** Pieces in stock that arrived (were imported or created) after `since`, newest first. */
export function arrivedSince(db: Db, since: string, limit = 500): ArrivedItem[] {
  return db
    .prepare(
      `SELECT ${itemColumns}, i.created_at AS createdAt FROM items i WHERE i.created_at > ? AND i.available = 1
       ORDER BY i.created_at DESC, i.id DESC LIMIT ?`,
    )
    .all(since, limit) as ArrivedItem[];
}

export interface FeatureWeight {
  readonly clientId: number;
  readonly feature: string;
  readonly weight: number;
}

/** A client's strongest interests are what a new piece is matched against (the weaker ones are noise). */
const strongest = 12;

/**
 * The run's explicit interests (weight) and group interests (strength) of the given clients on some features.
 * Each client's rows are read by her key and the features kept as they are read: a client holds a few dozen
 * interests, so this reads far fewer rows than looking up every (client, feature) pair.
 */
export function interestsOnFeatures(
  db: Db,
  runId: number,
  clientIds: readonly number[],
  features: readonly string[],
): { explicit: FeatureWeight[]; group: FeatureWeight[] } {
  if (clientIds.length === 0 || features.length === 0) return { explicit: [], group: [] };
  const args = [runId, JSON.stringify(clientIds), JSON.stringify(features)];
  // `+feature`: the features are checked on each client's rows, not looked up one (client, feature) at a time.
  // Rows as arrays: tens of thousands of them on a big book, and an object per row is most of the time.
  const query = (table: string, column: string) =>
    (
      db
        .prepare(
          `SELECT client_id, feature, ${column} FROM ${table}
           WHERE run_id = ? AND client_id IN (SELECT value FROM json_each(?)) AND rank <= ${strongest}
             AND +feature IN (SELECT value FROM json_each(?))`,
        )
        .raw()
        .all(...args) as [number, string, number][]
    ).map(([clientId, feature, weight]): FeatureWeight => ({ clientId, feature, weight }));
  return { explicit: query('client_interests', 'weight'), group: query('group_interests', 'strength') };
}

/** What each client bought: item ids and variant groups (Today never offers a piece she owns, nor its variant). */
export function ownedPieces(
  db: Db,
  clientIds: readonly number[],
): Map<number, { items: Set<number>; groups: Set<string> }> {
  const out = new Map<number, { items: Set<number>; groups: Set<string> }>();
  if (clientIds.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT x.client_id AS clientId, x.item_id AS itemId, i.variant_group AS variantGroup
       FROM interactions x JOIN items i ON i.id = x.item_id
       WHERE x.kind = 'purchase' AND x.client_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(clientIds)) as { clientId: number; itemId: number; variantGroup: string | null }[];
  for (const r of rows) {
    let owned = out.get(r.clientId);
    if (!owned) out.set(r.clientId, (owned = { items: new Set(), groups: new Set() }));
    owned.items.add(r.itemId);
    if (r.variantGroup !== null) owned.groups.add(r.variantGroup);
  }
  return out;
}

export interface WishlistNews extends ArrivedItem {
  readonly clientId: number;
  readonly wishedAt: string;
  readonly previousPriceMinor: number | null;
  readonly priceDroppedAt: string | null;
  readonly backAt: string | null;
}

/**
 * Wishlisted pieces, in stock, whose price dropped or that came back after `since`, and that the client has not
 * bought since (neither the piece nor another of its variant group).
 */
export function wishlistNews(db: Db, filter: BookFilter, since: string): WishlistNews[] {
  const scope = scopeCondition(filter);
  return db
    .prepare(
      `SELECT w.client_id AS clientId, max(w.occurred_at) AS wishedAt, ${itemColumns}, i.created_at AS createdAt,
         i.previous_price_minor AS previousPriceMinor, i.price_dropped_at AS priceDroppedAt, i.back_at AS backAt
       FROM interactions w JOIN items i ON i.id = w.item_id JOIN clients c ON c.id = w.client_id
       WHERE w.kind = 'wishlist' AND i.available = 1 AND ${scope.sql}
         AND (i.price_dropped_at > @since OR i.back_at > @since)
         AND NOT EXISTS (SELECT 1 FROM interactions p JOIN items pi ON pi.id = p.item_id
           WHERE p.client_id = w.client_id AND p.kind = 'purchase' AND p.occurred_at >= w.occurred_at
             AND (p.item_id = w.item_id OR (pi.variant_group IS NOT NULL AND pi.variant_group = i.variant_group)))
       GROUP BY w.client_id, i.id ORDER BY w.client_id, i.id`,
    )
    .all({ since, ...scope.params }) as WishlistNews[];
}

/** The run's top recommendations of some clients, pieces in stock only, best first, with their reasons' JSON. */
export function topPicks(
  db: Db,
  runId: number,
  clientIds: readonly number[],
  perClient: number,
): Map<number, (ArrivedItem & { reasons: string })[]> {
  const out = new Map<number, (ArrivedItem & { reasons: string })[]>();
  if (clientIds.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT r.client_id AS clientId, r.reasons, ${itemColumns}, i.created_at AS createdAt FROM recommendations r
       JOIN items i ON i.id = r.item_id
       WHERE r.run_id = ? AND r.client_id IN (SELECT value FROM json_each(?)) AND i.available = 1
         AND r.rank <= ?
       ORDER BY r.client_id, r.rank`,
    )
    // A few more than asked for, in case some are out of stock since the run.
    .all(runId, JSON.stringify(clientIds), perClient + 7) as (ArrivedItem & {
    clientId: number;
    reasons: string;
  })[];
  for (const { clientId, ...row } of rows) {
    let list = out.get(clientId);
    if (!list) out.set(clientId, (list = []));
    if (list.length < perClient) list.push(row);
  }
  return out;
}

export interface DateRow {
  readonly clientId: number;
  readonly label: string;
  readonly month: number;
  readonly day: number;
  readonly year: number | null;
}

/** Every important date of the book's clients. */
export function bookDates(db: Db, filter: BookFilter): DateRow[] {
  const scope = scopeCondition(filter);
  return db
    .prepare(
      `SELECT d.client_id AS clientId, d.label, d.month, d.day, d.year FROM client_dates d
       JOIN clients c ON c.id = d.client_id WHERE ${scope.sql} ORDER BY d.client_id, d.label`,
    )
    .all(scope.params) as DateRow[];
}
