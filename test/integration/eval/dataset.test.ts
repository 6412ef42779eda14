import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatasetError, loadDataset } from '../../../core/eval/dataset.js';
import { buildItemFeatures } from '../../../core/eval/item-features.js';
import { phaseInput } from '../../../core/eval/protocol.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-eval-ds-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const datamaps = JSON.stringify({ id2user: {}, id2item: { '1': 'A1', '2': 'A2', '3': 'A3', '4': 'A4' } });
const sequential = '7 1 2 3 4\n8 2 3 4\n9 4 1\n';
const itemsJsonl = [
  {
    item_id: 1,
    asin: 'A1',
    title: 'OPI Nail Lacquer, Big Apple Red',
    brand: 'OPI',
    categories: ['Beauty', 'Makeup', 'Nails', 'Nail Polish'],
    price: 8.5,
  },
  {
    item_id: 2,
    asin: 'A2',
    title: 'Argan Oil Shampoo',
    brand: 'Unknown',
    categories: ['Beauty', 'Hair Care', 'Shampoos'],
    price: null,
  },
  { item_id: 3, asin: 'A3', title: 'Top Coat', brand: '', categories: ['Beauty'] },
]
  .map((x) => JSON.stringify(x))
  .join('\n');

describe('loading a dataset folder', () => {
  it('reads sequences in time order and items from items.jsonl', () => {
    const ds = loadDataset(
      folder({ 'sequential.txt': sequential, 'datamaps.json': datamaps, 'items.jsonl': itemsJsonl }),
    );
    expect(ds.itemText).toBe('items.jsonl');
    // User 9 has 2 items: no train/validation/test split, left out.
    expect(ds.users).toEqual(['7', '8']);
    expect(ds.skippedUsers).toBe(1);
    expect(ds.itemIds).toEqual(['1', '2', '3', '4']);
    expect(Array.from(ds.sequences[0]!)).toEqual([0, 1, 2, 3]);
    expect(ds.items[0]).toMatchObject({
      title: 'OPI Nail Lacquer, Big Apple Red',
      maison: 'OPI',
      priceMinor: 850,
      currency: 'USD',
    });
    // "Unknown" and "" are no maison; a missing price is null; an item absent from items.jsonl has no text.
    expect(ds.items[1]).toMatchObject({
      maison: null,
      priceMinor: null,
      categoryPath: ['Beauty', 'Hair Care', 'Shampoos'],
    });
    expect(ds.items[2]!.maison).toBeNull();
    expect(ds.items[3]).toMatchObject({ externalId: 'A4', title: '' });
  });

  it('falls back to item_text_idgenrec.txt when items.jsonl is absent', () => {
    const ds = loadDataset(
      folder({
        'sequential.txt': sequential,
        'datamaps.json': datamaps,
        'item_text_idgenrec.txt': 'A1 opi big apple red\nA2 argan oil shampoo\n',
      }),
    );
    expect(ds.itemText).toBe('item_text_idgenrec.txt');
    expect(ds.items[0]).toMatchObject({
      externalId: 'A1',
      title: 'opi big apple red',
      maison: null,
      categoryPath: [],
    });
    expect(ds.items[2]!.title).toBe('');
  });

  it('says what is wrong with a bad folder', () => {
    expect(() => loadDataset('/nonexistent/atelier')).toThrow(/no such dataset folder/);
    expect(() => loadDataset(folder({ 'datamaps.json': datamaps }))).toThrow(/sequential.txt: missing/);
    expect(() => loadDataset(folder({ 'sequential.txt': sequential, 'datamaps.json': datamaps }))).toThrow(
      /no item text \(items.jsonl or item_text_idgenrec.txt\)/,
    );
    expect(() =>
      loadDataset(
        folder({ 'sequential.txt': sequential, 'datamaps.json': '{"id2user": {}}', 'items.jsonl': '' }),
      ),
    ).toThrow(DatasetError);
    expect(() =>
      loadDataset(
        folder({ 'sequential.txt': '7 1 2 x9\n', 'datamaps.json': datamaps, 'items.jsonl': itemsJsonl }),
      ),
    ).toThrow(/sequential.txt:1: "x9" is not an item id/);
    expect(() =>
      loadDataset(
        folder({
          'sequential.txt': '7 1 2 3\n7 2 3 4\n',
          'datamaps.json': datamaps,
          'items.jsonl': itemsJsonl,
        }),
      ),
    ).toThrow(/sequential.txt:2: user 7 appears twice/);
    expect(() =>
      loadDataset(
        folder({ 'sequential.txt': sequential, 'datamaps.json': datamaps, 'items.jsonl': '{"title": 3}\n' }),
      ),
    ).toThrow(/items.jsonl:1: not an item line/);
  });
});

describe('the leave-one-out split', () => {
  it('holds out the validation and test items from the engine input', () => {
    const ds = loadDataset(
      folder({ 'sequential.txt': sequential, 'datamaps.json': datamaps, 'items.jsonl': itemsJsonl }),
    );
    const features = buildItemFeatures(ds.items);
    const valid = phaseInput(ds, features, 2);
    expect(Array.from(valid.input.eventOffsets)).toEqual([0, 2, 3]);
    expect(Array.from(valid.input.eventItem)).toEqual([0, 1, 1]);
    expect(Array.from(valid.targets)).toEqual([2, 2]);
    const test = phaseInput(ds, features, 1);
    expect(Array.from(test.input.eventItem)).toEqual([0, 1, 2, 1, 2]);
    expect(Array.from(test.targets)).toEqual([3, 3]);
    // Positions become days, oldest first.
    expect(Array.from(test.input.eventTime)).toEqual([0, 86_400_000, 172_800_000, 0, 86_400_000]);
  });
});

describe('item features for the evaluation', () => {
  it('are the rules reasoner’s, plus category levels and title keywords, in one vocabulary', () => {
    const ds = loadDataset(
      folder({ 'sequential.txt': sequential, 'datamaps.json': datamaps, 'items.jsonl': itemsJsonl }),
    );
    const t = buildItemFeatures(ds.items);
    const of = (i: number) =>
      Array.from(t.ids.subarray(t.offsets[i], t.offsets[i + 1]), (id) => t.names[id]!).sort();
    const polish = of(0);
    // "Lacquer" is the vocabulary's "enamel" (a synonym), whether the reasoner or the title keywords found it.
    expect(polish).toEqual(
      expect.arrayContaining(['opi', 'nail polish', 'makeup', 'makeup > nail', 'enamel', 'red', 'apple']),
    );
    expect(polish.filter((f) => f === 'enamel')).toHaveLength(1);
    expect(polish).not.toContain('nail lacquer big apple red');
    const shampoo = of(1);
    expect(shampoo).toEqual(expect.arrayContaining(['shampoo', 'argan', 'oil', 'hair care']));
    // An item with no text at all has no features.
    expect(of(3)).toEqual([]);
    const rulesOnly = buildItemFeatures(ds.items, { textKeywords: false });
    expect(rulesOnly.names).not.toContain('apple');
    expect(rulesOnly.names).toContain('enamel');
  });
});
