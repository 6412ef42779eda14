import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { clientRecordSchema } from '../../../core/domain/catalog.js';
import { CatalogWriter, tableCounts } from '../../../core/db/catalog/store.js';
import { openDatabase } from '../../../core/db/open.js';
import { catalogFacets, searchItems } from '../../../core/db/catalog/queries.js';
import {
  ClientBook,
  ClientStoreError,
  type ClientQuery,
  type ItemQuery,
} from '../../../core/db/clients/book.js';
import { makeBoutique, type Boutique } from '../../support/export-boutique.js';

let dir: string;
let boutique: Boutique;
let book: ClientBook;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-book-'));
  boutique = makeBoutique(join(dir, 'b.db'));
  book = new ClientBook(boutique.db, fixedClock('2026-03-14T10:30:00.000Z'));
});
afterAll(() => {
  boutique.db.close();
  rmSync(dir, { recursive: true, force: true });
});

const names = (query: ClientQuery = {}): string[] => book.listClients(query).rows.map((r) => r.name);
const titles = (query: ItemQuery = {}): string[] => searchItems(boutique.db, query).rows.map((r) => r.title);

function expectError(fn: () => unknown, kind: ClientStoreError['kind'], message: RegExp): void {
  expect(fn).toThrow(ClientStoreError);
  try {
    fn();
  } catch (error) {
    expect((error as ClientStoreError).kind).toBe(kind);
    expect((error as Error).message).toMatch(message);
  }
}

