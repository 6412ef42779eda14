import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import { decodeLine, FileProblem, mixedEncoding } from './sniff.js';
import type { Cell, SourceFormat } from '../types.js';

export interface SourceRow {
  /** The row as a user sees it: spreadsheet row (header = 1), JSON record number, JSONL line. */
  readonly row: number;
  readonly cells: readonly Cell[];
  /** The row could not be read at all (a JSONL line that is not JSON). */
  readonly problem?: string;
}

export interface SourceTable {
  readonly format: SourceFormat;
  readonly encoding: string | null;
  readonly headers: readonly string[];
  /** Rows in batches (what the parser had ready), so the per-row cost stays synchronous. */
  readonly batches: AsyncIterable<readonly SourceRow[]>;
  /** The same rows one at a time (previews); read either this or `batches`, not both. */
  readonly rows: AsyncIterable<SourceRow>;
}

export function tableOf(
  format: SourceFormat,
  encoding: string | null,
  headers: readonly string[],
  batches: AsyncGenerator<readonly SourceRow[]>,
): SourceTable {
  async function* rows(): AsyncGenerator<SourceRow> {
    for await (const batch of batches) yield* batch;
  }
  return { format, encoding, headers, batches, rows: rows() };
}

export interface ReadContext {
  readonly signal?: AbortSignal | undefined;
  /** Bytes of the file read so far. */
  readonly onBytes?: ((done: number, total: number) => void) | undefined;
  readonly delimiter?: string | undefined;
  readonly encoding?: string | undefined;
  readonly sheet?: string | undefined;
}

/** Counts bytes for progress, then decodes to text; invalid UTF-8 is an error rather than silent U+FFFD. */
export class DecodeStream extends Transform {
  private bytes = 0;
  private readonly utf8: TextDecoder | null;
  private readonly other: ReturnType<typeof iconv.getDecoder> | null;

  constructor(
    private readonly encoding: string,
    private readonly total: number,
    private readonly onBytes: ReadContext['onBytes'],
  ) {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' });
    const utf8 = /^utf-?8$/i.test(encoding);
    this.mixed = encoding === mixedEncoding;
    this.utf8 = utf8 ? new TextDecoder('utf-8', { fatal: true }) : null;
    this.other = utf8 || this.mixed ? null : iconv.getDecoder(encoding, { stripBOM: true });
  }

  /** Mixed UTF-8 / Windows-1252: the bytes of the line not yet ended. */
  private readonly mixed: boolean;
  private pending: Buffer = Buffer.alloc(0);

  private mixedLines(chunk: Buffer): string {
    const bytes = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const end = bytes.lastIndexOf(0x0a) + 1;
    this.pending = bytes.subarray(end);
    let text = '';
    let start = 0;
    for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) {
      text += decodeLine(bytes.subarray(start, i + 1));
      start = i + 1;
    }
    return text;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      const text = this.mixed
        ? this.mixedLines(chunk)
        : this.utf8
          ? this.utf8.decode(chunk, { stream: true })
          : this.other!.write(chunk);
      this.bytes += chunk.length;
      this.onBytes?.(this.bytes, this.total);
      callback(null, text);
    } catch {
      callback(this.invalid());
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      const rest = this.mixed
        ? decodeLine(this.pending)
        : this.utf8
          ? this.utf8.decode()
          : (this.other!.end() ?? '');
      callback(null, rest);
    } catch {
      callback(this.invalid());
    }
  }

  private invalid(): FileProblem {
    return new FileProblem(
      `is not valid ${this.encoding} text after byte ${this.bytes}: save it as UTF-8, ` +
        'or set "encoding" (e.g. "windows-1252") in the mapping options',
    );
  }
}

/**
 * The records of an object-mode stream in batches: everything buffered at each wake-up. Iterating a stream
 * record by record costs a promise per record, which at 200,000 rows is most of an import's time.
 */
export async function* batchesOf<T>(stream: Readable): AsyncGenerator<T[]> {
  let failure: unknown = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => wake?.();
  stream.on('readable', notify);
  stream.once('end', () => ((ended = true), notify()));
  stream.once('error', (error) => ((failure = error), notify()));
  try {
    for (;;) {
      const batch: T[] = [];
      for (let record = stream.read() as T | null; record !== null; record = stream.read() as T | null)
        batch.push(record);
      if (batch.length > 0) yield batch;
      if (failure !== null) throw failure as Error;
      if (ended) return;
      if (batch.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    stream.off('readable', notify);
    if (!ended) stream.destroy();
  }
}
