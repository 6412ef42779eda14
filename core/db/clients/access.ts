import { z } from 'zod';
import type { Db } from '../open.js';

/**
 * Everything the book holds about one client, read for her own copy (GDPR art. 15 and 20): the rows as they
 * are, in her words and the boutique's, never another client's name or id. core/privacy/export.ts turns them
 * into the documented file (docs/client-export.md).
 */

const sizesSchema = z.record(z.string(), z.string());
const tagsSchema = z.array(z.string());
const featuresSchema = z.array(
  z.object({ phrase: z.string(), facet: z.string(), weight: z.number() }).loose(),
);

export interface HeldProfile {
  readonly externalId: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly salutation: string | null;
  readonly language: string | null;
  readonly tier: string | null;
  readonly store: string | null;
  readonly associate: string | null;
  readonly sizes: Record<string, string>;
  readonly preferences: string;
  readonly tags: string[];
  readonly consents: { readonly profiling: boolean; readonly marketing: boolean };
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Her profile; null when the id names no client. */
export function heldProfile(db: Db, clientId: number): HeldProfile | null {
  const row = db
    .prepare(
      `SELECT external_id, name, email, phone, salutation, language, tier, store, associate, sizes, preferences,
         tags, consent_profiling, consent_marketing, created_at, updated_at FROM clients WHERE id = ?`,
    )
    .get(clientId) as Record<string, string | number | null> | undefined;
  if (row === undefined) return null;
  const text = (key: string) => (row[key] === null ? null : String(row[key]));
  return {
    externalId: String(row['external_id']),
    name: String(row['name']),
    email: text('email'),
    phone: text('phone'),
    salutation: text('salutation'),
    language: text('language'),
    tier: text('tier'),
    store: text('store'),
    associate: text('associate'),
    sizes: sizesSchema.catch({}).parse(JSON.parse(String(row['sizes']))),
    preferences: String(row['preferences']),
    tags: tagsSchema.catch([]).parse(JSON.parse(String(row['tags']))),
    consents: { profiling: row['consent_profiling'] === 1, marketing: row['consent_marketing'] === 1 },
    createdAt: String(row['created_at']),
    updatedAt: String(row['updated_at']),
  };
}

/** Her interactions, oldest first, with the piece as the catalog names it. */
export function heldInteractions(db: Db, clientId: number) {
  return db
    .prepare(
      `SELECT x.kind, x.occurred_at AS occurredAt, x.quantity, x.amount_minor AS amountMinor, x.currency,
         x.channel, i.external_id AS itemExternalId, i.title AS itemTitle, i.maison AS itemMaison
       FROM interactions x JOIN items i ON i.id = x.item_id WHERE x.client_id = ? ORDER BY x.occurred_at, x.id`,
    )
    .all(clientId) as {
    kind: string;
    occurredAt: string;
    quantity: number;
    amountMinor: number | null;
    currency: string | null;
    channel: string | null;
    itemExternalId: string;
    itemTitle: string;
    itemMaison: string | null;
  }[];
}

export function heldNotes(db: Db, clientId: number) {
  return db
    .prepare(
      'SELECT body, author, created_at AS createdAt FROM notes WHERE client_id = ? ORDER BY created_at, id',
    )
    .all(clientId) as { body: string; author: string | null; createdAt: string }[];
}

export function heldDates(db: Db, clientId: number) {
  return db
    .prepare('SELECT label, month, day, year FROM client_dates WHERE client_id = ? ORDER BY month, day, id')
    .all(clientId) as { label: string; month: number; day: number; year: number | null }[];
}

export function heldFollowUps(db: Db, clientId: number) {
  return db
    .prepare(
      `SELECT due_on AS dueOn, reason, rule, status, snoozed_until AS snoozedUntil, author, created_at AS createdAt,
         updated_at AS updatedAt, closed_at AS closedAt FROM follow_ups WHERE client_id = ? ORDER BY due_on, id`,
    )
    .all(clientId) as {
    dueOn: string;
    reason: string;
    rule: string | null;
    status: string;
    snoozedUntil: string | null;
    author: string | null;
    createdAt: string;
    updatedAt: string;
    closedAt: string | null;
  }[];
}

export interface HeldContactItem {
  readonly position: number;
  readonly itemExternalId: string;
  readonly title: string;
  readonly variantGroup: string | null;
  readonly priceMinor: number | null;
  readonly currency: string | null;
  readonly reasonSource: string | null;
}

/** The contact log with her, oldest first, each with the pieces sent as they were frozen. */
export function heldContacts(db: Db, clientId: number) {
  const contacts = db
    .prepare(
      `SELECT id, contacted_at AS contactedAt, channel, associate, store, template, message,
         selection_title AS selectionTitle FROM contacts WHERE client_id = ? ORDER BY contacted_at, id`,
    )
    .all(clientId) as {
    id: number;
    contactedAt: string;
    channel: string;
    associate: string;
    store: string | null;
    template: string | null;
    message: string;
    selectionTitle: string | null;
  }[];
  const items = db.prepare(
    `SELECT position, item_external_id AS itemExternalId, title, variant_group AS variantGroup,
       price_minor AS priceMinor, currency, reason_source AS reasonSource
     FROM contact_items WHERE contact_id = ? ORDER BY position`,
  );
  return contacts.map(({ id, ...contact }) => ({ ...contact, items: items.all(id) as HeldContactItem[] }));
}

/** Selections made for her, with their pieces and notes. */
export function heldSelections(db: Db, clientId: number) {
  const selections = db
    .prepare(
      `SELECT id, title, message, author, created_at AS createdAt, updated_at AS updatedAt FROM selections
       WHERE client_id = ? ORDER BY created_at, id`,
    )
    .all(clientId) as {
    id: number;
    title: string;
    message: string;
    author: string | null;
    createdAt: string;
    updatedAt: string;
  }[];
  const items = db.prepare(
    `SELECT s.position, i.external_id AS itemExternalId, i.title, i.maison, s.note FROM selection_items s
     JOIN items i ON i.id = s.item_id WHERE s.selection_id = ? ORDER BY s.position`,
  );
  return selections.map(({ id, ...selection }) => ({
    ...selection,
    items: items.all(id) as {
      position: number;
      itemExternalId: string;
      title: string;
      maison: string | null;
      note: string;
    }[],
  }));
}

/** What reasoners concluded of her history, and the answers they gave that failed a check. */
export function heldReasoning(db: Db, clientId: number) {
  const conclusions = (
    db
      .prepare(
        `SELECT reasoner, model, likes, dislikes, core_preference AS corePreference, features,
           created_at AS createdAt FROM client_reasoning WHERE client_id = ? ORDER BY reasoner`,
      )
      .all(clientId) as {
      reasoner: string;
      model: string | null;
      likes: string;
      dislikes: string;
      corePreference: string;
      features: string;
      createdAt: string;
    }[]
  ).map((r) => ({ ...r, features: featuresSchema.catch([]).parse(JSON.parse(r.features)) }));
  const failures = db
    .prepare(
      `SELECT reasoner, model, kind, error, raw_text AS rawText, created_at AS createdAt FROM reasoning_failures
       WHERE client_id = ? ORDER BY created_at, id`,
    )
    .all(clientId) as {
    reasoner: string;
    model: string | null;
    kind: string;
    error: string;
    rawText: string;
    createdAt: string;
  }[];
  return { conclusions, failures };
}
