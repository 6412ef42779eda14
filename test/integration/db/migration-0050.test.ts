import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../core/db/open.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-mig50-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const now = '2026-01-01T00:00:00.000Z';

describe('migration 0050-reasoning', () => {
  it('adds the cache, failures, embeddings and synonyms tables to a 0040 database, keeping its rows', () => {
    const file = join(dir, 'm.db');
    let db = openDatabase(file, { targetVersion: 40 });
    db.prepare(
      `INSERT INTO items (external_id, title, created_at, updated_at) VALUES ('SKU-1', 'Tote', ?, ?)`,
    ).run(now, now);
    db.prepare(
      `INSERT INTO clients (external_id, name, created_at, updated_at) VALUES ('C-1', 'Ada', ?, ?)`,
    ).run(now, now);
    db.prepare(
      `INSERT INTO runs (kind, status, reasoner, model, prompt_version, started_at)
       VALUES ('reason', 'completed', 'llama', 'm.gguf@abc', 'llm-1', ?)`,
    ).run(now);
    db.prepare(
      `INSERT INTO item_reasoning (item_id, reasoner, run_id, model, prompt_version, content_hash, love, dislike,
         created_at) VALUES (1, 'llama', 1, 'm.gguf@abc', 'llm-1', 'h1', 'collectors', 'minimalists', ?)`,
    ).run(now);
    db.close();

    db = openDatabase(file, { targetVersion: 50 });
    try {
      expect(schemaVersion(db)).toBe(50);
      expect(db.prepare('SELECT love FROM item_reasoning').pluck().get()).toBe('collectors');

      db.prepare(
        `INSERT INTO reasoning_cache (subject, content_hash, model, prompt_version, status, output, run_id, created_at)
         VALUES ('item', 'h1', 'm.gguf@abc', 'llm-1', 'ok', '{}', 1, ?)`,
      ).run(now);
      expect(() =>
        db
          .prepare(
            `INSERT INTO reasoning_cache (subject, content_hash, model, prompt_version, status, created_at)
             VALUES ('shop', 'h1', 'm', 'v', 'ok', ?)`,
          )
          .run(now),
      ).toThrow(/CHECK constraint/);

      const failure = db.prepare(
        `INSERT INTO reasoning_failures (item_id, client_id, reasoner, run_id, prompt_version, content_hash, kind, error,
           created_at) VALUES (?, ?, 'llama', 1, 'llm-1', 'h1', 'output', 'bad json', ?)`,
      );
      failure.run(1, null, now);
      // A failure belongs to exactly one item or one client, once per reasoner.
      expect(() => failure.run(null, null, now)).toThrow(/CHECK constraint/);
      expect(() => failure.run(1, 1, now)).toThrow(/CHECK constraint/);
      expect(() => failure.run(1, null, now)).toThrow(/UNIQUE constraint/);
      failure.run(null, 1, now);

      const embed = db.prepare(
        `INSERT INTO feature_embeddings (model, feature, dimensions, vector) VALUES (?, ?, ?, ?)`,
      );
      embed.run('e', 'gold', 2, Buffer.from(new Float32Array([1, 0]).buffer));
      expect(() => embed.run('e', 'silver', 3, Buffer.from(new Float32Array([1, 0]).buffer))).toThrow(
        /CHECK constraint/,
      );

      // Deleting a run keeps cached outcomes (they stay valid) but drops its failures.
      db.prepare(`DELETE FROM item_reasoning`).run();
      db.prepare(`DELETE FROM runs WHERE id = 1`).run();
      expect(db.prepare('SELECT run_id FROM reasoning_cache').pluck().get()).toBeNull();
      expect(db.prepare('SELECT count(*) FROM reasoning_failures').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
