import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Method, MethodArgs } from '../../../core/api/contract/index.js';
import type { JobState } from '../../../core/api/contract/index.js';
import { openDatabase } from '../../../core/db/open.js';
import { apiValue, testApi } from '../../support/api.js';
import { runCliCaptured } from '../../support/cli-io.js';
import { seed } from '../../support/small-boutique.js';
import { repoRoot } from '../../support/paths.js';

const root = repoRoot;
const fixture = (name: string) => join(root, 'test/fixtures/engine', name);

let dir: string;
let file: string;
let id: Record<string, number>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-incremental-import-'));
  file = join(dir, 'boutique.db');
  const db = openDatabase(file);
  id = seed(db);
  db.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...argv: string[]) => runCliCaptured(argv);

/** The neighbour list of a client in the last completed run, as row ids. */
function neighbours(clientId: number): number[] {
  const db = openDatabase(file, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT neighbour_id FROM client_neighbours WHERE client_id = ? AND run_id =
           (SELECT max(id) FROM runs WHERE kind = 'optimize' AND status = 'completed') ORDER BY rank`,
      )
      .pluck()
      .all(clientId) as number[];
  } finally {
    db.close();
  }
}

describe('atelier import refreshes the last optimize run for the clients it changed', () => {
  it('says so, in text and in JSON, and says nothing when no history changed', async () => {
    expect((await cli('optimize', '--db', file)).code).toBe(0);
    expect(neighbours(id['C1']!)).not.toContain(id['C4']);

    const run = await cli('import', '--db', file, '--interactions', fixture('incremental-sales.csv'));
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      /^interactions 2 inserted, 0 updated, 0 unchanged\nengine {7}1 client changed: refreshed the interests, neighbours and recommendations of 4 clients in optimize run 1 \(\d+ ms\)\n$/,
    );
    // James bought Claire's leather: she now counts him among her neighbours.
    expect(neighbours(id['C1']!)).toContain(id['C4']);

    const again = await cli(
      'import',
      '--db',
      file,
      '--interactions',
      fixture('incremental-sales.csv'),
      '--json',
    );
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({
      ok: true,
      counts: { interactions: { unchanged: 2 } },
      engine: { status: 'unchanged', changedClients: 0, refreshedClients: 0, message: '' },
    });

    const more = await cli(
      'import',
      '--db',
      file,
      '--interactions',
      fixture('incremental-more-sales.csv'),
      '--refresh-limit',
      '10',
      '--json',
    );
    expect((JSON.parse(more.out) as { engine: unknown }).engine).toMatchObject({
      status: 'refreshed',
      changedClients: 2,
      runId: 1,
      refreshedClients: 4,
    });
  });

  it('leaves many changed clients to the next optimize run, and says so', async () => {
    expect((await cli('optimize', '--db', file)).code).toBe(0);
    const before = neighbours(id['C5']!);
    // By default at most clients / neighbours per client (5 / 40 here, so 1): past that a full run costs as much.
    const run = await cli('import', '--db', file, '--interactions', fixture('incremental-more-sales.csv'));
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      'engine       2 clients changed (more than 1 for an incremental update); run optimize to refresh their interests and recommendations\n',
    );
    expect(neighbours(id['C5']!)).toEqual(before);
    expect(
      (await cli('import', '--db', file, '--items', fixture('incremental-sales.csv'), '--refresh-limit', '0'))
        .code,
    ).toBe(2);
  });

  it('refreshes a client whose purchase is imported again with another quantity', async () => {
    expect((await cli('optimize', '--db', file)).code).toBe(0);
    expect((await cli('import', '--db', file, '--interactions', fixture('incremental-sales.csv'))).code).toBe(
      0,
    );
    const again = await cli(
      'import',
      '--db',
      file,
      '--interactions',
      fixture('incremental-sales-quantity.csv'),
    );
    expect(again.err).toBe('');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(
      /^interactions 0 inserted, 2 updated, 0 unchanged\nengine {7}1 client changed: refreshed /,
    );
  });

  it('removes a client who withdrew her consent in a client book import', async () => {
    expect((await cli('optimize', '--db', file)).code).toBe(0);
    expect(neighbours(id['C1']!)).toContain(id['C2']);
    const run = await cli('import', '--db', file, '--clients', fixture('incremental-consent.csv'), '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({
      counts: { clients: { updated: 1 } },
      engine: { status: 'refreshed', changedClients: 1 },
    });
    for (const client of ['C1', 'C4', 'C5']) expect(neighbours(id[client]!)).not.toContain(id['C2']);
    expect(neighbours(id['C2']!)).toEqual([]);
  });

  it('stays quiet before the first optimize run, in text; JSON says why nothing was refreshed', async () => {
    const run = await cli('import', '--db', file, '--interactions', fixture('incremental-sales.csv'));
    expect(run.out).toBe('interactions 2 inserted, 0 updated, 0 unchanged\n');
    const json = await cli(
      'import',
      '--db',
      file,
      '--interactions',
      fixture('incremental-more-sales.csv'),
      '--json',
    );
    expect((JSON.parse(json.out) as { engine: unknown }).engine).toMatchObject({
      status: 'no-run',
      changedClients: 2,
      runId: null,
    });
  });
});

describe('the app’s import job', () => {
  it('reports the refresh in its result', async () => {
    expect((await cli('optimize', '--db', file)).code).toBe(0);
    const api = testApi(file, dir);
    try {
      const call = <M extends Method>(method: M, args: MethodArgs<M>) => apiValue(api, method, args);
      const staged = await call('import.stage', {
        fileName: 'sales.csv',
        base64: readFileSync(fixture('incremental-sales.csv')).toString('base64'),
      });
      const finished = new Promise<JobState>((done) => {
        const stop = api.events.subscribe((event) => {
          if (event.event === 'job.changed' && event.payload.status !== 'running') {
            stop();
            done(event.payload);
          }
        });
      });
      await call('jobs.start', { kind: 'import', files: [{ fileId: staged.fileId, role: 'interactions' }] });
      const job = await finished;
      expect(job.status).toBe('completed');
      expect(job.message).toMatch(
        /^imported: 2 records added or updated; 1 client changed: refreshed the interests, neighbours and recommendations of 4 clients in optimize run 1/,
      );
      expect(job.importReport?.engineRefresh).toMatchObject({
        status: 'refreshed',
        changedClients: 1,
        refreshedClients: 4,
        runId: 1,
      });
      expect(neighbours(id['C1']!)).toContain(id['C4']);
    } finally {
      await api.close();
    }
  });
});
