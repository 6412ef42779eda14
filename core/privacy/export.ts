import type { Clock } from '../clock.js';
import type { Db } from '../db/open.js';
import { readSnapshot } from '../db/open.js';
import {
  heldContacts,
  heldDates,
  heldFollowUps,
  heldInteractions,
  heldNotes,
  heldProfile,
  heldReasoning,
  heldSelections,
} from '../db/clients/access.js';
import { clientOfRequest } from '../db/clients/erase.js';
import { latestCompletedRun } from '../db/runs/engine-store.js';
import { clientInterests, clientRecommendations } from '../runs/read.js';
import {
  clientExportFormat,
  clientExportSchema,
  clientExportVersion,
  type ClientExport,
} from './export-format.js';

/**
 * Her copy of everything the book holds about her (GDPR art. 15 and 20), in the versioned format of
 * export-format.ts (docs/client-export.md). Read from one snapshot, so a write in between cannot split it.
 * Other clients stay out of it: her group interests say how many clients with similar taste, never who, and
 * her neighbour list (other people) is not hers to receive.
 */

/** Everything stored and derived; a run keeps at most 20 of each, so these limits take all of them. */
const allRows = 100;

function inferred(db: Db, clientId: number): ClientExport['inferred'] {
  const run = latestCompletedRun(db);
  const interests = clientInterests(db, clientId, allRows);
  const recommendations = clientRecommendations(db, clientId, allRows);
  if (run === null || interests === null || recommendations === null) return null;
  return {
    run: { id: run.id, reasoner: run.reasoner, model: run.model, finishedAt: run.finishedAt },
    profilingAllowed: interests.profilingAllowed,
    explicitInterests: interests.explicit.map((i) => ({
      feature: i.feature,
      facet: i.facet,
      label: i.label,
      weight: i.weight,
      explanation: i.explanation,
      evidence: i.evidence.map((e) => ({ externalId: e.externalId, title: e.title, kind: e.kind })),
    })),
    groupInterests: interests.group.map((g) => ({
      feature: g.feature,
      facet: g.facet,
      label: g.label,
      strength: g.strength,
      neighbourCount: g.neighbourCount,
      explanation: g.explanation,
    })),
    recommendations: recommendations.items.map((r) => ({
      rank: r.rank,
      item: { externalId: r.item.externalId, title: r.item.title, maison: r.item.maison },
      score: r.score,
      reasons: r.reasons.map((x) => ({ source: x.source, text: x.text, share: x.share })),
    })),
  };
}

/** Her export, named by row id or client number; an unknown client throws and nothing is read. */
export function clientExport(db: Db, ref: string | number, clock: Clock): ClientExport {
  return readSnapshot(db, () => {
    const { id } = clientOfRequest(db, ref);
    const client = heldProfile(db, id)!;
    const document = {
      format: clientExportFormat,
      version: clientExportVersion,
      exportedAt: clock.now().toISOString(),
      client,
      interactions: heldInteractions(db, id).map(({ itemExternalId, itemTitle, itemMaison, ...x }) => ({
        ...x,
        item: { externalId: itemExternalId, title: itemTitle, maison: itemMaison },
      })),
      notes: heldNotes(db, id),
      dates: heldDates(db, id),
      followUps: heldFollowUps(db, id),
      contacts: heldContacts(db, id),
      selections: heldSelections(db, id),
      reasoning: heldReasoning(db, id),
      inferred: inferred(db, id),
    };
    // What leaves the book is checked against the format it promises.
    return clientExportSchema.parse(document);
  });
}

/** The file: pretty-printed JSON, named after her client number. */
export function clientExportFile(document: ClientExport): { fileName: string; json: string } {
  const slug = document.client.externalId.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80) || 'client';
  return { fileName: `client-${slug}.json`, json: JSON.stringify(document, null, 2) + '\n' };
}
