import type { ImportMapping } from '../mapping.js';

const options = ['Option1 Value', 'Option2 Value', 'Option3 Value'];

/**
 * Shopify's product CSV: one row per variant or extra image. Rows sharing a Handle continue the product's
 * first row (Title, Body, Vendor are only there), so they are filled down; a variant is an item of its own
 * in the Handle's variant group, keyed by its SKU where no other row of the file has that SKU, else by
 * Handle/option values (shops reuse SKUs: each one given up is a warning), and image-only rows fold into the
 * variant above them. "Default Title" is Shopify's placeholder for "no option".
 */
export const shopifyProducts: ImportMapping = {
  description: 'Shopify products export (products_export.csv)',
  items: {
    aliases: false,
    fillDown: 'Handle',
    uniqueIds: true,
    ignoreValues: ['Default Title'],
    columns: {
      externalId: ['Variant SKU', { join: ['Handle', ...options], separator: '/' }],
      title: { join: ['Title', ...options], separator: ' – ' },
      maison: 'Vendor',
      categoryPath: ['Product Category', 'Type'],
      colours: {
        pairs: [
          ['Option1 Name', 'Option1 Value'],
          ['Option2 Name', 'Option2 Value'],
          ['Option3 Name', 'Option3 Value'],
        ],
        names: ['Color', 'Colour', 'Couleur'],
      },
      materials: {
        pairs: [
          ['Option1 Name', 'Option1 Value'],
          ['Option2 Name', 'Option2 Value'],
          ['Option3 Name', 'Option3 Value'],
        ],
        names: ['Material', 'Materials', 'Matière'],
      },
      price: 'Variant Price',
      description: 'Body (HTML)',
      image: ['Variant Image', 'Image Src'],
      variantGroup: 'Handle',
    },
  },
};
