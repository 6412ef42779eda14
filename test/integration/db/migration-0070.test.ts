import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogWriter } from '../../../core/db/catalog/store.js';
import { openDatabase, schemaVersion, type Db } from '../../../core/db/open.js';
import { findAssociate, listAssociates } from '../../../core/db/outreach/associates.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-mig70-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const now = '2026-01-01T00:00:00.000Z';

/** A 0060 book: four clients of two associates in two stores (one unassigned), an item with a price, a selection. */
function book0060(file: string): void {
  const db = openDatabase(file, { targetVersion: 60 });
  db.prepare(
    `INSERT INTO items (external_id, title, price_minor, currency, created_at, updated_at)
     VALUES ('SKU-1', 'Tote', 250000, 'EUR', ?, ?)`,
  ).run(now, now);
  const client = db.prepare(
    `INSERT INTO clients (external_id, name, store, associate, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  client.run('C-1', 'Hélène Dubois', 'Paris', 'Céline Marchand', '2024-01-01T00:00:00.000Z', now);
  client.run('C-2', 'Zoë Müller', 'Paris', 'Céline Marchand', '2024-02-01T00:00:00.000Z', now);
  client.run('C-3', 'Søren Ångström', 'Genève', 'Céline Marchand', '2024-03-01T00:00:00.000Z', now);
  client.run('C-4', 'Ada Brown', 'London', 'Tom Ashby', '2024-04-01T00:00:00.000Z', now);
  client.run('C-5', 'Nobody Yet', 'London', null, now, now);
  db.prepare(
    `INSERT INTO selections (client_id, title, created_at, updated_at) VALUES (1, 'For Hélène', ?, ?)`,
  ).run(now, now);
  db.close();
}

const one = (db: Db, sql: string, ...params: unknown[]): unknown => db.prepare(sql).get(...params);

/** Runs `check` on the 0060 book upgraded to 0070. */
function upgraded(check: (db: Db) => void): void {
  const file = join(dir, 'm.db');
  book0060(file);
  const db = openDatabase(file, { targetVersion: 70 });
  try {
    check(db);
  } finally {
    db.close();
  }
}

describe('migration 0070-outreach', () => {
  it('upgrades a 0060 book: one associate per name, in the store most of their clients are in', () =>
    upgraded((db) => {
      expect(schemaVersion(db)).toBe(70);
      expect(listAssociates(db).map(({ id: _id, ...a }) => a)).toEqual([
        { name: 'Tom Ashby', store: 'London', role: 'associate', clientCount: 1 },
        { name: 'Céline Marchand', store: 'Paris', role: 'associate', clientCount: 3 },
      ]);
      // What was there is untouched; the new columns start empty.
      expect(one(db, `SELECT title, author FROM selections`)).toEqual({ title: 'For Hélène', author: null });
      expect(
        one(db, `SELECT count(*) AS n FROM clients WHERE language IS NULL AND salutation IS NULL`),
      ).toEqual({
        n: 5,
      });
      expect(one(db, `SELECT available, previous_price_minor, price_dropped_at FROM items`)).toEqual({
        available: 1,
        previous_price_minor: null,
        price_dropped_at: null,
      });
      // Accent- and case-blind lookup, as the CLI's --as takes it; a name that is nobody's is refused by name.
      expect(findAssociate(db, 'celine marchand').name).toBe('Céline Marchand');
      expect(() => findAssociate(db, 'Julien Roux')).toThrow(/no associate named "Julien Roux"/);
    }));

  it('adds an associate for every new name any writer puts on a client, once', () =>
    upgraded((db) => {
      const writer = new CatalogWriter(db, () => now);
      const base = {
        sizes: {},
        preferences: '',
        tags: [],
        consentProfiling: true,
        consentMarketing: false,
        language: null,
        salutation: null,
      };
      const client = (externalId: string, associate: string | null) => ({
        ...base,
        externalId,
        name: externalId,
        email: null,
        phone: null,
        tier: null,
        store: 'Milano',
        associate,
        createdAt: null,
      });
      writer.upsertClient(client('C-6', 'Elena Costa'));
      writer.upsertClient(client('C-7', 'Elena Costa'));
      writer.upsertClient(client('C-5', 'Davide Rinaldi')); // was unassigned
      db.prepare(`UPDATE clients SET associate = '  ' WHERE external_id = 'C-4'`).run(); // blank: nobody
      expect(listAssociates(db).map((a) => [a.name, a.store, a.clientCount])).toEqual([
        ['Tom Ashby', 'London', 0],
        ['Davide Rinaldi', 'Milano', 1],
        ['Elena Costa', 'Milano', 2],
        ['Céline Marchand', 'Paris', 3],
      ]);
    }));

  it('notes a price drop and a piece that came back, whichever connection writes them', () =>
    upgraded((db) => {
      const item = () =>
        one(
          db,
          `SELECT price_minor AS price, previous_price_minor AS was, price_dropped_at AS dropped, back_at AS back FROM items`,
        );
      db.prepare(`UPDATE items SET price_minor = 200000, updated_at = '2026-02-01T00:00:00Z'`).run();
      expect(item()).toEqual({ price: 200000, was: 250000, dropped: '2026-02-01T00:00:00Z', back: null });
      // A second markdown keeps the original price as the one it dropped from.
      db.prepare(`UPDATE items SET price_minor = 180000, updated_at = '2026-02-10T00:00:00Z'`).run();
      expect(item()).toEqual({ price: 180000, was: 250000, dropped: '2026-02-10T00:00:00Z', back: null });
      // Partly back up: still below the original, still a drop; back to the full price: no drop any more.
      db.prepare(`UPDATE items SET price_minor = 190000`).run();
      expect(item()).toMatchObject({ price: 190000, was: 250000 });
      db.prepare(`UPDATE items SET price_minor = 250000`).run();
      expect(item()).toEqual({ price: 250000, was: null, dropped: null, back: null });

      db.prepare(`UPDATE items SET available = 0, updated_at = '2026-03-01T00:00:00Z'`).run();
      expect(item()).toMatchObject({ back: null });
      db.prepare(`UPDATE items SET available = 1, updated_at = '2026-03-05T00:00:00Z'`).run();
      expect(item()).toMatchObject({ back: '2026-03-05T00:00:00Z' });
    }));

  it('refuses rows that would mean nothing: a snoozed follow-up without a day, a rule without its event', () =>
    upgraded((db) => {
      const insert = db.prepare(
        `INSERT INTO follow_ups (client_id, due_on, reason, rule, source_key, status, snoozed_until, created_at, updated_at)
       VALUES (1, ?, 'Thank her', ?, ?, ?, ?, ?, ?)`,
      );
      expect(() => insert.run('2026-01-05', null, null, 'snoozed', null, now, now)).toThrow(/CHECK/);
      expect(() => insert.run('2026-01-05', 'thank-you', null, 'open', null, now, now)).toThrow(/CHECK/);
      expect(() => insert.run('5 Jan', null, null, 'open', null, now, now)).toThrow(/CHECK/);
      insert.run('2026-01-05', 'thank-you', 'thank-you:purchase:1', 'open', null, now, now);
      expect(() =>
        insert.run('2026-01-06', 'thank-you', 'thank-you:purchase:1', 'open', null, now, now),
      ).toThrow(/UNIQUE/);
      expect(() =>
        db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('x', 'not json', ?)`).run(now),
      ).toThrow(/CHECK/);
    }));
});
