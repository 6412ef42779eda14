/**
 * Runs and jobs. A run is stored work with a lifecycle: reasoning runs ('reason') describe items and clients;
 * optimisation runs ('optimize') derive interests, neighbours and recommendations. A run is 'running' (or
 * 'paused', reasoning only) until it ends as 'completed', 'failed' or 'cancelled'. A job is what the app runs
 * in the background: a run of either kind, or an import.
 */
export const runKinds = ['reason', 'optimize'] as const;
export type RunKind = (typeof runKinds)[number];
export const runStatuses = ['running', 'paused', 'completed', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof runStatuses)[number];
export type ActiveRunStatus = Extract<RunStatus, 'running' | 'paused'>;
export type EndedRunStatus = Exclude<RunStatus, ActiveRunStatus>;

export const jobKinds = ['optimize', 'reason', 'import'] as const;
export type JobKind = (typeof jobKinds)[number];
export const jobStatuses = ['running', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];
