import type { ApiContext } from '../context.js';
import type { ServerHandlers } from '../dispatch.js';
import type { ClientResults, ParsedArgs } from '../contract.js';
import type { ClientRow, Page } from '../types.js';
import { latestCompletedRun } from '../../db/engine-store.js';
import { segmentClientRows, segmentRows } from '../../db/engine-queries.js';
import { clientInterests, clientRecommendations } from '../../engine/db-read.js';
import { runInfo } from './runs.js';

/** A client's top group interests place them in a segment (as on the Insights screen). */
export const segmentDepth = 3;

export function clientHandlers(ctx: ApiContext): Pick<ServerHandlers, keyof ClientResults> {
  const book = ctx.book;
  // The "has inferred interest" filter, kept for the pages of one query as the table scrolls.
  let lastInterestQuery: { key: string; rows: ClientRow[] } | null = null;

  function withGroupInterest(args: ParsedArgs<'clients.search'>, feature: string): Page<ClientRow> {
    const { offset, limit, groupInterest: _, ...query } = args;
    const run = latestCompletedRun(ctx.db);
    const key = JSON.stringify([run?.id ?? null, feature, query]);
    if (lastInterestQuery?.key !== key) {
      const members = new Set(
        run ? segmentClientRows(ctx.db, run.id, feature, segmentDepth).map((m) => m.clientId) : [],
      );
      const rows: ClientRow[] = [];
      // The client book's own search, filters and sort, narrowed to the segment's members.
      for (let page = 0; members.size > 0; page += 500) {
        const batch = book.listClients({ ...query, offset: page, limit: 500 });
        rows.push(...batch.rows.filter((r) => members.has(r.id)));
        if (page + 500 >= batch.total) break;
      }
      lastInterestQuery = { key, rows };
    }
    return {
      total: lastInterestQuery.rows.length,
      offset,
      limit,
      rows: lastInterestQuery.rows.slice(offset, offset + limit),
    };
  }

  return {
    'clients.search': (args) =>
      args.groupInterest ? withGroupInterest(args, args.groupInterest) : book.listClients(args),
    'clients.facets': () => {
      const run = latestCompletedRun(ctx.db);
      const groupInterests = run
        ? segmentRows(ctx.db, run.id, { minClients: 1, depth: segmentDepth, limit: 300 }).map((s) => ({
            value: s.feature,
            count: s.clientCount,
          }))
        : [];
      return { ...book.clientFacets(), groupInterests };
    },
    'clients.get': ({ clientId }) => book.clientDetail(clientId),
    'clients.timeline': ({ clientId, ...query }) => book.clientTimeline(clientId, query),
    'clients.notes': ({ clientId }) => book.clientNotes(clientId),
    'clients.addNote': (note) => {
      const added = book.addNote(note);
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
