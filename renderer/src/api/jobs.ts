import { useSyncExternalStore } from 'react';
import type { JobKind, JobState, MethodArgs } from '../../../core/api/contract';
import { call, subscribe } from './client';
import { notifyError, notifySuccess } from './hooks';

/** Every job this app knows of, newest first, kept current by `job.changed` events. */
let jobs: readonly JobState[] = [];
const listeners = new Set<() => void>();
let started = false;

function publish(next: readonly JobState[]): void {
  jobs = next;
  for (const listener of listeners) listener();
}

function upsert(job: JobState): void {
  publish(
    [job, ...jobs.filter((j) => j.jobId !== job.jobId)].sort((a, b) =>
      b.startedAt.localeCompare(a.startedAt),
    ),
  );
}

const kindNames: Record<JobKind, string> = {
  optimize: 'Optimisation',
  reason: 'Reasoning',
  import: 'Import',
};

function follow(): void {
  if (started) return;
  started = true;
  void call('jobs.list', {}).then((result) => result.ok && publish(result.value));
  subscribe((event) => {
    if (event.event !== 'job.changed') return;
    const job = event.payload;
    const before = jobs.find((j) => j.jobId === job.jobId);
    upsert(job);
    if (before?.status === 'running' && job.status !== 'running') {
      if (job.status === 'completed')
        notifySuccess(`${kindNames[job.kind]} finished`, job.message ?? undefined);
      else if (job.status === 'failed' && job.error) notifyError(kindNames[job.kind], job.error);
      else if (job.status === 'cancelled') notifySuccess(`${kindNames[job.kind]} cancelled`);
    }
  });
}

export function useJobs(): readonly JobState[] {
  follow();
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => jobs,
  );
}

export async function startJob(args: MethodArgs<'jobs.start'>): Promise<JobState | undefined> {
  follow();
  const result = await call('jobs.start', args);
  if (!result.ok) {
    notifyError(`Starting ${kindNames[args.kind].toLowerCase()}`, result.error);
    return undefined;
  }
  upsert(result.value);
  return result.value;
}

export async function cancelJob(jobId: string): Promise<void> {
  const result = await call('jobs.cancel', { jobId });
  if (!result.ok) notifyError('Cancelling', result.error);
  else upsert(result.value);
}

export const jobName = (kind: JobKind): string => kindNames[kind];
