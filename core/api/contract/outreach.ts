import { z } from 'zod';
import {
  associateRoles,
  messageChannels,
  messagePurposes,
  outreachSettingsPatchSchema,
  type AssociateRole,
  type MessageChannel,
  type BookScope,
  type MessagePurpose,
  type OutreachSettings,
  type TodayKind,
} from '../../domain/outreach.js';
import type { ReasonSource } from '../../domain/recommendations.js';
import { noArgs, recordId } from './shared.js';

export type { AssociateRole, BookScope, MessageChannel, MessagePurpose, OutreachSettings, TodayKind };

// ---- the associate's day: who uses the app and the boutique's outreach settings -------------------------
// (Today, follow-ups, dates, messages, the contact log and attribution build on these: issue 9.)

const shortText = (max: number) =>
  z.string().trim().min(1, 'is empty').max(max, `is longer than ${max} characters`);

export const outreachMethods = {
  /** Every associate, and the one this app runs as (null until someone chose: the first launch). */
  'associates.list': noArgs,
  'associates.choose': z.object({ associateId: recordId }),
  'associates.create': z.object({
    name: shortText(200),
    store: z
      .string()
      .trim()
      .max(200)
      .nullish()
      .transform((v) => v || null),
    role: z.enum(associateRoles).default('associate'),
  }),

  'outreach.settings': noArgs,
  'outreach.updateSettings': outreachSettingsPatchSchema,

  /** Where lookbooks read product photos: the app's image store and the boutique's photo folder. */
  'outreach.photoFolder': noArgs,
  /** Chooses the photo folder (an existing folder, absolute path), or none. */
  'outreach.setPhotoFolder': z.object({
    folder: z
      .string()
      .trim()
      .max(4096)
      .nullable()
      .transform((v) => v || null),
  }),

  /** The boutique's own message templates, the built-in ones they override, and the merge fields. */
  'templates.list': noArgs,
  /** Saves a template (replacing the one of the same name, language and channel); fields checked by name. */
  'templates.save': z.object({
    name: shortText(100),
    purpose: z.enum(messagePurposes),
    language: shortText(20),
    channel: z.enum(messageChannels),
    subject: z
      .string()
      .max(300)
      .nullish()
      .transform((v) => v ?? null),
    body: shortText(20_000),
  }),
  'templates.remove': z.object({ templateId: recordId }),
};

export interface OutreachResults {
  'associates.list': AssociateList;
  'associates.choose': AssociateView;
  'associates.create': AssociateView;
  'outreach.settings': OutreachSettings;
  'outreach.updateSettings': OutreachSettings;
  'outreach.photoFolder': PhotoFolders;
  'outreach.setPhotoFolder': PhotoFolders;
  'templates.list': TemplateList;
  'templates.save': MessageTemplateView;
  'templates.remove': TemplateList;
}

/** A message template: the boutique's own (with an id), or a built-in one (id null). */
export interface MessageTemplateView {
  readonly id: number | null;
  readonly name: string;
  readonly purpose: MessagePurpose;
  /** 'en', 'fr' or 'it'. */
  readonly language: string;
  readonly channel: MessageChannel;
  /** An e-mail's subject; null for a text message. */
  readonly subject: string | null;
  readonly body: string;
}

export interface TemplateList {
  /** The boutique's own, by purpose, language, channel and name. */
  readonly templates: readonly MessageTemplateView[];
  /** One per purpose, language and channel: what a message uses when the boutique has none of its own. */
  readonly builtIn: readonly MessageTemplateView[];
  readonly mergeFields: readonly string[];
  readonly languages: readonly string[];
}

export interface AssociateView {
  readonly id: number;
  readonly name: string;
  readonly store: string | null;
  readonly role: AssociateRole;
  readonly clientCount: number;
}

export interface AssociateList {
  readonly associates: readonly AssociateView[];
  readonly current: AssociateView | null;
}

// ---- Today ---------------------------------------------------------------------------------------------

/** One reason a client is on Today's list, in plain words. */
export interface TodayReason {
  readonly kind: TodayKind;
  readonly text: string;
  /** The follow-up this reason is (done when the contact is marked), else null. */
  readonly followUpId: number | null;
  /** A local date the reason is about: a follow-up's due day, a date's next occurrence. */
  readonly on: string | null;
  /** For an important date: its label ("Birthday", "Wedding anniversary"), else null. */
  readonly dateLabel: string | null;
}

/** A piece Today suggests for the client, with why. */
export interface TodayPiece {
  readonly id: number;
  readonly externalId: string;
  readonly title: string;
  readonly maison: string | null;
  readonly priceMinor: number | null;
  readonly currency: string | null;
  readonly image: string | null;
  /** Which of the engine's reasons put the piece here (null: a wishlisted piece, her own wish). */
  readonly source: ReasonSource | null;
  readonly why: string;
}

