import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reasoningRun } from '../../../core/db/reasoning/runs.js';
import { openDatabase } from '../../../core/db/open.js';
import type { WorkerCommand, WorkerEvent } from '../../../core/reasoning/job-worker.js';
import { createTestBoutique, tinyChatModel, type TestBoutique } from '../../support/llm.js';
import { repoRoot } from '../../support/paths.js';

const workerFile = resolve(repoRoot, 'core/reasoning/job-worker.ts');
let boutique: TestBoutique | null = null;
let child: ChildProcess | null = null;

afterEach(() => {
  if (child && child.exitCode === null) child.kill();
  child = null;
  boutique?.cleanup();
  boutique = null;
});

/** Runs the worker file in a real child process, as the app's utility process would. */
function runWorker(
  start: WorkerCommand,
  onEvent: (event: WorkerEvent, send: (c: WorkerCommand) => void) => void,
): Promise<WorkerEvent> {
  const proc = (child = fork(workerFile, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ATELIER_LOG: 'silent' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  }));
  const send = (command: WorkerCommand): void => void proc.send(command);
  return new Promise((resolvePromise, reject) => {
    proc.on('message', (message) => {
      const event = message as WorkerEvent;
      onEvent(event, send);
      if (event.type === 'done' || event.type === 'error') resolvePromise(event);
    });
    proc.on('exit', (code) => reject(new Error(`worker exited with ${code} before finishing`)));
    send(start);
  });
}

describe('reasoning worker process', () => {
  it('runs the job in a child process with progress, cancel, then resume', async () => {
    boutique = createTestBoutique();
    boutique.db.close();
    const start: WorkerCommand = {
      type: 'start',
      dbFile: boutique.file,
      model: { path: tinyChatModel, threads: 1, sequences: 1, gpu: false },
    };
    const progress: number[] = [];
    let cancelled = false;
    const first = await runWorker(start, (event, send) => {
      if (event.type === 'progress') {
        progress.push(event.progress.done);
        if (!cancelled && event.progress.counts.reasoned >= 1) {
          cancelled = true;
          send({ type: 'cancel' });
        }
      }
    });
    expect(first.type).toBe('done');
    const summary = first.type === 'done' ? first.summary : null;
    expect(summary?.status).toBe('cancelled');
    expect(summary!.reasoned).toBeGreaterThanOrEqual(1);
    expect(summary!.reasoned).toBeLessThan(5);
    expect(progress.length).toBeGreaterThan(0);

    const second = await runWorker(start, () => undefined);
    expect(second.type).toBe('done');
    if (second.type !== 'done') return;
    expect(second.summary).toMatchObject({ status: 'completed', runId: summary!.runId, resumed: true });
    expect(second.summary.cached).toBe(summary!.reasoned);
    expect(second.summary.reasoned).toBe(5 - summary!.reasoned);

    const db = openDatabase(boutique.file, { readonly: true });
    expect(reasoningRun(db, summary!.runId)!.status).toBe('completed');
    db.close();
  });
});
