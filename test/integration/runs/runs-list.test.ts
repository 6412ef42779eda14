import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  abandonInterruptedRuns,
  latestCompletedRun,
  runRowCounts,
  startOptimizeRun,
  writeClientRows,
} from '../../../core/db/runs/engine-store.js';
import {
  finishReasoningRun,
  reasoningRun,
  startReasoningRun,
  unfinishedReasoningRun,
} from '../../../core/db/reasoning/runs.js';
import { openDatabase, type Db } from '../../../core/db/open.js';
import {
  finishRun,
  latestRun,
  listRuns,
  markInterruptedRuns,
  runById,
  setRunProgress,
  setRunStatus,
  startRun,
  unfinishedRun,
  type RunKey,
} from '../../../core/db/runs/runs.js';
import { completedRun, runRows, seed } from '../../support/small-boutique.js';

let dir: string;
let file: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-runs-'));
  file = join(dir, 'boutique.db');
  db = openDatabase(file);
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const llama: RunKey = { reasoner: 'llama', model: 'tiny.gguf', promptVersion: 'isrf-2' };
const rules: RunKey = { reasoner: 'rules', model: null, promptVersion: 'rules-1' };
const hour = (h: number): string => `2025-06-01T${String(h).padStart(2, '0')}:00:00.000Z`;

describe('the run lifecycle, for both kinds', () => {
  it('takes a reasoning run through pause, cancel, resume and completion', () => {
    const id = startRun(db, 'reason', { ...llama, params: { limit: 20 }, startedAt: hour(9) });
    expect(runById(db, id)).toEqual({
      id,
      kind: 'reason',
      status: 'running',
      reasoner: 'llama',
      model: 'tiny.gguf',
      promptVersion: 'isrf-2',
      params: { limit: 20 },
      metrics: {},
      progressDone: 0,
      progressTotal: 0,
      error: null,
      startedAt: hour(9),
      finishedAt: null,
      durationMs: null,
    });
    setRunProgress(db, id, 4, 20);
    setRunStatus(db, id, 'paused');
    expect(unfinishedRun(db, 'reason', llama)).toMatchObject({ id, status: 'paused', progressDone: 4 });

    expect(
      finishRun(db, id, {
        status: 'cancelled',
        metrics: { reasoned: 4 },
        finishedAt: hour(10),
        durationMs: 60,
      }),
    ).toBe(true);
    expect(runById(db, id)).toMatchObject({
      status: 'cancelled',
      metrics: { reasoned: 4 },
      progressDone: 4,
      progressTotal: 20,
      finishedAt: hour(10),
      durationMs: 60,
      error: null,
    });
    // Another model or prompt version is another run to resume; this one is not it.
    expect(unfinishedRun(db, 'reason', { ...llama, model: 'other.gguf' })).toBeNull();
    expect(unfinishedRun(db, 'reason', llama)!.id).toBe(id);

    // Resuming reopens the same run and forgets how it ended.
    setRunStatus(db, id, 'running');
    expect(runById(db, id)).toMatchObject({ status: 'running', finishedAt: null, error: null });
    setRunProgress(db, id, 18, 20);
    expect(
      finishRun(db, id, {
        status: 'completed',
        metrics: { reasoned: 18 },
        finishedAt: hour(11),
        durationMs: 90,
      }),
    ).toBe(true);
    expect(runById(db, id)).toMatchObject({ status: 'completed', progressDone: 20, progressTotal: 20 });
    expect(unfinishedRun(db, 'reason', llama)).toBeNull();
    expect(latestRun(db, 'reason', 'completed', 'llama')!.id).toBe(id);
    expect(latestRun(db, 'reason', 'completed', 'openai')).toBeNull();

    // An ended run stays as it ended.
    expect(finishRun(db, id, { status: 'failed', error: 'late', finishedAt: hour(12), durationMs: 1 })).toBe(
      false,
    );
    expect(runById(db, id)).toMatchObject({ status: 'completed', error: null, finishedAt: hour(11) });
  });

  it('takes an optimisation run from start to failure, keeping the metrics it had', () => {
    const id = startRun(db, 'optimize', {
      ...rules,
      params: { neighbours: 20 },
      startedAt: hour(9),
      progressTotal: 500,
    });
    expect(runById(db, id, 'optimize')).toMatchObject({
      kind: 'optimize',
      status: 'running',
      progressTotal: 500,
    });
    expect(runById(db, id, 'reason')).toBeNull();
    expect(latestRun(db, 'optimize', 'running')!.id).toBe(id);
    setRunProgress(db, id, 200, 500);
    expect(
      finishRun(db, id, { status: 'failed', error: 'disk full', finishedAt: hour(10), durationMs: 5 }),
    ).toBe(true);
    expect(runById(db, id)).toMatchObject({
      status: 'failed',
      error: 'disk full',
      metrics: {},
      progressDone: 200,
      progressTotal: 500,
    });
    expect(latestRun(db, 'optimize', 'running')).toBeNull();
    expect(latestRun(db, 'optimize', 'completed')).toBeNull();
  });

  it('keeps the reasoning job’s names working on the same rows', () => {
    const id = startReasoningRun(db, llama, { clients: true }, hour(9));
    expect(reasoningRun(db, id)).toMatchObject({
      kind: 'reason',
      status: 'running',
      params: { clients: true },
    });
    finishReasoningRun(db, id, {
      status: 'failed',
      metrics: {},
      error: 'gave up',
      finishedAt: hour(9),
      durationMs: 3,
    });
    expect(unfinishedReasoningRun(db, llama)).toMatchObject({ id, status: 'failed', error: 'gave up' });
    const optimize = startRun(db, 'optimize', { ...rules, params: {}, startedAt: hour(10) });
    expect(reasoningRun(db, optimize)).toBeNull();
  });

  it('refuses to read a row whose status is not one a run can have', () => {
    const id = startRun(db, 'reason', { ...rules, params: {}, startedAt: hour(9) });
    // The column has a CHECK; a damaged file could still hold anything, and must not pass as a run.
    db.pragma('ignore_check_constraints = ON');
    db.prepare(`UPDATE runs SET status = 'exploded' WHERE id = ?`).run(id);
    expect(() => runById(db, id)).toThrow(/status|exploded|Invalid/i);
  });
});

