import type { Db } from '../db/open.js';
import {
  attributionSources,
  type AttributionFigures,
  type AttributionSource,
  type AttributionView,
  type InfluencedPurchase,
} from '../api/contract/outreach.js';
import {
  contactTallies,
  influencedPurchases,
  type InfluencedPurchaseRow,
} from '../db/outreach/attribution.js';
import { reasonSources } from '../domain/recommendations.js';

/**
 * Attribution: a purchase by a contacted client, within the window after the contact, of a piece the contact
 * sent or of another of its variant group, is influenced, credited to the associate who sent it (the latest
 * such contact). Per associate and store: contacts made, selections sent, the share followed by a purchase,
 * the revenue influenced, and which of the engine's reasons the bought pieces came from.
 */
export interface AttributionRequest {
  readonly since: string | null;
  readonly windowDays: number;
  /** How many of the latest influenced purchases to list. */
  readonly recent?: number;
}

const sourceOf = (row: InfluencedPurchaseRow): AttributionSource =>
  (reasonSources as readonly string[]).includes(row.source ?? '')
    ? (row.source as AttributionSource)
    : 'associate';

interface Tally {
  contacts: number;
  selectionsSent: number;
  purchases: InfluencedPurchaseRow[];
}

function figures(t: Tally): AttributionFigures {
  const bySource = Object.fromEntries(attributionSources.map((s) => [s, 0])) as Record<
    AttributionSource,
    number
  >;
  const revenue = new Map<string | null, number>();
  const contacts = new Set<number>();
  for (const p of t.purchases) {
    bySource[sourceOf(p)]++;
    contacts.add(p.contactId);
    if (p.amountMinor !== null) revenue.set(p.currency, (revenue.get(p.currency) ?? 0) + p.amountMinor);
  }
  return {
    contacts: t.contacts,
    selectionsSent: t.selectionsSent,
    selectionsWithPurchase: contacts.size,
    share: t.selectionsSent === 0 ? null : Math.round((contacts.size / t.selectionsSent) * 1000) / 1000,
    influencedPurchases: t.purchases.length,
    revenue: [...revenue]
      .map(([currency, amountMinor]) => ({ currency, amountMinor }))
      .sort((a, b) => b.amountMinor - a.amountMinor || String(a.currency).localeCompare(String(b.currency))),
    bySource,
  };
}

const blank = (): Tally => ({ contacts: 0, selectionsSent: 0, purchases: [] });

function tallyOf<K>(map: Map<K, Tally>, key: K): Tally {
  let t = map.get(key);
  if (!t) map.set(key, (t = blank()));
  return t;
}

export function attribution(db: Db, request: AttributionRequest): AttributionView {
  const purchases = influencedPurchases(db, request.since, request.windowDays);
  const total = blank();
  const byAssociate = new Map<string, Tally & { associate: string; store: string | null }>();
  const byStore = new Map<string | null, Tally>();
  const associateKey = (associate: string, store: string | null) => JSON.stringify([associate, store]);
  for (const c of contactTallies(db, request.since)) {
    const key = associateKey(c.associate, c.store);
    byAssociate.set(key, { ...blank(), associate: c.associate, store: c.store });
    for (const t of [total, byAssociate.get(key)!, tallyOf(byStore, c.store)]) {
      t.contacts += c.contacts;
      t.selectionsSent += c.selectionsSent;
    }
  }
  for (const p of purchases) {
    const key = associateKey(p.associate, p.store);
    if (!byAssociate.has(key)) byAssociate.set(key, { ...blank(), associate: p.associate, store: p.store });
    for (const t of [total, byAssociate.get(key)!, tallyOf(byStore, p.store)]) t.purchases.push(p);
  }
  const recent = purchases.slice(0, request.recent ?? 20).map((p): InfluencedPurchase => ({
    clientId: p.clientId,
    clientName: p.clientName,
    itemId: p.itemId,
    title: p.title,
    purchasedAt: p.purchasedAt,
    amountMinor: p.amountMinor,
    currency: p.currency,
    contactedAt: p.contactedAt,
    associate: p.associate,
    store: p.store,
    source: sourceOf(p),
    samePiece: p.samePiece === 1,
  }));
  const collator = new Intl.Collator('en');
  return {
    since: request.since,
    windowDays: request.windowDays,
    totals: figures(total),
    byAssociate: [...byAssociate.values()]
      .map((t) => ({ associate: t.associate, store: t.store, ...figures(t) }))
      .sort(
        (a, b) => b.influencedPurchases - a.influencedPurchases || collator.compare(a.associate, b.associate),
      ),
    byStore: [...byStore]
      .map(([store, t]) => ({ store, ...figures(t) }))
      .sort(
        (a, b) =>
          b.influencedPurchases - a.influencedPurchases || collator.compare(a.store ?? '', b.store ?? ''),
      ),
    recent,
  };
}
