import { extname } from 'node:path';
import { normaliseHeader, requiredFields } from './aliases.js';
import type { EntitySettings, FieldProblem, ImportedDate, ValueSettings } from './build.js';
import { CompiledColumns, FillDown } from './columns.js';
import type { IssueLog } from './issues.js';
import type { EntityMapping } from './mapping.js';
import { FileProblem, openTable, type SourceTable } from './sources/index.js';
import { mixedEncoding } from './sources/sniff.js';
import type { Cell, ImportedFile, SourceFormat } from './types.js';
import type { ImportEntity } from '../domain/imports.js';
import { isBlank } from './values/cells.js';
import { dayOrderAdvice } from './values/dates.js';
import { detectPresets, presetHint } from './presets/detect.js';

export interface ReadSetup {
  readonly file: string;
  readonly mapping: EntityMapping;
  readonly settings: ValueSettings;
  readonly delimiter?: string | undefined;
  readonly encoding?: string | undefined;
  readonly sheet?: string | undefined;
  readonly log: IssueLog;
  readonly signal?: AbortSignal | undefined;
  readonly onBytes?: ((done: number, total: number) => void) | undefined;
  /** No mapping was given: say so when a preset fits the file (presets/detect.ts). */
  readonly suggestPresets?: boolean | undefined;
}

export interface Keyed<R> {
  readonly record: R;
  readonly row: number;
  /** A client's important dates from the row (client_dates); undefined when it brings none. */
  readonly dates?: readonly ImportedDate[] | undefined;
}

/** The records of a catalog or client file, by external id; `failed` holds the ids of rows in error, with the row. */
export interface RecordSet<R> {
  readonly records: Map<string, Keyed<R>>;
  readonly failed: Map<string, number>;
}

export const emptySet = <R>(): RecordSet<R> => ({ records: new Map(), failed: new Map() });

export function entitySettings(mapping: EntityMapping): EntitySettings {
  return {
    listSeparator: mapping.listSeparator ?? /[,;|]/,
    pathSeparator: mapping.pathSeparator ?? '>',
    amountIsUnitPrice: mapping.amountIsUnitPrice ?? false,
  };
}

export interface Opened {
  readonly table: SourceTable;
  readonly compiled: CompiledColumns;
  readonly fill: FillDown | null;
  readonly fillIndex: number | null;
}

const fsProblems: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a folder, not a file',
};

/** Opens a file and binds its header to the entity's fields; null (with the problems logged) when it cannot be read. */
export async function openEntity(entity: ImportEntity, setup: ReadSetup): Promise<Opened | null> {
  const { file, log, mapping } = setup;
  let table: SourceTable;
  try {
    table = await openTable(file, entity, setup);
  } catch (error) {
    if (error instanceof FileProblem) {
      log.fileError(file, error.row, error.column, error.message);
      return null;
    }
    const problem = fsProblems[(error as NodeJS.ErrnoException).code ?? ''];
    if (problem === undefined) throw error;
    log.error(file, null, null, problem);
    return null;
  }
  const compiled = new CompiledColumns(entity, table.headers, mapping);
  warnDuplicateHeaders(setup, table.headers, compiled.usedColumns);
  if (table.encoding === mixedEncoding)
    log.warning(
      file,
      null,
      null,
      'mixes UTF-8 and Windows-1252 lines (written by two programs?): each line was read in its own ' +
        'encoding; check the accented names, or save the file as UTF-8',
    );
  let ok = true;
  const shown = table.headers.slice(0, 12).join(', ') + (table.headers.length > 12 ? ', ...' : '');
  for (const group of requiredFields[entity]) {
    if (group.some((f) => compiled.has(f))) continue;
    ok = false;
    const missing = group.map((f) => compiled.missing.find((m) => m.field === f));
    const looked = [...new Set(missing.flatMap((m) => m?.lookedFor ?? []))];
    log.error(
      file,
      null,
      null,
      missing[0]?.explicit
        ? `the mapping reads ${group[0]} from ${looked.map((c) => `"${c}"`).join(' or ')}, ` +
            `but the file has no such column (its columns: ${shown})`
        : `missing a column for ${group.join(' or ')} (looked for: ${looked.slice(0, 10).join(', ')}); ` +
            `name it in the mapping's "columns" (the file's columns: ${shown})`,
    );
  }
  const preset = setup.suggestPresets ? detectPresets(entity, table.headers)[0] : undefined;
  if (preset !== undefined) log.hint(file, presetHint(preset));
  let fill: FillDown | null = null;
  let fillIndex: number | null = null;
  if (mapping.fillDown !== undefined) {
    const index = compiled.columnIndex(mapping.fillDown);
    if (index === undefined) {
      ok = false;
      log.error(file, null, null, `the mapping's fillDown column "${mapping.fillDown}" is not in the file`);
    } else [fill, fillIndex] = [new FillDown(index), index];
  }
  return ok ? { table, compiled, fill, fillIndex } : null;
}

