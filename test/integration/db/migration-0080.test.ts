import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion, type Db } from '../../../core/db/open.js';
import { ruleSourcesMark } from '../../../core/db/outreach/follow-ups.js';
import { interestsOnFeatures } from '../../../core/db/outreach/today-queries.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-mig80-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const now = '2026-01-01T00:00:00.000Z';

/**
 * A 0070 book: two clients, two items of a variant group, a purchase, a birthday, a rule's follow-up, and a
 * completed run where each client has 14 interests (ranks 1 to 14) and two group interests.
 */
function book0070(file: string): void {
  const db = openDatabase(file, { targetVersion: 70 });
  const item = db.prepare(
    `INSERT INTO items (external_id, title, variant_group, created_at, updated_at) VALUES (?, ?, 'TOTE-G', ?, ?)`,
  );
  item.run('SKU-1', 'Tote', now, now);
  item.run('SKU-2', 'Tote — Green', now, now);
  const client = db.prepare(
    `INSERT INTO clients (external_id, name, tier, store, associate, created_at, updated_at)
     VALUES (?, ?, 'VIP', 'Paris', 'Céline Marchand', ?, ?)`,
  );
  client.run('C-1', 'Ada', now, now);
  client.run('C-2', 'Bea', now, now);
  db.prepare(
    `INSERT INTO interactions (client_id, item_id, kind, occurred_at) VALUES (1, 1, 'purchase', ?)`,
  ).run(now);
  db.prepare(`INSERT INTO client_dates (client_id, label, month, day) VALUES (2, 'Birthday', 3, 13)`).run();
  db.prepare(
    `INSERT INTO follow_ups (client_id, due_on, reason, rule, source_key, created_at, updated_at)
     VALUES (1, '2026-01-03', 'Thank-you for the Tote', 'thank-you', 'thank-you:1:2026-01-01', ?, ?)`,
  ).run(now, now);
  db.prepare(
    `INSERT INTO runs (kind, status, reasoner, prompt_version, started_at) VALUES ('optimize', 'completed', 'rules', 'rules-1', ?)`,
  ).run(now);
  const interest = db.prepare(
    `INSERT INTO client_interests (run_id, client_id, rank, feature, facet, weight) VALUES (1, ?, ?, ?, 'style', ?)`,
  );
  const groupInterest = db.prepare(
    `INSERT INTO group_interests (run_id, client_id, rank, feature, facet, strength, neighbour_count)
     VALUES (1, ?, ?, ?, 'style', ?, 3)`,
  );
  for (const clientId of [1, 2]) {
    for (let rank = 1; rank <= 14; rank++) interest.run(clientId, rank, `feature ${rank}`, 1 / rank);
    groupInterest.run(clientId, 1, 'feature 13', 0.5);
    groupInterest.run(clientId, 2, 'feature 2', 0.25);
  }
  db.close();
}

function upgraded(check: (db: Db) => void): void {
  const file = join(dir, 'm.db');
  book0070(file);
  const db = openDatabase(file, { targetVersion: 80 });
  try {
    check(db);
  } finally {
    db.close();
  }
}

const generation = (db: Db) =>
  db.prepare('SELECT generation FROM follow_up_rules_state WHERE id = 1').pluck().get() as number;

