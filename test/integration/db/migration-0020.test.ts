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

describe('migration 0020', () => {
  it('0020 adds notes and selections on top of existing catalog rows', () => {
    const file = join(dir, 'm.db');
    let db = openDatabase(file, { targetVersion: 10 });
    db.prepare(
      `INSERT INTO items (external_id, title, created_at, updated_at) VALUES ('SKU-1', 'Tote', ?, ?)`,
    ).run(now, now);
    db.prepare(
      `INSERT INTO clients (external_id, name, created_at, updated_at) VALUES ('C-1', 'Ada', ?, ?)`,
    ).run(now, now);
    db.prepare(
      `INSERT INTO interactions (client_id, item_id, kind, occurred_at) VALUES (1, 1, 'purchase', ?)`,
    ).run(now);
    db.close();

    db = openDatabase(file, { targetVersion: 20 });
    expect(schemaVersion(db)).toBe(20);
    expect(db.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(1);
    db.prepare(`INSERT INTO notes (client_id, body, created_at) VALUES (1, 'Prefers cognac', ?)`).run(now);
    db.prepare(
      `INSERT INTO selections (client_id, title, created_at, updated_at) VALUES (1, 'Autumn', ?, ?)`,
    ).run(now, now);
    db.prepare(`INSERT INTO selection_items (selection_id, item_id, position) VALUES (1, 1, 0)`).run();
    // Deleting a client removes their notes but keeps the selection, detached.
    db.prepare('DELETE FROM clients WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(0);
    expect(db.prepare('SELECT client_id FROM selections').pluck().get()).toBeNull();
    db.close();
  });
});
