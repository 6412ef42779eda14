import type { InteractionRecord, NoteRecord } from '../domain/catalog.js';
import type { DemoItem } from './demo-item.js';
import type { DemoClient } from './clients.js';
import type { Random } from './random.js';

const HOUR = 3_600_000;

const tryOnRemarks = [
  'Perfect fit in the usual size.',
  'Wants to think it over; follow up next week.',
  'Loved it but hesitated on the price; mention the next private event.',
  'Asked whether another colour is coming this season.',
  'Tried two sizes; the smaller one fits better.',
];
const purchaseRemarks = [
  'A gift; wrapped in the boutique and sent with a card.',
  'Asked to be told when the matching piece arrives.',
  'Very happy with it; send a thank-you note.',
  'Wants it engraved; atelier booked.',
  'Collected in person with a friend who may become a client.',
];
const wishlistRemarks = [
  'Call when it is back in stock.',
  'Keep in mind for the birthday in spring.',
  'Hold one in the usual size if it comes in.',
];
const generalNotes = [
  'Met at the trunk show; very warm, loves talking about art.',
  'Moved recently; confirm the new delivery address before the next order.',
  'Introduced by another client of the boutique.',
  'Prefers the salon upstairs when it is free.',
  'Asked about the repair service for an older piece.',
];

/** What the associate wrote after a visit, about the client's own history only. */
export function associateNotes(
  client: DemoClient,
  history: readonly InteractionRecord[],
  itemsById: ReadonlyMap<string, DemoItem>,
  reference: number,
  random: Random,
): NoteRecord[] {
  const author = client.record.associate;
  const odds = client.tier === 'VVIP' || client.tier === 'VIP' ? 0.6 : 0.3;
  if (!random.chance(odds)) return [];
  const notes: NoteRecord[] = [];
  const remarkable = history.filter(
    (i) => i.kind === 'try-on' || i.kind === 'purchase' || i.kind === 'wishlist',
  );
  for (const interaction of random.sample(remarkable, random.between(1, 3))) {
    const title = itemsById.get(interaction.itemExternalId)?.record.title ?? interaction.itemExternalId;
    const remark =
      interaction.kind === 'try-on'
        ? `Tried the ${title}. ${random.pick(tryOnRemarks)}`
        : interaction.kind === 'purchase'
          ? `Bought the ${title}. ${random.pick(purchaseRemarks)}`
          : `Added the ${title} to the wishlist. ${random.pick(wishlistRemarks)}`;
    const at = Math.min(Date.parse(interaction.occurredAt) + random.between(1, 6) * HOUR, reference);
    notes.push({
      clientExternalId: client.record.externalId,
      body: remark,
      author,
      createdAt: new Date(at).toISOString(),
    });
  }
  if (random.chance(0.3)) {
    const since = Math.max(client.since, reference - 700 * 24 * HOUR);
    const at = since + Math.floor(random.next() * (reference - since));
    notes.push({
      clientExternalId: client.record.externalId,
      body: random.pick(generalNotes),
      author,
      createdAt: new Date(Math.floor(at / 1000) * 1000).toISOString(),
    });
  }
  return notes.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}
