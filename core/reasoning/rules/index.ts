import {
  clientReasoningSchema,
  itemReasoningSchema,
  type ClientReasoning,
  type ItemReasoning,
  type Reasoner,
} from '../types.js';
import { type ClientForReasoning, type ItemForReasoning } from '../../domain/catalog.js';
import { type Feature } from '../../domain/features.js';
import { itemFeatures } from './item-features.js';
import type { PriceTierTable } from './price-tiers.js';
import { clientSentences, dislikeSentence, loveSentence } from './sentences.js';

export {
  priceTierTable,
  fixedPriceTiers,
  priceTiers,
  type PriceTier,
  type PriceTierTable,
} from './price-tiers.js';
export { itemFeatures, seasonOf } from './item-features.js';

/** Bump whenever a rule, weight or sentence changes: cached features of an older version are then redone. */
export const rulesPromptVersion = 'rules-1';

/** How much each thing a client did with an item says about their taste (a return says the opposite). */
const clientKindWeights: Readonly<Record<string, number>> = {
  purchase: 1,
  'try-on': 0.6,
  wishlist: 0.4,
  view: 0.15,
  return: -0.8,
};
/** Each older item counts this much less than the one after it. */
const recencyDecay = 0.9;

export interface RulesReasonerOptions {
  /** Price tiers relative to each category's price distribution (see `priceTierTable`). */
  readonly priceTiers: PriceTierTable;
}

/**
 * The embedded, deterministic reasoner: ISRF's love -> dislike -> features chain done with the catalog's own
 * fields and a style lexicon instead of a model. Synchronous at heart (`reasonItemNow`), so the engine can
 * compute features for a whole catalog in memory in milliseconds.
 */
export class RulesReasoner implements Reasoner {
  readonly kind = 'rules' as const;
  readonly model = null;
  readonly promptVersion = rulesPromptVersion;

  constructor(private readonly options: RulesReasonerOptions) {}

  reasonItemNow(item: ItemForReasoning): ItemReasoning {
    const features = itemFeatures(item, this.options.priceTiers.tierOf(item));
    return itemReasoningSchema.parse({
      love: loveSentence(item, features),
      dislike: dislikeSentence(features),
      features,
    });
  }

  reasonClientNow(client: ClientForReasoning): ClientReasoning {
    const net = new Map<string, Feature>();
    client.recentItems.forEach(({ item, kind }, i) => {
      const w = (clientKindWeights[kind] ?? 0) * recencyDecay ** i;
      if (w === 0) return;
      for (const f of this.reasonItemNow(item).features) {
        const prev = net.get(f.phrase);
        net.set(f.phrase, { ...f, weight: (prev?.weight ?? 0) + w * f.weight });
      }
    });
    const all = [...net.values()];
    const liked = all
      .filter((f) => f.weight > 0)
      .sort((a, b) => b.weight - a.weight || cmp(a.phrase, b.phrase));
    const returned = all
      .filter((f) => f.weight < 0)
      .sort((a, b) => a.weight - b.weight || cmp(a.phrase, b.phrase));
    const max = liked[0]?.weight ?? 1;
    const features = liked
      .slice(0, 12)
      .map((f) => ({ ...f, weight: Math.round((f.weight / max) * 1000) / 1000 }));
    return clientReasoningSchema.parse({ ...clientSentences(features, returned), features });
  }

  // A throw inside the executor (an aborted signal, a schema failure) becomes a rejection, as callers expect.
  reasonItem(item: ItemForReasoning, signal?: AbortSignal): Promise<ItemReasoning> {
    return new Promise((resolve) => {
      signal?.throwIfAborted();
      resolve(this.reasonItemNow(item));
    });
  }

  reasonClient(client: ClientForReasoning, signal?: AbortSignal): Promise<ClientReasoning> {
    return new Promise((resolve) => {
      signal?.throwIfAborted();
      resolve(this.reasonClientNow(client));
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
