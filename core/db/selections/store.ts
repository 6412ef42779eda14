import type { Db } from '../open.js';
import type { Clock } from '../../clock.js';
import { SelectionError, parseSelectionInput } from '../../selections/errors.js';
import {
  addItemsSchema,
  createSelectionSchema,
  itemIdSchema,
  listSelectionsSchema,
  noteSchema,
  orderSchema,
  positionSchema,
  selectionIdSchema,
  updateSelectionSchema,
  type AddItemsInput,
  type CreateSelectionInput,
  type UpdateSelectionInput,
} from '../../selections/schemas.js';
import type { Selection, SelectionItem, SelectionSummary } from '../../selections/types.js';
import { decodeCategoryPath as categoryOf } from '../../domain/category-path.js';

interface DbSelection {
  id: number;
  title: string;
  message: string;
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

interface DbSelectionItem {
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

interface DbSelectionSummary {
  id: number;
  title: string;
  message: string;
  client_id: number | null;
  client_name: string | null;
  consent_marketing: number | null;
  item_count: number;
  created_at: string;
  updated_at: string;
}

function toItem(row: DbSelectionItem): SelectionItem {
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

function toSummary(row: DbSelectionSummary): SelectionSummary {
  return {
    id: row.id,
    title: row.title,
    message: row.message,
    clientId: row.client_id,
    clientName: row.client_name,
    consentMarketing: row.consent_marketing === null ? null : row.consent_marketing === 1,
    itemCount: row.item_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Curated selections and their ordered items. Every change runs in one transaction and keeps the item
 * positions dense (0..n-1), so the order the associate sees is the order that is stored and exported.
 * Every method returns the selection as it now is, which is what the UI shows next.
 */
export class SelectionStore {
  private readonly stmt;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.stmt = {
      selection: db.prepare(`
        SELECT s.id, s.title, s.message, s.created_at, s.updated_at, s.client_id,
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
        INSERT INTO selections (client_id, title, message, created_at, updated_at)
        VALUES (@clientId, @title, @message, @now, @now) RETURNING id`),
      insertItem: db.prepare(
        'INSERT INTO selection_items (selection_id, item_id, position, note) VALUES (?, ?, ?, ?)',
      ),
      setPosition: db.prepare(
        'UPDATE selection_items SET position = ? WHERE selection_id = ? AND item_id = ?',
      ),
      removeItem: db.prepare('DELETE FROM selection_items WHERE selection_id = ? AND item_id = ?'),
      setNote: db.prepare('UPDATE selection_items SET note = ? WHERE selection_id = ? AND item_id = ?'),
      touch: db.prepare('UPDATE selections SET updated_at = ? WHERE id = ?'),
      update: db.prepare(`
        UPDATE selections SET title = coalesce(@title, title), message = coalesce(@message, message),
          client_id = CASE WHEN @setClient THEN @clientId ELSE client_id END, updated_at = @now
        WHERE id = @id`),
      delete: db.prepare('DELETE FROM selections WHERE id = ?'),
      list: db.prepare(`
        SELECT s.id, s.title, s.message, s.client_id, c.name AS client_name, c.consent_marketing,
          (SELECT count(*) FROM selection_items si WHERE si.selection_id = s.id) AS item_count,
          s.created_at, s.updated_at
        FROM selections s LEFT JOIN clients c ON c.id = s.client_id
        WHERE @clientId IS NULL OR s.client_id = @clientId
        ORDER BY s.updated_at DESC, s.id DESC`),
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private requireSelection(id: number): void {
    if (this.stmt.exists.get(id) === undefined)
      throw new SelectionError('unknown-selection', `selection ${id} does not exist`);
  }

  private requireItems(ids: readonly number[]): void {
    const missing = ids.filter((itemId) => this.stmt.itemExists.get(itemId) === undefined);
    if (missing.length > 0)
      throw new SelectionError(
        'unknown-item',
        `item${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not in the catalog`,
      );
  }

  private requireClient(id: number | null): void {
    if (id !== null && this.stmt.clientExists.get(id) === undefined)
      throw new SelectionError('unknown-client', `client ${id} does not exist`);
  }

  private order(selectionId: number): number[] {
    return this.stmt.itemIdsInOrder.all(selectionId) as number[];
  }

  /** Rewrites positions as 0..n-1 in the given order, touching only the rows whose position changed. */
  private writeOrder(selectionId: number, order: readonly number[], before: readonly number[]): void {
    order.forEach((itemId, position) => {
      if (before[position] !== itemId) this.stmt.setPosition.run(position, selectionId, itemId);
    });
  }

  private requireMember(selectionId: number, itemId: number, order: readonly number[]): void {
    if (!order.includes(itemId))
      throw new SelectionError('item-not-in-selection', `item ${itemId} is not in selection ${selectionId}`);
  }

  get(selectionId: number): Selection {
    const id = parseSelectionInput(selectionIdSchema, selectionId);
    const row = this.stmt.selection.get(id) as DbSelection | undefined;
    if (!row) throw new SelectionError('unknown-selection', `selection ${id} does not exist`);
    const items = (this.stmt.items.all(id) as DbSelectionItem[]).map(toItem);
    return {
      id: row.id,
      title: row.title,
      message: row.message,
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
      items,
    };
  }

  /** All selections, or one client's, most recently changed first. */
  list(filter: { clientId?: number } = {}): SelectionSummary[] {
    const { clientId } = parseSelectionInput(listSelectionsSchema, filter);
    return (this.stmt.list.all({ clientId: clientId ?? null }) as DbSelectionSummary[]).map(toSummary);
  }

  create(input: CreateSelectionInput): Selection {
    const { title, clientId, message, itemIds } = parseSelectionInput(createSelectionSchema, input);
    const id = this.db.transaction(() => {
      this.requireClient(clientId);
      this.requireItems(itemIds);
      const now = this.now();
      const { id } = this.stmt.insert.get({ clientId, title, message, now }) as { id: number };
      itemIds.forEach((itemId, position) => this.stmt.insertItem.run(id, itemId, position, ''));
      return id;
    })();
    return this.get(id);
  }

  /** Renames, rewrites the message or changes the client (null: for no one in particular). */
  update(selectionId: number, changes: UpdateSelectionInput): Selection {
    const id = parseSelectionInput(selectionIdSchema, selectionId);
    const { title, message, clientId } = parseSelectionInput(updateSelectionSchema, changes);
    this.db.transaction(() => {
      this.requireSelection(id);
      if (clientId !== undefined) this.requireClient(clientId);
      this.stmt.update.run({
        id,
        title: title ?? null,
        message: message ?? null,
        setClient: clientId === undefined ? 0 : 1,
        clientId: clientId ?? null,
        now: this.now(),
      });
    })();
    return this.get(id);
  }

  delete(selectionId: number): void {
    const id = parseSelectionInput(selectionIdSchema, selectionId);
    if (this.stmt.delete.run(id).changes === 0)
      throw new SelectionError('unknown-selection', `selection ${id} does not exist`);
  }

  /**
   * Adds items (from the recommendations or the catalog) at `position` (the end by default), all or none:
   * an item already in the selection is an error rather than a silent no-op, so the UI can say so.
   */
  addItems(selectionId: number, input: AddItemsInput): Selection {
    const id = parseSelectionInput(selectionIdSchema, selectionId);
    const { itemIds, position, note } = parseSelectionInput(addItemsSchema, input);
    this.db.transaction(() => {
      this.requireSelection(id);
      this.requireItems(itemIds);
      const before = this.order(id);
      const already = itemIds.filter((itemId) => before.includes(itemId));
      if (already.length > 0)
        throw new SelectionError(
          'item-already-in-selection',
          `item${already.length > 1 ? 's' : ''} ${already.join(', ')} already in selection ${id}`,
        );
      const at = Math.min(position ?? before.length, before.length);
      const after = [...before.slice(0, at), ...itemIds, ...before.slice(at)];
      // New rows start unplaced; writeOrder then gives them and the items after them their places.
      for (const itemId of itemIds) this.stmt.insertItem.run(id, itemId, -1, note);
      this.writeOrder(id, after, before);
      this.stmt.touch.run(this.now(), id);
    })();
    return this.get(id);
  }

  removeItem(selectionId: number, itemId: number): Selection {
    const id = parseSelectionInput(selectionIdSchema, selectionId);
    const item = parseSelectionInput(itemIdSchema, itemId);
    this.db.transaction(() => {
      this.requireSelection(id);
      const before = this.order(id);
      this.requireMember(id, item, before);
      this.stmt.removeItem.run(id, item);
      this.writeOrder(
        id,
        before.filter((i) => i !== item),
        before,
      );
      this.stmt.touch.run(this.now(), id);
    })();
    return this.get(id);
  }

  /** Moves one item to `position` (0-based, within the current items); the others close up around it. */
  moveItem(selectionId: number, itemId: number, position: number): Selection {
    const id = parseSelectionInput(selectionIdSchema, selectionId);
    const item = parseSelectionInput(itemIdSchema, itemId);
    const to = parseSelectionInput(positionSchema, position);
    this.db.transaction(() => {
      this.requireSelection(id);
      const before = this.order(id);
      this.requireMember(id, item, before);
      if (to >= before.length)
        throw new SelectionError(
          'invalid-input',
          `position ${to} is past the end of selection ${id} (positions 0..${before.length - 1})`,
        );
      const after = before.filter((i) => i !== item);
      after.splice(to, 0, item);
      this.writeOrder(id, after, before);
      this.stmt.touch.run(this.now(), id);
    })();
    return this.get(id);
  }

  /** Sets the whole order at once (what a drag-and-drop list hands back): a permutation of the items. */
  reorder(selectionId: number, itemIds: readonly number[]): Selection {
    const id = parseSelectionInput(selectionIdSchema, selectionId);
    const order = parseSelectionInput(orderSchema, itemIds);
    this.db.transaction(() => {
      this.requireSelection(id);
      const before = this.order(id);
      const stranger = order.find((i) => !before.includes(i));
      if (stranger !== undefined) this.requireMember(id, stranger, before);
      const left = before.filter((i) => !order.includes(i));
      if (left.length > 0)
        throw new SelectionError(
          'invalid-input',
          `the new order of selection ${id} leaves out item${left.length > 1 ? 's' : ''} ${left.join(', ')}`,
        );
      this.writeOrder(id, order, before);
      this.stmt.touch.run(this.now(), id);
    })();
    return this.get(id);
  }

  /** The associate's note on one item (empty to clear it). */
  setItemNote(selectionId: number, itemId: number, note: string): Selection {
    const id = parseSelectionInput(selectionIdSchema, selectionId);
    const item = parseSelectionInput(itemIdSchema, itemId);
    const text = parseSelectionInput(noteSchema, note);
    this.db.transaction(() => {
      this.requireSelection(id);
      if (this.stmt.setNote.run(text, id, item).changes === 0)
        throw new SelectionError('item-not-in-selection', `item ${item} is not in selection ${id}`);
      this.stmt.touch.run(this.now(), id);
    })();
    return this.get(id);
  }
}
