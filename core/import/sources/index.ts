import { openCsv } from './csv.js';
import { openJson, openJsonLines } from './json.js';
import { sniffFile } from './sniff.js';
import { openXlsx } from './xlsx.js';
import type { ReadContext, SourceTable } from './table.js';
import type { ImportEntity } from '../../domain/imports.js';

export { FileProblem } from './sniff.js';
export type { ReadContext, SourceRow, SourceTable } from './table.js';

/** Opens a file as a table of rows, choosing the reader from its extension and first bytes. */
export async function openTable(
  file: string,
  entity: ImportEntity,
  context: ReadContext,
): Promise<SourceTable> {
  const sniffed = await sniffFile(file, context.encoding);
  switch (sniffed.format) {
    case 'csv':
      return openCsv(file, sniffed, context);
    case 'xlsx':
      return openXlsx(file, sniffed, context);
    case 'json':
      return openJson(file, sniffed, context, entity);
    case 'jsonl':
      return openJsonLines(file, sniffed, context);
    default:
      return sniffed.format satisfies never;
  }
}
