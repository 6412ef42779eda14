import { z } from 'zod';
import { methods, type Method, type ParsedArgs, type Results } from './contract/index.js';
import type { ApiError, ApiErrorKind, ApiIssue, Result } from './contract/index.js';
import { CoreError } from '../domain/errors.js';
import { busyTimeoutMs, isDatabaseBusy } from '../db/open.js';
import { databaseLockHolder } from '../db/lock-holder.js';
import { logger } from '../log.js';
import { hideLocalPaths } from './redact.js';

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
 * Turns whatever a handler threw into an error the UI can show: core's own errors carry their category; the
 * few errors that come from outside core (zod, an abort, SQLite) are recognised by their type or code.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure)
    return { kind: error.kind, message: error.message, ...(error.issues ? { issues: error.issues } : {}) };
  if (error instanceof CoreError)
    return {
      kind: error.category,
      // Core's own words name the files the associate chose; only a state it cannot explain is hidden.
      message: error.category === 'internal' ? hideLocalPaths(error.message) : error.message,
      ...(error.issues ? { issues: error.issues.slice(0, 200) } : {}),
    };
  if (error instanceof z.ZodError) {
    return { kind: 'bad-input', message: z.prettifyError(error), issues: zodIssues(error) };
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error.name === 'AbortError') return { kind: 'cancelled', message: 'cancelled' };
    if (code === 'ENOENT') return { kind: 'not-found', message: error.message };
    if (code === 'SQLITE_CONSTRAINT_UNIQUE') return { kind: 'conflict', message: error.message };
    if (isDatabaseBusy(error)) return { kind: 'busy', message: 'the database is busy with a job; try again' };
    return { kind: 'internal', message: hideLocalPaths(error.message) };
  }
  return { kind: 'internal', message: hideLocalPaths(String(error)) };
}

/**
 * The book locked by another writer past the busy timeout, for a job: who holds it (where the OS can say,
 * without its paths) and what to do, rather than SQLite's "database is locked".
 */
export function busyApiError(dbFile: string): ApiError {
  const holder = databaseLockHolder(dbFile);
  const who = holder
    ? `process ${holder.pid} (${holder.description})`
    : 'another Atelier process (the app, an import or an optimisation)';
  return {
    kind: 'busy',
    message:
      `the client book is busy: ${who} is writing to it and kept it locked for more than ` +
      `${busyTimeoutMs / 1000} s; wait for it to finish, then start this again`,
  };
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
