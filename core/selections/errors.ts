import type { z } from 'zod';

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
export class SelectionError extends Error {
  override name = 'SelectionError';
  constructor(
    readonly kind: SelectionErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** Parses with zod and turns the first problems into one readable `invalid-input` error naming the fields. */
export function parseSelectionInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`);
  throw new SelectionError('invalid-input', problems.join('; '));
}
