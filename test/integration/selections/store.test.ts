import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../core/clock.js';
import { tableCounts } from '../../../core/db/catalog/store.js';
import { SelectionStore } from '../../../core/db/selections/store.js';
import type { Selection } from '../../../core/api/contract/selections.js';
import { SelectionError } from '../../../core/db/selections/errors.js';
import { makeBoutique, type Boutique } from '../../support/export-boutique.js';

let dir: string;
let boutique: Boutique;
let store: SelectionStore;
let tick: number;
// Each call a second later, so updated_at shows which operation last touched a selection.
const clock: Clock = { now: () => new Date(Date.parse('2026-03-14T10:00:00Z') + 1000 * tick++) };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-sel-'));
  boutique = makeBoutique(join(dir, 'b.db'));
  tick = 0;
  store = new SelectionStore(boutique.db, clock);
});
afterEach(() => {
  boutique.db.close();
  rmSync(dir, { recursive: true, force: true });
});

const order = (s: Selection): string[] => s.items.map((i) => i.externalId);
const positions = (s: Selection): number[] => s.items.map((i) => i.position);
const storedPositions = (id: number): { item_id: number; position: number }[] =>
  boutique.db
    .prepare('SELECT item_id, position FROM selection_items WHERE selection_id = ? ORDER BY position')
    .all(id) as { item_id: number; position: number }[];

function expectError(fn: () => unknown, kind: SelectionError['kind'], message: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SelectionError);
    expect((error as SelectionError).kind).toBe(kind);
    expect((error as SelectionError).message).toMatch(message);
    return;
  }
  throw new Error(`expected a ${kind} error`);
}

