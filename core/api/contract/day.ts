import { z } from 'zod';
import {
  bookScopes,
  contactChannels,
  followUpStatuses,
  messageChannels,
  messagePurposes,
  type ContactChannel,
  type FollowUpRule,
  type FollowUpStatus,
  type MessageChannel,
} from '../../domain/outreach.js';
import type { ReasonSource } from '../../domain/recommendations.js';
import { recordId } from './shared.js';
import type { AttributionView, ContactFrequency, TodayView } from './outreach.js';

/**
 * The associate's day: Today, follow-ups, a client's important dates, messages from templates, the contact log
 * and attribution (core/outreach). Who "I" am is the associate chosen in the app (associates.choose).
 */
const day = z.iso.date({ message: 'is not a date (YYYY-MM-DD)' });
const text = (max: number) =>
  z.string().trim().min(1, 'is empty').max(max, `is longer than ${max} characters`);
const scope = z.enum(bookScopes).default('mine');

export const dayMethods = {
  /** Today's strongest lines: 200 by default (a day's work, and fast on any book). */
  'outreach.today': z.object({ scope, limit: z.number().int().min(1).max(2_000).default(200) }).strict(),
  'followUps.list': z
    .object({
      scope,
      window: z.enum(['due', 'overdue', 'upcoming', 'all']).default('due'),
      clientId: recordId.optional(),
      limit: z.number().int().min(1).max(2_000).default(500),
    })
    .strict(),
  'followUps.create': z.object({ clientId: recordId, dueOn: day, reason: text(500) }).strict(),
  'followUps.update': z
    .object({
      id: recordId,
      status: z.enum(followUpStatuses).optional(),
      snoozedUntil: day.optional(),
      dueOn: day.optional(),
      reason: text(500).optional(),
    })
    .strict(),
  'clients.dates': z.object({ clientId: recordId }).strict(),
  'clients.setDate': z
    .object({
      clientId: recordId,
      label: text(80),
      month: z.number().int(),
      day: z.number().int(),
      year: z.number().int().nullish(),
    })
    .strict(),
  'clients.removeDate': z.object({ clientId: recordId, dateId: recordId }).strict(),
  'outreach.message': z
    .object({
      clientId: recordId,
      purpose: z.enum(messagePurposes),
      channel: z.enum(messageChannels),
      /** The pieces: a selection's, or items named one by one. */
      selectionId: recordId.optional(),
      itemIds: z.array(recordId).max(30).default([]),
      date: z.object({ label: text(80), on: day }).optional(),
      /** The boutique's template of this name, else its latest for the purpose, else the built-in one. */
      templateName: text(100).optional(),
    })
    .strict(),
  /** The link that opens a message (as the associate edited it) in the channel's app; null without an address. */
  'outreach.link': z
    .object({
      clientId: recordId,
      channel: z.enum(messageChannels),
      subject: z.string().max(500).nullish(),
      body: z.string().max(20_000),
    })
    .strict(),
  'contacts.mark': z
    .object({
      clientId: recordId,
      channel: z.enum(contactChannels),
      message: z.string().max(20_000).optional(),
      template: text(100).nullish(),
      selectionId: recordId.nullish(),
      followUpIds: z.array(recordId).max(50).default([]),
      acknowledgeFrequency: z.boolean().default(false),
    })
    .strict(),
  'contacts.list': z.object({ clientId: recordId }).strict(),
  'contacts.frequency': z.object({ clientId: recordId }).strict(),
  'outreach.attribution': z
    .object({ since: z.union([day, z.iso.datetime({ offset: true })]).nullish() })
    .strict(),
};

export interface FollowUpView {
  readonly id: number;
  readonly clientId: number;
  readonly clientName: string;
  readonly dueOn: string;
  readonly reason: string;
  readonly rule: FollowUpRule | null;
  readonly status: FollowUpStatus;
  readonly snoozedUntil: string | null;
  readonly author: string | null;
  readonly createdAt: string;
  readonly closedAt: string | null;
}

export interface ClientDateView {
  readonly id: number;
  readonly clientId: number;
  readonly label: string;
  readonly month: number;
  readonly day: number;
  readonly year: number | null;
}

export interface MessageView {
  readonly subject: string | null;
  readonly body: string;
  readonly language: string;
  readonly templateName: string;
  readonly channel: MessageChannel;
  /** mailto:, sms: or https://wa.me/ with the message; null when the client has no address for the channel. */
  readonly link: string | null;
}

export interface ContactPieceView {
  readonly itemId: number | null;
  readonly externalId: string;
  readonly title: string;
  readonly variantGroup: string | null;
  readonly priceMinor: number | null;
  readonly currency: string | null;
  readonly reasonSource: ReasonSource | null;
}

export interface ContactView {
  readonly id: number;
  readonly clientId: number;
  readonly associate: string;
  readonly store: string | null;
  readonly channel: ContactChannel;
  readonly template: string | null;
  readonly message: string;
  readonly selectionId: number | null;
  readonly selectionTitle: string | null;
  readonly followUpId: number | null;
  readonly contactedAt: string;
  /** The pieces as they were sent. */
  readonly pieces: readonly ContactPieceView[];
}

export interface DayResults {
  'outreach.today': TodayView;
  'followUps.list': readonly FollowUpView[];
  'followUps.create': FollowUpView;
  'followUps.update': FollowUpView;
  'clients.dates': readonly ClientDateView[];
  'clients.setDate': ClientDateView;
  'clients.removeDate': readonly ClientDateView[];
  'outreach.message': MessageView;
  'outreach.link': { readonly link: string | null };
  'contacts.mark': ContactView;
  'contacts.list': readonly ContactView[];
  'contacts.frequency': ContactFrequency;
  'outreach.attribution': AttributionView;
}
