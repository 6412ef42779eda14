import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { EngineProgress, RunEngineOptions } from './types.js';

/** Runs `work(from, to)` over clients batch by batch, reporting progress and yielding between batches. */
export type Batched = (
  step: EngineProgress['step'],
  work: (from: number, to: number) => void,
) => Promise<void>;

export function batchRunner(clientCount: number, batchSize: number, options: RunEngineOptions): Batched {
  const batch = Math.max(1, Math.floor(batchSize));
  return async (step, work) => {
    for (let from = 0; from < clientCount; from += batch) {
      const to = Math.min(clientCount, from + batch);
      work(from, to);
      options.onProgress?.({ step, done: to, total: clientCount });
      // Lets a UI read, and a cancel request land, between batches.
      await yieldToEventLoop();
      options.signal?.throwIfAborted();
    }
    if (clientCount === 0) options.onProgress?.({ step, done: 0, total: 0 });
  };
}
