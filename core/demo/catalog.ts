import type { ItemRecord } from '../domain/catalog.js';
import { describeItem } from './descriptions.js';
import { placeholderImage } from './images.js';
import { maisons, type Maison } from './maisons.js';
import { productTemplates, type ProductTemplate } from './products.js';
import type { Random } from './random.js';
import { mentions, tasteVocabulary } from './taste-groups.js';
import type { DemoItem } from './demo-item.js';

import { colourSwatches } from './vocabulary.js';
import { encodeCategoryPath } from '../domain/category-path.js';

/** An item of the demo catalogue with what the generator knows beyond its record. */
interface Collection {
  readonly name: string;
  readonly launchedAt: number;
}

const DAY = 86_400_000;
const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const titleCase = (s: string): string => s.split(' ').map(capitalise).join(' ');

const permanentCollections: Readonly<Record<string, string>> = {
  VTR: 'Les Intemporels',
  DLM: 'Haute Joaillerie',
  RNC: 'Heritage',
  AMN: 'Les Essentiels',
};

/** The seasons launched in the 30 months before the reference date, as the houses name them. */
function seasonsBefore(reference: number): Collection[] {
  const year = new Date(reference).getUTCFullYear();
  const seasons: Collection[] = [];
  for (let y = year - 3; y <= year + 1; y++) {
    seasons.push(
      { name: `Spring-Summer ${y}`, launchedAt: Date.UTC(y, 0, 20) },
      { name: `Pre-Fall ${y}`, launchedAt: Date.UTC(y, 4, 15) },
      { name: `Autumn-Winter ${y}`, launchedAt: Date.UTC(y, 6, 10) },
      { name: `Cruise ${y + 1}`, launchedAt: Date.UTC(y, 10, 15) },
    );
  }
  return seasons.filter((s) => s.launchedAt <= reference - 20 * DAY && s.launchedAt >= reference - 912 * DAY);
}

/** Luxury prices are round: tens below a thousand euros, fifties below ten thousand, hundreds above. */
function roundPrice(euros: number): number {
  const step = euros < 1000 ? 10 : euros < 10_000 ? 50 : 100;
  return Math.round(euros / step) * step;
}

const stoneFactor: Readonly<Record<string, number>> = {
  diamond: 1.5,
  emerald: 1.3,
  ruby: 1.3,
  sapphire: 1.25,
  onyx: 0.85,
  pearl: 0.9,
};

/**
 * A template's choices of style, materials and print, each taken in proportion over its models rather than
 * drawn independently: every seed's catalogue then carries each planted taste word often enough.
 */
interface TemplateDraws {
  readonly style: () => string;
  readonly materials: () => readonly string[];
  readonly detail: () => string | null;
}

function templateDraws(template: ProductTemplate, random: Random): TemplateDraws {
  const styles = Object.keys(template.styles);
  const details: (string | null)[] = [...(template.details?.options ?? []), null];
  const p = template.details?.p ?? 0;
  const detailWeight = (d: string | null): number =>
    d === null ? 1 - p : p / (template.details?.options.length ?? 1);
  return {
    style: proportionalRotation(styles, (s) => template.styles[s]!, random),
    materials:
      template.materials.length > 0 ? proportionalRotation(template.materials, () => 1, random) : () => [],
    detail: proportionalRotation(details, detailWeight, random),
  };
}

function pickStyles(template: ProductTemplate, draws: TemplateDraws, random: Random): string[] {
  const first = draws.style();
  const rest = Object.entries(template.styles).filter(([s]) => s !== first);
  if (rest.length > 0 && random.chance(0.3)) return [first, random.weighted(rest, ([, w]) => w)[0]];
  return [first];
}

const departmentCache = new Map<string, readonly string[]>();
function departmentWords(categoryPath: readonly string[]): readonly string[] {
  const path = encodeCategoryPath(categoryPath);
  let words = departmentCache.get(path);
  if (!words) {
    words = tasteVocabulary.filter((word) => mentions(path, word));
    departmentCache.set(path, words);
  }
  return words;
}

interface Model {
  readonly maison: Maison;
  readonly template: ProductTemplate;
  readonly number: number;
  readonly name: string;
}

function variantCount(template: ProductTemplate, random: Random): number {
  const available =
    template.variants.kind === 'colour'
      ? template.variants.colours.length
      : template.variants.kind === 'stone'
        ? template.variants.stones.length
        : template.variants.sizes.length;
  if (template.variants.kind === 'size') return available;
  const wanted = random.weighted([1, 2, 3, 4], (_, i) => [25, 35, 25, 15][i]!);
  return Math.min(wanted, available);
}

