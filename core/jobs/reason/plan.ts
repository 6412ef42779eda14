import { createHash } from 'node:crypto';
import { clientData, itemData } from '../../reasoning/llama/prompts.js';
import { normalizeFeature } from '../../domain/vocabulary.js';
import type { ClientForReasoning, ItemForReasoning } from '../../domain/catalog.js';
import type { Feature } from '../../domain/features.js';

/**
 * The job's pure planning: what keys a subject's cached outcome, how features are normalised before they are
 * stored, and which items are reasoned once for their whole variant group.
 */

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * An item's content hash is the hash of exactly what a model is shown of it, so an edit the model cannot see
 * (an image, an id, a description past the prompt's cut) does not cost a new reasoning.
 */
export function itemContentHash(item: ItemForReasoning): string {
  return sha256(itemData(item));
}

/**
 * The reasoning unit of an item: variants of one group share a unit (reasoned once, through its first member)
 * only while they describe the same piece - same maison, category, materials, occasions, collection and
 * description; only their title and colours may differ. A variant whose text differs is reasoned on its own
 * text, so one variant's description (an injected instruction, say) never sets its siblings' features.
 */
export function reasoningUnit(item: ItemForReasoning): string | null {
  if (item.variantGroup === null) return null;
  const shared = [
    item.maison,
    item.categoryPath,
    item.materials,
    item.occasions,
    item.collection,
    item.description,
  ];
  return `${item.variantGroup}\u0000${sha256(JSON.stringify(shared))}`;
}

export function clientHistoryHash(client: ClientForReasoning): string {
  return sha256(clientData(client));
}

/**
 * Features through the shared vocabulary, then onto merged synonyms; phrases the vocabulary empties are dropped
 * and a phrase given twice keeps its strongest weight.
 */
export function normaliseFeatures(
  features: readonly Feature[],
  synonyms: ReadonlyMap<string, string> = new Map(),
): Feature[] {
  const byPhrase = new Map<string, Feature>();
  for (const f of features) {
    const normal = normalizeFeature(f.phrase, f.facet);
    if (normal.length < 2) continue;
    const phrase = synonyms.get(normal) ?? normal;
    const prev = byPhrase.get(phrase);
    if (!prev || f.weight > prev.weight)
      byPhrase.set(phrase, { phrase, facet: prev?.facet ?? f.facet, weight: f.weight });
  }
  return [...byPhrase.values()];
}

/**
 * Groups items into reasoning units: the variants of one product (same variant group) form one unit, reasoned
 * once through its first item; an item without a group is its own unit. Order follows the first member.
 */
export function variantUnits<T extends { readonly variantGroup: string | null }>(items: readonly T[]): T[][] {
  const units: T[][] = [];
  const byGroup = new Map<string, T[]>();
  for (const item of items) {
    if (item.variantGroup === null) {
      units.push([item]);
      continue;
    }
    let unit = byGroup.get(item.variantGroup);
    if (!unit) {
      byGroup.set(item.variantGroup, (unit = []));
      units.push(unit);
    }
    unit.push(item);
  }
  return units;
}
