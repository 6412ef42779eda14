import { defaultConsumableCategories } from '../domain/catalog.js';
import { readSnapshot, type Db } from '../db/open.js';
import {
  clientsWithConsent,
  interactionsInOrder,
  itemsForReasoning,
  latestReasoningRun,
  storedItemFeatures,
  type ClientConsent,
} from '../db/runs/load-queries.js';
import { logger } from '../log.js';
import { RulesReasoner, priceTierTable, rulesPromptVersion } from '../reasoning/rules/index.js';
import type { ItemForReasoning } from '../domain/catalog.js';
import type { ReasonerKind } from '../domain/reasoners.js';
import type { Facet, Feature } from '../domain/features.js';
import { normalizeFeature } from '../domain/vocabulary.js';
import { kindCode, type EngineInput } from '../engine/types.js';
import { normalisedStored } from './item-features.js';

const log = logger('engine-load');

export interface LoadOptions {
  /** Whose item features to use: 'rules' computes them in memory; 'llama'/'openai' read the stored ones. */
  readonly reasoner: ReasonerKind;
  /** The run's reference time (recency decay). */
  readonly now: Date;
  /** Category names (any level of the path) whose items may be bought again: fragrance by default. */
  readonly consumableCategories?: readonly string[];
}

/** Where the items' features came from, recorded on the run. */
export interface FeatureProvenance {
  /** The reasoner whose features the run used ('rules' when a model reasoner had none stored). */
  readonly reasoner: ReasonerKind;
  readonly model: string | null;
  readonly promptVersion: string;
  readonly reasoningRunId: number | null;
  /** Items whose features were read from the store / computed by the rules reasoner now. */
  readonly storedItems: number;
  readonly computedItems: number;
}

/** The engine input plus the maps between compact ids and the boutique's row ids. */
export interface LoadedBoutique {
  readonly input: EngineInput;
  /** Compact client id -> clients.id, and the client's name/consent (same order). */
  readonly clients: readonly ClientConsent[];
  /** Compact item id -> the item as catalogued. */
  readonly items: readonly ItemForReasoning[];
  readonly clientIndex: ReadonlyMap<number, number>;
  readonly itemIndex: ReadonlyMap<number, number>;
  readonly features: FeatureProvenance;
}

/** Builds the CSR feature arrays, one vocabulary over all items. */
function featureArrays(
  itemFeatures: readonly (readonly Feature[])[],
): Pick<EngineInput, 'featureOffsets' | 'featureIds' | 'featureWeights' | 'featureNames' | 'featureFacets'> {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const facetsOf: Facet[] = [];
  const offsets = new Uint32Array(itemFeatures.length + 1);
  let total = 0;
  for (const fs of itemFeatures) total += fs.length;
  const featureIds = new Uint32Array(total);
  const featureWeights = new Float32Array(total);
  let k = 0;
  itemFeatures.forEach((fs, i) => {
    offsets[i] = k;
    for (const f of fs) {
      let id = ids.get(f.phrase);
      if (id === undefined) {
        id = names.length;
        ids.set(f.phrase, id);
        names.push(f.phrase);
        facetsOf.push(f.facet);
      }
      featureIds[k] = id;
      featureWeights[k] = f.weight;
      k++;
    }
  });
  offsets[itemFeatures.length] = k;
  return {
    featureOffsets: offsets,
    featureIds,
    featureWeights,
    featureNames: names,
    featureFacets: facetsOf,
  };
}

function itemFeatureLists(
  db: Db,
  items: readonly ItemForReasoning[],
  requested: ReasonerKind,
): { lists: Feature[][]; provenance: FeatureProvenance } {
  const rules = new RulesReasoner({ priceTiers: priceTierTable(items) });
  const run = requested === 'rules' ? null : latestReasoningRun(db, requested);
  if (requested !== 'rules' && run === null)
    log.warn(`no completed ${requested} reasoning run; using the rules reasoner's features`);
  const stored = new Map<number, { feature: string; facet: Facet; weight: number }[]>();
  if (run !== null) {
    for (const row of storedItemFeatures(db, requested)) {
      let list = stored.get(row.itemId);
      if (!list) stored.set(row.itemId, (list = []));
      list.push(row);
    }
  }
  let storedItems = 0;
  const lists = items.map((item) => {
    const rows = stored.get(item.id);
    if (rows !== undefined) {
      const fs = normalisedStored(rows);
      if (fs.length > 0) {
        storedItems++;
        return fs;
      }
    }
    return rules.reasonItemNow(item).features;
  });
  const provenance: FeatureProvenance =
    run !== null
      ? {
          reasoner: requested,
          model: run.model,
          promptVersion: run.promptVersion,
          reasoningRunId: run.runId,
          storedItems,
          computedItems: items.length - storedItems,
        }
      : {
          reasoner: 'rules',
          model: null,
          promptVersion: rulesPromptVersion,
          reasoningRunId: null,
          storedItems: 0,
          computedItems: items.length,
        };
  return { lists, provenance };
}

