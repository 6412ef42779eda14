import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ApiFailure } from '../dispatch.js';
import { hideLocalPaths } from '../redact.js';
import type { ApiEvent } from '../contract/index.js';
import type { JobState } from '../contract/index.js';
import type { FromWorker, JobRequest, JobWorkerData, ToWorker } from './protocol.js';
import { systemClock, type Clock } from '../../clock.js';
import { logger } from '../../log.js';
import type { BookKey } from '../../db/key.js';

const log = logger('jobs');

export interface JobRunnerOptions {
  readonly dbFile: string;
  /** The book's key, handed to each job's worker (null or absent: a plain book). */
  readonly dbKey?: BookKey | null;
  /** The worker entry: the bundled .js in the desktop app, the .ts source under tsx (web mode, tests). */
  readonly workerFile: string;
  /** Where uploaded import files wait for their job. */
  readonly stagingDir: string;
  readonly emit: (event: ApiEvent) => void;
  readonly clock?: Clock;
  /** How long a cancelled job may take to stop on its own before its thread is terminated. */
  readonly cancelGraceMs?: number;
  /** Minimum time between two progress events of one job (the last one is always sent). */
  readonly progressIntervalMs?: number;
}

interface RunningJob {
  state: JobState;
  readonly worker: Worker;
  readonly startedMs: number;
  lastEmitMs: number;
  cancelTimer?: NodeJS.Timeout;
}

/** tsx's ESM API entry, found through its package.json (require.resolve would give the CommonJS one). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const exports = (require(manifest) as { exports: Record<string, { import: { default: string } }> }).exports;
  const entry = exports['./esm/api']?.import.default;
  if (!entry) throw new Error('tsx has no ESM API entry: cannot run a .ts job worker');
  return pathToFileURL(join(dirname(manifest), entry)).href;
}

/** Runs a .ts worker entry through tsx's loader: tsx's own hooks do not reach worker threads. */
function tsWorker(file: string, workerData: JobWorkerData): Worker {
  const tsxApi = tsxEsmApi();
  const boot = [
    `import { register } from ${JSON.stringify(tsxApi)};`,
    'register();',
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
  ].join('\n');
  return new Worker(new URL('data:text/javascript,' + encodeURIComponent(boot)), { workerData });
}

/** ETA by linear extrapolation once a job has done something and run for half a second. */
export function estimateEtaMs(elapsedMs: number, done: number, total: number): number | null {
  if (done <= 0 || total <= 0 || done > total || elapsedMs < 500) return null;
  return Math.round((elapsedMs * (total - done)) / done);
}

/**
 * Background jobs in worker threads, one at a time: they all write to the one database, and an associate
 * starts them one by one. Every change of a job is pushed as a `job.changed` event.
 */
export class JobRunner {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly finished: JobState[] = [];
  private readonly clock: Clock;

