import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiService } from '../../../core/api/service.js';
import type { Method, MethodArgs } from '../../../core/api/contract/index.js';
import type { JobState } from '../../../core/api/contract/index.js';
import { ensureDemoDatabase } from '../../../core/demo/index.js';
import { apiValue, testApi } from '../../support/api.js';

let folder: string;
let api: ApiService;

const value = <M extends Method>(method: M, args: MethodArgs<M>) => apiValue(api, method, args);

/** The job's final state, once it has reasoned some items and been cancelled. */
function cancelledMidItems(jobId: string): Promise<JobState> {
  return new Promise((done) => {
    let asked = false;
    const stop = api.events.subscribe((event) => {
      if (event.event !== 'job.changed' || event.payload.jobId !== jobId) return;
      const job = event.payload;
      if (job.status !== 'running') {
        stop();
        done(job);
      } else if (!asked && job.step === 'items' && job.done > 0) {
        asked = true;
        void api.dispatch('jobs.cancel', { jobId });
      }
    });
  });
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-runs-api-'));
  const dbFile = join(folder, 'demo.db');
  ensureDemoDatabase(dbFile);
  api = testApi(dbFile, folder);
});

afterAll(async () => {
  await api.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('engine.runs: the history of runs', () => {
  it('lists a cancelled reasoning run with how far it got', async () => {
    expect(await value('engine.runs', {})).toEqual([]);

    const started = await value('jobs.start', { kind: 'reason' });
    const job = await cancelledMidItems(started.jobId);
    expect(job.status).toBe('cancelled');

    const runs = await value('engine.runs', {});
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run).toMatchObject({
      kind: 'reason',
      status: 'cancelled',
      reasoner: 'rules',
      model: null,
      promptVersion: 'rules-1',
      error: null,
    });
    expect(run.progressDone).toBeGreaterThan(0);
    expect(run.progressDone).toBeLessThan(run.progressTotal);
    expect(run.progressTotal).toBe((await value('app.info', {})).counts.items);
    expect(run.finishedAt).not.toBeNull();
    expect(run.metrics).toMatchObject({ status: 'cancelled', reasoned: run.progressDone });

    expect(await value('engine.runs', { kind: 'reason', status: 'cancelled' })).toEqual(runs);
    expect(await value('engine.runs', { kind: 'optimize' })).toEqual([]);
    expect(await value('engine.runs', { kind: 'reason', status: 'completed' })).toEqual([]);
  }, 120_000);

  it('refuses a limit out of range, naming it', async () => {
    const result = await api.dispatch('engine.runs', { limit: 0 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-arguments' } });
    expect(JSON.stringify(result)).toMatch(/limit/);
  });
});
