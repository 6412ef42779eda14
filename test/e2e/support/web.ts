import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import type { JobState } from '../../../core/api/contract/index.js';

const root = resolve(import.meta.dirname, '../../..');

export interface WebMode {
  /** The URL the command printed first, token included. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly stderr: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `atelier web` as a user would (a separate process, through tsx), and returns once it printed its
 * first line: the URL to open.
 */
export async function startWebMode(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<WebMode> {
  const child: ChildProcess = spawn(
    process.execPath,
    [resolve(root, 'node_modules/tsx/dist/cli.mjs'), resolve(root, 'core/cli/main.ts'), 'web', ...args],
    { cwd: root, env: { ...process.env, ATELIER_LOG: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = await new Promise<string>((done, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => done(line));
    child.once('exit', (code) =>
      fail(new Error(`atelier web exited with ${code} before printing its URL:\n${stderr}`)),
    );
  });
  const url = new URL(firstLine);
  return {
    url: firstLine,
    origin: url.origin,
    token: url.searchParams.get('token') ?? '',
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

/** Calls the API as the page does (for checks and set-up the UI does not need to show). */
export async function apiCall<T>(web: WebMode, method: string, args: unknown): Promise<T> {
  const response = await fetch(`${web.origin}/api/call/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${web.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
  const result = (await response.json()) as
    { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
}

/** Waits for a job to leave 'running' (polling jobs.list as the page does), at most 180 s. */
export async function jobFinished(web: WebMode, jobId: string, everyMs = 300): Promise<JobState> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const job = (await apiCall<JobState[]>(web, 'jobs.list', {})).find((j) => j.jobId === jobId);
    if (job && job.status !== 'running') return job;
    await new Promise((done) => setTimeout(done, everyMs));
  }
  throw new Error(`job ${jobId} still running after 180 s`);
}
