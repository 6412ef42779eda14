import type { ClientForReasoning, ItemForReasoning } from '../domain/catalog.js';
import type { Feature } from '../domain/features.js';
import type { GateReason } from '../domain/reasoners.js';
import { vocabularyTerms } from '../domain/vocabulary-terms.js';
import { findTerms, foldText, normalizeFeature, singularize } from '../domain/vocabulary.js';
import { englishWords, foreignTasteWords, frenchWords, italianWords } from './gate-words.js';
import {
  clientData,
  clientSteps,
  clientSystemPrompt,
  defaultOutputBounds,
  itemData,
  itemSteps,
  itemSystemPrompt,
} from './llama/prompts.js';
import type { ClientReasoning, ItemReasoning } from './types.js';

/**
 * The plausibility gate: what a reasoner answered about an item or a client becomes features only when it reads
 * as an answer. A random-weight model under a JSON grammar writes valid JSON that is not language ("o wk r
 * agslx"); schemas cannot see that, this can. Pure: the job hands it the subject, the answer and the lexicon.
 *
 * An answer fails, in this order, when
 * - echo: a sentence repeats the prompt (its instructions, step cues or the subject's data) back;
 * - not words: a sentence is less than `minSentenceWordShare` known words, or fewer than `minWordPhraseShare` of
 *   the feature phrases are made of known words (the others are dropped from an answer that passes);
 * - repeated: the two sentences are one, a sentence is one word over and over, or the phrases are mostly
 *   the same phrase again;
 * - ungrounded: fewer than `minGroundedShare` of the phrases kept relate to the subject's own text or facets,
 *   or are terms of the feature vocabulary.
 */

export { gateReasons, type GateReason } from '../domain/reasoners.js';

export type GateVerdict<O> =
  | { readonly ok: true; readonly output: O; readonly dropped: readonly string[] }
  | { readonly ok: false; readonly reason: GateReason; readonly detail: string };

export const gateThresholds = {
  /** Known words among a sentence's words of two letters or more. */
  minSentenceWordShare: 0.6,
  /** Feature phrases made of known words, among all phrases given. */
  minWordPhraseShare: 2 / 3,
  /** Phrases kept that relate to the subject or the vocabulary. */
  minGroundedShare: 0.5,
  /** Share of a sentence's word 4-grams found in the prompt past which it is an echo. */
  echoShare: 0.6,
} as const;

/** Words that say nothing of a subject: a phrase is not grounded by sharing one of these with its text. */
// prettier-ignore
const functionWords = new Set([
  'the', 'and', 'for', 'with', 'who', 'from', 'this', 'that', 'those', 'these', 'into', 'their', 'them', 'her',
  'his', 'its', 'are', 'was', 'has', 'have', 'but', 'not', 'all', 'any', 'one', 'our', 'your', 'les', 'des',
  'une', 'pour', 'avec', 'dans', 'sur', 'par', 'del', 'della', 'delle', 'degli', 'con', 'per', 'una', 'gli',
]);

const wordsOf = (text: string): string[] =>
  foldText(text)
    .split(' ')
    .filter((w) => w !== '');
const isNumber = (w: string): boolean => /^\d+$/.test(w);

/** Endings tried when a word is not known as written: plurals, -ed, -ing, -ly, -er, -est. */
const endings = ['s', 'es', 'ed', 'd', 'ing', 'ly', 'er', 'ers', 'est', 'ness'] as const;

/** The words the gate accepts: the common words of the catalog's languages, the vocabulary, the catalog's own. */
export class Lexicon {
  private readonly words = new Set<string>();

  constructor(texts: Iterable<string>) {
    for (const list of [englishWords, frenchWords, italianWords]) this.addText(list);
    for (const [canonical, , aliases = []] of vocabularyTerms) {
      this.addText(canonical);
      for (const alias of aliases) this.addText(alias);
    }
    for (const text of texts) this.addText(text);
  }