  constructor(private readonly options: JobRunnerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  list(): JobState[] {
    return [...[...this.jobs.values()].map((j) => j.state), ...this.finished].sort((a, b) =>
      b.startedAt.localeCompare(a.startedAt),
    );
  }

  get(jobId: string): JobState {
    const state = this.jobs.get(jobId)?.state ?? this.finished.find((j) => j.jobId === jobId);
    if (!state) throw new ApiFailure('not-found', `job ${jobId} does not exist`);
    return state;
  }

  start(request: JobRequest): JobState {
    const running = [...this.jobs.values()][0];
    if (running) {
      throw new ApiFailure(
        'busy',
        `a ${running.state.kind} job is already running (${running.state.step}); wait for it or cancel it`,
      );
    }
    const jobId = randomUUID();
    const workerData: JobWorkerData = {
      dbFile: this.options.dbFile,
      dbKey: this.options.dbKey ?? null,
      stagingDir: this.options.stagingDir,
      request,
    };
    const file = this.options.workerFile;
    const worker = file.endsWith('.ts') ? tsWorker(file, workerData) : new Worker(file, { workerData });
    const startedMs = this.clock.now().getTime();
    const job: RunningJob = {
      worker,
      startedMs,
      lastEmitMs: 0,
      state: {
        jobId,
        kind: request.kind,
        status: 'running',
        step: 'starting',
        done: 0,
        total: 0,
        etaMs: null,
        startedAt: new Date(startedMs).toISOString(),
        finishedAt: null,
        message: null,
        runId: null,
        error: null,
        importReport: null,
      },
    };
    this.jobs.set(jobId, job);
    worker.on('message', (message: FromWorker) => this.onMessage(job, message));
    worker.on('error', (error) => {
      log.error('job worker crashed', { jobId, error: String(error) });
      this.finish(job, {
        status: 'failed',
        error: { kind: 'internal', message: hideLocalPaths(error.message) },
      });
    });
    worker.on('exit', (code) => {
      if (this.jobs.has(jobId)) {
        const cancelling = job.cancelTimer !== undefined;
        this.finish(
          job,
          cancelling
            ? { status: 'cancelled', message: 'cancelled' }
            : {
                status: 'failed',
                error: { kind: 'internal', message: `the job stopped unexpectedly (exit code ${code})` },
              },
        );
      }
    });
    this.emit(job, true);
    return job.state;
  }

  cancel(jobId: string): JobState {
    const job = this.jobs.get(jobId);
    if (!job) return this.get(jobId);
    if (job.cancelTimer) return job.state;
    job.state = { ...job.state, step: 'cancelling' };
    job.worker.postMessage({ type: 'cancel' } satisfies ToWorker);
    // A task deep in a native call may not look at its signal for a while; the thread is ended instead.
    job.cancelTimer = setTimeout(() => void job.worker.terminate(), this.options.cancelGraceMs ?? 5_000);
    this.emit(job, true);
    return job.state;
  }

  /** Ends every running job (app quit, server stop). */
  async close(): Promise<void> {
    await Promise.all(
      [...this.jobs.values()].map(async (job) => {
        clearTimeout(job.cancelTimer);
        this.jobs.delete(job.state.jobId);
        await job.worker.terminate();
      }),
    );
  }

  private onMessage(job: RunningJob, message: FromWorker): void {
    switch (message.type) {
      case 'progress': {
        const elapsed = this.clock.now().getTime() - job.startedMs;
        job.state = {
          ...job.state,
          step: job.cancelTimer ? 'cancelling' : message.step,
          done: message.done,
          total: message.total,
          etaMs:
            message.etaMs !== undefined ? message.etaMs : estimateEtaMs(elapsed, message.done, message.total),
        };
        this.emit(job, message.done === message.total);
        return;
      }
      case 'completed':
        this.finish(job, {
          status: 'completed',
          message: message.message,
          runId: message.runId,
          importReport: message.importReport,
        });
        return;
      case 'failed':
        this.finish(job, {
          status: message.error.kind === 'cancelled' ? 'cancelled' : 'failed',
          error: message.error,
        });
        return;
      case 'cancelled':
        this.finish(job, { status: 'cancelled', message: 'cancelled' });
        return;
      default:
        message satisfies never;
    }
  }

  private finish(job: RunningJob, end: Partial<JobState> & Pick<JobState, 'status'>): void {
    if (!this.jobs.delete(job.state.jobId)) return;
    clearTimeout(job.cancelTimer);
    job.state = {
      ...job.state,
      ...end,
      step: end.status,
      etaMs: null,
      finishedAt: this.clock.now().toISOString(),
      message: end.message ?? end.error?.message ?? null,
    };
    this.finished.unshift(job.state);
    this.finished.splice(20);
    this.emit(job, true);
    if (end.status === 'completed') {
      this.options.emit({
        event: 'data.changed',
        // Every job can change what Today and attribution read; an import refreshes the engine's run too.
        payload: { what: ['engine', 'clients', 'catalog', 'outreach'] },
      });
    } else if (job.state.kind !== 'import') {
      // A run that failed or was cancelled ended too (with its error, its reasoning failures): the Engine
      // screen's past runs say so without a reload.
      this.options.emit({ event: 'data.changed', payload: { what: ['engine'] } });
    }
    // The thread may still be winding down (closing the database); it exits on its own.
  }

  private emit(job: RunningJob, force: boolean): void {
    const now = Date.now();
    if (!force && now - job.lastEmitMs < (this.options.progressIntervalMs ?? 100)) return;
    job.lastEmitMs = now;
    this.options.emit({ event: 'job.changed', payload: job.state });
  }
}
