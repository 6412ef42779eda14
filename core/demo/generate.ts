import type { ClientRecord, InteractionRecord, ItemRecord, NoteRecord } from '../domain/catalog.js';
import { generateCatalog } from './catalog.js';
import { type DemoItem } from './demo-item.js';
import { generateClients } from './clients.js';
import { clientHistory } from './interactions.js';
import { indexCatalog } from './catalog-index.js';
import { associateNotes } from './notes.js';
import { bookOutreach, catalogueNews, plantArrivals, type DemoOutreach } from './outreach.js';
import { stageRandom } from './random.js';
import { assignMemberships, groupPool, tasteGroupDefinitions } from './taste-groups.js';

export interface DemoOptions {
  /** Any integer 0..2^32-1; the same seed gives the same boutique. */
  readonly seed?: number;
  /** The end of the two years of history (ISO-8601); fixed by default so the demo never drifts. */
  readonly referenceDate?: string;
  readonly clients?: number;
  readonly items?: number;
}

export const demoDefaults = {
  seed: 1,
  referenceDate: '2025-10-01T00:00:00.000Z',
  clients: 840,
  items: 480,
} as const satisfies Required<DemoOptions>;

/** Below these the planted groups would have too few items or members to mean anything. */
export const demoMinimums = { clients: 50, items: 200 } as const;
const demoMaximums = { clients: 100_000, items: 20_000 } as const;

/** A planted taste group: the ground truth group-interest inference should recover. */
export interface PlantedTasteGroup {
  readonly name: string;
  readonly features: string[];
  /** Every client whose main or second group it is, including those who refused profiling. */
  readonly memberExternalIds: string[];
}

export interface DemoGroundTruth {
  readonly groups: PlantedTasteGroup[];
  /** clientExternalId -> features of their main group they never touched; only clients with some. */
  readonly heldOut: Record<string, string[]>;
  /** itemExternalId -> the item's taste words (styles, materials, colours, occasions, prints...). */
  readonly itemFeatures: Record<string, string[]>;
  /** clientExternalId -> names of their groups, main first. */
  readonly clientGroups: Record<string, string[]>;
}

export interface DemoBoutique extends DemoGroundTruth {
  readonly options: Required<DemoOptions>;
  readonly items: ItemRecord[];
  readonly clients: ClientRecord[];
  readonly interactions: InteractionRecord[];
  readonly notes: NoteRecord[];
  /** Arrivals, wish-list news, important dates and logged contacts (core/demo/outreach.ts). */
  readonly outreach: DemoOutreach;
}

function wholeNumber(value: number, name: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`demo ${name} must be a whole number from ${min} to ${max}, not ${String(value)}`);
  return value;
}

export function resolveDemoOptions(options: DemoOptions = {}): Required<DemoOptions> {
  const seed = wholeNumber(options.seed ?? demoDefaults.seed, 'seed', 0, 0xffffffff);
  const referenceDate = options.referenceDate ?? demoDefaults.referenceDate;
  const reference = Date.parse(referenceDate);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(referenceDate) || Number.isNaN(reference))
    throw new RangeError(`demo referenceDate must be an ISO-8601 date-time, not "${referenceDate}"`);
  return {
    seed,
    referenceDate: new Date(reference).toISOString(),
    clients: wholeNumber(
      options.clients ?? demoDefaults.clients,
      'clients',
      demoMinimums.clients,
      demoMaximums.clients,
    ),
    items: wholeNumber(options.items ?? demoDefaults.items, 'items', demoMinimums.items, demoMaximums.items),
  };
}

// Code-unit order, not localeCompare: the same on every machine whatever its locale.
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byInteractionOrder = (a: InteractionRecord, b: InteractionRecord): number =>
  compare(a.occurredAt, b.occurredAt) ||
  compare(a.clientExternalId, b.clientExternalId) ||
  compare(a.itemExternalId, b.itemExternalId) ||
  compare(a.kind, b.kind);

