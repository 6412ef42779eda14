import type { Db } from '../open.js';
import type { Clock } from '../../clock.js';
import { SelectionError, parseSelectionInput } from './errors.js';
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
} from './schemas.js';
import type { Selection, SelectionSummary } from '../../api/contract/selections.js';
import {
  selectionStatements,
  toSelection,
  toSummary,
  type DbSelection,
  type DbSelectionItem,
  type DbSelectionSummary,
  type SelectionStatements,
} from './queries.js';

/**
 * Curated selections and their ordered items. Every change runs in one transaction and keeps the item
 * positions dense (0..n-1), so the order the associate sees is the order that is stored and exported.
 * Every method returns the selection as it now is, which is what the UI shows next.
 */
export class SelectionStore {
  private readonly stmt: SelectionStatements;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.stmt = selectionStatements(db);
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
    return toSelection(row, this.stmt.items.all(id) as DbSelectionItem[]);
  }

  /** All selections, or one client's, most recently changed first. */
  list(filter: { clientId?: number } = {}): SelectionSummary[] {
    const { clientId } = parseSelectionInput(listSelectionsSchema, filter);
    return (this.stmt.list.all({ clientId: clientId ?? null }) as DbSelectionSummary[]).map(toSummary);
  }

  create(input: CreateSelectionInput): Selection {
    const { title, clientId, message, itemIds, author } = parseSelectionInput(createSelectionSchema, input);
    const id = this.db.transaction(() => {
      this.requireClient(clientId);
      this.requireItems(itemIds);
      const now = this.now();
      const { id } = this.stmt.insert.get({ clientId, title, message, author, now }) as { id: number };
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
