import { z } from 'zod';
import { interactionKinds, type InteractionKind } from '../../domain/catalog.js';
import { type ItemForReasoning } from '../../domain/catalog.js';
import { type ReasonerKind } from '../../domain/reasoners.js';
import { facets, type Facet } from '../../domain/features.js';
import type { Db } from '../open.js';
import { latestRun } from './runs.js';
import { decodeCategoryPath } from '../../domain/category-path.js';

/**
 * What loading a boutique for the engine reads: items as a reasoner sees them, clients with their consent,
 * interactions in time order, the reasoner's stored item features and its latest reasoning run. Rows are
 * mapped to plain shapes; JSON columns are validated on the way out.
 */

const textList = z.array(z.string());
const facetSchema = z.enum(facets);
const kindSchema = z.enum(interactionKinds);

interface DbItem {
  id: number;
  external_id: string;
  title: string;
  maison: string | null;
  category_path: string;
  materials: string;
  colours: string;
  occasions: string;
  price_minor: number | null;
  currency: string | null;
  collection: string | null;
  description: string;
  variant_group: string | null;
}

function toItemForReasoning(row: DbItem): ItemForReasoning {
  return {
    id: row.id,
    externalId: row.external_id,
    title: row.title,
    maison: row.maison,
    categoryPath: decodeCategoryPath(row.category_path),
    materials: textList.parse(JSON.parse(row.materials)),
    colours: textList.parse(JSON.parse(row.colours)),
    occasions: textList.parse(JSON.parse(row.occasions)),
    priceMinor: row.price_minor,
    currency: row.currency,
    collection: row.collection,
    description: row.description,
    variantGroup: row.variant_group,
  };
}

/** Some items as a reasoner sees them (Today scores a few new arrivals without loading the catalog). */
export function itemsForReasoningByIds(db: Db, ids: readonly number[]): ItemForReasoning[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT id, external_id, title, maison, category_path, materials, colours, occasions, price_minor, currency,
         collection, description, variant_group FROM items WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(JSON.stringify(ids)) as DbItem[];
  return rows.map(toItemForReasoning);
}

/** What the rules reasoner's price tiers are cut from: every priced item's category and price. */
export function itemPrices(db: Db): Pick<ItemForReasoning, 'categoryPath' | 'priceMinor' | 'currency'>[] {
  const rows = db
    .prepare(`SELECT category_path, price_minor, currency FROM items WHERE price_minor IS NOT NULL`)
    .all() as Pick<DbItem, 'category_path' | 'price_minor' | 'currency'>[];
  return rows.map((r) => ({
    categoryPath: decodeCategoryPath(r.category_path),
    priceMinor: r.price_minor,
    currency: r.currency,
  }));
}

/** The reasoner's current stored features of some items, from completed reasoning runs only. */
export function storedFeaturesOfItems(
  db: Db,
  reasoner: ReasonerKind,
  ids: readonly number[],
): StoredItemFeature[] {
  const rows = db
    .prepare(
      `SELECT f.item_id AS itemId, f.feature, f.facet, f.weight FROM item_features f JOIN runs r ON r.id = f.run_id
       WHERE f.reasoner = ? AND r.status = 'completed' AND f.item_id IN (SELECT value FROM json_each(?))
       ORDER BY f.item_id, f.weight DESC, f.feature`,
    )
    .all(reasoner, JSON.stringify(ids)) as {
    itemId: number;
    feature: string;
    facet: string;
    weight: number;
  }[];
  return rows.map((r) => ({ ...r, facet: facetSchema.parse(r.facet) }));
}

/** Every item as a reasoner sees it, by row id. */
export function itemsForReasoning(db: Db): ItemForReasoning[] {
  const rows = db
    .prepare(
      `SELECT id, external_id, title, maison, category_path, materials, colours, occasions, price_minor, currency,
         collection, description, variant_group FROM items ORDER BY id`,
    )
    .all() as DbItem[];
  return rows.map(toItemForReasoning);
}

