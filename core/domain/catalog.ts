import { z } from 'zod';

/**
 * The normalised shapes every source (importer, demo generator, tests) hands to the store.
 * Money is in minor units (cents) so sums never drift; dates are ISO-8601 strings in UTC.
 */
export const interactionKinds = ['purchase', 'return', 'try-on', 'wishlist', 'view'] as const;
export type InteractionKind = (typeof interactionKinds)[number];

/** Categories a client buys again and again: recommendable even when she owns the piece (when enabled). */
export const defaultConsumableCategories = ['fragrance'] as const;

const trimmed = z.string().trim();
const optionalText = trimmed
  .max(10_000)
  .nullish()
  .transform((v) => (v === undefined || v === null || v === '' ? null : v));
const textList = z.array(trimmed.min(1).max(200)).max(100).default([]);
const isoDate = z.iso.datetime({ offset: true });
const currency = trimmed
  .regex(/^[A-Z]{3}$/, 'is not an ISO 4217 code')
  .nullish()
  .transform((v) => v ?? null);

export const itemRecordSchema = z.object({
  externalId: trimmed.min(1, 'is empty').max(200),
  title: trimmed.min(1, 'is empty').max(500),
  maison: optionalText,
  categoryPath: z.array(trimmed.min(1).max(200)).max(10).default([]),
  materials: textList,
  colours: textList,
  occasions: textList,
  priceMinor: z
    .number()
    .int()
    .nonnegative()
    .nullish()
    .transform((v) => v ?? null),
  currency,
  collection: optionalText,
  description: trimmed.max(20_000).default(''),
  image: optionalText,
  variantGroup: optionalText,
  /** When the piece arrived in the boutique (the export's creation date); the import's time when absent. */
  createdAt: isoDate.nullish().transform((v) => v ?? null),
  /** False for a piece out of stock: it is not offered, and a piece that comes back is news for its wish lists. */
  available: z.boolean().default(true),
});
export type ItemRecord = z.output<typeof itemRecordSchema>;
export type ItemRecordInput = z.input<typeof itemRecordSchema>;

export const clientRecordSchema = z.object({
  externalId: trimmed.min(1, 'is empty').max(200),
  name: trimmed.min(1, 'is empty').max(300),
  email: optionalText,
  phone: optionalText,
  tier: optionalText,
  store: optionalText,
  associate: optionalText,
  sizes: z.record(z.string(), z.string()).default({}),
  preferences: trimmed.max(5_000).default(''),
  tags: textList,
  consentProfiling: z.boolean().default(true),
  consentMarketing: z.boolean().default(false),
  /** The language messages are written in: any tag ('fr', 'fr-FR', 'Français'). */
  language: trimmed
    .max(40)
    .nullish()
    .transform((v) => (v ? v : null)),
  /** How the client is addressed: 'Mrs', 'Madame', 'Signora'. */
  salutation: trimmed
    .max(40)
    .nullish()
    .transform((v) => (v ? v : null)),
  createdAt: isoDate.nullish().transform((v) => v ?? null),
});
export type ClientRecord = z.output<typeof clientRecordSchema>;
export type ClientRecordInput = z.input<typeof clientRecordSchema>;

/** Interactions refer to clients and items by their external ids, as exports do. */
export const interactionRecordSchema = z.object({
  clientExternalId: trimmed.min(1, 'is empty'),
  itemExternalId: trimmed.min(1, 'is empty'),
  kind: z.enum(interactionKinds),
  quantity: z.number().int().positive().default(1),
  amountMinor: z
    .number()
    .int()
    .nullish()
    .transform((v) => v ?? null),
  currency,
  occurredAt: isoDate,
  channel: optionalText,
});
export type InteractionRecord = z.output<typeof interactionRecordSchema>;
export type InteractionRecordInput = z.input<typeof interactionRecordSchema>;

export interface NoteRecord {
  readonly clientExternalId: string;
  readonly body: string;
  readonly author: string | null;
  readonly createdAt: string;
}

/** What a reasoner sees of an item: catalog data only, never client data. */
export interface ItemForReasoning {
  readonly id: number;
  readonly externalId: string;
  readonly title: string;
  readonly maison: string | null;
  readonly categoryPath: readonly string[];
  readonly materials: readonly string[];
  readonly colours: readonly string[];
  readonly occasions: readonly string[];
  readonly priceMinor: number | null;
  readonly currency: string | null;
  readonly collection: string | null;
  readonly description: string;
  readonly variantGroup: string | null;
}

/** A client's most recent items (training history only), newest first, with what they did with each. */
export interface ClientForReasoning {
  readonly id: number;
  readonly recentItems: readonly { readonly item: ItemForReasoning; readonly kind: string }[];
}
