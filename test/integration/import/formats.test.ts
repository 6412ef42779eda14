import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { importFiles, loadMapping, type ImportProgress } from '../../../core/import/index.js';
import { fixture, rowsOf, snapshot, tempDb, type TempDb } from '../../support/import.js';

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

const boutique = {
  items: fixture('items.csv'),
  clients: fixture('clients.csv'),
  interactions: fixture('interactions.csv'),
};

interface ItemRow {
  external_id: string;
  title: string;
  maison: string | null;
  category_path: string;
  materials: string;
  colours: string;
  price_minor: number | null;
  currency: string | null;
  collection: string | null;
  description: string;
  image: string | null;
  variant_group: string | null;
}

describe('importing CSV', () => {
  it('reads a catalog, a client book and interactions as a French POS writes them', async () => {
    const report = await importFiles(t.db, boutique, { clock: fixedClock('2025-06-01T08:00:00.000Z') });
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.counts).toEqual({
      items: { inserted: 3, updated: 0, unchanged: 0 },
      clients: { inserted: 3, updated: 0, unchanged: 0 },
      interactions: { inserted: 5, updated: 0, unchanged: 0 },
    });
    expect(report.files.map((f) => [f.format, f.encoding, f.rows, f.ignoredColumns])).toEqual([
      ['csv', 'utf-8', 3, []],
      ['csv', 'utf-8', 3, []],
      ['csv', 'utf-8', 5, []],
    ]);

    const items = rowsOf<ItemRow>(t.db, 'SELECT * FROM items ORDER BY external_id');
    expect(items.map((i) => [i.external_id, i.title, i.price_minor, i.currency])).toEqual([
      ['BAG-001', 'Sac Cabas Aurore', 245000, 'EUR'],
      ['RNG-203', 'Bague Étoile', 1280050, 'EUR'],
      ['SHO-014', 'Escarpin Lune', 89000, 'EUR'],
    ]);
    expect(items[0]).toMatchObject({
      maison: 'Maison Aurore',
      category_path: 'Maroquinerie > Sacs',
      materials: '["cuir de veau","laiton"]',
      colours: '["noir","or"]',
      collection: 'AH24',
      description: 'Cabas en cuir grainé.',
      image: 'https://img.example/bag-001.jpg',
    });
    expect(items[1]!.image).toBe('https://img.example/rng-203.jpg');
    expect(items[2]!.image).toBeNull();

    const clients = rowsOf<Record<string, unknown>>(
      t.db,
      'SELECT external_id, name, email, phone, tier, store, associate, sizes, consent_profiling, consent_marketing, created_at FROM clients ORDER BY external_id',
    );
    expect(clients).toEqual([
      {
        external_id: 'C-001',
        name: 'Hélène Dupré',
        email: 'helene.dupre@example.com',
        phone: '+33 6 12 34 56 78',
        tier: 'VIP',
        store: 'Paris Saint-Honoré',
        associate: 'Camille',
        sizes: '{"shoe":"38","ring":"52"}',
        consent_profiling: 1,
        consent_marketing: 1,
        created_at: '2019-03-14T00:00:00.000Z',
      },
      {
        external_id: 'C-002',
        name: 'Zoë Martin',
        email: 'zoe.martin@example.com',
        phone: null,
        tier: 'Gold',
        store: 'Paris Saint-Honoré',
        associate: 'Camille',
        sizes: '{"shoe":"39"}',
        consent_profiling: 0,
        consent_marketing: 0,
        created_at: '2021-11-02T00:00:00.000Z',
      },
      {
        external_id: 'C-003',
        name: "James O'Neill",
        email: 'james@example.com',
        phone: '+44 20 7946 0000',
        tier: null,
        store: 'London Bond Street',
        associate: 'Oliver',
        sizes: '{}',
        consent_profiling: 1,
        consent_marketing: 1,
        created_at: '2023-06-30T00:00:00.000Z',
      },
    ]);

    const interactions = rowsOf<Record<string, unknown>>(
      t.db,
      `SELECT c.external_id AS client, i.external_id AS item, kind, quantity, amount_minor, x.currency, occurred_at, channel
       FROM interactions x JOIN clients c ON c.id = x.client_id JOIN items i ON i.id = x.item_id ORDER BY occurred_at`,
    ).map((r) => Object.values(r));
    expect(interactions).toEqual([
      ['C-001', 'BAG-001', 'purchase', 1, 245000, 'EUR', '2025-01-15T11:30:00.000Z', 'boutique'],
      ['C-001', 'RNG-203', 'try-on', 1, null, null, '2025-01-15T11:45:00.000Z', 'boutique'],
      ['C-002', 'SHO-014', 'purchase', 2, 178000, 'EUR', '2025-02-03T15:05:00.000Z', 'e-shop'],
      ['C-002', 'SHO-014', 'return', 1, -89000, 'EUR', '2025-02-10T00:00:00.000Z', 'e-shop'],
      ['C-003', 'BAG-001', 'wishlist', 1, null, null, '2025-03-01T14:00:00.000Z', 'app'],
    ]);
  });

  it('re-importing the same files changes nothing; a changed row is updated alone', async () => {
    await importFiles(t.db, boutique, { clock: fixedClock('2025-06-01T08:00:00.000Z') });
    const before = snapshot(t.db);
    const again = await importFiles(t.db, boutique, { clock: fixedClock('2025-07-01T08:00:00.000Z') });
    expect(again.ok).toBe(true);
    expect(again.counts).toEqual({
      items: { inserted: 0, updated: 0, unchanged: 3 },
      clients: { inserted: 0, updated: 0, unchanged: 3 },
      interactions: { inserted: 0, updated: 0, unchanged: 5 },
    });
    expect(snapshot(t.db)).toEqual(before);

    const changed = join(t.dir, 'items.csv');
    writeFileSync(changed, readFileSync(boutique.items, 'utf8').replace('"12 800,50 €"', '"13 200,00 €"'));
    const third = await importFiles(
      t.db,
      { items: changed },
      { clock: fixedClock('2025-08-01T08:00:00.000Z') },
    );
    expect(third.counts.items).toEqual({ inserted: 0, updated: 1, unchanged: 2 });
    expect(
      rowsOf(t.db, 'SELECT external_id, price_minor, updated_at FROM items ORDER BY external_id'),
    ).toEqual([
      { external_id: 'BAG-001', price_minor: 245000, updated_at: '2025-06-01T08:00:00.000Z' },
      { external_id: 'RNG-203', price_minor: 1320000, updated_at: '2025-08-01T08:00:00.000Z' },
      { external_id: 'SHO-014', price_minor: 89000, updated_at: '2025-06-01T08:00:00.000Z' },
    ]);
  });

  it('reads a Windows-1252 file (Excel on Windows) with its accents, guillemets and œ', async () => {
    expect(readFileSync(fixture('clients-cp1252.csv')).includes(Buffer.from('Hélène', 'utf8'))).toBe(false);
    const report = await importFiles(t.db, { clients: fixture('clients-cp1252.csv') });
    expect(report.ok).toBe(true);
    expect(report.files[0]).toMatchObject({ encoding: 'windows-1252', rows: 3 });
    expect(rowsOf(t.db, 'SELECT external_id, name, preferences FROM clients ORDER BY external_id')).toEqual([
      { external_id: 'W-01', name: 'Hélène Dupré', preferences: 'Maroquinerie, bijoux fins' },
      { external_id: 'W-02', name: 'Zoë Lefèvre', preferences: 'Escarpins « Lune »' },
      { external_id: 'W-03', name: 'François Nœl', preferences: 'Montres – acier' },
    ]);
  });

  it('reads UTF-16 text with a BOM, tab-separated (Excel "Unicode Text")', async () => {
    const file = join(t.dir, 'clients.txt');
    const text = 'Client ID\tName\tEmail\r\nU-1\tZoë Lefèvre\tzoe@example.fr\r\n';
    writeFileSync(file, iconv.encode(text, 'utf-16le', { addBOM: true }));
    const report = await importFiles(t.db, { clients: file });
    expect(report.issues).toEqual([]);
    expect(report.files[0]).toMatchObject({ encoding: 'utf-16le', rows: 1 });
    expect(rowsOf(t.db, 'SELECT external_id, name, email FROM clients')).toEqual([
      { external_id: 'U-1', name: 'Zoë Lefèvre', email: 'zoe@example.fr' },
    ]);
  });

  it('reads an export through a mapping file (its own headers, mm/dd/yyyy, decimal commas, kind words)', async () => {
    await importFiles(t.db, { items: boutique.items });
    const mapping = await loadMapping(fixture('mapping-boutique.json'));
    const report = await importFiles(t.db, {
      clients: fixture('till-clients.csv'),
      interactions: fixture('till-sales.csv'),
      mapping,
    });
    expect(report.issues).toEqual([]);
    expect(rowsOf(t.db, 'SELECT external_id, name, consent_marketing FROM clients ORDER BY id')).toEqual([
      { external_id: 'T-9', name: 'Inès Moreau', consent_marketing: 1 },
      { external_id: 'T-10', name: 'Paul Girard', consent_marketing: 0 },
    ]);
    expect(
      rowsOf(t.db, 'SELECT kind, amount_minor, currency, occurred_at FROM interactions ORDER BY occurred_at'),
    ).toEqual([
      { kind: 'purchase', amount_minor: 245000, currency: 'EUR', occurred_at: '2025-01-31T00:00:00.000Z' },
      { kind: 'return', amount_minor: -89000, currency: 'EUR', occurred_at: '2025-02-01T00:00:00.000Z' },
    ]);
  });

  it('reports progress in bytes while reading and in records while writing', async () => {
    const seen: ImportProgress[] = [];
    await importFiles(t.db, boutique, { onProgress: (p) => seen.push(p) });
    const read = seen.filter((p) => p.step === 'read:items');
    expect(read.at(-1)).toEqual({
      step: 'read:items',
      done: statSync(boutique.items).size,
      total: statSync(boutique.items).size,
    });
    expect(seen.map((p) => p.step).filter((s, i, all) => all.indexOf(s) === i)).toEqual([
      'read:items',
      'read:clients',
      'read:interactions',
      'check',
      'write',
    ]);
    expect(seen.at(-1)).toEqual({ step: 'write', done: 11, total: 11 });
  });
});

