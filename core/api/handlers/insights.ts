import type { ApiContext } from '../context.js';
import { ApiFailure, type ServerHandlers } from '../dispatch.js';
import type { InsightResults } from '../contract/index.js';
import type { ClientRow } from '../contract/index.js';
import { segmentDepth } from '../../db/clients/book.js';
import { latestCompletedRun } from '../../db/runs/engine-store.js';
import { segmentClientRows } from '../../db/runs/read-queries.js';
import { segmentMemberRows } from '../../db/runs/segment-queries.js';
import { parseSegmentKey } from '../../domain/segments.js';
import { segmentName } from '../../runs/segment-names.js';
import { segmentsAndHeroItems } from '../../runs/segment-views.js';
import { clientListExport, clientListFile, slug } from '../../export/client-list.js';
import { runInfo } from './runs.js';
import { currentAssociate } from '../../db/outreach/associates.js';
import type { BookScope } from '../../domain/outreach.js';

export function insightHandlers(ctx: ApiContext): Pick<ServerHandlers, keyof InsightResults> {
  const book = (scope: BookScope) => ({ scope, associate: currentAssociate(ctx.db) });
  return {
    'insights.overview': ({ minClients, segmentLimit, heroLimit, scope }) => ({
      run: runInfo(latestCompletedRun(ctx.db)),
      ...segmentsAndHeroItems(ctx.db, {
        minClients,
        limit: segmentLimit,
        heroLimit,
        clientLimit: 12,
        book: book(scope),
      }),
    }),

    /**
     * A campaign list for one segment (its key), or for the clients of one inferred interest as the client
     * book filters them. Clients who refused marketing are left out (and counted), so the list can go to a
     * mailing tool as it is.
     */
    'insights.exportSegment': async ({ segment, format, scope }) => {
      const run = latestCompletedRun(ctx.db);
      if (!run) throw new ApiFailure('unavailable', 'no optimisation has run yet: there are no segments');
      const tastes = parseSegmentKey(segment);
      const name = tastes ? segmentName(tastes) : segment;
      const members = tastes
        ? segmentMemberRows(ctx.db, run.id, tastes, book(scope))
        : segmentClientRows(ctx.db, run.id, segment, segmentDepth, book(scope));
      if (members.length === 0) {
        const where = scope === 'all' ? '' : `in ${scope === 'mine' ? 'your book' : 'your store'} `;
        throw new ApiFailure(
          'not-found',
          tastes
            ? `no client ${where}is in the segment "${name}"`
            : `no client ${where}shares the interest "${segment}"`,
        );
      }
      // The members' client book rows, a page of ids at a time (the store's page limit), strongest first.
      const rows = new Map<number, ClientRow>();
      const ids = members.map((m) => m.clientId);
      for (let start = 0; start < ids.length; start += 500) {
        const clientIds = ids.slice(start, start + 500);
        for (const row of ctx.book.listClients({ clientIds, limit: clientIds.length }).rows)
          rows.set(row.id, row);
      }
      const file = await clientListFile(
        members.flatMap((m) => rows.get(m.clientId) ?? []),
        {
          name: `segment-${slug(name, 'segment')}`,
          format,
          clock: ctx.clock,
          sheet: 'Segment',
          strengths: new Map(members.map((m) => [m.clientId, m.strength])),
        },
      );
      return clientListExport(file);
    },
  };
}
