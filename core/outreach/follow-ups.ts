import type { Db } from '../db/open.js';
import type { FollowUpRule, FollowUpStatus, OutreachSettings } from '../domain/outreach.js';
import { CoreError } from '../domain/errors.js';
import {
  boughtSince,
  datesLabelled,
  followUpById,
  insertFollowUp,
  insertRuleFollowUps,
  interactionsSince,
  lastSeenOfTiers,
  ruleSourcesMark,
  rulesMaterialised,
  setFollowUpDue,
  setFollowUpStatus,
  setRulesMaterialised,
  type FollowUp,
  type RuleFollowUp,
  type RulesMaterialised,
} from '../db/outreach/follow-ups.js';
import { clientExists } from '../db/outreach/contacts.js';
import { wholeBoutique, type BookFilter } from '../db/outreach/book.js';
import { addDays, daysBetween, localDateOf, nextOccurrence, type LocalDate } from './local-date.js';
import { shortDate } from './words.js';

export class FollowUpError extends CoreError<'bad-follow-up'> {
  constructor(message: string) {
    super('bad-follow-up', 'bad-input', message);
  }
}

export interface MaterialiseOptions {
  /** The boutique's local date and zone: rules read purchases and try-ons as local days. */
  readonly today: LocalDate;
  readonly timeZone: string;
  readonly settings: OutreachSettings;
  readonly now: string;
  /** Events older than this many days make no follow-up (a new install does not thank for last year). */
  readonly lookBackDays?: number;
  /** Only the follow-ups of this book's clients (Today makes those it shows); the whole boutique by default. */
  readonly book?: BookFilter;
}

/** The rules that are turned off (their open follow-ups are not listed). */
export function disabledRules(settings: OutreachSettings): FollowUpRule[] {
  const r = settings.rules;
  const off: FollowUpRule[] = [];
  if (!r.thankYou.enabled) off.push('thank-you');
  if (!r.tryOnCheckIn.enabled) off.push('try-on-check-in');
  if (!r.birthday.enabled) off.push('birthday');
  if (!r.vipLapsing.enabled) off.push('vip-lapsing');
  return off;
}

/** How far back the rules look by default, in days. */
const lookBackDays = 30;

const startOfDay = (d: LocalDate): string => `${addDays(d, -1)}T00:00:00.000Z`;

function byClientDay<T extends { clientId: number; occurredAt: string }>(
  rows: readonly T[],
  timeZone: string,
): Map<string, { clientId: number; day: LocalDate; rows: T[] }> {
  const out = new Map<string, { clientId: number; day: LocalDate; rows: T[] }>();
  for (const r of rows) {
    const day = localDateOf(r.occurredAt, timeZone);
    const key = `${r.clientId}:${day}`;
    let group = out.get(key);
    if (!group) out.set(key, (group = { clientId: r.clientId, day, rows: [] }));
    group.rows.push(r);
  }
  return out;
}

const titles = (rows: readonly { title: string }[]): string => {
  const unique = [...new Set(rows.map((r) => r.title))];
  return unique.length <= 2
    ? unique.join(' and ')
    : `${unique.slice(0, 2).join(', ')} and ${unique.length - 2} more`;
};

/** The follow-ups every rule that is on would make today (and up to the date horizon ahead). */
export function ruleFollowUps(db: Db, o: MaterialiseOptions): RuleFollowUp[] {
  const { today, timeZone, settings } = o;
  const lookBack = o.lookBackDays ?? lookBackDays;
  const earliest = addDays(today, -lookBack);
  const horizon = addDays(today, settings.dateHorizonDays);
  const rules = settings.rules;
  const book = o.book ?? wholeBoutique;
  const out: RuleFollowUp[] = [];
  if (rules.thankYou.enabled) {
    const since = startOfDay(addDays(earliest, -rules.thankYou.days));
    for (const g of byClientDay(interactionsSince(db, 'purchase', since, book), timeZone).values()) {
      const dueOn = addDays(g.day, rules.thankYou.days);
      if (dueOn < earliest || dueOn > horizon) continue;
      out.push({
        clientId: g.clientId,
        dueOn,
        rule: 'thank-you',
        sourceKey: `thank-you:${g.clientId}:${g.day}`,
        reason: `Thank-you for the ${titles(g.rows)}, bought on ${shortDate(g.day)}`,
      });
    }
  }
  if (rules.tryOnCheckIn.enabled) {
    const since = startOfDay(addDays(earliest, -rules.tryOnCheckIn.days));
    const bought = boughtSince(db);
    for (const g of byClientDay(interactionsSince(db, 'try-on', since, book), timeZone).values()) {
      const dueOn = addDays(g.day, rules.tryOnCheckIn.days);
      // Only once the days have passed: a purchase in the meantime means there is nothing to check in on.
      if (dueOn < earliest || dueOn > today) continue;
      const open = g.rows.filter((r) => !bought(r.clientId, r.itemId, r.variantGroup, r.occurredAt));
      if (open.length === 0) continue;
      out.push({
        clientId: g.clientId,
        dueOn,
        rule: 'try-on-check-in',
        sourceKey: `try-on-check-in:${g.clientId}:${g.day}`,
        reason: `Tried on the ${titles(open)} on ${shortDate(g.day)} without buying: check in`,
      });
    }
  }
  if (rules.birthday.enabled) {
    for (const d of datesLabelled(db, 'birthday', book)) {
      const on = nextOccurrence(today, d.month, d.day);
      const dueOn = addDays(on, -rules.birthday.daysBefore);
      if (dueOn > horizon) continue;
      const inDays = daysBetween(today, on);
      out.push({
        clientId: d.clientId,
        dueOn,
        rule: 'birthday',
        sourceKey: `birthday:${d.clientId}:${on}`,
        reason: `Birthday ${inDays === 0 ? 'today' : inDays === 1 ? 'tomorrow' : `on ${shortDate(on)}`}`,
      });
    }
  }
  if (rules.vipLapsing.enabled) {
    for (const c of lastSeenOfTiers(db, rules.vipLapsing.tiers, book)) {
      const seen = localDateOf(c.lastSeenAt, timeZone);
      const dueOn = addDays(seen, rules.vipLapsing.days);
      if (dueOn > today) continue;
      out.push({
        clientId: c.clientId,
        // A client who lapsed long before Atelier looked is due now, not "overdue for a year".
        dueOn: dueOn < earliest ? today : dueOn,
        rule: 'vip-lapsing',
        sourceKey: `vip-lapsing:${c.clientId}:${seen}`,
        reason: `${c.tier}, not seen since ${shortDate(seen, true)} (${daysBetween(seen, today)} days)`,
      });
    }
  }
  return out;
}

