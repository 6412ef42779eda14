import { join } from 'node:path';
import type { Method, MethodArgs, Results } from '../../core/api/contract/index.js';
import { createApiService, type ApiService, type ApiServiceOptions } from '../../core/api/service.js';
import type { JobState, Result } from '../../core/api/contract/index.js';
import { repoRoot } from './paths.js';

const root = repoRoot;

/** The app's API over a database file, as web mode builds it: jobs in the real worker, uploads staged in `folder`. */
export function testApi(
  dbFile: string,
  folder: string,
  options: Partial<ApiServiceOptions> = {},
): ApiService {
  return createApiService({
    dbFile,
    mode: 'web',
    version: '0.0.0-test',
    workerFile: join(root, 'core/api/jobs/worker.ts'),
    stagingRoot: join(folder, 'staging'),
    ...options,
  });
}

/** Calls a method; an error answer throws with its kind and message. */
export async function apiValue<M extends Method>(
  api: ApiService,
  method: M,
  args: MethodArgs<M>,
): Promise<Results[M]> {
  const result = (await api.dispatch(method, args)) as Result<Results[M]>;
  if (!result.ok) throw new Error(`${method}: ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

/** Resolves with the job's final state, as pushed to the UI by `job.changed` events; `onRunning` sees the rest. */
export function jobFinished(
  api: ApiService,
  jobId: string,
  onRunning?: (job: JobState) => void,
): Promise<JobState> {
  return new Promise((done) => {
    const stop = api.events.subscribe((event) => {
      if (event.event !== 'job.changed' || event.payload.jobId !== jobId) return;
      if (event.payload.status === 'running') onRunning?.(event.payload);
      else {
        stop();
        done(event.payload);
      }
    });
  });
}