/** Reads the boutique into the engine's compact, typed-array input, from one snapshot of the book. */
export function loadEngineInput(db: Db, options: LoadOptions): LoadedBoutique {
  return readSnapshot(db, () => readBoutique(db, options));
}

function readBoutique(db: Db, options: LoadOptions): LoadedBoutique {
  const clients = clientsWithConsent(db);
  const items = itemsForReasoning(db);
  const clientIndex = new Map(clients.map((c, i) => [c.id, i]));
  const itemIndex = new Map(items.map((it, i) => [it.id, i]));

  // Events: per client, in time order. Rows arrive sorted by client then ISO time; times with differing
  // offsets can still be out of order, so each client's events are re-sorted by parsed time when needed.
  const perClient: { item: number; kind: number; weight: number; time: number }[][] = clients.map(() => []);
  for (const row of interactionsInOrder(db)) {
    const c = clientIndex.get(row.clientId);
    const i = itemIndex.get(row.itemId);
    if (c === undefined || i === undefined) continue;
    perClient[c]!.push({
      item: i,
      kind: kindCode(row.kind),
      weight: row.quantity,
      time: Date.parse(row.occurredAt),
    });
  }
  let eventCount = 0;
  for (const events of perClient) {
    eventCount += events.length;
    for (let k = 1; k < events.length; k++) {
      if (events[k]!.time < events[k - 1]!.time) {
        events.sort((a, b) => a.time - b.time);
        break;
      }
    }
  }
  const eventOffsets = new Uint32Array(clients.length + 1);
  const eventItem = new Uint32Array(eventCount);
  const eventKind = new Uint8Array(eventCount);
  const eventWeight = new Float32Array(eventCount);
  const eventTime = new Float64Array(eventCount);
  let e = 0;
  perClient.forEach((events, c) => {
    eventOffsets[c] = e;
    for (const ev of events) {
      eventItem[e] = ev.item;
      eventKind[e] = ev.kind;
      eventWeight[e] = ev.weight;
      eventTime[e] = ev.time;
      e++;
    }
  });
  eventOffsets[clients.length] = e;

  const { lists, provenance } = itemFeatureLists(db, items, options.reasoner);
  const consumableNames = new Set(
    (options.consumableCategories ?? defaultConsumableCategories).map((c) => normalizeFeature(c)),
  );
  const consumable = new Uint8Array(items.length);
  items.forEach((item, i) => {
    if (item.categoryPath.some((c) => consumableNames.has(normalizeFeature(c)))) consumable[i] = 1;
  });
  // Variant groups as codes: the same piece in another colour or size shares its group's code.
  const groupCodes = new Map<string, number>();
  const variantGroup = new Int32Array(items.length).fill(-1);
  items.forEach((item, i) => {
    if (item.variantGroup === null) return;
    let code = groupCodes.get(item.variantGroup);
    if (code === undefined) groupCodes.set(item.variantGroup, (code = groupCodes.size));
    variantGroup[i] = code;
  });
  const profilingAllowed = new Uint8Array(clients.length);
  clients.forEach((c, i) => (profilingAllowed[i] = c.consentProfiling ? 1 : 0));

  const input: EngineInput = {
    clientCount: clients.length,
    itemCount: items.length,
    eventOffsets,
    eventItem,
    eventKind,
    eventWeight,
    eventTime,
    ...featureArrays(lists),
    profilingAllowed,
    consumable,
    variantGroup,
    now: options.now.getTime(),
  };
  return { input, clients, items, clientIndex, itemIndex, features: provenance };
}