export interface TodayClient {
  readonly id: number;
  readonly externalId: string;
  readonly name: string;
  readonly tier: string | null;
  readonly store: string | null;
  readonly associate: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly language: string | null;
  readonly salutation: string | null;
}

/** How often she was contacted lately, against the boutique's guard. */
export interface ContactFrequency {
  readonly recent: number;
  readonly limit: number;
  readonly withinDays: number;
  /** One more contact now would go past the guard: the UI asks before. */
  readonly exceeded: boolean;
}

export interface TodayEntry {
  readonly client: TodayClient;
  /** The strongest reason's kind, then every kind on the line. */
  readonly kind: TodayKind;
  readonly kinds: readonly TodayKind[];
  readonly score: number;
  readonly reasons: readonly TodayReason[];
  /** Marketing consent: without it, no message and no selection, ever. */
  readonly canMessage: boolean;
  /** The suggested selection (the engine's picks, the new arrivals or the wish that matched); empty without consent. */
  readonly pieces: readonly TodayPiece[];
  /** What the pre-filled message is for (the template's purpose), null without consent. */
  readonly purpose: MessagePurpose | null;
  /**
   * The pre-filled message (by e-mail when she has an address, else WhatsApp to her phone), with the link that
   * opens it; null without marketing consent, or with neither an e-mail nor a phone.
   */
  readonly message: TodayMessage | null;
  readonly lastContactAt: string | null;
  readonly frequency: ContactFrequency;
}

export interface TodayMessage {
  readonly channel: 'email' | 'sms' | 'whatsapp';
  readonly subject: string | null;
  readonly body: string;
  readonly templateName: string;
  readonly link: string | null;
}

export interface TodayView {
  /** The boutique's local date Today is for, and its zone. */
  readonly today: string;
  readonly timeZone: string;
  readonly scope: BookScope;
  readonly associate: AssociateView | null;
  /** The optimize run whose interests scored the matches; null before the first run (no matches then). */
  readonly runId: number | null;
  readonly entries: readonly TodayEntry[];
  /** Lines before the limit: more than `entries` holds when the list was cut to its strongest. */
  readonly total: number;
  /** Reasons on the lines, by kind (every line, the limit aside). */
  readonly counts: Readonly<Record<TodayKind, number>>;
  /** Clients the book holds, and how many of them Today left out for consent. */
  readonly bookSize: number;
}

// ---- attribution ---------------------------------------------------------------------------------------

export const attributionSources = ['explicit', 'group', 'sequence', 'popular', 'associate'] as const;
/** Which of the engine's reasons put a bought piece in the selection sent; 'associate': her own pick. */
export type AttributionSource = (typeof attributionSources)[number];

export interface Revenue {
  readonly currency: string | null;
  readonly amountMinor: number;
}

export interface AttributionFigures {
  readonly contacts: number;
  readonly selectionsSent: number;
  /** Selections followed by a purchase of one of their pieces (or of its variant group) within the window. */
  readonly selectionsWithPurchase: number;
  /** selectionsWithPurchase / selectionsSent; null when nothing was sent. */
  readonly share: number | null;
  readonly influencedPurchases: number;
  /** Revenue influenced, per currency, largest first. */
  readonly revenue: readonly Revenue[];
  readonly bySource: Readonly<Record<AttributionSource, number>>;
}

export interface InfluencedPurchase {
  readonly clientId: number;
  readonly clientName: string;
  readonly itemId: number;
  readonly title: string;
  readonly purchasedAt: string;
  readonly amountMinor: number | null;
  readonly currency: string | null;
  readonly contactedAt: string;
  readonly associate: string;
  readonly store: string | null;
  readonly source: AttributionSource;
  /** The piece bought is the one sent; false: another of its variant group. */
  readonly samePiece: boolean;
}

export interface AttributionView {
  /** Contacts and purchases from this instant on; null: the whole history. */
  readonly since: string | null;
  readonly windowDays: number;
  readonly totals: AttributionFigures;
  readonly byAssociate: readonly (AttributionFigures & {
    readonly associate: string;
    readonly store: string | null;
  })[];
  readonly byStore: readonly (AttributionFigures & { readonly store: string | null })[];
  /** The latest influenced purchases, newest first. */
  readonly recent: readonly InfluencedPurchase[];
}

export interface PhotoFolders {
  /** The app's own image store (images/ beside the book): always read. */
  readonly imageStore: string;
  /** The boutique's photo folder, or null. */
  readonly photoFolder: string | null;
}
