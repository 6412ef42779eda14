import type { MethodArgs } from '../../../../core/api/contract';
import { prefetch } from '../../api/hooks';

/** What a client's profile asks for: one place, so a prefetch asks exactly what the screen will. */
export const profileQueries = (clientId: number) => ({
  client: { clientId } satisfies MethodArgs<'clients.get'>,
  interests: { clientId, limit: 12 } satisfies MethodArgs<'clients.interests'>,
  recommendations: { clientId, limit: 9 } satisfies MethodArgs<'clients.recommendations'>,
  notes: { clientId } satisfies MethodArgs<'clients.notes'>,
  timeline: (limit: number) => ({ clientId, limit }) satisfies MethodArgs<'clients.timeline'>,
});

export const firstTimelinePage = 25;

/** Loads a profile ahead of the click (pointer on the row, or the row selected by the keyboard). */
export function prefetchProfile(clientId: number): void {
  const q = profileQueries(clientId);
  prefetch('clients.get', q.client);
  prefetch('clients.interests', q.interests);
  prefetch('clients.recommendations', q.recommendations);
  prefetch('clients.notes', q.notes);
  prefetch('clients.timeline', q.timeline(firstTimelinePage));
}
