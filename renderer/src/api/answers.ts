import { QueryClient, notifyManager, type Query } from '@tanstack/react-query';
import type { ApiError, ApiEvent, Events, Method, MethodArgs, Results } from '../../../core/api/contract';
import { call, subscribe } from './client';

/**
 * Core's answers, kept by TanStack Query under `[method, args]`: a profile prefetched while the pointer rests
 * on a client's row (or the keyboard selects it) opens at once, and a screen asking for what is already in
 * flight joins that request. Core's `data.changed` events say which answers are out of date.
 */

export type DataArea = Events['data.changed']['what'][number];

/** What a query's screen declared about it: the data areas whose change reloads it (useApi's `reloadOn`). */
export interface AnswerMeta extends Record<string, unknown> {
  readonly reloadOn?: readonly DataArea[];
}

/** The error a query holds: core's ApiError, in an Error as TanStack (and a stack trace) expect. */
export class ApiFailure extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.message);
    this.name = 'ApiFailure';
  }
}

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: AnswerMeta;
    defaultError: ApiFailure;
  }
}

export type AnswerKey<M extends Method> = readonly [M, MethodArgs<M> | null];

export const answerKey = <M extends Method>(method: M, args: MethodArgs<M> | null): AnswerKey<M> => [
  method,
  args,
];

/** A prefetched answer, or one a screen showed, serves again for this long without asking core. */
export const freshForMs = 20_000;

/** The query function: core's value, or its error thrown (TanStack's `error`). */
export async function answer<M extends Method>(method: M, args: MethodArgs<M>): Promise<Results[M]> {
  const result = await call(method, args);
  if (!result.ok) throw new ApiFailure(result.error);
  return result.value;
}

export function createAnswerClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: freshForMs,
        // As before TanStack: an error is shown (and notified) at once, never retried behind the associate's
        // back, and answers reload when core says their data changed, not when the window regains focus.
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
    },
  });
}

/**
 * What a `data.changed` event does to the answers kept. Every answer kept predates the change, and the
 * areas core names are not a contract about which methods read what (an import names clients and catalog,
 * yet refreshes the interests it changed), so none is served again as it is. An answer:
 * - in flight is cancelled, and asked again if a screen waits for it: core may have answered before the
 *   change (TanStack's own refetch would join a first load still in flight, and take its old answer);
 * - that no screen shows is forgotten: the next screen to ask gets a new answer, not the old one first;
 * - that a screen shows stays shown, marked stale (the next screen to ask for it asks core again), and is
 *   asked again now if its screen reloads on a changed area (`reloadOn`), the old one shown meanwhile.
 */
export function forgetChanged(client: QueryClient, what: readonly DataArea[]): void {
  const reloads = (query: Query) => query.meta?.reloadOn?.some((area) => what.includes(area)) ?? false;
  const inFlight = new Set(
    client.getQueryCache().findAll({ predicate: (query) => query.state.fetchStatus !== 'idle' }),
  );
  // One batch: a screen sees the new request start, never the cancelled one's end in between.
  notifyManager.batch(() => {
    void client.cancelQueries({ predicate: (query) => inFlight.has(query) }, { silent: true });
    client.removeQueries({ predicate: (query) => !query.isActive() });
    void client.invalidateQueries({ refetchType: 'none' });
    void client.refetchQueries({
      type: 'active',
      predicate: (query) => inFlight.has(query) || reloads(query),
    });
  });
}

/** Keeps `client`'s answers current with core's `data.changed` events; returns the unsubscribe. */
export function followChanges(
  client: QueryClient,
  listen: (listener: (event: ApiEvent) => void) => () => void = subscribe,
): () => void {
  return listen((event) => {
    if (event.event === 'data.changed') forgetChanged(client, event.payload.what);
  });
}

/** The app's one QueryClient (provided at the root), following core's changes from the first import on. */
export const queryClient = createAnswerClient();
followChanges(queryClient);

/** Starts loading what a screen will ask for, unless it is fresh or already on its way. */
export function prefetch<M extends Method>(method: M, args: MethodArgs<M>): void {
  void queryClient.prefetchQuery({
    queryKey: answerKey(method, args),
    queryFn: () => answer(method, args),
    staleTime: freshForMs,
  });
}
