import { basename } from 'node:path';
import type { ApiContext } from '../context.js';
import type { ServerHandlers } from '../dispatch.js';
import type { ImportResults } from '../contract/index.js';
import { stageFile, stagedPath } from '../jobs/staging.js';
import { openTable } from '../../import/sources/index.js';
import { CompiledColumns } from '../../import/columns.js';
import { detectPresets } from '../../import/presets/detect.js';
import { requiredFields } from '../../import/aliases.js';
import { entityFields } from '../../import/mapping.js';
import { presetNames, presets } from '../../import/index.js';
import type { Cell } from '../../import/types.js';
import { preview } from '../../import/values/cells.js';

const sampleRows = 8;

function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  // A list or object: its start, as the import report quotes it (a value nested 100,000 deep stays bounded).
  if (typeof cell === 'object') return preview(cell, 200);
  return String(cell);
}

export function importHandlers(ctx: ApiContext): Pick<ServerHandlers, keyof ImportResults> {
  return {
    'import.stage': ({ fileName, base64 }) => {
      const bytes = Buffer.from(base64, 'base64');
      const fileId = stageFile(ctx.stagingDir, basename(fileName), bytes);
      return { fileId, fileName: basename(fileName), sizeBytes: bytes.length };
    },

    'import.columns': async ({ fileId, role }) => {
      const table = await openTable(stagedPath(ctx.stagingDir, fileId), role, {});
      const sample: string[][] = [];
      for await (const row of table.rows) {
        sample.push(table.headers.map((_, i) => cellText(row.cells[i])));
        if (sample.length >= sampleRows) break;
      }
      // What the importer itself would read each field from, with no mapping: its header aliases.
      const compiled = new CompiledColumns(role, table.headers, {});
      const fields = (entityFields[role] as readonly string[]).map((field) => {
        const first = compiled.fields.get(field)?.alternatives[0];
        return { field, column: first && 'column' in first ? first.column : null };
      });
      return {
        fileId,
        role,
        format: table.format,
        encoding: table.encoding,
        headers: table.headers,
        sample,
        fields,
        required: requiredFields[role],
        suggestedPresets: detectPresets(role, table.headers).map(({ name, description }) => ({
          name,
          description,
        })),
      };
    },

    'import.presets': () =>
      presetNames.map((name) => ({ name, description: presets[name].description ?? name })),
  };
}
