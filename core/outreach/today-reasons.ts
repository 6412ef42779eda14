import type { FollowUp } from '../db/outreach/follow-ups.js';
import type { DateRow, ArrivedItem, WishlistNews } from '../db/outreach/today-queries.js';
import type { MessagePurpose, TodayKind } from '../domain/outreach.js';
import type { ReasonSource } from '../domain/recommendations.js';
import { daysInMonth } from '../domain/calendar.js';
import { addDays, daysBetween, nextOccurrence, type LocalDate } from './local-date.js';
import { piecePrice } from './messages.js';
import { shortDate } from './words.js';

/**
 * Why a client is on Today's list, each reason with its score (core/outreach/today.ts adds them up):
 * - a follow-up due: 100, and one more per day overdue (up to 30 more);
 * - an important date within the horizon: 90, less 2 per day until it;
 * - wish-list news (a price drop, a piece back): 80;
 * - new arrivals that match her interests: 50, up to 30 more for the best matches of the book;
 * - a VIP lapsing (the rule's follow-up): 60.
 */
export interface ScoredReason {
  readonly kind: TodayKind;
  readonly text: string;
  readonly followUpId: number | null;
  readonly on: string | null;
  readonly score: number;
  readonly purpose: MessagePurpose;
  /** For a date: its label and next day, so a message can name it. */
  readonly date?: { readonly label: string; readonly on: LocalDate };
}

export interface SuggestedPiece extends ArrivedItem {
  readonly source: ReasonSource | null;
  readonly why: string;
}

const inDays = (days: number) => (days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`);

/** A date's next occurrence within `horizon` days, or null. */
export function upcomingDate(
  d: DateRow,
  today: LocalDate,
  horizon: number,
): { on: LocalDate; days: number } | null {
  const on = nextOccurrence(today, d.month, d.day);
  const days = daysBetween(today, on);
  return days <= horizon ? { on, days } : null;
}

/**
 * The days of the year (`month * 100 + day`) a date must have to come within `horizon` days: each day ahead, and
 * on a month's last day the days it does not have (a date past them, the 29th of February in other years, is
 * kept on it). Only a filter: `upcomingDate` decides.
 */
export function upcomingDays(today: LocalDate, horizon: number): number[] {
  const days = new Set<number>();
  for (let n = 0; n <= horizon; n++) {
    const on = addDays(today, n);
    const [year, month, day] = [+on.slice(0, 4), +on.slice(5, 7), +on.slice(8, 10)];
    days.add(month * 100 + day);
    if (day === daysInMonth(month, year))
      for (let past = day + 1; past <= 31; past++) days.add(month * 100 + past);
  }
  return [...days];
}

export function dateReason(d: DateRow, on: LocalDate, days: number, followUpId: number | null): ScoredReason {
  const years = d.year === null ? null : +on.slice(0, 4) - d.year;
  const which = d.label === 'Birthday' && years !== null && years > 0 ? `Birthday (${years})` : d.label;
  return {
    kind: 'date',
    text: `${which} on ${shortDate(on)}, ${inDays(days)}`,
    followUpId,
    on,
    score: 90 - 2 * days,
    purpose: d.label === 'Birthday' ? 'birthday' : 'date',
    date: { label: d.label, on },
  };
}

const rulePurpose: Readonly<Record<string, MessagePurpose>> = {
  'thank-you': 'thank-you',
  'try-on-check-in': 'check-in',
  'vip-lapsing': 'lapsing',
  birthday: 'birthday',
};

/** A follow-up due today or overdue (a lapsing VIP's is a 'lapsing' reason; a birthday's is its date's). */
export function followUpReason(f: FollowUp, today: LocalDate): ScoredReason {
  const due = f.snoozedUntil ?? f.dueOn;
  const overdue = Math.max(0, daysBetween(due, today));
  const late =
    overdue === 0 ? '' : ` (due ${shortDate(due)}, ${overdue} ${overdue === 1 ? 'day' : 'days'} ago)`;
  const lapsing = f.rule === 'vip-lapsing';
  return {
    kind: lapsing ? 'lapsing' : 'follow-up',
    text: `${f.reason}${late}`,
    followUpId: f.id,
    on: due,
    score: lapsing ? 60 : 100 + Math.min(overdue, 30),
    purpose: (f.rule && rulePurpose[f.rule]) ?? 'selection',
  };
}

/** Today's words are English: a price as the English message writes it ('€8,000', '€450.50'). */
const money = (minor: number, currency: string | null) => piecePrice(minor, currency, 'en');

/** Her wish-list news since she was last contacted: the reason, and the pieces. */
export function wishlistReason(news: readonly WishlistNews[]): {
  reason: ScoredReason;
  pieces: SuggestedPiece[];
} {
  const pieces = news.map((n): SuggestedPiece => {
    const why =
      n.priceDroppedAt !== null && n.previousPriceMinor !== null && n.priceMinor !== null
        ? `On the wish list; now ${money(n.priceMinor, n.currency)} (was ${money(n.previousPriceMinor, n.currency)})`
        : 'On the wish list, and back in stock';
    return { ...n, source: null, why };
  });
  const first = news[0]!;
  const what =
    first.priceDroppedAt !== null && first.previousPriceMinor !== null
      ? `the price of ${first.title} dropped`
      : `${first.title} is back in stock`;
  const more = news.length > 1 ? ` (and ${news.length - 1} more)` : '';
  return {
    reason: {
      kind: 'wishlist',
      text: `From the wish list: ${what}${more}`,
      followUpId: null,
      on: null,
      score: 80,
      purpose: 'wishlist',
    },
    pieces,
  };
}

/** A new piece matched against a client (core/outreach/today-arrivals.ts scores it). */
export interface ArrivalMatch {
  readonly item: ArrivedItem;
  readonly score: number;
  readonly source: 'explicit' | 'group';
  /** The features that matched most, strongest first. */
  readonly features: readonly string[];
}

export function arrivalsReason(
  matches: readonly ArrivalMatch[],
  best: number,
): {
  reason: ScoredReason;
  pieces: SuggestedPiece[];
} {
  const top = matches[0]!;
  const words = [...new Set(matches.flatMap((m) => m.features))].slice(0, 3).join(', ');
  const count = matches.length === 1 ? 'A new arrival matches' : `${matches.length} new arrivals match`;
  return {
    reason: {
      kind: 'new-arrivals',
      text: `${count} the client’s taste: ${words}`,
      followUpId: null,
      on: null,
      score: 50 + 30 * (best > 0 ? Math.min(1, top.score / best) : 0),
      purpose: 'new-arrivals',
    },
    pieces: matches.map((m) => ({
      ...m.item,
      source: m.source,
      why: `New on ${shortDate(m.item.createdAt.slice(0, 10))}; ${m.source === 'explicit' ? 'matches' : 'similar clients love'} ${m.features.join(', ')}`,
    })),
  };
}
