import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { ClientBook, type ClientQuery } from '../../../core/db/clients/book.js';
import { openDatabase, schemaVersion, type Db } from '../../../core/db/open.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-mig60-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const now = '2026-01-01T00:00:00.000Z';
const clock = fixedClock(now);

/** A 0050 book: three clients with accents, e-mails, phones and tags, and a few interactions. */
function book0050(file: string): void {
  const db = openDatabase(file, { targetVersion: 50 });
  db.prepare(
    `INSERT INTO items (external_id, title, created_at, updated_at) VALUES ('SKU-1', 'Tote', ?, ?)`,
  ).run(now, now);
  const client = db.prepare(
    `INSERT INTO clients (external_id, name, email, phone, tags, consent_marketing, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  client.run('C-1', 'Hélène Dubois', 'helene@example.fr', '+33 6 12 34 56 78', '["vip"]', 1, now, now);
  client.run('C-2', 'Søren Ångström', null, '+45 20 30 40 50', '[]', 0, now, now);
  client.run('C-3', 'Zoë Müller', 'zoe@example.ch', null, '["gala", "vip"]', 0, now, now);
  const visit = db.prepare(
    `INSERT INTO interactions (client_id, item_id, kind, occurred_at) VALUES (?, 1, 'purchase', ?)`,
  );
  visit.run(1, '2025-03-01T10:00:00.000Z');
  visit.run(1, '2025-06-01T10:00:00.000Z');
  visit.run(3, '2025-04-01T10:00:00.000Z');
  db.close();
}

const names = (book: ClientBook, query: ClientQuery = {}): string[] =>
  book.listClients(query).rows.map((r) => r.name);
const count = (db: Db, sql: string): number => db.prepare(sql).pluck().get() as number;

describe('migration 0060-client-search', () => {
  it('upgrades a 0050 book with its clients searchable as before, by name, e-mail, phone and tag', () => {
    const file = join(dir, 'm.db');
    book0050(file);
    const db = openDatabase(file);
    try {
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(60);
      // Every client waits for its keys; the first search builds them once.
      expect(count(db, 'SELECT count(*) FROM client_search_pending')).toBe(3);
      expect(count(db, 'SELECT count(*) FROM client_search')).toBe(0);
      const book = new ClientBook(db, clock);
      expect(names(book, { search: 'helene' })).toEqual(['Hélène Dubois']);
      expect(count(db, 'SELECT count(*) FROM client_search_pending')).toBe(0);
      expect(count(db, 'SELECT count(*) FROM client_search')).toBe(3);
      // ø is a letter of its own (as before: NFKD does not split it), Å an accented A.
      expect(names(book, { search: 'ANGSTROM Søren' })).toEqual(['Søren Ångström']);
      expect(names(book, { search: 'soren' })).toEqual([]);
      expect(names(book, { search: 'zoe@example' })).toEqual(['Zoë Müller']);
      expect(names(book, { search: '20 30 40' })).toEqual(['Søren Ångström']);
      expect(names(book, { search: 'c-3' })).toEqual(['Zoë Müller']);
      expect(names(book, { tags: ['vip'] })).toEqual(['Hélène Dubois', 'Zoë Müller']);
      expect(names(book, { consentMarketing: false })).toEqual(['Søren Ångström', 'Zoë Müller']);
      expect(names(book)).toEqual(['Hélène Dubois', 'Søren Ångström', 'Zoë Müller']);
      expect(names(book, { sort: 'lastVisit', direction: 'desc' })).toEqual([
        'Hélène Dubois',
        'Zoë Müller',
        'Søren Ångström',
      ]);
      expect(book.listClients({ search: 'dubois' }).rows[0]!.lastVisit).toBe('2025-06-01T10:00:00.000Z');
      // Re-opening finds the keys in the file: nothing left to build, nothing migrated twice.
      db.close();
      const again = openDatabase(file);
      expect(schemaVersion(again)).toBeGreaterThanOrEqual(60);
      expect(count(again, 'SELECT count(*) FROM client_search_pending')).toBe(0);
      expect(names(new ClientBook(again, clock), { search: 'muller' })).toEqual(['Zoë Müller']);
      again.close();
    } finally {
      if (db.open) db.close();
    }
  });

  it('a read-only connection searches a just-upgraded book without writing to it', () => {
    const file = join(dir, 'm.db');
    book0050(file);
    openDatabase(file).close();
    const db = openDatabase(file, { readonly: true });
    const book = new ClientBook(db, clock);
    expect(names(book, { search: 'angstrom' })).toEqual(['Søren Ångström']);
    expect(count(db, 'SELECT count(*) FROM client_search_pending')).toBe(3);
    expect(count(db, 'SELECT count(*) FROM client_search')).toBe(0);
    db.close();
  });

  it('keeps the keys in step with every kind of write, through any connection', () => {
    const file = join(dir, 'm.db');
    book0050(file);
    const db = openDatabase(file);
    // Enough others that a few changes are refolded one by one, not by rebuilding every key.
    for (let n = 0; n < 20; n++)
      db.prepare(
        `INSERT INTO clients (external_id, name, created_at, updated_at) VALUES (?, 'Kim Ko', ?, ?)`,
      ).run(`O-${n}`, now, now);
    const book = new ClientBook(db, clock);
    const lastVisit = (name: string): string | null =>
      book.listClients({ search: name }).rows[0]?.lastVisit ?? null;
    try {
      expect(names(book, { search: 'helene' })).toEqual(['Hélène Dubois']);
      // Another connection writes (the import worker, say); only what it touched is refolded.
      const other = openDatabase(file);
      other.prepare("UPDATE clients SET name = 'Hélène Laurent' WHERE external_id = 'C-1'").run();
      other.prepare('UPDATE clients SET sizes = \'{"ring": "52"}\' WHERE external_id = \'C-2\'').run();
      other.close();
      // Sizes are not searched: only the renamed client waits.
      expect(db.prepare('SELECT client_id FROM client_search_pending').pluck().all()).toEqual([1]);
      expect(names(book, { search: 'helene laurent' })).toEqual(['Hélène Laurent']);
      expect(names(book, { search: 'dubois' })).toEqual([]);

      // The newest interaction removed hands its row id out again: a new one under it is still seen.
      const newest = count(db, 'SELECT max(id) FROM interactions');
      db.prepare('DELETE FROM interactions WHERE id = ?').run(newest);
      const reused = db
        .prepare(
          `INSERT INTO interactions (client_id, item_id, kind, occurred_at)
           VALUES (2, 1, 'try-on', '2025-09-01T10:00:00.000Z') RETURNING id`,
        )
        .pluck()
        .get();
      expect(reused).toBe(newest);
      expect(lastVisit('angstrom')).toBe('2025-09-01T10:00:00.000Z');
      expect(lastVisit('zoe')).toBeNull();
      // An interaction moved to another day moves the last visit.
      db.prepare("UPDATE interactions SET occurred_at = '2024-01-01T10:00:00.000Z' WHERE id = ?").run(reused);
      expect(lastVisit('angstrom')).toBe('2024-01-01T10:00:00.000Z');
      expect(names(book, { lastVisitFrom: '2025-01-01' })).toEqual(['Hélène Laurent']);

      // Removing a client takes their keys; a new client appears.
      db.prepare("DELETE FROM clients WHERE external_id = 'C-2'").run();
      db.prepare(
        `INSERT INTO clients (external_id, name, created_at, updated_at) VALUES ('C-4', 'Inès Moreau', ?, ?)`,
      ).run(now, now);
      expect(names(book, { search: 'e' })).toEqual(['Hélène Laurent', 'Inès Moreau', 'Zoë Müller']);
      expect(count(db, 'SELECT count(*) FROM client_search')).toBe(23);
      expect(count(db, 'SELECT count(*) FROM client_search_pending')).toBe(0);

      // The filter values are cached, until a client's keys change.
      expect(book.clientFacets().tiers).toEqual([]);
      db.prepare("UPDATE clients SET tier = 'Gold' WHERE external_id = 'C-4'").run();
      expect(book.clientFacets().tiers).toEqual([{ value: 'Gold', count: 1 }]);
      expect(names(book, { tiers: ['Gold'] })).toEqual(['Inès Moreau']);
    } finally {
      db.close();
    }
  });

  it('a write refused by a constraint leaves nothing pending', () => {
    const file = join(dir, 'm.db');
    book0050(file);
    const db = openDatabase(file);
    try {
      new ClientBook(db, clock).listClients();
      expect(() =>
        db.transaction(() => {
          db.prepare("UPDATE clients SET name = 'Ada' WHERE external_id = 'C-1'").run();
          db.prepare("UPDATE clients SET consent_marketing = 2 WHERE external_id = 'C-2'").run();
        })(),
      ).toThrow(/CHECK constraint failed/);
      expect(count(db, 'SELECT count(*) FROM client_search_pending')).toBe(0);
    } finally {
      db.close();
    }
  });
});
