import type { Db } from '../open.js';
import { gateReasons, type GateReason, type ReasonerKind } from '../../domain/reasoners.js';

/**
 * What the store holds about how one item was reasoned, per reasoner: the chain's answers (who would love it,
 * who would dislike it), the features kept, and the last failure with its reason and the model's raw text.
 */
export interface ItemReasoningDetail {
  readonly item: { readonly id: number; readonly externalId: string; readonly title: string };
  readonly reasoners: readonly ReasonerDetail[];
}

export interface ReasonerDetail {
  readonly reasoner: ReasonerKind;
  /** The stored answers, or null when this reasoner's last attempt failed or it never reasoned the item. */
  readonly answers: {
    readonly love: string;
    readonly dislike: string;
    readonly runId: number;
    readonly model: string | null;
    readonly promptVersion: string;
    readonly at: string;
  } | null;
  readonly features: readonly { readonly feature: string; readonly facet: string; readonly weight: number }[];
  readonly failure: {
    readonly kind: 'output' | 'transient';
    readonly step: string | null;
    /** Why the plausibility gate refused the answer; null for a failure it did not make. */
    readonly reason: GateReason | null;
    readonly error: string;
    readonly rawText: string;
    readonly runId: number;
    readonly model: string | null;
    readonly at: string;
  } | null;
}

interface AnswerRow {
  reasoner: ReasonerKind;
  love: string;
  dislike: string;
  run_id: number;
  model: string | null;
  prompt_version: string;
  created_at: string;
}
interface FailureRow {
  reasoner: ReasonerKind;
  kind: 'output' | 'transient';
  step: string | null;
  reason: string | null;
  error: string;
  raw_text: string;
  run_id: number;
  model: string | null;
  created_at: string;
}

/** The item by row id or external id; null when there is no such item. */
export function itemReasoningDetail(db: Db, item: string): ItemReasoningDetail | null {
  const found = db
    .prepare(
      `SELECT id, external_id AS externalId, title FROM items
        WHERE external_id = ? OR (? NOT GLOB '*[^0-9]*' AND id = CAST(? AS INTEGER)) ORDER BY external_id = ? DESC LIMIT 1`,
    )
    .get(item, item, item, item) as ItemReasoningDetail['item'] | undefined;
  if (!found) return null;
  const answers = db
    .prepare(
      `SELECT reasoner, love, dislike, run_id, model, prompt_version, created_at FROM item_reasoning WHERE item_id = ?`,
    )
    .all(found.id) as AnswerRow[];
  const failures = db
    .prepare(
      `SELECT reasoner, kind, step, reason, error, raw_text, run_id, model, created_at FROM reasoning_failures
        WHERE item_id = ?`,
    )
    .all(found.id) as FailureRow[];
  const features = db
    .prepare(
      `SELECT reasoner, feature, facet, weight FROM item_features WHERE item_id = ? ORDER BY reasoner, weight DESC, feature`,
    )
    .all(found.id) as { reasoner: ReasonerKind; feature: string; facet: string; weight: number }[];
  const reasoners = [...new Set([...answers, ...failures, ...features].map((r) => r.reasoner))].sort();
  return {
    item: found,
    reasoners: reasoners.map((reasoner): ReasonerDetail => {
      const a = answers.find((r) => r.reasoner === reasoner);
      const f = failures.find((r) => r.reasoner === reasoner);
      return {
        reasoner,
        answers: a
          ? {
              love: a.love,
              dislike: a.dislike,
              runId: a.run_id,
              model: a.model,
              promptVersion: a.prompt_version,
              at: a.created_at,
            }
          : null,
        features: features
          .filter((r) => r.reasoner === reasoner)
          .map(({ feature, facet, weight }) => ({ feature, facet, weight })),
        failure: f
          ? {
              kind: f.kind,
              step: f.step,
              reason: gateReasons.find((r) => r === f.reason) ?? null,
              error: f.error,
              rawText: f.raw_text,
              runId: f.run_id,
              model: f.model,
              at: f.created_at,
            }
          : null,
      };
    }),
  };
}
