import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiService } from '../../../core/api/service.js';
import type { Method, MethodArgs } from '../../../core/api/contract/index.js';
import { clientRecordSchema, type ClientRecordInput } from '../../../core/domain/catalog.js';
import { fixedClock } from '../../../core/clock.js';
import { CatalogWriter } from '../../../core/db/catalog/store.js';
import { ClientBook, ClientStoreError, type ClientQuery } from '../../../core/db/clients/book.js';
import {
  completeOptimizeRun,
  startOptimizeRun,
  writeClientRows,
  type StoredGroupInterest,
} from '../../../core/db/runs/engine-store.js';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { apiValue, testApi } from '../../support/api.js';

/**
 * The client book's "has inferred interest" and client-id filters, in SQL with the other filters, and the
 * segment export's marketing rule, on a hand-made book whose answers are worked out below.
 *
 * Latest run's group interests (rank order):
 *   C1 Hélène Moreau   Gold      marketing yes   quiet luxury 0.9, gold 0.5
 *   C2 Camille Moreau  Gold      marketing NO    quiet luxury 0.8
 *   C3 Léa Dubois      Platinum  marketing yes   evening 0.6, quiet luxury 0.7
 *   C4 Zoé Moreau      Gold      refused profiling since the run: in no segment   quiet luxury 1.0
 *   C5 Ana Moreau      Silver    marketing yes   gold 0.9, bags 0.8, evening 0.3, quiet luxury 0.2 (rank 4:
 *                                                 beyond the segment depth of 3)
 *   C6 Mei Sato        Gold      marketing yes   none (quiet luxury only in the older run)
 *   C7 Inès Moreau     Gold      marketing NO    bags 0.5, evening 0.4, quiet luxury 0.6
 * So "quiet luxury" holds C1, C2, C3, C7.
 */
const book: (ClientRecordInput & { externalId: string })[] = [
  {
    externalId: 'C1',
    name: 'Hélène Moreau',
    tier: 'Gold',
    email: 'helene@example.com',
    consentMarketing: true,
  },
  { externalId: 'C2', name: 'Camille Moreau', tier: 'Gold' },
  {
    externalId: 'C3',
    name: 'Léa Dubois',
    tier: 'Platinum',
    phone: '+33 6 12 34 56 78',
    consentMarketing: true,
  },
  { externalId: 'C4', name: 'Zoé Moreau', tier: 'Gold', consentMarketing: true },
  { externalId: 'C5', name: 'Ana Moreau', tier: 'Silver', consentMarketing: true },
  { externalId: 'C6', name: 'Mei Sato', tier: 'Gold', consentMarketing: true },
  { externalId: 'C7', name: 'Inès Moreau', tier: 'Gold' },
];
const latestRun: Record<string, [string, number][]> = {
  C1: [
    ['quiet luxury', 0.9],
    ['gold', 0.5],
  ],
  C2: [['quiet luxury', 0.8]],
  C3: [
    ['evening', 0.6],
    ['quiet luxury', 0.7],
  ],
  C4: [['quiet luxury', 1]],
  C5: [
    ['gold', 0.9],
    ['bags', 0.8],
    ['evening', 0.3],
    ['quiet luxury', 0.2],
  ],
  C7: [
    ['bags', 0.5],
    ['evening', 0.4],
    ['quiet luxury', 0.6],
  ],
};
const olderRun: Record<string, [string, number][]> = { C6: [['quiet luxury', 1]] };

let folder: string;
let db: Db;
let store: ClientBook;
let api: ApiService;
const id: Record<string, number> = {};

function writeRun(groups: Record<string, [string, number][]>, at: string): number {
  const runId = startOptimizeRun(db, {
    reasoner: 'rules',
    model: null,
    promptVersion: 'test',
    params: {},
    startedAt: at,
    progressTotal: Object.keys(groups).length,
  });
  writeClientRows(
    db,
    runId,
    Object.entries(groups).map(([client, interests]) => ({
      clientId: id[client]!,
      interests: [],
      neighbours: [],
      groupInterests: interests.map(([feature, strength]): StoredGroupInterest => ({
        feature,
        facet: 'style',
        strength,
        neighbourCount: 2,
        evidenceNeighbours: [],
        evidenceItems: [],
      })),
      recommendations: [],
    })),
  );
  completeOptimizeRun(db, runId, { metrics: {}, finishedAt: at, durationMs: 1 });
  return runId;
}

const names = (query: ClientQuery): string[] => store.listClients(query).rows.map((r) => r.name);

const value = <M extends Method>(method: M, args: MethodArgs<M>) => apiValue(api, method, args);

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-segments-'));
  const dbFile = join(folder, 'book.db');
  db = openDatabase(dbFile);
  const writer = new CatalogWriter(db, () => '2026-01-01T00:00:00.000Z');
  db.transaction(() => {
    for (const c of book) writer.upsertClient(clientRecordSchema.parse(c));
  })();
  for (const c of book) id[c.externalId] = writer.clientId(c.externalId)!;
  store = new ClientBook(db, fixedClock('2026-01-01T00:00:00Z'));
  api = testApi(dbFile, folder, { clock: fixedClock('2026-01-02T09:00:00Z') });
});

