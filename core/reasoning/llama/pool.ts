/**
 * A fixed set of resources (context sequences, request slots) lent one at a time: `use` waits for a free one,
 * and an aborted wait leaves the queue without taking anything.
 */
export class Pool<T> {
  private readonly free: T[];
  private readonly waiters: { resolve: (value: T) => void }[] = [];

  constructor(resources: readonly T[]) {
    this.free = [...resources];
  }

  get size(): number {
    return this.free.length;
  }

  async use<R>(signal: AbortSignal | undefined, work: (resource: T) => Promise<R>): Promise<R> {
    const resource = await this.acquire(signal);
    try {
      return await work(resource);
    } finally {
      this.release(resource);
    }
  }

  private acquire(signal: AbortSignal | undefined): Promise<T> {
    signal?.throwIfAborted();
    const ready = this.free.pop();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        resolve: (value: T) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
      };
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private release(resource: T): void {
    const next = this.waiters.shift();
    if (next) next.resolve(resource);
    else this.free.push(resource);
  }
}
