import type { ApiContext } from '../context.js';
import type { ServerHandlers } from '../dispatch.js';
import type { JobResults } from '../contract/index.js';

export function jobHandlers(ctx: ApiContext): Pick<ServerHandlers, keyof JobResults> {
  return {
    'jobs.start': (request) => ctx.jobs.start(request),
    'jobs.cancel': ({ jobId }) => ctx.jobs.cancel(jobId),
    'jobs.list': () => ctx.jobs.list(),
  };
}
