import { systemClock } from '../../clock.js';
import type { Db } from '../../db/open.js';
import { plainOption, withBook } from '../book.js';
import { findAssociate, type Associate } from '../../db/outreach/associates.js';
import { clientIdByRef } from '../../db/outreach/contacts.js';
import { findTemplateByName } from '../../db/outreach/templates.js';
import { currentAssociateId, outreachSettings } from '../../db/outreach/settings.js';
import { associateById } from '../../db/outreach/associates.js';
import { SelectionStore } from '../../db/selections/store.js';
import {
  bookScopes,
  contactChannels,
  messageChannels,
  messagePurposes,
  type BookScope,
  type ContactChannel,
  type MessageChannel,
  type MessagePurpose,
} from '../../domain/outreach.js';
import { decimalPrice } from '../../export/money.js';
import { attribution } from '../../outreach/attribution.js';
import { boutiqueClock, boutiqueTimeZone } from '../../outreach/clock.js';
import { composeMessage } from '../../outreach/compose.js';
import { markContacted } from '../../outreach/contacts.js';
import { todayView } from '../../outreach/today.js';
import { assertDatabaseFile, type Command, parseCommandArgs, requireOption, UsageError } from '../args.js';

function withDb<T>(file: string, plain: boolean | undefined, fn: (db: Db) => T): Promise<T> {
  assertDatabaseFile(file);
  return withBook(file, { plain: plain ?? false }, fn);
}

function oneOf<T extends string>(value: string, list: readonly T[], flag: string): T {
  const found = list.find((v) => v === value);
  if (!found) throw new UsageError(`${flag} must be one of ${list.join(', ')}, not "${value}"`);
  return found;
}

/** --as NAME, else the associate chosen in the app. */
function associateFor(db: Db, name: string | undefined): Associate | null {
  if (name !== undefined) return findAssociate(db, name);
  const id = currentAssociateId(db);
  return id === null ? null : associateById(db, id);
}

export const todayCommand: Command = {
  name: 'today',
  summary: 'whom to contact today and why, for an associate’s book',
  usage: 'today --db PATH --as ASSOCIATE [--scope mine|store|all] [--limit N] [--json] [--plain]',
  run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      db: { type: 'string' },
      as: { type: 'string' },
      scope: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      ...plainOption,
    });
    if (values.help) return (io.out(`usage: atelier ${this.usage}\n`), 0);
    const file = requireOption(values.db, '--db');
    const scope: BookScope = values.scope === undefined ? 'mine' : oneOf(values.scope, bookScopes, '--scope');
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1))
      throw new UsageError(`--limit must be a whole number above 0, not "${values.limit}"`);
    return withDb(file, values.plain, (db) => {
      const associate = findAssociate(db, requireOption(values.as, '--as'));
      const view = todayView(db, {
        clock: systemClock,
        timeZone: boutiqueTimeZone(db),
        settings: outreachSettings(db),
        scope,
        associate,
        ...(limit === undefined ? {} : { limit }),
      });
      if (values.json) return (io.out(JSON.stringify(view) + '\n'), 0);
      io.out(
        `Today, ${view.today} (${view.timeZone}), ${associate.name}'s ${scope === 'mine' ? 'book' : scope === 'store' ? 'store' : 'boutique'}: ${view.entries.length} to contact of ${view.bookSize} clients\n`,
      );
      for (const e of view.entries) {
        io.out(
          `\n${e.client.name} (${e.client.externalId})  ${e.kinds.join(', ')}${e.canMessage ? '' : '  [no marketing]'}\n`,
        );
        for (const r of e.reasons) io.out(`  - ${r.text}\n`);
        for (const p of e.pieces) io.out(`    · ${p.title}: ${p.why}\n`);
      }
      return 0;
    });
  },
};

