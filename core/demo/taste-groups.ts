import type { DemoItem } from './demo-item.js';
import type { Random } from './random.js';

/**
 * The planted taste structure: latent groups of clients who share a few tastes. Each group is a handful of
 * words drawn from the item attributes a reasoner sees (style words in the descriptions, materials,
 * colours, occasions), spelled as they appear there, so group-interest inference has something real to find.
 */
export interface TasteGroupDefinition {
  readonly name: string;
  readonly features: readonly string[];
  /** Relative size of the group in the client book. */
  readonly weight: number;
  /** Where the group is over-represented (store name -> multiplier). */
  readonly stores?: Readonly<Record<string, number>>;
}

// prettier-ignore
export const tasteGroupDefinitions: readonly TasteGroupDefinition[] = [
  { name: 'Structured leather', features: ['structured', 'leather', 'black', 'cognac'], weight: 1.3,
    stores: { 'Paris Faubourg Saint-Honoré': 1.5, 'New York Madison Avenue': 1.3 } },
  { name: 'Art deco jewellery', features: ['art deco', 'gold', 'onyx', 'diamond'], weight: 1,
    stores: { 'Dubai Mall': 1.8, 'Paris Avenue Montaigne': 1.3 } },
  { name: 'Sporty technical', features: ['sporty', 'nylon', 'titanium', 'white'], weight: 1,
    stores: { 'Genève Rue du Rhône': 1.6, 'Tokyo Ginza': 1.2 } },
  { name: 'Bohemian silk prints', features: ['bohemian', 'silk', 'paisley', 'terracotta'], weight: 0.9,
    stores: { 'Milano Montenapoleone': 1.5 } },
  { name: 'Quiet minimalism', features: ['minimalist', 'cashmere', 'wool', 'camel'], weight: 1.2,
    stores: { 'Tokyo Ginza': 1.6, 'London Bond Street': 1.2 } },
  { name: 'Sculptural avant-garde', features: ['sculptural', 'avant-garde', 'silver', 'ivory'], weight: 0.8,
    stores: { 'Tokyo Ginza': 1.8, 'Shanghai Plaza 66': 1.3 } },
  { name: 'Romantic evening', features: ['romantic', 'lace', 'blush', 'evening'], weight: 1,
    stores: { 'Paris Avenue Montaigne': 1.5, 'Shanghai Plaza 66': 1.3 } },
  { name: 'Country equestrian', features: ['equestrian', 'tweed', 'suede', 'olive'], weight: 0.9,
    stores: { 'London Bond Street': 2 } },
  { name: 'Opulent oud', features: ['opulent', 'oud', 'amber', 'incense'], weight: 0.9,
    stores: { 'Dubai Mall': 2.2 } },
  { name: 'Riviera resort', features: ['resort', 'linen', 'raffia', 'sand'], weight: 0.9,
    stores: { 'Milano Montenapoleone': 1.4, 'New York Madison Avenue': 1.2 } },
  { name: 'Collector horology', features: ['chronograph', 'steel', 'vintage', 'blue'], weight: 0.9,
    stores: { 'Genève Rue du Rhône': 2, 'Shanghai Plaza 66': 1.2 } },
];

/** Every word of the planted vocabulary, for checks that no text mentions one an item does not have. */
export const tasteVocabulary: readonly string[] = [
  ...new Set(tasteGroupDefinitions.flatMap((g) => g.features)),
];

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const wordPatterns = new Map<string, RegExp>();

/** Whether a text names a taste word as a word of its own (plurals included, "silky" or "sandals" not). */
export function mentions(text: string, word: string): boolean {
  let pattern = wordPatterns.get(word);
  if (!pattern) {
    pattern = new RegExp(`(^|[^\\p{L}])${escapeRegExp(word)}(s|es)?(?!\\p{L})`, 'iu');
    wordPatterns.set(word, pattern);
  }
  return pattern.test(text);
}

/** How many of a group's features an item carries. */
export function groupScore(item: DemoItem, group: TasteGroupDefinition): number {
  let score = 0;
  for (const f of group.features) if (item.features.includes(f)) score++;
  return score;
}

/** The items that speak to a group: those with at least two of its features. */
export function groupPool(items: readonly DemoItem[], group: TasteGroupDefinition): DemoItem[] {
  return items.filter((item) => groupScore(item, group) >= 2);
}

export interface Membership {
  readonly main: number;
  readonly second: number | null;
  /** Features of the main group this client never touched, though the group shares them. */
  readonly heldOut: readonly string[];
  /** Share of journeys drawn from the client's groups rather than from bestsellers. */
  readonly focus: number;
}

/** Below this many items left after holding a feature out, the member would have too little to choose from. */
const MIN_POOL_AFTER_HOLD_OUT = 6;

/**
 * Assigns each client a main group (store-biased), a second one for about one in five, and, for about a
 * third of members, one held-out feature of the main group whose remaining pool is still large enough.
 */
export function assignMemberships(
  stores: readonly string[],
  pools: readonly (readonly DemoItem[])[],
  random: Random,
): Membership[] {
  return stores.map((store) => {
    const main = random.weighted(tasteGroupDefinitions, (g) => g.weight * (g.stores?.[store] ?? 1));
    const mainIndex = tasteGroupDefinitions.indexOf(main);
    let second: number | null = null;
    if (random.chance(0.2)) {
      const others = tasteGroupDefinitions.filter((g) => g !== main);
      second = tasteGroupDefinitions.indexOf(random.weighted(others, (g) => g.weight));
    }
    let heldOut: string[] = [];
    if (random.chance(0.35)) {
      const pool = pools[mainIndex]!;
      const candidates = main.features.filter(
        (f) => pool.filter((item) => !item.features.includes(f)).length >= MIN_POOL_AFTER_HOLD_OUT,
      );
      if (candidates.length > 0) heldOut = [random.pick(candidates)];
    }
    return { main: mainIndex, second, heldOut, focus: 0.7 + 0.2 * random.next() };
  });
}
