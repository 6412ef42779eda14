import type { Db } from '../open.js';

/**
 * What attribution reads, set-based: every purchase since a date (a returned one is left out), with the contact
 * that influenced it, if any: the latest contact of the same client, made at most `days` days before the
 * purchase (the window's edges included), whose frozen pieces hold the item bought or another of its variant
 * group. Instants are compared in UTC: an interaction may carry an offset ("+02:00"), contacts are stored in Z.
 */
export interface InfluencedPurchaseRow {
  readonly interactionId: number;
  readonly clientId: number;
  readonly clientName: string;
  readonly itemId: number;
  readonly title: string;
  readonly purchasedAt: string;
  readonly amountMinor: number | null;
  readonly currency: string | null;
  readonly contactId: number;
  readonly contactedAt: string;
  readonly associate: string;
  readonly store: string | null;
  /** The engine's reason that put the piece in the selection; null: the associate's own pick. */
  readonly source: string | null;
  /** The piece bought was the one sent (not another of its variant group). */
  readonly samePiece: number;
}

const utc = (column: string, shift = '') => `strftime('%Y-%m-%dT%H:%M:%fZ', ${column}${shift})`;

export function influencedPurchases(db: Db, since: string | null, days: number): InfluencedPurchaseRow[] {
  return db
    .prepare(
      `WITH p AS (
         SELECT x.id, x.client_id, x.item_id, i.variant_group AS grp, i.title, ${utc('x.occurred_at')} AS at,
           coalesce(x.amount_minor, i.price_minor * x.quantity) AS amount, coalesce(x.currency, i.currency) AS currency
         FROM interactions x JOIN items i ON i.id = x.item_id
         WHERE x.kind = 'purchase' AND (@since IS NULL OR ${utc('x.occurred_at')} >= @since)
           AND NOT EXISTS (SELECT 1 FROM interactions r WHERE r.kind = 'return' AND r.client_id = x.client_id
             AND r.item_id = x.item_id AND ${utc('r.occurred_at')} >= ${utc('x.occurred_at')})
       ),
       m AS (
         SELECT p.*, (SELECT k.id FROM contacts k JOIN contact_items ci ON ci.contact_id = k.id
             WHERE k.client_id = p.client_id AND k.contacted_at <= p.at
               AND k.contacted_at >= ${utc('p.at', ", printf('-%d days', @days)")}
               AND (ci.item_id = p.item_id OR (p.grp IS NOT NULL AND ci.variant_group = p.grp))
             ORDER BY k.contacted_at DESC, k.id DESC LIMIT 1) AS contact_id
         FROM p
       )
       SELECT m.id AS interactionId, m.client_id AS clientId, c.name AS clientName, m.item_id AS itemId, m.title,
         m.at AS purchasedAt, m.amount AS amountMinor, m.currency, k.id AS contactId, k.contacted_at AS contactedAt,
         k.associate, k.store, s.reason_source AS source, s.item_id IS m.item_id AS samePiece
       FROM m JOIN contacts k ON k.id = m.contact_id JOIN clients c ON c.id = m.client_id
       JOIN contact_items s ON s.contact_id = k.id AND s.position = (
         SELECT ci.position FROM contact_items ci WHERE ci.contact_id = k.id
           AND (ci.item_id = m.item_id OR (m.grp IS NOT NULL AND ci.variant_group = m.grp))
         ORDER BY ci.item_id IS m.item_id DESC, ci.position LIMIT 1)
       ORDER BY m.at DESC, m.id DESC`,
    )
    .all({ since, days }) as InfluencedPurchaseRow[];
}

export interface ContactTally {
  readonly associate: string;
  readonly store: string | null;
  readonly contacts: number;
  /** Contacts that sent pieces. */
  readonly selectionsSent: number;
}

/** Contacts made since a date, per associate and store. */
export function contactTallies(db: Db, since: string | null): ContactTally[] {
  return db
    .prepare(
      `SELECT k.associate, k.store, count(*) AS contacts,
         sum(EXISTS (SELECT 1 FROM contact_items ci WHERE ci.contact_id = k.id)) AS selectionsSent
       FROM contacts k WHERE @since IS NULL OR k.contacted_at >= @since
       GROUP BY k.associate, k.store ORDER BY k.associate, k.store`,
    )
    .all({ since }) as ContactTally[];
}
