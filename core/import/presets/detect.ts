import { normaliseHeader } from '../aliases.js';
import type { ImportEntity } from '../../domain/imports.js';
import { presets, type PresetName } from './index.js';

/**
 * Which preset fits a file, from its header alone: each export has columns no other system writes together
 * (Shopify's "Handle" with "Variant SKU", PrestaShop's "Reference #" with "Categories (x,y,z...)"). A preset
 * is proposed when the file holds at least three quarters of its signature, compared as the importer binds
 * columns (case, accents and hints such as "(0/1)" or " *" aside).
 */

interface Signature {
  readonly entity: ImportEntity;
  readonly columns: readonly string[];
}

const signatures: Readonly<Record<PresetName, Signature>> = {
  'shopify-products': {
    entity: 'items',
    columns: [
      'Handle',
      'Title',
      'Body (HTML)',
      'Vendor',
      'Option1 Name',
      'Option1 Value',
      'Variant SKU',
      'Variant Price',
    ],
  },
  'shopify-orders': {
    entity: 'interactions',
    columns: [
      'Name',
      'Email',
      'Financial Status',
      'Lineitem quantity',
      'Lineitem name',
      'Lineitem price',
      'Lineitem sku',
    ],
  },
  'woocommerce-products': {
    entity: 'items',
    columns: ['ID', 'Type', 'SKU', 'Name', 'Regular price', 'Categories', 'Parent', 'Attribute 1 name'],
  },
  'prestashop-products': {
    entity: 'items',
    columns: ['Product ID', 'Active (0/1)', 'Name *', 'Categories (x,y,z...)', 'Reference #', 'Manufacturer'],
  },
  'prestashop-customers': {
    entity: 'clients',
    columns: ['Customer ID', 'Active (0/1)', 'Email *', 'Last Name *', 'First Name *', 'Newsletter (0/1)'],
  },
};

export interface PresetMatch {
  readonly name: PresetName;
  readonly description: string;
  /** The signature columns the file has, as the preset names them. */
  readonly matched: readonly string[];
  /** Their share of the signature (0..1). */
  readonly share: number;
}

const fits = 0.75;

/** The presets that fit a file of `entity` with these headers, the best first (empty: none fits). */
export function detectPresets(entity: ImportEntity, headers: readonly string[]): PresetMatch[] {
  const has = new Set(headers.map(normaliseHeader));
  return (Object.keys(signatures) as PresetName[])
    .flatMap((name) => {
      const signature = signatures[name];
      if (signature.entity !== entity) return [];
      const matched = signature.columns.filter((c) => has.has(normaliseHeader(c)));
      const share = matched.length / signature.columns.length;
      return share >= fits ? [{ name, description: presets[name].description ?? name, matched, share }] : [];
    })
    .sort((a, b) => b.share - a.share || a.name.localeCompare(b.name));
}

/** The sentence an import without a mapping adds when a preset fits its file. */
export function presetHint(match: PresetMatch): string {
  return (
    `this looks like a ${match.description} (${match.matched.slice(0, 4).join(', ')}...): ` +
    `import it with the ${match.name} preset (--preset ${match.name}, or choose it in the import wizard), ` +
    'which reads it whole'
  );
}
