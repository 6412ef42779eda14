import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { erasureLog } from '../../../core/db/clients/erase.js';
import { openDatabase, schemaVersion, type Db } from '../../../core/db/open.js';
import { eraseClient } from '../../../core/privacy/erase.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-mig90-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const now = '2026-01-01T00:00:00.000Z';

/**
 * A 0080 book: two clients with a purchase each, a note, a completed run where each is the other's neighbour
 * and names her in a group interest.
 */
function book0080(file: string): void {
  const db = openDatabase(file, { targetVersion: 80 });
  db.prepare(
    `INSERT INTO items (external_id, title, created_at, updated_at) VALUES ('SKU-1', 'Tote', ?, ?)`,
  ).run(now, now);
  const client = db.prepare(
    `INSERT INTO clients (external_id, name, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
  );
  client.run('C-1', 'Ada Lovelace', 'ada@example.test', now, now);
  client.run('C-2', 'Bea Bonnard', 'bea@example.test', now, now);
  for (const id of [1, 2])
    db.prepare(
      `INSERT INTO interactions (client_id, item_id, kind, occurred_at) VALUES (?, 1, 'purchase', ?)`,
    ).run(id, now);
  db.prepare(`INSERT INTO notes (client_id, body, created_at) VALUES (1, 'Loves the tote', ?)`).run(now);
  db.prepare(
    `INSERT INTO runs (kind, status, reasoner, prompt_version, started_at) VALUES ('optimize', 'completed', 'rules', 'rules-1', ?)`,
  ).run(now);
  db.exec(`
    INSERT INTO client_neighbours (run_id, client_id, neighbour_id, rank, similarity) VALUES (1, 1, 2, 1, 0.9), (1, 2, 1, 1, 0.9);
    INSERT INTO group_interests (run_id, client_id, rank, feature, facet, strength, neighbour_count, evidence_neighbours)
      VALUES (1, 1, 1, 'tote', 'category', 1, 1, '[2]'), (1, 2, 1, 'tote', 'category', 1, 1, '[1]');`);
  db.close();
}

function upgraded(check: (db: Db) => void): void {
  const file = join(dir, 'm.db');
  book0080(file);
  const db = openDatabase(file, { targetVersion: 90 });
  try {
    check(db);
  } finally {
    db.close();
  }
}

describe('migration 0090-erasure', () => {
  it('adds an empty erasure log to a 0080 book and keeps every row it held', () =>
    upgraded((db) => {
      expect(schemaVersion(db)).toBe(90);
      expect(erasureLog(db)).toEqual([]);
      const counts = ['clients', 'interactions', 'notes', 'client_neighbours', 'group_interests'].map(
        (t) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number,
      );
      expect(counts).toEqual([2, 2, 1, 2, 2]);
      const columns = db.prepare(`SELECT name FROM pragma_table_info('erasures') ORDER BY cid`).pluck().all();
      // When, by whom, through which door: no column that could hold anything about the client.
      expect(columns).toEqual(['id', 'erased_at', 'erased_by', 'via']);
      expect(() => db.prepare(`INSERT INTO erasures (erased_at, via) VALUES (?, 'mail')`).run(now)).toThrow(
        /CHECK/,
      );
    }));

  it('erases a client of the upgraded book, and the log says only when and by whom', () =>
    upgraded((db) => {
      // The incremental update rewrites Bea's rows of the old run: Ada is in none of them any more.
      const erasure = eraseClient(db, 'C-1', { clock: fixedClock(now), by: 'Céline', via: 'cli' });
      expect(erasure.removed).toMatchObject({ clients: 1, interactions: 1, notes: 1 });
      expect(erasure.neighbours).toMatchObject({ status: 'refreshed', runId: 1, clientsRecomputed: 1 });
      expect(db.prepare('SELECT client_id, evidence_neighbours FROM group_interests').all()).toEqual([]);
      expect(db.prepare('SELECT count(*) FROM client_neighbours').pluck().get()).toBe(0);
      expect(db.prepare('SELECT name FROM clients').pluck().all()).toEqual(['Bea Bonnard']);
      expect(db.prepare('SELECT * FROM erasures').all()).toEqual([
        { id: 1, erased_at: now, erased_by: 'Céline', via: 'cli' },
      ]);
    }));
});
