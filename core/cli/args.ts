import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CoreError, type CoreErrorOptions } from '../domain/errors.js';

/** Wrong usage: exit code 2 with the command's help. */
export class UsageError extends CoreError<'usage'> {
  constructor(message: string, options?: CoreErrorOptions) {
    super('usage', 'invalid-arguments', message, options);
  }
}
/** Bad input (a file, a value): exit code 1 with the report on stderr. */
export class InputError extends CoreError<'bad-input'> {
  constructor(message: string, options?: CoreErrorOptions) {
    super('bad-input', 'bad-input', message, options);
  }
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: string[], io: CommandIo): Promise<number> | number;
}

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Standard output is a terminal (tables and colours rather than plain lines). */
  readonly isTty: boolean;
  /** Standard error is a terminal: progress bars are drawn there, never into a pipe or a log file. */
  readonly errIsTty: boolean;
  /** All of standard input; process.stdin when absent (tests pass text instead). */
  readonly readStdin?: () => Promise<string>;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type ParsedValues<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O & { help: { type: 'boolean'; short: 'h' } }; strict: true }>
>['values'];

/** parseArgs with `--help` everywhere and unknown flags turned into usage errors. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O): { values: ParsedValues<O> } {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A command that reads a boutique needs its file to exist: opening would create an empty one. */
export function assertDatabaseFile(file: string): void {
  if (!existsSync(file)) throw new InputError(`${file}: no such database file`);
}

export function requireOption(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

export function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${flag} must be a positive whole number, not "${value}"`);
  return n;
}
