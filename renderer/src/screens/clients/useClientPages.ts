import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ClientRow, MethodArgs } from '../../../../core/api/contract';
import { call } from '../../api/client';
import { notifyError } from '../../api/hooks';

export const pageSize = 100;
/**
 * Rows loaded ahead of the view, either way: the page the wheel is about to bring into view is usually
 * there when it does, so its rows mount once, with their clients, instead of as skeletons first.
 */
const readAhead = pageSize;
export type ClientQuery = MethodArgs<'clients.search'>;

interface Loaded {
  readonly key: string;
  readonly total: number;
  readonly pages: ReadonlyMap<number, readonly ClientRow[]>;
}

/**
 * The client book as pages fetched on demand: the first page when the query changes (the previous rows stay
 * shown until it arrives, so typing never flashes an empty table), further pages as the table scrolls to
 * them. Answers to an older query are dropped. `epoch` names what the query means beyond its fields (who is
 * signed in, for "my book"): a new epoch is a new query.
 */
export function useClientPages(query: ClientQuery, epoch = '') {
  const key = JSON.stringify({ epoch, query });
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const current = useRef(key);
  const requested = useRef(new Set<number>());

  const load = useCallback((page: number, forKey: string) => {
    if (requested.current.has(page)) return;
    requested.current.add(page);
    const { query } = JSON.parse(forKey) as { query: ClientQuery };
    const args = { ...query, offset: page * pageSize, limit: pageSize };
    void call('clients.search', args).then((result) => {
      if (current.current !== forKey) return;
      if (!result.ok) {
        requested.current.delete(page);
        setError(result.error);
        notifyError('Searching the client book', result.error);
        return;
      }
      setError(null);
      setLoaded((previous) => {
        const pages = new Map(previous?.key === forKey ? previous.pages : []);
        pages.set(page, result.value.rows);
        return { key: forKey, total: result.value.total, pages };
      });
    });
  }, []);

  useEffect(() => {
    current.current = key;
    requested.current = new Set();
    load(0, key);
  }, [key, load]);

  const ensureRange = useCallback(
    (first: number, last: number) => {
      if (!loaded || loaded.key !== current.current) return;
      const from = Math.floor(Math.max(0, first - readAhead) / pageSize);
      const to = Math.floor(Math.min(loaded.total - 1, last + readAhead) / pageSize);
      for (let page = from; page <= to; page++) {
        if (!loaded.pages.has(page)) load(page, loaded.key);
      }
    },
    [loaded, load],
  );

  const rowAt = useCallback(
    (index: number): ClientRow | undefined =>
      loaded?.pages.get(Math.floor(index / pageSize))?.[index % pageSize],
    [loaded],
  );

  return {
    total: loaded?.total ?? null,
    /** True while the shown rows belong to an older query. */
    stale: loaded !== null && loaded.key !== key,
    loading: loaded === null,
    error,
    rowAt,
    ensureRange,
  };
}
