import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import type { SourceFormat } from '../types.js';
import { CoreError } from '../../domain/errors.js';

/** A file that cannot be read at all: the message says what it is instead. */
export class FileProblem extends CoreError<'unreadable-file'> {
  constructor(
    message: string,
    readonly row: number | null = null,
    readonly column: string | null = null,
  ) {
    super('unreadable-file', 'bad-input', message);
  }
}

const sampleSize = 1 << 20;

export interface Sniffed {
  readonly format: SourceFormat;
  readonly size: number;
  /** The text encoding (null for XLSX). */
  readonly encoding: string | null;
  /** The decoded start of a text file, for delimiter detection. */
  readonly head: string;
}

const magic: ReadonlyArray<readonly [number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an Excel .xlsx workbook?)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel .xls workbook: save it as .xlsx or CSV'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database'],
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** Decides how to read a file from its name and first bytes: format, text encoding, or why it cannot be read. */
export async function sniffFile(file: string, encodingOption: string | undefined): Promise<Sniffed> {
  const handle = await open(file, 'r');
  let sample: Uint8Array;
  let size: number;
  try {
    size = (await handle.stat()).size;
    const buffer = Buffer.alloc(Math.min(size, sampleSize));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    sample = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (size === 0) throw new FileProblem('the file is empty');
  const ext = extname(file).toLowerCase();

  if (ext === '.xlsx' || ext === '.xlsm') {
    if (!startsWith(sample, [0x50, 0x4b, 0x03, 0x04]))
      throw new FileProblem(`is not a valid .xlsx workbook (${describeBinary(sample) ?? 'it holds text'})`);
    return { format: 'xlsx', size, encoding: null, head: '' };
  }
  if (ext === '.xls') throw new FileProblem('old Excel .xls workbooks are not read: save it as .xlsx or CSV');
  const format: SourceFormat =
    ext === '.json' ? 'json' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : 'csv';

  const binary = describeBinary(sample);
  if (binary !== null) throw new FileProblem(`is not a text file: it looks like ${binary}`);
  const encoding = detectEncoding(sample, encodingOption);
  const start = sample.subarray(0, 64 * 1024);
  const head =
    encoding === mixedEncoding
      ? [...splitLines(start)].map(decodeLine).join('\n')
      : iconv.decode(Buffer.from(start), encoding);
  if (head.trim() === '') throw new FileProblem('the file is empty (only blank lines)');
  return { format, size, encoding, head };
}

function* splitLines(bytes: Uint8Array): Generator<Uint8Array> {
  let start = 0;
  for (let i = 0; i <= bytes.length; i++)
    if (i === bytes.length || bytes[i] === 0x0a) {
      yield bytes.subarray(start, i);
      start = i + 1;
    }
}

/** What a non-text file is, or null when it looks like text (UTF-16 with a BOM counts as text). */
function describeBinary(sample: Uint8Array): string | null {
  if (startsWith(sample, [0xff, 0xfe]) || startsWith(sample, [0xfe, 0xff])) return null;
  for (const [prefix, what] of magic) if (startsWith(sample, prefix)) return what;
  const probe = sample.subarray(0, 8192);
  let control = 0;
  for (const b of probe) {
    if (b === 0) return 'binary data (it contains NUL bytes)';
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  return control > probe.length * 0.01 ? 'binary data (it contains control bytes)' : null;
}

/**
 * UTF-8 when the sample decodes as UTF-8 (with or without BOM); otherwise chardet's guess, preferring
 * Windows-1252 among the Western single-byte encodings (it is what Excel on Windows writes, and a
 * superset of Latin-1 for printable text). An explicit `encoding` in the mapping wins.
 */
export function detectEncoding(sample: Uint8Array, option: string | undefined): string {
  if (option !== undefined && option !== 'auto') return option;
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(sample, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(sample, [0xfe, 0xff])) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    // not UTF-8: mixed, or guess below
  }
  if (mixesUtf8(sample)) return mixedEncoding;
  const western = new Set(['ISO-8859-1', 'ISO-8859-15', 'windows-1252']);
  const candidates = chardet.analyse(sample).filter((m) => iconv.encodingExists(m.name));
  const top = candidates[0];
  if (top === undefined || western.has(top.name)) return 'windows-1252';
  const westernCandidate = candidates.find((m) => western.has(m.name));
  if (westernCandidate && westernCandidate.confidence >= top.confidence - 10) return 'windows-1252';
  return top.name;
}

/**
 * A file whose lines are some UTF-8 and some Windows-1252 (rows appended by two tools): read line by line, each
 * in its own encoding, instead of whole as Windows-1252 (every UTF-8 "é" would become "Ã©").
 */
export const mixedEncoding = 'utf-8/windows-1252';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** One line's bytes as text: UTF-8 when they are valid UTF-8, else Windows-1252. */
export function decodeLine(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), 'windows-1252');
  }
}

/** Whether the sample's non-ASCII lines are some valid UTF-8 and some not (its last, cut line aside). */
function mixesUtf8(sample: Uint8Array): boolean {
  let utf8 = 0;
  let other = 0;
  let start = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0x0a) continue;
    const line = sample.subarray(start, i);
    start = i + 1;
    if (!line.some((b) => b >= 0x80)) continue;
    try {
      strictUtf8.decode(line);
      utf8++;
    } catch {
      other++;
    }
    if (utf8 > 0 && other > 0) return true;
  }
  return false;
}

/** The delimiter of a CSV: the candidate most frequent in the header line, outside quotes and hints. */
export function detectDelimiter(head: string): string {
  let line = '';
  let quoted = false;
  for (const ch of head.replace(/^\ufeff/, '')) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (line.trim() !== '') break;
      line = '';
      continue;
    }
    if (!quoted) line += ch;
  }
  // Header hints such as "Groups (x,y,z...)" list values with commas: they say nothing of the delimiter.
  const bare = line.replace(/\([^)]*\)/g, '');
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t', '|']) {
    const count = bare.split(candidate).length - 1;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}
