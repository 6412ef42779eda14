import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tableCounts } from '../../../core/db/catalog/store.js';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { ensureDemoDatabase, seedDemo } from '../../../core/demo/index.js';

let dir: string;
const small = { seed: 4, clients: 120, items: 220 };
const fixedNow = () => '2025-10-02T09:00:00.000Z';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'atelier-demo-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function withDb<T>(file: string, fn: (db: Db) => T): T {
  const db = openDatabase(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('seedDemo', () => {
  it('writes the whole boutique, and seeding it again changes nothing', () => {
    const file = path.join(dir, 'demo.db');
    withDb(file, (db) => {
      const { boutique, written } = seedDemo(db, small, fixedNow);
      expect(written).toEqual({
        items: boutique.items.length,
        clients: boutique.clients.length,
        interactions: boutique.interactions.length,
        notes: boutique.notes.length,
        outreach:
          boutique.outreach.dates.length +
          boutique.outreach.priceDrops.length +
          boutique.outreach.backInStock.length +
          boutique.outreach.contacts.length,
      });
      const counts = tableCounts(db);
      expect(counts).toMatchObject({
        items: 220,
        clients: 120,
        interactions: boutique.interactions.length,
        notes: boutique.notes.length,
        client_dates: boutique.outreach.dates.length,
        contacts: boutique.outreach.contacts.length,
      });
      const rows = db.prepare('SELECT * FROM items ORDER BY id').all();
      const later = () => '2026-01-01T00:00:00.000Z';
      expect(seedDemo(db, small, later).written).toEqual({
        items: 0,
        clients: 0,
        interactions: 0,
        notes: 0,
        outreach: 0,
      });
      expect(tableCounts(db)).toEqual(counts);
      // Untouched rows keep their timestamps: nothing was rewritten.
      expect(db.prepare('SELECT * FROM items ORDER BY id').all()).toEqual(rows);
    });
  });

  it('stores what the generator made, field by field', () => {
    const file = path.join(dir, 'demo.db');
    withDb(file, (db) => {
      const { boutique } = seedDemo(db, small, fixedNow);
      const client = boutique.clients.find((c) => Object.keys(c.sizes).length > 0 && !c.consentProfiling)!;
      const row = db.prepare('SELECT * FROM clients WHERE external_id = ?').get(client.externalId) as Record<
        string,
        unknown
      >;
      expect(row).toMatchObject({
        name: client.name,
        tier: client.tier,
        store: client.store,
        associate: client.associate,
        consent_profiling: 0,
        consent_marketing: client.consentMarketing ? 1 : 0,
        created_at: client.createdAt,
      });
      expect(JSON.parse(row['sizes'] as string)).toEqual(client.sizes);
      const item = boutique.items[0]!;
      const itemRow = db.prepare('SELECT * FROM items WHERE external_id = ?').get(item.externalId) as Record<
        string,
        unknown
      >;
      expect(itemRow).toMatchObject({
        title: item.title,
        category_path: item.categoryPath.join(' > '),
        price_minor: item.priceMinor,
        description: item.description,
        image: item.image,
        variant_group: item.variantGroup,
      });
      const purchases = db
        .prepare("SELECT count(*) AS n, sum(amount_minor) AS total FROM interactions WHERE kind = 'purchase'")
        .get() as { n: number; total: number };
      const expected = boutique.interactions.filter((i) => i.kind === 'purchase');
      expect(purchases).toEqual({
        n: expected.length,
        total: expected.reduce((s, i) => s + i.amountMinor!, 0),
      });
    });
  });

  it('writes all of it or nothing: a failure midway leaves the database as it was', () => {
    const file = path.join(dir, 'demo.db');
    withDb(file, (db) => {
      const before = tableCounts(db);
      // The notes come last: by then every item, client and interaction has been written in the transaction.
      db.exec(
        "CREATE TEMP TRIGGER refuse_notes BEFORE INSERT ON notes BEGIN SELECT RAISE(ABORT, 'disk full'); END",
      );
      expect(() => seedDemo(db, small, fixedNow)).toThrow(/disk full/);
      expect(tableCounts(db)).toEqual(before);
    });
  });
});

describe('ensureDemoDatabase', () => {
  it('creates and seeds a missing database, leaving no side files behind', () => {
    const file = path.join(dir, 'nested', 'atelier.db');
    expect(ensureDemoDatabase(file, small)).toEqual({ created: true });
    expect(readdirSync(path.dirname(file)).filter((f) => f.includes('seeding'))).toEqual([]);
    withDb(file, (db) => expect(tableCounts(db)).toMatchObject({ items: 220, clients: 120 }));
  });

  it('leaves an existing database alone, even an empty one', () => {
    const file = path.join(dir, 'atelier.db');
    writeFileSync(file, '');
    const before = statSync(file);
    expect(ensureDemoDatabase(file, small)).toEqual({ created: false });
    expect(statSync(file).size).toBe(0);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
