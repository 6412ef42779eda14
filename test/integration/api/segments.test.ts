import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiService } from '../../../core/api/service.js';
import type { Method, MethodArgs } from '../../../core/api/contract/index.js';
import {
  clientRecordSchema,
  itemRecordSchema,
  type ClientRecordInput,
} from '../../../core/domain/catalog.js';
import type { Facet } from '../../../core/domain/features.js';
import { fixedClock } from '../../../core/clock.js';
import { CatalogWriter } from '../../../core/db/catalog/store.js';
import { ClientBook } from '../../../core/db/clients/book.js';
import {
  completeOptimizeRun,
  startOptimizeRun,
  writeClientRows,
} from '../../../core/db/runs/engine-store.js';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { heroItems, segments } from '../../../core/runs/read.js';
import { apiValue, testApi } from '../../support/api.js';

/**
 * Micro-segments on a hand-made run, worked out by hand: the one membership rule (a client's five strongest
 * explicit and two strongest group interests, at least two of a segment's tastes, one not a colour) in the
 * segments, the client book's filter and the campaign export alike, with consent as it is now and the scope.
 *
 *   P1 Paris, Claire   explicit structured .9, leather .8, black .5                 marketing yes
 *   P2 Paris, Claire   explicit leather 1, structured .7; group black .6            marketing no
 *   P3 Paris, Dora     explicit chronograph 1 (craft: not a taste), structured .8, black .4
 *   P4 London, Ben     explicit black .9, wallet .8; group cashmere .9, leather .5
 *   P5 London, Ben     explicit wallet, minimalist .8, cashmere .6, evening, office, structured (rank 6: too
 *                      deep); group leather at rank 3 (too deep)
 *   P6 Paris, Claire   explicit structured, leather: refuses profiling after the run, so in no segment
 *   P7 London, Ben     explicit black, white (colours alone)
 *   P8 London, Ben     explicit minimalist .9, cashmere .7
 *   F1..F7             explicit wallet (no store)
 * Fourteen profiled clients. "Structured leather in black" (structured 3, leather 3, black 5 of 14) holds P1,
 * P2, P3 and P4; "Quiet-luxury cashmere" (minimalist 2, cashmere 3) holds P5 and P8.
 */
const people: (ClientRecordInput & { externalId: string })[] = [
  { externalId: 'P1', name: 'Inès Roche', store: 'Paris', associate: 'Claire', consentMarketing: true },
  { externalId: 'P2', name: 'Lou Garnier', store: 'Paris', associate: 'Claire' },
  { externalId: 'P3', name: 'Ada Perrin', store: 'Paris', associate: 'Dora', consentMarketing: true },
  { externalId: 'P4', name: 'Mia Stone', store: 'London', associate: 'Ben', consentMarketing: true },
  { externalId: 'P5', name: 'Eve Hart', store: 'London', associate: 'Ben', consentMarketing: true },
  { externalId: 'P6', name: 'Zoé Blanc', store: 'Paris', associate: 'Claire', consentMarketing: true },
  { externalId: 'P7', name: 'Ivy Lane', store: 'London', associate: 'Ben', consentMarketing: true },
  { externalId: 'P8', name: 'Ana Cruz', store: 'London', associate: 'Ben', consentMarketing: true },
  ...Array.from({ length: 7 }, (_, i) => ({ externalId: `F${i + 1}`, name: `Filler ${i + 1}` })),
];
type Taste = [string, Facet, number];
const explicit: Record<string, Taste[]> = {
  P1: [
    ['structured', 'style', 0.9],
    ['leather', 'material', 0.8],
    ['black', 'colour', 0.5],
  ],
  P2: [
    ['leather', 'material', 1],
    ['structured', 'style', 0.7],
  ],
  P3: [
    ['chronograph', 'craft', 1],
    ['structured', 'style', 0.8],
    ['black', 'colour', 0.4],
  ],
  P4: [
    ['black', 'colour', 0.9],
    ['wallet', 'category', 0.8],
  ],
  P5: [
    ['wallet', 'category', 1],
    ['minimalist', 'style', 0.8],
    ['cashmere', 'material', 0.6],
    ['evening', 'occasion', 0.5],
    ['office', 'occasion', 0.4],
    ['structured', 'style', 0.3],
  ],
  P6: [
    ['structured', 'style', 1],
    ['leather', 'material', 1],
  ],
  P7: [
    ['black', 'colour', 1],
    ['white', 'colour', 0.9],
  ],
  P8: [
    ['minimalist', 'style', 0.9],
    ['cashmere', 'material', 0.7],
  ],
  ...Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`F${i + 1}`, [['wallet', 'category', 1]]])),
};
const group: Record<string, Taste[]> = {
  P2: [['black', 'colour', 0.6]],
  P4: [
    ['cashmere', 'material', 0.9],
    ['leather', 'material', 0.5],
  ],
  P5: [
    ['resort', 'occasion', 1],
    ['travel', 'occasion', 0.9],
    ['leather', 'material', 0.8],
  ],
};
// The tote to P1, P2 (the leather segment), P5 and P8 (the cashmere one): a hero. The scarf only to P1, P5.
const recommended: Record<string, string[]> = {
  P1: ['TOTE', 'SCARF'],
  P2: ['TOTE'],
  P5: ['TOTE', 'SCARF'],
  P8: ['TOTE'],
};