/** A piece reaches the boutiques with its collection, and is in stock. */
const inStockSince = (launchedAt: number) => ({
  createdAt: new Date(launchedAt).toISOString(),
  available: true,
});
function buildModelItems(
  model: Model,
  draws: TemplateDraws,
  count: number,
  collection: Collection,
  random: Random,
): DemoItem[] {
  const { maison, template } = model;
  const styles = pickStyles(template, draws, random);
  const baseMaterials = template.notes
    ? random.sample(template.notes.pool, template.notes.count)
    : [...draws.materials()];
  const detail = draws.detail();
  const details = detail === null ? [] : [detail];
  const occasions = random.sample(template.occasions, random.chance(0.55) ? 2 : 1);
  const [low, high] = template.price;
  let basePrice = low + (high - low) * Math.pow(random.next(), 1.6);
  if (template.category[0] === 'Watches' && baseMaterials.some((m) => m === 'gold' || m === 'platinum'))
    basePrice *= 1.6;
  const popularity = Math.exp(0.9 * random.normal());
  const consumable = template.category[0] === 'Fragrance';
  const line = template.category[1] ?? template.category[0]!;
  const variantGroup = `${maison.code}-${model.number}`;
  const nameWithDetail = [model.name, ...details.map(titleCase), template.noun].join(' ');

  const variants: {
    suffix: string;
    code: string;
    colour: string | null;
    stone: string | null;
    factor: number;
  }[] = [];
  const spec = template.variants;
  if (spec.kind === 'colour') {
    for (const colour of random.sample(spec.colours, count))
      variants.push({ suffix: ` — ${capitalise(colour)}`, code: colour, colour, stone: null, factor: 1 });
  } else if (spec.kind === 'stone') {
    for (const [stone, colour] of random.sample(spec.stones, count))
      variants.push({
        suffix: ` — ${capitalise(stone)}`,
        code: stone,
        colour,
        stone,
        factor: stoneFactor[stone] ?? 1,
      });
  } else {
    for (const [size, factor] of spec.sizes.slice(0, count))
      variants.push({
        suffix: ` ${size}`,
        code: size.replace(/\s+/g, ''),
        colour: null,
        stone: null,
        factor,
      });
  }

  return variants.map((variant, index) => {
    const materials =
      variant.stone && !baseMaterials.includes(variant.stone)
        ? [...baseMaterials, variant.stone]
        : baseMaterials;
    const colours = variant.colour ? [variant.colour] : [];
    const description = describeItem(
      {
        name: model.name,
        noun: [...details.map(titleCase), template.noun].join(' '),
        categoryPath: template.category,
        styles,
        materials,
        stone: variant.stone,
        colour: variant.colour,
        details: [...details, ...(template.keywords ?? [])],
        occasions,
        maisonIdentity: maison.identity,
      },
      random,
    );
    // A department name counts too: a suede tote under "Leather goods" reads as leather to any reasoner.
    const words = [styles, materials, colours, occasions, details, template.keywords ?? []];
    const features = [...new Set([...words.flat(), ...departmentWords(template.category)])];
    const record: ItemRecord = {
      externalId: `${variantGroup}-${variant.code.toUpperCase()}`,
      title: nameWithDetail + variant.suffix,
      maison: maison.name,
      categoryPath: [...template.category],
      materials,
      colours,
      occasions,
      priceMinor: roundPrice(basePrice * variant.factor) * 100,
      currency: 'EUR',
      collection: collection.name,
      description,
      image: placeholderImage({
        initials: maison.initials,
        accent: maison.accent,
        glyph: line,
        swatch: colourSwatches[variant.colour ?? ''] ?? maison.accent,
        caption: `${model.name} · ${template.category.at(-1)!}`,
      }),
      variantGroup,
      ...inStockSince(collection.launchedAt),
    };
    // The first variant shown is the one the boutiques stock most.
    return {
      record,
      features,
      line,
      launchedAt: collection.launchedAt,
      popularity: popularity * (index === 0 ? 1.4 : 1) * (0.8 + 0.4 * random.next()),
      consumable,
    };
  });
}

/**
 * Smooth weighted round-robin: over any stretch of draws each entry comes up in proportion to its weight,
 * so every seed's catalogue has the same balance of houses and products and the planted groups always find
 * enough items; random starting credits vary the order from seed to seed.
 */
function proportionalRotation<T>(
  entries: readonly T[],
  weight: (entry: T) => number,
  random: Random,
): () => T {
  const weights = entries.map(weight);
  const total = weights.reduce((a, b) => a + b, 0);
  const credit = weights.map((w) => random.next() * w);
  return () => {
    let best = 0;
    for (let i = 0; i < entries.length; i++) {
      credit[i]! += weights[i]!;
      if (credit[i]! > credit[best]!) best = i;
    }
    credit[best]! -= total;
    return entries[best]!;
  };
}

/**
 * The catalogue: models drawn house by house (in proportion to each maison's weight, then to its templates'
 * weights), each in a few variants, until exactly `itemCount` items exist.
 */
export function generateCatalog(itemCount: number, reference: number, random: Random): DemoItem[] {
  const seasons = seasonsBefore(reference);
  const nextNumber = new Map<string, number>();
  const unusedNames = new Map(maisons.map((m) => [m.code, random.shuffle(m.modelNames)]));
  const nextMaison = proportionalRotation(maisons, (m) => m.weight, random);
  const nextTemplate = new Map(
    maisons.map((m) => [
      m.code,
      proportionalRotation(productTemplates[m.code] ?? [], (t) => t.weight, random),
    ]),
  );
  const drawsByTemplate = new Map<ProductTemplate, TemplateDraws>();
  const items: DemoItem[] = [];
  while (items.length < itemCount) {
    const maison = nextMaison();
    const template = nextTemplate.get(maison.code)!();
    const number = (nextNumber.get(maison.code) ?? 1000) + 1;
    nextNumber.set(maison.code, number);
    const names = unusedNames.get(maison.code)!;
    const name = names.shift() ?? `${random.pick(maison.modelNames)} ${number - 1000}`;
    const permanent = permanentCollections[maison.code] ?? 'Permanent collection';
    const collection: Collection = random.chance(0.4)
      ? { name: permanent, launchedAt: reference - 3650 * DAY }
      : random.pick(seasons);
    const count = Math.min(variantCount(template, random), itemCount - items.length);
    let draws = drawsByTemplate.get(template);
    if (!draws) {
      draws = templateDraws(template, random);
      drawsByTemplate.set(template, draws);
    }
    items.push(...buildModelItems({ maison, template, number, name }, draws, count, collection, random));
  }
  return items;
}
