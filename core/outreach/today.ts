import type { Clock } from '../clock.js';
import type { Db } from '../db/open.js';
import type { AssociateView, TodayEntry, TodayPiece, TodayView } from '../api/contract/outreach.js';
import { listFollowUps, type FollowUp } from '../db/outreach/follow-ups.js';
import {
  bookClients,
  bookDates,
  topPicks,
  wishlistNews,
  type BookFilter,
  type TodayClient as BookClient,
} from '../db/outreach/today-queries.js';
import { strongestSource } from '../db/outreach/contacts.js';
import { latestCompletedRun } from '../db/runs/engine-store.js';
import { todayKinds, type BookScope, type OutreachSettings, type TodayKind } from '../domain/outreach.js';
import { boutiqueClock } from './clock.js';
import { frequencies } from './contacts.js';
import { disabledRules, materialiseFollowUps } from './follow-ups.js';
import { addDays, localDateOf } from './local-date.js';
import { todayMessages } from './today-message.js';
import { arrivalsLines } from './today-arrivals.js';
import {
  dateReason,
  followUpReason,
  upcomingDate,
  upcomingDays,
  wishlistReason,
  type ScoredReason,
  type SuggestedPiece,
} from './today-reasons.js';

/**
 * Today: the clients to contact on the boutique's local date, each with her reasons, strongest first, and the
 * pieces to send. Consent decides what a line may hold: without marketing consent, no pieces, no message and no
 * news to sell; without profiling consent, only her dates and follow-ups (nothing inferred from her history).
 */
export interface TodayRequest {
  readonly clock: Clock;
  readonly timeZone: string;
  readonly settings: OutreachSettings;
  readonly scope: BookScope;
  readonly associate: AssociateView | null;
  /** At most this many lines (the strongest); all by default. */
  readonly limit?: number;
}

/** New arrivals are news for 30 days; three pieces a line. */
const arrivalDays = 30;
const piecesPerLine = 3;
const collator = new Intl.Collator('en', { sensitivity: 'base' });

interface Line {
  readonly client: BookClient;
  readonly reasons: ScoredReason[];
  pieces: SuggestedPiece[];
}

function addReason(
  lines: Map<number, Line>,
  client: BookClient,
  reason: ScoredReason,
  pieces: SuggestedPiece[] = [],
) {
  let line = lines.get(client.id);
  if (!line) lines.set(client.id, (line = { client, reasons: [], pieces: [] }));
  line.reasons.push(reason);
  if (line.pieces.length === 0) line.pieces = pieces.slice(0, piecesPerLine);
}

const mayInfer = (c: BookClient) => c.consentMarketing && c.consentProfiling;
const since = (c: BookClient, floor: string) =>
  c.lastContactAt && c.lastContactAt > floor ? c.lastContactAt : floor;

function datesAndFollowUps(
  db: Db,
  lines: Map<number, Line>,
  clients: ReadonlyMap<number, BookClient>,
  book: BookFilter,
  today: string,
  settings: OutreachSettings,
): void {
  const due = listFollowUps(db, { book, today, window: 'due', disabledRules: disabledRules(settings) });
  const birthdayFollowUps = new Map<number, FollowUp>();
  for (const f of due) {
    const client = clients.get(f.clientId);
    if (!client) continue;
    if (f.rule === 'birthday') birthdayFollowUps.set(f.clientId, f);
    else addReason(lines, client, followUpReason(f, today));
  }
  const days = upcomingDays(today, settings.dateHorizonDays);
  for (const d of bookDates(db, book, { days, birthdaysOf: [...birthdayFollowUps.keys()] })) {
    const client = clients.get(d.clientId);
    const next = client && upcomingDate(d, today, settings.dateHorizonDays);
    const followUp = d.label === 'Birthday' ? birthdayFollowUps.get(d.clientId) : undefined;
    if (client && next) addReason(lines, client, dateReason(d, next.on, next.days, followUp?.id ?? null));
    if (followUp) birthdayFollowUps.delete(d.clientId);
  }
  // A birthday follow-up whose date is further than the horizon (the rule's lead is longer) is still due.
  for (const f of birthdayFollowUps.values())
    addReason(lines, clients.get(f.clientId)!, followUpReason(f, today));
}

function wishlists(
  db: Db,
  lines: Map<number, Line>,
  clients: ReadonlyMap<number, BookClient>,
  book: BookFilter,
  floor: string,
) {
  const byClient = new Map<number, ReturnType<typeof wishlistNews>>();
  for (const n of wishlistNews(db, book, floor)) {
    const client = clients.get(n.clientId);
    const at =
      n.priceDroppedAt && n.backAt
        ? n.priceDroppedAt > n.backAt
          ? n.priceDroppedAt
          : n.backAt
        : (n.priceDroppedAt ?? n.backAt)!;
    if (!client || !mayInfer(client) || at <= since(client, floor)) continue;
    byClient.set(n.clientId, [...(byClient.get(n.clientId) ?? []), n]);
  }
  for (const [id, news] of byClient) {
    const { reason, pieces } = wishlistReason(news);
    addReason(lines, clients.get(id)!, reason, pieces);
  }
}

