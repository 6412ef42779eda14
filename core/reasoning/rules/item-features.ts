import type { ItemForReasoning } from '../../domain/catalog.js';
import type { Facet, Feature } from '../../domain/features.js';
import {
  findTerms,
  foldText,
  guessFacet,
  normalizeFeature,
  splitKnownTerms,
  type TermMention,
} from '../../domain/vocabulary.js';
import type { PriceTier } from './price-tiers.js';

/**
 * The rules reasoner's features: the catalog fields, read through the one vocabulary, plus what the title and
 * description say about style, craft and occasion. Weights rank features by how much they contrast who would
 * love the item with who would not: a style word splits clients far more than "ready to wear" or the maison,
 * so style and material weigh most, the broad category, price tier, season and audience least.
 */

/** Styles whose presence makes a leather read as such ("structured leather" is one taste, "soft leather" another). */
const leatherStyles = new Set(['structured', 'soft']);
const leathers = new Set(['leather', 'calfskin', 'lambskin', 'patent leather', 'suede', 'exotic leather']);

const maxFeatures = 12;

class FeatureSet {
  private readonly byPhrase = new Map<string, Feature & { order: number }>();
  private order = 0;

  add(rawPhrase: string, facet: Facet, weight: number): void {
    const phrase = normalizeFeature(rawPhrase, facet);
    if (phrase.length < 2) return;
    const w = Math.round(Math.min(1, Math.max(0, weight)) * 100) / 100;
    const existing = this.byPhrase.get(phrase);
    if (existing) {
      if (w > existing.weight) this.byPhrase.set(phrase, { ...existing, weight: w });
      return;
    }
    this.byPhrase.set(phrase, { phrase, facet, weight: w, order: this.order++ });
  }

  has(phrase: string): boolean {
    return this.byPhrase.has(phrase);
  }

  /** Strongest first; ties keep the order features were found in, so the output is deterministic. */
  top(n: number): Feature[] {
    return [...this.byPhrase.values()]
      .sort((a, b) => b.weight - a.weight || a.order - b.order)
      .slice(0, n)
      .map(({ phrase, facet, weight }) => ({ phrase, facet, weight }));
  }
}

/** "SS24", "AW 2025", "Pre-Fall 24", "Cruise 2026", "Spring-Summer 2024" -> the season phrase. */
export function seasonOf(collection: string | null): string | null {
  if (collection === null) return null;
  const folded = foldText(collection);
  const code = /\b(ss|aw|fw|pf|fa)\s?\d{0,4}\b/.exec(folded)?.[1];
  const seasonCodes: Readonly<Record<string, string>> = {
    ss: 'spring summer',
    aw: 'autumn winter',
    fw: 'autumn winter',
    fa: 'autumn winter',
    pf: 'pre fall',
  };
  if (code !== undefined) return seasonCodes[code] ?? null;
  return findTerms(folded).find((t) => t.facet === 'season')?.phrase ?? null;
}

/**
 * The vocabulary terms in a catalog list field ("Silk chiffon" -> silk, chiffon; "Calf leather" -> calfskin),
 * or the whole normalised value when the vocabulary knows none of it ("lapis lazuli").
 */
function fieldTerms(values: readonly string[], fallback: Facet): { phrase: string; facet: Facet }[] {
  const out: { phrase: string; facet: Facet }[] = [];
  for (const value of values) {
    const known = splitKnownTerms(value)?.filter((t) => t.facet !== 'price' && t.facet !== 'season');
    if (known !== undefined && known.length > 0)
      for (const t of known) out.push({ phrase: t.phrase, facet: t.facet });
    else {
      const phrase = normalizeFeature(value);
      if (phrase.length >= 2) out.push({ phrase, facet: guessFacet(phrase) ?? fallback });
    }
  }
  return out;
}

/** Weight of the n-th mention of a facet in free text: early and repeated words matter more. */
function textWeight(base: number, rank: number): number {
  return Math.max(base - 0.05 * rank, base - 0.2);
}

export function itemFeatures(item: ItemForReasoning, tier: PriceTier | null): Feature[] {
  const set = new FeatureSet();
  const titleTerms = findTerms(item.title);
  const textTerms = findTerms(item.description);
  const fromTitle = new Set(titleTerms.map((t) => t.phrase));
  const mentioned: TermMention[] = [...titleTerms, ...textTerms.filter((t) => !fromTitle.has(t.phrase))];

  const styles = mentioned.filter((t) => t.facet === 'style');
  styles.forEach((t, i) => set.add(t.phrase, 'style', fromTitle.has(t.phrase) ? 0.95 : textWeight(0.85, i)));

  const materials = fieldTerms(item.materials, 'material');
  materials.forEach((m, i) => set.add(m.phrase, m.facet, textWeight(0.9, i * 3)));
  const leather = materials.find((m) => leathers.has(m.phrase) || m.phrase.endsWith(' leather'));
  const leatherStyle = styles.find((s) => leatherStyles.has(s.phrase));
  if (leather !== undefined && leatherStyle !== undefined)
    set.add(`${leatherStyle.phrase} leather`, 'material', 0.9);

  fieldTerms(item.colours, 'colour').forEach((c, i) => set.add(c.phrase, c.facet, i === 0 ? 0.8 : 0.6));
  fieldTerms(item.occasions, 'occasion').forEach((o, i) => set.add(o.phrase, o.facet, i === 0 ? 0.7 : 0.55));

  // Craft, and materials/colours/occasions only the words mention, weigh less than the catalog's own fields.
  let craftRank = 0;
  for (const t of mentioned) {
    if (t.facet === 'craft') set.add(t.phrase, 'craft', textWeight(0.65, craftRank++));
    else if (t.facet === 'material' || t.facet === 'colour' || t.facet === 'occasion')
      set.add(t.phrase, t.facet, fromTitle.has(t.phrase) ? 0.6 : 0.45);
  }

  // "Women > Ready-to-wear > Dresses": the audience level is not a category.
  const categories = item.categoryPath.filter((c) => guessFacet(c) !== 'audience');
  const leaf = categories.at(-1);
  const root = categories[0];
  if (leaf !== undefined) set.add(leaf, 'category', 0.7);
  // A title naming a more specific kind than the catalog's leaf ("tote" under "bags").
  for (const t of titleTerms) if (t.facet === 'category') set.add(t.phrase, 'category', 0.6);
  if (root !== undefined && root !== leaf) set.add(root, 'category', 0.4);

  if (item.maison !== null) set.add(item.maison, 'maison', 0.5);
  if (tier !== null) set.add(`${tier} price`, 'price', 0.5);
  const season = seasonOf(item.collection);
  if (season !== null) set.add(season, 'season', 0.3);
  for (const c of item.categoryPath) {
    for (const t of findTerms(c)) if (t.facet === 'audience') set.add(t.phrase, 'audience', 0.3);
  }

  const top = set.top(maxFeatures);
  if (top.length > 0) return top;
  // Nothing the vocabulary knows: the title itself is the one feature left to match on.
  const title = normalizeFeature(item.title);
  return [{ phrase: title.length >= 2 ? title : 'unclassified', facet: 'category', weight: 0.5 }];
}
