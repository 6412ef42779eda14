import type { Db } from '../open.js';
import type { ContactView } from '../../api/contract/day.js';
import type { ContactChannel } from '../../domain/outreach.js';
import type { ReasonSource } from '../../domain/recommendations.js';
import { CoreError } from '../../domain/errors.js';
import { storedReasonsSchema } from '../runs/engine-store.js';

/**
 * The contact log: who reached which client, when, how, with which message and which selection. The selection
 * is frozen as sent in contact_items (titles, prices, variant groups, which of the engine's reasons put each
 * piece there), so a later edit of the selection or the catalog never rewrites what was sent.
 */
export class UnknownClientForContactError extends CoreError<'unknown-client'> {
  constructor(id: number | string) {
    super('unknown-client', 'not-found', `there is no client ${id}`);
  }
}

export interface ContactClient {
  readonly id: number;
  readonly name: string;
  readonly consentMarketing: boolean;
  readonly consentProfiling: boolean;
  readonly email: string | null;
  readonly phone: string | null;
  readonly language: string | null;
  readonly salutation: string | null;
}

export function clientForContact(db: Db, id: number): ContactClient {
  const row = db
    .prepare(
      `SELECT id, name, consent_marketing AS consentMarketing, consent_profiling AS consentProfiling, email, phone,
         language, salutation FROM clients WHERE id = ?`,
    )
    .get(id) as
    (Omit<ContactClient, 'consentMarketing' | 'consentProfiling'> & Record<string, number>) | undefined;
  if (!row) throw new UnknownClientForContactError(id);
  return {
    ...row,
    consentMarketing: row.consentMarketing === 1,
    consentProfiling: row.consentProfiling === 1,
  };
}

export function clientExists(db: Db, id: number): void {
  if (db.prepare('SELECT 1 FROM clients WHERE id = ?').get(id) === undefined)
    throw new UnknownClientForContactError(id);
}

export interface FrozenPiece {
  readonly itemId: number;
  readonly externalId: string;
  readonly title: string;
  readonly variantGroup: string | null;
  readonly priceMinor: number | null;
  readonly currency: string | null;
  readonly reasonSource: ReasonSource | null;
}

/**
 * A selection's pieces as they are now, in order, each with the strongest source of the run's reasons for
 * recommending it to the client (null when the run did not recommend it to her: the associate's own pick).
 */
export function piecesToFreeze(
  db: Db,
  selectionId: number,
  clientId: number,
  runId: number | null,
): FrozenPiece[] {
  const rows = db
    .prepare(
      `SELECT i.id AS itemId, i.external_id AS externalId, i.title, i.variant_group AS variantGroup,
         i.price_minor AS priceMinor, i.currency,
         (SELECT r.reasons FROM recommendations r WHERE r.run_id = @runId AND r.client_id = @clientId
            AND r.item_id = i.id) AS reasons
       FROM selection_items s JOIN items i ON i.id = s.item_id WHERE s.selection_id = @selectionId
       ORDER BY s.position`,
    )
    .all({ selectionId, clientId, runId }) as (Omit<FrozenPiece, 'reasonSource'> & {
    reasons: string | null;
  })[];
  return rows.map(({ reasons, ...piece }) => ({ ...piece, reasonSource: strongestSource(reasons) }));
}

/** The source of the reason with the largest share of the score. */
export function strongestSource(reasonsJson: string | null): ReasonSource | null {
  if (reasonsJson === null) return null;
  const parsed = storedReasonsSchema.safeParse(JSON.parse(reasonsJson));
  if (!parsed.success || parsed.data.length === 0) return null;
  return parsed.data.reduce((best, r) => (r.share > best.share ? r : best)).source;
}

export interface NewContact {
  readonly clientId: number;
  readonly associateId: number | null;
  readonly associate: string;
  readonly store: string | null;
  readonly channel: ContactChannel;
  readonly template: string | null;
  readonly message: string;
  readonly selectionId: number | null;
  readonly selectionTitle: string | null;
  readonly followUpId: number | null;
  readonly contactedAt: string;
}

export function insertContact(db: Db, contact: NewContact, pieces: readonly FrozenPiece[]): number {
  const id = db
    .prepare(
      `INSERT INTO contacts (client_id, associate_id, associate, store, channel, template, message, selection_id,
         selection_title, follow_up_id, contacted_at)
       VALUES (@clientId, @associateId, @associate, @store, @channel, @template, @message, @selectionId,
         @selectionTitle, @followUpId, @contactedAt) RETURNING id`,
    )
    .pluck()
    .get(contact) as number;
  const item = db.prepare(
    `INSERT INTO contact_items (contact_id, position, item_id, item_external_id, title, variant_group, price_minor,
       currency, reason_source)
     VALUES (@contactId, @position, @itemId, @externalId, @title, @variantGroup, @priceMinor, @currency, @reasonSource)`,
  );
  pieces.forEach((p, position) => item.run({ ...p, contactId: id, position }));
  return id;
}

export type ContactRow = ContactView;

const contactColumns = `k.id, k.client_id AS clientId, k.associate, k.store, k.channel, k.template, k.message,
  k.selection_id AS selectionId, k.selection_title AS selectionTitle, k.follow_up_id AS followUpId,
  k.contacted_at AS contactedAt`;