describe('migration 0080-today', () => {
  it('indexes each client’s strongest interests of a 0070 book, and Today reads them from the index', () =>
    upgraded((db) => {
      expect(schemaVersion(db)).toBe(80);
      expect(db.prepare('SELECT count(*) FROM client_interests').pluck().get()).toBe(28);
      const indexed = (table: string, index: string) =>
        db
          .prepare(`SELECT count(*) FROM ${table} INDEXED BY ${index} WHERE run_id = 1 AND rank <= 12`)
          .pluck()
          .get();
      expect(indexed('client_interests', 'client_interests_strongest')).toBe(24);
      expect(indexed('group_interests', 'group_interests_strongest')).toBe(4);
      // Rank 13 is past a client's strongest twelve: her explicit interest in it is not read, her group one is.
      expect(interestsOnFeatures(db, 1, [1, 2], ['feature 2', 'feature 13'])).toEqual({
        explicit: [
          { clientId: 1, features: ['feature 2'], weights: [0.5] },
          { clientId: 2, features: ['feature 2'], weights: [0.5] },
        ],
        group: [
          { clientId: 1, features: ['feature 13', 'feature 2'], weights: [0.5, 0.25] },
          { clientId: 2, features: ['feature 13', 'feature 2'], weights: [0.5, 0.25] },
        ],
      });
      const plan = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT client_id, feature, weight FROM client_interests
           WHERE run_id = 1 AND client_id IN (SELECT value FROM json_each('[1, 2]')) AND rank <= 12`,
        )
        .all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toContain('COVERING INDEX client_interests_strongest');
    }));

  it('starts the rules’ state at generation 0, never run, and moves it on whatever the rules read changes', () =>
    upgraded((db) => {
      expect(db.prepare('SELECT id, generation, materialised FROM follow_up_rules_state').all()).toEqual([
        { id: 1, generation: 0, materialised: null },
      ]);
      const changes = (sql: string) => {
        const before = generation(db);
        db.exec(sql);
        return generation(db) - before;
      };
      // A new interaction moves the mark by its row id, with no trigger on an import's hot path.
      const mark = ruleSourcesMark(db);
      expect(
        changes(
          `INSERT INTO interactions (client_id, item_id, kind, occurred_at) VALUES (2, 2, 'try-on', '${now}')`,
        ),
      ).toBe(0);
      expect(ruleSourcesMark(db)).not.toBe(mark);
      expect(changes(`UPDATE interactions SET occurred_at = '2026-01-02T00:00:00.000Z' WHERE id = 2`)).toBe(
        1,
      );
      expect(changes(`UPDATE interactions SET quantity = 2 WHERE id = 2`)).toBe(0);
      expect(changes(`UPDATE interactions SET occurred_at = occurred_at, kind = kind WHERE id = 2`)).toBe(0);
      expect(changes(`DELETE FROM interactions WHERE id = 2`)).toBe(1);
      expect(changes(`UPDATE clients SET tier = 'VVIP' WHERE id = 1`)).toBe(1);
      expect(changes(`UPDATE clients SET associate = 'Tom Ashby' WHERE id = 1`)).toBe(1);
      expect(changes(`UPDATE clients SET store = 'London' WHERE id = 1`)).toBe(1);
      expect(changes(`UPDATE clients SET tier = 'VVIP', name = 'Ada B.' WHERE id = 1`)).toBe(0);
      expect(changes(`UPDATE items SET title = 'Bond Street Tote' WHERE id = 1`)).toBe(1);
      expect(changes(`UPDATE items SET variant_group = NULL WHERE id = 1`)).toBe(1);
      expect(changes(`UPDATE items SET title = 'Bond Street Tote', price_minor = 1000 WHERE id = 1`)).toBe(0);
      expect(
        changes(`INSERT INTO client_dates (client_id, label, month, day) VALUES (1, 'Birthday', 5, 3)`),
      ).toBe(1);
      expect(changes(`UPDATE client_dates SET day = 4 WHERE client_id = 1`)).toBe(1);
      expect(changes(`UPDATE client_dates SET day = 4, year = 1990 WHERE client_id = 1`)).toBe(0);
      expect(changes(`DELETE FROM client_dates WHERE client_id = 1`)).toBe(1);
      expect(changes(`UPDATE follow_ups SET status = 'done', closed_at = '${now}' WHERE id = 1`)).toBe(0);
      expect(changes(`DELETE FROM follow_ups WHERE id = 1`)).toBe(1);
      // Removing a client removes her interactions and dates with her: the mark moves.
      expect(changes(`DELETE FROM clients WHERE id = 2`)).toBeGreaterThan(0);
    }));
});