/**
 * Two columns with one header ("Title" twice, or "Email" and "E-mail"): the importer reads the first, and says
 * so, naming both, for each column it reads whose header another column repeats.
 */
function warnDuplicateHeaders(setup: ReadSetup, headers: readonly string[], used: ReadonlySet<number>): void {
  const byKey = new Map<string, number[]>();
  headers.forEach((h, i) => {
    const key = normaliseHeader(h);
    if (key === '') return;
    const same = byKey.get(key);
    if (same) same.push(i);
    else byKey.set(key, [i]);
  });
  for (const columns of byKey.values()) {
    const read = columns.find((i) => used.has(i));
    if (columns.length < 2 || read === undefined) continue;
    const others = columns.filter((i) => i !== read);
    setup.log.warning(
      setup.file,
      null,
      headers[read]!,
      `the file has ${columns.length} columns named "${headers[read]}" (columns ${columns.map((i) => i + 1).join(', ')}): ` +
        `column ${read + 1} is read, ${others.map((i) => `column ${i + 1} ("${headers[i]}")`).join(', ')} is not`,
    );
  }
}

export interface RowOfFile {
  readonly row: number;
  readonly cells: readonly Cell[];
  /** The row continues the one above (same fill-down key). */
  readonly continuation: boolean;
}

/**
 * Calls `each` for the rows of an opened file after the checks every entity shares (unreadable lines,
 * stray cells past the header, fill-down). Returns how many rows the file has.
 */
export async function forEachRow(
  opened: Opened,
  setup: ReadSetup,
  each: (row: RowOfFile) => void,
): Promise<number> {
  const width = opened.table.headers.length;
  let count = 0;
  try {
    for await (const batch of opened.table.batches) {
      setup.signal?.throwIfAborted();
      for (const source of batch) {
        count++;
        if (source.problem !== undefined) {
          setup.log.error(setup.file, source.row, null, source.problem);
          continue;
        }
        if (source.cells.length > width && source.cells.slice(width).some((c) => !isBlank(c))) {
          setup.log.error(
            setup.file,
            source.row,
            null,
            `has ${source.cells.length} cells but the header has ${width} columns ` +
              '(a value holding the delimiter without quotes?)',
          );
          continue;
        }
        if (opened.fill === null) each({ row: source.row, cells: source.cells, continuation: false });
        else each({ row: source.row, ...opened.fill.apply(source.cells) });
      }
    }
  } catch (error) {
    // A file that turns out unreadable part way (an unclosed quote, bytes that are not its encoding).
    if (!(error instanceof FileProblem)) throw error;
    setup.log.fileError(setup.file, error.row, error.column, error.message);
    return count;
  }
  if (count === 0) setup.log.error(setup.file, null, null, 'has a header but no rows below it');
  return count;
}

export function summary(
  entity: ImportEntity,
  setup: ReadSetup,
  opened: Opened | null,
  rows: number,
  skipped: number,
  extraUsed: Iterable<number> = [],
  leftOut: Readonly<Record<string, number>> = {},
): ImportedFile {
  const used = [...extraUsed, ...(opened?.fillIndex == null ? [] : [opened.fillIndex])];
  const dayOrder = setup.settings.dayOrder;
  const advice = dayOrder && dayOrderAdvice(dayOrder, setup.settings.dateOrder);
  if (advice && dayOrder.monthFirst > 0) setup.log.hint(setup.file, advice);
  else if (advice) setup.log.warning(setup.file, null, null, advice);
  const defaulted = setup.settings.tally?.defaultCurrency ?? 0;
  if (defaulted > 0)
    setup.log.warning(
      setup.file,
      null,
      null,
      `${defaulted} price${defaulted === 1 ? '' : 's'} in this file carr${defaulted === 1 ? 'ies' : 'y'} no currency: ` +
        `read as ${setup.settings.defaultCurrency}, the boutique's currency`,
    );
  return {
    file: setup.file,
    entity,
    format: opened?.table.format ?? formatOfName(setup.file),
    encoding: opened?.table.encoding ?? null,
    rows,
    skipped,
    invalid: 0,
    skippedRowsFile: null,
    leftOut,
    ignoredColumns: opened ? opened.compiled.ignoredColumns(used) : [],
  };
}

function formatOfName(file: string): SourceFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.json') return 'json';
  return ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : 'csv';
}

export function report(setup: ReadSetup, row: number, problems: readonly FieldProblem[], prefix = ''): void {
  for (const p of problems) setup.log.error(setup.file, row, p.column, prefix + p.message);
}

/** "rows 2-8, 13-16, 25" for a sorted list of rows, shortened past 30 ranges. */
export function rowRanges(rows: readonly number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < rows.length;) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    ranges.push(i === j ? String(rows[i]) : `${rows[i]}-${rows[j]}`);
    i = j + 1;
  }
  const shown = ranges.slice(0, 30).join(', ');
  return `row${rows.length === 1 ? '' : 's'} ${shown}${ranges.length > 30 ? ', ...' : ''}`;
}
