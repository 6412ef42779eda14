import type { FollowUp } from '../db/outreach/follow-ups.js';
import type { DateRow, ArrivedItem, WishlistNews, FeatureWeight } from '../db/outreach/today-queries.js';
import type { Feature } from '../domain/features.js';
import type { MessagePurpose, TodayKind } from '../domain/outreach.js';
import type { ReasonSource } from '../domain/recommendations.js';
import { daysBetween, nextOccurrence, type LocalDate } from './local-date.js';
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

export interface ArrivalMatch {
  readonly item: ArrivedItem;
  readonly score: number;
  readonly source: 'explicit' | 'group';
  /** The features that matched most, strongest first. */
  readonly features: readonly string[];
}

/**
 * How well a new piece matches a client: the sum over its features of the item's weight times her explicit
 * interest and group interest in it. Also which of the two weighed more, and the features that matched most.
 */
export function arrivalMatch(
  item: ArrivedItem,
  features: readonly Feature[],
  explicit: ReadonlyMap<string, number>,
  group: ReadonlyMap<string, number>,
): ArrivalMatch | null {
  let own = 0;
  let others = 0;
  const parts: [string, number][] = [];
  for (const f of features) {
    const e = f.weight * (explicit.get(f.phrase) ?? 0);
    const g = f.weight * (group.get(f.phrase) ?? 0);
    own += e;
    others += g;
    if (e + g > 0) parts.push([f.phrase, e + g]);
  }
  if (own + others <= 0) return null;
  parts.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {
    item,
    score: own + others,
    source: own >= others ? 'explicit' : 'group',
    features: parts.slice(0, 2).map(([p]) => p),
  };
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

/** Weights of one client's interests, by feature. */
export function interestMaps(rows: readonly FeatureWeight[]): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  for (const r of rows) {
    let m = out.get(r.clientId);
    if (!m) out.set(r.clientId, (m = new Map<string, number>()));
    m.set(r.feature, r.weight);
  }
  return out;
}
