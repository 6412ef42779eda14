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

type Text = string | null;
/** id, external id, name, email, phone, tier, store, associate, language, salutation, consents, last contact. */
type DbTodayClient = [number, string, string, Text, Text, Text, Text, Text, Text, Text, number, number, Text];

/** Every client of the book, with her consent and her last contact. */
export function bookClients(db: Db, filter: BookFilter): TodayClient[] {
  const scope = scopeCondition(filter);
  // Rows as arrays, made into clients here: a whole boutique is tens of thousands, and this is much faster.
  const rows = db
    .prepare(
      `SELECT c.id, c.external_id, c.name, c.email, c.phone, c.tier, c.store, c.associate, c.language, c.salutation,
         c.consent_marketing, c.consent_profiling,
         (SELECT max(k.contacted_at) FROM contacts k WHERE k.client_id = c.id)
       FROM clients c WHERE ${scope.sql} ORDER BY c.id`,
    )
    .raw()
    .all(scope.params) as DbTodayClient[];
  return rows.map((r): TodayClient => ({
    id: r[0],
    externalId: r[1],
    name: r[2],
    email: r[3],
    phone: r[4],
    tier: r[5],
    store: r[6],
    associate: r[7],
    language: r[8],
    salutation: r[9],
    consentMarketing: r[10] === 1,
    consentProfiling: r[11] === 1,
    lastContactAt: r[12],
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

/** One client's interests on some features: the features, and their weights in the same order. */
export interface ClientInterests {
  readonly clientId: number;
  readonly features: readonly string[];
  readonly weights: readonly number[];
}

/**
 * A client's strongest interests are what a new piece is matched against (the weaker ones are noise). Migration
 * 0080's partial indexes hold exactly these (`rank <= 12`): the two numbers go together.
 */
const strongest = 12;

/**
 * The run's explicit interests (weight) and group interests (strength) of the given clients on some features.
 * Each client's rows are read by her key from the index of her strongest interests (feature and weight are in
 * it), and the features kept as they are read: a client holds a few dozen interests, so this reads far fewer
 * entries than looking up every (client, feature) pair. One row per client, her features and weights as JSON
 * arrays: tens of thousands of interests on a big book, and a JS value per interest is most of the time. JSON
 * keeps a REAL exactly (SQLite writes the digits that read back as the same double).
 */
export function interestsOnFeatures(
  db: Db,
  runId: number,
  clientIds: readonly number[],
  features: readonly string[],
): { explicit: ClientInterests[]; group: ClientInterests[] } {
  if (clientIds.length === 0 || features.length === 0) return { explicit: [], group: [] };
  const args = [runId, JSON.stringify(clientIds), JSON.stringify(features)];
  // `+feature`: the features are checked on each client's entries, not looked up one (client, feature) at a time.
  const query = (table: string, column: string) =>
    (
      db
        .prepare(
          `SELECT client_id, json_group_array(feature), json_group_array(${column}) FROM ${table}
           WHERE run_id = ? AND client_id IN (SELECT value FROM json_each(?)) AND rank <= ${strongest}
             AND +feature IN (SELECT value FROM json_each(?))
           GROUP BY client_id`,
        )
        .raw()
        .all(...args) as [number, string, string][]
    ).map(([clientId, names, weights]): ClientInterests => ({
      clientId,
      features: JSON.parse(names) as string[],
      weights: JSON.parse(weights) as number[],
    }));
  return { explicit: query('client_interests', 'weight'), group: query('group_interests', 'strength') };
}

/** Pieces a client owns, among some: their item ids and variant groups. */
export interface OwnedPieces {
  readonly items: Set<number>;
  readonly groups: Set<string>;
}

/**
 * What the given clients bought among some pieces (Today never offers a piece she owns, nor its variant): her
 * purchases of those pieces and of the other pieces of their variant groups. The few pieces are found first;
 * each client's purchases are then read from the index on (client, item, kind), without reading her rows.
 */
export function ownedPieces(
  db: Db,
  clientIds: readonly number[],
  among: readonly { id: number; variantGroup: string | null }[],
): Map<number, OwnedPieces> {
  const out = new Map<number, OwnedPieces>();
  if (clientIds.length === 0 || among.length === 0) return out;
  const groups = [...new Set(among.flatMap((a) => (a.variantGroup === null ? [] : [a.variantGroup])))];
  const pieces = new Map(
    db
      .prepare(
        `SELECT id, variant_group FROM items WHERE id IN (SELECT value FROM json_each(?))
         UNION SELECT id, variant_group FROM items WHERE variant_group IN (SELECT value FROM json_each(?))`,
      )
      .raw()
      .all(JSON.stringify(among.map((a) => a.id)), JSON.stringify(groups)) as [number, string | null][],
  );
  // `+item_id`: each client's entries are read and their pieces checked, not every (client, piece) pair sought.
  const rows = db
    .prepare(
      `SELECT client_id, item_id FROM interactions WHERE client_id IN (SELECT value FROM json_each(?))
         AND +item_id IN (SELECT value FROM json_each(?)) AND kind = 'purchase'`,
    )
    .raw()
    .all(JSON.stringify(clientIds), JSON.stringify([...pieces.keys()])) as [number, number][];
  for (const [clientId, itemId] of rows) {
    let owned = out.get(clientId);
    if (!owned) out.set(clientId, (owned = { items: new Set(), groups: new Set() }));
    owned.items.add(itemId);
    const group = pieces.get(itemId);
    if (group !== undefined && group !== null) owned.groups.add(group);
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
  const ranks = db
    .prepare(
      `SELECT r.client_id, r.item_id, r.reasons FROM recommendations r JOIN items i ON i.id = r.item_id
       WHERE r.run_id = ? AND r.client_id IN (SELECT value FROM json_each(?)) AND r.rank BETWEEN ? AND ?
         AND i.available = 1
       ORDER BY r.client_id, r.rank`,
    )
    .raw();
  const picked = new Map<number, [number, string][]>();
  const pick = (rows: [number, number, string][]) => {
    for (const [clientId, itemId, reasons] of rows) {
      let list = picked.get(clientId);
      if (!list) picked.set(clientId, (list = []));
      if (list.length < perClient) list.push([itemId, reasons]);
    }
  };
  pick(ranks.all(runId, JSON.stringify(clientIds), 1, perClient) as [number, number, string][]);
  // A few more ranks for the clients some of whose pieces are out of stock since the run.
  const short = clientIds.filter((id) => (picked.get(id)?.length ?? 0) < perClient);
  if (short.length > 0)
    pick(ranks.all(runId, JSON.stringify(short), perClient + 1, perClient + 7) as [number, number, string][]);
  // Each piece read once: thousands of lines share a catalog of a few thousand pieces.
  const ids = [...new Set([...picked.values()].flatMap((list) => list.map(([id]) => id)))];
  const items = new Map(
    (
      db
        .prepare(
          `SELECT ${itemColumns}, i.created_at AS createdAt FROM items i WHERE i.id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(ids)) as ArrivedItem[]
    ).map((i) => [i.id, i]),
  );
  for (const [clientId, list] of picked)
    out.set(
      clientId,
      list.map(([id, reasons]) => ({ reasons, ...items.get(id)! })),
    );
  return out;
}

export interface DateRow {
  readonly clientId: number;
  readonly label: string;
  readonly month: number;
  readonly day: number;
  readonly year: number | null;
}

/**
 * The important dates of the book's clients that fall on some days of the year (`month * 100 + day`), and every
 * 'Birthday' of some clients (whatever its day: Today pairs a due birthday follow-up with its date).
 */
export function bookDates(
  db: Db,
  filter: BookFilter,
  on: { readonly days: readonly number[]; readonly birthdaysOf: readonly number[] },
): DateRow[] {
  const scope = scopeCondition(filter);
  return db
    .prepare(
      `SELECT d.client_id AS clientId, d.label, d.month, d.day, d.year FROM client_dates d
       JOIN clients c ON c.id = d.client_id
       WHERE ${scope.sql} AND (d.month * 100 + d.day IN (SELECT value FROM json_each(@days))
         OR (d.label = 'Birthday' AND d.client_id IN (SELECT value FROM json_each(@birthdaysOf))))
       ORDER BY d.client_id, d.label`,
    )
    .all({
      ...scope.params,
      days: JSON.stringify(on.days),
      birthdaysOf: JSON.stringify(on.birthdaysOf),
    }) as DateRow[];
}
