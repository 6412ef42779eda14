import type { ImportMapping } from '../mapping.js';
import { prestashopCustomers, prestashopProducts } from './prestashop.js';
import { shopifyOrders } from './shopify-orders.js';
import { shopifyProducts } from './shopify-products.js';
import { woocommerceProducts } from './woocommerce-products.js';

/** Ready-made mappings for common exports: `--preset NAME`, or `"extends": "NAME"` in a mapping file. */
export const presets = {
  'shopify-products': shopifyProducts,
  'shopify-orders': shopifyOrders,
  'woocommerce-products': woocommerceProducts,
  'prestashop-products': prestashopProducts,
  'prestashop-customers': prestashopCustomers,
} as const satisfies Record<string, ImportMapping>;

export type PresetName = keyof typeof presets;
export const presetNames = Object.keys(presets) as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(presets, name);
}
