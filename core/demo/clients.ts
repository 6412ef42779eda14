import type { ClientRecord } from '../domain/catalog.js';
import { asciiFold, cultures, fillDigits, stores, type Culture, type Store } from './people.js';
import type { Random } from './random.js';

export const clientTiers = ['Prospect', 'Client', 'VIP', 'VVIP'] as const;
export type ClientTier = (typeof clientTiers)[number];

export interface DemoClient {
  readonly record: ClientRecord;
  readonly tier: ClientTier;
  readonly store: Store;
  readonly woman: boolean;
  /** When they became a client (epoch ms). */
  readonly since: number;
}

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
const months = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const tierOdds: Readonly<Record<ClientTier, number>> = { Prospect: 28, Client: 45, VIP: 19, VVIP: 8 };
/** How long ago each tier typically became a client, in years (min, max). */
const tenure: Readonly<Record<ClientTier, readonly [number, number]>> = {
  Prospect: [0.03, 1.8],
  Client: [0.3, 6],
  VIP: [1.5, 8],
  VVIP: [3, 12],
};
const tagPool = [
  'gifting',
  'private-appointments',
  'prefers-messaging',
  'travels-often',
  'event-guest',
  'family-account',
  'corporate-gifting',
  'press',
  'new-to-maison',
  'collector',
];
const servicePreferences = [
  'Prefers private appointments on Saturday mornings.',
  'Contact by message only, after 6 pm.',
  'Likes to see new arrivals before the public launch.',
  'Allergic to nickel: check clasps and buckles.',
  'Travels a lot; often collects in another boutique.',
  'Prefers to be contacted in her own language.',
  'Buys most of her gifts in December; call in early November.',
  'Does not like being called; e-mail first.',
  'Comes in with her daughter; both are clients.',
  'Prefers a quiet salon; avoid Saturdays.',
  'Likes alterations done in the boutique, not sent away.',
  'Wants invoices sent to her assistant.',
];

function personName(
  culture: Culture,
  woman: boolean,
  random: Random,
): { given: string; family: string; full: string } {
  const given = random.pick(woman ? culture.women : culture.men);
  let family = random.pick(culture.families);
  // Russian family names agree with gender.
  if (culture.code === 'ru' && !woman) family = family.replace(/a$/, '');
  const full = culture.familyFirst ? `${family} ${given}` : `${given} ${family}`;
  return { given, family, full };
}

function sizesFor(woman: boolean, tier: ClientTier, random: Random): Record<string, string> {
  const known = tier === 'Prospect' ? 0.4 : tier === 'Client' ? 0.7 : 0.95;
  if (!random.chance(known)) return {};
  const sizes: Record<string, string> = {};
  const centred = (values: readonly number[]): number =>
    values[
      Math.max(0, Math.min(values.length - 1, Math.round((values.length - 1) / 2 + random.normal() * 1.4)))
    ]!;
  sizes['rtw'] = woman
    ? `FR ${centred([34, 36, 38, 40, 42, 44, 46])}`
    : `IT ${centred([46, 48, 50, 52, 54, 56])}`;
  const shoe = woman
    ? centred([35, 35.5, 36, 36.5, 37, 37.5, 38, 38.5, 39, 39.5, 40, 41])
    : centred([40, 41, 42, 43, 44, 45, 46]);
  sizes['shoe'] = `EU ${shoe}`;
  if (random.chance(0.55))
    sizes['ring'] = String(woman ? centred([48, 50, 51, 52, 53, 54, 56]) : centred([58, 60, 62, 64, 66]));
  return sizes;
}

function emailFor(
  given: string,
  family: string,
  culture: Culture,
  taken: Set<string>,
  random: Random,
): string {
  const first = asciiFold(given);
  const last = asciiFold(family);
  const domain = random.pick(culture.emailDomains);
  const local = random.pick([
    `${first}.${last}`,
    `${first[0]!}${last}`,
    `${first}${last}`,
    `${last}.${first}`,
  ]);
  let email = `${local}@${domain}`;
  for (let n = 2; taken.has(email); n++) email = `${local}${n}@${domain}`;
  taken.add(email);
  return email;
}

// The language her messages are written in, and how she is addressed in it.
const salutations: Readonly<Record<string, readonly [woman: string, man: string]>> = {
  fr: ['Madame', 'Monsieur'],
  it: ['Signora', 'Signor'],
  de: ['Frau', 'Herr'],
  es: ['Señora', 'Señor'],
};
const languageOf: Readonly<Record<string, string>> = { us: 'en' };

/** The client book: names, contacts, tiers, stores and associates, sizes, tags and consents. */
export function generateClients(count: number, reference: number, random: Random): DemoClient[] {
  const emails = new Set<string>();
  const clients: DemoClient[] = [];
  for (let i = 0; i < count; i++) {
    const store = random.weighted(stores, (s) => s.weight);
    const culture = random.weighted(cultures, (c) => store.clientele[c.code] ?? 0.05);
    const woman = random.chance(0.68);
    const tier = random.weighted(clientTiers, (t) => tierOdds[t]);
    const name = personName(culture, woman, random);
    const [minYears, maxYears] = tenure[tier];
    const since = Math.round(reference - (minYears + (maxYears - minYears) * random.next()) * YEAR);
    const refusesProfiling = random.chance(0.065);
    const consentMarketing = refusesProfiling ? random.chance(0.3) : random.chance(0.72);
    const tags = random.sample(
      tagPool,
      random.weighted([0, 1, 2, 3], (_, k) => [30, 40, 20, 10][k]!),
    );
    if (tier === 'VVIP' && !tags.includes('private-appointments') && random.chance(0.5))
      tags.push('private-appointments');
    if (random.chance(0.25)) tags.push(`birthday-${random.pick(months)}`);
    let preferences = random.chance(0.45) ? random.pick(servicePreferences) : '';
    if (!woman) preferences = preferences.replace(/\bher\b/g, 'his');
    const record: ClientRecord = {
      externalId: `CL-${String(100_001 + i)}`,
      name: name.full,
      email: random.chance(0.92) ? emailFor(name.given, name.family, culture, emails, random) : null,
      phone: random.chance(0.88) ? fillDigits(culture.phone, random) : null,
      tier,
      store: store.name,
      associate: random.pick(store.associates),
      sizes: sizesFor(woman, tier, random),
      preferences,
      tags,
      consentProfiling: !refusesProfiling,
      consentMarketing,
      language: languageOf[culture.code] ?? culture.code,
      salutation: (salutations[culture.code] ?? ['Mrs', 'Mr'])[woman ? 0 : 1],
      createdAt: new Date(since).toISOString(),
    };
    clients.push({ record, tier, store, woman, since });
  }
  return clients;
}
