import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiService } from '../../../core/api/service.js';
import { openDatabase } from '../../../core/db/open.js';
import { seedDemo } from '../../../core/demo/index.js';
import { apiValue, jobFinished, testApi } from '../../support/api.js';
import { tinyChatModel } from '../../support/llm.js';

/** The app's reasoning job with a model whose answers the plausibility gate refuses. */

let folder: string;
let api: ApiService;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-reason-job-'));
  const file = join(folder, 'demo.db');
  const db = openDatabase(file);
  seedDemo(db, { clients: 50, items: 200 }, () => '2025-10-01T00:00:00.000Z');
  db.close();
  api = testApi(file, folder);
});

afterAll(async () => {
  await api?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the reasoning job of the app', () => {
  it("fails with the model's output is not usable, and its run is not one optimize may use", async () => {
    const started = await apiValue(api, 'jobs.start', { kind: 'reason', modelPath: tinyChatModel, limit: 1 });
    const job = await jobFinished(api, started.jobId);
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ kind: 'bad-input' });
    expect(job.error?.message).toMatch(
      /^the model's output is not usable: 1 of its first 1 answers failed the plausibility gate \(/,
    );
    const runs = await apiValue(api, 'engine.runs', {});
    expect(runs.find((r) => r.kind === 'reason')).toMatchObject({ status: 'failed', reasoner: 'llama' });
  }, 120_000);
});
