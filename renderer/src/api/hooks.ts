import { useCallback, useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import type { ApiError, Method, MethodArgs, Results } from '../../../core/api/contract';
import { call, subscribe } from './client';
import { answer, answerKey, type AnswerMeta, type ApiFailure, type DataArea } from './answers';

export { prefetch } from './answers';

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
 * data it shows changed (`reloadOn`: an import, a finished run). Until the answer for new arguments arrives,
 * the previous one stays shown. A failure is notified unless `quiet`.
 */
export function useApi<M extends Method>(
  method: M,
  args: MethodArgs<M> | null,
  options: { readonly reloadOn?: readonly DataArea[]; readonly quiet?: boolean } = {},
): Query<Results[M]> {
  const reloadOn = options.reloadOn?.length ? options.reloadOn : undefined;
  const query = useQuery<Results[M], ApiFailure, Results[M], readonly unknown[]>({
    queryKey: answerKey(method, args),
    queryFn: () => answer(method, args!),
    enabled: args !== null,
    placeholderData: keepPreviousData,
    ...(reloadOn ? { meta: { reloadOn } satisfies AnswerMeta } : {}),
  });
  const quiet = options.quiet ?? false;
  // Each failed request is notified once, by the screens that asked for it; an error left in the cache by
  // an earlier screen is not (that screen said it, and this one asks again).
  const failedAt = query.isFetchedAfterMount && query.status === 'error' ? query.errorUpdatedAt : 0;
  const error = query.error?.apiError ?? null;
  useEffect(() => {
    // Once per failed request: `failedAt` and `error` change together, only when a new one fails.
    if (failedAt > 0 && error && !quiet) notifyError(`Loading ${method}`, error);
  }, [failedAt, error, method, quiet]);

  const enabled = args !== null;
  const { refetch } = query;
  const reload = useCallback(() => {
    if (enabled) void refetch();
  }, [enabled, refetch]);
  return { data: query.data, error, loading: query.isFetching, reload };
}

/**
 * Runs an action; an error becomes a notification naming `action`; returns the value or undefined. A plain
 * call: core follows every write with `data.changed`, which is what refreshes the answers kept.
 */
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

/** How many times core said one of `areas` changed since the screen mounted: a key for data kept by hand. */
export function useChangeCount(areas: readonly DataArea[]): number {
  const [count, setCount] = useState(0);
  const key = areas.join(',');
  useEffect(
    () =>
      subscribe((event) => {
        if (event.event === 'data.changed' && event.payload.what.some((w) => key.split(',').includes(w)))
          setCount((n) => n + 1);
      }),
    [key],
  );
  return count;
}
