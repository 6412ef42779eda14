import type { FieldSource } from './mapping.js';
import type { ImportEntity } from '../domain/imports.js';

/**
 * Header names real exports use for each field, in normalised form (see normaliseHeader). Order matters:
 * when a file has several, the first one listed wins (SKU before a bare "ID").
 */
export const headerAliases: Readonly<Record<ImportEntity, Readonly<Record<string, FieldSource>>>> = {
  items: {
    externalId: [
      'external id',
      'sku',
      'variant sku',
      'reference',
      'ref',
      'handle',
      'item id',
      'product id',
      'article',
      'article number',
      'style number',
      'product code',
      'item code',
      'code',
      'id',
    ],
    title: ['title', 'name', 'product name', 'item name', 'product', 'designation', 'libelle', 'nom'],
    maison: ['maison', 'brand', 'vendor', 'manufacturer', 'marque', 'designer', 'house'],
    categoryPath: ['category path', 'category', 'categories', 'product type', 'categorie', 'family', 'type'],
    materials: ['materials', 'material', 'matiere', 'matieres', 'composition'],
    colours: ['colours', 'colors', 'colour', 'color', 'couleur', 'couleurs'],
    occasions: ['occasions', 'occasion'],
    price: ['price', 'retail price', 'unit price', 'regular price', 'variant price', 'list price', 'prix'],
    priceMinor: ['price minor', 'price cents'],
    currency: ['currency', 'currency code', 'devise'],
    collection: ['collection', 'season', 'saison'],
    description: ['description', 'body', 'body html', 'long description', 'details'],
    image: ['image', 'image url', 'image src', 'images', 'image urls', 'picture', 'photo'],
    variantGroup: ['variant group', 'parent', 'parent sku', 'model'],
  },
  clients: {
    externalId: [
      'external id',
      'client id',
      'customer id',
      'client number',
      'customer number',
      'client code',
      'customer code',
      'id',
      'reference',
      'code',
      'email',
      'e mail',
    ],
    name: ['name', 'full name', 'client name', 'customer name', 'nom complet'],
    firstName: ['first name', 'firstname', 'given name', 'prenom'],
    lastName: ['last name', 'lastname', 'surname', 'family name', 'nom'],
    email: ['email', 'e mail', 'mail', 'email address', 'courriel'],
    phone: ['phone', 'telephone', 'mobile', 'tel', 'phone number', 'mobile phone', 'cell'],
    tier: ['tier', 'segment', 'vip', 'vip tier', 'loyalty tier', 'client tier', 'level'],
    store: ['store', 'boutique', 'shop', 'home store', 'location'],
    associate: [
      'associate',
      'sales associate',
      'advisor',
      'client advisor',
      'seller',
      'vendeur',
      'conseiller',
    ],
    sizes: ['sizes'],
    preferences: ['preferences', 'notes', 'note', 'comments', 'remarks'],
    tags: ['tags', 'groups', 'labels', 'segments'],
    consentProfiling: ['consent profiling', 'profiling consent', 'consent to profiling', 'profiling'],
    consentMarketing: [
      'consent marketing',
      'marketing consent',
      'consent to marketing',
      'accepts marketing',
      'accepts email marketing',
      'email opt in',
      'newsletter',
      'opt in',
      'optin',
    ],
    createdAt: [
      'created at',
      'created',
      'creation date',
      'date created',
      'registration date',
      'signup date',
      'client since',
      'customer since',
      'date add',
    ],
    // French "anniversaire" alone is a birthday; a wedding anniversary is "anniversaire de mariage".
    birthday: [
      'birthday',
      'birth date',
      'birthdate',
      'date of birth',
      'dob',
      'd o b',
      'birth day',
      'born',
      'date de naissance',
      'date naissance',
      'naissance',
      'anniversaire',
      'geburtstag',
      'geburtsdatum',
      'fecha de nacimiento',
      'data di nascita',
    ],
    anniversary: [
      'anniversary',
      'wedding anniversary',
      'anniversary date',
      'wedding date',
      'anniversaire de mariage',
      'date de mariage',
      'date mariage',
    ],
  },
  interactions: {
    clientExternalId: [
      'client external id',
      'client id',
      'customer id',
      'client number',
      'customer number',
      'client code',
      'customer code',
      'client',
      'customer',
      'customer email',
      'email',
    ],
    itemExternalId: [
      'item external id',
      'sku',
      'item id',
      'product id',
      'lineitem sku',
      'variant sku',
      'item code',
      'product code',
      'reference',
      'article',
      'item',
      'product',
    ],
    kind: ['kind', 'event type', 'interaction type', 'event', 'interaction', 'action', 'type'],
    quantity: ['quantity', 'qty', 'lineitem quantity', 'units', 'quantite'],
    amount: [
      'amount',
      'line total',
      'total',
      'net amount',
      'sales amount',
      'montant',
      'lineitem price',
      'price',
      'value',
    ],
    amountMinor: ['amount minor', 'amount cents'],
    currency: ['currency', 'currency code', 'devise'],
    occurredAt: [
      'occurred at',
      'date',
      'timestamp',
      'datetime',
      'order date',
      'transaction date',
      'event date',
      'created at',
      'time',
    ],
    channel: ['channel', 'sales channel', 'canal', 'source'],
  },
};

/** Fields a file must provide, per entity; a client's name may instead come from first and last names. */
export const requiredFields: Readonly<Record<ImportEntity, readonly (readonly string[])[]>> = {
  items: [['externalId'], ['title']],
  clients: [['externalId'], ['name', 'firstName', 'lastName']],
  interactions: [['clientExternalId'], ['itemExternalId'], ['kind'], ['occurredAt']],
};

/**
 * Header text reduced to what identifies it: accents, case, punctuation and hints dropped, so that
 * "Email *", "E-mail", "Groups (x,y,z...)", "Reference #" and "externalId" match their aliases.
 */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A currency written as a header hint: "Price (EUR)", "Prix (€)". */
export function currencyHint(header: string): string | null {
  const hint = /\(\s*([A-Z]{3}|€|£|\$)\s*\)/.exec(header)?.[1];
  if (hint === undefined) return null;
  return ({ '€': 'EUR', '£': 'GBP', $: 'USD' } as Record<string, string>)[hint] ?? hint;
}

/** "Shoe size", "Size ring" → a size field `sizes.shoe`, read without a mapping. */
export function sizeFieldOf(normalisedHeader: string): string | null {
  const m = /^(\w+) size$|^size (\w+)$/.exec(normalisedHeader);
  const name = m?.[1] ?? m?.[2];
  return name === undefined ? null : `sizes.${name}`;
}
