import { z } from 'zod';

/**
 * The associate's day: who uses the app, the clients' important dates, follow-ups, the contact log, message
 * templates and attribution. Dates a person lives by (a birthday, a follow-up's due day) are *local* dates,
 * `YYYY-MM-DD` in the boutique's time zone; moments (a contact, a purchase) are ISO-8601 instants in UTC.
 */

export const associateRoles = ['associate', 'manager'] as const;
export type AssociateRole = (typeof associateRoles)[number];

/** Whose clients a list shows: mine (assigned to me), my store's, or every store's. */
export const bookScopes = ['mine', 'store', 'all'] as const;
export type BookScope = (typeof bookScopes)[number];

export const contactChannels = ['email', 'sms', 'whatsapp', 'phone', 'in-person'] as const;
export type ContactChannel = (typeof contactChannels)[number];
/** The channels a written message goes through (templates exist for these). */
export const messageChannels = ['email', 'sms', 'whatsapp'] as const;
export type MessageChannel = (typeof messageChannels)[number];

export const templateLanguages = ['en', 'fr', 'it', 'de', 'es', 'ja', 'zh', 'ar'] as const;
export type TemplateLanguage = (typeof templateLanguages)[number];

/** Where a follow-up comes from: the associate's own hand, or one of the boutique's rules. */
export const followUpRules = ['thank-you', 'try-on-check-in', 'birthday', 'vip-lapsing'] as const;
export type FollowUpRule = (typeof followUpRules)[number];
export const followUpStatuses = ['open', 'done', 'snoozed', 'dismissed'] as const;
export type FollowUpStatus = (typeof followUpStatuses)[number];

/** Why a client is on Today's list. */
export const todayKinds = [
  'follow-up',
  'date',
  'new-arrivals',
  'wishlist-price-drop',
  'wishlist-back',
  'lapsing',
] as const;
export type TodayKind = (typeof todayKinds)[number];

/** The words of an important date every boutique has; any other label is the boutique's own. */
export const standardDateLabels = ['birthday', 'anniversary'] as const;

export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a date (YYYY-MM-DD)')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'is not a day of the calendar');

const days = (max: number) => z.number().int().min(0).max(max);

/** The boutique's settings for the day's loop; every field has a default, so an empty object is valid. */
export const outreachSettingsSchema = z.object({
  /** IANA zone the boutique's local dates are in; null = this computer's zone. */
  timeZone: z.string().trim().min(1).max(100).nullable().default(null),
  rules: z
    .object({
      thankYou: z.object({ enabled: z.boolean().default(true), days: days(60).default(2) }).prefault({}),
      tryOnCheckIn: z.object({ enabled: z.boolean().default(true), days: days(60).default(5) }).prefault({}),
      birthday: z
        .object({ enabled: z.boolean().default(true), daysBefore: days(60).default(7) })
        .prefault({}),
      vipLapsing: z
        .object({
          enabled: z.boolean().default(true),
          days: days(730).default(120),
          tiers: z.array(z.string().trim().min(1).max(100)).max(20).default(['VIP', 'VVIP', 'Platinum']),
        })
        .prefault({}),
    })
    .prefault({}),
  /** The contact-frequency guard: warn before the (maxContacts+1)-th contact within `withinDays`. */
  contactGuard: z
    .object({ maxContacts: z.number().int().min(1).max(50).default(2), withinDays: days(365).default(7) })
    .prefault({}),
  /** A purchase this many days after a contact, of a piece sent (or its variant), counts as influenced. */
  attributionDays: z.number().int().min(1).max(365).default(14),
  /** How far ahead Today looks for important dates. */
  dateHorizonDays: days(60).default(14),
});
export type OutreachSettings = z.output<typeof outreachSettingsSchema>;
export type OutreachSettingsInput = z.input<typeof outreachSettingsSchema>;
export const defaultOutreachSettings: OutreachSettings = outreachSettingsSchema.parse({});
