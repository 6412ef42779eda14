import { z } from 'zod';
import { featureSchema } from '../domain/features.js';
import type { ClientForReasoning, ItemForReasoning } from '../domain/catalog.js';
import type { ReasonerKind } from '../domain/reasoners.js';

/**
 * The reasoner contract, ISRF's bidirectional chain. For an item: who would love it, then (given that) who
 * would dislike it, then the item's features contrasting the two. For a client: likes, dislikes and a core
 * preference from their most recent items. Every reasoner (rules, llama, openai) produces these shapes; the
 * schemas bound every string and list so a model can never run to its token limit inside one field.
 */
export const itemLoveSchema = z.object({ love: z.string().trim().min(1).max(400) });
export const itemDislikeSchema = z.object({ dislike: z.string().trim().min(1).max(400) });
export const itemFeaturesSchema = z.object({ features: z.array(featureSchema).min(1).max(12) });

export const itemReasoningSchema = itemLoveSchema
  .extend(itemDislikeSchema.shape)
  .extend(itemFeaturesSchema.shape);
export type ItemReasoning = z.output<typeof itemReasoningSchema>;

export const clientReasoningSchema = z.object({
  likes: z.string().trim().min(1).max(400),
  dislikes: z.string().trim().min(1).max(400),
  corePreference: z.string().trim().min(1).max(200),
  features: z.array(featureSchema).max(12),
});
export type ClientReasoning = z.output<typeof clientReasoningSchema>;

export interface Reasoner {
  readonly kind: ReasonerKind;
  /** The model behind it (file name + short hash, or endpoint model id); null for the rules reasoner. */
  readonly model: string | null;
  /** Bumped whenever prompts or rules change, so cached results of an older version are not reused. */
  readonly promptVersion: string;
  reasonItem(item: ItemForReasoning, signal?: AbortSignal): Promise<ItemReasoning>;
  reasonClient(client: ClientForReasoning, signal?: AbortSignal): Promise<ClientReasoning>;
  /** Frees models, contexts, sockets. */
  close(): Promise<void>;
}