/**
 * The demo boutique, pure: the same options give deep-equal records. Each stage draws from its own stream
 * of the seed, so e.g. asking for more clients leaves the catalogue as it was.
 */
export function generateDemo(options: DemoOptions = {}): DemoBoutique {
  const resolved = resolveDemoOptions(options);
  const reference = Date.parse(resolved.referenceDate);
  const items = plantArrivals(
    generateCatalog(resolved.items, reference, stageRandom(resolved.seed, 'catalog')),
    reference,
    stageRandom(resolved.seed, 'arrivals'),
  );
  const clients = generateClients(resolved.clients, reference, stageRandom(resolved.seed, 'clients'));
  const pools = tasteGroupDefinitions.map((g) => groupPool(items, g));
  const memberships = assignMemberships(
    clients.map((c) => c.store.name),
    pools,
    stageRandom(resolved.seed, 'tastes'),
  );

  const historyRandom = stageRandom(resolved.seed, 'history');
  const notesRandom = stageRandom(resolved.seed, 'notes');
  const catalog = indexCatalog(items, pools);
  const itemsById = new Map<string, DemoItem>(items.map((i) => [i.record.externalId, i]));
  const interactions: InteractionRecord[] = [];
  const notes: NoteRecord[] = [];
  const seen = new Set<string>();
  const seenNotes = new Set<string>();
  clients.forEach((client, index) => {
    const history = clientHistory(
      { client, membership: memberships[index]! },
      catalog,
      reference,
      historyRandom,
    );
    // The store keeps one row per (client, item, kind, instant); so does the demo.
    const unique = history.filter((i) => {
      const key = `${i.clientExternalId}|${i.itemExternalId}|${i.kind}|${i.occurredAt}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    interactions.push(...unique);
    for (const note of associateNotes(client, unique, itemsById, reference, notesRandom)) {
      const key = `${note.clientExternalId}|${note.body}|${note.createdAt}`;
      if (seenNotes.has(key)) continue;
      seenNotes.add(key);
      notes.push(note);
    }
  });
  interactions.sort(byInteractionOrder);

  const groups: PlantedTasteGroup[] = tasteGroupDefinitions.map((g) => ({
    name: g.name,
    features: [...g.features],
    memberExternalIds: [],
  }));
  const heldOut: Record<string, string[]> = {};
  const clientGroups: Record<string, string[]> = {};
  clients.forEach((client, index) => {
    const id = client.record.externalId;
    const membership = memberships[index]!;
    const own = [membership.main, ...(membership.second === null ? [] : [membership.second])];
    for (const g of own) groups[g]!.memberExternalIds.push(id);
    clientGroups[id] = own.map((g) => groups[g]!.name);
    if (membership.heldOut.length > 0) heldOut[id] = [...membership.heldOut];
  });
  const itemFeatures: Record<string, string[]> = {};
  for (const item of items) itemFeatures[item.record.externalId] = [...item.features];

  const itemRecords = items.map((i) => i.record);
  const clientRecords = clients.map((c) => c.record);
  const outreach: DemoOutreach = {
    ...catalogueNews(itemRecords, reference, stageRandom(resolved.seed, 'news')),
    ...bookOutreach(
      itemRecords,
      clientRecords,
      interactions,
      reference,
      stageRandom(resolved.seed, 'outreach'),
    ),
  };
  return {
    options: resolved,
    items: itemRecords,
    clients: clientRecords,
    interactions,
    outreach,
    notes,
    groups,
    heldOut,
    itemFeatures,
    clientGroups,
  };
}

/** The planted structure of the boutique a seed (and options) gives, for tests of the engine. */
export function demoGroundTruth(options: DemoOptions = {}): DemoGroundTruth {
  const { groups, heldOut, itemFeatures, clientGroups } = generateDemo(options);
  return { groups, heldOut, itemFeatures, clientGroups };
}
