import { z } from 'zod';
import { methods, type Method, type ParsedArgs, type Results } from './contract.js';
import { apiErrorKinds, type ApiError, type ApiErrorKind, type ApiIssue, type Result } from './types.js';
import { SchemaTooNewError } from '../db/open.js';
import { logger } from '../log.js';

const log = logger('api');

/** A handler's way to answer with a typed error; anything else thrown becomes `internal`. */
export class ApiFailure extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly issues?: readonly ApiIssue[],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export const notFound = (what: string): ApiFailure => new ApiFailure('not-found', `${what} does not exist`);

/** Server-side handlers receive validated arguments and may throw ApiFailure; the dispatcher wraps them. */
export type ServerHandlers = {
  [M in Method]: (args: ParsedArgs<M>) => Promise<Results[M]> | Results[M];
};

/**
 * Turns whatever a handler threw into an error the UI can show. Core modules signal kinds by error name
 * (NotFoundError, ConsentError, ...) so core never depends on the API.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure)
    return { kind: error.kind, message: error.message, ...(error.issues ? { issues: error.issues } : {}) };
  if (error instanceof z.ZodError) {
    return { kind: 'bad-input', message: z.prettifyError(error), issues: zodIssues(error) };
  }
  if (error instanceof SchemaTooNewError) return { kind: 'bad-input', message: error.message };
  const coreKind = (error as { kind?: unknown } | null)?.kind;
  if (error instanceof Error && typeof coreKind === 'string') {
    const kind = kindOfCoreError(coreKind);
    if (kind) return { kind, message: error.message };
  }
  if (error instanceof Error) {
    const name = error.name;
    const code = (error as NodeJS.ErrnoException).code;
    if (name === 'AbortError') return { kind: 'cancelled', message: 'cancelled' };
    if (/NotFound/i.test(name) || code === 'ENOENT') return { kind: 'not-found', message: error.message };
    if (/Consent/i.test(name)) return { kind: 'consent', message: error.message };
    if (/Conflict|Duplicate/i.test(name) || code === 'SQLITE_CONSTRAINT_UNIQUE')
      return { kind: 'conflict', message: error.message };
    if (/Input|Import|Validation|Usage|Model|Mapping|Problem|Cell/i.test(name)) {
      const issues = (error as { issues?: unknown }).issues;
      return {
        kind: 'bad-input',
        message: error.message,
        ...(Array.isArray(issues) ? { issues: issues.map(toIssue).slice(0, 200) } : {}),
      };
    }
    if (code === 'SQLITE_BUSY')
      return { kind: 'busy', message: 'the database is busy with a job; try again' };
    return { kind: 'internal', message: error.message };
  }
  return { kind: 'internal', message: String(error) };
}

/** Core errors carry their own kind ('unknown-client', 'consent-required', ...): mapped onto the API's. */
function kindOfCoreError(kind: string): ApiErrorKind | null {
  if (kind.startsWith('unknown-')) return 'not-found';
  if (kind.includes('consent')) return 'consent';
  if (kind === 'invalid-input') return 'invalid-arguments';
  if (kind.includes('already') || kind.startsWith('item-not-in')) return 'conflict';
  if ((apiErrorKinds as readonly string[]).includes(kind)) return kind as ApiErrorKind;
  return null;
}

function toIssue(issue: unknown): ApiIssue {
  if (typeof issue === 'object' && issue !== null) {
    const i = issue as Record<string, unknown>;
    const text = (v: unknown): string | null =>
      typeof v === 'string' || typeof v === 'number' ? String(v) : null;
    const row = text(i['row']);
    const where = [text(i['file']), row === null ? null : `row ${row}`, text(i['column'])]
      .filter((part) => part !== null && part !== '')
      .join(', ');
    const message = typeof i['message'] === 'string' ? i['message'] : JSON.stringify(issue);
    return { where: where || (typeof i['where'] === 'string' ? i['where'] : ''), message };
  }
  return { where: '', message: String(issue) };
}

function zodIssues(error: z.ZodError): ApiIssue[] {
  return error.issues.map((i) => ({ where: i.path.join('.') || '(arguments)', message: i.message }));
}

export type Dispatch = (method: string, args: unknown) => Promise<Result<unknown>>;

export const isMethod = (name: string): name is Method => Object.hasOwn(methods, name);

/** Validates the method and its arguments, runs the handler, and never throws. */
export function createDispatch(handlers: ServerHandlers): Dispatch {
  return async (method, args) => {
    if (!isMethod(method)) {
      return { ok: false, error: { kind: 'unknown-method', message: `there is no method "${method}"` } };
    }
    const parsed = methods[method].safeParse(args ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          kind: 'invalid-arguments',
          message: `${method}: ${z.prettifyError(parsed.error)}`,
          issues: zodIssues(parsed.error),
        },
      };
    }
    try {
      const handler = handlers[method] as (a: unknown) => unknown;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.kind === 'internal') log.error(`${method} failed`, { error: String(error) });
      return { ok: false, error: apiError };
    }
  };
}
