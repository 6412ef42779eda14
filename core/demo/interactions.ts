import type { InteractionKind, InteractionRecord } from '../domain/catalog.js';
import type { DemoItem } from './demo-item.js';
import type { ClientTier, DemoClient } from './clients.js';
import type { Random } from './random.js';
import type { Membership } from './taste-groups.js';
import { drawAmongFirst, onSaleCount, type CatalogIndex } from './catalog-index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The demo covers two years of history before the reference date. */
export const HISTORY_DAYS = 730;

/** December gifting, the September launches, a quiet August: luxury's year. */
const monthWeight = [0.9, 0.8, 0.9, 0.9, 1, 1, 0.8, 0.65, 1.15, 1.1, 1.2, 1.5];
const journeysPerTier: Readonly<Record<ClientTier, readonly [number, number]>> = {
  Prospect: [2, 6],
  Client: [5, 12],
  VIP: [10, 20],
  VVIP: [16, 30],
};

/** How a client's visit to an item unfolds, from a glance to a purchase. */
const outcomes = [
  'view',
  'view+wishlist',
  'view+try-on',
  'try-on+purchase',
  'view+purchase',
  'wishlist+purchase',
  'purchase',
] as const;
type Outcome = (typeof outcomes)[number];
const outcomeOdds: Readonly<Record<ClientTier, readonly number[]>> = {
  Prospect: [50, 16, 14, 8, 4, 3, 5],
  Client: [40, 14, 15, 13, 7, 4, 7],
  VIP: [30, 12, 16, 18, 9, 5, 10],
  VVIP: [24, 10, 16, 22, 10, 6, 12],
};

/** What usually follows a purchase in the same client's story: the sequence signal. */
const follows: Readonly<Record<string, readonly string[]>> = {
  Bags: ['Small leather goods', 'Belts', 'Scarves'],
  Jackets: ['Trousers', 'Shirts', 'Knitwear'],
  Suits: ['Shirts', 'Brogues', 'Loafers'],
  Dresses: ['Pumps', 'Sandals', 'Earrings'],
  Coats: ['Scarves', 'Knitwear', 'Gloves'],
  Outerwear: ['Knitwear', 'Eyewear', 'Sneakers'],
  Rings: ['Earrings', 'Necklaces', 'Bracelets'],
  Necklaces: ['Earrings', 'Rings'],
  Earrings: ['Necklaces', 'Rings'],
  Chronographs: ['Dress watches', 'Sports watches'],
  'Dress watches': ['Chronographs', 'Bracelets'],
  'Sports watches': ['Chronographs', 'Eyewear'],
  'Eau de parfum': ['Home', 'Extrait de parfum'],
};

const boutiqueChannels = ['boutique', 'boutique', 'boutique', 'boutique', 'event'];

export interface ClientHistoryContext {
  readonly client: DemoClient;
  readonly membership: Membership;
}

function atBoutiqueHours(day: number, utcOffset: number, random: Random): number {
  const midnight = Math.floor(day / DAY) * DAY;
  const localMinutes = 10 * 60 + random.int(9 * 60);
  return midnight + localMinutes * 60_000 - utcOffset * HOUR + random.int(60) * 1000;
}

/** A visit in the boutique at least `minDays` after `after`, within opening hours. */
function nextVisit(
  after: number,
  minDays: number,
  maxDays: number,
  utcOffset: number,
  random: Random,
): number {
  let t = atBoutiqueHours(after + random.between(minDays, maxDays) * DAY, utcOffset, random);
  while (t <= after) t += DAY;
  return t;
}

function journeyTimes(count: number, start: number, end: number, random: Random): number[] {
  const times: number[] = [];
  const maxWeight = Math.max(...monthWeight);
  while (times.length < count) {
    const t = start + random.next() * (end - start);
    if (random.next() * maxWeight < monthWeight[new Date(t).getUTCMonth()]!)
      times.push(Math.floor(t / 1000) * 1000);
  }
  return times.sort((a, b) => a - b);
}

