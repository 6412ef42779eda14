import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { openDatabase } from '../db/open.js';
import { logger } from '../log.js';
import { startReasoningJob, type ReasoningJob, type ReasoningSummary } from './job.js';
import type { ReasoningProgress } from './job-progress.js';
import { LlamaReasoner } from './llama/reasoner.js';
import { OpenAiReasoner } from './openai/reasoner.js';
import type { Reasoner } from './types.js';

/**
 * The reasoning job in its own process or thread, so node-llama-cpp never runs on the UI's main thread: an
 * Electron utility process (process.parentPort), a worker thread (worker_threads.parentPort) or a forked Node
 * process (process.send) runs this file and talks the protocol below. The worker opens its own connection to
 * the database file (WAL lets the app keep reading the previous results meanwhile).
 */

const positive = z.number().int().positive();

export const workerStartSchema = z.object({
  type: z.literal('start'),
  dbFile: z.string().min(1),
  model: z
    .object({
      path: z.string().min(1),
      threads: positive.optional(),
      sequences: positive.optional(),
      gpu: z.union([z.literal('auto'), z.literal(false)]).optional(),
      embeddingModelPath: z.string().min(1).nullish(),
    })
    .optional(),
  endpoint: z
    .object({
      url: z.string().min(1),
      modelId: z.string().min(1).optional(),
      timeoutMs: positive.optional(),
      concurrency: positive.optional(),
    })
    .optional(),
  limit: positive.nullish(),
  clients: z.boolean().optional(),
  retryFailed: z.boolean().optional(),
  resume: z.boolean().optional(),
});
export type WorkerStart = z.input<typeof workerStartSchema>;

export const workerCommandSchema = z.discriminatedUnion('type', [
  workerStartSchema,
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('cancel') }),
]);
export type WorkerCommand = z.input<typeof workerCommandSchema>;

export type WorkerEvent =
  | { readonly type: 'progress'; readonly progress: ReasoningProgress }
  | { readonly type: 'done'; readonly summary: ReasoningSummary }
  | { readonly type: 'error'; readonly message: string };

/** The two directions of whatever channel the host gave us. */
export interface WorkerChannel {
  onMessage(listener: (message: unknown) => void): void;
  post(event: WorkerEvent): void;
  close(): void;
}

const log = logger('reason-worker');

async function createReasoner(start: z.output<typeof workerStartSchema>): Promise<Reasoner> {
  if ((start.model === undefined) === (start.endpoint === undefined))
    throw new Error('start needs exactly one of model or endpoint');
  if (start.model)
    return LlamaReasoner.create({
      modelPath: start.model.path,
      ...(start.model.threads !== undefined ? { threads: start.model.threads } : {}),
      ...(start.model.sequences !== undefined ? { sequences: start.model.sequences } : {}),
      gpu: start.model.gpu ?? 'auto',
      embeddingModelPath: start.model.embeddingModelPath ?? null,
    });
  const e = start.endpoint!;
  return OpenAiReasoner.create({
    endpoint: e.url,
    ...(e.modelId !== undefined ? { modelId: e.modelId } : {}),
    ...(e.timeoutMs !== undefined ? { timeoutMs: e.timeoutMs } : {}),
    ...(e.concurrency !== undefined ? { concurrency: e.concurrency } : {}),
  });
}

/** Serves one job over the channel: start, then pause / resume / cancel; ends after 'done' or 'error'. */
export function serveReasoningJob(channel: WorkerChannel): void {
  const controller = new AbortController();
  let job: ReasoningJob | null = null;
  let started = false;
  const fail = (error: unknown): void => {
    channel.post({ type: 'error', message: (error as Error).message ?? String(error) });
    channel.close();
  };
  async function run(start: z.output<typeof workerStartSchema>): Promise<void> {
    const db = openDatabase(start.dbFile);
    let reasoner: Reasoner | null = null;
    try {
      reasoner = await createReasoner(start);
      job = startReasoningJob({
        db,
        reasoner,
        limit: start.limit ?? null,
        clients: start.clients ?? false,
        retryFailed: start.retryFailed ?? false,
        resume: start.resume ?? true,
        signal: controller.signal,
        onProgress: (progress) => channel.post({ type: 'progress', progress }),
      });
      const summary = await job.done;
      channel.post({ type: 'done', summary });
      channel.close();
    } finally {
      await reasoner?.close();
      db.close();
    }
  }
  channel.onMessage((message) => {
    const parsed = workerCommandSchema.safeParse(message);
    if (!parsed.success) {
      log.warn('ignored a message that is not a worker command', { issues: parsed.error.issues.length });
      return;
    }
    const command = parsed.data;
    switch (command.type) {
      case 'start':
        if (started) return;
        started = true;
        run(command).catch(fail);
        return;
      case 'pause':
        job?.pause();
        return;
      case 'resume':
        job?.resume();
        return;
      case 'cancel':
        controller.abort(new Error('cancelled'));
        return;
      default:
        return command satisfies never;
    }
  });
}

/** The channel of the process or thread this file runs in, or null when it was merely imported. */
function hostChannel(): WorkerChannel | null {
  const electronPort = (
    process as {
      parentPort?: {
        on(event: 'message', listener: (e: { data: unknown }) => void): void;
        postMessage(message: unknown): void;
      };
    }
  ).parentPort;
  if (electronPort)
    return {
      onMessage: (listener) => electronPort.on('message', (e) => listener(e.data)),
      post: (event) => electronPort.postMessage(event),
      close: () => process.exit(0),
    };
  if (parentPort) {
    const port = parentPort;
    return {
      onMessage: (listener) => port.on('message', listener),
      post: (event) => port.postMessage(event),
      close: () => port.close(),
    };
  }
  if (process.send)
    return {
      onMessage: (listener) => process.on('message', listener),
      post: (event) => process.send?.(event),
      close: () => process.disconnect(),
    };
  return null;
}

/**
 * Started as a worker, not merely imported: run as the entry file, or flagged by the host (an Electron utility
 * process sets ATELIER_REASONING_WORKER=1 in its env; a worker thread passes workerData.atelierReasoningWorker).
 */
const isEntry =
  (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) ||
  process.env['ATELIER_REASONING_WORKER'] === '1' ||
  (workerData as { atelierReasoningWorker?: unknown } | null)?.atelierReasoningWorker === true;
if (isEntry) {
  const channel = hostChannel();
  if (channel) serveReasoningJob(channel);
}
