import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import {
  DecodeStream,
  batchesOf,
  tableOf,
  type ReadContext,
  type SourceRow,
  type SourceTable,
} from './table.js';
import { FileProblem, detectDelimiter, type Sniffed } from './sniff.js';

/** A quoted cell this large means a quote was never closed; stop there rather than read the rest as one cell. */
const maxRecordSize = 4 << 20;

const blank = (record: readonly string[]): boolean => record.every((c) => c.trim() === '');

/** Streams a CSV with csv-parse: any delimiter, CRLF/LF/CR, BOM, quoted multi-line cells, ragged rows. */
export async function openCsv(file: string, sniffed: Sniffed, context: ReadContext): Promise<SourceTable> {
  const encoding = sniffed.encoding ?? 'utf-8';
  const delimiter = context.delimiter ?? (/\.tsv$/i.test(file) ? '\t' : detectDelimiter(sniffed.head));
  const parser = parse({
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    // Blank lines stay records so that row numbers match what a spreadsheet shows.
    skip_empty_lines: false,
    bom: true,
    max_record_size: maxRecordSize,
  });
  const source = createReadStream(file, { signal: context.signal, highWaterMark: 256 * 1024 });
  pipeline(source, new DecodeStream(encoding, sniffed.size, context.onBytes), parser, () => {});
  const batches = batchesOf<string[]>(parser);
  // Spreadsheet row of the last record read (the header is row 1).
  let row = 0;

  let headers: string[] | null = null;
  const next = async (): Promise<string[][] | null> => {
    try {
      const result = await batches.next();
      return result.done ? null : result.value;
    } catch (error) {
      throw explain(error, headers);
    }
  };

  let batch = await next();
  let start = 0;
  while (batch !== null && headers === null) {
    for (start = 0; start < batch.length && headers === null; start++) {
      row++;
      if (!blank(batch[start]!)) headers = batch[start]!.map((h) => h.trim());
    }
    if (headers === null) batch = await next();
  }
  if (headers === null) throw new FileProblem('the file is empty');

  async function* rows(): AsyncGenerator<SourceRow[]> {
    for (let b = batch, from = start; b !== null; b = await next(), from = 0) {
      const out: SourceRow[] = [];
      for (let i = from; i < b.length; i++) {
        row++;
        if (!blank(b[i]!)) out.push({ row, cells: b[i]! });
      }
      if (out.length > 0) yield out;
    }
  }
  return tableOf('csv', encoding, headers, rows());
}

/** csv-parse's errors as a user can act on them; none carries the cell's text (it may be megabytes). */
function explain(error: unknown, headers: readonly string[] | null): unknown {
  const { code, records, column } = error as { code?: unknown; records?: unknown; column?: unknown };
  const row = typeof records === 'number' ? records + 1 : null;
  const at = row === null ? '' : ` on row ${row}`;
  if (code === 'CSV_QUOTE_NOT_CLOSED')
    return new FileProblem(`unbalanced quote: the quoted cell that starts${at} is never closed`, row);
  if (code === 'CSV_MAX_RECORD_SIZE') {
    // csv-parse counts the cells of the record it was reading from 0; the header names them.
    const name = typeof column === 'number' ? (headers?.[column] ?? null) : null;
    return new FileProblem(
      `a cell over ${maxRecordSize >> 20} MB starts${at}: a quote that is never closed, which takes in the ` +
        `rest of the file, or a value far too large for one cell; reading stopped there`,
      row,
      name === '' ? null : name,
    );
  }
  if (typeof code === 'string' && code.startsWith('CSV_'))
    return new FileProblem(`cannot be read as CSV: ${(error as Error).message}`, row);
  return error;
}