const sourceWhy: Readonly<Record<string, string>> = {
  explicit: 'Close to the client’s taste',
  group: 'Loved by similar clients',
  sequence: 'Goes with a piece bought before',
  popular: 'A boutique favourite',
};

/** The engine's picks for the lines that have no pieces yet (a follow-up, a date, a lapsing VIP). */
function picks(db: Db, lines: readonly Line[], runId: number): void {
  const need = lines.filter((l) => l.pieces.length === 0 && mayInfer(l.client)).map((l) => l.client.id);
  const top = topPicks(db, runId, need, piecesPerLine);
  for (const line of lines) {
    if (line.pieces.length > 0 || !mayInfer(line.client)) continue;
    line.pieces = (top.get(line.client.id) ?? []).map(({ reasons, ...item }) => {
      const source = strongestSource(reasons);
      return { ...item, source, why: sourceWhy[source ?? ''] ?? 'Recommended' };
    });
  }
}

/** A suggested piece as a line shows it: what the ranking needed (arrival, variant group) left out. */
const toPiece = ({ variantGroup: _group, createdAt: _arrived, ...piece }: SuggestedPiece): TodayPiece =>
  piece;

export function todayView(db: Db, request: TodayRequest): TodayView {
  const { settings, timeZone } = request;
  const now = boutiqueClock(db, request.clock).now();
  const nowIso = now.toISOString();
  const today = localDateOf(now, timeZone);
  const associate = request.associate;
  const book: BookFilter = {
    scope: request.scope,
    associate: associate && { name: associate.name, store: associate.store },
  };
  materialiseFollowUps(db, { today, timeZone, settings, now: nowIso, book });
  const everyone = bookClients(db, book);
  const clients = new Map(everyone.map((c) => [c.id, c]));
  const lines = new Map<number, Line>();
  datesAndFollowUps(db, lines, clients, book, today, settings);
  const floor = new Date(Date.parse(`${addDays(today, -arrivalDays)}T00:00:00Z`)).toISOString();
  wishlists(db, lines, clients, book, floor);
  const run = latestCompletedRun(db);
  if (run) {
    const candidates = everyone.filter(mayInfer);
    const news = arrivalsLines(db, candidates, run, floor, (c) => since(c, floor), piecesPerLine);
    for (const { client, reason, pieces } of news) addReason(lines, client, reason, pieces);
  }
  const counts = Object.fromEntries(todayKinds.map((k) => [k, 0])) as Record<TodayKind, number>;
  for (const line of lines.values()) for (const k of new Set(line.reasons.map((r) => r.kind))) counts[k]++;
  const ranked = [...lines.values()]
    .map((line) => {
      const reasons = [...line.reasons].sort((a, b) => b.score - a.score);
      const score = reasons[0]!.score + 0.1 * reasons.slice(1).reduce((s, r) => s + r.score, 0);
      return { ...line, reasons, score };
    })
    .sort(
      (a, b) =>
        b.score - a.score || collator.compare(a.client.name, b.client.name) || a.client.id - b.client.id,
    )
    .slice(0, request.limit ?? Number.MAX_SAFE_INTEGER);
  if (run) picks(db, ranked, run.id);
  const guard = frequencies(
    db,
    ranked.map((l) => l.client.id),
    settings,
    nowIso,
  );
  const message = todayMessages(db, associate);
  const entries = ranked.map((line): TodayEntry => {
    const kinds = [...new Set(line.reasons.map((r) => r.kind))];
    const c = line.client;
    const pieces = c.consentMarketing ? line.pieces.map(toPiece) : [];
    const top = line.reasons[0]!;
    return {
      client: {
        id: c.id,
        externalId: c.externalId,
        name: c.name,
        tier: c.tier,
        store: c.store,
        associate: c.associate,
        email: c.email,
        phone: c.phone,
        language: c.language,
        salutation: c.salutation,
      },
      kind: top.kind,
      kinds,
      score: Math.round(line.score * 10) / 10,
      reasons: line.reasons.map((r) => ({
        kind: r.kind,
        text: r.text,
        followUpId: r.followUpId,
        on: r.on,
        dateLabel: r.date?.label ?? null,
      })),
      canMessage: c.consentMarketing,
      pieces,
      purpose: c.consentMarketing ? top.purpose : null,
      message: message(c, top.purpose, pieces, top.date ?? null),
      lastContactAt: c.lastContactAt,
      frequency: guard.get(c.id)!,
    };
  });
  return {
    today,
    timeZone,
    scope: request.scope,
    associate,
    runId: run?.id ?? null,
    entries,
    total: lines.size,
    counts,
    bookSize: everyone.length,
  };
}
