import type { ApiContext } from '../context.js';
import type { ServerHandlers } from '../dispatch.js';
import type { ClientResults } from '../contract/index.js';
import { latestCompletedRun } from '../../db/runs/engine-store.js';
import { clientInterests, clientRecommendations } from '../../runs/read.js';
import { runInfo } from './runs.js';
import { currentAssociate } from '../../db/outreach/associates.js';

export function clientHandlers(ctx: ApiContext): Pick<ServerHandlers, keyof ClientResults> {
  const book = ctx.book;
  return {
    // Search, filters (the inferred interest one too), sort and paging all run in the store's SQL.
    'clients.search': ({ scope, ...query }) =>
      book.listClients(query, { scope, associate: currentAssociate(ctx.db) }),
    'clients.facets': () => book.clientFacets(),
    'clients.get': ({ clientId }) => book.clientDetail(clientId),
    'clients.timeline': ({ clientId, ...query }) => book.clientTimeline(clientId, query),
    'clients.notes': ({ clientId }) => book.clientNotes(clientId),
    'clients.addNote': (note) => {
      // Signed by the associate the app runs as, unless the note names its author.
      const added = book.addNote({ ...note, author: note.author || currentAssociate(ctx.db)?.name });
      ctx.events.emit({ event: 'data.changed', payload: { what: ['clients'] } });
      return added;
    },
    'clients.interests': ({ clientId, limit }) => {
      const client = book.clientDetail(clientId);
      const run = latestCompletedRun(ctx.db);
      const view = clientInterests(ctx.db, clientId, limit);
      if (!view) {
        return {
          run: null,
          profilingAllowed: client.consentProfiling,
          explicit: [],
          group: [],
          neighbours: [],
        };
      }
      return {
        run: runInfo(run),
        profilingAllowed: view.profilingAllowed,
        explicit: view.explicit,
        group: view.group,
        neighbours: view.neighbours,
      };
    },
    'clients.recommendations': ({ clientId, limit }) => {
      const client = book.clientDetail(clientId);
      const run = latestCompletedRun(ctx.db);
      const view = clientRecommendations(ctx.db, clientId, limit);
      if (!view) return { run: null, profilingAllowed: client.consentProfiling, items: [] };
      return { run: runInfo(run), profilingAllowed: view.profilingAllowed, items: view.items };
    },
  };
}
