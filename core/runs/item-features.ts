import type { Db } from '../db/open.js';
import {
  itemPrices,
  itemsForReasoningByIds,
  latestReasoningRun,
  storedFeaturesOfItems,
} from '../db/runs/load-queries.js';
import { RulesReasoner, priceTierTable } from '../reasoning/rules/index.js';
import type { ReasonerKind } from '../domain/reasoners.js';
import type { Facet, Feature } from '../domain/features.js';
import { normalizeFeature } from '../domain/vocabulary.js';

/** Stored (model) features re-normalised through the vocabulary; duplicates keep their strongest weight. */
export function normalisedStored(
  rows: readonly { feature: string; facet: Facet; weight: number }[],
): Feature[] {
  const byPhrase = new Map<string, Feature>();
  for (const r of rows) {
    const phrase = normalizeFeature(r.feature, r.facet);
    if (phrase.length < 2) continue;
    const prev = byPhrase.get(phrase);
    if (!prev || r.weight > prev.weight) byPhrase.set(phrase, { phrase, facet: r.facet, weight: r.weight });
  }
  return [...byPhrase.values()];
}

/**
 * The features of a few items as an optimize run with `reasoner` sees them (the same rule as loading the whole
 * boutique: the reasoner's stored features when it has some for the item, else the rules reasoner's, with price
 * tiers cut from the whole catalog). For pieces that arrived after the run: Today scores them against the run's
 * interests without loading the catalog.
 */
export function featuresOfItems(
  db: Db,
  ids: readonly number[],
  reasoner: ReasonerKind,
): Map<number, Feature[]> {
  const out = new Map<number, Feature[]>();
  if (ids.length === 0) return out;
  if (reasoner !== 'rules' && latestReasoningRun(db, reasoner) !== null) {
    const byItem = new Map<number, { feature: string; facet: Facet; weight: number }[]>();
    for (const row of storedFeaturesOfItems(db, reasoner, ids)) {
      let list = byItem.get(row.itemId);
      if (!list) byItem.set(row.itemId, (list = []));
      list.push(row);
    }
    for (const [id, rows] of byItem) {
      const features = normalisedStored(rows);
      if (features.length > 0) out.set(id, features);
    }
  }
  const missing = ids.filter((id) => !out.has(id));
  if (missing.length > 0) {
    const rules = new RulesReasoner({ priceTiers: priceTierTable(itemPrices(db)) });
    for (const item of itemsForReasoningByIds(db, missing))
      out.set(item.id, rules.reasonItemNow(item).features);
  }
  return out;
}
