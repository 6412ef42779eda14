import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  clientRecordSchema,
  interactionRecordSchema,
  itemRecordSchema,
  type InteractionKind,
} from '../../../core/domain/catalog.js';
import { fixedClock } from '../../../core/clock.js';
import { CatalogWriter } from '../../../core/db/catalog/store.js';
import { latestCompletedRun } from '../../../core/db/runs/engine-store.js';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { seedDemo } from '../../../core/demo/index.js';
import { optimizeBoutique } from '../../../core/jobs/optimize.js';
import { runEngine } from '../../../core/engine/index.js';
import { UnknownClientError, updateClients } from '../../../core/runs/refresh.js';
import { at, clients, seed } from '../../support/small-boutique.js';

/** Rows of one derived table in one run, one JSON line each, in client then rank order. */
const tables = {
  interests: ['client_interests', 'feature, facet, weight, evidence_items'],
  neighbours: ['client_neighbours', 'neighbour_id, similarity'],
  group: [
    'group_interests',
    'feature, facet, strength, neighbour_count, evidence_neighbours, evidence_items',
  ],
  recommendations: ['recommendations', 'item_id, score, reasons'],
} as const;
type Table = keyof typeof tables;

function rows(db: Db, runId: number, table: Table, only?: ReadonlySet<number>): string[] {
  const [name, columns] = tables[table];
  const all = db
    .prepare(`SELECT client_id, ${columns} FROM ${name} WHERE run_id = ? ORDER BY client_id, rank`)
    .raw()
    .all(runId) as unknown[][];
  return all.filter((r) => only === undefined || only.has(r[0] as number)).map((r) => JSON.stringify(r));
}

/** Everything an update could touch: every run and every derived row. */
function snapshot(db: Db): string {
  const runs = db.prepare('SELECT * FROM runs ORDER BY id').all();
  const derived = Object.values(tables).map(([name]) =>
    db.prepare(`SELECT * FROM ${name} ORDER BY run_id, client_id, rank`).raw().all(),
  );
  return JSON.stringify({ runs, derived });
}

function neighbourLists(db: Db, runId: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const all = db
    .prepare(
      'SELECT client_id, neighbour_id FROM client_neighbours WHERE run_id = ? ORDER BY client_id, rank',
    )
    .raw()
    .all(runId) as [number, number][];
  for (const [c, v] of all) out.set(c, [...(out.get(c) ?? []), v]);
  return out;
}

function addEvents(
  db: Db,
  events: readonly { client: string; item: string; kind: InteractionKind; day: string }[],
): void {
  const writer = new CatalogWriter(db, () => at);
  db.transaction(() => {
    events.forEach((e, n) =>
      writer.insertInteraction(
        interactionRecordSchema.parse({
          clientExternalId: e.client,
          itemExternalId: e.item,
          kind: e.kind,
          occurredAt: `${e.day}T10:00:00Z`,
        }),
        n,
      ),
    );
  })();
}

const optimize = (db: Db, neighbours?: number) =>
  optimizeBoutique(db, runEngine, {
    clock: fixedClock(at),
    ...(neighbours !== undefined ? { params: { neighbours } } : {}),
  });

