import type { Facet } from './types.js';

/**
 * Atelier's one feature vocabulary. Every reasoner (rules, llama, openai) passes its feature phrases through
 * `normalizeFeature`, so "Colours: Navy-Blue", "navy blue" and "navy" become one feature and the engine sees
 * one column, not three. Spelling is British (colour, jewellery, grey), as the boutique writes.
 *
 * The pipeline: lower case, accents folded, punctuation to spaces, each word singularised, British spellings,
 * then the longest matching synonym n-grams replaced by their canonical phrase.
 */

/** Longest phrase the reasoner schemas accept. */
export const maxFeatureLength = 48;

/** Words whose trailing "s" is not a plural (or whose plural is the usual name of the thing). */
// prettier-ignore
const invariantWords = new Set([
  'always', 'arpels', 'bus', 'canvas', 'chanel', 'chassis', 'class', 'cross', 'dress', 'glass', 'glasses',
  'goods', 'hermes', 'jeans', 'lapis', 'leggings', 'lens', 'les', 'louis', 'news', 'overalls', 'pants',
  'paris', 'plus', 'series', 'shorts', 'species', 'sunglasses', 'swiss', 'this', 'tights', 'trousers', 'vans',
  'yes', 'whereas', 'christmas', 'as', 'is', 'us', 'its', 'has', 'was', 'does', 'boss', 'moss', 'gloss',
]);

/** Irregular plurals worth knowing in a boutique. */
const irregularPlurals = new Map([
  ['scarves', 'scarf'],
  ['halves', 'half'],
  ['knives', 'knife'],
  ['women', 'women'],
  ['men', 'men'],
  ['children', 'children'],
  ['accessories', 'accessory'],
  ['jewelries', 'jewellery'],
]);

/** Word-level spelling variants: American and common misspellings to British. */
const spellings = new Map([
  ['color', 'colour'],
  ['colored', 'coloured'],
  ['colorful', 'colourful'],
  ['colorblock', 'colourblock'],
  ['gray', 'grey'],
  ['jewelry', 'jewellery'],
  ['jewelery', 'jewellery'],
  ['center', 'centre'],
  ['aluminum', 'aluminium'],
  ['favorite', 'favourite'],
  ['fuschia', 'fuchsia'],
  ['monogrammed', 'monogram'],
  ['embroidery', 'embroidered'],
]);

/**
 * Canonical phrase -> facet and the aliases that mean the same. Aliases are written naturally; they go
 * through the same folding/singularising as the input, so plural or American spellings need not be listed.
 */
