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

describe('migration 0010', () => {
  it('0010 creates the catalog tables and enforces their constraints', () => {
    const db = openDatabase(join(dir, 'm.db'), { targetVersion: 10 });
    expect(schemaVersion(db)).toBe(10);
    db.prepare(
      `INSERT INTO items (external_id, title, created_at, updated_at) VALUES ('SKU-1', 'Tote', ?, ?)`,
    ).run(now, now);
    db.prepare(
      `INSERT INTO clients (external_id, name, created_at, updated_at) VALUES ('C-1', 'Ada', ?, ?)`,
    ).run(now, now);
    expect(() =>
      db
        .prepare(
          `INSERT INTO interactions (client_id, item_id, kind, occurred_at) VALUES (1, 1, 'stolen', ?)`,
        )
        .run(now),
    ).toThrow(/CHECK constraint failed/);
    expect(() =>
      db
        .prepare(`INSERT INTO interactions (client_id, item_id, kind, occurred_at) VALUES (9, 1, 'view', ?)`)
        .run(now),
    ).toThrow(/FOREIGN KEY constraint failed/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO items (external_id, title, price_minor, created_at, updated_at) VALUES ('X', 'Y', '12,5', ?, ?)`,
        )
        .run(now, now),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });
});
