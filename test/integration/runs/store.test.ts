import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  abandonInterruptedRuns,
  completeOptimizeRun,
  endOptimizeRun,
  latestCompletedRun,
  optimizeRun,
  replaceClientRows,
  RunNotRunningError,
  runRowCounts,
  startOptimizeRun,
  writeClientRows,
  type ClientRunRows,
} from '../../../core/db/runs/engine-store.js';
import { openDatabase } from '../../../core/db/open.js';
import {
  clientInterests,
  clientRecommendations,
  currentOptimizeRun,
  heroItems,
  latestRunSummary,
  segments,
} from '../../../core/runs/read.js';
import { at, completedRun, runRows, seed } from '../../support/small-boutique.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-engine-store-'));
  file = join(dir, 'b.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('engine store: runs', () => {
  it('shows nothing before the first run', () => {
    const db = openDatabase(file);
    const id = seed(db);
    expect(latestRunSummary(db)).toBeNull();
    expect(clientRecommendations(db, id['C1']!)).toBeNull();
    expect(clientInterests(db, id['C1']!)).toBeNull();
    expect(segments(db)).toEqual([]);
    expect(heroItems(db)).toEqual([]);
    db.close();
  });

  it('reads a completed run with reasons in the boutique’s words', () => {
    const db = openDatabase(file);
    const id = seed(db);
    const runId = completedRun(db, id);
    const summary = latestRunSummary(db)!;
    expect(summary).toMatchObject({ id: runId, status: 'completed', reasoner: 'rules', durationMs: 12 });
    expect(summary.params).toEqual({ neighbours: 2 });
    expect(summary.counts).toEqual({
      client_interests: 4,
      client_neighbours: 4,
      group_interests: 5,
      recommendations: 4,
    });

    const recs = clientRecommendations(db, id['C1']!, 10)!;
    expect(recs.profilingAllowed).toBe(true);
    expect(recs.items.map((r) => [r.rank, r.item.externalId, r.reasons.map((x) => x.text)])).toEqual([
      [
        1,
        'CHRONO',
        [
          '2 clients with similar taste bought it',
          '3 clients with similar taste are drawn to chronograph pieces',
          'often follows the Card Holder Claire bought last',
          'popular in the boutique: wanted 3 times',
        ],
      ],
      [2, 'TOTE', ['Claire’s interest in structured leather, from 2 purchases']],
    ]);

    const interests = clientInterests(db, id['C1']!)!;
    expect(
      interests.explicit.map((e) => [
        e.feature,
        e.explanation,
        e.evidence.map((x) => `${x.title}/${x.kind}`),
      ]),
    ).toEqual([
      ['structured leather', 'from 2 purchases', ['Bond Street Tote/purchase', 'Card Holder/purchase']],
      ['bohemian', 'from a try-on', ['Prairie Dress/try-on']],
    ]);
    expect(interests.group).toEqual([
      {
        feature: 'chronograph',
        facet: 'craft',
        label: 'chronograph pieces',
        strength: 1,
        neighbourCount: 3,
        neighbours: [
          { id: id['C2'], externalId: 'C2', name: 'Ana Ruiz' },
          { id: id['C4'], externalId: 'C4', name: 'James Hart' },
          { id: id['C5'], externalId: 'C5', name: 'Mei Tanaka' },
        ],
        items: [{ id: id['CHRONO'], externalId: 'CHRONO', title: 'Reinach Chronograph', kind: null }],
        explanation: '3 clients with similar taste',
      },
    ]);
    expect(interests.neighbours.map((n) => [n.name, n.similarity])).toEqual([
      ['Ana Ruiz', 0.8],
      ['James Hart', 0.3],
    ]);

    // Zoé refused profiling: nothing inferred, said so.
    expect(clientInterests(db, id['C3']!)).toMatchObject({
      profilingAllowed: false,
      explicit: [],
      group: [],
    });
    expect(clientRecommendations(db, id['C3']!)).toMatchObject({ profilingAllowed: false, items: [] });

    // Segments are combinations of tastes (test/integration/api/segments.test.ts): here chronograph is a craft,
    // not a taste, and only Claire holds two tastes (structured leather, bohemian), so none is shared.
    expect(segments(db, { minClients: 1 })).toEqual([]);
    expect(heroItems(db, 10, 1)).toEqual([]);
    db.close();
  });

  it('keeps readers on the last completed run while a new one writes, and after it crashes', () => {
    let db = openDatabase(file);
    const id = seed(db);
    const first = completedRun(db, id);
    const running = startOptimizeRun(db, {
      reasoner: 'rules',
      model: null,
      promptVersion: 'rules-1',
      params: {},
      startedAt: '2025-06-02T00:00:00.000Z',
      progressTotal: 4,
    });
    writeClientRows(db, running, runRows(id, 0.05).slice(0, 2));

    // Another connection (the UI) reads while the run is half written.
    const reader = openDatabase(file, { readonly: true });
    expect(latestRunSummary(reader)!.id).toBe(first);
    expect(currentOptimizeRun(reader)!.id).toBe(running);
    expect(clientRecommendations(reader, id['C1']!)!.items[0]!.score).toBe(0.9);
    reader.close();

    // The process dies: the connection closes without completing the run.
    db.close();
    db = openDatabase(file);
    expect(latestCompletedRun(db)!.id).toBe(first);
    expect(abandonInterruptedRuns(db, '2025-06-03T00:00:00.000Z')).toBe(1);
    expect(optimizeRun(db, running)).toMatchObject({
      status: 'failed',
      error: 'interrupted before completion',
    });
    expect(runRowCounts(db, running)).toEqual({
      client_interests: 0,
      client_neighbours: 0,
      group_interests: 0,
      recommendations: 0,
    });
    expect(runRowCounts(db, first)).toEqual({
      client_interests: 4,
      client_neighbours: 4,
      group_interests: 5,
      recommendations: 4,
    });
    expect(() => completeOptimizeRun(db, running, { metrics: {}, finishedAt: at, durationMs: 1 })).toThrow(
      RunNotRunningError,
    );
    expect(latestCompletedRun(db)!.id).toBe(first);
    db.close();
  });

  it('deletes the rows of a cancelled run and prunes rows of runs older than the last two', () => {
    const db = openDatabase(file);
    const id = seed(db);
    const a = completedRun(db, id);
    const cancelled = startOptimizeRun(db, {
      reasoner: 'rules',
      model: null,
      promptVersion: 'rules-1',
      params: {},
      startedAt: at,
      progressTotal: 4,
    });
    writeClientRows(db, cancelled, runRows(id));
    endOptimizeRun(db, cancelled, {
      status: 'cancelled',
      error: 'cancelled by the user',
      finishedAt: at,
      durationMs: 3,
    });
    expect(optimizeRun(db, cancelled)!.status).toBe('cancelled');
    expect(runRowCounts(db, cancelled).recommendations).toBe(0);
    expect(latestCompletedRun(db)!.id).toBe(a);

    const b = completedRun(db, id);
    expect(runRowCounts(db, a).recommendations).toBe(4);
    const c = completedRun(db, id);
    expect(runRowCounts(db, a).recommendations).toBe(0);
    expect(runRowCounts(db, b).recommendations).toBe(4);
    expect(latestCompletedRun(db)!.id).toBe(c);
    // The runs rows stay as history.
    expect(optimizeRun(db, a)!.status).toBe('completed');
    db.close();
  });

  it('rejects a malformed reason and writes nothing of the batch', () => {
    const db = openDatabase(file);
    const id = seed(db);
    const runId = startOptimizeRun(db, {
      reasoner: 'rules',
      model: null,
      promptVersion: 'rules-1',
      params: {},
      startedAt: at,
      progressTotal: 4,
    });
    const rows = runRows(id);
    const bad: ClientRunRows = {
      ...rows[1]!,
      recommendations: [
        {
          itemId: id['TOTE']!,
          score: 1,
          reasons: [{ ...rows[1]!.recommendations[0]!.reasons[0]!, share: 2 }],
        },
      ],
    };
    expect(() => writeClientRows(db, runId, [rows[0]!, bad])).toThrow(/share/);
    expect(runRowCounts(db, runId)).toEqual({
      client_interests: 0,
      client_neighbours: 0,
      group_interests: 0,
      recommendations: 0,
    });
    db.close();
  });

  it('honours consent as it is now, even in rows an older run wrote', () => {
    const db = openDatabase(file);
    const id = seed(db);
    completedRun(db, id);
    db.prepare('UPDATE clients SET consent_profiling = 0 WHERE external_id = ?').run('C4');

    expect(clientInterests(db, id['C4']!)).toMatchObject({
      profilingAllowed: false,
      explicit: [],
      group: [],
      neighbours: [],
    });
    const claire = clientInterests(db, id['C1']!)!;
    expect(claire.neighbours.map((n) => n.externalId)).toEqual(['C2']);
    expect(claire.group[0]!.neighbours.map((n) => n.externalId)).toEqual(['C2', 'C5']);
    expect(claire.group[0]!.neighbourCount).toBe(2);
    expect(claire.group[0]!.explanation).toBe('2 clients with similar taste');
    const recs = clientRecommendations(db, id['C1']!)!;
    expect(recs.items[0]!.reasons.map((r) => r.text).slice(0, 2)).toEqual([
      '1 client with similar taste bought it',
      '2 clients with similar taste are drawn to chronograph pieces',
    ]);
    // A client who refused profiling since is in no segment: test/integration/api/segments.test.ts (Zoé Blanc).
    db.close();
  });

  it('replaces one client’s rows in place', () => {
    const db = openDatabase(file);
    const id = seed(db);
    const runId = completedRun(db, id);
    replaceClientRows(db, runId, {
      clientId: id['C2']!,
      interests: [{ feature: 'bohemian', facet: 'style', weight: 1, evidenceItems: [id['DRESS']!] }],
      neighbours: [],
      groupInterests: [],
      recommendations: [],
    });
    const ana = clientInterests(db, id['C2']!)!;
    expect(ana.explicit.map((e) => [e.feature, e.explanation])).toEqual([['bohemian', '']]);
    expect(ana.group).toEqual([]);
    expect(clientInterests(db, id['C1']!)!.explicit).toHaveLength(2);
    db.close();
  });
});
