import type { ApiContext } from '../context.js';
import type { ServerHandlers } from '../dispatch.js';
import type { ClientResults, ClientRow } from '../contract/index.js';
import { ApiFailure } from '../dispatch.js';
import { clientListExport, clientListFile, slug } from '../../export/client-list.js';
import { latestCompletedRun } from '../../db/runs/engine-store.js';
import { clientInterests, clientRecommendations } from '../../runs/read.js';
import { runInfo } from './runs.js';
import { currentAssociate } from '../../db/outreach/associates.js';
import { fold } from '../../db/clients/search.js';
import { eraseClient } from '../../privacy/erase.js';
import { clientExport, clientExportFile } from '../../privacy/export.js';

export function clientHandlers(ctx: ApiContext): Pick<ServerHandlers, keyof ClientResults> {
  const book = ctx.book;
  return {
    // Search, filters (the inferred interest one too), sort and paging all run in the store's SQL.
    'clients.search': ({ scope, ...query }) =>
      book.listClients(query, { scope, associate: currentAssociate(ctx.db) }),
    'clients.export': async ({ scope, format, ...query }) => {
      const me = currentAssociate(ctx.db);
      const filter = { scope, associate: me };
      const rows: ClientRow[] = [];
      for (let total = Infinity; rows.length < total;) {
        const page = book.listClients({ ...query, offset: rows.length, limit: 500 }, filter);
        rows.push(...page.rows);
        total = page.rows.length === 0 ? rows.length : page.total;
      }
      if (rows.length === 0)
        throw new ApiFailure('not-found', 'no client matches these filters: nothing to export');
      const whose =
        !me || scope === 'all' ? 'all-stores' : scope === 'mine' ? me.name : (me.store ?? 'no-store');
      const file = await clientListFile(rows, {
        name: `clients-${slug(whose, 'book')}`,
        format,
        clock: ctx.clock,
        sheet: 'Clients',
      });
      return clientListExport(file);
    },
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
    'clients.erase': ({ clientId, confirmName }) => {
      const client = book.clientDetail(clientId);
      const key = (name: string) => fold(name).replace(/\s+/g, ' ').trim();
      if (key(confirmName) !== key(client.name))
        throw new ApiFailure('invalid-arguments', 'the name typed is not the client’s: nothing was erased');
      // A job reads the book before it writes: one running now would write her rows back, or fail doing so.
      const running = ctx.jobs.list().find((j) => j.status === 'running');
      if (running)
        throw new ApiFailure(
          'busy',
          `the ${running.kind} job is running: wait for it to finish, then erase the client`,
        );
      const erasure = eraseClient(ctx.db, clientId, {
        clock: ctx.clock,
        by: currentAssociate(ctx.db)?.name ?? null,
        via: 'app',
      });
      ctx.events.emit({
        event: 'data.changed',
        payload: { what: ['clients', 'engine', 'selections', 'outreach'] },
      });
      return {
        externalId: erasure.externalId,
        rowsRemoved: Object.values(erasure.removed).reduce((a, b) => a + b, 0),
        tables: erasure.removed,
        neighbours: erasure.neighbours.status,
        clientsRecomputed: erasure.neighbours.clientsRecomputed,
        message: erasure.neighbours.message,
        fileClean: erasure.file.vacuumed && erasure.file.walEmptied,
        warnings: erasure.warnings,
        ms: erasure.ms,
      };
    },
    'clients.exportData': ({ clientId }) => {
      book.clientDetail(clientId);
      const { fileName, json } = clientExportFile(clientExport(ctx.db, clientId, ctx.clock));
      return { fileName, mimeType: 'application/json', base64: Buffer.from(json, 'utf8').toString('base64') };
    },
  };
}
