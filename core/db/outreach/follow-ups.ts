import { z } from 'zod';
import type { Db } from '../open.js';
import type { FollowUpView } from '../../api/contract/day.js';
import type { FollowUpRule, FollowUpStatus } from '../../domain/outreach.js';
import { CoreError } from '../../domain/errors.js';
import { scopeCondition, type BookFilter } from './book.js';

/**
 * Follow-ups: tasks with a local due date (`YYYY-MM-DD`), a reason and a client. Made by hand (rule NULL) or
 * by a rule (source_key names the event, so a rule never makes the same follow-up twice). Open until done or
 * dismissed; a snoozed one is due again on its `snoozed_until` day.
 */
export type FollowUp = FollowUpView;

export class UnknownFollowUpError extends CoreError<'unknown-follow-up'> {
  constructor(id: number) {
    super('unknown-follow-up', 'not-found', `there is no follow-up ${id}`);
  }
}

const select = `SELECT f.id, f.client_id AS clientId, c.name AS clientName, f.due_on AS dueOn, f.reason, f.rule,
  f.status, f.snoozed_until AS snoozedUntil, f.author, f.created_at AS createdAt, f.closed_at AS closedAt
  FROM follow_ups f JOIN clients c ON c.id = f.client_id`;

/** A follow-up as `select` reads it, as an array. */
type DbFollowUp = [
  number,
  number,
  string,
  string,
  string,
  FollowUpRule | null,
  FollowUpStatus,
  string | null,
  string | null,
  string,
  string | null,
];

/** The day a follow-up is (again) due: a snoozed one on its snooze day. */
const effectiveDue = `(CASE f.status WHEN 'snoozed' THEN f.snoozed_until ELSE f.due_on END)`;

export interface RuleFollowUp {
  readonly clientId: number;
  readonly dueOn: string;
  readonly reason: string;
  readonly rule: FollowUpRule;
  readonly sourceKey: string;
}

/**
 * Where what the rules read stands: the generation the triggers bump on every change to it (migration 0080),
 * and the last interaction (new ones are found by row id). Equal marks mean the rules would find the same.
 */
export function ruleSourcesMark(db: Db): string {
  const [generation, lastInteraction] = db
    .prepare(
      `SELECT (SELECT generation FROM follow_up_rules_state WHERE id = 1),
         (SELECT coalesce(max(id), 0) FROM interactions)`,
    )
    .raw()
    .get() as [number | null, number];
  return `${generation}:${lastInteraction}`;
}

/** What the rules were last run on, and for which books (core/outreach/follow-ups.ts writes and reads it). */
const rulesMaterialisedSchema = z.object({ key: z.string(), books: z.array(z.string()) });
export type RulesMaterialised = z.infer<typeof rulesMaterialisedSchema>;

