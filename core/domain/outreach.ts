import { z } from 'zod';

/**
 * The associate's day: who uses the app and the boutique's settings for the day's loop (follow-up rules, the
 * contact-frequency guard, the attribution window). Dates a person lives by (a birthday, a follow-up's due
 * day) are *local* dates, `YYYY-MM-DD` in the boutique's time zone; moments (a contact, a purchase) are
 * ISO-8601 instants in UTC.
 */

export const associateRoles = ['associate', 'manager'] as const;
export type AssociateRole = (typeof associateRoles)[number];

/**
 * Each setting's own schema, once: the stored settings add their defaults to these, and a change through the
 * API (`outreachSettingsPatchSchema`) takes any subset of them.
 */
const days = (max: number) => z.number().int().min(0).max(max);
const fields = {
  /** IANA zone the boutique's local dates are in; null = this computer's zone. */
  timeZone: z.string().trim().min(1).max(100).nullable(),
  /** The boutique's currency (ISO 4217), for imported prices that carry none; null = none set. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'is not an ISO 4217 currency code such as EUR')
    .nullable(),
  enabled: z.boolean(),
  ruleDays: days(60),
  lapsingDays: days(730),
  tiers: z.array(z.string().trim().min(1).max(100)).max(20),
  maxContacts: z.number().int().min(1).max(50),
  withinDays: days(365),
  attributionDays: z.number().int().min(1).max(365),
  dateHorizonDays: days(60),
};

/** The boutique's settings for the day's loop; every field has a default, so an empty object is valid. */
export const outreachSettingsSchema = z.object({
  timeZone: fields.timeZone.default(null),
  currency: fields.currency.default(null),
  rules: z
    .object({
      thankYou: z
        .object({ enabled: fields.enabled.default(true), days: fields.ruleDays.default(2) })
        .prefault({}),
      tryOnCheckIn: z
        .object({ enabled: fields.enabled.default(true), days: fields.ruleDays.default(5) })
        .prefault({}),
      birthday: z
        .object({ enabled: fields.enabled.default(true), daysBefore: fields.ruleDays.default(7) })
        .prefault({}),
      vipLapsing: z
        .object({
          enabled: fields.enabled.default(true),
          days: fields.lapsingDays.default(120),
          tiers: fields.tiers.default(['VIP', 'VVIP', 'Platinum']),
        })
        .prefault({}),
    })
    .prefault({}),
  /** The contact-frequency guard: warn before the (maxContacts+1)-th contact within `withinDays`. */
  contactGuard: z
    .object({ maxContacts: fields.maxContacts.default(2), withinDays: fields.withinDays.default(7) })
    .prefault({}),
  /** A purchase this many days after a contact, of a piece sent (or its variant), counts as influenced. */
  attributionDays: fields.attributionDays.default(14),
  /** How far ahead Today looks for important dates. */
  dateHorizonDays: fields.dateHorizonDays.default(14),
});
export type OutreachSettings = z.output<typeof outreachSettingsSchema>;

/** A change to the settings: any subset of them, at any depth; a field the settings do not have is refused. */
export const outreachSettingsPatchSchema = z
  .object({
    timeZone: fields.timeZone,
    currency: fields.currency,
    rules: z
      .object({
        thankYou: z.object({ enabled: fields.enabled, days: fields.ruleDays }).partial().strict(),
        tryOnCheckIn: z.object({ enabled: fields.enabled, days: fields.ruleDays }).partial().strict(),
        birthday: z.object({ enabled: fields.enabled, daysBefore: fields.ruleDays }).partial().strict(),
        vipLapsing: z
          .object({ enabled: fields.enabled, days: fields.lapsingDays, tiers: fields.tiers })
          .partial()
          .strict(),
      })
      .partial()
      .strict(),
    contactGuard: z
      .object({ maxContacts: fields.maxContacts, withinDays: fields.withinDays })
      .partial()
      .strict(),
    attributionDays: fields.attributionDays,
    dateHorizonDays: fields.dateHorizonDays,
  })
  .partial()
  .strict();
export type OutreachSettingsPatch = z.output<typeof outreachSettingsPatchSchema>;

/** How an associate reaches a client; the first three carry a written message. */
export const contactChannels = ['email', 'sms', 'whatsapp', 'phone', 'in-person'] as const;
export type ContactChannel = (typeof contactChannels)[number];
export const messageChannels = ['email', 'sms', 'whatsapp'] as const satisfies readonly ContactChannel[];
export type MessageChannel = (typeof messageChannels)[number];

/** A follow-up's life: open until done or dismissed; a snoozed one comes back on its day. */
export const followUpStatuses = ['open', 'done', 'snoozed', 'dismissed'] as const;
export type FollowUpStatus = (typeof followUpStatuses)[number];
/** The rules that make follow-ups by themselves (a follow-up made by hand has none). */
export const followUpRules = ['thank-you', 'try-on-check-in', 'birthday', 'vip-lapsing'] as const;
export type FollowUpRule = (typeof followUpRules)[number];

/** Why a client is on Today's list. */
export const todayKinds = ['follow-up', 'date', 'new-arrivals', 'wishlist', 'lapsing'] as const;
export type TodayKind = (typeof todayKinds)[number];

/** Which clients a list shows: the associate's own book, her store's, or every store's. */
export const bookScopes = ['mine', 'store', 'all'] as const;
export type BookScope = (typeof bookScopes)[number];

/** What a message is for: each has built-in templates per language and channel. */
export const messagePurposes = [
  'new-arrivals',
  'wishlist',
  'date',
  'birthday',
  'thank-you',
  'check-in',
  'lapsing',
  'selection',
] as const;
export type MessagePurpose = (typeof messagePurposes)[number];
