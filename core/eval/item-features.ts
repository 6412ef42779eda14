import { RulesReasoner, priceTierTable } from '../reasoning/rules/index.js';
import type { ItemForReasoning } from '../domain/catalog.js';
import type { Facet } from '../domain/features.js';
import { foldText, guessFacet, normalizeFeature, singularize } from '../domain/vocabulary.js';
import { encodeCategoryPath } from '../domain/category-path.js';

/**
 * Item features for the evaluation: the `rules` reasoner's features (category leaf and root, maison, price
 * tier, lexicon terms), plus what the reasoner's lexicon does not cover on a beauty catalog — the middle levels
 * of the category path, and the title's own keywords (the only text a dataset with just
 * item_text_idgenrec.txt has). Everything passes through the shared vocabulary, so "Shampoos" from the path
 * and "shampoo" from a title are one feature.
 */
export interface ItemFeatureTable {
  readonly offsets: Uint32Array;
  readonly ids: Uint32Array;
  readonly weights: Float32Array;
  readonly names: readonly string[];
  readonly facets: readonly Facet[];
}

export interface ItemFeatureOptions {
  /** Add the extraction beyond the rules reasoner (category levels, title keywords). */
  readonly textKeywords: boolean;
}

const stopWords = new Set(
  (
    'the and for with from that this your you are all new not one two three four pack set size count piece ' +
    'pcs each per ounce fluid inch oz ml gram mm cm lb pound item value kit free plus'
  ).split(' '),
);

const keywordWeight = 0.5;
const pathWeight = 0.6;

export function buildItemFeatures(
  items: readonly ItemForReasoning[],
  options: ItemFeatureOptions = { textKeywords: true },
): ItemFeatureTable {
  const reasoner = new RulesReasoner({ priceTiers: priceTierTable(items) });
  const ids = new Map<string, number>();
  const names: string[] = [];
  const facets: Facet[] = [];
  const offsets = new Uint32Array(items.length + 1);
  const flatIds: number[] = [];
  const flatWeights: number[] = [];
  const idOf = (name: string, facet: Facet): number => {
    let id = ids.get(name);
    if (id === undefined) {
      id = names.length;
      ids.set(name, id);
      names.push(name);
      facets.push(facet);
    }
    return id;
  };

  // Titles repeat their words: normalise each distinct word once.
  const keywords = new Map<string, { phrase: string; facet: Facet }>();
  items.forEach((item, i) => {
    const own = new Map<number, number>();
    const add = (phrase: string, facet: Facet, weight: number) => {
      if (phrase.length < 2) return;
      const id = idOf(phrase, facet);
      own.set(id, Math.max(own.get(id) ?? 0, weight));
    };
    const hasText = item.title.trim() !== '' || item.categoryPath.length > 0 || item.maison !== null;
    if (hasText) {
      for (const f of reasoner.reasonItemNow(item).features) {
        // The reasoner's last resort (the whole title as one phrase) is one item's alone: no taste in common.
        if (
          f.phrase === normalizeFeature(item.title) &&
          f.facet === 'category' &&
          item.categoryPath.length === 0
        )
          continue;
        add(f.phrase, f.facet, f.weight);
      }
    }
    if (options.textKeywords) {
      // Middle levels of the category path ("makeup > eyes"): the reasoner keeps only the leaf and the root.
      const path = item.categoryPath.map((c) => normalizeFeature(c)).filter((c) => c !== '');
      for (let depth = 2; depth < path.length; depth++)
        add(encodeCategoryPath(path.slice(1, depth)).slice(0, 48), 'category', pathWeight);
      const brandWords = new Set(item.maison !== null ? foldText(item.maison).split(' ') : []);
      for (const word of foldText(item.title).split(' ')) {
        if (word.length < 3 || /\d/.test(word) || stopWords.has(word) || brandWords.has(word)) continue;
        let keyword = keywords.get(word);
        if (keyword === undefined) {
          const phrase = normalizeFeature(singularize(word));
          keyword = { phrase, facet: guessFacet(phrase) ?? 'style' };
          keywords.set(word, keyword);
        }
        add(keyword.phrase, keyword.facet, keywordWeight);
      }
    }
    for (const [id, weight] of own) {
      flatIds.push(id);
      flatWeights.push(weight);
    }
    offsets[i + 1] = flatIds.length;
  });
  return {
    offsets,
    ids: Uint32Array.from(flatIds),
    weights: Float32Array.from(flatWeights),
    names,
    facets,
  };
}
