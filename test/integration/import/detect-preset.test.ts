import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../core/import/index.js';
import { openTable } from '../../../core/import/sources/index.js';
import { detectPresets } from '../../../core/import/presets/detect.js';
import type { ImportEntity } from '../../../core/domain/imports.js';
import { runCliCaptured } from '../../support/cli-io.js';
import { fixture, sharedImport, snapshot, tempDb, type TempDb } from '../../support/import.js';

// Which preset fits a file, from its header: the real exports in ../shared/imports each find their own.
let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

const headersOf = async (file: string, entity: ImportEntity) => (await openTable(file, entity, {})).headers;

describe('recognising an export from its header', () => {
  it.each([
    ['shopify/shopifypartners_jewelery.csv', 'items', 'shopify-products'],
    ['shopify/shopifypartners_apparel.csv', 'items', 'shopify-products'],
    ['shopify/orders_export_sample.csv', 'interactions', 'shopify-orders'],
    ['woocommerce/sample_products.csv', 'items', 'woocommerce-products'],
    ['prestashop/ps16_products_import.csv', 'items', 'prestashop-products'],
    ['prestashop/ps16_customers_import.csv', 'clients', 'prestashop-customers'],
  ] as const)('%s is a %s file of the %s preset', async (file, entity, preset) => {
    const found = detectPresets(entity, await headersOf(sharedImport(file), entity));
    expect(found.map((f) => f.name)).toEqual([preset]);
    expect(found[0]!.share).toBeGreaterThanOrEqual(0.75);
  });

  it('proposes nothing for a file in the importer’s own words, nor for the wrong kind of record', async () => {
    expect(detectPresets('items', await headersOf(fixture('items.csv'), 'items'))).toEqual([]);
    expect(detectPresets('clients', await headersOf(fixture('clients.csv'), 'clients'))).toEqual([]);
    const shopify = await headersOf(sharedImport('shopify/shopifypartners_jewelery.csv'), 'items');
    expect(detectPresets('clients', shopify)).toEqual([]);
  });

  it('an import without a mapping says first which preset reads the file, and writes nothing when it fails', async () => {
    const before = snapshot(t.db);
    const report = await importFiles(t.db, { items: sharedImport('shopify/shopifypartners_jewelery.csv') });
    expect(report.ok).toBe(false);
    expect(report.issues[0]).toMatchObject({ severity: 'warning', row: null });
    expect(report.issues[0]!.message).toBe(
      'this looks like a Shopify products export (products_export.csv) (Handle, Title, Body (HTML), Vendor...): ' +
        'import it with the shopify-products preset (--preset shopify-products, or choose it in the import wizard), ' +
        'which reads it whole',
    );
    expect(snapshot(t.db)).toEqual(before);

    // A file the aliases read whole still gets the hint, as a warning.
    const file = join(t.dir, 'customers.csv');
    writeFileSync(
      file,
      'Customer ID;Active (0/1);Email *;Last Name *;First Name *;Newsletter (0/1)\n1;1;ana@example.com;Lopes;Ana;1\n',
    );
    const read = await importFiles(t.db, { clients: file });
    expect(read.ok).toBe(true);
    expect(read.issues.map((i) => [i.severity, i.row])).toEqual([['warning', null]]);
    expect(read.issues[0]!.message).toMatch(
      /^this looks like a PrestaShop customers CSV .*prestashop-customers preset/,
    );
  });

  it('the CLI prints that advice before the problems it explains', async () => {
    t.db.close();
    const run = await runCliCaptured([
      'import',
      '--db',
      t.file,
      '--items',
      sharedImport('shopify/shopifypartners_jewelery.csv'),
    ]);
    expect(run.code).toBe(1);
    expect(run.err.split('\n')[0]).toMatch(
      /: warning: this looks like a Shopify products export .*--preset shopify-products/,
    );
  });
});