const leatherKey = 'colour:black+material:leather+style:structured';
const cashmereKey = 'material:cashmere+style:minimalist';

let folder: string;
let db: Db;
let api: ApiService;
const id: Record<string, number> = {};
const value = <M extends Method>(method: M, args: MethodArgs<M>) => apiValue(api, method, args);

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-micro-segments-'));
  const dbFile = join(folder, 'book.db');
  db = openDatabase(dbFile);
  const writer = new CatalogWriter(db, () => '2026-01-01T00:00:00.000Z');
  db.transaction(() => {
    for (const c of people) writer.upsertClient(clientRecordSchema.parse(c));
    for (const externalId of ['TOTE', 'SCARF'])
      writer.upsertItem(itemRecordSchema.parse({ externalId, title: externalId, categoryPath: ['Bags'] }));
  })();
  for (const c of people) id[c.externalId] = writer.clientId(c.externalId)!;
  const item = (externalId: string) => writer.itemId(externalId)!;
  const runId = startOptimizeRun(db, {
    reasoner: 'rules',
    model: null,
    promptVersion: 'test',
    params: {},
    startedAt: '2026-01-01T01:00:00.000Z',
    progressTotal: people.length,
  });
  writeClientRows(
    db,
    runId,
    people.map((c) => ({
      clientId: id[c.externalId]!,
      interests: (explicit[c.externalId] ?? []).map(([feature, facet, weight]) => ({
        feature,
        facet,
        weight,
        evidenceItems: [],
      })),
      neighbours: [],
      groupInterests: (group[c.externalId] ?? []).map(([feature, facet, strength]) => ({
        feature,
        facet,
        strength,
        neighbourCount: 2,
        evidenceNeighbours: [],
        evidenceItems: [],
      })),
      recommendations: (recommended[c.externalId] ?? []).map((externalId, rank) => ({
        itemId: item(externalId),
        score: 1 - rank / 10,
        reasons: [],
      })),
    })),
  );
  completeOptimizeRun(db, runId, { metrics: {}, finishedAt: '2026-01-01T01:00:00.000Z', durationMs: 1 });
  db.prepare("UPDATE clients SET consent_profiling = 0 WHERE external_id = 'P6'").run();
  api = testApi(dbFile, folder, { clock: fixedClock('2026-01-02T09:00:00Z') });
});

