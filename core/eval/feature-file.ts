import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { facets, type Facet } from '../domain/features.js';
import { normalisedStored } from '../runs/item-features.js';
import { DatasetError, type EvalDataset } from './dataset.js';
import type { ItemFeatureTable } from './item-features.js';

/**
 * Item features from a file, for `eval --features FILE`: the same protocol on any reasoner's features (an
 * LLM's, exported from a stored reasoning run, or hand-made). JSON lines, one item per line:
 *
 *   {"itemId": "17", "features": [{"feature": "matte lipstick", "facet": "category", "weight": 0.9}, ...]}
 *
 * - `itemId`: the item's id as written in sequential.txt (a string or an integer), or instead `externalId`:
 *   its ASIN (datamaps.json's id2item value, the external id a boutique's import gives it); exactly one.
 * - `features`: `feature` a phrase, `facet` one of the facets, `weight` 0..1 (the rows `reason --show --json`
 *   prints for an item). Phrases pass through the vocabulary as an optimize run's stored features do
 *   (normalised, duplicates keep their strongest weight).
 * - Other fields (a title, the reasoner) are ignored; blank lines are skipped; an item may appear once.
 * Items the file does not list have no features. A bad line is refused with its line number and field.
 */

const most = 8;

const featureRow = z.object({
  feature: z.string({ error: 'must be a text' }).trim().min(1, { error: 'must not be empty' }),
  facet: z.enum(facets, { error: `must be one of ${facets.join(', ')}` }),
  weight: z
    .number({ error: 'must be a number from 0 to 1' })
    .min(0, { error: 'must be from 0 to 1' })
    .max(1, { error: 'must be from 0 to 1' }),
});

const itemLine = z.object(
  {
    itemId: z
      .union([z.string().trim().min(1), z.number().int().nonnegative()], {
        error: 'must be the id as in sequential.txt (a text or a whole number)',
      })
      .optional(),
    externalId: z.string({ error: 'must be a text (the ASIN)' }).trim().min(1).optional(),
    features: z.array(featureRow, { error: 'must be a list of {feature, facet, weight}' }),
  },
  { error: 'must be an object {itemId, features}' },
);

export interface FeatureFileProblem {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/** A parsed file: per compact item, its features; or every problem found, by line. */
export function parseFeatureLines(
  text: string,
  dataset: Pick<EvalDataset, 'itemIds' | 'items'>,
): {
  items: Map<number, { phrase: string; facet: Facet; weight: number }[]>;
  problems: FeatureFileProblem[];
} {
  const byId = new Map(dataset.itemIds.map((id, i) => [id, i]));
  const byExternal = new Map<string, number>();
  dataset.items.forEach((item, i) => {
    if (!byExternal.has(item.externalId)) byExternal.set(item.externalId, i);
  });
  const items = new Map<number, { phrase: string; facet: Facet; weight: number }[]>();
  const lineOf = new Map<number, number>();
  const problems: FeatureFileProblem[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      if (raw.trim() === '') return;
      const problem = (field: string, message: string) => problems.push({ line, field, message });
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch (error) {
        problem('(line)', `not JSON (${(error as Error).message})`);
        return;
      }
      const parsed = itemLine.safeParse(json);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problem(fieldName(issue.path), withValue(issue, json));
        return;
      }
      const { itemId, externalId, features } = parsed.data;
      if ((itemId === undefined) === (externalId === undefined)) {
        problem('itemId', 'give the item as itemId (as in sequential.txt) or externalId (its ASIN), once');
        return;
      }
      const at = itemId !== undefined ? byId.get(String(itemId)) : byExternal.get(externalId!);
      const field = itemId !== undefined ? 'itemId' : 'externalId';
      const named = String(itemId ?? externalId);
      if (at === undefined) {
        problem(field, `no item "${named}" in the dataset`);
        return;
      }
      const first = lineOf.get(at);
      if (first !== undefined) {
        problem(field, `item "${named}" is already given on line ${first}`);
        return;
      }
      lineOf.set(at, line);
      items.set(at, normalisedStored(features));
    });
  return { items, problems };
}

/** Reads a feature file into the table the evaluation runs on; a bad file throws a DatasetError naming lines. */
export function readFeatureFile(file: string, dataset: EvalDataset): ItemFeatureTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DatasetError(`${file}: cannot read (${(error as Error).message})`);
  }
  const { items, problems } = parseFeatureLines(text, dataset);
  if (problems.length > 0) {
    const shown = problems.slice(0, most).map((p) => `${file}:${p.line}: ${p.field}: ${p.message}`);
    if (problems.length > most) shown.push(`... and ${problems.length - most} more problems`);
    throw new DatasetError(shown.join('\n'), {
      issues: problems.map((p) => ({ where: `${file}:${p.line}: ${p.field}`, message: p.message })),
    });
  }
  const table = featureTable(items, dataset.itemIds.length);
  if (table.names.length === 0) throw new DatasetError(`${file}: no item has a feature`);
  return table;
}

/** Compact feature ids by phrase in first-seen order (a phrase keeps the facet it first came with). */
export function featureTable(
  items: ReadonlyMap<number, readonly { phrase: string; facet: Facet; weight: number }[]>,
  itemCount: number,
): ItemFeatureTable {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const facetsOf: Facet[] = [];
  const offsets = new Uint32Array(itemCount + 1);
  const flatIds: number[] = [];
  const flatWeights: number[] = [];
  for (let i = 0; i < itemCount; i++) {
    for (const f of items.get(i) ?? []) {
      let id = ids.get(f.phrase);
      if (id === undefined) {
        id = names.length;
        ids.set(f.phrase, id);
        names.push(f.phrase);
        facetsOf.push(f.facet);
      }
      flatIds.push(id);
      flatWeights.push(f.weight);
    }
    offsets[i + 1] = flatIds.length;
  }
  return {
    offsets,
    ids: Uint32Array.from(flatIds),
    weights: Float32Array.from(flatWeights),
    names,
    facets: facetsOf,
  };
}

/** `features[2].weight` for the path ['features', 2, 'weight']. */
function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(line)';
  return path
    .map((key, k) => (typeof key === 'number' ? `[${key}]` : `${k > 0 ? '.' : ''}${String(key)}`))
    .join('');
}

/** The issue's message with the offending value, when there is one to show. */
function withValue(issue: z.core.$ZodIssue, json: unknown): string {
  let value: unknown = json;
  for (const key of issue.path) {
    if (value === null || typeof value !== 'object') return issue.message;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  if (value === undefined) return issue.path.length > 0 ? 'missing' : issue.message;
  const shown = JSON.stringify(value);
  return `${issue.message} (got ${shown.length > 40 ? `${shown.slice(0, 40)}...` : shown})`;
}
