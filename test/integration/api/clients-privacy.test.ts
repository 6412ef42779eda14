import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiService } from '../../../core/api/service.js';
import type { Method, MethodArgs, Result, Results } from '../../../core/api/contract/index.js';
import { fixedClock } from '../../../core/clock.js';
import { openDatabase } from '../../../core/db/open.js';
import { ensureDemoDatabase } from '../../../core/demo/index.js';
import { runEngine } from '../../../core/engine/index.js';
import { optimizeBoutique } from '../../../core/jobs/optimize.js';
import { clientExportSchema } from '../../../core/privacy/export-format.js';
import { apiValue, jobFinished, testApi } from '../../support/api.js';

let folder: string;
let dbFile: string;
let api: ApiService;
const at = '2025-10-01T00:00:00.000Z';

const call = <M extends Method>(method: M, args: MethodArgs<M>) =>
  api.dispatch(method, args) as Promise<Result<Results[M]>>;
const value = <M extends Method>(method: M, args: MethodArgs<M>) => apiValue(api, method, args);

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-privacy-api-'));
  dbFile = join(folder, 'demo.db');
  ensureDemoDatabase(dbFile, { clients: 200, items: 220 });
  const db = openDatabase(dbFile);
  try {
    await optimizeBoutique(db, runEngine, { clock: fixedClock(at) });
  } finally {
    db.close();
  }
  api = testApi(dbFile, folder, { clock: fixedClock(at) });
}, 120_000);

afterAll(async () => {
  await api.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('a client’s rights from her profile', () => {
  it('downloads her data as the documented JSON, then erases her once her name is typed', async () => {
    const page = await value('clients.search', { search: '', scope: 'all', limit: 500 });
    // Her name, email and phone are hers alone (the demo has homonyms), so the bytes check means her.
    const alone = (c: (typeof page.rows)[number]) =>
      page.rows.every(
        (o) => o.id === c.id || (o.name !== c.name && o.email !== c.email && o.phone !== c.phone),
      );
    const her = page.rows.find((c) => c.email && c.phone && c.consentProfiling && alone(c))!;
    await value('clients.addNote', { clientId: her.id, body: `${her.name} asked for her data` });

    const file = await value('clients.exportData', { clientId: her.id });
    expect(file).toMatchObject({ fileName: `client-${her.externalId}.json`, mimeType: 'application/json' });
    const document = clientExportSchema.parse(
      JSON.parse(Buffer.from(file.base64, 'base64').toString('utf8')),
    );
    expect(document.notes.map((n) => n.body)).toContain(`${her.name} asked for her data`);
    expect(document.interactions.length).toBeGreaterThan(0);

    // A slip (the wrong name typed, or none) erases nobody.
    const wrong = await call('clients.erase', { clientId: her.id, confirmName: 'Someone Else' });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'invalid-arguments' } });
    expect((await value('clients.get', { clientId: her.id })).name).toBe(her.name);

    const erased = await value('clients.erase', {
      clientId: her.id,
      confirmName: `  ${her.name.toUpperCase()} `,
    });
    expect(erased).toMatchObject({
      externalId: her.externalId,
      neighbours: 'refreshed',
      fileClean: true,
      warnings: [],
    });
    expect(erased.tables['clients']).toBe(1);
    expect(erased.rowsRemoved).toBeGreaterThan(10);

    expect(await call('clients.get', { clientId: her.id })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
    expect(await call('clients.exportData', { clientId: her.id })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
    const again = await value('clients.search', { search: her.name, scope: 'all' });
    expect(again.rows.map((r) => r.id)).not.toContain(her.id);
    // The app's own connection stays open: the rebuilt file and its emptied log still hold nothing of her.
    const bytes = Buffer.concat([
      readFileSync(dbFile),
      existsSync(`${dbFile}-wal`) ? readFileSync(`${dbFile}-wal`) : Buffer.alloc(0),
    ]);
    for (const text of [her.name, her.email!, her.phone!])
      expect(bytes.includes(Buffer.from(text)), text).toBe(false);
  }, 60_000);

  it('refuses an unknown client and changes nothing', async () => {
    expect(await call('clients.erase', { clientId: 999_999, confirmName: 'Nobody' })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
    expect(await call('clients.exportData', { clientId: 999_999 })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
  });

  it('waits for a running job: it read the book before and would write her back', async () => {
    const her = (await value('clients.search', { search: '', scope: 'all', limit: 1 })).rows[0]!;
    const job = await value('jobs.start', { kind: 'optimize' });
    const finished = jobFinished(api, job.jobId);
    const refused = await call('clients.erase', { clientId: her.id, confirmName: her.name });
    expect(refused.ok ? null : [refused.error.kind, refused.error.message]).toEqual([
      'busy',
      'the optimize job is running: wait for it to finish, then erase the client',
    ]);
    expect((await finished).status).toBe('completed');
    expect((await value('clients.get', { clientId: her.id })).name).toBe(her.name);
  }, 60_000);
});