export const contactCommand: Command = {
  name: 'contact',
  summary: 'log a contact with a client (and the selection sent), with the message of a template',
  usage:
    'contact --db PATH --client ID --channel email|sms|whatsapp|phone|in-person [--selection ID] [--template T] [--as ASSOCIATE] [--force] [--json] [--plain]',
  run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      db: { type: 'string' },
      client: { type: 'string' },
      channel: { type: 'string' },
      selection: { type: 'string' },
      template: { type: 'string' },
      as: { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
      ...plainOption,
    });
    if (values.help) return (io.out(`usage: atelier ${this.usage}\n`), 0);
    const file = requireOption(values.db, '--db');
    const channel: ContactChannel = oneOf(
      requireOption(values.channel, '--channel'),
      contactChannels,
      '--channel',
    );
    const selectionId = values.selection === undefined ? undefined : Number(values.selection);
    if (selectionId !== undefined && (!Number.isSafeInteger(selectionId) || selectionId < 1))
      throw new UsageError(`--selection must be a selection's id, not "${values.selection}"`);
    return withDb(file, values.plain, (db) => {
      const associate = associateFor(db, values.as);
      if (!associate) throw new UsageError('--as ASSOCIATE is needed: nobody is chosen in the app yet');
      const clientId = clientIdByRef(db, requireOption(values.client, '--client'));
      const now = boutiqueClock(db, systemClock).now().toISOString();
      let message: string | undefined;
      if (values.template !== undefined) {
        if (!(messageChannels as readonly string[]).includes(channel))
          throw new UsageError(
            `--template writes a message: ${channel} carries none (use email, sms or whatsapp)`,
          );
        const purpose: MessagePurpose = (messagePurposes as readonly string[]).includes(values.template)
          ? (values.template as MessagePurpose)
          : findTemplateByName(db, values.template).purpose;
        const composed = composeMessage(db, new SelectionStore(db, systemClock), {
          clientId,
          purpose,
          channel: channel as MessageChannel,
          selectionId,
          templateName: purpose === values.template ? undefined : values.template,
          associate,
        });
        message = [composed.subject, composed.body].filter(Boolean).join('\n\n');
      }
      const contact = markContacted(
        db,
        {
          clientId,
          associate,
          channel,
          ...(message === undefined ? {} : { message }),
          template: values.template ?? null,
          selectionId: selectionId ?? null,
          acknowledgeFrequency: values.force === true,
        },
        outreachSettings(db),
        now,
      );
      if (values.json) io.out(JSON.stringify(contact) + '\n');
      else {
        io.out(`Logged: ${associate.name} → client ${clientId} by ${channel} at ${contact.contactedAt}`);
        io.out(contact.pieces.length > 0 ? `, ${contact.pieces.length} piece(s) sent\n` : '\n');
        if (message) io.out(`\n${message}\n`);
      }
      return 0;
    });
  },
};

export const attributionCommand: Command = {
  name: 'attribution',
  summary: 'contacts made and the purchases they influenced, per associate and store',
  usage: 'attribution --db PATH [--since YYYY-MM-DD] [--json] [--plain]',
  run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      db: { type: 'string' },
      since: { type: 'string' },
      json: { type: 'boolean' },
      ...plainOption,
    });
    if (values.help) return (io.out(`usage: atelier ${this.usage}\n`), 0);
    const file = requireOption(values.db, '--db');
    const since = values.since;
    if (
      since !== undefined &&
      (!/^\d{4}-\d{2}-\d{2}$/.test(since) ||
        Number.isNaN(Date.parse(since)) ||
        new Date(since).toISOString().slice(0, 10) !== since)
    )
      throw new UsageError(`--since must be a date (YYYY-MM-DD), not "${since}"`);
    return withDb(file, values.plain, (db) => {
      const view = attribution(db, {
        since: since === undefined ? null : `${since}T00:00:00.000Z`,
        windowDays: outreachSettings(db).attributionDays,
      });
      if (values.json) return (io.out(JSON.stringify(view) + '\n'), 0);
      const t = view.totals;
      const money =
        t.revenue
          .map((r) =>
            r.currency
              ? `${decimalPrice(r.amountMinor, r.currency)} ${r.currency}`
              : String(r.amountMinor / 100),
          )
          .join(' + ') || '0';
      io.out(
        `${t.contacts} contacts, ${t.selectionsSent} selections sent, ${t.selectionsWithPurchase} followed by a purchase within ${view.windowDays} days` +
          `${t.share === null ? '' : ` (${(t.share * 100).toFixed(1)}%)`}; ${t.influencedPurchases} purchases influenced, ${money}\n`,
      );
      io.out(
        `by source: ${Object.entries(t.bySource)
          .map(([s, n]) => `${s} ${n}`)
          .join(', ')}\n\n`,
      );
      for (const a of view.byAssociate)
        io.out(
          `${a.associate.padEnd(28)} ${(a.store ?? '').padEnd(30)} ${String(a.contacts).padStart(4)} contacts ${String(a.influencedPurchases).padStart(4)} influenced\n`,
        );
      return 0;
    });
  },
};
