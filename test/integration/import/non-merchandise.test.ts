import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles, presets } from '../../../core/import/index.js';
import { rowsOf, tempDb, type TempDb } from '../../support/import.js';

let t: TempDb;
beforeEach(() => (t = tempDb()));
afterEach(() => t.close());

const header =
  'Name,Email,Currency,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem requires shipping,Billing Name,Vendor';

describe('Shopify orders: gift cards, tips, shipping and services are not merchandise', () => {
  it('are left out of the catalog and the history, counted by kind; a gift-card holder stays', async () => {
    const file = join(t.dir, 'orders_export.csv');
    writeFileSync(
      file,
      [
        header,
        '#2001,ana@example.com,EUR,2025-03-01 10:00:00 +0100,1,Gift Card - €100,100.00,,false,Ana Lopez,Maison A',
        '#2001,ana@example.com,,2025-03-01 10:00:00 +0100,1,Gift card holder,85.00,GCH-1,true,,Maison A',
        '#2001,ana@example.com,,2025-03-01 10:00:00 +0100,1,Tip,5.00,,false,,',
        '#2001,ana@example.com,,2025-03-01 10:00:00 +0100,1,Shipping,12.00,,false,,',
        '#2002,bea@example.com,EUR,2025-03-02 11:00:00 +0100,1,Gift Card - $50,50.00,,true,Bea Roy,Maison A',
        '#2002,bea@example.com,,2025-03-02 11:00:00 +0100,1,Engraving,20.00,,false,,Maison A',
        '#2002,bea@example.com,,2025-03-02 11:00:00 +0100,1,Eternity ring,1200.00,RING-7,true,,Maison B',
        '#2003,cleo@example.com,EUR,2025-03-03 12:00:00 +0100,2,Gift Card,25.00,,false,Cleo Ma,Maison A',
      ].join('\n') + '\n',
    );
    const report = await importFiles(t.db, { interactions: file, mapping: presets['shopify-orders'] });
    expect(report.ok).toBe(true);
    expect(report.files[0]).toMatchObject({
      rows: 8,
      skipped: 0,
      leftOut: { 'gift-card': 3, tip: 1, shipping: 1, service: 1 },
    });
    expect(report.issues.map((i) => [i.column, i.message])).toEqual([
      ['Lineitem name', '3 gift-card lines left out (not merchandise): rows 2, 6, 9'],
      ['Lineitem name', '1 tip line left out (not merchandise): row 4'],
      ['Lineitem name', '1 shipping line left out (not merchandise): row 5'],
      ['Lineitem name', '1 service line left out (not merchandise): row 7'],
    ]);
    expect(rowsOf(t.db, 'SELECT external_id, title FROM items ORDER BY id')).toEqual([
      { external_id: 'GCH-1', title: 'Gift card holder' },
      { external_id: 'RING-7', title: 'Eternity ring' },
    ]);
    expect(
      rowsOf(
        t.db,
        'SELECT c.external_id AS client, i.external_id AS item FROM interactions x JOIN clients c ON c.id = x.client_id JOIN items i ON i.id = x.item_id ORDER BY x.id',
      ),
    ).toEqual([
      { client: 'ana@example.com', item: 'GCH-1' },
      { client: 'bea@example.com', item: 'RING-7' },
    ]);
    // Cleo only bought a gift card: she is still a client of the boutique, with no history.
    expect(rowsOf(t.db, 'SELECT external_id, name FROM clients ORDER BY id')).toEqual([
      { external_id: 'ana@example.com', name: 'Ana Lopez' },
      { external_id: 'bea@example.com', name: 'Bea Roy' },
      { external_id: 'cleo@example.com', name: 'Cleo Ma' },
    ]);
  });

  it('a rule whose columns the file lacks does not apply, and a bad pattern is a mapping error', async () => {
    const file = join(t.dir, 'orders.csv');
    writeFileSync(
      file,
      'Name,Email,Created at,Lineitem quantity,Lineitem name,Lineitem price\n#1,ana@example.com,2025-03-01,1,Gift Card,10.00\n',
    );
    const report = await importFiles(t.db, { interactions: file, mapping: presets['shopify-orders'] });
    // Without "Lineitem requires shipping" and without a value in the name, nothing says it is a gift card.
    expect(report.files[0]).toMatchObject({ leftOut: {} });
    expect(report.counts.interactions.inserted).toBe(1);
    await expect(
      importFiles(t.db, {
        interactions: file,
        mapping: {
          extends: 'shopify-orders',
          interactions: { nonMerchandise: [{ label: 'tip', when: { 'Lineitem name': '(' } }] },
        },
      }),
    ).rejects.toThrow('interactions.nonMerchandise.0.when.Lineitem name: is not a valid regular expression');
  });
});
