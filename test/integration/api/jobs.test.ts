import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const stage = (fileName: string, text: string) =>
  value('import.stage', { fileName, base64: Buffer.from(text, 'utf8').toString('base64') });

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-jobs-'));
  const dbFile = join(folder, 'demo.db');
  ensureDemoDatabase(dbFile);
  api = testApi(dbFile, folder);
});

afterAll(async () => {
  await api.close();
  rmSync(folder, { recursive: true, force: true });
});

const newClients = [
  'Client number,Full name,Email,Tier,Store',
  'NEW-1,Hélène Marchetti,helene@example.com,VIP,Paris',
  'NEW-2,Oskar Lindqvist,oskar@example.com,Client,Paris',
].join('\n');

describe('import jobs in a worker thread', () => {
  it('reads a staged file’s columns and recognises the usual headers', async () => {
    const file = await stage('crm.csv', newClients);
    const columns = await value('import.columns', { fileId: file.fileId, role: 'clients' });
    expect(columns.headers).toEqual(['Client number', 'Full name', 'Email', 'Tier', 'Store']);
    expect(columns.sample[0]).toEqual(['NEW-1', 'Hélène Marchetti', 'helene@example.com', 'VIP', 'Paris']);
    const field = (name: string) => columns.fields.find((f) => f.field === name)?.column;
    expect(field('externalId')).toBe('Client number');
    expect(field('name')).toBe('Full name');
    expect(field('phone')).toBeNull();
    // A CRM's own layout: no preset fits it.
    expect(columns.suggestedPresets).toEqual([]);
  });

  it('recognises a known export from its header and proposes its preset', async () => {
    const header =
      'Handle,Title,Body (HTML),Vendor,Type,Option1 Name,Option1 Value,Variant SKU,Variant Price';
    const file = await stage(
      'products_export.csv',
      `${header}\nbag,Bag,,Verre,Bags,Color,Black,B-1,120.00\n`,
    );
    const columns = await value('import.columns', { fileId: file.fileId, role: 'items' });
    expect(columns.suggestedPresets).toEqual([
      { name: 'shopify-products', description: 'Shopify products export (products_export.csv)' },
    ]);
  });

  it('checks in a dry run without writing, then imports', async () => {
    const before = (await value('app.info', {})).counts.clients;
    const file = await stage('crm.csv', newClients);
    const check = await value('jobs.start', {
      kind: 'import',
      files: [{ fileId: file.fileId, role: 'clients' }],
      dryRun: true,
    });
    const checked = await finished(check.jobId);
    expect(checked).toMatchObject({ status: 'completed', error: null });
    expect(checked.importReport).toMatchObject({
      ok: true,
      counts: { clients: { inserted: 2, updated: 0 } },
    });
    expect((await value('app.info', {})).counts.clients).toBe(before);

    const run = await value('jobs.start', {
      kind: 'import',
      files: [{ fileId: file.fileId, role: 'clients' }],
    });
    const done = await finished(run.jobId);
    expect(done.importReport).toMatchObject({ ok: true, counts: { clients: { inserted: 2 } } });
    expect((await value('app.info', {})).counts.clients).toBe(before + 2);
    const found = await value('clients.search', { search: 'helene marchetti' });
    expect(found.rows.map((r) => r.externalId)).toEqual(['NEW-1']);
  });

  it('reports a bad file by name, row and column, writing nothing', async () => {
    const before = await value('app.info', {});
    const file = await stage('sales.csv', 'client,item,kind,date\nNOBODY,NOTHING,purchase,2025-01-01\n');
    const run = await value('jobs.start', {
      kind: 'import',
      files: [{ fileId: file.fileId, role: 'interactions' }],
    });
    const done = await finished(run.jobId);
    expect(done.status).toBe('completed');
    expect(done.importReport?.ok).toBe(false);
    expect(done.message).toMatch(/^nothing was written/);
    const issue = done.importReport!.issues.find((i) => i.message.includes('NOBODY'))!;
    expect(issue).toMatchObject({ severity: 'error', file: 'sales.csv', row: 2 });
    expect((await value('app.info', {})).counts).toEqual(before.counts);
  });

  it('skipInvalid imports the valid rows and lists the skipped ones with their CSV', async () => {
    const before = (await value('app.info', {})).counts.clients;
    const file = await stage(
      'book.csv',
      'Client number,Full name,Consent profiling\nSK-1,Ines Duval,yes\nSK-2,,yes\nSK-3,Rosa Keller,peut-être\n',
    );
    const refused = await finished(
      (await value('jobs.start', { kind: 'import', files: [{ fileId: file.fileId, role: 'clients' }] }))
        .jobId,
    );
    expect(refused.importReport).toMatchObject({ ok: false, errorCount: 2 });
    const run = await value('jobs.start', {
      kind: 'import',
      files: [{ fileId: file.fileId, role: 'clients' }],
      skipInvalid: true,
    });
    const done = await finished(run.jobId);
    expect(done.message).toMatch(/^imported: 1 records added or updated; 2 rows with problems skipped/);
    expect(done.importReport).toMatchObject({
      ok: true,
      invalidRows: 2,
      counts: { clients: { inserted: 1 } },
      skippedRows: [{ file: 'book.csv', rows: 2 }],
    });
    // Beside the staged copy: the rows with their reasons.
    const csv = done.importReport!.skippedRows![0]!.csvPath!;
    expect(csv).toMatch(/book\.csv\.skipped\.csv$/);
    expect(readFileSync(csv, 'utf8').split('\r\n')[1]).toBe('3,Full name: is empty,SK-2,,yes');
    expect(done.importReport!.issues.map((i) => [i.file, i.row, i.column])).toEqual([
      ['book.csv', 3, 'Full name'],
      ['book.csv', 4, 'Consent profiling'],
    ]);
    expect((await value('app.info', {})).counts.clients).toBe(before + 1);
  });

  it('runs one job at a time and names the running one', async () => {
    const file = await stage('crm.csv', newClients);
    const first = await value('jobs.start', {
      kind: 'import',
      files: [{ fileId: file.fileId, role: 'clients' }],
      dryRun: true,
    });
    const second = await api.dispatch('jobs.start', {
      kind: 'import',
      files: [{ fileId: file.fileId, role: 'clients' }],
    });
    expect(second).toMatchObject({ ok: false, error: { kind: 'busy' } });
    await finished(first.jobId);
    expect((await value('jobs.list', {})).find((j) => j.jobId === first.jobId)?.status).toBe('completed');
  });

  it('previews a JSON file whose value is nested 100,000 deep, bounded, instead of failing', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const file = await stage('deep.json', `[{"Client number": "D-1", "Full name": "Deep", "Tags": ${deep}}]`);
    const columns = await value('import.columns', { fileId: file.fileId, role: 'clients' });
    expect(columns.headers).toEqual(['Client number', 'Full name', 'Tags']);
    const [number, name, tags] = columns.sample[0]!;
    expect([number, name]).toEqual(['D-1', 'Deep']);
    expect(tags!.startsWith('[[[[')).toBe(true);
    expect(tags!.length).toBeLessThanOrEqual(210);
  });

  it('refuses a file id that is not one of its own', async () => {
    const result = await api.dispatch('import.columns', { fileId: '../../etc', role: 'items' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-arguments' } });
  });

  it('cancels a reasoning job mid-run, keeps its finished items, and resumes from them', async () => {
    const started = await value('jobs.start', { kind: 'reason' });
    const outcome = finished(started.jobId);
    await new Promise<void>((inItems) => {
      const stop = api.events.subscribe((event) => {
        const job = event.event === 'job.changed' ? event.payload : null;
        if (
          job &&
          job.jobId === started.jobId &&
          ((job.step === 'items' && job.done > 0) || job.status !== 'running')
        ) {
          stop();
          inItems();
        }
      });
    });
    const cancelledAt = Date.now();
    expect((await value('jobs.cancel', { jobId: started.jobId })).step).toBe('cancelling');
    const cancelled = await outcome;
    expect(cancelled).toMatchObject({ status: 'cancelled', error: null });
    expect(cancelled.done).toBeLessThan(cancelled.total);
    // Stopped by its signal, well before the runner's grace period would have ended the thread.
    expect(Date.now() - cancelledAt).toBeLessThan(3_000);

    const again = await value('jobs.start', { kind: 'reason' });
    const completed = await finished(again.jobId);
    expect(completed.status).toBe('completed');
    expect(completed.message).toMatch(/run #\d+: .* reasoned/);
    const runs = await value('engine.runs', {});
    expect(runs.find((r) => r.kind === 'reason')).toMatchObject({ status: 'completed', reasoner: 'rules' });
    const facets = await value('catalog.facets', {});
    expect(facets.featureSource).toMatchObject({ reasoner: 'rules', promptVersion: 'rules-1' });
    expect(facets.features.length).toBeGreaterThan(10);
  });
});
