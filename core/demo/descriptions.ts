import type { Random } from './random.js';
import {
  craftSentences,
  detailSentences,
  materialPhrases,
  occasionPhrases,
  styleSentences,
} from './vocabulary.js';

/** Everything a description may speak of: the model's and the variant's own attributes, nothing else. */
export interface DescribedItem {
  readonly name: string;
  readonly noun: string;
  readonly categoryPath: readonly string[];
  readonly styles: readonly string[];
  readonly materials: readonly string[];
  /** The stone a jewellery variant sets, already among materials. */
  readonly stone: string | null;
  readonly colour: string | null;
  readonly details: readonly string[];
  readonly occasions: readonly string[];
  readonly maisonIdentity: readonly string[];
}

// "an 18-carat": numbers are read aloud, so eight, eleven and eighteen take "an" too.
const article = (word: string): string => (/^([aeiou]|8|11|18)/i.test(word) ? 'an' : 'a');
/** "a pair of earrings", not "an earrings". */
const withArticle = (noun: string): string =>
  /(earrings|trousers|sunglasses|gloves)$/i.test(noun) ? `a pair of ${noun}` : `${article(noun)} ${noun}`;
const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const phrase = (material: string): string => materialPhrases[material] ?? material;

function listing(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)!}`;
}

function openingSentence(item: DescribedItem, random: Random): string {
  const noun = item.noun.toLowerCase();
  const family = item.categoryPath[0];
  const [main, ...others] = item.materials.filter((m) => m !== item.stone);
  if (family === 'Fragrance') {
    const notes = item.materials.map(phrase);
    if (notes.length === 2) return `${item.name} pairs ${notes[0]!} with ${notes[1]!}.`;
    return `${item.name} opens on ${notes[0]!}, settles on ${notes[1]!} and dries down to ${notes.slice(2).join(' and ')}.`;
  }
  if (family === 'Watches') {
    const strap = item.materials.find((m) => m === 'leather' || m === 'rubber');
    const bezel = item.materials.find((m) => m === 'ceramic' || m === 'diamond' || m === 'onyx');
    const caseMetal = item.materials.find((m) => m !== strap && m !== bezel) ?? main!;
    const parts = [
      `${article(item.colour!)} ${item.colour!} dial`,
      ...(bezel ? [`a bezel of ${phrase(bezel)}`] : []),
      strap ? `a strap of ${phrase(strap)}` : 'a matching bracelet',
    ];
    return `The ${item.name} ${item.noun} comes in ${article(phrase(caseMetal))} ${phrase(caseMetal)} case with ${listing(parts)}.`;
  }
  if (item.stone !== null) {
    const metal = phrase(main!);
    return random.pick([
      `The ${item.name} ${noun} sets ${article(phrase(item.stone))} ${phrase(item.stone)} in ${metal}.`,
      `${capitalise(phrase(item.stone))} and ${metal} meet in the ${item.name} ${noun}.`,
    ]);
  }
  const fabric = phrase(main!);
  const trim = others.length > 0 ? `, with ${listing(others.map(phrase))}` : '';
  const colour = item.colour!;
  if (family === 'Jewellery')
    return `The ${item.name} ${noun} in ${listing(item.materials.map(phrase))}, finished in ${colour}.`;
  return random.pick([
    `The ${item.name} ${noun} in ${colour} ${fabric}${trim}.`,
    `${item.name}: ${withArticle(noun)} cut from ${fabric}${trim}, shown here in ${colour}.`,
    `Cut from ${fabric} in ${colour}${trim}, the ${item.name} is ${withArticle(noun)} for the long run.`,
  ]);
}

function occasionSentence(occasions: readonly string[], random: Random): string {
  const [first, second] = occasions.map((o) => occasionPhrases[o] ?? o);
  if (second === undefined) return random.pick([`Made for ${first!}.`, `A natural choice for ${first!}.`]);
  return random.pick([
    `Made for ${first!} and ${second}.`,
    `Chosen for ${first!}, and just as right for ${second}.`,
  ]);
}

/**
 * A few varied sentences built from the item's attributes and the style vocabulary: an opening naming
 * materials and colour, one sentence per style, the print or complication, the craft of its category,
 * its occasions and a line on the maison.
 */
export function describeItem(item: DescribedItem, random: Random): string {
  const middle: string[] = [];
  for (const style of item.styles) middle.push(random.pick(styleSentences[style] ?? [`A ${style} piece.`]));
  const craft = craftSentences[item.categoryPath[1] ?? ''];
  if (craft) middle.push(random.pick(craft));
  const sentences = [openingSentence(item, random), ...random.shuffle(middle)];
  for (const detail of item.details) {
    const sentence = detailSentences[detail];
    if (sentence) sentences.push(sentence);
  }
  sentences.push(occasionSentence(item.occasions, random));
  if (random.chance(0.8)) sentences.push(random.pick(item.maisonIdentity));
  return sentences.join(' ');
}
