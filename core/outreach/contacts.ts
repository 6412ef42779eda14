import type { Db } from '../db/open.js';
import type { Associate } from '../db/outreach/associates.js';
import type { ContactChannel, OutreachSettings } from '../domain/outreach.js';
import { CoreError } from '../domain/errors.js';
import { latestCompletedRun } from '../db/runs/engine-store.js';
import {
  clientForContact,
  closeFollowUps,
  contactById,
  contactCountsSince,
  foreignFollowUps,
  insertContact,
  piecesToFreeze,
  selectionForContact,
  type ContactRow,
} from '../db/outreach/contacts.js';
import { plural } from './words.js';

/**
 * Marking a contact: the log records who reached the client, when, by which channel, with which message and
 * which selection (frozen as sent), and closes the follow-ups it answers, all in one transaction. Two guards
 * stand before it: marketing consent (no message or selection to a client who refused marketing) and the
 * boutique's contact-frequency guard (asked, not silent: the caller acknowledges to go past it).
 */
export class ContactError extends CoreError<'bad-contact'> {
  constructor(message: string) {
    super('bad-contact', 'bad-input', message);
  }
}

export class MarketingRefusedError extends CoreError<'marketing-refused'> {
  constructor(name: string) {
    super('marketing-refused', 'consent', `${name} refused marketing: no message or selection can be sent`);
  }
}

export class ContactFrequencyError extends CoreError<'contact-frequency'> {
  constructor(
    name: string,
    readonly frequency: ContactFrequency,
  ) {
    super(
      'contact-frequency',
      'conflict',
      `${name} was contacted ${plural(frequency.recent, 'time')} in the last ${plural(frequency.withinDays, 'day')} ` +
        `(the boutique allows ${frequency.limit}): confirm to contact again`,
    );
  }
}

export interface ContactFrequency {
  readonly recent: number;
  readonly limit: number;
  readonly withinDays: number;
  /** One more contact now would go past the guard. */
  readonly exceeded: boolean;
}

const daysBefore = (now: string, days: number) => new Date(Date.parse(now) - days * 86_400_000).toISOString();

/** How often each client was contacted within the guard's window, against its limit. */
export function frequencies(
  db: Db,
  clientIds: readonly number[],
  settings: OutreachSettings,
  now: string,
): Map<number, ContactFrequency> {
  const { maxContacts, withinDays } = settings.contactGuard;
  const counts = contactCountsSince(db, clientIds, daysBefore(now, withinDays));
  return new Map(
    clientIds.map((id) => {
      const recent = counts.get(id) ?? 0;
      return [id, { recent, limit: maxContacts, withinDays, exceeded: recent + 1 > maxContacts }];
    }),
  );
}

export function frequencyCheck(
  db: Db,
  clientId: number,
  settings: OutreachSettings,
  now: string,
): ContactFrequency {
  return frequencies(db, [clientId], settings, now).get(clientId)!;
}

const messageChannels: readonly ContactChannel[] = ['email', 'sms', 'whatsapp'];

export interface MarkContact {
  readonly clientId: number;
  readonly associate: Associate;
  readonly channel: ContactChannel;
  readonly message?: string;
  /** The template the message came from (its name or purpose), for the log. */
  readonly template?: string | null;
  readonly selectionId?: number | null;
  /** The follow-ups this contact answers: they are marked done. */
  readonly followUpIds?: readonly number[];
  /** The associate confirmed going past the contact-frequency guard. */
  readonly acknowledgeFrequency?: boolean;
}

export function markContacted(
  db: Db,
  input: MarkContact,
  settings: OutreachSettings,
  now: string,
): ContactRow {
  return db
    .transaction(() => {
      const client = clientForContact(db, input.clientId);
      const message = input.message?.trim() ?? '';
      const selection = input.selectionId == null ? null : selectionForContact(db, input.selectionId);
      if (input.selectionId != null && !selection)
        throw new ContactError(`there is no selection ${input.selectionId}`);
      if (selection && selection.clientId !== null && selection.clientId !== client.id)
        throw new ContactError(
          `selection ${selection.id} ("${selection.title}") was prepared for another client`,
        );
      const marketing = selection !== null || (message !== '' && messageChannels.includes(input.channel));
      if (marketing && !client.consentMarketing) throw new MarketingRefusedError(client.name);
      const frequency = frequencyCheck(db, client.id, settings, now);
      if (frequency.exceeded && !input.acknowledgeFrequency)
        throw new ContactFrequencyError(client.name, frequency);
      const followUps = [...new Set(input.followUpIds ?? [])];
      const foreign = foreignFollowUps(db, client.id, followUps);
      if (foreign.length > 0)
        throw new ContactError(`follow-up ${foreign.join(', ')} is not one of ${client.name}'s follow-ups`);
      const run = latestCompletedRun(db);
      const pieces = selection ? piecesToFreeze(db, selection.id, client.id, run?.id ?? null) : [];
      if (selection && pieces.length === 0)
        throw new ContactError(`selection ${selection.id} ("${selection.title}") has no pieces to send`);
      const id = insertContact(
        db,
        {
          clientId: client.id,
          associateId: input.associate.id,
          associate: input.associate.name,
          store: input.associate.store,
          channel: input.channel,
          template: input.template ?? null,
          message,
          selectionId: selection?.id ?? null,
          selectionTitle: selection?.title ?? null,
          followUpId: followUps[0] ?? null,
          contactedAt: now,
        },
        pieces,
      );
      closeFollowUps(db, client.id, followUps, now);
      return contactById(db, id);
    })
    .immediate();
}
