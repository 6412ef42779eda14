/**
 * Core's errors: every error core throws on purpose is a CoreError with a typed `kind` (what went wrong, in
 * the words of the module that threw it: 'unknown-selection', 'consent-required', 'bad-model-file') and a
 * `category` the API and the CLI act on (a not-found, a refused consent, an unreadable file...). The API
 * answers `{ kind: category }`; the CLI exits 1 on bad input. Nothing matches error names any more.
 */
export const errorCategories = [
  /** A client, item, selection, run or file named does not exist. */
  'not-found',
  /** The request is well-formed but the data refuses it (duplicate, wrong state). */
  'conflict',
  /** The client's consent forbids it (profiling refused, marketing refused). */
  'consent',
  /** An imported file, a model file or a value is unreadable or invalid. */
  'bad-input',
  /** The arguments of a request do not match what it takes. */
  'invalid-arguments',
  /** Something needed is missing here: a model, a keychain, a server, a feature not built yet. */
  'unavailable',
  /** The database or a job of the same kind is busy. */
  'busy',
  /** The work was cancelled. */
  'cancelled',
  /** A state core cannot explain: a bug, or a file altered behind its back. */
  'internal',
] as const;
export type ErrorCategory = (typeof errorCategories)[number];

/** One problem in a file or an argument: where (file, row, column or argument path) and what. */
export interface ErrorIssue {
  readonly where: string;
  readonly message: string;
}

export interface CoreErrorOptions {
  readonly issues?: readonly ErrorIssue[];
  readonly cause?: unknown;
}

export class CoreError<K extends string = string> extends Error {
  readonly issues: readonly ErrorIssue[] | undefined;
  constructor(
    readonly kind: K,
    readonly category: ErrorCategory,
    message: string,
    options: CoreErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.issues = options.issues;
  }
}

export function isCoreError(error: unknown): error is CoreError {
  return error instanceof CoreError;
}
