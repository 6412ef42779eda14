import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles, presets } from '../../../core/import/index.js';
import { rowsOf, snapshot, tempDb, type TempDb } from '../../support/import.js';
import { runCliCaptured } from '../../support/cli-io.js';

// Ids that never merge two distinct rows: Shopify's SKU where it is unique in the file, else Handle + options;
// WooCommerce's products without SKU keyed "id:N", as its own Parent column names them.
let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

const shopifyHeader = [
  'Handle',
  'Title',
  'Body (HTML)',
  'Vendor',
  'Product Category',
  'Type',
  'Tags',
  'Published',
  'Option1 Name',
  'Option1 Value',
  'Option2 Name',
  'Option2 Value',
  'Option3 Name',
  'Option3 Value',
  'Variant SKU',
  'Variant Grams',
  'Variant Inventory Qty',
  'Variant Price',
  'Variant Compare At Price',
  'Image Src',
  'Image Position',
  'Variant Image',
  'Status',
];

const csvLine = (cells: readonly string[]) =>
  cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

/**
 * A Shopify products export as the admin writes it: per product a first row (title, body, vendor), a second
 * variant row that leaves those blank, and an image row with only Handle and Image Src. `sku(p, v)` gives the
 * SKU of product p's variant v.
 */
function shopifyExport(products: number, sku: (p: number, v: number) => string): string {
  const lines = [csvLine(shopifyHeader)];
  const blank = (n: number) => Array.from({ length: n }, () => '');
  for (let p = 0; p < products; p++) {
    const handle = `bag-${p}`;
    const colours = ['Black', 'Cognac'];
    colours.forEach((colour, v) => {
      const first = v === 0;
      lines.push(
        csvLine([
          handle,
          first ? `Bag ${p}` : '',
          first ? '<p>Structured <b>leather</b> bag.</p>' : '',
          first ? 'Maison Verre' : '',
          first ? 'Apparel & Accessories > Handbags' : '',
          first ? 'Bags' : '',
          first ? 'leather, structured' : '',
          first ? 'true' : '',
          first ? 'Color' : '',
          colour,
          '',
          '',
          '',
          '',
          sku(p, v),
          '800',
          '3',
          `${1200 + p}.00`,
          '',
          first ? `https://cdn.example.com/${handle}.jpg` : '',
          first ? '1' : '',
          '',
          first ? 'active' : '',
        ]),
      );
    });
    lines.push(csvLine([handle, ...blank(18), `https://cdn.example.com/${handle}-2.jpg`, '2', ...blank(2)]));
  }
  return `${lines.join('\r\n')}\r\n`;
}

// 2,000 products × (2 variants + 1 image row) = 6,000 rows. Three SKUs are repeated: bag-10's two variants
// share one, bag-20 and bag-30 share another (a copy-pasted product), and bag-40's black is bag-41's too.
const repeated = (p: number, v: number): string => {
  if (p === 10) return 'SKU-10';
  if ((p === 20 || p === 30) && v === 0) return 'SKU-SHARED';
  if (p === 41 && v === 0) return 'SKU-40-0';
  return `SKU-${p}-${v}`;
};

