import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { seedDemo, type DemoBoutique } from '../../../core/demo/index.js';
import { normalizeFeature } from '../../../core/domain/vocabulary.js';
import { runEngine } from '../../../core/engine/index.js';
import { optimizeBoutique } from '../../../core/jobs/optimize.js';
import { segments } from '../../../core/runs/read.js';
import type { SegmentView } from '../../../core/api/contract/index.js';

// The demo boutique (840 clients, eleven planted taste groups of four words each), optimized once.
let dir: string;
let db: Db;
let demo: DemoBoutique;
let found: SegmentView[];
let externalIds: Map<number, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-segments-demo-'));
  db = openDatabase(join(dir, 'demo.db'));
  demo = seedDemo(db, {}, () => '2025-10-01T00:00:00.000Z').boutique;
  await optimizeBoutique(db, runEngine);
  // Every member, not only the strongest few the card names.
  found = segments(db, { limit: 24, clientLimit: 100_000 });
  externalIds = new Map(
    (db.prepare('SELECT id, external_id FROM clients').raw().all() as [number, string][]).map(([id, ext]) => [
      id,
      ext,
    ]),
  );
}, 120_000);
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('micro-segments on the demo boutique', () => {
  it('finds each planted taste group as a segment, with its features, and mostly its members', () => {
    const matched = new Set<string>();
    let withThree = 0;
    for (const group of demo.groups) {
      const words = group.features.map((f) => normalizeFeature(f));
      const members = new Set(group.memberExternalIds);
      const profiled = demo.clients.filter((c) => c.consentProfiling && members.has(c.externalId)).length;
      // Chronograph is a craft (how a watch is made), not a taste: a group's taste words are the rest.
      const tasteWords = words.filter((w) => w !== 'chronograph');
      const best = found
        .map((s) => {
          const ids = s.clients.map((c) => externalIds.get(c.id)!);
          const inGroup = ids.filter((x) => members.has(x)).length;
          const shared = s.tastes.filter((t) => tasteWords.includes(t.feature)).length;
          return { s, shared, precision: inGroup / ids.length, recall: inGroup / profiled };
        })
        .filter((m) => m.precision >= 0.6)
        .sort((a, b) => b.shared - a.shared || b.recall - a.recall)[0];
      expect(best, group.name).toBeDefined();
      const { s, shared, precision, recall } = best!;
      expect(shared, `${group.name}: ${s.key}`).toBeGreaterThanOrEqual(2);
      if (shared >= 3) withThree++;
      expect(precision, `${group.name}: ${s.key}`).toBeGreaterThanOrEqual(0.65);
      expect(recall, `${group.name}: ${s.key}`).toBeGreaterThanOrEqual(0.5);
      expect(matched.has(s.key), `${group.name} shares ${s.key}`).toBe(false);
      matched.add(s.key);
    }
    // Most carry three or four of their group's words (Sporty technical: sporty and nylon, with the house and the
    // piece its members share, Halden windbreakers; its titanium and white are held by fewer than a quarter).
    expect(withThree).toBeGreaterThanOrEqual(demo.groups.length - 1);
    // And the planted groups are the book's most distinct communities: all but one of the first eleven.
    const first = found.slice(0, demo.groups.length);
    expect(first.filter((s) => matched.has(s.key)).length).toBeGreaterThanOrEqual(demo.groups.length - 1);
  });

  it('names segments in words, never a colour alone, and sizes them per store', () => {
    for (const s of found) {
      expect(s.name).toMatch(/^[A-Z][a-z-]*( [\p{L}&,-]+)+$/u);
      expect(s.tastes.length).toBeGreaterThanOrEqual(2);
      expect(s.tastes.some((t) => t.facet !== 'colour')).toBe(true);
      for (const t of s.tastes)
        expect(['style', 'material', 'occasion', 'maison', 'category', 'price', 'colour']).toContain(t.facet);
      expect(s.stores.reduce((n, x) => n + x.clients, 0)).toBe(s.clientCount);
    }
    const sorted = found.map((s) => s.distinctness);
    expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
  });
});