export interface ClientConsent {
  readonly id: number;
  readonly externalId: string;
  readonly name: string;
  readonly consentProfiling: boolean;
}

interface DbClientConsent {
  id: number;
  external_id: string;
  name: string;
  consent_profiling: number;
}
const toClientConsent = (r: DbClientConsent): ClientConsent => ({
  id: r.id,
  externalId: r.external_id,
  name: r.name,
  consentProfiling: r.consent_profiling === 1,
});

export function clientsWithConsent(db: Db): ClientConsent[] {
  return (
    db
      .prepare('SELECT id, external_id, name, consent_profiling FROM clients ORDER BY id')
      .all() as DbClientConsent[]
  ).map(toClientConsent);
}

export function clientByExternalId(db: Db, externalId: string): ClientConsent | null {
  const row = db
    .prepare('SELECT id, external_id, name, consent_profiling FROM clients WHERE external_id = ?')
    .get(externalId) as DbClientConsent | undefined;
  return row ? toClientConsent(row) : null;
}

export function clientsByIds(db: Db, ids: readonly number[]): Map<number, ClientConsent> {
  const out = new Map<number, ClientConsent>();
  const stmt = db.prepare('SELECT id, external_id, name, consent_profiling FROM clients WHERE id = ?');
  for (const id of new Set(ids)) {
    const row = stmt.get(id) as DbClientConsent | undefined;
    if (row) out.set(id, toClientConsent(row));
  }
  return out;
}

export interface InteractionRow {
  readonly clientId: number;
  readonly itemId: number;
  readonly kind: InteractionKind;
  readonly quantity: number;
  readonly occurredAt: string;
}

/** Every interaction, per client in time order: streamed, so large books never sit in memory twice. */
export function* interactionsInOrder(db: Db): Generator<InteractionRow> {
  const stmt = db.prepare(
    `SELECT client_id AS clientId, item_id AS itemId, kind, quantity, occurred_at AS occurredAt
     FROM interactions ORDER BY client_id, occurred_at, id`,
  );
  for (const row of stmt.iterate() as Iterable<InteractionRow>)
    yield { ...row, kind: kindSchema.parse(row.kind) };
}

/** One client's interactions, oldest first. */
export function clientInteractions(db: Db, clientId: number): InteractionRow[] {
  return (
    db
      .prepare(
        `SELECT client_id AS clientId, item_id AS itemId, kind, quantity, occurred_at AS occurredAt
         FROM interactions WHERE client_id = ? ORDER BY occurred_at, id`,
      )
      .all(clientId) as InteractionRow[]
  ).map((r) => ({ ...r, kind: kindSchema.parse(r.kind) }));
}

export interface StoredItemFeature {
  readonly itemId: number;
  readonly feature: string;
  readonly facet: Facet;
  readonly weight: number;
}

export interface ReasoningRunInfo {
  readonly runId: number;
  readonly model: string | null;
  readonly promptVersion: string;
}

/** The latest completed reasoning run of a reasoner, or null when it never completed one. */
export function latestReasoningRun(db: Db, reasoner: ReasonerKind): ReasoningRunInfo | null {
  const run = latestRun(db, 'reason', 'completed', reasoner);
  return run ? { runId: run.id, model: run.model, promptVersion: run.promptVersion } : null;
}

/** The reasoner's current stored features, from completed reasoning runs only. */
export function storedItemFeatures(db: Db, reasoner: ReasonerKind): StoredItemFeature[] {
  const rows = db
    .prepare(
      `SELECT f.item_id AS itemId, f.feature, f.facet, f.weight FROM item_features f JOIN runs r ON r.id = f.run_id
       WHERE f.reasoner = ? AND r.status = 'completed' ORDER BY f.item_id, f.weight DESC, f.feature`,
    )
    .all(reasoner) as { itemId: number; feature: string; facet: string; weight: number }[];
  return rows.map((r) => ({ ...r, facet: facetSchema.parse(r.facet) }));
}
