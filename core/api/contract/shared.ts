import { z } from 'zod';
import { errorCategories } from '../../domain/errors.js';
import type { RunStatus } from '../../domain/runs.js';

/** What every feature's contract uses: ids, paging, pages, money, facet counts, and how answers come back. */

export const recordId = z.number().int().positive();
export const recordIdSchema = recordId;
export const noArgs = z.object({}).strict();
export const values = z.array(z.string().trim().min(1).max(200)).max(100).default([]);
export const paging = {
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(500).default(50),
};

/**
 * How every handler answers across the boundary: never a throw, always a value or a typed error. Core's own
 * error categories (core/domain/errors.ts), plus what only the API can say.
 */
export const apiErrorKinds = [
  ...errorCategories,
  /** The method does not exist. */
  'unknown-method',
  /** The web server refused the request (no or wrong token). */
  'unauthorized',
] as const;
export type ApiErrorKind = (typeof apiErrorKinds)[number];

/** One problem in a file or an argument: where (file, row, column or argument path) and what. */
export interface ApiIssue {
  readonly where: string;
  readonly message: string;
}

export interface ApiError {
  readonly kind: ApiErrorKind;
  readonly message: string;
  readonly issues?: readonly ApiIssue[];
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/** A file produced for the associate (an export): saved by a dialog on the desktop, downloaded in a browser. */
export interface ExportedFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly base64: string;
}

export interface Page<T> {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly rows: readonly T[];
}

export interface Money {
  readonly currency: string | null;
  readonly amountMinor: number;
}

/** A value a filter offers, with how many records have it. */
export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

/** An item as recommendations, hero items and evidence show it. */
export interface ItemSummary {
  readonly id: number;
  readonly externalId: string;
  readonly title: string;
  readonly maison: string | null;
  readonly categoryPath: string;
  readonly priceMinor: number | null;
  readonly currency: string | null;
  readonly image: string | null;
}

/** The run behind derived data: which computation, which reasoner and model, when. */
export interface RunInfo {
  readonly id: number;
  readonly status: RunStatus;
  readonly reasoner: string;
  readonly model: string | null;
  readonly promptVersion: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}
