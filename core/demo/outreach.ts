import type { ClientRecord, InteractionRecord, ItemRecord } from '../domain/catalog.js';
import type { DemoContact, DemoDate, DemoOutreach } from '../db/outreach/demo-rows.js';
import type { ContactChannel } from '../domain/outreach.js';
import type { ReasonSource } from '../domain/recommendations.js';
import type { DemoItem } from './demo-item.js';
import { daysInMonth, monthNames } from '../domain/calendar.js';
import type { Random } from './random.js';

/**
 * The demo boutique's day-to-day, so Today has something to say on the first launch: pieces that arrived in
 * the last weeks, wishlisted pieces whose price dropped or that came back, the clients' birthdays and
 * anniversaries, and the contacts associates logged (some answered by a purchase, some not). Pure: drawn from
 * its own stream of the seed, after the history, so it changes nothing of the catalogue or the book.
 */
export type { DemoContact, DemoDate, DemoOutreach } from '../db/outreach/demo-rows.js';

const DAY = 86_400_000;
const sources: readonly ReasonSource[] = ['explicit', 'explicit', 'group', 'group', 'sequence'];
const channels: readonly ContactChannel[] = ['email', 'whatsapp', 'whatsapp', 'sms', 'phone', 'in-person'];

const isoAt = (t: number) => new Date(Math.round(t / 60_000) * 60_000).toISOString();

function birthday(client: ClientRecord, reference: number, random: Random): DemoDate {
  const tagged = client.tags.find((t) => t.startsWith('birthday-'));
  const tagMonth = tagged
    ? monthNames.findIndex((m) => m.toLowerCase() === tagged.slice('birthday-'.length))
    : -1;
  const month = tagMonth >= 0 ? tagMonth + 1 : random.between(1, 12);
  const day = random.between(1, daysInMonth(month));
  const born = new Date(reference).getUTCFullYear() - random.between(24, 78);
  const year = random.chance(0.55) && day <= daysInMonth(month, born) ? born : null;
  return { clientExternalId: client.externalId, label: 'Birthday', month, day, year };
}

function importantDates(clients: readonly ClientRecord[], reference: number, random: Random): DemoDate[] {
  const dates: DemoDate[] = [];
  for (const client of clients) {
    if (random.chance(0.7)) dates.push(birthday(client, reference, random));
    if (random.chance(0.12)) {
      const month = random.between(1, 12);
      const day = random.between(1, Math.min(28, daysInMonth(month)));
      const year = new Date(reference).getUTCFullYear() - random.between(2, 35);
      dates.push({ clientExternalId: client.externalId, label: 'Wedding anniversary', month, day, year });
    }
  }
  return dates;
}

/**
 * About forty pieces reached the boutiques over the last four weeks: they keep their collection but arrive
 * later, so the history (which never touches a piece before it arrived) leaves them almost untouched.
 */
export function plantArrivals(items: readonly DemoItem[], reference: number, random: Random): DemoItem[] {
  const arriving = new Set(
    random.sample(
      items.map((_, i) => i),
      40,
    ),
  );
  return items.map((item, i) => {
    if (!arriving.has(i)) return item;
    const launchedAt = reference - random.between(1, 27) * DAY - random.int(10) * 3_600_000;
    return { ...item, launchedAt, record: { ...item.record, createdAt: isoAt(launchedAt) } };
  });
}

/**
 * Pieces whose price dropped, and pieces back in stock, in the last days: the news of the wish lists. The
 * records get the new price; the price before is returned, for the columns the store's triggers keep.
 */
export function catalogueNews(
  items: ItemRecord[],
  reference: number,
  random: Random,
): Pick<DemoOutreach, 'priceDrops' | 'backInStock'> {
  const older = items.flatMap((item, i) =>
    Date.parse(item.createdAt ?? '') < reference - 60 * DAY ? [i] : [],
  );
  const news = random.sample(older, 36);
  const priceDrops = news.slice(0, 24).flatMap((i) => {
    const price = items[i]!.priceMinor;
    if (price === null || price < 10_000) return [];
    const item = { ...items[i]!, priceMinor: Math.round((price * 0.8) / 1_000) * 1_000 };
    items[i] = item;
    return [
      {
        itemExternalId: item.externalId,
        previousPriceMinor: price,
        at: isoAt(reference - random.between(1, 12) * DAY),
      },
    ];
  });
  const backInStock = news.slice(24).map((i) => ({
    itemExternalId: items[i]!.externalId,
    at: isoAt(reference - random.between(1, 9) * DAY),
  }));
  return { priceDrops, backInStock };
}

/** The clients' important dates, and the contacts their associates logged. */
export function bookOutreach(
  items: readonly ItemRecord[],
  clients: readonly ClientRecord[],
  interactions: readonly InteractionRecord[],
  reference: number,
  random: Random,
): Pick<DemoOutreach, 'dates' | 'contacts'> {
  return {
    dates: importantDates(clients, reference, random),
    contacts: demoContacts(items, clients, interactions, reference, random),
  };
}

function demoContacts(
  items: readonly ItemRecord[],
  clients: readonly ClientRecord[],
  interactions: readonly InteractionRecord[],
  reference: number,
  random: Random,
): DemoContact[] {
  const byId = new Map(clients.map((c) => [c.externalId, c]));
  const contacts: DemoContact[] = [];
  const contact = (client: ClientRecord, at: number, pieceIds: readonly string[]): DemoContact => ({
    clientExternalId: client.externalId,
    associate: client.associate!,
    store: client.store,
    channel: random.pick(channels),
    contactedAt: isoAt(at),
    pieces: pieceIds.map((itemExternalId) => ({ itemExternalId, source: random.pick(sources) })),
  });
  // About 3% of the purchases of the last year followed a selection the client's associate sent her.
  for (const x of interactions) {
    const client = byId.get(x.clientExternalId);
    const at = Date.parse(x.occurredAt);
    if (x.kind !== 'purchase' || !client?.consentMarketing || !client.associate || at < reference - 365 * DAY)
      continue;
    if (!random.chance(0.03)) continue;
    const others = random
      .sample(items, 2)
      .map((i) => i.externalId)
      .filter((id) => id !== x.itemExternalId);
    contacts.push(
      contact(client, at - random.between(1, 12) * DAY - random.int(8) * 3_600_000, [
        x.itemExternalId,
        ...others,
      ]),
    );
  }
  // And some selections went unanswered, a few of them in the last weeks.
  for (const client of random.sample(
    clients.filter((c) => c.consentMarketing && c.associate),
    45,
  )) {
    const at = reference - random.between(2, 120) * DAY - random.int(8) * 3_600_000;
    contacts.push(
      contact(
        client,
        at,
        random.sample(items, random.between(1, 3)).map((i) => i.externalId),
      ),
    );
  }
  return contacts.sort((a, b) =>
    a.contactedAt < b.contactedAt
      ? -1
      : a.contactedAt > b.contactedAt
        ? 1
        : a.clientExternalId < b.clientExternalId
          ? -1
          : 1,
  );
}