  /** The lexicon of a catalog: every word of its items' titles, maisons, facets, collections, descriptions. */
  static forCatalog(items: readonly ItemForReasoning[]): Lexicon {
    return new Lexicon(items.flatMap(itemTexts));
  }

  private addText(text: string): void {
    for (const w of wordsOf(text)) {
      this.words.add(w);
      this.words.add(singularize(w));
    }
  }

  knows(word: string): boolean {
    if (this.words.has(word) || this.words.has(singularize(word))) return true;
    for (const ending of endings) {
      if (!word.endsWith(ending) || word.length - ending.length < 3) continue;
      const stem = word.slice(0, -ending.length);
      if (this.words.has(stem) || this.words.has(`${stem}e`)) return true;
      // stitched -> stitch is above; shopping -> shop, slimmer -> slim
      if (stem.length > 3 && stem.at(-1) === stem.at(-2) && this.words.has(stem.slice(0, -1))) return true;
    }
    if (word.endsWith('ies') && this.words.has(`${word.slice(0, -3)}y`)) return true;
    return false;
  }
}

function itemTexts(item: ItemForReasoning): string[] {
  return [
    item.title,
    item.maison ?? '',
    ...item.categoryPath,
    ...item.materials,
    ...item.colours,
    ...item.occasions,
    item.collection ?? '',
    item.description,
  ];
}

/** A feature phrase is made of words when every word is known and one of them has three letters or more. */
export function phraseIsWords(phrase: string, lexicon: Lexicon): boolean {
  const words = wordsOf(phrase).filter((w) => !isNumber(w));
  return words.length > 0 && words.every((w) => lexicon.knows(w)) && words.some((w) => w.length >= 3);
}

/** The share of a sentence's words (two letters or more, numbers aside) the lexicon knows. */
export function sentenceWordShare(sentence: string, lexicon: Lexicon): number {
  const words = wordsOf(sentence).filter((w) => w.length >= 2 && !isNumber(w));
  if (words.length === 0) return 0;
  return words.filter((w) => lexicon.knows(w)).length / words.length;
}

function grams(words: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= words.length; i++) out.push(words.slice(i, i + n).join(' '));
  return out;
}

/** The prompt a sentence must not repeat back: its 4-grams, and its step cues without their "step N". */
interface Prompt {
  readonly grams: ReadonlySet<string>;
  readonly cues: ReadonlySet<string>;
}

const withoutStep = (text: string): string => foldText(text).replace(/^step \d+ /, '');

function promptOf(texts: readonly string[], cues: readonly string[]): Prompt {
  return {
    grams: new Set([...texts, ...cues].flatMap((t) => grams(wordsOf(t), 4))),
    cues: new Set(cues.map(withoutStep)),
  };
}

function isEcho(sentence: string, prompt: Prompt): boolean {
  if (prompt.cues.has(withoutStep(sentence))) return true;
  const own = grams(wordsOf(sentence), 4);
  if (own.length === 0) return false;
  return own.filter((g) => prompt.grams.has(g)).length / own.length >= gateThresholds.echoShare;
}

/** One word over and over: the most frequent word is more than half of a sentence of four words or more. */
function isRepetitive(sentence: string): boolean {
  const words = wordsOf(sentence);
  if (words.length < 4) return false;
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return Math.max(...counts.values()) * 2 > words.length;
}

const quote = (texts: readonly string[]): string =>
  texts
    .slice(0, 3)
    .map((t) => JSON.stringify(t.length > 60 ? `${t.slice(0, 60)}…` : t))
    .join(', ');

interface Answer {
  readonly sentences: readonly (readonly [name: string, text: string])[];
  readonly features: readonly Feature[];
}

