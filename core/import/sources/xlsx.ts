import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { FileProblem, type Sniffed } from './sniff.js';
import { tableOf, type ReadContext, type SourceRow, type SourceTable } from './table.js';
import type { Cell } from '../types.js';

type ExcelValue = ExcelJS.CellValue | undefined;

/** What a user sees in an Excel cell: rich text as its text, a link as its label, a formula as its result. */
export function excelCell(value: ExcelValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : excelCell(value.text);
  if ('formula' in value || 'sharedFormula' in value) return excelCell(value.result);
  if ('error' in value) return value.error;
  return null;
}

/** Streams the first (or the named) worksheet of a workbook with exceljs's streaming reader. */
export async function openXlsx(file: string, sniffed: Sniffed, context: ReadContext): Promise<SourceTable> {
  const source = createReadStream(file, { signal: context.signal, highWaterMark: 256 * 1024 });
  let bytes = 0;
  source.on('data', (chunk: Buffer | string) => {
    bytes += chunk.length;
    context.onBytes?.(bytes, sniffed.size);
  });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // date cells are told apart from numbers by their style
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const sheets = reader[Symbol.asyncIterator]();
  const seen: string[] = [];
  const wrap = (error: unknown): unknown => {
    if (error instanceof FileProblem || (error as Error).name === 'AbortError') return error;
    // The reader parses rows in chunks before handing them over: which row it was on is not known here.
    if (missingCellReference(error))
      return new FileProblem(
        'has cells without a cell reference (<c> without r="A1"): the program that wrote it leaves them ' +
          'out, and this reader needs them to place each cell in its column; open it in Excel or ' +
          'LibreOffice and save it again, or save it as CSV',
      );
    return new FileProblem(`is not a readable .xlsx workbook (${(error as Error).message})`);
  };

  let rowsOfSheet: AsyncIterator<ExcelJS.Row> | null = null;
  try {
    for (let s = await sheets.next(); !s.done; s = await sheets.next()) {
      const sheet = s.value as ExcelJS.stream.xlsx.WorksheetReader & { name?: string };
      const name = sheet.name ?? `Sheet${seen.length + 1}`;
      seen.push(name);
      if (context.sheet === undefined || context.sheet === name) {
        rowsOfSheet = sheet[Symbol.asyncIterator]();
        break;
      }
      for await (const _row of sheet) {
        // another sheet: read past it
      }
    }
  } catch (error) {
    throw wrap(error);
  }
  if (rowsOfSheet === null)
    throw new FileProblem(
      context.sheet === undefined
        ? 'the workbook has no worksheet'
        : `the workbook has no worksheet "${context.sheet}" (it has: ${seen.join(', ')})`,
    );
  const sheetRows = rowsOfSheet;

  const next = async (): Promise<{ row: number; cells: Cell[] } | null> => {
    try {
      const r = await sheetRows.next();
      if (r.done) return null;
      const values = r.value.values as ExcelValue[];
      const cells: Cell[] = [];
      for (let i = 1; i < values.length; i++) cells.push(excelCell(values[i]));
      return { row: r.value.number, cells };
    } catch (error) {
      throw wrap(error);
    }
  };
  const blank = (cells: readonly Cell[]) =>
    cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

  let header = await next();
  while (header !== null && blank(header.cells)) header = await next();
  if (header === null) throw new FileProblem('the worksheet is empty');
  const headers = header.cells.map((c) =>
    c instanceof Date ? c.toISOString() : typeof c === 'object' || c === null ? '' : String(c).trim(),
  );

  async function* rows(): AsyncGenerator<SourceRow[]> {
    let batch: SourceRow[] = [];
    for (let r = await next(); r !== null; r = await next()) {
      if (!blank(r.cells)) batch.push(r);
      if (batch.length >= 1000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    // Let the reader finish the file (shared strings after the sheet, temp files) before the import goes on.
    for (let s = await sheets.next(); !s.done; s = await sheets.next()) {
      for await (const _row of s.value) {
        // remaining sheets
      }
    }
  }
  return tableOf('xlsx', null, headers, rows());
}

/**
 * exceljs's streaming reader places a cell by its `r` attribute, which the format allows to leave out; without
 * it, it fails decoding `undefined` as an address (a TypeError from col-cache's decodeAddress).
 */
function missingCellReference(error: unknown): boolean {
  return error instanceof TypeError && /decodeAddress/.test(error.stack ?? '');
}