describe('SelectionStore', () => {
  it('creates a selection for a client with items joined to the catalog', () => {
    const { item, client } = boutique;
    const s = store.create({
      title: '  Autumn silks ',
      clientId: client('C-1'),
      message: 'A few pieces for the gala.',
      itemIds: [item('SKU-SCARF'), item('SKU-WATCH')],
    });
    expect(s.title).toBe('Autumn silks');
    expect(s.createdAt).toBe('2026-03-14T10:00:00.000Z');
    expect(s.client).toEqual({
      id: client('C-1'),
      externalId: 'C-1',
      name: 'Camille Moreau',
      email: 'camille.moreau@example.fr',
      tier: 'Platinum',
      store: 'Paris Faubourg',
      associate: 'Léa Martin',
      consentMarketing: true,
    });
    expect(s.items[0]).toEqual({
      itemId: item('SKU-SCARF'),
      externalId: 'SKU-SCARF',
      position: 0,
      note: '',
      title: 'Carré en soie « Brides de Gala »',
      maison: 'Hermès',
      priceMinor: 45_000,
      currency: 'EUR',
      image: expect.stringMatching(/^data:image\/jpeg;base64,/) as string,
      category: ['Accessories', 'Silk scarves'],
    });
    expect(order(s)).toEqual(['SKU-SCARF', 'SKU-WATCH']);
    expect(store.get(s.id)).toEqual(s);
  });

  it('adds items at the end or at a position, keeping positions dense', () => {
    const { item } = boutique;
    const s = store.create({ title: 'Gala', itemIds: [item('SKU-SCARF'), item('SKU-TOTE')] });
    let after = store.addItems(s.id, { itemIds: [item('SKU-RING')] });
    expect(order(after)).toEqual(['SKU-SCARF', 'SKU-TOTE', 'SKU-RING']);
    after = store.addItems(s.id, {
      itemIds: [item('SKU-WATCH'), item('SKU-SHOE')],
      position: 1,
      note: 'Try on',
    });
    expect(order(after)).toEqual(['SKU-SCARF', 'SKU-WATCH', 'SKU-SHOE', 'SKU-TOTE', 'SKU-RING']);
    expect(positions(after)).toEqual([0, 1, 2, 3, 4]);
    expect(after.items.map((i) => i.note)).toEqual(['', 'Try on', 'Try on', '', '']);
    after = store.addItems(s.id, { itemIds: [item('SKU-BELT')], position: 99 });
    expect(order(after).at(-1)).toBe('SKU-BELT');
    expect(storedPositions(s.id).map((r) => r.position)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses an item already in the selection or unknown, all or nothing', () => {
    const { item } = boutique;
    const s = store.create({ title: 'Gala', itemIds: [item('SKU-SCARF')] });
    const before = tableCounts(boutique.db);
    expectError(
      () => store.addItems(s.id, { itemIds: [item('SKU-TOTE'), item('SKU-SCARF')] }),
      'item-already-in-selection',
      new RegExp(`item ${item('SKU-SCARF')} already in selection ${s.id}`),
    );
    expectError(
      () => store.addItems(s.id, { itemIds: [item('SKU-TOTE'), 9999] }),
      'unknown-item',
      /item 9999 not in/,
    );
    expectError(
      () => store.addItems(4242, { itemIds: [item('SKU-TOTE')] }),
      'unknown-selection',
      /selection 4242/,
    );
    expectError(() => store.addItems(s.id, { itemIds: [] }), 'invalid-input', /itemIds: is empty/);
    expectError(
      () => store.addItems(s.id, { itemIds: [item('SKU-TOTE'), item('SKU-TOTE')] }),
      'invalid-input',
      /itemIds: lists an item twice/,
    );
    expect(tableCounts(boutique.db)).toEqual(before);
    expect(order(store.get(s.id))).toEqual(['SKU-SCARF']);
  });

  it('validates creation: empty title, unknown client', () => {
    expectError(() => store.create({ title: '   ' }), 'invalid-input', /^title: is empty$/);
    expectError(() => store.create({ title: 'x'.repeat(201) }), 'invalid-input', /title: is longer than 200/);
    expectError(
      () => store.create({ title: 'Gala', clientId: 777 }),
      'unknown-client',
      /client 777 does not exist/,
    );
    expectError(
      () => store.create({ title: 'Gala', itemIds: [boutique.item('SKU-SCARF'), 31337] }),
      'unknown-item',
      /item 31337 not in the catalog/,
    );
    expect(tableCounts(boutique.db)['selections']).toBe(0);
  });

  it('moves an item to a position in one transaction; the others close up', () => {
    const { item } = boutique;
    const ids = ['SKU-SCARF', 'SKU-TOTE', 'SKU-WATCH', 'SKU-RING', 'SKU-SHOE'].map(item);
    const s = store.create({ title: 'Gala', itemIds: ids });
    let moved = store.moveItem(s.id, item('SKU-RING'), 0);
    expect(order(moved)).toEqual(['SKU-RING', 'SKU-SCARF', 'SKU-TOTE', 'SKU-WATCH', 'SKU-SHOE']);
    moved = store.moveItem(s.id, item('SKU-RING'), 4);
    expect(order(moved)).toEqual(['SKU-SCARF', 'SKU-TOTE', 'SKU-WATCH', 'SKU-SHOE', 'SKU-RING']);
    moved = store.moveItem(s.id, item('SKU-TOTE'), 2);
    expect(order(moved)).toEqual(['SKU-SCARF', 'SKU-WATCH', 'SKU-TOTE', 'SKU-SHOE', 'SKU-RING']);
    expect(positions(moved)).toEqual([0, 1, 2, 3, 4]);
    expect(storedPositions(s.id).map((r) => r.position)).toEqual([0, 1, 2, 3, 4]);
    expectError(
      () => store.moveItem(s.id, item('SKU-TOTE'), 5),
      'invalid-input',
      /position 5 is past the end.*0\.\.4/,
    );
    expectError(
      () => store.moveItem(s.id, item('SKU-BELT'), 0),
      'item-not-in-selection',
      /is not in selection/,
    );
    expectError(() => store.moveItem(s.id, item('SKU-TOTE'), -1), 'invalid-input', /input: Too small/i);
    expect(order(store.get(s.id))).toEqual(order(moved));
  });

  it('reorders to a whole permutation and refuses anything else', () => {
    const { item } = boutique;
    const s = store.create({ title: 'Gala', itemIds: ['SKU-SCARF', 'SKU-TOTE', 'SKU-WATCH'].map(item) });
    const r = store.reorder(s.id, ['SKU-WATCH', 'SKU-SCARF', 'SKU-TOTE'].map(item));
    expect(order(r)).toEqual(['SKU-WATCH', 'SKU-SCARF', 'SKU-TOTE']);
    expectError(
      () => store.reorder(s.id, ['SKU-WATCH', 'SKU-SCARF'].map(item)),
      'invalid-input',
      new RegExp(`leaves out item ${item('SKU-TOTE')}`),
    );
    expectError(
      () => store.reorder(s.id, ['SKU-WATCH', 'SKU-SCARF', 'SKU-TOTE', 'SKU-RING'].map(item)),
      'item-not-in-selection',
      new RegExp(`item ${item('SKU-RING')} is not in selection`),
    );
    expect(order(store.get(s.id))).toEqual(['SKU-WATCH', 'SKU-SCARF', 'SKU-TOTE']);
  });

  it('removes an item and closes the gap', () => {
    const { item } = boutique;
    const s = store.create({ title: 'Gala', itemIds: ['SKU-SCARF', 'SKU-TOTE', 'SKU-WATCH'].map(item) });
    const r = store.removeItem(s.id, item('SKU-SCARF'));
    expect(order(r)).toEqual(['SKU-TOTE', 'SKU-WATCH']);
    expect(positions(r)).toEqual([0, 1]);
    expectError(
      () => store.removeItem(s.id, item('SKU-SCARF')),
      'item-not-in-selection',
      /is not in selection/,
    );
  });

  it('keeps a note per item, trimmed, and clears it with an empty string', () => {
    const { item } = boutique;
    const s = store.create({ title: 'Gala', itemIds: ['SKU-SCARF', 'SKU-TOTE'].map(item) });
    let n = store.setItemNote(s.id, item('SKU-TOTE'), '  Matches your navy coat.\nIn stock in Paris. ');
    expect(n.items.map((i) => i.note)).toEqual(['', 'Matches your navy coat.\nIn stock in Paris.']);
    n = store.setItemNote(s.id, item('SKU-TOTE'), '');
    expect(n.items[1]!.note).toBe('');
    expectError(
      () => store.setItemNote(s.id, item('SKU-RING'), 'x'),
      'item-not-in-selection',
      /not in selection/,
    );
    expectError(
      () => store.setItemNote(s.id, item('SKU-TOTE'), 'x'.repeat(2001)),
      'invalid-input',
      /longer than 2000/,
    );
  });

  it('renames, rewrites the message, changes the client and bumps updated_at', () => {
    const { client } = boutique;
    const s = store.create({ title: 'Gala', clientId: client('C-1') });
    const u = store.update(s.id, { title: 'Gala evening', message: 'Dear friend' });
    expect([u.title, u.message, u.client?.externalId]).toEqual(['Gala evening', 'Dear friend', 'C-1']);
    expect(u.updatedAt > s.updatedAt).toBe(true);
    const v = store.update(s.id, { clientId: client('C-2') });
    expect([v.title, v.message, v.client?.name, v.client?.consentMarketing]).toEqual([
      'Gala evening',
      'Dear friend',
      'Mme Hélène Dubois',
      false,
    ]);
    expect(store.update(s.id, { clientId: null }).client).toBeNull();
    expectError(() => store.update(s.id, {}), 'invalid-input', /names nothing to change/);
    expectError(() => store.update(s.id, { clientId: 555 }), 'unknown-client', /client 555/);
    expectError(() => store.update(987, { title: 'x' }), 'unknown-selection', /selection 987/);
  });

  it('lists selections per client or all, most recently changed first, and deletes', () => {
    const { client, item } = boutique;
    const a = store.create({ title: 'For Camille', clientId: client('C-1'), itemIds: [item('SKU-SCARF')] });
    const b = store.create({ title: 'For Hélène', clientId: client('C-2') });
    const c = store.create({ title: 'Window', itemIds: [item('SKU-TOTE'), item('SKU-RING')] });
    store.setItemNote(a.id, item('SKU-SCARF'), 'touched last');
    expect(store.list().map((s) => [s.title, s.itemCount, s.clientName, s.consentMarketing])).toEqual([
      ['For Camille', 1, 'Camille Moreau', true],
      ['Window', 2, null, null],
      ['For Hélène', 0, 'Mme Hélène Dubois', false],
    ]);
    expect(store.list({ clientId: client('C-2') }).map((s) => s.id)).toEqual([b.id]);
    store.delete(c.id);
    expect(store.list().map((s) => s.id)).toEqual([a.id, b.id]);
    expect(
      boutique.db.prepare('SELECT count(*) FROM selection_items WHERE selection_id = ?').pluck().get(c.id),
    ).toBe(0);
    expectError(() => store.delete(c.id), 'unknown-selection', /does not exist/);
    expectError(() => store.get(c.id), 'unknown-selection', /does not exist/);
  });

  it('survives the client being deleted: the selection stays, for no one', () => {
    const { client, item } = boutique;
    const s = store.create({ title: 'Gala', clientId: client('C-3'), itemIds: [item('SKU-SCARF')] });
    boutique.db.prepare('DELETE FROM clients WHERE id = ?').run(client('C-3'));
    expect(store.get(s.id).client).toBeNull();
    expect(order(store.get(s.id))).toEqual(['SKU-SCARF']);
  });
});
