import ExcelJS from 'exceljs';
import type { ApiContext } from '../context.js';
import { ApiFailure, type ServerHandlers } from '../dispatch.js';
import type { InsightResults } from '../contract/index.js';
import type { ClientRow } from '../contract/index.js';
import { segmentDepth } from '../../db/clients/book.js';
import { latestCompletedRun } from '../../db/runs/engine-store.js';
import { segmentClientRows } from '../../db/runs/read-queries.js';
import { heroItems, segments } from '../../runs/read.js';
import { campaignAudience } from '../../export/consent.js';
import { csvRows, neutraliseFormula } from '../../export/csv.js';
import { runInfo } from './runs.js';
import { currentAssociate } from '../../db/outreach/associates.js';
import type { BookScope } from '../../domain/outreach.js';

const header = ['Client number', 'Name', 'Email', 'Phone', 'Tier', 'Store', 'Associate', 'Interest strength'];

function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'segment'
  );
}

export function insightHandlers(ctx: ApiContext): Pick<ServerHandlers, keyof InsightResults> {
  const book = (scope: BookScope) => ({ scope, associate: currentAssociate(ctx.db) });
  return {
    'insights.overview': ({ minClients, segmentLimit, heroLimit, scope }) => ({
      run: runInfo(latestCompletedRun(ctx.db)),
      segments: segments(ctx.db, {
        minClients,
        limit: segmentLimit,
        depth: segmentDepth,
        clientLimit: 12,
        book: book(scope),
      }),
      heroItems: heroItems(ctx.db, heroLimit, 3, book(scope)),
    }),

    /**
     * A campaign list for one segment. Clients who refused marketing are left out (and counted), so the
     * list can go to a mailing tool as it is.
     */
    'insights.exportSegment': async ({ feature, format, scope }) => {
      const run = latestCompletedRun(ctx.db);
      if (!run) throw new ApiFailure('unavailable', 'no optimisation has run yet: there are no segments');
      const members = segmentClientRows(ctx.db, run.id, feature, segmentDepth, book(scope));
      if (members.length === 0)
        throw new ApiFailure(
          'not-found',
          `no client ${scope === 'all' ? '' : `in ${scope === 'mine' ? 'your book' : 'your store'} `}shares the interest "${feature}"`,
        );
      // The members' client book rows, a page of ids at a time (the store's page limit), strongest first.
      const rows = new Map<number, ClientRow>();
      const ids = members.map((m) => m.clientId);
      for (let start = 0; start < ids.length; start += 500) {
        const clientIds = ids.slice(start, start + 500);
        for (const row of ctx.book.listClients({ clientIds, limit: clientIds.length }).rows)
          rows.set(row.id, row);
      }
      const audience = campaignAudience(
        members.flatMap((m) => {
          const client = rows.get(m.clientId);
          return client ? [{ ...client, strength: m.strength }] : [];
        }),
      );
      const cells = (c: ClientRow, strength: number): string[] => [
        c.externalId,
        c.name,
        c.email ?? '',
        c.phone ?? '',
        c.tier ?? '',
        c.store ?? '',
        c.associate ?? '',
        strength.toFixed(3),
      ];
      const lines = audience.contactable.map((c) => cells(c, c.strength).map(neutraliseFormula));
      const name = `segment-${slug(feature)}`;
      let file: { fileName: string; mimeType: string; bytes: Buffer };
      if (format === 'csv') {
        file = {
          fileName: `${name}.csv`,
          mimeType: 'text/csv; charset=utf-8',
          bytes: Buffer.from('\uFEFF' + csvRows([header, ...lines]), 'utf8'),
        };
      } else {
        const workbook = new ExcelJS.Workbook();
        workbook.created = ctx.clock.now();
        const sheet = workbook.addWorksheet('Segment', { views: [{ state: 'frozen', ySplit: 1 }] });
        sheet.addRow(header).font = { bold: true };
        for (const line of lines) sheet.addRow(line);
        sheet.columns.forEach((column) => (column.width = 22));
        file = {
          fileName: `${name}.xlsx`,
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          bytes: Buffer.from(await workbook.xlsx.writeBuffer()),
        };
      }
      return {
        fileName: file.fileName,
        mimeType: file.mimeType,
        base64: file.bytes.toString('base64'),
        included: audience.contactable.length,
        leftOutNoMarketingConsent: audience.refusedMarketing.length,
      };
    },
  };
}