describe('Shopify products: SKU where unique, else Handle and options', () => {
  it('imports a 6,000-row export with repeated SKUs in one step, each variant its own item', async () => {
    const file = join(t.dir, 'products_export_1.csv');
    writeFileSync(file, shopifyExport(2000, repeated));
    const report = await importFiles(t.db, { items: file, mapping: presets['shopify-products'] });
    expect(report.ok).toBe(true);
    expect(report.files[0]).toMatchObject({ rows: 6000 });
    expect(report.counts.items).toEqual({ inserted: 4000, updated: 0, unchanged: 0 });
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(report.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [
        32,
        'Variant SKU',
        '"SKU-10" is the id of 2 different rows (rows 32, 33): each is keyed by Handle + Option1 Value + Option2 Value + Option3 Value instead',
      ],
      [
        62,
        'Variant SKU',
        '"SKU-SHARED" is the id of 2 different rows (rows 62, 92): each is keyed by Handle + Option1 Value + Option2 Value + Option3 Value instead',
      ],
      [
        122,
        'Variant SKU',
        '"SKU-40-0" is the id of 2 different rows (rows 122, 125): each is keyed by Handle + Option1 Value + Option2 Value + Option3 Value instead',
      ],
    ]);
    const ids = (handle: string) =>
      rowsOf<{ external_id: string; colours: string; image: string }>(
        t.db,
        'SELECT external_id, colours, image FROM items WHERE variant_group = ? ORDER BY external_id',
        handle,
      );
    // Two variants sharing a SKU are two items, not one folded in silence; image rows still fold.
    expect(ids('bag-10')).toEqual([
      { external_id: 'bag-10/Black', colours: '["Black"]', image: 'https://cdn.example.com/bag-10.jpg' },
      { external_id: 'bag-10/Cognac', colours: '["Cognac"]', image: 'https://cdn.example.com/bag-10.jpg' },
    ]);
    expect(ids('bag-20').map((r) => r.external_id)).toEqual(['SKU-20-1', 'bag-20/Black']);
    expect(ids('bag-30').map((r) => r.external_id)).toEqual(['SKU-30-1', 'bag-30/Black']);
    expect(ids('bag-41').map((r) => r.external_id)).toEqual(['SKU-41-1', 'bag-41/Black']);
    expect(ids('bag-7').map((r) => r.external_id)).toEqual(['SKU-7-0', 'SKU-7-1']);

    // The same file again: the same ids, nothing changes.
    const before = snapshot(t.db);
    const again = await importFiles(t.db, { items: file, mapping: presets['shopify-products'] });
    expect(again.counts.items).toEqual({ inserted: 0, updated: 0, unchanged: 4000 });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('from the CLI with --preset alone, saying what it re-keyed', async () => {
    const file = join(t.dir, 'products_export.csv');
    writeFileSync(file, shopifyExport(50, repeated));
    t.db.close();
    const run = await runCliCaptured([
      'import',
      '--db',
      t.file,
      '--items',
      file,
      '--preset',
      'shopify-products',
    ]);
    expect(run.code, run.err).toBe(0);
    expect(run.out + run.err).toContain('"SKU-10" is the id of 2 different rows (rows 32, 33)');
  });
});

describe('WooCommerce products: an id never collides with another product’s SKU', () => {
  it('keys a product without SKU "id:N", groups its variations with it, and names the column of a duplicate', async () => {
    const file = join(t.dir, 'wc-product-export.csv');
    writeFileSync(
      file,
      [
        'ID,Type,SKU,Name,Regular price,Categories,Images,Parent,Attribute 1 name,Attribute 1 value(s)',
        '12,variable,,Silk scarf,,Accessories > Scarves,https://cdn.example.com/scarf.jpg,,Color,"Blue, Red"',
        '13,variation,,Silk scarf - Blue,180,,,id:12,Color,Blue',
        '14,variation,,Silk scarf - Red,180,,,id:12,Color,Red',
        '15,simple,12,Card holder,220,Leather goods,,,,',
      ].join('\n'),
    );
    const report = await importFiles(t.db, { items: file, mapping: presets['woocommerce-products'] });
    expect(report.issues).toEqual([]);
    expect(
      rowsOf(t.db, 'SELECT external_id, variant_group, category_path FROM items ORDER BY external_id'),
    ).toEqual([
      { external_id: '12', variant_group: '12', category_path: 'Leather goods' },
      { external_id: 'id:12', variant_group: 'id:12', category_path: 'Accessories > Scarves' },
      { external_id: 'id:13', variant_group: 'id:12', category_path: 'Accessories > Scarves' },
      { external_id: 'id:14', variant_group: 'id:12', category_path: 'Accessories > Scarves' },
    ]);

    // A duplicate is reported in the column its id came from, not the first of the id's columns.
    const dup = join(t.dir, 'dup.csv');
    writeFileSync(dup, 'SKU,Code,Name\n,A1,One\n,A1,Two\n');
    const failed = await importFiles(t.db, {
      items: dup,
      mapping: { items: { columns: { externalId: ['SKU', 'Code'], title: 'Name' } } },
    });
    expect(failed.ok).toBe(false);
    expect(failed.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [3, 'Code', 'duplicate external id "A1" (first on row 2)'],
    ]);
  });
});
