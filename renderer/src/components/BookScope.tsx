import { useSyncExternalStore } from 'react';
import { SegmentedControl } from '@mantine/core';
import type { BookScope } from '../../../core/api/contract';
import { useApi } from '../api/hooks';

const scopes: { value: BookScope; label: string }[] = [
  { value: 'mine', label: 'My book' },
  { value: 'store', label: 'My store' },
  { value: 'all', label: 'All stores' },
];

/**
 * Whose clients the client book, Today and Insights show: the associate's own book by default, her store's
 * or all stores' one click away. One choice for the whole app, so switching on one screen carries to the
 * others.
 */
let chosen: BookScope = 'mine';
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function choose(scope: BookScope): void {
  if (scope === chosen) return;
  chosen = scope;
  for (const listener of listeners) listener();
}

/** The scope chosen, and who "mine" means (the associate's id; null before anyone chose). */
export function useBookScope(): { scope: BookScope; associateId: number | null; choose: typeof choose } {
  const scope = useSyncExternalStore(subscribe, () => chosen);
  const associates = useApi('associates.list', {}, { reloadOn: ['outreach'] });
  return { scope, associateId: associates.data?.current?.id ?? null, choose };
}

export function BookScopeControl() {
  const { scope, associateId } = useBookScope();
  return (
    <SegmentedControl
      aria-label="Whose clients"
      value={scope}
      onChange={choose}
      data={scopes}
      // Before anyone said who they are, every scope is the whole boutique.
      title={associateId === null ? 'Choose who you are to see your own book' : undefined}
    />
  );
}
