import type { Db } from '../open.js';
import type { Selection, SelectionItem, SelectionSummary } from '../../api/contract/selections.js';
import { decodeCategoryPath as categoryOf } from '../../domain/category-path.js';

/** The selections' SQL: the statements the store runs, and their rows mapped to the shapes the API returns. */

export interface DbSelection {
  id: number;
  title: string;
  message: string;
  author: string | null;
  created_at: string;
  updated_at: string;
  client_id: number | null;
  client_external_id: string | null;
  client_name: string | null;
  client_email: string | null;
  client_tier: string | null;
  client_store: string | null;
  client_associate: string | null;
  client_consent_marketing: number | null;
}

export interface DbSelectionItem {
  item_id: number;
  external_id: string;
  position: number;
  note: string;
  title: string;
  maison: string | null;
  price_minor: number | null;
  currency: string | null;
  image: string | null;
  category_path: string;
}

export interface DbSelectionSummary {
  id: number;
  title: string;
  message: string;
  client_id: number | null;
  client_name: string | null;
  consent_marketing: number | null;
  author: string | null;
  item_count: number;
  created_at: string;
  updated_at: string;
}

export function toItem(row: DbSelectionItem): SelectionItem {
  return {
    itemId: row.item_id,
    externalId: row.external_id,
    position: row.position,
    note: row.note,
    title: row.title,
    maison: row.maison,
    priceMinor: row.price_minor,
    currency: row.currency,
    image: row.image,
    category: categoryOf(row.category_path),
  };
}

export function toSummary(row: DbSelectionSummary): SelectionSummary {
  return {
    id: row.id,
    title: row.title,
    message: row.message,
    clientId: row.client_id,
    clientName: row.client_name,
    consentMarketing: row.consent_marketing === null ? null : row.consent_marketing === 1,
    author: row.author,
    itemCount: row.item_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toSelection(row: DbSelection, items: readonly DbSelectionItem[]): Selection {
  return {
    id: row.id,
    title: row.title,
    message: row.message,
    author: row.author,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    client:
      row.client_id === null
        ? null
        : {
            id: row.client_id,
            externalId: row.client_external_id!,
            name: row.client_name!,
            email: row.client_email,
            tier: row.client_tier,
            store: row.client_store,
            associate: row.client_associate,
            consentMarketing: row.client_consent_marketing === 1,
          },
    items: items.map(toItem),
  };
}

/** Prepared once per store: every read and write a selection change needs. */
export function selectionStatements(db: Db) {
  return {
    selection: db.prepare(`
      SELECT s.id, s.title, s.message, s.author, s.created_at, s.updated_at, s.client_id,
        c.external_id AS client_external_id, c.name AS client_name, c.email AS client_email,
        c.tier AS client_tier, c.store AS client_store, c.associate AS client_associate,
        c.consent_marketing AS client_consent_marketing
      FROM selections s LEFT JOIN clients c ON c.id = s.client_id
      WHERE s.id = ?`),
    items: db.prepare(`
      SELECT si.item_id, i.external_id, si.position, si.note, i.title, i.maison, i.price_minor, i.currency,
        i.image, i.category_path
      FROM selection_items si JOIN items i ON i.id = si.item_id
      WHERE si.selection_id = ? ORDER BY si.position, si.item_id`),
    itemIdsInOrder: db
      .prepare('SELECT item_id FROM selection_items WHERE selection_id = ? ORDER BY position, item_id')
      .pluck(),
    exists: db.prepare('SELECT 1 FROM selections WHERE id = ?').pluck(),
    itemExists: db.prepare('SELECT 1 FROM items WHERE id = ?').pluck(),
    clientExists: db.prepare('SELECT 1 FROM clients WHERE id = ?').pluck(),
    insert: db.prepare(`
      INSERT INTO selections (client_id, title, message, author, created_at, updated_at)
      VALUES (@clientId, @title, @message, @author, @now, @now) RETURNING id`),
    insertItem: db.prepare(
      'INSERT INTO selection_items (selection_id, item_id, position, note) VALUES (?, ?, ?, ?)',
    ),
    setPosition: db.prepare('UPDATE selection_items SET position = ? WHERE selection_id = ? AND item_id = ?'),
    removeItem: db.prepare('DELETE FROM selection_items WHERE selection_id = ? AND item_id = ?'),
    setNote: db.prepare('UPDATE selection_items SET note = ? WHERE selection_id = ? AND item_id = ?'),
    touch: db.prepare('UPDATE selections SET updated_at = ? WHERE id = ?'),
    update: db.prepare(`
      UPDATE selections SET title = coalesce(@title, title), message = coalesce(@message, message),
        client_id = CASE WHEN @setClient THEN @clientId ELSE client_id END, updated_at = @now
      WHERE id = @id`),
    delete: db.prepare('DELETE FROM selections WHERE id = ?'),
    list: db.prepare(`
      SELECT s.id, s.title, s.message, s.client_id, c.name AS client_name, c.consent_marketing, s.author,
        (SELECT count(*) FROM selection_items si WHERE si.selection_id = s.id) AS item_count,
        s.created_at, s.updated_at
      FROM selections s LEFT JOIN clients c ON c.id = s.client_id
      WHERE @clientId IS NULL OR s.client_id = @clientId
      ORDER BY s.updated_at DESC, s.id DESC`),
  };
}

export type SelectionStatements = ReturnType<typeof selectionStatements>;
