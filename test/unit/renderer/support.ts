import type { ApiError, ApiEvent, Events, Result } from '../../../core/api/contract';

/** A call the fake core has received and not answered yet: the test answers it when it chooses. */
export interface PendingCall {
  readonly method: string;
  readonly args: unknown;
  answer(value: unknown): void;
  fail(error: ApiError): void;
}

/**
 * A fake of renderer/src/api/client.ts (`call`, `subscribe`): every call waits for the test to answer it,
 * and the test pushes core's events.
 */
export function fakeCore() {
  const calls: PendingCall[] = [];
  const listeners = new Set<(event: ApiEvent) => void>();
  return {
    calls,
    call: (method: string, args: unknown): Promise<Result<unknown>> =>
      new Promise((settle) => {
        calls.push({
          method,
          args,
          answer: (value) => settle({ ok: true, value }),
          fail: (error) => settle({ ok: false, error }),
        });
      }),
    subscribe: (listener: (event: ApiEvent) => void): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Core says data changed under the UI. */
    changed(...what: Events['data.changed']['what']): void {
      for (const listener of listeners) listener({ event: 'data.changed', payload: { what } });
    },
    /** The calls made for `method` so far, oldest first. */
    callsTo: (method: string): PendingCall[] => calls.filter((c) => c.method === method),
    reset(): void {
      calls.length = 0;
    },
  };
}

/** The one fake core of a test file (vi.mock's factory and the tests import the same module instance). */
export const core = fakeCore();