/** One client's history as it is being written: what she may be shown, what she owns, what she bought last. */
interface ClientStory {
  readonly client: DemoClient;
  readonly membership: Membership;
  readonly catalog: CatalogIndex;
  readonly random: Random;
  /** Her taste groups: the main one, then the second if she has one. */
  readonly groups: readonly number[];
  /** A list without the items that have a feature held out for her. */
  readonly allowed: (list: readonly DemoItem[]) => readonly DemoItem[];
  readonly everything: readonly DemoItem[];
  readonly pools: ReadonlyMap<number, readonly DemoItem[]>;
  /** The history's window: two years (or since she became a client) up to an hour before the reference. */
  readonly start: number;
  readonly end: number;
  readonly records: InteractionRecord[];
  readonly owned: Set<string>;
  lastPurchase: DemoItem | null;
}

function beginStory(
  { client, membership }: ClientHistoryContext,
  catalog: CatalogIndex,
  reference: number,
  random: Random,
): ClientStory {
  const heldOut = membership.heldOut;
  const allowed = (list: readonly DemoItem[]): readonly DemoItem[] =>
    heldOut.length === 0 ? list : list.filter((item) => !heldOut.some((f) => item.features.includes(f)));
  const groups = [membership.main, ...(membership.second === null ? [] : [membership.second])];
  return {
    client,
    membership,
    catalog,
    random,
    groups,
    allowed,
    everything: allowed(catalog.all),
    pools: new Map(groups.map((g) => [g, allowed(catalog.pools[g]!)])),
    start: Math.max(client.since, reference - HISTORY_DAYS * DAY + HOUR),
    end: reference - HOUR,
    records: [],
    owned: new Set<string>(),
    lastPurchase: null,
  };
}

/** Records one interaction when it falls inside the history's window; says whether it did. */
function record(
  story: ClientStory,
  item: DemoItem,
  kind: InteractionKind,
  at: number,
  channel: string,
  quantity = 1,
): boolean {
  if (at > story.end || at < story.start) return false;
  const price = item.record.priceMinor ?? 0;
  const money = kind === 'purchase' ? price * quantity : kind === 'return' ? -price * quantity : null;
  story.records.push({
    clientExternalId: story.client.record.externalId,
    itemExternalId: item.record.externalId,
    kind,
    quantity,
    amountMinor: money,
    currency: money === null ? null : (item.record.currency ?? 'EUR'),
    occurredAt: new Date(at).toISOString(),
    channel,
  });
  return true;
}

/** How close an item is to her taste: its score in the closest of her groups. */
function affinity(story: ClientStory, item: DemoItem): number {
  const scores = story.catalog.scores.get(item)!;
  return Math.max(...story.groups.map((g) => scores[g]!));
}

/** The item of a journey at t: what follows her last purchase, one of her groups' items, or a bestseller. */
function chooseItem(story: ClientStory, t: number): DemoItem | null {
  const { catalog, membership, random, lastPurchase } = story;
  const sequel = lastPurchase ? follows[lastPurchase.line] : undefined;
  if (sequel && random.chance(0.3)) {
    const next = story
      .allowed(sequel.flatMap((line) => catalog.byLine.get(line) ?? []))
      .filter((i) => i.launchedAt <= t);
    if (next.length > 0)
      return random.weighted(next, (item) => (affinity(story, item) + 0.2) * item.popularity);
  }
  if (random.chance(membership.focus)) {
    const group = membership.second !== null && random.chance(0.3) ? membership.second : membership.main;
    const pool = story.pools.get(group)!;
    const chosen = drawAmongFirst(
      random,
      pool,
      onSaleCount(pool, t),
      (item) => catalog.scores.get(item)![group]! ** 2 * item.popularity,
    );
    if (chosen) return chosen;
  }
  const everything = story.everything;
  return drawAmongFirst(random, everything, onSaleCount(everything, t), (item) => item.popularity);
}