/** Null when never run, or when the stored value is not one (the rules then simply run again). */
export function rulesMaterialised(db: Db): RulesMaterialised | null {
  const raw = db.prepare(`SELECT materialised FROM follow_up_rules_state WHERE id = 1`).pluck().get() as
    string | null | undefined;
  if (!raw) return null;
  const parsed = rulesMaterialisedSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

export function setRulesMaterialised(db: Db, value: RulesMaterialised): void {
  db.prepare(`UPDATE follow_up_rules_state SET materialised = ? WHERE id = 1`).run(JSON.stringify(value));
}

/** Adds the rules' follow-ups; one already made for the same event (source key) is left as it is. */
export function insertRuleFollowUps(db: Db, rows: readonly RuleFollowUp[], now: string): number {
  const insert = db.prepare(
    `INSERT INTO follow_ups (client_id, due_on, reason, rule, source_key, created_at, updated_at)
     VALUES (@clientId, @dueOn, @reason, @rule, @sourceKey, @now, @now) ON CONFLICT (source_key) DO NOTHING`,
  );
  let added = 0;
  for (const r of rows) added += insert.run({ ...r, now }).changes;
  return added;
}

export function insertFollowUp(
  db: Db,
  input: { clientId: number; dueOn: string; reason: string; author: string | null },
  now: string,
): FollowUp {
  const id = db
    .prepare(
      `INSERT INTO follow_ups (client_id, due_on, reason, author, created_at, updated_at)
       VALUES (@clientId, @dueOn, @reason, @author, @now, @now) RETURNING id`,
    )
    .pluck()
    .get({ ...input, now }) as number;
  return followUpById(db, id);
}

export function followUpById(db: Db, id: number): FollowUp {
  const row = db.prepare(`${select} WHERE f.id = ?`).get(id) as FollowUp | undefined;
  if (!row) throw new UnknownFollowUpError(id);
  return row;
}

/** Sets a follow-up's status; `snoozedUntil` only with 'snoozed'. Closing stamps closed_at, reopening clears it. */
export function setFollowUpStatus(
  db: Db,
  id: number,
  status: FollowUpStatus,
  snoozedUntil: string | null,
  now: string,
): FollowUp {
  const closed = status === 'done' || status === 'dismissed';
  const changes = db
    .prepare(
      `UPDATE follow_ups SET status = @status, snoozed_until = @snoozedUntil, updated_at = @now,
         closed_at = CASE WHEN @closed THEN coalesce(closed_at, @now) ELSE NULL END WHERE id = @id`,
    )
    .run({
      id,
      status,
      snoozedUntil: status === 'snoozed' ? snoozedUntil : null,
      now,
      closed: closed ? 1 : 0,
    }).changes;
  if (changes === 0) throw new UnknownFollowUpError(id);
  return followUpById(db, id);
}

export function setFollowUpDue(
  db: Db,
  id: number,
  dueOn: string,
  reason: string | null,
  now: string,
): FollowUp {
  const changes = db
    .prepare(
      `UPDATE follow_ups SET due_on = @dueOn, reason = coalesce(@reason, reason), updated_at = @now WHERE id = @id`,
    )
    .run({ id, dueOn, reason, now }).changes;
  if (changes === 0) throw new UnknownFollowUpError(id);
  return followUpById(db, id);
}

export type FollowUpWindow = 'due' | 'overdue' | 'upcoming' | 'all';

export interface FollowUpQuery {
  readonly book: BookFilter;
  /** One client's follow-ups only. */
  readonly clientId?: number;
  readonly today: string;
  /**
   * due: open (or snoozed) and due today or before; overdue: due before today; upcoming: due after today, up to
   * `horizon`; all: every follow-up, closed ones included.
   */
  readonly window: FollowUpWindow;
  readonly horizon?: string;
  /** Rules turned off: their open follow-ups are not listed. */
  readonly disabledRules?: readonly FollowUpRule[];
  readonly limit?: number;
}

export function listFollowUps(db: Db, q: FollowUpQuery): FollowUp[] {
  const scope = scopeCondition(q.book);
  const open = `f.status IN ('open', 'snoozed')`;
  const when = {
    due: `${open} AND ${effectiveDue} <= @today`,
    overdue: `${open} AND ${effectiveDue} < @today`,
    upcoming: `${open} AND ${effectiveDue} > @today AND ${effectiveDue} <= @horizon`,
    all: '1',
  }[q.window];
  const rows = db
    .prepare(
      `${select} WHERE ${scope.sql} AND ${when} AND (@clientId IS NULL OR f.client_id = @clientId)
         AND (f.rule IS NULL OR f.status NOT IN ('open', 'snoozed')
           OR f.rule NOT IN (SELECT value FROM json_each(@disabled)))
       ORDER BY ${effectiveDue}, f.id LIMIT @limit`,
    )
    // Rows as arrays, made into follow-ups here: Today lists thousands on a big book, and this is faster.
    .raw()
    .all({
      ...scope.params,
      today: q.today,
      horizon: q.horizon ?? '9999-12-31',
      clientId: q.clientId ?? null,
      disabled: JSON.stringify(q.disabledRules ?? []),
      limit: q.limit ?? -1,
    }) as DbFollowUp[];
  return rows.map((r): FollowUp => ({
    id: r[0],
    clientId: r[1],
    clientName: r[2],
    dueOn: r[3],
    reason: r[4],
    rule: r[5],
    status: r[6],
    snoozedUntil: r[7],
    author: r[8],
    createdAt: r[9],
    closedAt: r[10],
  }));
}

// ---- what the rules read -----------------------------------------------------------------------------

export interface InteractionMoment {
  readonly clientId: number;
  readonly itemId: number;
  readonly title: string;
  readonly variantGroup: string | null;
  readonly occurredAt: string;
}

/** Purchases or try-ons of a book's clients that happened after an instant (the rules look a few weeks back). */
export function interactionsSince(
  db: Db,
  kind: 'purchase' | 'try-on',
  since: string,
  book: BookFilter,
): InteractionMoment[] {
  const scope = scopeCondition(book);
  return db
    .prepare(
      `SELECT x.client_id AS clientId, x.item_id AS itemId, i.title, i.variant_group AS variantGroup,
         x.occurred_at AS occurredAt
       FROM clients c JOIN interactions x ON x.client_id = c.id JOIN items i ON i.id = x.item_id
       WHERE ${scope.sql} AND x.kind = @kind AND x.occurred_at >= @since
       ORDER BY x.client_id, x.occurred_at, x.item_id`,
    )
    .all({ ...scope.params, kind, since }) as InteractionMoment[];
}

/** Whether the client bought the piece, or another of its variant group, at or after an instant. */
export function boughtSince(
  db: Db,
): (clientId: number, itemId: number, group: string | null, since: string) => boolean {
  const stmt = db.prepare(
    `SELECT 1 FROM interactions p JOIN items i ON i.id = p.item_id
     WHERE p.client_id = @clientId AND p.kind = 'purchase' AND p.occurred_at >= @since
       AND (p.item_id = @itemId OR (@group IS NOT NULL AND i.variant_group = @group)) LIMIT 1`,
  );
  return (clientId, itemId, group, since) => stmt.get({ clientId, itemId, group, since }) !== undefined;
}

export interface LastSeen {
  readonly clientId: number;
  readonly tier: string;
  readonly lastSeenAt: string;
}

/** A book's clients of the given tiers and their latest interaction of any kind (never-seen ones left out). */
export function lastSeenOfTiers(db: Db, tiers: readonly string[], book: BookFilter): LastSeen[] {
  if (tiers.length === 0) return [];
  const scope = scopeCondition(book);
  return db
    .prepare(
      `SELECT c.id AS clientId, c.tier, (SELECT max(x.occurred_at) FROM interactions x WHERE x.client_id = c.id)
         AS lastSeenAt
       FROM clients c WHERE ${scope.sql} AND c.tier IN (SELECT value FROM json_each(@tiers)) AND lastSeenAt IS NOT NULL`,
    )
    .all({ ...scope.params, tiers: JSON.stringify(tiers) }) as LastSeen[];
}

export interface NamedDate {
  readonly clientId: number;
  readonly month: number;
  readonly day: number;
  readonly year: number | null;
}

/** Every client's date with a label (e.g. every birthday). */
export function datesLabelled(db: Db, label: string, book: BookFilter): NamedDate[] {
  const scope = scopeCondition(book);
  return db
    .prepare(
      `SELECT d.client_id AS clientId, d.month, d.day, d.year FROM client_dates d JOIN clients c ON c.id = d.client_id
       WHERE ${scope.sql} AND lower(d.label) = lower(@label) ORDER BY d.client_id`,
    )
    .all({ ...scope.params, label }) as NamedDate[];
}