/** A history of both kinds, in the order the runs started. */
function history(): Record<string, number> {
  const optimizeDone = startRun(db, 'optimize', {
    ...rules,
    params: {},
    startedAt: hour(8),
    progressTotal: 40,
  });
  finishRun(db, optimizeDone, {
    status: 'completed',
    metrics: { iterations: 5 },
    finishedAt: hour(8),
    durationMs: 9,
  });
  const reasonCancelled = startRun(db, 'reason', { ...llama, params: {}, startedAt: hour(9) });
  setRunProgress(db, reasonCancelled, 7, 30);
  finishRun(db, reasonCancelled, {
    status: 'cancelled',
    metrics: { reasoned: 7 },
    finishedAt: hour(9),
    durationMs: 8,
  });
  const reasonFailed = startRun(db, 'reason', { ...rules, params: {}, startedAt: hour(10) });
  setRunProgress(db, reasonFailed, 3, 30);
  finishRun(db, reasonFailed, {
    status: 'failed',
    error: 'gave up after 5 failures in a row: connect ECONNREFUSED',
    finishedAt: hour(10),
    durationMs: 7,
  });
  const optimizeCancelled = startRun(db, 'optimize', {
    ...rules,
    params: {},
    startedAt: hour(11),
    progressTotal: 40,
  });
  finishRun(db, optimizeCancelled, {
    status: 'cancelled',
    error: 'cancelled',
    finishedAt: hour(11),
    durationMs: 6,
  });
  const reasonPaused = startRun(db, 'reason', { ...llama, model: 'b.gguf', params: {}, startedAt: hour(12) });
  setRunProgress(db, reasonPaused, 2, 30);
  setRunStatus(db, reasonPaused, 'paused');
  const optimizeRunning = startRun(db, 'optimize', {
    ...rules,
    params: {},
    startedAt: hour(13),
    progressTotal: 40,
  });
  return { optimizeDone, reasonCancelled, reasonFailed, optimizeCancelled, reasonPaused, optimizeRunning };
}

