import type { Db } from '../../db/open.js';
import {
  clientReasoningStates,
  itemReasoningStates,
  recentClientHistories,
  writeClientReasoning,
  writeItemReasoning,
} from '../../db/reasoning/runs.js';
import type { PhaseSpec } from './phase.js';
import { clientHistoryHash, itemContentHash, normaliseFeatures, reasoningUnit } from './plan.js';
import {
  clientReasoningSchema,
  itemReasoningSchema,
  type ClientReasoning,
  type ItemReasoning,
  type Reasoner,
} from '../../reasoning/types.js';
import { type ClientForReasoning, type ItemForReasoning } from '../../domain/catalog.js';
import { gateClient, gateItem, type Lexicon } from '../../reasoning/gate.js';

/** The job's two phases as specs: items (keyed by content hash) and clients (keyed by history hash). */

export interface SubjectContext {
  readonly db: Db;
  readonly reasoner: Reasoner;
  readonly runId: number;
  readonly synonyms: ReadonlyMap<string, string>;
  /** The words the plausibility gate accepts: common words, the vocabulary, the catalog's own. */
  readonly lexicon: Lexicon;
  readonly recentItems?: number | undefined;
  readonly historyBefore?: string | null | undefined;
  now(): string;
}

export function clientsToReason(
  ctx: SubjectContext,
  allItems: readonly ItemForReasoning[],
  limit: number | null,
): ClientForReasoning[] {
  const byId = new Map(allItems.map((i) => [i.id, i]));
  const histories = recentClientHistories(ctx.db, {
    recent: ctx.recentItems ?? 8,
    before: ctx.historyBefore ?? null,
    limit,
  });
  return [...histories].map(([id, entries]) => ({
    id,
    recentItems: entries.flatMap((e) => {
      const item = byId.get(e.itemId);
      return item ? [{ item, kind: e.kind }] : [];
    }),
  }));
}

export function itemPhase(
  ctx: SubjectContext,
  items: readonly ItemForReasoning[],
): PhaseSpec<ItemForReasoning, ItemReasoning> {
  return {
    phase: 'items',
    subject: 'item',
    members: items.map((item) => ({
      id: item.id,
      hash: itemContentHash(item),
      variantGroup: reasoningUnit(item),
      value: item,
    })),
    states: itemReasoningStates(ctx.db, ctx.reasoner.kind),
    outputSchema: itemReasoningSchema,
    reason: (item, signal) => ctx.reasoner.reasonItem(item, signal),
    gate: (item, output) => gateItem(item, output, ctx.lexicon),
    label: (item) => item.title,
    write: (member, output) =>
      writeItemReasoning(ctx.db, {
        itemId: member.id,
        reasoner: ctx.reasoner.kind,
        runId: ctx.runId,
        model: ctx.reasoner.model,
        promptVersion: ctx.reasoner.promptVersion,
        contentHash: member.hash,
        love: output.love,
        dislike: output.dislike,
        features: normaliseFeatures(output.features, ctx.synonyms),
        now: ctx.now(),
      }),
  };
}

export function clientPhase(
  ctx: SubjectContext,
  clients: readonly ClientForReasoning[],
): PhaseSpec<ClientForReasoning, ClientReasoning> {
  return {
    phase: 'clients',
    subject: 'client',
    members: clients.map((client) => ({
      id: client.id,
      hash: clientHistoryHash(client),
      variantGroup: null,
      value: client,
    })),
    states: clientReasoningStates(ctx.db, ctx.reasoner.kind),
    outputSchema: clientReasoningSchema,
    reason: (client, signal) => ctx.reasoner.reasonClient(client, signal),
    gate: (client, output) => gateClient(client, output, ctx.lexicon),
    label: () => null,
    write: (member, output) =>
      writeClientReasoning(ctx.db, {
        clientId: member.id,
        reasoner: ctx.reasoner.kind,
        runId: ctx.runId,
        model: ctx.reasoner.model,
        promptVersion: ctx.reasoner.promptVersion,
        historyHash: member.hash,
        likes: output.likes,
        dislikes: output.dislikes,
        corePreference: output.corePreference,
        features: normaliseFeatures(output.features, ctx.synonyms),
        now: ctx.now(),
      }),
  };
}