const terms: readonly (readonly [canonical: string, facet: Facet, aliases?: readonly string[]])[] = [
  // style
  ['structured', 'style', ['rigid', 'architectural', 'boxy']],
  ['minimalist', 'style', ['minimal', 'minimalism', 'clean line', 'understated', 'pared back']],
  ['bohemian', 'style', ['boho', 'boho chic', 'free spirited', 'folk']],
  ['art deco', 'style', ['artdeco', 'deco', 'geometric deco']],
  ['sporty', 'style', ['athleisure', 'sportswear', 'athletic']],
  ['sculptural', 'style', ['sculpted', 'organic form']],
  ['romantic', 'style', ['feminine', 'ruffled', 'ruffle']],
  ['classic tailoring', 'style', ['tailored', 'tailoring', 'sartorial', 'classic tailored']],
  ['classic', 'style', ['timeless', 'heritage', 'iconic']],
  ['avant garde', 'style', ['experimental', 'deconstructed', 'conceptual']],
  ['edgy', 'style', ['rock', 'punk', 'studded']],
  ['vintage', 'style', ['retro']],
  ['glamorous', 'style', ['glamour', 'glam']],
  ['opulent', 'style', ['lavish', 'sumptuous']],
  ['equestrian', 'style', ['riding', 'horsey']],
  ['relaxed', 'style', ['laid back', 'easygoing']],
  ['fresh', 'style', ['citrusy', 'aquatic']],
  ['powdery', 'style'],
  ['woody', 'style'],
  ['paisley', 'style'],
  ['floral', 'style', ['flower print', 'floral print']],
  ['stripe', 'style', ['striped', 'pinstripe', 'breton stripe']],
  ['houndstooth', 'style', ['pied de poule', 'dogtooth']],
  ['check', 'style', ['checked', 'plaid', 'tartan', 'gingham']],
  ['soft', 'style', ['slouchy', 'unstructured', 'fluid', 'draped']],
  ['bold', 'style', ['statement', 'maximalist', 'maximalism']],
  ['playful', 'style', ['whimsical', 'quirky']],
  ['preppy', 'style'],
  ['logo', 'style', ['logomania', 'monogram']],
  // material
  ['leather', 'material', ['genuine leather']],
  ['calfskin', 'material', ['calf leather', 'calf']],
  ['lambskin', 'material', ['lamb leather', 'nappa', 'nappa leather']],
  ['patent leather', 'material', ['patent']],
  ['suede', 'material', ['suede leather']],
  ['exotic leather', 'material', ['crocodile', 'alligator', 'python', 'ostrich', 'lizard']],
  ['faux leather', 'material', ['vegan leather', 'pleather', 'synthetic leather']],
  ['silk', 'material', ['silk twill', 'mulberry silk', 'silk satin']],
  ['cashmere', 'material'],
  ['wool', 'material', ['merino', 'merino wool', 'virgin wool']],
  ['cotton', 'material', ['poplin', 'cotton poplin']],
  ['linen', 'material'],
  ['denim', 'material'],
  ['tweed', 'material'],
  ['lace', 'material'],
  ['velvet', 'material'],
  ['satin', 'material'],
  ['chiffon', 'material'],
  ['canvas', 'material', ['coated canvas']],
  ['gold', 'material', ['yellow gold', '18k gold', '18 karat gold', '18ct gold', 'gold plated']],
  ['white gold', 'material'],
  ['rose gold', 'material', ['pink gold']],
  ['silver', 'material', ['sterling silver', '925 silver']],
  ['platinum', 'material'],
  ['steel', 'material', ['stainless steel']],
  ['titanium', 'material'],
  ['ceramic', 'material'],
  ['diamond', 'material', ['diamond pave', 'brilliant cut diamond']],
  ['pearl', 'material', ['cultured pearl', 'freshwater pearl', 'akoya pearl']],
  ['gemstone', 'material', ['precious stone', 'gem']],
  ['crystal', 'material', ['rhinestone']],
  ['fur', 'material'],
  ['knit', 'material', ['knitwear', 'knitted']],
  // colour
  ['black', 'colour', ['noir', 'jet black', 'onyx black']],
  ['white', 'colour', ['blanc', 'optic white', 'pure white']],
  ['ivory', 'colour', ['off white', 'ecru']],
  ['beige', 'colour', ['nude']],
  ['camel', 'colour', ['camel hair colour']],
  ['brown', 'colour', ['chocolate brown', 'dark brown']],
  ['navy', 'colour', ['navy blue', 'midnight blue']],
  ['blue', 'colour', ['royal blue']],
  ['red', 'colour', ['scarlet', 'crimson']],
  ['burgundy', 'colour', ['bordeaux', 'oxblood', 'wine', 'maroon']],
  ['pink', 'colour', ['powder pink', 'pale pink']],
  ['green', 'colour', ['forest green', 'bottle green']],
  ['yellow', 'colour', ['lemon yellow']],
  ['orange', 'colour', ['tangerine']],
  ['purple', 'colour', ['aubergine']],
  ['grey', 'colour', ['dove grey', 'mid grey']],
  ['metallic', 'colour', ['silver tone', 'gold tone', 'lame']],
  ['multicolour', 'colour', ['multicoloured', 'multi', 'rainbow', 'colourblock']],
  ['neutral', 'colour', ['neutral tone', 'earth tone']],
  // category
  ['bag', 'category', ['handbag', 'hand bag', 'purse', 'pocketbook']],
  ['tote', 'category', ['tote bag', 'shopper']],
  ['clutch', 'category', ['clutch bag', 'minaudiere', 'evening bag']],
  ['crossbody bag', 'category', ['crossbody', 'cross body', 'shoulder bag', 'messenger bag']],
  ['wallet', 'category', ['card holder', 'cardholder', 'small leather good']],
  ['leather goods', 'category', ['maroquinerie']],
  ['ready to wear', 'category', ['rtw', 'pret a porter', 'apparel', 'clothing']],
  ['dress', 'category', ['gown', 'frock']],
  ['jacket', 'category', ['blazer']],
  ['coat', 'category', ['trench', 'trench coat', 'overcoat']],
  ['sweater', 'category', ['jumper', 'pullover', 'cardigan']],
  ['shirt', 'category', ['blouse']],
  ['trousers', 'category', ['pants', 'slacks']],
  ['skirt', 'category'],
  ['shoes', 'category', ['shoe', 'footwear']],
  ['sneaker', 'category', ['trainer', 'running shoe']],
  ['pump', 'category', ['court shoe', 'stiletto']],
  ['boot', 'category', ['ankle boot', 'bootie']],
  ['loafer', 'category', ['moccasin']],
  ['sandal', 'category', ['mule', 'espadrille', 'slide']],
  ['jewellery', 'category', ['fine jewellery', 'bijoux', 'joaillerie']],
  ['necklace', 'category', ['pendant', 'choker']],
  ['earring', 'category', ['stud', 'hoop']],
  ['ring', 'category'],
  ['bracelet', 'category', ['bangle', 'cuff']],
  ['watch', 'category', ['timepiece', 'wristwatch', 'watchmaking', 'horlogerie']],
  ['fragrance', 'category', ['perfume', 'parfum', 'eau de parfum', 'eau de toilette', 'scent', 'cologne']],
  ['scarf', 'category', ['carre', 'shawl', 'stole']],
  ['belt', 'category'],
  ['sunglasses', 'category', ['eyewear']],
  ['accessory', 'category'],
  // occasion
  ['evening', 'occasion', ['evening wear', 'eveningwear', 'soiree', 'night out', 'black tie', 'gala']],
  ['cocktail', 'occasion', ['party']],
  ['everyday', 'occasion', ['daywear', 'everyday wear', 'casual', 'daily']],
  ['weekend', 'occasion', ['leisure']],
  ['outdoor', 'occasion', ['outdoors', 'mountain', 'countryside']],
  ['office', 'occasion', ['work', 'business', 'workwear']],
  ['wedding', 'occasion', ['bridal', 'ceremony']],
  ['travel', 'occasion', ['voyage', 'getaway']],
  ['holiday', 'occasion', ['vacation', 'beach']],
  ['resort', 'occasion', ['resort wear', 'riviera']],
  ['gift', 'occasion', ['gifting', 'present']],
  // craft
  ['handmade', 'craft', ['handcrafted', 'hand made', 'artisanal', 'atelier made']],
  ['hand stitched', 'craft', ['saddle stitch', 'saddle stitched', 'hand sewn']],
  ['embroidered', 'craft', ['broderie']],
  ['quilted', 'craft', ['quilting', 'matelasse']],
  ['engraved', 'craft', ['guilloche', 'engraving']],
  ['enamel', 'craft', ['enamelled', 'lacquered', 'lacquer']],
  ['pleated', 'craft', ['plisse']],
  ['woven', 'craft', ['intrecciato', 'braided', 'plaited']],
  ['beaded', 'craft', ['sequin', 'sequinned', 'embellished']],
  ['mechanical movement', 'craft', ['automatic', 'self winding', 'manual winding', 'hand wound']],
  ['chronograph', 'craft', ['chrono']],
  ['moon phase', 'craft', ['moonphase']],
  ['small seconds', 'craft'],
  ['tourbillon', 'craft'],
  ['perpetual calendar', 'craft'],
  ['gmt', 'craft', ['dual time', 'world time']],
  // price
  ['entry price', 'price', ['entry level', 'entry tier']],
  ['core price', 'price', ['mid price', 'core tier']],
  ['high price', 'price', ['high end', 'high tier']],
  ['top price', 'price', ['top tier', 'exceptional piece']],
  // season
  ['spring summer', 'season', ['ss', 'spring', 'summer', 'spring/summer']],
  ['autumn winter', 'season', ['aw', 'fw', 'fall winter', 'autumn', 'winter', 'fall']],
  ['cruise', 'season', ['cruise collection', 'resort collection', 'pre spring']],
  ['pre fall', 'season', ['pre autumn']],
  ['permanent collection', 'season', ['core collection', 'icon', 'continuity', 'permanent']],
  // audience
  ['women', 'audience', ['woman', 'womenswear', 'ladies', 'female']],
  ['men', 'audience', ['man', 'menswear', 'gentlemen', 'male']],
  ['unisex', 'audience', ['genderless', 'gender neutral']],
];

