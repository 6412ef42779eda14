import type { ImportMapping } from '../mapping.js';

/**
 * Shopify's orders CSV: one row per line item; an order's further lines repeat Name/Email and leave the rest
 * blank (filled down by Name). Each line is a purchase by the customer known by Email; the file also
 * creates the customers (name from the billing or shipping name) and the items (by SKU, else by line name)
 * that the database does not hold yet. Orders without an email (draft orders at the till) have no client
 * to attach to: they are skipped and listed as warnings.
 *
 * Gift cards, tips, shipping and service lines are not merchandise: they are left out of the catalog and of
 * the history (nobody is recommended a gift card), counted in the report. Shopify writes a gift card as a line
 * named after the gift-card product and its value ("Gift Card - $10") that needs no shipping; a leather
 * "Gift card holder" is merchandise, so the name alone is not enough unless it carries a value.
 */
export const shopifyOrders: ImportMapping = {
  description: 'Shopify orders export (orders_export.csv)',
  interactions: {
    aliases: false,
    fillDown: 'Name',
    skipRowsWithoutClient: true,
    amountIsUnitPrice: true,
    columns: {
      clientExternalId: 'Email',
      itemExternalId: ['Lineitem sku', 'Lineitem name'],
      kind: { value: 'purchase' },
      quantity: 'Lineitem quantity',
      amount: 'Lineitem price',
      currency: 'Currency',
      occurredAt: ['Created at', 'Paid at'],
      channel: 'Source',
    },
    nonMerchandise: [
      {
        label: 'gift-card',
        when: { 'Lineitem name': '^(e-?)?gift ?cards?\\b', 'Lineitem requires shipping': '^(false|no|0)$' },
      },
      { label: 'gift-card', when: { 'Lineitem name': '^(e-?)?gift ?cards?\\s*[-–:]\\s*[$€£¥]?\\s*\\d' } },
      { label: 'tip', when: { 'Lineitem name': '^(tips?|gratuity)$' } },
      {
        label: 'shipping',
        when: { 'Lineitem name': '^(shipping|delivery|postage)( (fees?|charges?|costs?))?$' },
      },
      {
        label: 'service',
        when: {
          'Lineitem name': '^(alterations?|engraving|monogramm?ing|gift ?wrap(ping)?|repair|service fee)$',
        },
      },
    ],
    deriveClients: {
      columns: {
        externalId: 'Email',
        name: ['Billing Name', 'Shipping Name', 'Email'],
        email: 'Email',
        phone: ['Phone', 'Billing Phone', 'Shipping Phone'],
        store: 'Location',
        consentMarketing: 'Accepts Marketing',
      },
    },
    deriveItems: {
      columns: {
        externalId: ['Lineitem sku', 'Lineitem name'],
        title: 'Lineitem name',
        maison: 'Vendor',
        price: ['Lineitem compare at price', 'Lineitem price'],
        currency: 'Currency',
      },
    },
  },
};
