import { describe, expect, it } from 'vitest';
import type {
  ArrivedItem,
  ClientInterests,
  OwnedPieces,
  TodayClient,
} from '../../../core/db/outreach/today-queries.js';
import type { Feature } from '../../../core/domain/features.js';
import { bestArrivals, type ArrivalsInput } from '../../../core/outreach/today-arrivals.js';
import type { ArrivalMatch } from '../../../core/outreach/today-reasons.js';

const floor = '2026-02-08T00:00:00.000Z';
const piece = (id: number, createdAt = '2026-03-05T09:00:00.000Z', variantGroup: string | null = null) =>
  ({
    id,
    externalId: `P${id}`,
    title: `Piece ${id}`,
    maison: null,
    priceMinor: null,
    currency: null,
    image: null,
    variantGroup,
    createdAt,
  }) satisfies ArrivedItem;
const client = (id: number, lastContactAt: string | null = null) =>
  ({
    id,
    externalId: `C${id}`,
    name: `Client ${id}`,
    email: null,
    phone: null,
    tier: null,
    store: null,
    associate: null,
    language: null,
    salutation: null,
    consentMarketing: true,
    consentProfiling: true,
    lastContactAt,
  }) satisfies TodayClient;
const since = (c: TodayClient) => (c.lastContactAt && c.lastContactAt > floor ? c.lastContactAt : floor);
const feature = (phrase: string, weight: number): Feature => ({ phrase, facet: 'style', weight });
const interests = (clientId: number, weights: Record<string, number>): ClientInterests => ({
  clientId,
  features: Object.keys(weights),
  weights: Object.values(weights),
});
const brief = (found: { client: TodayClient; matches: ArrivalMatch[] }[]) =>
  found.map(({ client, matches }) => [
    client.id,
    matches.map((m) => [m.item.id, m.score, m.source, m.features]),
  ]);

describe('new arrivals matched against the interests', () => {
  it('scores a piece by its features times her explicit and group interests, best first, without what she owns', () => {
    const arrived = [piece(1), piece(2, undefined, 'TOTE'), piece(3, '2026-03-01T09:00:00.000Z')];
    const input: ArrivalsInput = {
      arrived,
      features: new Map([
        [1, [feature('cashmere', 1), feature('camel', 0.5)]],
        [2, [feature('leather', 1), feature('green', 0.5)]],
        [3, [feature('camel', 1)]],
      ]),
      explicit: [interests(10, { cashmere: 0.5, leather: 0.25 }), interests(11, { leather: 1 })],
      group: [interests(10, { camel: 1 }), interests(12, { camel: 0.25 })],
      owned: new Map<number, OwnedPieces>([[11, { items: new Set([99]), groups: new Set(['TOTE']) }]]),
    };
    // Client 12 was contacted on 3 March: only the coat of 5 March is news to her.
    const found = bestArrivals(
      input,
      [client(10), client(11), client(12, '2026-03-03T10:00:00.000Z')],
      since,
      {
        lines: 25,
        perLine: 3,
      },
    );
    expect(brief(found)).toEqual([
      [
        10,
        [
          [1, 1, 'explicit', ['camel', 'cashmere']],
          [3, 1, 'group', ['camel']],
          [2, 0.25, 'explicit', ['leather']],
        ],
      ],
      [12, [[1, 0.125, 'group', ['camel']]]],
    ]);
  });

  it('keeps the book’s best lines and each line’s best pieces, as a plain loop over every feature finds them', () => {
    // Seeded: pieces with up to 40 features (past the bit mask's 30, some phrases twice), clients with a dozen
    // explicit and group interests, some contacted since a piece arrived, some owning a piece or its variant.
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const phrases = Array.from({ length: 60 }, (_, n) => `phrase ${n}`);
    const pick = () => phrases[Math.floor(random() * phrases.length)]!;
    const day = () => `2026-03-${String(1 + Math.floor(random() * 9)).padStart(2, '0')}T09:00:00.000Z`;
    const arrived = Array.from({ length: 40 }, (_, n) =>
      piece(100 + n, day(), random() < 0.3 ? `G${n % 5}` : null),
    );
    const features = new Map(
      arrived.map((a) => [
        a.id,
        Array.from({ length: 1 + Math.floor(random() * 40) }, () => feature(pick(), random())),
      ]),
    );
    const clients = Array.from({ length: 300 }, (_, n) => client(n + 1, random() < 0.2 ? day() : null));
    const some = (c: TodayClient) =>
      interests(
        c.id,
        Object.fromEntries(Array.from({ length: Math.floor(random() * 12) }, () => [pick(), random()])),
      );
    const input: ArrivalsInput = {
      arrived,
      features,
      explicit: clients.filter(() => random() < 0.9).map(some),
      group: clients.filter(() => random() < 0.7).map(some),
      owned: new Map(
        clients
          .filter(() => random() < 0.2)
          .map((c) => [
            c.id,
            { items: new Set([100 + Math.floor(random() * 40)]), groups: new Set([`G${c.id % 5}`]) },
          ]),
      ),
    };
    expect(brief(bestArrivals(input, clients, since, { lines: 25, perLine: 3 }))).toEqual(
      brief(plainLoop(input, clients, 25, 3)),
    );
  });
});

/** The matching as a plain loop: every piece that shares a phrase with her, every feature of it. */
function plainLoop(input: ArrivalsInput, clients: readonly TodayClient[], lines: number, perLine: number) {
  const weights = (rows: readonly ClientInterests[]) =>
    new Map(rows.map((r) => [r.clientId, new Map(r.features.map((f, k) => [f, r.weights[k]!]))]));
  const explicit = weights(input.explicit);
  const group = weights(input.group);
  const found: { client: TodayClient; matches: ArrivalMatch[] }[] = [];
  for (const c of clients) {
    const e = explicit.get(c.id) ?? new Map<string, number>();
    const g = group.get(c.id) ?? new Map<string, number>();
    const mine = input.owned.get(c.id);
    const matches = input.arrived
      .filter((a) => (input.features.get(a.id) ?? []).some((f) => e.has(f.phrase) || g.has(f.phrase)))
      .filter((a) => a.createdAt > since(c) && !mine?.items.has(a.id))
      .filter((a) => a.variantGroup === null || !mine?.groups.has(a.variantGroup))
      .flatMap((a): ArrivalMatch[] => {
        let own = 0;
        let others = 0;
        const parts: [string, number][] = [];
        for (const f of input.features.get(a.id) ?? []) {
          const x = f.weight * (e.get(f.phrase) ?? 0);
          const y = f.weight * (g.get(f.phrase) ?? 0);
          own += x;
          others += y;
          if (x + y > 0) parts.push([f.phrase, x + y]);
        }
        if (own + others <= 0) return [];
        parts.sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1));
        const source = own >= others ? 'explicit' : 'group';
        return [{ item: a, score: own + others, source, features: parts.slice(0, 2).map(([p]) => p) }];
      })
      .sort((p, q) => q.score - p.score || p.item.id - q.item.id)
      .slice(0, perLine);
    if (matches.length > 0) found.push({ client: c, matches });
  }
  return found
    .sort((p, q) => q.matches[0]!.score - p.matches[0]!.score || p.client.id - q.client.id)
    .slice(0, lines);
}
