import type { ApiContext } from '../context.js';
import type { ServerHandlers } from '../dispatch.js';
import type { DayResults } from '../contract/index.js';
import { currentAssociate, type Associate } from '../../db/outreach/associates.js';
import { clientContacts, clientExists, clientForContact } from '../../db/outreach/contacts.js';
import { contactLink } from '../../domain/contact-links.js';
import { clientDates, removeClientDate, setClientDate } from '../../db/outreach/dates.js';
import { listFollowUps } from '../../db/outreach/follow-ups.js';
import { outreachSettings } from '../../db/outreach/settings.js';
import { attribution } from '../../outreach/attribution.js';
import { boutiqueClock, boutiqueTimeZone } from '../../outreach/clock.js';
import { composeMessage } from '../../outreach/compose.js';
import {
  ContactError,
  frequencyCheck,
  markContacted,
  MarketingRefusedError,
} from '../../outreach/contacts.js';
import {
  createFollowUp,
  disabledRules,
  materialiseFollowUps,
  updateFollowUp,
} from '../../outreach/follow-ups.js';
import { localDateOf } from '../../outreach/local-date.js';
import { todayView } from '../../outreach/today.js';

/** Today, follow-ups, dates, messages, the contact log and attribution: thin, core/outreach does the work. */
export function dayHandlers(ctx: ApiContext): Pick<ServerHandlers, keyof DayResults> {
  const changed = () => ctx.events.emit({ event: 'data.changed', payload: { what: ['outreach'] } });
  // The boutique's own time (the demo's runs on from the end of its history) and local date.
  const clock = () => boutiqueClock(ctx.db, ctx.clock);
  const now = () => clock().now().toISOString();
  const today = () => localDateOf(clock().now(), boutiqueTimeZone(ctx.db));
  const me = (): Associate | null => currentAssociate(ctx.db);
  const book = (scope: 'mine' | 'store' | 'all') => ({ scope, associate: me() });
  return {
    'outreach.today': ({ scope, limit }) => {
      const settings = outreachSettings(ctx.db);
      const view = todayView(ctx.db, {
        clock: ctx.clock,
        timeZone: boutiqueTimeZone(ctx.db),
        settings,
        scope,
        associate: me(),
        limit,
      });
      return view;
    },
    'followUps.list': ({ scope, window, clientId, limit }) => {
      const settings = outreachSettings(ctx.db);
      materialiseFollowUps(ctx.db, {
        today: today(),
        timeZone: boutiqueTimeZone(ctx.db),
        settings,
        now: now(),
      });
      return listFollowUps(ctx.db, {
        book: book(scope),
        today: today(),
        window,
        ...(clientId === undefined ? {} : { clientId }),
        disabledRules: disabledRules(settings),
        limit,
      });
    },
    'followUps.create': (input) => {
      const made = createFollowUp(ctx.db, { ...input, author: me()?.name ?? null }, now());
      changed();
      return made;
    },
    'followUps.update': ({ id, ...change }) => {
      const updated = updateFollowUp(ctx.db, id, change, today(), now());
      changed();
      return updated;
    },
    'clients.dates': ({ clientId }) => {
      clientExists(ctx.db, clientId);
      return clientDates(ctx.db, clientId);
    },
    'clients.setDate': ({ clientId, ...date }) => {
      clientExists(ctx.db, clientId);
      const set = setClientDate(ctx.db, clientId, date);
      changed();
      return set;
    },
    'clients.removeDate': ({ clientId, dateId }) => {
      clientExists(ctx.db, clientId);
      removeClientDate(ctx.db, clientId, dateId);
      changed();
      return clientDates(ctx.db, clientId);
    },
    'outreach.message': ({ itemIds, ...request }) =>
      composeMessage(ctx.db, ctx.selections, { ...request, itemIds, associate: me() }),
    'outreach.link': ({ clientId, channel, subject, body }) => {
      const client = clientForContact(ctx.db, clientId);
      if (!client.consentMarketing) throw new MarketingRefusedError(client.name);
      return { link: contactLink(channel, client, { subject: subject ?? null, body }) };
    },
    'contacts.mark': (input) => {
      const associate = me();
      if (!associate)
        throw new ContactError('choose who you are (associates.choose) before logging a contact');
      const contact = markContacted(
        ctx.db,
        {
          clientId: input.clientId,
          associate,
          channel: input.channel,
          ...(input.message === undefined ? {} : { message: input.message }),
          template: input.template ?? null,
          selectionId: input.selectionId ?? null,
          followUpIds: input.followUpIds,
          acknowledgeFrequency: input.acknowledgeFrequency,
        },
        outreachSettings(ctx.db),
        now(),
      );
      changed();
      return contact;
    },
    'contacts.list': ({ clientId }) => {
      clientExists(ctx.db, clientId);
      return clientContacts(ctx.db, clientId);
    },
    'contacts.frequency': ({ clientId }) => {
      clientExists(ctx.db, clientId);
      return frequencyCheck(ctx.db, clientId, outreachSettings(ctx.db), now());
    },
    'outreach.attribution': ({ since }) => {
      const start = since
        ? since.length === 10
          ? `${since}T00:00:00.000Z`
          : new Date(since).toISOString()
        : null;
      return attribution(ctx.db, { since: start, windowDays: outreachSettings(ctx.db).attributionDays });
    },
  };
}
