import type { ImportMapping } from '../mapping.js';

/**
 * WooCommerce's product CSV: simple, variable, variation, grouped and external rows. A variation names its
 * parent in "Parent" by its SKU, or as "id:123" when the parent has none; a product without SKU is keyed the
 * same way, "id:" and its ID, so it never collides with another's SKU. Parent and variations share the
 * parent's key as variant group, and a variation takes from its parent what it leaves blank (category,
 * description, images). Categories are written
 * "Clothing > Tshirts", images as a comma-joined list of URLs (the first is kept).
 */
export const woocommerceProducts: ImportMapping = {
  description: 'WooCommerce products export (wc-product-export.csv)',
  items: {
    aliases: false,
    inheritFromVariantGroup: true,
    pathSeparator: '>',
    columns: {
      externalId: ['SKU', { join: ['ID'], prefix: 'id:' }],
      title: 'Name',
      maison: ['Brands', 'Brand'],
      categoryPath: 'Categories',
      colours: {
        pairs: [
          ['Attribute 1 name', 'Attribute 1 value(s)'],
          ['Attribute 2 name', 'Attribute 2 value(s)'],
          ['Attribute 3 name', 'Attribute 3 value(s)'],
        ],
        names: ['Color', 'Colour', 'Couleur'],
      },
      materials: {
        pairs: [
          ['Attribute 1 name', 'Attribute 1 value(s)'],
          ['Attribute 2 name', 'Attribute 2 value(s)'],
          ['Attribute 3 name', 'Attribute 3 value(s)'],
        ],
        names: ['Material', 'Materials', 'Matière'],
      },
      price: 'Regular price',
      description: ['Description', 'Short description'],
      image: 'Images',
      variantGroup: ['Parent', 'SKU', { join: ['ID'], prefix: 'id:' }],
    },
  },
};