function withPieces(db: Db, rows: Omit<ContactRow, 'pieces'>[]): ContactRow[] {
  if (rows.length === 0) return [];
  const pieces = db
    .prepare(
      `SELECT contact_id AS contactId, item_id AS itemId, item_external_id AS externalId, title,
         variant_group AS variantGroup, price_minor AS priceMinor, currency, reason_source AS reasonSource
       FROM contact_items WHERE contact_id IN (SELECT value FROM json_each(?)) ORDER BY contact_id, position`,
    )
    .all(JSON.stringify(rows.map((r) => r.id))) as (ContactRow['pieces'][number] & { contactId: number })[];
  const byContact = new Map<number, ContactRow['pieces'][number][]>();
  for (const { contactId, ...p } of pieces) {
    let list = byContact.get(contactId);
    if (!list) byContact.set(contactId, (list = []));
    list.push(p);
  }
  return rows.map((r) => ({ ...r, pieces: byContact.get(r.id) ?? [] }));
}

/** A client's contacts, newest first. */
export function clientContacts(db: Db, clientId: number, limit = 200): ContactRow[] {
  const rows = db
    .prepare(
      `SELECT ${contactColumns} FROM contacts k WHERE k.client_id = ? ORDER BY k.contacted_at DESC, k.id DESC LIMIT ?`,
    )
    .all(clientId, limit) as Omit<ContactRow, 'pieces'>[];
  return withPieces(db, rows);
}

export function contactById(db: Db, id: number): ContactRow {
  const rows = db.prepare(`SELECT ${contactColumns} FROM contacts k WHERE k.id = ?`).all(id) as Omit<
    ContactRow,
    'pieces'
  >[];
  return withPieces(db, rows)[0]!;
}

/** How many contacts each client had after an instant. */
export function contactCountsSince(db: Db, clientIds: readonly number[], since: string): Map<number, number> {
  if (clientIds.length === 0) return new Map();
  const rows = db
    .prepare(
      `SELECT client_id AS clientId, count(*) AS n FROM contacts
       WHERE contacted_at > ? AND client_id IN (SELECT value FROM json_each(?)) GROUP BY client_id`,
    )
    .all(since, JSON.stringify(clientIds)) as { clientId: number; n: number }[];
  return new Map(rows.map((r) => [r.clientId, r.n]));
}

/** The open follow-ups of a client among some ids (a contact closes the ones it answers). */
export function closeFollowUps(db: Db, clientId: number, ids: readonly number[], now: string): number {
  if (ids.length === 0) return 0;
  return db
    .prepare(
      `UPDATE follow_ups SET status = 'done', snoozed_until = NULL, closed_at = @now, updated_at = @now
       WHERE client_id = @clientId AND status IN ('open', 'snoozed') AND id IN (SELECT value FROM json_each(@ids))`,
    )
    .run({ clientId, ids: JSON.stringify(ids), now }).changes;
}

/** Which of some follow-up ids belong to another client or do not exist. */
export function foreignFollowUps(db: Db, clientId: number, ids: readonly number[]): number[] {
  if (ids.length === 0) return [];
  const mine = new Set(
    db
      .prepare(`SELECT id FROM follow_ups WHERE client_id = ? AND id IN (SELECT value FROM json_each(?))`)
      .pluck()
      .all(clientId, JSON.stringify(ids)) as number[],
  );
  return ids.filter((id) => !mine.has(id));
}

export function selectionForContact(
  db: Db,
  id: number,
): { id: number; clientId: number | null; title: string; message: string } | undefined {
  return db
    .prepare('SELECT id, client_id AS clientId, title, message FROM selections WHERE id = ?')
    .get(id) as { id: number; clientId: number | null; title: string; message: string } | undefined;
}

export interface MessagePieceRow {
  readonly id: number;
  readonly title: string;
  readonly maison: string | null;
  readonly priceMinor: number | null;
  readonly currency: string | null;
}

/** Some pieces by id, in the order asked; the ids the catalog does not hold are returned apart. */
export function piecesByIds(
  db: Db,
  ids: readonly number[],
): { pieces: MessagePieceRow[]; missing: number[] } {
  if (ids.length === 0) return { pieces: [], missing: [] };
  const rows = db
    .prepare(
      `SELECT id, title, maison, price_minor AS priceMinor, currency FROM items
       WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as MessagePieceRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { pieces: ids.flatMap((id) => byId.get(id) ?? []), missing: ids.filter((id) => !byId.has(id)) };
}

/** A client named on the command line: by external id ("CL-100042"), else by row id ("42"). */
export function clientIdByRef(db: Db, ref: string): number {
  const text = ref.trim();
  const id = db
    .prepare(
      `SELECT id FROM clients WHERE external_id = ? OR (? <> '' AND ? NOT GLOB '*[^0-9]*' AND id = CAST(? AS INTEGER))
       ORDER BY external_id = ? DESC LIMIT 1`,
    )
    .pluck()
    .get(text, text, text, text, text) as number | undefined;
  if (id === undefined) throw new UnknownClientForContactError(text);
  return id;
}
