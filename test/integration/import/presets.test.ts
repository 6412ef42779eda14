import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles, presets } from '../../../core/import/index.js';
import { rowsOf, sharedImport, snapshot, tempDb, type TempDb } from '../../support/import.js';

/** The real exports in ../shared/imports, each read through its preset mapping. */
let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.close());

const item = (externalId: string) =>
  t.db
    .prepare(
      'SELECT title, maison, category_path, colours, price_minor, variant_group, description, image FROM items WHERE external_id = ?',
    )
    .get(externalId);

describe('Shopify', () => {
  it('products: continuation rows fold into their product, each variant is an item of the Handle group', async () => {
    const file = sharedImport('shopify/shopifypartners_jewelery.csv');
    const report = await importFiles(t.db, { items: file, mapping: presets['shopify-products'] });
    expect(report.issues).toEqual([]);
    expect(report.files[0]).toMatchObject({ rows: 41, encoding: 'utf-8' });
    // 41 rows: 20 products, three of them in two colours; the rest are image rows.
    expect(report.counts.items).toEqual({ inserted: 23, updated: 0, unchanged: 0 });
    expect(rowsOf(t.db, 'SELECT count(DISTINCT variant_group) AS n FROM items')).toEqual([{ n: 20 }]);
    expect(item('leather-anchor/Silver')).toEqual({
      title: 'Anchor Bracelet Mens – Silver',
      maison: 'Company 123',
      category_path: 'Bracelet',
      colours: '["Silver"]',
      price_minor: 5500,
      variant_group: 'leather-anchor',
      description: 'Black leather bracelet with gold or silver anchor for men.',
      image: 'https://burst.shopifycdn.com/photos/anchor-bracelet-for-men_925x.jpg',
    });
    expect(item('leather-anchor/Gold')).toMatchObject({ price_minor: 6999, colours: '["Gold"]' });
    expect(item('gemstone/Purple')).toMatchObject({ colours: '["Purple"]', variant_group: 'gemstone' });
    expect(item('bangle-bracelet')).toMatchObject({
      title: 'Bangle Bracelet',
      colours: '[]',
      price_minor: 3999,
    });
    const choker = item('choker-with-gold-pendant') as { description: string };
    expect(choker.description).toContain('- 14k yellow gold\n- Leather\n- Length, 12" with 2.5" extender');
    expect(choker.description).not.toMatch(/<|>/);
    expect(rowsOf(t.db, "SELECT count(*) AS n FROM items WHERE external_id LIKE '%Default Title%'")).toEqual([
      { n: 0 },
    ]);

    const apparel = await importFiles(t.db, {
      items: sharedImport('shopify/shopifypartners_apparel.csv'),
      mapping: presets['shopify-products'],
    });
    expect(apparel.counts.items).toEqual({ inserted: 22, updated: 0, unchanged: 0 });
    expect(item('classic-varsity-top/Medium')).toMatchObject({
      title: 'Classic Varsity Top – Medium',
      maison: 'partners-demo',
      price_minor: 6000,
      variant_group: 'classic-varsity-top',
    });

    const before = snapshot(t.db);
    const again = await importFiles(t.db, { items: file, mapping: presets['shopify-products'] });
    expect(again.counts.items).toEqual({ inserted: 0, updated: 0, unchanged: 23 });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('orders: line items become purchases; customers and items are created from the lines', async () => {
    const file = sharedImport('shopify/orders_export_sample.csv');
    const report = await importFiles(t.db, { interactions: file, mapping: presets['shopify-orders'] });
    expect(report.ok).toBe(true);
    // 18 lines with a client, 12 of them gift cards: neither items nor purchases.
    expect(report.counts).toEqual({
      items: { inserted: 5, updated: 0, unchanged: 0 },
      clients: { inserted: 3, updated: 0, unchanged: 0 },
      interactions: { inserted: 6, updated: 0, unchanged: 0 },
    });
    // Draft orders without an email have no client: skipped, and said so.
    expect(report.files[0]).toMatchObject({ rows: 40, skipped: 22, leftOut: { 'gift-card': 12 } });
    expect(report.issues).toEqual([
      {
        severity: 'warning',
        file,
        row: null,
        column: 'Email',
        message: '22 rows without a client skipped (skipRowsWithoutClient): rows 2-8, 13-16, 25-29, 36-41',
      },
      {
        severity: 'warning',
        file,
        row: null,
        column: 'Lineitem name',
        message: '12 gift-card lines left out (not merchandise): rows 9, 17-24, 31, 33-34',
      },
    ]);
    expect(rowsOf(t.db, "SELECT external_id FROM items WHERE title LIKE 'Gift Card%'")).toEqual([]);
    expect(
      rowsOf(t.db, 'SELECT external_id, name, phone, consent_marketing FROM clients ORDER BY id'),
    ).toEqual([
      {
        external_id: 'ayumu.hirano@example.com',
        name: 'Ayumu Hirano',
        phone: '+16135550127',
        consent_marketing: 0,
      },
      // Her first order has no billing name; a later one does.
      {
        external_id: 'karine.ruby@example.com',
        name: 'Karine Ruby',
        phone: '+16135550142',
        consent_marketing: 0,
      },
      {
        external_id: 'Russel.winfield@example.com',
        name: 'Russell Winfield',
        phone: '+16135550135',
        consent_marketing: 0,
      },
    ]);
    expect(
      rowsOf(
        t.db,
        `SELECT i.external_id AS item, i.maison, x.kind, x.quantity, x.amount_minor, x.currency, x.occurred_at, x.channel
         FROM interactions x JOIN clients c ON c.id = x.client_id JOIN items i ON i.id = x.item_id
         WHERE c.external_id = 'karine.ruby@example.com' ORDER BY x.occurred_at, i.external_id`,
      ),
    ).toEqual([
      {
        item: 'The Multi-location Snowboard',
        maison: 'Test Cycle Sense App',
        kind: 'purchase',
        quantity: 1,
        amount_minor: 73883,
        currency: 'EUR',
        occurred_at: '2025-05-12T19:07:54.000Z',
        channel: 'shopify_draft_order',
      },
      {
        item: 'The Videographer Snowboard',
        maison: 'Test Cycle Sense App',
        kind: 'purchase',
        quantity: 1,
        amount_minor: 89672,
        currency: 'EUR',
        occurred_at: '2025-05-12T19:07:54.000Z',
        channel: 'shopify_draft_order',
      },
      {
        item: 'Selling Plans Ski Wax - Selling Plans Ski Wax',
        maison: 'Test Cycle Sense App',
        kind: 'purchase',
        quantity: 1,
        amount_minor: 2559,
        currency: 'EUR',
        occurred_at: '2025-05-16T06:36:49.000Z',
        channel: 'shopify_draft_order',
      },
    ]);
    // A line with a SKU is known by it.
    expect(item('sku-untracked-1')).toMatchObject({ title: 'The Inventory Not Tracked Snowboard' });

    const before = snapshot(t.db);
    const again = await importFiles(t.db, { interactions: file, mapping: presets['shopify-orders'] });
    expect(again.counts).toEqual({
      items: { inserted: 0, updated: 0, unchanged: 5 },
      clients: { inserted: 0, updated: 0, unchanged: 3 },
      interactions: { inserted: 0, updated: 0, unchanged: 6 },
    });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('orders never overwrite a client the client book already holds', async () => {
    const book = join(t.dir, 'book.csv');
    writeFileSync(
      book,
      'Client ID,Name,Email,Tier\nkarine.ruby@example.com,Karine Ruby-Laurent,karine.ruby@example.com,VIP\n',
    );
    await importFiles(t.db, { clients: book });
    const report = await importFiles(t.db, {
      interactions: sharedImport('shopify/orders_export_sample.csv'),
      mapping: presets['shopify-orders'],
    });
    expect(report.counts.clients).toEqual({ inserted: 2, updated: 0, unchanged: 1 });
    expect(
      rowsOf(t.db, "SELECT name, tier FROM clients WHERE external_id = 'karine.ruby@example.com'"),
    ).toEqual([{ name: 'Karine Ruby-Laurent', tier: 'VIP' }]);
  });
});

describe('WooCommerce', () => {
  it('products: variations join their parent by SKU and take what they leave blank from it', async () => {
    const report = await importFiles(t.db, {
      items: sharedImport('woocommerce/sample_products.csv'),
      mapping: presets['woocommerce-products'],
    });
    expect(report.issues).toEqual([]);
    expect(report.counts.items).toEqual({ inserted: 25, updated: 0, unchanged: 0 });
    expect(item('woo-vneck-tee-red')).toMatchObject({
      title: 'V-Neck T-Shirt - Red',
      category_path: 'Clothing > Tshirts',
      colours: '["Red"]',
      price_minor: 2000,
      variant_group: 'woo-vneck-tee',
    });
    expect(item('woo-vneck-tee')).toMatchObject({
      price_minor: null,
      colours: '["Blue","Green","Red"]',
      variant_group: 'woo-vneck-tee',
      image: 'https://woocommercecore.mystagingwebsite.com/wp-content/uploads/2017/12/vneck-tee-2.jpg',
    });
    expect(item('wp-pennant')).toMatchObject({ price_minor: 1105, category_path: 'Decor' });
    expect(
      rowsOf(t.db, "SELECT external_id FROM items WHERE variant_group = 'woo-hoodie' ORDER BY external_id"),
    ).toEqual(
      ['woo-hoodie', 'woo-hoodie-blue', 'woo-hoodie-blue-logo', 'woo-hoodie-green', 'woo-hoodie-red'].map(
        (external_id) => ({ external_id }),
      ),
    );
  });
});

describe('PrestaShop', () => {
  it('products (";" delimiter, hints in headers)', async () => {
    const report = await importFiles(t.db, {
      items: sharedImport('prestashop/ps16_products_import.csv'),
      mapping: presets['prestashop-products'],
    });
    expect(report.issues).toEqual([]);
    expect(report.counts.items.inserted).toBe(7);
    expect(item('RP-demo_3')).toEqual({
      title: 'MacBook Air',
      maison: 'Apple',
      category_path: 'Laptops',
      colours: '[]',
      price_minor: 150000,
      variant_group: null,
      description: 'New design.',
      image: 'http://localhost/prestashop/img/p/1/1.jpg',
    });
  });

  it('customers: first and last names, groups as tags, the newsletter as marketing consent, no passwords', async () => {
    const report = await importFiles(t.db, {
      clients: sharedImport('prestashop/ps16_customers_import.csv'),
      mapping: presets['prestashop-customers'],
    });
    expect(report.issues).toEqual([]);
    expect(report.files[0]?.ignoredColumns).toContain('Password *');
    expect(
      rowsOf(
        t.db,
        'SELECT external_id, name, email, tags, consent_marketing FROM clients ORDER BY id LIMIT 4',
      ),
    ).toEqual([
      {
        external_id: '1',
        name: 'Peter Pan',
        email: 'Peter.Pan@prestashop.com',
        tags: '["Customer"]',
        consent_marketing: 1,
      },
      {
        external_id: '2',
        name: 'Wendy Moira Darling',
        email: 'Wendy.Moira.Darling@prestashop.com',
        tags: '["Customer"]',
        consent_marketing: 1,
      },
      {
        external_id: '3',
        name: 'Tiger Lily',
        email: 'Tiger.Lily@prestashop.com',
        tags: '["Customer"]',
        consent_marketing: 1,
      },
      {
        external_id: '4',
        name: 'James Hook',
        email: 'James.Hook@prestashop.com',
        tags: '["Customer","Carribean"]',
        consent_marketing: 0,
      },
    ]);
    expect(rowsOf(t.db, 'SELECT count(*) AS n FROM clients')).toEqual([{ n: 9 }]);
    const text = JSON.stringify(rowsOf(t.db, 'SELECT * FROM clients'));
    expect(text).not.toContain('123456789');
  });
});
