import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiService } from '../../../core/api/service.js';
import type { Method, MethodArgs } from '../../../core/api/contract/index.js';
import type { JobState } from '../../../core/api/contract/index.js';
import { ensureDemoDatabase } from '../../../core/demo/index.js';
import { apiValue, jobFinished, testApi } from '../../support/api.js';

let folder: string;
let api: ApiService;

const value = <M extends Method>(method: M, args: MethodArgs<M>) => apiValue(api, method, args);

const finished = (jobId: string, onRunning?: (job: JobState) => void) => jobFinished(api, jobId, onRunning);

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-engine-api-'));
  const dbFile = join(folder, 'demo.db');
  ensureDemoDatabase(dbFile);
  api = testApi(dbFile, folder);
  const job = await value('jobs.start', { kind: 'optimize' });
  const done = await finished(job.jobId);
  if (done.status !== 'completed') throw new Error(`optimisation ${done.status}: ${done.message}`);
}, 120_000);

afterAll(async () => {
  await api.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the engine’s results through the API', () => {
  it('lists the optimisation run with its metrics', async () => {
    const runs = await value('engine.runs', {});
    expect(runs[0]).toMatchObject({ kind: 'optimize', status: 'completed', reasoner: 'rules' });
    expect(runs[0]!.metrics['clients']).toBe((await value('app.info', {})).counts.clients);
  });

  it('gives a consenting client explicit interests with evidence, and group interests with similar clients', async () => {
    const clients = await value('clients.search', { consentProfiling: true, limit: 20 });
    const found = await Promise.all(clients.rows.map((c) => value('clients.interests', { clientId: c.id })));
    const withBoth = found.find((i) => i.explicit.length > 0 && i.group.length > 0)!;
    expect(withBoth.run).toMatchObject({ status: 'completed', reasoner: 'rules' });
    expect(withBoth.explicit[0]!.evidence.length).toBeGreaterThan(0);
    expect(withBoth.explicit[0]!.explanation).toMatch(/^from /);
    expect(withBoth.group[0]!.neighbourCount).toBeGreaterThan(0);
    expect(withBoth.group[0]!.neighbours.length).toBeGreaterThan(0);
  });

  it('infers nothing for a client who refused profiling', async () => {
    const [refusing] = (await value('clients.search', { consentProfiling: false, limit: 1 })).rows;
    const interests = await value('clients.interests', { clientId: refusing!.id });
    expect(interests).toMatchObject({ profilingAllowed: false, explicit: [], group: [] });
    expect((await value('clients.recommendations', { clientId: refusing!.id })).items).toEqual([]);
  });

  it('recommends items with reasons of known sources', async () => {
    const [client] = (await value('clients.search', { consentProfiling: true, limit: 1 })).rows;
    const recs = await value('clients.recommendations', { clientId: client!.id, limit: 5 });
    expect(recs.items).toHaveLength(5);
    expect(recs.items.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    for (const r of recs.items) {
      expect(r.reasons.length).toBeGreaterThan(0);
      for (const reason of r.reasons)
        expect(['explicit', 'group', 'sequence', 'popular']).toContain(reason.source);
    }
  });

  it('filters the client book by an inferred interest, as many as its segment holds', async () => {
    const facets = await value('clients.facets', {});
    const interest = facets.groupInterests[0]!;
    const page = await value('clients.search', { groupInterest: interest.value, limit: 500 });
    expect(page.total).toBe(interest.count);
    const second = await value('clients.search', { groupInterest: interest.value, limit: 5, offset: 5 });
    expect(second.rows.map((r) => r.id)).toEqual(page.rows.slice(5, 10).map((r) => r.id));
    const interests = await value('clients.interests', { clientId: page.rows[0]!.id, limit: 3 });
    expect(interests.group.map((g) => g.feature)).toContain(interest.value);
  });

  it('exports a segment as a campaign list, leaving out the clients who refused marketing', async () => {
    const overview = await value('insights.overview', {});
    expect(overview.segments.length).toBeGreaterThan(3);
    expect(overview.heroItems.length).toBeGreaterThan(0);
    const segment = overview.segments[0]!;
    // The client book's filter on the segment's key holds the same clients.
    const page = await value('clients.search', { groupInterest: segment.key, limit: 500 });
    expect(page.total).toBe(segment.clientCount);
    expect(page.rows.map((r) => r.id)).toEqual(expect.arrayContaining(segment.clients.map((c) => c.id)));
    const csv = await value('insights.exportSegment', { segment: segment.key, format: 'csv' });
    expect(csv.included + csv.leftOutNoMarketingConsent).toBe(segment.clientCount);
    const lines = Buffer.from(csv.base64, 'base64')
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Client number,Name,Email,Phone,Tier,Store,Associate,Interest strength');
    expect(lines).toHaveLength(csv.included + 1);
    const refusing = await value('clients.search', { consentMarketing: false, limit: 500 });
    const refusingNumbers = new Set(refusing.rows.map((r) => r.externalId));
    expect(lines.slice(1).some((l) => refusingNumbers.has(l.split(',')[0]!))).toBe(false);

    const xlsx = await value('insights.exportSegment', { segment: segment.key, format: 'xlsx' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    expect(book.getWorksheet('Segment')!.rowCount).toBe(csv.included + 1);
  });

  it('cancels an optimisation and keeps the last completed run', async () => {
    const before = (await value('engine.runs', {}))[0]!;
    const job = await value('jobs.start', { kind: 'optimize' });
    let asked = false;
    const done = await finished(job.jobId, (running) => {
      if (!asked && running.step !== 'starting') {
        asked = true;
        void api.dispatch('jobs.cancel', { jobId: job.jobId });
      }
    });
    expect(done.status).toBe('cancelled');
    const latest = await value('clients.interests', { clientId: 1 });
    expect(latest.run?.id ?? before.id).toBe(before.id);
    expect((await value('insights.overview', {})).run?.id).toBe(before.id);
  });
});