afterAll(async () => {
  await api.close();
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

const ext = (clients: readonly { externalId: string }[]) => clients.map((c) => c.externalId);

describe('micro-segments on a hand-made run', () => {
  it('finds the two communities, named, sized per store, most distinct first', () => {
    const found = segments(db, { minClients: 2 });
    expect(found.map((s) => [s.key, s.name, s.clientCount, s.stores, ext(s.clients)])).toEqual([
      [cashmereKey, 'Quiet-luxury cashmere', 2, [{ store: 'London', clients: 2 }], ['P8', 'P5']],
      [
        leatherKey,
        'Structured leather in black',
        4,
        [
          { store: 'Paris', clients: 3 },
          { store: 'London', clients: 1 },
        ],
        // By mean weight over the three tastes: P2 (1 + .7 + .6)/3, P1 .73, P4 (.9 + .5)/3, P3 (.8 + .4)/3.
        ['P2', 'P1', 'P4', 'P3'],
      ],
    ]);
    const [cashmere, leather] = found as [(typeof found)[0], (typeof found)[0]];
    expect(leather.tastes.map((t) => [t.feature, t.share])).toEqual([
      ['black', 1],
      ['leather', 0.75],
      ['structured', 0.75],
    ]);
    expect(leather.meanStrength).toBeCloseTo((2.3 + 2.2 + 1.4 + 1.2) / 3 / 4, 4);
    // Expected by chance: 14 × P(two of three tastes held at 3/14, 3/14 and 5/14).
    const [s, l, b] = [3 / 14, 3 / 14, 5 / 14];
    const chance = 14 * (s * l * (1 - b) + s * b * (1 - l) + l * b * (1 - s) + s * l * b);
    expect(leather.lift).toBeCloseTo(4 / chance, 2);
    expect(leather.distinctness).toBeCloseTo((4 + 2) / (chance + 2), 2);
    expect(cashmere.lift).toBeCloseTo(2 / (14 * (2 / 14) * (3 / 14)), 2);
    expect(cashmere.distinctness).toBeGreaterThan(leather.distinctness);
    // Asking for three: the cashmere pair is too small, and leather (two of the three) no longer joins.
    expect(segments(db, { minClients: 3 }).map((x) => [x.key, ext(x.clients)])).toEqual([
      ['colour:black+style:structured', ['P1', 'P2', 'P3']],
    ]);
  });

  it('counts the same clients in the client book’s filter, in SQL', () => {
    const book = new ClientBook(db, fixedClock('2026-01-02T09:00:00Z'));
    const names = (groupInterest: string) =>
      ext(book.listClients({ groupInterest, sort: 'name', limit: 50 }).rows).sort();
    expect(names(leatherKey)).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(names(cashmereKey)).toEqual(['P5', 'P8']);
    // Two colours are not a combination: Ivy (black and white) is not in it; Inès and Mia hold leather too.
    expect(names('colour:black+colour:white+material:leather')).toEqual(['P1', 'P2', 'P4']);
    // A plain phrase is still one group interest among her three strongest, as the filter's list offers it.
    expect(names('leather')).toEqual(['P4', 'P5']);
  });

  it('counts within my book and my store, with the same segments', async () => {
    const { associates } = await value('associates.list', {});
    await value('associates.choose', { associateId: associates.find((a) => a.name === 'Claire')!.id });
    const mine = await value('insights.overview', { scope: 'mine', minClients: 2 });
    expect(mine.segments.map((x) => [x.key, x.clientCount, ext(x.clients)])).toEqual([
      [leatherKey, 2, ['P2', 'P1']],
    ]);
    const store = await value('insights.overview', { scope: 'store', minClients: 2 });
    expect(store.segments.map((x) => [x.key, x.clientCount])).toEqual([[leatherKey, 3]]);
    const page = await value('clients.search', { groupInterest: leatherKey, scope: 'mine' });
    expect(page.total).toBe(2);
  });

  it('exports a segment’s campaign list by its key, without those who refused marketing', async () => {
    const csv = await value('insights.exportSegment', { segment: leatherKey, format: 'csv', scope: 'all' });
    expect(csv).toMatchObject({
      fileName: 'segment-structured-leather-in-black.csv',
      included: 3,
      leftOutNoMarketingConsent: 1,
    });
    const lines = Buffer.from(csv.base64, 'base64').toString('utf8').trim().split('\r\n').slice(1);
    expect(lines.map((l) => l.split(',')[0])).toEqual(['P1', 'P4', 'P3']);
    expect(lines[0]).toMatch(/,0\.733$/);
    const mine = await value('insights.exportSegment', { segment: leatherKey, format: 'csv', scope: 'mine' });
    expect(mine).toMatchObject({ included: 1, leftOutNoMarketingConsent: 1 });
    const nobody = await api.dispatch('insights.exportSegment', { segment: cashmereKey, format: 'csv' });
    expect(nobody).toMatchObject({
      ok: false,
      error: {
        kind: 'not-found',
        message: 'no client in your book is in the segment "Quiet-luxury cashmere"',
      },
    });
  });

  it('features a piece recommended across several segments', () => {
    expect(heroItems(db, 10, 2).map((h) => [h.item.externalId, h.segments, h.clientCount])).toEqual([
      [
        'TOTE',
        [
          { key: cashmereKey, name: 'Quiet-luxury cashmere', clients: 2 },
          { key: leatherKey, name: 'Structured leather in black', clients: 2 },
        ],
        4,
      ],
    ]);
    // The scarf reaches one client of each: a segment counts from two.
    expect(heroItems(db, 10, 3)).toEqual([]);
  });
});
