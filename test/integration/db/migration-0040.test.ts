import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../core/db/open.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-mig40-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const now = '2026-01-01T00:00:00.000Z';

describe('migration 0040-engine', () => {
  it('adds the run-keyed engine tables on top of a 0030 database with rows', () => {
    const file = join(dir, 'm.db');
    let db = openDatabase(file, { targetVersion: 30 });
    db.prepare(
      `INSERT INTO items (external_id, title, created_at, updated_at) VALUES ('SKU-1', 'Tote', ?, ?)`,
    ).run(now, now);
    db.prepare(
      `INSERT INTO items (external_id, title, created_at, updated_at) VALUES ('SKU-2', 'Scarf', ?, ?)`,
    ).run(now, now);
    for (const [ext, name] of [
      ['C-1', 'Ada'],
      ['C-2', 'Bea'],
    ])
      db.prepare(`INSERT INTO clients (external_id, name, created_at, updated_at) VALUES (?, ?, ?, ?)`).run(
        ext,
        name,
        now,
        now,
      );
    db.prepare(
      `INSERT INTO interactions (client_id, item_id, kind, occurred_at) VALUES (1, 1, 'purchase', ?)`,
    ).run(now);
    db.prepare(
      `INSERT INTO runs (kind, status, reasoner, prompt_version, started_at) VALUES ('reason', 'completed', 'rules', 'rules-1', ?)`,
    ).run(now);
    db.prepare(
      `INSERT INTO item_features (item_id, reasoner, feature, facet, weight, run_id, prompt_version)
       VALUES (1, 'rules', 'structured leather', 'material', 0.9, 1, 'rules-1')`,
    ).run();
    db.close();

    db = openDatabase(file, { targetVersion: 40 });
    expect(schemaVersion(db)).toBe(40);
    expect(db.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(1);
    expect(db.prepare('SELECT feature FROM item_features').pluck().get()).toBe('structured leather');

    db.prepare(
      `INSERT INTO runs (kind, status, reasoner, prompt_version, started_at) VALUES ('optimize', 'completed', 'rules', 'rules-1', ?)`,
    ).run(now);
    db.prepare(
      `INSERT INTO client_interests (run_id, client_id, rank, feature, facet, weight, evidence_items)
       VALUES (2, 1, 1, 'structured leather', 'material', 1, '[1]')`,
    ).run();
    db.prepare(
      `INSERT INTO client_neighbours (run_id, client_id, neighbour_id, rank, similarity) VALUES (2, 1, 2, 1, 0.5)`,
    ).run();
    db.prepare(
      `INSERT INTO group_interests (run_id, client_id, rank, feature, facet, strength, neighbour_count,
         evidence_neighbours, evidence_items) VALUES (2, 2, 1, 'structured leather', 'material', 0.8, 1, '[1]', '[1]')`,
    ).run();
    db.prepare(
      `INSERT INTO recommendations (run_id, client_id, rank, item_id, score, reasons) VALUES (2, 1, 1, 2, 0.7, '[]')`,
    ).run();

    // A client is never their own neighbour; the same item is never recommended twice in a run.
    expect(() =>
      db
        .prepare(
          `INSERT INTO client_neighbours (run_id, client_id, neighbour_id, rank, similarity) VALUES (2, 1, 1, 2, 1)`,
        )
        .run(),
    ).toThrow(/CHECK constraint failed/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO recommendations (run_id, client_id, rank, item_id, score) VALUES (2, 1, 2, 2, 0.1)`,
        )
        .run(),
    ).toThrow(/UNIQUE constraint failed/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO recommendations (run_id, client_id, rank, item_id, score) VALUES (9, 1, 3, 1, 0.1)`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO recommendations (run_id, client_id, rank, item_id, score) VALUES (2, 1, 3, 1, 'high')`,
        )
        .run(),
    ).toThrow(/cannot store TEXT value in REAL column/);

    // Deleting a client takes their rows and their place as a neighbour; deleting the run takes the rest.
    db.prepare('DELETE FROM clients WHERE id = 2').run();
    expect(db.prepare('SELECT count(*) FROM client_neighbours').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM group_interests').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM client_interests').pluck().get()).toBe(1);
    db.prepare('DELETE FROM runs WHERE id = 2').run();
    expect(db.prepare('SELECT count(*) FROM client_interests').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM recommendations').pluck().get()).toBe(0);
    db.close();
  });
});
