import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../core/db/open.js';

// One test per migration: migrate to N-1, insert old-shape rows, migrate to N, assert the rows survive.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-mig-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const now = '2026-01-01T00:00:00.000Z';

describe('migration 0030', () => {
  it('0030 adds runs and features, keeping catalog and selections', () => {
    const file = join(dir, 'm.db');
    let db = openDatabase(file, { targetVersion: 20 });
    db.prepare(
      `INSERT INTO items (external_id, title, created_at, updated_at) VALUES ('SKU-1', 'Tote', ?, ?)`,
    ).run(now, now);
    db.prepare(`INSERT INTO selections (title, created_at, updated_at) VALUES ('Autumn', ?, ?)`).run(
      now,
      now,
    );
    db.close();

    db = openDatabase(file, { targetVersion: 30 });
    expect(schemaVersion(db)).toBe(30);
    expect(db.prepare('SELECT title FROM selections').pluck().get()).toBe('Autumn');
    const run = db
      .prepare(
        `INSERT INTO runs (kind, status, reasoner, prompt_version, started_at) VALUES ('reason', 'running', 'rules', 'rules-1', ?) RETURNING id`,
      )
      .pluck()
      .get(now) as number;
    db.prepare(
      `INSERT INTO item_features (item_id, reasoner, feature, facet, weight, run_id, prompt_version) VALUES (1, 'rules', 'leather', 'material', 0.9, ?, 'rules-1')`,
    ).run(run);
    // Deleting a run deletes what it produced: no orphan derived rows.
    db.prepare('DELETE FROM runs WHERE id = ?').run(run);
    expect(db.prepare('SELECT count(*) FROM item_features').pluck().get()).toBe(0);
    db.close();
  });
});