function judge(
  answer: Answer,
  prompt: Prompt,
  ownText: readonly string[],
  lexicon: Lexicon,
): { ok: true; kept: Feature[]; dropped: string[] } | { ok: false; reason: GateReason; detail: string } {
  const t = gateThresholds;
  for (const [name, text] of answer.sentences)
    if (isEcho(text, prompt))
      return { ok: false, reason: 'echo', detail: `${name} repeats the prompt: ${quote([text])}` };
  for (const [name, text] of answer.sentences) {
    const share = sentenceWordShare(text, lexicon);
    if (share < t.minSentenceWordShare)
      return {
        ok: false,
        reason: 'not words',
        detail: `${name} is ${Math.round(share * 100)} % words: ${quote([text])}`,
      };
  }
  const words = answer.features.filter((f) => phraseIsWords(f.phrase, lexicon));
  const dropped = answer.features.filter((f) => !words.includes(f)).map((f) => f.phrase);
  if (answer.features.length > 0 && words.length < t.minWordPhraseShare * answer.features.length)
    return {
      ok: false,
      reason: 'not words',
      detail: `${dropped.length} of ${answer.features.length} feature phrases are not words: ${quote(dropped)}`,
    };
  const [first, second] = answer.sentences;
  if (first && second && foldText(first[1]) === foldText(second[1]))
    return { ok: false, reason: 'repeated', detail: `${first[0]} and ${second[0]} are the same sentence` };
  for (const [name, text] of answer.sentences)
    if (isRepetitive(text))
      return { ok: false, reason: 'repeated', detail: `${name} repeats one word: ${quote([text])}` };
  const distinct = new Set(answer.features.map((f) => normalizeFeature(f.phrase, f.facet)));
  if (answer.features.length >= 2 && distinct.size * 2 <= answer.features.length)
    return {
      ok: false,
      reason: 'repeated',
      detail: `${answer.features.length} feature phrases, ${distinct.size} distinct`,
    };
  const own = new Set(ownText.flatMap(wordsOf).map(singularize));
  const grounded = (f: Feature): boolean =>
    findTerms(f.phrase).length > 0 ||
    wordsOf(f.phrase).some((w) => foreignTasteWords.has(w)) ||
    wordsOf(f.phrase).some((w) => w.length >= 3 && !functionWords.has(w) && own.has(singularize(w)));
  const related = words.filter(grounded);
  if (words.length > 0 && related.length < t.minGroundedShare * words.length)
    return {
      ok: false,
      reason: 'ungrounded',
      detail: `${related.length} of ${words.length} feature phrases relate to the subject: ${quote(words.map((f) => f.phrase))}`,
    };
  return { ok: true, kept: words, dropped };
}

const itemPromptBase = promptOf([itemSystemPrompt(defaultOutputBounds)], Object.values(itemSteps));
const clientPromptBase = promptOf([clientSystemPrompt(defaultOutputBounds)], Object.values(clientSteps));

function withData(base: Prompt, data: string): Prompt {
  return { grams: new Set([...base.grams, ...grams(wordsOf(data), 4)]), cues: base.cues };
}

export function gateItem(
  item: ItemForReasoning,
  output: ItemReasoning,
  lexicon: Lexicon,
): GateVerdict<ItemReasoning> {
  const verdict = judge(
    {
      sentences: [
        ['love', output.love],
        ['dislike', output.dislike],
      ],
      features: output.features,
    },
    withData(itemPromptBase, itemData(item)),
    itemTexts(item),
    lexicon,
  );
  if (!verdict.ok) return verdict;
  return { ok: true, output: { ...output, features: verdict.kept }, dropped: verdict.dropped };
}

export function gateClient(
  client: ClientForReasoning,
  output: ClientReasoning,
  lexicon: Lexicon,
): GateVerdict<ClientReasoning> {
  const verdict = judge(
    {
      sentences: [
        ['likes', output.likes],
        ['dislikes', output.dislikes],
        ['corePreference', output.corePreference],
      ],
      features: output.features,
    },
    withData(clientPromptBase, clientData(client)),
    client.recentItems.flatMap(({ item }) => itemTexts(item)),
    lexicon,
  );
  if (!verdict.ok) return verdict;
  return { ok: true, output: { ...output, features: verdict.kept }, dropped: verdict.dropped };
}