afterAll(async () => {
  await api.close();
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the client book filtered by client ids', () => {
  it('keeps only the listed clients, with the other filters, sorting and paging', () => {
    expect(names({ clientIds: [id['C3']!, id['C1']!, id['C6']!] })).toEqual([
      'Hélène Moreau',
      'Léa Dubois',
      'Mei Sato',
    ]);
    const gold = store.listClients({ clientIds: [id['C3']!, id['C1']!, id['C6']!], tiers: ['Gold'] });
    expect(gold.total).toBe(2);
    expect(gold.rows.map((r) => r.externalId)).toEqual(['C1', 'C6']);
    const page = store.listClients({
      clientIds: [id['C1']!, id['C2']!, id['C7']!],
      search: 'moreau',
      sort: 'name',
      direction: 'desc',
      offset: 1,
      limit: 1,
    });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.name)).toEqual(['Hélène Moreau']);
    expect(store.listClients({ clientIds: [] }).total).toBe(0);
    expect(store.listClients({ clientIds: [999_999] }).total).toBe(0);
    expect(() => store.listClients({ clientIds: [0] })).toThrow(ClientStoreError);
    expect(() => store.listClients({ clientIds: [0] })).toThrow(/clientIds\.0/);
  });
});

describe('the client book filtered by an inferred interest', () => {
  it('finds nobody and offers no interest before any optimisation', () => {
    expect(store.listClients({ groupInterest: 'quiet luxury' })).toMatchObject({ total: 0, rows: [] });
    expect(store.clientFacets().groupInterests).toEqual([]);
  });

  it('reads the latest completed run, its top three interests, and consent as it is now', () => {
    writeRun(olderRun, '2026-01-01T01:00:00.000Z');
    expect(names({ groupInterest: 'quiet luxury' })).toEqual(['Mei Sato']);
    writeRun(latestRun, '2026-01-01T02:00:00.000Z');
    // Zoé refuses profiling after the run wrote her interests.
    db.prepare("UPDATE clients SET consent_profiling = 0, updated_at = ? WHERE external_id = 'C4'").run(
      '2026-01-01T03:00:00.000Z',
    );
    const segment = store.listClients({ groupInterest: 'quiet luxury' });
    expect(segment.total).toBe(4);
    expect(segment.rows.map((r) => r.externalId)).toEqual(['C2', 'C1', 'C7', 'C3']);
    expect(names({ groupInterest: 'gold' })).toEqual(['Ana Moreau', 'Hélène Moreau']);
    expect(store.listClients({ groupInterest: 'cashmere' }).total).toBe(0);
  });

  it('combines with a search, a tier filter, consent, sorting and paging', () => {
    const query: ClientQuery = { groupInterest: 'quiet luxury', search: 'moreau', tiers: ['Gold'] };
    const found = store.listClients(query);
    expect(found.total).toBe(3);
    expect(found.rows.map((r) => r.externalId)).toEqual(['C2', 'C1', 'C7']);
    const second = store.listClients({ ...query, direction: 'desc', offset: 1, limit: 1 });
    expect(second).toMatchObject({ total: 3, offset: 1, limit: 1 });
    expect(second.rows.map((r) => r.externalId)).toEqual(['C1']);
    expect(names({ ...query, consentMarketing: true })).toEqual(['Hélène Moreau']);
    expect(names({ ...query, clientIds: [id['C7']!, id['C5']!] })).toEqual(['Inès Moreau']);
    expect(names({ groupInterest: 'evening', tiers: ['Platinum', 'Gold'] })).toEqual([
      'Inès Moreau',
      'Léa Dubois',
    ]);
  });

  it('offers each interest with as many clients as the filter finds', () => {
    const offered = store.clientFacets().groupInterests;
    expect(offered).toEqual([
      { value: 'quiet luxury', count: 4 },
      { value: 'evening', count: 3 },
      // Equal counts: the stronger on average first (gold 0.7, bags 0.65).
      { value: 'gold', count: 2 },
      { value: 'bags', count: 2 },
    ]);
    for (const facet of offered)
      expect(store.listClients({ groupInterest: facet.value }).total, facet.value).toBe(facet.count);
  });
});

describe('the inferred-interest filter and the segment export through the API', () => {
  it('searches and offers the same as the store, on its own connection', async () => {
    const page = await value('clients.search', {
      groupInterest: 'quiet luxury',
      search: 'moreau',
      tiers: ['Gold'],
      limit: 2,
    });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.externalId)).toEqual(['C2', 'C1']);
    const facets = await value('clients.facets', {});
    expect(facets.groupInterests).toEqual(store.clientFacets().groupInterests);
  });

  it('leaves the clients who refused marketing out of the campaign list, and counts them', async () => {
    const csv = await value('insights.exportSegment', { segment: 'quiet luxury', format: 'csv' });
    expect(csv).toMatchObject({
      fileName: 'segment-quiet-luxury.csv',
      included: 2,
      leftOutNoMarketingConsent: 2,
    });
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text.split('\r\n')).toEqual([
      '\uFEFFClient number,Name,Email,Phone,Tier,Store,Associate,Interest strength',
      'C1,Hélène Moreau,helene@example.com,,Gold,,,0.900',
      // A phone's leading + would be a formula to a spreadsheet.
      "C3,Léa Dubois,,'+33 6 12 34 56 78,Platinum,,,0.700",
      '',
    ]);
    const xlsx = await value('insights.exportSegment', { segment: 'quiet luxury', format: 'xlsx' });
    expect(xlsx).toMatchObject({ included: 2, leftOutNoMarketingConsent: 2 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Segment')!;
    expect(sheet.rowCount).toBe(3);
    expect([2, 3].map((r) => sheet.getRow(r).getCell(1).value)).toEqual(['C1', 'C3']);
    // Ana may be contacted, Inès refused.
    const bags = await value('insights.exportSegment', { segment: 'bags', format: 'csv' });
    expect(bags).toMatchObject({ included: 1, leftOutNoMarketingConsent: 1 });
    const refused = await api.dispatch('insights.exportSegment', { segment: 'cashmere', format: 'csv' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });
});
