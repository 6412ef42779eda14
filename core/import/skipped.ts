import { writeFile } from 'node:fs/promises';
import { CompiledColumns, FillDown } from './columns.js';
import type { IssueLog } from './issues.js';
import type { ReadSetup } from './read-common.js';
import { openTable } from './sources/index.js';
import type { Cell, ImportedFile } from './types.js';
import { preview } from './values/cells.js';

/**
 * With skipInvalid: each file's rows left out for their problems, written to a CSV with their reasons first,
 * then the file's own columns as the row read (continuation rows filled in), so that the file can be fixed
 * and imported again on its own. Written before anything is imported: a CSV that cannot be written refuses
 * the import rather than lose the list.
 */
export async function writeSkipped(
  summaries: readonly ImportedFile[],
  log: IssueLog,
  skippedRowsFile: ((file: string) => string) | undefined,
  setupOf: (summary: ImportedFile) => ReadSetup,
): Promise<ImportedFile[]> {
  const out: ImportedFile[] = [];
  for (const summary of summaries) {
    const rejected = log.rejected.get(summary.file);
    const invalid = rejected?.size ?? 0;
    let written: string | null = null;
    if (rejected !== undefined && invalid > 0 && skippedRowsFile !== undefined) {
      const target = skippedRowsFile(summary.file);
      try {
        await writeFile(target, await skippedCsv(summary, rejected, setupOf(summary)));
        written = target;
      } catch (error) {
        log.fileError(
          summary.file,
          null,
          null,
          `cannot write its ${invalid} skipped row${invalid === 1 ? '' : 's'} to ${target} ` +
            `(${(error as Error).message}): nothing was imported`,
        );
      }
    }
    out.push({ ...summary, invalid, skippedRowsFile: written });
  }
  return out;
}

/** The header of the skipped-rows CSV before the file's own columns. */
export const skippedColumns = ['Skipped row', 'Problems'] as const;

async function skippedCsv(
  summary: ImportedFile,
  rejected: ReadonlyMap<number, readonly string[]>,
  setup: ReadSetup,
): Promise<string> {
  const table = await openTable(summary.file, summary.entity, setup);
  const fillIndex =
    setup.mapping.fillDown === undefined
      ? undefined
      : new CompiledColumns(summary.entity, table.headers, setup.mapping).columnIndex(setup.mapping.fillDown);
  const fill = fillIndex === undefined ? null : new FillDown(fillIndex);
  const lines = [csvLine([...skippedColumns, ...table.headers])];
  const found = new Set<number>();
  for await (const batch of table.batches)
    for (const source of batch) {
      const cells = fill === null ? source.cells : fill.apply(source.cells).cells;
      const reasons = rejected.get(source.row);
      if (reasons === undefined) continue;
      found.add(source.row);
      lines.push(csvLine([String(source.row), reasons.join('; '), ...cells.map(cellText)]));
    }
  // Rows the second reading did not give back (the file changed since): their reasons still.
  for (const [row, reasons] of rejected)
    if (!found.has(row)) lines.push(csvLine([String(row), reasons.join('; ')]));
  // A BOM, so that Excel opens it as UTF-8; CRLF as Excel writes.
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'object') {
    try {
      return JSON.stringify(cell);
    } catch {
      // Nested too deep to write out (it is why the row was skipped): its start is enough to find it.
      return preview(cell, 1000);
    }
  }
  return String(cell);
}

function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]|^\s|\s$/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}
