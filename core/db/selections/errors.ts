import type { z } from 'zod';
import { CoreError, type ErrorCategory } from '../../domain/errors.js';

export const selectionErrorKinds = [
  'invalid-input',
  'unknown-selection',
  'unknown-item',
  'unknown-client',
  'item-already-in-selection',
  'item-not-in-selection',
] as const;
export type SelectionErrorKind = (typeof selectionErrorKinds)[number];

/** What went wrong with a selection request, typed so the API can hand the kind to the UI unchanged. */
export class SelectionError extends CoreError<SelectionErrorKind> {
  constructor(kind: SelectionErrorKind, message: string) {
    super(kind, selectionErrorCategories[kind], message);
  }
}

const selectionErrorCategories: Readonly<Record<SelectionErrorKind, ErrorCategory>> = {
  'invalid-input': 'invalid-arguments',
  'unknown-selection': 'not-found',
  'unknown-item': 'not-found',
  'unknown-client': 'not-found',
  'item-already-in-selection': 'conflict',
  'item-not-in-selection': 'conflict',
};

/** Parses with zod and turns the first problems into one readable `invalid-input` error naming the fields. */
export function parseSelectionInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`);
  throw new SelectionError('invalid-input', problems.join('; '));
}