describe('incremental updates on the small boutique', () => {
  let dir: string;
  let db: Db;
  let id: Record<string, number>;
  let runId: number;
  const name = (rowId: number) => clients.find((c) => id[c.externalId] === rowId)?.externalId;
  const names = (list: readonly number[] | undefined) => (list ?? []).map(name);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atelier-incremental-'));
    db = openDatabase(join(dir, 'b.db'));
    id = seed(db);
    // Two neighbours each: small enough for a new taste to push someone out of a list.
    runId = (await optimize(db, 2)).runId;
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refreshes a client who bought into another taste, the lists she enters and leaves, as a full run would', async () => {
    const before = neighbourLists(db, runId);
    expect(names(before.get(id['C4']!))).toEqual(['C5', 'C2']);
    expect(names(before.get(id['C1']!))).toEqual(['C2']);
    // James, so far a watch client, buys Claire's leather.
    addEvents(db, [
      { client: 'C4', item: 'TOTE', kind: 'purchase', day: '2025-05-10' },
      { client: 'C4', item: 'CARD', kind: 'purchase', day: '2025-05-12' },
    ]);
    const update = updateClients(db, [id['C4']!]);
    expect(update).toMatchObject({ runId, skipped: null, neighbourListsChanged: 4 });
    // James, Claire (he enters her list), Ana and Mei (he was in theirs); Zoé refused profiling.
    expect(names(update.updated)).toEqual(['C1', 'C2', 'C4', 'C5']);
    const after = neighbourLists(db, runId);
    expect(names(after.get(id['C4']!))).toEqual(['C1', 'C2']);
    expect(names(after.get(id['C1']!))).toEqual(['C4', 'C2']);
    expect(names(after.get(id['C5']!))).toEqual(['C2', 'C4']);
    expect(after.has(id['C3']!)).toBe(false);
    const interests = rows(db, runId, 'interests', new Set([id['C4']!])).map(
      (r) => JSON.parse(r) as [number, string],
    );
    expect(interests.map((r) => r[1])).toContain('watch');
    expect(interests[0]![1]).not.toBe('watch');
    expect(latestCompletedRun(db)?.id).toBe(runId);

    const full = (await optimize(db, 2)).runId;
    for (const table of ['interests', 'neighbours', 'group'] as const)
      expect(rows(db, runId, table)).toEqual(rows(db, full, table));
    // Every client was refreshed with the same data and popularity: the same recommendations.
    const items = (r: number) =>
      rows(db, r, 'recommendations').map((x) => (JSON.parse(x) as unknown[]).slice(0, 2));
    expect(items(runId)).toEqual(items(full));
  });

  it('removes a client who withdraws her consent from every list and every piece of evidence', async () => {
    const ana = id['C2']!;
    const holders = [...neighbourLists(db, runId)].filter(([, list]) => list.includes(ana)).map(([c]) => c);
    expect(names(holders)).toEqual(['C1', 'C4', 'C5']);
    const evidenceNaming = (client: number) => ({
      groupInterests: rows(db, runId, 'group').filter((r) =>
        (JSON.parse((JSON.parse(r) as string[])[5]!) as number[]).includes(client),
      ).length,
      reasons: rows(db, runId, 'recommendations')
        .flatMap((r) => JSON.parse((JSON.parse(r) as string[])[3]!) as { clients: number[] }[])
        .filter((reason) => reason.clients.includes(client)).length,
    });
    const named = evidenceNaming(ana);
    expect(named.groupInterests).toBeGreaterThan(0);
    expect(named.reasons).toBeGreaterThan(0);
    const writer = new CatalogWriter(db, () => at);
    writer.upsertClient(clientRecordSchema.parse({ ...clients[1], consentProfiling: false }));

    const update = updateClients(db, [ana]);
    expect(names(update.updated)).toEqual(['C1', 'C2', 'C4', 'C5']);
    for (const table of Object.keys(tables) as Table[])
      expect(rows(db, runId, table, new Set([ana]))).toEqual([]);
    // Without Ana nothing links Claire's leather to the watch clients.
    const lists = neighbourLists(db, runId);
    expect([...lists].map(([c, list]) => [name(c), names(list)])).toEqual([
      ['C4', ['C5']],
      ['C5', ['C4']],
    ]);
    expect(evidenceNaming(ana)).toEqual({ groupInterests: 0, reasons: 0 });
    const full = (await optimize(db, 2)).runId;
    for (const table of ['interests', 'neighbours', 'group'] as const)
      expect(rows(db, runId, table)).toEqual(rows(db, full, table));
  });

  it('refuses an unknown client id, naming it, and writes nothing', () => {
    addEvents(db, [{ client: 'C4', item: 'TOTE', kind: 'purchase', day: '2025-05-10' }]);
    const before = snapshot(db);
    expect(() => updateClients(db, [id['C4']!, 9999])).toThrow(UnknownClientError);
    expect(() => updateClients(db, [9999, 4242])).toThrow(
      'unknown client ids 9999, 4242; nothing was updated',
    );
    expect(() => updateClients(db, [1.5])).toThrow('not a client id: 1.5');
    expect(snapshot(db)).toBe(before);
  });

  it('leaves the run whole when the write fails halfway', () => {
    addEvents(db, [{ client: 'C4', item: 'TOTE', kind: 'purchase', day: '2025-05-10' }]);
    const before = snapshot(db);
    // The last table written fails: interests, neighbours and group interests are already replaced by then.
    db.exec(`CREATE TEMP TRIGGER full_disk BEFORE INSERT ON recommendations
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    expect(() => updateClients(db, [id['C4']!])).toThrow('database or disk is full');
    expect(snapshot(db)).toBe(before);
    db.exec('DROP TRIGGER temp.full_disk');
    expect(updateClients(db, [id['C4']!]).updated).toContain(id['C4']);
    expect(snapshot(db)).not.toBe(before);
  });

  it('leaves a run to the next optimize when the catalog changed since', () => {
    const writer = new CatalogWriter(db, () => at);
    writer.upsertItem(
      itemRecordSchema.parse({ externalId: 'SCARF', title: 'Silk Scarf', categoryPath: ['Silk'] }),
    );
    addEvents(db, [{ client: 'C4', item: 'SCARF', kind: 'purchase', day: '2025-05-10' }]);
    const before = snapshot(db);
    expect(updateClients(db, [id['C4']!])).toMatchObject({ runId, updated: [], skipped: 'catalog-changed' });
    expect(snapshot(db)).toBe(before);
  });
});

describe('incremental updates without a completed run', () => {
  it('say nothing was updated, and write nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atelier-incremental-'));
    const db = openDatabase(join(dir, 'b.db'));
    try {
      const id = seed(db);
      const before = snapshot(db);
      expect(updateClients(db, [id['C1']!])).toMatchObject({
        runId: null,
        updated: [],
        neighbourListsChanged: 0,
        skipped: 'no-completed-run',
      });
      expect(snapshot(db)).toBe(before);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('incremental updates on the demo boutique', () => {
  let dir: string;
  let optimized: string;
  let db: Db | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atelier-incremental-demo-'));
    optimized = join(dir, 'optimized.db');
    const seeding = openDatabase(optimized);
    seedDemo(seeding, {}, () => '2025-10-01T00:00:00.000Z');
    await optimize(seeding);
    seeding.pragma('wal_checkpoint(TRUNCATE)');
    seeding.close();
  });
  afterEach(() => db?.close());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A fresh copy of the optimized demo boutique, five clients' new events in it. */
  function changedCopy(file: string, kind: InteractionKind): { db: Db; changed: number[]; runId: number } {
    copyFileSync(optimized, join(dir, file));
    db = openDatabase(join(dir, file));
    const externalIds = db
      .prepare('SELECT external_id FROM clients WHERE consent_profiling = 1 ORDER BY id LIMIT 5 OFFSET 40')
      .pluck()
      .all() as string[];
    const items = db.prepare('SELECT external_id FROM items ORDER BY id').pluck().all() as string[];
    addEvents(
      db,
      externalIds.flatMap((client, j) =>
        [0, 1, 2, 3].map((t) => ({
          client,
          item: items[(j * 97 + t * 13) % items.length]!,
          kind,
          day: `2025-09-2${t}`,
        })),
      ),
    );
    const changed = db
      .prepare('SELECT id FROM clients WHERE external_id IN (SELECT value FROM json_each(?)) ORDER BY id')
      .pluck()
      .all(JSON.stringify(externalIds)) as number[];
    return { db, changed, runId: latestCompletedRun(db)!.id };
  }

  it('gives the changed clients and every neighbour list what a fresh full run gives', async () => {
    const { db, changed, runId } = changedCopy('purchases.db', 'purchase');
    const before = neighbourLists(db, runId);
    const update = updateClients(db, changed);
    expect(update.skipped).toBeNull();
    const refreshed = new Set(update.updated);
    for (const c of changed) expect(refreshed.has(c)).toBe(true);
    // Beyond the five: clients the changed ones entered or left.
    expect(update.neighbourListsChanged).toBeGreaterThan(changed.length);
    const after = neighbourLists(db, runId);
    const reversed = [...after].filter(
      ([c, list]) => !changed.includes(c) && JSON.stringify(list) !== JSON.stringify(before.get(c)),
    );
    expect(reversed.length).toBeGreaterThan(0);

    const full = (await optimize(db)).runId;
    expect(rows(db, runId, 'interests')).toEqual(rows(db, full, 'interests'));
    expect(rows(db, runId, 'neighbours')).toEqual(rows(db, full, 'neighbours'));
    // The purchases moved popularity, which orders evidence: exact for the refreshed clients.
    expect(rows(db, runId, 'group', refreshed)).toEqual(rows(db, full, 'group', refreshed));
    // Recommendations: the refreshed clients' neighbours keep the run's predictions, so nearly, not exactly.
    const recommended = (r: number) => {
      const out = new Map<number, Set<number>>();
      for (const line of rows(db, r, 'recommendations', refreshed)) {
        const [c, item] = JSON.parse(line) as [number, number];
        out.set(c, (out.get(c) ?? new Set()).add(item));
      }
      return out;
    };
    const mine = recommended(runId);
    const theirs = recommended(full);
    let shared = 0;
    let total = 0;
    for (const [c, items] of mine) {
      total += items.size;
      for (const item of items) if (theirs.get(c)?.has(item)) shared++;
    }
    expect(total).toBeGreaterThan(refreshed.size * 10);
    expect(shared / total).toBeGreaterThan(0.95);
  });

  it('matches a fresh full run on every group interest when the global statistics do not move', async () => {
    // Returns change the clients' interests but neither popularity nor the sequences.
    const { db, changed, runId } = changedCopy('returns.db', 'return');
    const update = updateClients(db, changed);
    expect(update.updated.length).toBeGreaterThan(changed.length);
    const full = (await optimize(db)).runId;
    for (const table of ['interests', 'neighbours', 'group'] as const)
      expect(rows(db, runId, table)).toEqual(rows(db, full, table));
  });
});
