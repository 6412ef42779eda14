import type { ItemForReasoning } from '../../domain/catalog.js';
import type { Feature } from '../../domain/features.js';
import { normalizeFeature } from '../../domain/vocabulary.js';

/**
 * The love / dislike sentences of the rules reasoner, in an associate's words. The dislike side names the
 * styles and colours a piece contrasts with: that contrast is what ISRF's bidirectional step is for.
 */

const styleOpposites: Readonly<Record<string, readonly string[]>> = {
  structured: ['soft', 'bohemian'],
  soft: ['structured', 'classic tailoring'],
  minimalist: ['bold', 'bohemian'],
  bohemian: ['structured', 'minimalist'],
  'art deco': ['bohemian', 'sporty'],
  sporty: ['classic tailoring', 'romantic'],
  sculptural: ['classic', 'romantic'],
  romantic: ['edgy', 'minimalist'],
  'classic tailoring': ['bohemian', 'sporty'],
  classic: ['avant garde', 'edgy'],
  'avant garde': ['classic', 'preppy'],
  edgy: ['romantic', 'preppy'],
  vintage: ['sporty', 'avant garde'],
  glamorous: ['minimalist', 'sporty'],
  bold: ['minimalist', 'classic'],
  playful: ['minimalist', 'classic tailoring'],
  preppy: ['edgy', 'bohemian'],
  logo: ['minimalist', 'classic'],
};

/** What a client of the opposite taste would call the piece. */
const tooMuch: Readonly<Record<string, string>> = {
  structured: 'too rigid',
  soft: 'too unstructured',
  minimalist: 'too plain',
  bohemian: 'too loose',
  'art deco': 'too ornate',
  sporty: 'too casual',
  sculptural: 'too conceptual',
  romantic: 'too sweet',
  'classic tailoring': 'too formal',
  classic: 'too conventional',
  'avant garde': 'too daring',
  edgy: 'too hard',
  vintage: 'too old-fashioned',
  glamorous: 'too showy',
  bold: 'too loud',
  playful: 'too whimsical',
  preppy: 'too proper',
  logo: 'too branded',
};

const darkColours = new Set(['black', 'navy', 'grey', 'brown', 'burgundy']);
const neutralColours = new Set(['ivory', 'beige', 'camel', 'white', 'neutral']);
const brightColours = new Set(['pink', 'yellow', 'orange', 'red', 'multicolour', 'purple', 'green', 'blue']);

function colourContrast(colour: string | undefined): string | null {
  if (colour === undefined) return null;
  if (darkColours.has(colour)) return 'bright colours';
  if (neutralColours.has(colour)) return 'strong colours';
  if (brightColours.has(colour) || colour === 'metallic') return 'quiet neutrals';
  return null;
}

/** "a", "a and b", "a, b and c". */
export function listPhrases(phrases: readonly string[]): string {
  if (phrases.length <= 1) return phrases[0] ?? '';
  return `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}`;
}

function firstOf(features: readonly Feature[], facet: Feature['facet']): string | undefined {
  return features.find((f) => f.facet === facet)?.phrase;
}