describe('client book: list and search', () => {
  it('lists every client by name (accents folded), with a total and plain typed rows', () => {
    const page = book.listClients();
    expect(page.total).toBe(5);
    expect(page.rows.map((r) => r.name)).toEqual([
      'Ana Souza',
      'Camille Moreau',
      'Kenji Sato',
      'Mme Hélène Dubois',
      'Zoë Ångström',
    ]);
    expect(page.rows[1]).toEqual({
      id: boutique.client('C-1'),
      externalId: 'C-1',
      name: 'Camille Moreau',
      email: 'camille.moreau@example.fr',
      phone: '+33 6 12 34 56 78',
      tier: 'Platinum',
      store: 'Paris Faubourg',
      associate: 'Léa Martin',
      tags: ['vip', 'silk'],
      consentMarketing: true,
      consentProfiling: true,
      lastVisit: '2025-08-15T20:00:00Z',
    });
    expect(page.rows[0]!.lastVisit).toBeNull();
  });

  it('searches name, e-mail, tags and client number, ignoring case and accents; every word must match', () => {
    expect(names({ search: 'helene' })).toEqual(['Mme Hélène Dubois']);
    expect(names({ search: 'HÉLÈNE' })).toEqual(['Mme Hélène Dubois']);
    expect(names({ search: 'angstrom' })).toEqual(['Zoë Ångström']);
    expect(names({ search: 'moreau camille' })).toEqual(['Camille Moreau']);
    expect(names({ search: 'camille kenji' })).toEqual([]);
    expect(names({ search: 'example.fr' })).toEqual(['Camille Moreau', 'Mme Hélène Dubois']);
    expect(names({ search: 'vip' })).toEqual(['Camille Moreau', 'Zoë Ångström']);
    expect(names({ search: 'c-3' })).toEqual(['Kenji Sato']);
    expect(names({ search: '  ' })).toHaveLength(5);
  });

  it('searches phone numbers by their digits, however they were typed', () => {
    expect(names({ search: '6 12 34 56' })).toEqual(['Camille Moreau']);
    expect(names({ search: '+33 612' })).toEqual(['Camille Moreau']);
    expect(names({ search: '090-1234' })).toEqual(['Kenji Sato']);
    expect(names({ search: '999' })).toEqual([]);
  });

  it('filters by tier, store, associate, tag and consent', () => {
    expect(names({ tiers: ['Gold'] })).toEqual(['Mme Hélène Dubois', 'Zoë Ångström']);
    expect(names({ tiers: ['Gold', 'Silver'], stores: ['London Sloane'] })).toEqual(['Zoë Ångström']);
    expect(names({ associates: ['Léa Martin'] })).toEqual(['Camille Moreau', 'Mme Hélène Dubois']);
    expect(names({ tags: ['vip'] })).toEqual(['Camille Moreau', 'Zoë Ångström']);
    expect(names({ tags: ['vi'] })).toEqual([]);
    expect(names({ consentMarketing: false })).toEqual(['Ana Souza', 'Mme Hélène Dubois']);
    expect(names({ consentProfiling: false })).toEqual(['Ana Souza']);
  });

  it('filters by last visit (inclusive days) and sorts by it, never-seen clients last', () => {
    expect(names({ lastVisitFrom: '2025-02-01', lastVisitTo: '2025-08-15' })).toEqual([
      'Camille Moreau',
      'Zoë Ångström',
    ]);
    // Camille came in before the 14th too, but her last visit is later: she is not "last seen" by then.
    expect(names({ lastVisitTo: '2025-08-14' })).toEqual(['Mme Hélène Dubois', 'Zoë Ångström']);
    expect(names({ lastVisitFrom: '2025-09-01' })).toEqual(['Kenji Sato']);
    expect(names({ sort: 'lastVisit', direction: 'desc' })).toEqual([
      'Kenji Sato',
      'Camille Moreau',
      'Zoë Ångström',
      'Mme Hélène Dubois',
      'Ana Souza',
    ]);
    expect(names({ sort: 'lastVisit' })).toEqual([
      'Mme Hélène Dubois',
      'Zoë Ångström',
      'Camille Moreau',
      'Kenji Sato',
      'Ana Souza',
    ]);
  });

  it('sorts by tier and store (empty last, then by id) and pages with the total', () => {
    expect(names({ sort: 'tier' })).toEqual([
      'Mme Hélène Dubois',
      'Zoë Ångström',
      'Camille Moreau',
      'Kenji Sato',
      'Ana Souza',
    ]);
    expect(names({ sort: 'store', direction: 'desc' })).toEqual([
      'Kenji Sato',
      'Mme Hélène Dubois',
      'Camille Moreau',
      'Zoë Ångström',
      'Ana Souza',
    ]);
    const page = book.listClients({ offset: 2, limit: 2 });
    expect([page.total, page.offset, page.limit, page.rows.map((r) => r.name)]).toEqual([
      5,
      2,
      2,
      ['Kenji Sato', 'Mme Hélène Dubois'],
    ]);
    expect(book.listClients({ offset: 10 })).toEqual({ total: 5, offset: 10, limit: 50, rows: [] });
  });

  it('finds clients written after the first search, by this connection or another', () => {
    expect(names({ search: 'elodie' })).toEqual([]);
    const writer = new CatalogWriter(boutique.db, () => '2026-03-14T11:00:00.000Z');
    writer.upsertClient(clientRecordSchema.parse({ externalId: 'C-6', name: 'Élodie Bernard' }));
    expect(names({ search: 'elodie' })).toEqual(['Élodie Bernard']);
    // Sorted with the Es, not after Zoë.
    expect(names().indexOf('Élodie Bernard')).toBe(2);
    const other = openDatabase(boutique.db.name);
    new CatalogWriter(other, () => '2026-03-14T11:00:01.000Z').upsertClient(
      clientRecordSchema.parse({ externalId: 'C-6', name: 'Élodie Laurent' }),
    );
    other.close();
    expect(names({ search: 'elodie' })).toEqual(['Élodie Laurent']);
    boutique.db.prepare("DELETE FROM clients WHERE external_id = 'C-6'").run();
    expect(names({ search: 'elodie' })).toEqual([]);
    expect(book.listClients().total).toBe(5);
  });

  it('searches on a read-only connection too, with changes no writable connection has folded in yet', () => {
    const readonly = openDatabase(boutique.db.name, { readonly: true });
    const other = new ClientBook(readonly, fixedClock('2026-03-14T10:30:00.000Z'));
    expect(other.listClients({ search: 'helene' }).rows.map((r) => r.name)).toEqual(['Mme Hélène Dubois']);
    // Written through a connection with no client book: the triggers mark the client, nobody folds it.
    const writer = openDatabase(boutique.db.name);
    new CatalogWriter(writer, () => '2026-03-14T11:00:02.000Z').upsertClient(
      clientRecordSchema.parse({ externalId: 'C-7', name: 'Anaïs Lefèvre' }),
    );
    writer.close();
    expect(other.listClients({ search: 'anais' }).rows.map((r) => r.name)).toEqual(['Anaïs Lefèvre']);
    expect(readonly.prepare('SELECT count(*) FROM client_search_pending').pluck().get()).toBe(1);
    readonly.close();
    expect(names({ search: 'anais' })).toEqual(['Anaïs Lefèvre']);
    expect(boutique.db.prepare('SELECT count(*) FROM client_search_pending').pluck().get()).toBe(0);
    boutique.db.prepare("DELETE FROM clients WHERE external_id = 'C-7'").run();
    expect(names({ search: 'anais' })).toEqual([]);
  });

  it('searches without waiting while another connection holds the write lock (a long import)', () => {
    const importer = openDatabase(boutique.db.name);
    new CatalogWriter(importer, () => '2026-03-14T11:00:03.000Z').upsertClient(
      clientRecordSchema.parse({ externalId: 'C-8', name: 'Maëlys Roux' }),
    );
    importer.prepare('BEGIN IMMEDIATE').run();
    try {
      const started = performance.now();
      expect(names({ search: 'maelys' })).toEqual(['Maëlys Roux']);
      // The connection's 5 s busy timeout was not waited out, and is back for its own writes.
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(boutique.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      importer.prepare('ROLLBACK').run();
      importer.close();
    }
    expect(names({ search: 'maelys' })).toEqual(['Maëlys Roux']);
    expect(boutique.db.prepare('SELECT count(*) FROM client_search_pending').pluck().get()).toBe(0);
    boutique.db.prepare("DELETE FROM clients WHERE external_id = 'C-8'").run();
  });

  it('refuses bad queries by naming the field', () => {
    expectError(() => book.listClients({ limit: 0 }), 'invalid-input', /^limit: Too small/);
    expectError(
      () => book.listClients({ lastVisitFrom: 'yesterday' }),
      'invalid-input',
      /lastVisitFrom: is not a date/,
    );
    expectError(
      () => book.listClients({ sort: 'wealth' as 'name' }),
      'invalid-input',
      /sort: Invalid option: expected one of "name"\|"lastVisit"/,
    );
  });

  it('offers the filter values with their counts', () => {
    expect(book.clientFacets()).toEqual({
      tiers: [
        { value: 'Gold', count: 2 },
        { value: 'Platinum', count: 1 },
        { value: 'Silver', count: 1 },
      ],
      stores: [
        { value: 'London Sloane', count: 2 },
        { value: 'Paris Faubourg', count: 2 },
        { value: 'Tokyo Ginza', count: 1 },
      ],
      associates: [
        { value: 'Léa Martin', count: 2 },
        { value: 'Oliver Grey', count: 1 },
        { value: 'Yui Tanaka', count: 1 },
      ],
      tags: [
        { value: 'vip', count: 2 },
        { value: 'silk', count: 1 },
        { value: 'watches', count: 1 },
      ],
      // No optimisation has run on this book.
      groupInterests: [],
    });
  });
});

describe('client detail, timeline and notes', () => {
  it('gives the header with lifetime value = purchases minus returns, per currency', () => {
    const camille = book.clientDetail(boutique.client('C-1'));
    expect(camille).toMatchObject({
      name: 'Camille Moreau',
      sizes: { ring: '52', shoe: '38' },
      tier: 'Platinum',
      consentMarketing: true,
      consentProfiling: true,
      createdAt: '2024-01-10T09:00:00.000Z',
      // 45 000 + 189 000 − 189 000 + 2 × 65 000 (no amount: catalogue price × quantity)
      lifetimeValue: [{ currency: 'EUR', amountMinor: 175_000 }],
      interactionCounts: { purchase: 3, return: 1, 'try-on': 1, wishlist: 1, view: 1 },
      firstSeen: '2025-03-01T11:00:00Z',
      lastVisit: '2025-08-15T20:00:00Z',
      noteCount: 2,
    });
    expect(book.clientDetail(boutique.client('C-2')).lifetimeValue).toEqual([
      { currency: 'JPY', amountMinor: 1_250_000 },
      { currency: 'EUR', amountMinor: 45_000 },
    ]);
    // A refund the POS wrote as a negative amount still counts against the value.
    expect(book.clientDetail(boutique.client('C-5')).lifetimeValue).toEqual([
      { currency: 'EUR', amountMinor: 0 },
    ]);
    const ana = book.clientDetail(boutique.client('C-4'));
    expect([ana.lifetimeValue, ana.firstSeen, ana.lastVisit, ana.consentProfiling]).toEqual([
      [],
      null,
      null,
      false,
    ]);
    expectError(() => book.clientDetail(4040), 'unknown-client', /client 4040 does not exist/);
  });

  it('pages the timeline newest first with the items, and filters by kind', () => {
    const id = boutique.client('C-1');
    const first = book.clientTimeline(id, { limit: 3 });
    expect(first.total).toBe(7);
    expect(first.rows.map((e) => [e.kind, e.item.title, e.occurredAt])).toEqual([
      ['view', 'Escarpins', '2025-08-15T20:00:00Z'],
      ['wishlist', 'Bague Quatre', '2025-07-01T08:00:00Z'],
      ['try-on', 'Montre Tank Louis', '2025-06-15T16:00:00Z'],
    ]);
    expect(first.rows[1]).toMatchObject({
      channel: 'app',
      quantity: 1,
      amountMinor: null,
      item: { externalId: 'SKU-RING', maison: 'Van Cleef & Arpels', category: ['Jewellery', 'Rings'] },
    });
    const next = book.clientTimeline(id, { offset: 3, limit: 3 });
    expect(next.rows.map((e) => [e.kind, e.item.externalId, e.quantity, e.amountMinor])).toEqual([
      ['purchase', 'SKU-BELT', 2, null],
      ['return', 'SKU-TOTE', 1, 189_000],
      ['purchase', 'SKU-TOTE', 1, 189_000],
    ]);
    const purchases = book.clientTimeline(id, { kinds: ['purchase', 'return'] });
    expect([purchases.total, purchases.rows.map((e) => e.kind)]).toEqual([
      4,
      ['purchase', 'return', 'purchase', 'purchase'],
    ]);
    expectError(() => book.clientTimeline(id, { kinds: ['theft' as 'view'] }), 'invalid-input', /^kinds\.0:/);
  });

  it('lists notes newest first and adds one, validated', () => {
    const id = boutique.client('C-1');
    expect(book.clientNotes(id).map((n) => n.body)).toEqual(['Birthday in June.', 'Prefers silk in navy.']);
    const added = book.addNote({ clientId: id, body: '  Loved the gala scarf.  ', author: 'Léa Martin' });
    expect(added).toEqual({
      id: expect.any(Number) as number,
      clientId: id,
      body: 'Loved the gala scarf.',
      author: 'Léa Martin',
      createdAt: '2026-03-14T10:30:00.000Z',
    });
    expect(book.clientNotes(id)[0]).toEqual(added);
    expect(book.clientDetail(id).noteCount).toBe(3);
    const before = tableCounts(boutique.db);
    expectError(() => book.addNote({ clientId: id, body: '   ' }), 'invalid-input', /^body: is empty$/);
    expectError(() => book.addNote({ clientId: 999, body: 'x' }), 'unknown-client', /client 999/);
    expect(tableCounts(boutique.db)).toEqual(before);
    expect(book.addNote({ clientId: id, body: 'No author', author: '' }).author).toBeNull();
  });
});

describe('catalog browse', () => {
  it('lists items by title with their details', () => {
    const page = searchItems(boutique.db);
    expect(page.total).toBe(6);
    expect(page.rows.map((r) => r.title)).toEqual([
      'Bague Quatre',
      'Carré en soie « Brides de Gala »',
      'Ceinture H',
      'Escarpins',
      'Montre Tank Louis',
      'Tote "Le Grand", cuir grainé',
    ]);
    expect(page.rows[1]).toMatchObject({
      externalId: 'SKU-SCARF',
      maison: 'Hermès',
      category: ['Accessories', 'Silk scarves'],
      priceMinor: 45_000,
      currency: 'EUR',
      colours: ['navy', 'gold'],
      materials: [],
      collection: null,
    });
  });

  it('searches title and maison without accents, filters by maison and category path, sorts by price', () => {
    expect(titles({ search: 'hermes' })).toEqual(['Carré en soie « Brides de Gala »', 'Ceinture H']);
    expect(titles({ search: 'carre soie' })).toEqual(['Carré en soie « Brides de Gala »']);
    expect(titles({ maisons: ['Cartier', 'Hermès'] })).toHaveLength(3);
    expect(titles({ category: 'Accessories' })).toEqual(['Carré en soie « Brides de Gala »', 'Ceinture H']);
    expect(titles({ category: 'Accessories > Belts' })).toEqual(['Ceinture H']);
    expect(titles({ category: 'Access' })).toEqual([]);
    expect(titles({ sort: 'price', direction: 'desc' })).toEqual([
      'Montre Tank Louis',
      'Tote "Le Grand", cuir grainé',
      'Escarpins',
      'Ceinture H',
      'Carré en soie « Brides de Gala »',
      'Bague Quatre',
    ]);
    const page = searchItems(boutique.db, { limit: 2, offset: 4 });
    expect([page.total, page.rows.map((r) => r.externalId)]).toEqual([6, ['SKU-WATCH', 'SKU-TOTE']]);
  });

  it('filters by a semantic feature, optionally of one reasoner', () => {
    const db = boutique.db;
    const run = db
      .prepare(
        `INSERT INTO runs (kind, status, reasoner, prompt_version, started_at) VALUES ('reason', 'completed', 'rules', 'v1', '2026-01-01') RETURNING id`,
      )
      .pluck()
      .get() as number;
    const feature = db.prepare(
      `INSERT INTO item_features (item_id, reasoner, feature, facet, weight, run_id, prompt_version) VALUES (?, ?, ?, 'style', 1, ?, 'v1')`,
    );
    feature.run(boutique.item('SKU-SCARF'), 'rules', 'equestrian', run);
    feature.run(boutique.item('SKU-BELT'), 'llama', 'equestrian', run);
    expect(titles({ feature: 'equestrian' })).toEqual(['Carré en soie « Brides de Gala »', 'Ceinture H']);
    expect(titles({ feature: 'equestrian', reasoner: 'rules' })).toEqual([
      'Carré en soie « Brides de Gala »',
    ]);
    expect(titles({ feature: 'minimalist' })).toEqual([]);
  });

  it('offers maisons and top-level categories with counts', () => {
    expect(catalogFacets(boutique.db)).toEqual({
      maisons: [
        { value: 'Hermès', count: 2 },
        { value: 'Cartier', count: 1 },
        { value: 'Maison Margiela', count: 1 },
        { value: 'Van Cleef & Arpels', count: 1 },
      ],
      categories: [
        { value: 'Accessories', count: 2 },
        { value: 'Bags', count: 1 },
        { value: 'Jewellery', count: 1 },
        { value: 'Shoes', count: 1 },
        { value: 'Watches', count: 1 },
      ],
    });
  });
});
