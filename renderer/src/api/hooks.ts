import { useCallback, useEffect, useRef, useState } from 'react';
import { notifications } from '@mantine/notifications';
import type { ApiError, Events, Method, MethodArgs, Result, Results } from '../../../core/api/contract';
import { call, subscribe } from './client';

/**
 * A short-lived cache of answers, so a profile prefetched while the pointer rests on a client's row (or the
 * keyboard selects it) opens at once: a screen asking for what is already in flight joins that request.
 * Anything core says changed empties it.
 */
const freshForMs = 20_000;
const cache = new Map<string, { readonly value: unknown; readonly at: number }>();
const inflight = new Map<string, Promise<Result<unknown>>>();
/** Bumped on every change core reports: an answer asked for before the change may predate it. */
let generation = 0;
let invalidating = false;

function watchChanges(): void {
  if (invalidating) return;
  invalidating = true;
  subscribe((event) => {
    if (event.event !== 'data.changed') return;
    generation++;
    cache.clear();
    // A reload must not join a request sent before the change: its answer would be the old data.
    inflight.clear();
  });
}

function cachedCall(method: Method, key: string, args: unknown): Promise<Result<unknown>> {
  watchChanges();
  const pending = inflight.get(key);
  if (pending) return pending;
  const askedAt = generation;
  const request = call(method, args as never).then((result: Result<unknown>) => {
    if (inflight.get(key) === request) inflight.delete(key);
    if (result.ok && askedAt === generation) cache.set(key, { value: result.value, at: Date.now() });
    return result;
  });
  inflight.set(key, request);
  return request;
}

const cacheKey = (method: Method, args: unknown): string => `${method} ${JSON.stringify(args)}`;

function freshValue(key: string): unknown {
  const hit = cache.get(key);
  return hit && Date.now() - hit.at < freshForMs ? hit.value : undefined;
}

/** Starts loading what a screen will ask for, unless it is fresh or already on its way. */
export function prefetch<M extends Method>(method: M, args: MethodArgs<M>): void {
  const key = cacheKey(method, args);
  if (freshValue(key) === undefined) void cachedCall(method, key, args);
}

type DataArea = Events['data.changed']['what'][number];

export interface Query<T> {
  readonly data: T | undefined;
  readonly error: ApiError | null;
  /** True while a request is in flight (the previous data stays shown meanwhile). */
  readonly loading: boolean;
  readonly reload: () => void;
}

const errorTitles: Record<ApiError['kind'], string> = {
  'invalid-arguments': 'Invalid request',
  'unknown-method': 'Unknown action',
  'not-found': 'Not found',
  conflict: 'Not possible',
  consent: 'Consent',
  'bad-input': 'Invalid file or value',
  unavailable: 'Not available',
  busy: 'Busy',
  cancelled: 'Cancelled',
  unauthorized: 'Access refused',
  internal: 'Something went wrong',
};

/** An error notification that names the cause (the API's message) and what was being done. */
export function notifyError(action: string, error: ApiError): void {
  const issues = error.issues?.slice(0, 3).map((i) => (i.where ? `${i.where}: ${i.message}` : i.message));
  notifications.show({
    color: error.kind === 'cancelled' ? 'gray' : 'red',
    title: `${action}: ${errorTitles[error.kind]}`,
    message: [error.message, ...(issues ?? [])].join('\n'),
    autoClose: error.kind === 'internal' ? false : 8000,
    withBorder: true,
  });
}

export function notifySuccess(title: string, message?: string): void {
  notifications.show({ color: 'teal', title, message: message ?? '', autoClose: 3000, withBorder: true });
}

/**
 * Loads one method's result and keeps it fresh: again when its arguments change, and when core says the
 * data it shows changed (an import, a finished run). Only the latest request's answer is kept.
 */
export function useApi<M extends Method>(
  method: M,
  args: MethodArgs<M> | null,
  options: { readonly reloadOn?: readonly DataArea[]; readonly quiet?: boolean } = {},
): Query<Results[M]> {
  const key = args === null ? null : JSON.stringify(args);
  const [data, setData] = useState<Results[M] | undefined>(() =>
    key === null ? undefined : (freshValue(cacheKey(method, args)) as Results[M] | undefined),
  );
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(args !== null && data === undefined);
  const [version, setVersion] = useState(0);
  const latest = useRef(0);
  const reloadOn = (options.reloadOn ?? []).join(',');
  const quiet = options.quiet ?? false;

  useEffect(() => {
    if (key === null) {
      setLoading(false);
      return;
    }
    const request = ++latest.current;
    const parsed = JSON.parse(key) as MethodArgs<M>;
    const full = cacheKey(method, parsed);
    const fresh = freshValue(full);
    // A reload (version > 0) always asks core again; a first load takes a fresh answer from the cache.
    if (version === 0 && fresh !== undefined) {
      setData(fresh as Results[M]);
      setError(null);
      setLoading(false);
      return;
    }
    if (version > 0) cache.delete(full);
    setLoading(true);
    void (cachedCall(method, full, parsed) as Promise<Result<Results[M]>>).then((result) => {
      if (request !== latest.current) return;
      setLoading(false);
      if (result.ok) {
        setData(result.value);
        setError(null);
      } else {
        setError(result.error);
        if (!quiet) notifyError(`Loading ${method}`, result.error);
      }
    });
  }, [method, key, version, quiet]);

  useEffect(() => {
    if (!reloadOn) return;
    const areas = reloadOn.split(',');
    return subscribe((event) => {
      if (event.event === 'data.changed' && event.payload.what.some((w) => areas.includes(w))) {
        setVersion((v) => v + 1);
      }
    });
  }, [reloadOn]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}

/** Runs an action; an error becomes a notification naming `action`; returns the value or undefined. */
export async function act<M extends Method>(
  action: string,
  method: M,
  args: MethodArgs<M>,
): Promise<Results[M] | undefined> {
  const result = await call(method, args);
  if (result.ok) return result.value;
  notifyError(action, result.error);
  return undefined;
}
