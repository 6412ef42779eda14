import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ItemForReasoning } from '../domain/catalog.js';
import { CoreError, type CoreErrorOptions } from '../domain/errors.js';

/**
 * A benchmark dataset folder (P5 layout): `sequential.txt` (one line per user, `user item item ...`, items in
 * time order), `datamaps.json` (`id2item` maps item ids to ASINs), and the item text from `items.jsonl` or,
 * when that is absent, `item_text_idgenrec.txt` (`ASIN words...`). Items get compact indices 0..n-1 in the
 * order of `id2item`; nothing downstream reads an id's numeric value.
 */
export interface EvalDataset {
  readonly dir: string;
  /** User ids as written in sequential.txt, one per line. */
  readonly users: readonly string[];
  /** Per user, compact item indices in time order (oldest first). */
  readonly sequences: readonly Uint32Array[];
  /** Compact item index -> item id as written in sequential.txt. */
  readonly itemIds: readonly string[];
  /** Compact item index -> what the reasoner sees. */
  readonly items: readonly ItemForReasoning[];
  readonly itemText: 'items.jsonl' | 'item_text_idgenrec.txt';
  /** Users with fewer than 3 items (no train/validation/test split possible): left out entirely. */
  readonly skippedUsers: number;
}

export class DatasetError extends CoreError<'bad-dataset'> {
  constructor(message: string, options?: CoreErrorOptions) {
    super('bad-dataset', 'bad-input', message, options);
  }
}

const datamapsSchema = z.object({ id2item: z.record(z.string(), z.string()) });
const itemLineSchema = z.object({
  item_id: z.union([z.number().int(), z.string()]),
  asin: z.string().optional(),
  title: z.string().nullish(),
  brand: z.string().nullish(),
  categories: z.array(z.string()).nullish(),
  price: z.number().nullish(),
});

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new DatasetError(`${file}: cannot read (${(error as Error).message})`);
  }
}

export function loadDataset(dir: string): EvalDataset {
  const sequentialFile = path.join(dir, 'sequential.txt');
  const datamapsFile = path.join(dir, 'datamaps.json');
  if (!existsSync(dir)) throw new DatasetError(`${dir}: no such dataset folder`);
  for (const file of [sequentialFile, datamapsFile])
    if (!existsSync(file)) throw new DatasetError(`${file}: missing (a dataset folder needs it)`);

  let datamaps: z.output<typeof datamapsSchema>;
  try {
    datamaps = datamapsSchema.parse(JSON.parse(readText(datamapsFile)));
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(
      `${datamapsFile}: not a datamaps file with an "id2item" object (${(error as Error).message.split('\n')[0]})`,
    );
  }
  const itemIds: string[] = [];
  const index = new Map<string, number>();
  for (const id of Object.keys(datamaps.id2item)) {
    index.set(id, itemIds.length);
    itemIds.push(id);
  }

  const users: string[] = [];
  const sequences: Uint32Array[] = [];
  const seenUsers = new Set<string>();
  let skippedUsers = 0;
  readText(sequentialFile)
    .split('\n')
    .forEach((raw, lineIndex) => {
      const line = raw.trim();
      if (line === '') return;
      const fields = line.split(/\s+/);
      const where = `${sequentialFile}:${lineIndex + 1}`;
      const user = fields[0]!;
      if (seenUsers.has(user)) throw new DatasetError(`${where}: user ${user} appears twice`);
      seenUsers.add(user);
      if (fields.length < 4) {
        skippedUsers++;
        return;
      }
      const sequence = new Uint32Array(fields.length - 1);
      for (let k = 1; k < fields.length; k++) {
        const id = fields[k]!;
        let item = index.get(id);
        if (item === undefined) {
          if (!/^\d+$/.test(id)) throw new DatasetError(`${where}: "${id}" is not an item id`);
          // An item missing from datamaps is still an item: it just has no text.
          item = itemIds.length;
          index.set(id, item);
          itemIds.push(id);
        }
        sequence[k - 1] = item;
      }
      users.push(user);
      sequences.push(sequence);
    });
  if (users.length === 0) throw new DatasetError(`${sequentialFile}: no users`);

  const itemsFile = path.join(dir, 'items.jsonl');
  const textFile = path.join(dir, 'item_text_idgenrec.txt');
  let items: ItemForReasoning[];
  let itemText: EvalDataset['itemText'];
  if (existsSync(itemsFile)) {
    items = itemsFromJsonl(itemsFile, itemIds, index, datamaps.id2item);
    itemText = 'items.jsonl';
  } else if (existsSync(textFile)) {
    items = itemsFromIdgenrec(textFile, itemIds, datamaps.id2item);
    itemText = 'item_text_idgenrec.txt';
  } else throw new DatasetError(`${dir}: no item text (items.jsonl or item_text_idgenrec.txt)`);
  return { dir, users, sequences, itemIds, items, itemText, skippedUsers };
}

function bareItem(id: number, externalId: string, title: string): ItemForReasoning {
  return {
    id,
    externalId,
    title,
    maison: null,
    categoryPath: [],
    materials: [],
    colours: [],
    occasions: [],
    priceMinor: null,
    currency: null,
    collection: null,
    description: '',
    variantGroup: null,
  };
}

function itemsFromJsonl(
  file: string,
  itemIds: readonly string[],
  index: ReadonlyMap<string, number>,
  id2item: Readonly<Record<string, string>>,
): ItemForReasoning[] {
  const items = itemIds.map((id, i) => bareItem(i, id2item[id] ?? id, ''));
  readText(file)
    .split('\n')
    .forEach((raw, lineIndex) => {
      if (raw.trim() === '') return;
      let row: z.output<typeof itemLineSchema>;
      try {
        row = itemLineSchema.parse(JSON.parse(raw));
      } catch (error) {
        throw new DatasetError(
          `${file}:${lineIndex + 1}: not an item line (${(error as Error).message.split('\n')[0]})`,
        );
      }
      const at = index.get(String(row.item_id));
      if (at === undefined) return;
      const brand = row.brand?.trim() ?? '';
      items[at] = {
        ...items[at]!,
        title: row.title?.trim() ?? '',
        maison: brand === '' || brand.toLowerCase() === 'unknown' ? null : brand,
        categoryPath: (row.categories ?? []).map((c) => c.trim()).filter((c) => c !== ''),
        priceMinor: row.price != null && row.price >= 0 ? Math.round(row.price * 100) : null,
        currency: row.price != null ? 'USD' : null,
      };
    });
  return items;
}

function itemsFromIdgenrec(
  file: string,
  itemIds: readonly string[],
  id2item: Readonly<Record<string, string>>,
): ItemForReasoning[] {
  const textByAsin = new Map<string, string>();
  for (const raw of readText(file).split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const space = line.indexOf(' ');
    if (space < 0) continue;
    textByAsin.set(line.slice(0, space), line.slice(space + 1).trim());
  }
  return itemIds.map((id, i) => {
    const asin = id2item[id] ?? id;
    return bareItem(i, asin, textByAsin.get(asin) ?? '');
  });
}