describe('importing XLSX, JSON and JSONL', () => {
  it('reads an Excel workbook: typed cells, dates, rich text, formulas, links', async () => {
    const workbook = new ExcelJS.Workbook();
    const items = workbook.addWorksheet('Catalogue');
    items.addRow(['SKU', 'Title', 'Brand', 'Price', 'Currency', 'Colours']);
    items.addRow([1001, 'Carré Soie', 'Maison Aurore', 450, 'EUR', 'bleu, or']);
    items.addRow([
      'IT-2',
      { richText: [{ text: 'Étole ' }, { text: 'Cachemire', font: { bold: true } }] },
      { text: 'Osmonde', hyperlink: 'https://osmonde.example' },
      { formula: 'D2*2', result: 900 },
      'EUR',
      null,
    ]);
    const clients = workbook.addWorksheet('Clients');
    clients.addRow(['Client ID', 'Name', 'VIP', 'Client since', 'Newsletter']);
    clients.addRow(['X-1', 'Hélène Dupré', 'Platinum', new Date(Date.UTC(2020, 4, 17)), true]);
    const file = join(t.dir, 'catalogue.xlsx');
    // writeBuffer, not writeFile: ExcelJS's writeFile can resolve before the file is whole (seen under load).
    writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
    const clientsFile = join(t.dir, 'clients.xlsx');
    copyFileSync(file, clientsFile);

    const report = await importFiles(t.db, {
      items: file,
      clients: clientsFile,
      mapping: { options: { sheet: 'Catalogue' } },
    });
    // The clients file is the same workbook: with `sheet: Catalogue` it has no client columns.
    expect(report.ok).toBe(false);
    expect(report.issues[0]?.message).toContain('missing a column for externalId');

    const ok = await importFiles(t.db, { items: file });
    expect(ok.issues).toEqual([]);
    expect(ok.files[0]).toMatchObject({ format: 'xlsx', encoding: null, rows: 2 });
    expect(
      rowsOf(t.db, 'SELECT external_id, title, maison, price_minor, colours FROM items ORDER BY id'),
    ).toEqual([
      {
        external_id: '1001',
        title: 'Carré Soie',
        maison: 'Maison Aurore',
        price_minor: 45000,
        colours: '["bleu","or"]',
      },
      { external_id: 'IT-2', title: 'Étole Cachemire', maison: 'Osmonde', price_minor: 90000, colours: '[]' },
    ]);
    const second = await importFiles(t.db, {
      clients: clientsFile,
      mapping: { options: { sheet: 'Clients' } },
    });
    expect(second.issues).toEqual([]);
    expect(rowsOf(t.db, 'SELECT name, tier, created_at, consent_marketing FROM clients')).toEqual([
      {
        name: 'Hélène Dupré',
        tier: 'Platinum',
        created_at: '2020-05-17T00:00:00.000Z',
        consent_marketing: 1,
      },
    ]);
  });

  it('reads JSON (an object holding the records) and JSONL, numbering rows by record and line', async () => {
    const report = await importFiles(t.db, {
      items: fixture('items.json'),
      clients: fixture('clients.jsonl'),
      interactions: fixture('interactions.jsonl'),
    });
    expect(report.issues).toEqual([]);
    expect(report.files.map((f) => [f.format, f.rows])).toEqual([
      ['json', 2],
      ['jsonl', 2],
      ['jsonl', 3],
    ]);
    expect(
      rowsOf(
        t.db,
        'SELECT external_id, category_path, materials, price_minor, currency, variant_group FROM items',
      ),
    ).toEqual([
      {
        external_id: 'WAT-7',
        category_path: 'Horlogerie > Montres',
        materials: '["acier","saphir"]',
        price_minor: 640000,
        currency: 'CHF',
        variant_group: 'WAT-7',
      },
      {
        external_id: 'WAT-7-G',
        category_path: 'Horlogerie > Montres',
        materials: '["or jaune","saphir"]',
        price_minor: 1845050,
        currency: 'CHF',
        variant_group: 'WAT-7',
      },
    ]);
    expect(
      rowsOf(t.db, 'SELECT external_id, sizes, tags, consent_profiling, consent_marketing FROM clients'),
    ).toEqual([
      {
        external_id: 'J-1',
        sizes: '{"ring":"48","shoe":"36"}',
        tags: '["collector","watches"]',
        consent_profiling: 0,
        consent_marketing: 1,
      },
      {
        external_id: 'J-2',
        sizes: '{"shoe":"43","jacket":"50"}',
        tags: '[]',
        consent_profiling: 1,
        consent_marketing: 0,
      },
    ]);
    expect(
      rowsOf(t.db, 'SELECT kind, amount_minor, occurred_at FROM interactions ORDER BY occurred_at'),
    ).toEqual([
      { kind: 'view', amount_minor: null, occurred_at: '2025-04-01T09:33:20.000Z' },
      { kind: 'try-on', amount_minor: null, occurred_at: '2025-04-01T15:00:00.000Z' },
      { kind: 'purchase', amount_minor: 1845050, occurred_at: '2025-04-02T08:30:00.000Z' },
    ]);
  });
});

describe('cancelling', () => {
  it('rolls back when aborted while reading or while writing', async () => {
    await importFiles(t.db, { items: boutique.items, clients: boutique.clients });
    const before = snapshot(t.db);

    const reading = new AbortController();
    await expect(
      importFiles(t.db, boutique, {
        signal: reading.signal,
        onProgress: (p) => p.step === 'read:clients' && reading.abort(),
      }),
    ).rejects.toThrow(/abort/i);
    expect(snapshot(t.db)).toEqual(before);

    // Enough rows for the write to report progress (every 5,000 records) and be stopped there.
    const many = join(t.dir, 'many.csv');
    writeFileSync(
      many,
      ['SKU,Title', ...Array.from({ length: 6000 }, (_, i) => `M-${i},Piece ${i}`)].join('\n'),
    );
    const writing = new AbortController();
    let writeProgress = 0;
    await expect(
      importFiles(
        t.db,
        { items: many },
        {
          signal: writing.signal,
          onProgress: (p) => {
            if (p.step !== 'write') return;
            writeProgress++;
            writing.abort();
          },
        },
      ),
    ).rejects.toThrow(/abort/i);
    expect(writeProgress).toBe(1);
    expect(snapshot(t.db)).toEqual(before);
  });
});