/** A book as the rules' record names it; 'all' covers every other. */
function bookKey(book: BookFilter): string {
  const a = book.associate;
  if (!a || book.scope === 'all') return 'all';
  return JSON.stringify(book.scope === 'mine' ? ['mine', a.name] : ['store', a.store]);
}

/** The books remembered for one key: a few associates' and stores' (an 'all' run covers every book). */
const booksKept = 32;

/**
 * Makes the follow-ups the rules call for, once each (by source key): opening Today runs it, and running it
 * again the same day adds nothing. Returns how many were added. The rules read weeks of history, so they are
 * skipped when they last ran for this book (or the whole boutique) on the same day, with the same settings,
 * and nothing they read has changed since (the sources' mark: db/outreach/follow-ups.ts).
 */
export function materialiseFollowUps(db: Db, o: MaterialiseOptions): number {
  const book = bookKey(o.book ?? wholeBoutique);
  const { dateHorizonDays, rules } = o.settings;
  const key = () =>
    JSON.stringify([
      ruleSourcesMark(db),
      o.today,
      o.timeZone,
      o.lookBackDays ?? lookBackDays,
      dateHorizonDays,
      rules,
    ]);
  const covered = (last: RulesMaterialised | null, k: string) =>
    last !== null && last.key === k && (last.books.includes('all') || last.books.includes(book));
  // Read first without the write lock: an unchanged book waits for no other writer.
  if (covered(rulesMaterialised(db), key())) return 0;
  return db
    .transaction(() => {
      const k = key();
      const last = rulesMaterialised(db);
      if (covered(last, k)) return 0;
      // Adding rule follow-ups changes nothing the rules read, so the key read before still holds after.
      const added = insertRuleFollowUps(db, ruleFollowUps(db, o), o.now);
      const books = book === 'all' || last?.key !== k ? [book] : [...last.books, book].slice(-booksKept);
      setRulesMaterialised(db, { key: k, books });
      return added;
    })
    .immediate();
}

const localDate = /^\d{4}-\d{2}-\d{2}$/;
function checkDate(value: string, what: string): void {
  if (!localDate.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || addDays(value, 0) !== value)
    throw new FollowUpError(`${what} "${value}" is not a date (YYYY-MM-DD)`);
}

export function createFollowUp(
  db: Db,
  input: { clientId: number; dueOn: string; reason: string; author: string | null },
  now: string,
): FollowUp {
  checkDate(input.dueOn, 'the due date');
  const reason = input.reason.trim();
  if (reason === '') throw new FollowUpError('a follow-up needs a reason');
  clientExists(db, input.clientId);
  return insertFollowUp(db, { ...input, reason }, now);
}

export interface FollowUpChange {
  readonly status?: FollowUpStatus;
  /** With status 'snoozed': the day it comes back (after today). */
  readonly snoozedUntil?: string;
  readonly dueOn?: string;
  readonly reason?: string;
}

export function updateFollowUp(
  db: Db,
  id: number,
  change: FollowUpChange,
  today: LocalDate,
  now: string,
): FollowUp {
  return db
    .transaction(() => {
      let current = followUpById(db, id);
      if (change.dueOn !== undefined || change.reason !== undefined) {
        if (change.dueOn !== undefined) checkDate(change.dueOn, 'the due date');
        const reason = change.reason?.trim();
        if (reason === '') throw new FollowUpError('a follow-up needs a reason');
        current = setFollowUpDue(db, id, change.dueOn ?? current.dueOn, reason ?? null, now);
      }
      if (change.status !== undefined) {
        if (change.status === 'snoozed') {
          if (change.snoozedUntil === undefined)
            throw new FollowUpError('snoozing needs the day it comes back');
          checkDate(change.snoozedUntil, 'the snooze date');
          if (change.snoozedUntil <= today)
            throw new FollowUpError(`a follow-up can only be snoozed to a day after today (${today})`);
        } else if (change.snoozedUntil !== undefined) {
          throw new FollowUpError('a snooze date goes only with the status "snoozed"');
        }
        current = setFollowUpStatus(db, id, change.status, change.snoozedUntil ?? null, now);
      }
      return current;
    })
    .immediate();
}
