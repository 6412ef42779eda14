import type { Built } from './build.js';
import type { ReadSetup } from './read-common.js';

/**
 * Ids that never merge two distinct rows. With `uniqueIds`, an item's id is the first of its externalId
 * sources that no other item of the file shares: Shopify's variant SKU where it is unique, else the Handle with
 * the option values. Shops reuse a SKU across variants or products; keyed by SKU alone such a file was refused
 * whole, or two variants of one product folded into one item in silence.
 *
 * A record is a row and the continuation rows that repeat every one of its id sources (Shopify's image rows,
 * filled down from the variant above them); a continuation row whose sources differ is another variant, even
 * when its SKU is the same. The choice is the file's alone, so the same file always gives the same ids; each
 * SKU given up is a warning naming its rows and what keys them instead.
 */

export interface RowToKey {
  readonly built: Built<{ externalId?: string | undefined }>;
  readonly row: number;
  readonly continuation: boolean;
  /** Each externalId source's value on the row, in the mapping's order (null: blank). */
  readonly ids: readonly (string | null)[];
}

interface KeyedRecord {
  readonly rows: RowToKey[];
  readonly ids: readonly (string | null)[];
}

const sameIds = (a: readonly (string | null)[], b: readonly (string | null)[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function records(rows: readonly RowToKey[]): KeyedRecord[] {
  const out: KeyedRecord[] = [];
  for (const r of rows) {
    const last = out.at(-1);
    if (r.continuation && last !== undefined && sameIds(last.ids, r.ids)) last.rows.push(r);
    else out.push({ rows: [r], ids: r.ids });
  }
  return out;
}

/** The first non-blank source of each record, and which rank it is. */
const firstId = (ids: readonly (string | null)[]) => {
  const rank = ids.findIndex((x) => x !== null);
  return rank < 0 ? null : { rank, id: ids[rank]! };
};

/**
 * Sets each row's externalId by the rule above (rows without any id keep theirs: the row reports it empty)
 * and writes one warning per id that was shared. `columns` names each source for the warning.
 */
export function chooseUniqueIds(
  rows: readonly RowToKey[],
  setup: ReadSetup,
  columns: readonly string[],
): void {
  const all = records(rows);
  const holders = new Map<string, KeyedRecord[]>();
  for (const record of all) {
    const first = firstId(record.ids);
    if (first === null) continue;
    const list = holders.get(first.id);
    if (list) list.push(record);
    else holders.set(first.id, [record]);
  }
  // Every value any source takes, per rank: a fallback must be unique at its own rank and no one's first id.
  const taken = new Map<string, number>();
  for (const record of all)
    record.ids.forEach((x, rank) => {
      if (x !== null) taken.set(`${rank}\u0000${x}`, (taken.get(`${rank}\u0000${x}`) ?? 0) + 1);
    });
  for (const [id, shared] of holders) {
    if (shared.length < 2) continue;
    const rank = firstId(shared[0]!.ids)!.rank;
    const instead = shared.map((record) => {
      for (let k = rank + 1; k < record.ids.length; k++) {
        const x = record.ids[k];
        if (x != null && taken.get(`${k}\u0000${x}`) === 1 && !holders.has(x)) return { k, x };
      }
      return null;
    });
    // Only when every record sharing the id has a unique fallback: otherwise the duplicate is reported.
    if (instead.some((i) => i === null)) continue;
    shared.forEach((record, i) => {
      for (const r of record.rows) {
        r.built.input.externalId = instead[i]!.x;
        r.built.ranks['externalId'] = instead[i]!.k;
      }
    });
    const rowsText = shared.map((r) => r.rows[0]!.row).join(', ');
    const by = [...new Set(instead.map((i) => columns[i!.k] ?? 'another column'))].join(' or ');
    setup.log.warning(
      setup.file,
      shared[0]!.rows[0]!.row,
      columns[rank] ?? null,
      `"${id}" is the id of ${shared.length} different rows (rows ${rowsText}): each is keyed by ${by} instead`,
    );
  }
}
