import type { ItemForReasoning } from '../../domain/catalog.js';

export const priceTiers = ['entry', 'core', 'high', 'top'] as const;
export type PriceTier = (typeof priceTiers)[number];

/**
 * Where an item's price sits within its own category: a 900 EUR bag is "entry" among bags and "top" among
 * scarves, and that is what a client's taste for price means. Cut points are quantiles of the category's
 * prices per currency: below the 30th percentile entry, below the 70th core, below the 90th high, else top.
 */
export interface PriceTierTable {
  tierOf(item: Pick<ItemForReasoning, 'categoryPath' | 'priceMinor' | 'currency'>): PriceTier | null;
}

/** Fewer priced items than this in a category and its parent's distribution is used instead. */
const minSample = 8;
const cutQuantiles = [0.3, 0.7, 0.9] as const;

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Distribution keys from the most specific (full path) to the least (currency only). */
function keysOf(categoryPath: readonly string[], currency: string | null): string[] {
  const cur = currency ?? '';
  const path = categoryPath.map((c) => c.trim().toLowerCase());
  const keys: string[] = [];
  for (let depth = path.length; depth >= 0; depth--) keys.push(`${cur}|${path.slice(0, depth).join('>')}`);
  return keys;
}

/** Builds the tier table from the catalog's own prices (every priced item). */
export function priceTierTable(
  items: Iterable<Pick<ItemForReasoning, 'categoryPath' | 'priceMinor' | 'currency'>>,
): PriceTierTable {
  const prices = new Map<string, number[]>();
  for (const item of items) {
    if (item.priceMinor === null) continue;
    for (const key of keysOf(item.categoryPath, item.currency)) {
      let list = prices.get(key);
      if (!list) prices.set(key, (list = []));
      list.push(item.priceMinor);
    }
  }
  const cuts = new Map<string, readonly number[]>();
  for (const [key, list] of prices) {
    if (list.length < minSample) continue;
    list.sort((a, b) => a - b);
    cuts.set(
      key,
      cutQuantiles.map((q) => quantile(list, q)),
    );
  }
  return {
    tierOf(item) {
      if (item.priceMinor === null) return null;
      for (const key of keysOf(item.categoryPath, item.currency)) {
        const c = cuts.get(key);
        if (!c) continue;
        if (item.priceMinor < c[0]!) return 'entry';
        if (item.priceMinor < c[1]!) return 'core';
        if (item.priceMinor < c[2]!) return 'high';
        return 'top';
      }
      return null;
    },
  };
}

/** Tier table built from explicit cut points per category key ("leather goods>bags"), for tests and imports. */
export function fixedPriceTiers(
  cutsByCategory: Readonly<Record<string, readonly [number, number, number]>>,
): PriceTierTable {
  return {
    tierOf(item) {
      if (item.priceMinor === null) return null;
      const path = item.categoryPath.map((c) => c.trim().toLowerCase());
      for (let depth = path.length; depth >= 0; depth--) {
        const c = cutsByCategory[path.slice(0, depth).join('>')];
        if (!c) continue;
        if (item.priceMinor < c[0]) return 'entry';
        if (item.priceMinor < c[1]) return 'core';
        if (item.priceMinor < c[2]) return 'high';
        return 'top';
      }
      return null;
    },
  };
}
