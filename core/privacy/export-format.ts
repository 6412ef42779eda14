import { z } from 'zod';
import { interactionKinds } from '../domain/catalog.js';

/**
 * The file `atelier client export` writes and the profile's "Download her data" saves: everything the book
 * holds about one client (GDPR art. 15, right of access; art. 20, portability), as versioned JSON. The schema
 * here is the format's definition; docs/client-export.md describes it field by field. A change that removes or
 * retypes a field bumps `version`; adding a field does not.
 */

export const clientExportFormat = 'atelier.client-export';
export const clientExportVersion = 1;

const text = z.string();
const maybe = z.string().nullable();
const instant = z.string().min(1);
const minor = z.number().int().nullable();

const profile = z.object({
  externalId: text,
  name: text,
  email: maybe,
  phone: maybe,
  salutation: maybe,
  language: maybe,
  tier: maybe,
  store: maybe,
  associate: maybe,
  sizes: z.record(z.string(), z.string()),
  preferences: text,
  tags: z.array(text),
  consents: z.object({ profiling: z.boolean(), marketing: z.boolean() }),
  createdAt: instant,
  updatedAt: instant,
});

const interaction = z.object({
  kind: z.enum(interactionKinds),
  occurredAt: instant,
  quantity: z.number().int(),
  amountMinor: minor,
  currency: maybe,
  channel: maybe,
  item: z.object({ externalId: text, title: text, maison: maybe }),
});

const note = z.object({ body: text, author: maybe, createdAt: instant });
const date = z.object({
  label: text,
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
  year: z.number().int().nullable(),
});
const followUp = z.object({
  dueOn: text,
  reason: text,
  rule: maybe,
  status: text,
  snoozedUntil: maybe,
  author: maybe,
  createdAt: instant,
  updatedAt: instant,
  closedAt: maybe,
});
const contact = z.object({
  contactedAt: instant,
  channel: text,
  associate: text,
  store: maybe,
  template: maybe,
  message: z.string(),
  selectionTitle: maybe,
  items: z.array(
    z.object({
      position: z.number().int(),
      itemExternalId: text,
      title: text,
      variantGroup: maybe,
      priceMinor: minor,
      currency: maybe,
      reasonSource: maybe,
    }),
  ),
});
const selection = z.object({
  title: text,
  message: z.string(),
  author: maybe,
  createdAt: instant,
  updatedAt: instant,
  items: z.array(
    z.object({
      position: z.number().int(),
      itemExternalId: text,
      title: text,
      maison: maybe,
      note: z.string(),
    }),
  ),
});
const reasoning = z.object({
  conclusions: z.array(
    z.object({
      reasoner: text,
      model: maybe,
      likes: z.string(),
      dislikes: z.string(),
      corePreference: z.string(),
      features: z.array(z.object({ phrase: text, facet: text, weight: z.number() }).loose()),
      createdAt: instant,
    }),
  ),
  failures: z.array(
    z.object({
      reasoner: text,
      model: maybe,
      kind: text,
      error: text,
      rawText: z.string(),
      createdAt: instant,
    }),
  ),
});
const inferred = z.object({
  run: z.object({ id: z.number().int(), reasoner: text, model: maybe, finishedAt: maybe }),
  profilingAllowed: z.boolean(),
  explicitInterests: z.array(
    z.object({
      feature: text,
      facet: text,
      label: text,
      weight: z.number(),
      explanation: z.string(),
      evidence: z.array(z.object({ externalId: text, title: text, kind: maybe })),
    }),
  ),
  groupInterests: z.array(
    z.object({
      feature: text,
      facet: text,
      label: text,
      strength: z.number(),
      neighbourCount: z.number().int(),
      explanation: z.string(),
    }),
  ),
  recommendations: z.array(
    z.object({
      rank: z.number().int(),
      item: z.object({ externalId: text, title: text, maison: maybe }),
      score: z.number(),
      reasons: z.array(z.object({ source: text, text: z.string(), share: z.number() })),
    }),
  ),
});

export const clientExportSchema = z
  .object({
    format: z.literal(clientExportFormat),
    version: z.literal(clientExportVersion),
    exportedAt: instant,
    client: profile,
    interactions: z.array(interaction),
    notes: z.array(note),
    dates: z.array(date),
    followUps: z.array(followUp),
    contacts: z.array(contact),
    selections: z.array(selection),
    reasoning,
    /** From the last completed optimize run; null before any run. */
    inferred: inferred.nullable(),
  })
  .strict();
export type ClientExport = z.infer<typeof clientExportSchema>;