/** Lower case, accents folded, apostrophes dropped, punctuation to spaces, whitespace collapsed. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]s\b/g, '')
    .replace(/['’`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9/]+/g, ' ')
    .replace(/\//g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** English plural to singular for one folded word; conservative (unknown shapes are left alone). */
export function singularize(word: string): string {
  const irregular = irregularPlurals.get(word);
  if (irregular !== undefined) return irregular;
  if (word.length <= 3 || invariantWords.has(word) || !word.endsWith('s')) return word;
  if (/(ss|us|is|ous|less|ness)$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (/(ch|sh|ss|x|zz)es$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

function normalizeWords(text: string, singular: boolean): string[] {
  const words = foldText(text)
    .split(' ')
    .filter((w) => w !== '');
  return words.map((w) => {
    const one = singular ? singularize(w) : w;
    return spellings.get(one) ?? one;
  });
}

interface Term {
  readonly canonical: string;
  readonly facet: Facet;
}

// alias key (normalised words joined by ' ') -> term; canonical phrases map to themselves.
const aliasIndex = new Map<string, Term>();
const canonicalFacets = new Map<string, Facet>();
let longestAlias = 1;
for (const [canonical, facet, aliases = []] of terms) {
  if (!canonicalFacets.has(canonical)) canonicalFacets.set(canonical, facet);
  for (const phrase of [canonical, ...aliases]) {
    const key = normalizeWords(phrase, true).join(' ');
    // First definition wins: a later alias never steals an earlier canonical ("weekend" is travel first).
    if (!aliasIndex.has(key)) aliasIndex.set(key, { canonical, facet });
    longestAlias = Math.max(longestAlias, key.split(' ').length);
  }
}

/** The longest vocabulary term starting at word i (keys built incrementally: this is the hot loop). */
function longestMatchAt(words: readonly string[], i: number): { term: Term; n: number } | null {
  let key = '';
  let best: { term: Term; n: number } | null = null;
  const max = Math.min(longestAlias, words.length - i);
  for (let n = 1; n <= max; n++) {
    key = n === 1 ? words[i]! : `${key} ${words[i + n - 1]!}`;
    const term = aliasIndex.get(key);
    if (term !== undefined) best = { term, n };
  }
  return best;
}

function truncateAtWord(phrase: string): string {
  if (phrase.length <= maxFeatureLength) return phrase;
  const cut = phrase.slice(0, maxFeatureLength + 1);
  const space = cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : cut.slice(0, maxFeatureLength)).trim();
}

/**
 * The canonical form of a feature phrase: "Navy-Blue Handbags" -> "navy bag", "Art-Déco" -> "art deco",
 * "colors" -> "colour". Maison names keep their words as written (only folded): "Hermès" -> "hermes".
 * Returns '' when nothing is left; the result is at most `maxFeatureLength` characters, cut at a word.
 */
export function normalizeFeature(phrase: string, facet?: Facet): string {
  if (facet === 'maison') return truncateAtWord(foldText(phrase));
  const words = normalizeWords(phrase, true);
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    const match = longestMatchAt(words, i);
    const word = match !== null ? match.term.canonical : words[i]!;
    // "black noir" or "bag handbag" would otherwise repeat a word.
    if (out.at(-1) !== word) out.push(word);
    i += match?.n ?? 1;
  }
  return truncateAtWord(out.join(' '));
}

/** The facet of a known canonical phrase (after normalisation), else null. */
export function facetOf(normalized: string): Facet | null {
  return canonicalFacets.get(normalized) ?? aliasIndex.get(normalized)?.facet ?? null;
}

/**
 * A best guess at a phrase's facet: the phrase itself when it is a known term, else its last known word
 * (the head of an English noun phrase: "structured leather" is a material, "evening bag" a category),
 * else null. Accepts raw or normalised phrases.
 */
export function guessFacet(phrase: string): Facet | null {
  const normalized = normalizeFeature(phrase);
  const whole = facetOf(normalized);
  if (whole !== null) return whole;
  const words = normalized.split(' ');
  for (let end = words.length; end > 0; end--) {
    for (let start = Math.max(0, end - longestAlias); start < end; start++) {
      const facet = facetOf(words.slice(start, end).join(' '));
      if (facet !== null) return facet;
    }
  }
  return null;
}

/** A term found in free text, with where it started (word index) so callers can weigh early mentions. */
export interface TermMention {
  readonly phrase: string;
  readonly facet: Facet;
  readonly position: number;
  /** How many (folded) words the mention spans. */
  readonly words: number;
}

/**
 * Every vocabulary term mentioned in a free text (title, description), canonical and in order of first
 * mention, longest match first so "classic tailoring" is not also read as "classic".
 */
export function findTerms(text: string): TermMention[] {
  const words = normalizeWords(text, true);
  const found = new Map<string, TermMention>();
  for (let i = 0; i < words.length;) {
    const match = longestMatchAt(words, i);
    if (match !== null && !found.has(match.term.canonical))
      found.set(match.term.canonical, {
        phrase: match.term.canonical,
        facet: match.term.facet,
        position: i,
        words: match.n,
      });
    i += match?.n ?? 1;
  }
  return [...found.values()];
}

/** Words that carry no taste of their own: a list value made of known terms and these splits into the terms. */
// prettier-ignore
const fillerWords = new Set(['and', 'with', 'in', 'of', 'the', 'a', 'an', 'on', 'fine', 'full', 'grain', 'pure']);

/**
 * Splits a catalog list value into vocabulary terms when the terms (and filler words, numbers) cover it all:
 * "Silk chiffon" -> silk, chiffon; "Calf leather" -> calfskin; "18k yellow gold" -> gold. A value with a word the
 * vocabulary does not know stays whole, normalised ("green tea" is a note, not a colour): returns null.
 */
export function splitKnownTerms(value: string): TermMention[] | null {
  const terms = findTerms(value);
  if (terms.length === 0) return null;
  const words = normalizeWords(value, true);
  const covered = new Uint8Array(words.length);
  // findTerms reports first mentions only; re-scan to mark every matched span.
  for (let i = 0; i < words.length;) {
    const match = longestMatchAt(words, i);
    if (match !== null) covered.fill(1, i, i + match.n);
    i += match?.n ?? 1;
  }
  const uncovered = words.some((w, i) => covered[i] === 0 && !fillerWords.has(w) && !/\d/.test(w));
  return uncovered ? null : terms;
}

/** Every canonical term of a facet (for lexicon-driven reasoning and for tests). */
export function termsOf(facet: Facet): string[] {
  return terms.filter(([, f]) => f === facet).map(([canonical]) => canonical);
}