describe('listRuns: the whole history, newest first', () => {
  it('lists runs of both kinds whatever became of them', () => {
    const id = history();
    expect(listRuns(db, { limit: 30 }).map((r) => [r.id, r.kind, r.status])).toEqual([
      [id['optimizeRunning'], 'optimize', 'running'],
      [id['reasonPaused'], 'reason', 'paused'],
      [id['optimizeCancelled'], 'optimize', 'cancelled'],
      [id['reasonFailed'], 'reason', 'failed'],
      [id['reasonCancelled'], 'reason', 'cancelled'],
      [id['optimizeDone'], 'optimize', 'completed'],
    ]);
  });

  it('keeps the error of a failed run and how far a cancelled one got', () => {
    const id = history();
    const runs = new Map(listRuns(db, { limit: 30 }).map((r) => [r.id, r]));
    expect(runs.get(id['reasonFailed']!)).toMatchObject({
      error: 'gave up after 5 failures in a row: connect ECONNREFUSED',
      progressDone: 3,
      progressTotal: 30,
      finishedAt: hour(10),
      durationMs: 7,
    });
    expect(runs.get(id['reasonCancelled']!)).toMatchObject({
      reasoner: 'llama',
      model: 'tiny.gguf',
      promptVersion: 'isrf-2',
      metrics: { reasoned: 7 },
      progressDone: 7,
      progressTotal: 30,
      error: null,
    });
    expect(runs.get(id['optimizeDone']!)).toMatchObject({ progressDone: 40, metrics: { iterations: 5 } });
  });

  it('takes the newest up to the limit, and filters by kind and status', () => {
    const id = history();
    expect(listRuns(db, { limit: 2 }).map((r) => r.id)).toEqual([id['optimizeRunning'], id['reasonPaused']]);
    expect(listRuns(db, { limit: 30, kind: 'reason' }).map((r) => r.id)).toEqual([
      id['reasonPaused'],
      id['reasonFailed'],
      id['reasonCancelled'],
    ]);
    expect(listRuns(db, { limit: 1, kind: 'optimize' }).map((r) => r.id)).toEqual([id['optimizeRunning']]);
    expect(listRuns(db, { limit: 30, status: 'cancelled' }).map((r) => r.id)).toEqual([
      id['optimizeCancelled'],
      id['reasonCancelled'],
    ]);
    expect(listRuns(db, { limit: 30, kind: 'reason', status: 'completed' })).toEqual([]);
  });

  it('is empty before any run, and refuses a limit that is not a positive whole number', () => {
    expect(listRuns(db, { limit: 10 })).toEqual([]);
    expect(() => listRuns(db, { limit: 0 })).toThrow(/limit must be a positive whole number, got 0/);
    expect(() => listRuns(db, { limit: 2.5 })).toThrow(/got 2.5/);
  });
});

describe('runs interrupted by a process that died', () => {
  it('marks only the runs of the kind asked as failed, after the file is reopened', () => {
    const reasonRunning = startRun(db, 'reason', { ...llama, params: {}, startedAt: hour(9) });
    const reasonPaused = startRun(db, 'reason', { ...rules, params: {}, startedAt: hour(9) });
    setRunStatus(db, reasonPaused, 'paused');
    const optimizeRunning = startRun(db, 'optimize', { ...rules, params: {}, startedAt: hour(9) });
    db.close();

    db = openDatabase(file);
    expect(markInterruptedRuns(db, 'reason', hour(12)).sort()).toEqual([reasonRunning, reasonPaused].sort());
    for (const id of [reasonRunning, reasonPaused])
      expect(runById(db, id)).toMatchObject({
        status: 'failed',
        error: 'interrupted before completion',
        finishedAt: hour(12),
      });
    expect(runById(db, optimizeRunning)!.status).toBe('running');
    // A failed reasoning run is still the one to resume.
    expect(unfinishedRun(db, 'reason', llama)!.id).toBe(reasonRunning);
    expect(markInterruptedRuns(db, 'reason', hour(13))).toEqual([]);
  });

  it('abandons an interrupted optimisation: its rows go, the last completed run and reasoning runs stay', () => {
    const id = seed(db);
    const first = completedRun(db, id);
    const reasoning = startRun(db, 'reason', { ...rules, params: {}, startedAt: hour(9) });
    const interrupted = startOptimizeRun(db, {
      ...rules,
      params: {},
      startedAt: '2025-06-02T00:00:00.000Z',
      progressTotal: 4,
    });
    writeClientRows(db, interrupted, runRows(id).slice(0, 2));
    expect(runRowCounts(db, interrupted).recommendations).toBeGreaterThan(0);
    db.close();

    db = openDatabase(file);
    expect(abandonInterruptedRuns(db, '2025-06-03T00:00:00.000Z')).toBe(1);
    expect(runRowCounts(db, interrupted)).toEqual({
      client_interests: 0,
      client_neighbours: 0,
      group_interests: 0,
      recommendations: 0,
    });
    expect(runRowCounts(db, first).recommendations).toBe(4);
    expect(latestCompletedRun(db)!.id).toBe(first);
    expect(listRuns(db, { limit: 10 }).map((r) => [r.id, r.status, r.error])).toEqual([
      [interrupted, 'failed', 'interrupted before completion'],
      [reasoning, 'running', null],
      [first, 'completed', null],
    ]);
  });
});
