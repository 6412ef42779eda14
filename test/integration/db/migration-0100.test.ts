import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../core/db/open.js';
import { gateRefusalsByReason, reasoningFailures } from '../../../core/db/reasoning/outcomes.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-mig100-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const now = '2026-01-01T00:00:00.000Z';

/**
 * A 0090 book with a failed llama run and its failures as the gate recorded them before 0100: two refusals
 * (the reason only at the start of the error), an output that never validated, a model that timed out, and a
 * gate row whose error does not start with a reason.
 */
function book0090(file: string): void {
  const db = openDatabase(file, { targetVersion: 90 });
  const item = db.prepare(
    `INSERT INTO items (external_id, title, created_at, updated_at) VALUES (?, ?, ?, ?)`,
  );
  for (const n of [1, 2, 3, 4, 5]) item.run(`SKU-${n}`, `Piece ${n}`, now, now);
  db.prepare(
    `INSERT INTO runs (kind, status, reasoner, model, prompt_version, error, started_at)
     VALUES ('reason', 'failed', 'llama', 'tiny.gguf', 'llm-2', 'the model''s output is not usable: 2 of 2', ?)`,
  ).run(now);
  const failure = db.prepare(
    `INSERT INTO reasoning_failures (item_id, reasoner, run_id, model, prompt_version, content_hash, kind, step,
       error, raw_text, created_at) VALUES (?, 'llama', 1, 'tiny.gguf', 'llm-2', ?, ?, ?, ?, ?, ?)`,
  );
  failure.run(1, 'h1', 'output', 'gate', 'not words: love is 0 % words: "o wk r"', '{"love":"o wk r"}', now);
  failure.run(2, 'h2', 'output', 'gate', 'ungrounded: 0 of 2 feature phrases relate', '{"features":[]}', now);
  failure.run(3, 'h3', 'output', 'love', 'expected a JSON object', '{"lo', now);
  failure.run(4, 'h4', 'transient', null, 'timed out after 120 s', '', now);
  failure.run(5, 'h5', 'output', 'gate', 'something else: no reason first', '{}', now);
  db.close();
}

describe('migration 0100-gate-reasons', () => {
  it("gives a 0090 book's gate refusals their reason from the error text, and none to other failures", () => {
    const file = join(dir, 'm.db');
    book0090(file);
    const db = openDatabase(file, { targetVersion: 100 });
    try {
      expect(schemaVersion(db)).toBe(100);
      const failures = reasoningFailures(db, 'llama');
      expect(failures.map((f) => [f.subjectId, f.step, f.reason])).toEqual([
        [1, 'gate', 'not words'],
        [2, 'gate', 'ungrounded'],
        [3, 'love', null],
        [4, null, null],
        [5, 'gate', null],
      ]);
      // Nothing else moved: the raw text and the error are as they were.
      expect(failures[0]).toMatchObject({
        error: 'not words: love is 0 % words: "o wk r"',
        rawText: '{"love":"o wk r"}',
      });
      expect(gateRefusalsByReason(db, 1)).toEqual({ 'not words': 1, ungrounded: 1 });
    } finally {
      db.close();
    }
  });

  it('refuses a reason that is not one of the gate’s, naming the constraint', () => {
    const file = join(dir, 'm.db');
    book0090(file);
    const db = openDatabase(file, { targetVersion: 100 });
    try {
      expect(() =>
        db.prepare(`UPDATE reasoning_failures SET reason = 'gibberish' WHERE item_id = 1`).run(),
      ).toThrow(/CHECK constraint failed: reason IS NULL OR reason IN/);
    } finally {
      db.close();
    }
  });
});
