import { z } from 'zod';

/**
 * A semantic feature of an item or a client ("structured leather", "art deco", "gold"): a normalised phrase,
 * the facet of taste it speaks of, and how strongly it holds. Every reasoner's output, the engine's columns and
 * the interests the associate reads are made of these.
 */
export const facets = [
  'style',
  'material',
  'colour',
  'category',
  'occasion',
  'price',
  'maison',
  'craft',
  'season',
  'audience',
] as const;
export type Facet = (typeof facets)[number];

export const featureSchema = z.object({
  /** A short normalised phrase: "structured leather", "art deco", "gold". */
  phrase: z.string().trim().min(2).max(48),
  facet: z.enum(facets),
  /** How strongly the item has it, 0..1. */
  weight: z.number().min(0).max(1),
});
export type Feature = z.output<typeof featureSchema>;