/** The item's kind in a word: the catalog's leaf category, else a category term from its title, else null. */
function categoryNoun(item: ItemForReasoning, features: readonly Feature[]): string | null {
  const leaf = item.categoryPath.at(-1);
  const fromPath = leaf !== undefined ? normalizeFeature(leaf) : '';
  if (fromPath !== '') return fromPath;
  return features.find((f) => f.facet === 'category' && f.weight > 0.5)?.phrase ?? null;
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * "structured and minimalist pieces in black calfskin": up to two styles, then colour and material. The
 * compound "structured leather" is left out (its style is already named).
 */
export function describeLook(features: readonly Feature[]): string | null {
  const styles = features
    .filter((f) => f.facet === 'style')
    .slice(0, 2)
    .map((f) => f.phrase);
  const styleWords = new Set(styles);
  const material = features.find(
    (f) => f.facet === 'material' && !styleWords.has(f.phrase.split(' ')[0] ?? ''),
  )?.phrase;
  const look = [firstOf(features, 'colour'), material].filter((p): p is string => p !== undefined).join(' ');
  if (styles.length > 0) return `${listPhrases(styles)} pieces${look !== '' ? ` in ${look}` : ''}`;
  return look !== '' ? look : null;
}

export function loveSentence(item: ItemForReasoning, features: readonly Feature[]): string {
  const look = describeLook(features);
  const occasion = firstOf(features, 'occasion');
  const maison = item.maison !== null ? `${item.maison} ` : '';
  const noun = categoryNoun(item, features);
  const subject =
    look !== null
      ? `Clients drawn to ${look}`
      : noun !== null
        ? `Clients looking for ${article(noun)}`
        : `Clients who choose pieces like the ${item.title}`;
  const when = occasion !== undefined ? `, dressing for ${occasion},` : '';
  return `${subject}${when} would love this ${maison}${noun ?? 'piece'}.`;
}

export function dislikeSentence(features: readonly Feature[]): string {
  const styles = features.filter((f) => f.facet === 'style').map((f) => f.phrase);
  const own = new Set(styles);
  const opposite = [...new Set(styles.flatMap((s) => styleOpposites[s] ?? []))].filter((s) => !own.has(s));
  const contrast = colourContrast(firstOf(features, 'colour'));
  const price = features.some((f) => f.phrase === 'top price') ? ', or who keep to a lighter budget,' : '';
  const verdict = styles[0] !== undefined ? tooMuch[styles[0]] : undefined;
  if (opposite.length > 0) {
    const inColour = contrast !== null ? ` in ${contrast}` : '';
    return `Those who prefer ${opposite.slice(0, 2).join(' or ')} pieces${inColour}${price} may find it ${verdict ?? 'not for them'}.`;
  }
  if (contrast !== null) return `Those who prefer ${contrast}${price} may pass on it.`;
  const category = features.find((f) => f.facet === 'category' && f.weight > 0.5)?.phrase;
  return `Those not looking for ${category !== undefined ? article(category) : 'this kind of piece'}${price} will pass on it.`;
}

/** Client sentences from the client's aggregated features (positive likes, negative from returns). */
export function clientSentences(
  liked: readonly Feature[],
  returned: readonly Feature[],
): { likes: string; dislikes: string; corePreference: string } {
  if (liked.length === 0) {
    return {
      likes: 'No history to read a taste from yet.',
      dislikes: 'Nothing returned or passed over yet.',
      corePreference: 'Unknown so far',
    };
  }
  const look = describeLook(liked) ?? liked[0]!.phrase;
  const categories = liked
    .filter((f) => f.facet === 'category')
    .slice(0, 2)
    .map((f) => f.phrase);
  const maison = firstOf(liked, 'maison');
  const likes =
    `Drawn to ${look}` +
    (categories.length > 0 ? `, mostly ${listPhrases(categories)}` : '') +
    (maison !== undefined ? `, often from ${maison}` : '') +
    '.';
  let dislikes: string;
  if (returned.length > 0) dislikes = `Returned ${describeLook(returned) ?? returned[0]!.phrase}.`;
  else {
    const style = firstOf(liked, 'style');
    const opposite = style !== undefined ? (styleOpposites[style] ?? []) : [];
    dislikes =
      opposite.length > 0
        ? `Rarely chooses ${listPhrases([...opposite])} pieces.`
        : 'No clear dislikes in the history.';
  }
  const core = [firstOf(liked, 'style'), firstOf(liked, 'colour'), firstOf(liked, 'material')].filter(
    (p): p is string => p !== undefined,
  );
  const occasion = firstOf(liked, 'occasion');
  const corePreference =
    core.length > 0
      ? `${cap(core.join(' '))} pieces${occasion !== undefined ? ` for ${occasion}` : ''}`
      : cap(liked[0]!.phrase);
  return { likes, dislikes, corePreference };
}