/** A purchase; now and then a return within weeks, or (a fragrance) the same bottle again months later. */
function purchase(story: ClientStory, item: DemoItem, at: number, channel: string): void {
  const random = story.random;
  const quantity = item.consumable && random.chance(0.15) ? 2 : 1;
  if (!record(story, item, 'purchase', at, channel, quantity)) return;
  story.owned.add(item.record.externalId);
  story.lastPurchase = item;
  const returnOdds = channel === 'online' ? 0.14 : 0.05;
  if (!item.consumable && random.chance(returnOdds)) {
    const back = nextVisit(at, 3, 21, story.client.store.utcOffset, random);
    if (record(story, item, 'return', back, channel === 'online' ? 'online' : 'boutique', quantity))
      story.owned.delete(item.record.externalId);
  } else if (item.consumable && random.chance(0.4)) {
    // A fragrance runs out: the same bottle again, months later.
    record(
      story,
      item,
      'purchase',
      at + random.between(120, 300) * DAY,
      random.pick(['online', 'boutique', 'messaging']),
    );
  }
}

/** One journey to an item at t, unfolding as her tier's odds draw it: from a glance to a purchase. */
function journey(story: ClientStory, item: DemoItem, t: number): void {
  const { client, random } = story;
  const offset = client.store.utcOffset;
  let outcome: Outcome = random.weighted(outcomes, (_, i) => outcomeOdds[client.tier][i]!);
  if (story.owned.has(item.record.externalId) && !item.consumable) outcome = 'view';
  const online = random.pick(['online', 'online', 'app', 'boutique']);
  const viewAt = online === 'boutique' ? atBoutiqueHours(t, offset, random) : t;
  switch (outcome) {
    case 'view':
      record(story, item, 'view', viewAt, online);
      break;
    case 'view+wishlist':
      if (record(story, item, 'view', viewAt, online))
        record(
          story,
          item,
          'wishlist',
          viewAt + random.between(1, 40) * 60_000,
          online === 'boutique' ? 'app' : online,
        );
      break;
    case 'view+try-on':
      if (record(story, item, 'view', viewAt, online))
        record(
          story,
          item,
          'try-on',
          nextVisit(viewAt, 1, 10, offset, random),
          random.pick(boutiqueChannels),
        );
      break;
    case 'try-on+purchase': {
      const visit = atBoutiqueHours(t, offset, random);
      const channel = random.pick(boutiqueChannels);
      if (record(story, item, 'try-on', visit, channel))
        purchase(story, item, visit + random.between(15, 70) * 60_000, channel);
      break;
    }
    case 'view+purchase':
      if (record(story, item, 'view', viewAt, online))
        purchase(
          story,
          item,
          viewAt + random.between(0, 3) * DAY + random.between(5, 300) * 60_000,
          random.pick(['online', 'phone', 'messaging']),
        );
      break;
    case 'wishlist+purchase':
      if (record(story, item, 'wishlist', viewAt, online === 'boutique' ? 'app' : online))
        purchase(
          story,
          item,
          nextVisit(viewAt, 3, 60, offset, random),
          random.pick(['boutique', 'boutique', 'online', 'phone']),
        );
      break;
    case 'purchase':
      purchase(
        story,
        item,
        atBoutiqueHours(t, offset, random),
        random.pick(['boutique', 'boutique', 'phone', 'messaging']),
      );
      break;
    default:
      outcome satisfies never;
  }
}

/**
 * Two years of one client's history: journeys drawn mostly from the items of their taste groups (weighted by
 * how many of the group's features an item has and by its popularity), the rest from the bestsellers, some
 * led by what they bought last; never an item with a feature held out for them.
 */
export function clientHistory(
  context: ClientHistoryContext,
  catalog: CatalogIndex,
  reference: number,
  random: Random,
): InteractionRecord[] {
  const story = beginStory(context, catalog, reference, random);
  const [minJourneys, maxJourneys] = journeysPerTier[context.client.tier];
  const times = journeyTimes(random.between(minJourneys, maxJourneys), story.start, story.end, random);
  for (const t of times) {
    const item = chooseItem(story, t);
    if (item) journey(story, item, t);
  }
  return story.records;
}
