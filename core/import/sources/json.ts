import { createReadStream } from 'node:fs';
import { DecodeStream, tableOf, type ReadContext, type SourceRow, type SourceTable } from './table.js';
import { FileProblem, type Sniffed } from './sniff.js';
import type { Cell } from '../types.js';
import type { ImportEntity } from '../../domain/imports.js';

async function readText(file: string, sniffed: Sniffed, context: ReadContext): Promise<string> {
  const source = createReadStream(file, { signal: context.signal, highWaterMark: 256 * 1024 });
  const decoder = source.pipe(new DecodeStream(sniffed.encoding ?? 'utf-8', sniffed.size, context.onBytes));
  source.on('error', (error) => decoder.destroy(error));
  let text = '';
  for await (const chunk of decoder) text += chunk as string;
  return text;
}

function lineOf(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

type JsonRecord = { readonly [key: string]: Cell };
const isRecord = (value: unknown): value is JsonRecord =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Objects become rows over the union of their keys, in the order keys first appear. */
function toTable(
  format: 'json' | 'jsonl',
  encoding: string | null,
  entries: readonly { row: number; value: unknown; problem?: string }[],
): SourceTable {
  const headers: string[] = [];
  const index = new Map<string, number>();
  for (const { value } of entries)
    if (isRecord(value))
      for (const key of Object.keys(value))
        if (!index.has(key)) {
          index.set(key, headers.length);
          headers.push(key);
        }
  const toRow = ({ row, value, problem }: (typeof entries)[number]): SourceRow => {
    if (problem !== undefined) return { row, cells: [], problem };
    if (!isRecord(value)) return { row, cells: [], problem: `record ${row} is not an object` };
    const cells = new Array<Cell>(headers.length).fill(null);
    for (const [key, v] of Object.entries(value)) cells[index.get(key)!] = v ?? null;
    return { row, cells };
  };
  async function* rows(): AsyncGenerator<SourceRow[]> {
    for (let i = 0; i < entries.length; i += 5000) {
      await Promise.resolve();
      yield entries.slice(i, i + 5000).map(toRow);
    }
  }
  return tableOf(format, encoding, headers, rows());
}

/**
 * A JSON array of records, or an object holding one: `{"items": [...]}` (the entity's name) or an
 * object with a single array. Rows are numbered by record (1 = the first record).
 */
export async function openJson(
  file: string,
  sniffed: Sniffed,
  context: ReadContext,
  entity: ImportEntity,
): Promise<SourceTable> {
  const text = await readText(file, sniffed, context);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const where = position === undefined ? '' : ` (line ${lineOf(text, Number(position))})`;
    throw new FileProblem(`is not valid JSON${where}: ${message}`);
  }
  if (isRecord(value)) {
    const arrays = Object.entries(value).filter(([, v]) => Array.isArray(v));
    const found = value[entity] ?? (arrays.length === 1 ? arrays[0]![1] : undefined);
    if (!Array.isArray(found))
      throw new FileProblem(`holds a JSON object without a "${entity}" array: expected an array of records`);
    value = found;
  }
  if (!Array.isArray(value)) throw new FileProblem('is JSON but not an array of records');
  if (value.length === 0) throw new FileProblem('holds no records (an empty JSON array)');
  return toTable(
    'json',
    sniffed.encoding,
    value.map((v: unknown, i) => ({ row: i + 1, value: v })),
  );
}

/** One JSON object per line; rows are numbered by line. */
export async function openJsonLines(
  file: string,
  sniffed: Sniffed,
  context: ReadContext,
): Promise<SourceTable> {
  const text = await readText(file, sniffed, context);
  const entries: { row: number; value: unknown; problem?: string }[] = [];
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      entries.push({ row: i + 1, value: JSON.parse(line) });
    } catch (error) {
      entries.push({
        row: i + 1,
        value: null,
        problem: `line is not valid JSON: ${(error as Error).message}`,
      });
    }
  });
  if (entries.length === 0) throw new FileProblem('the file is empty');
  return toTable('jsonl', sniffed.encoding, entries);
}
