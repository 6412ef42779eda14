import type { ImportMapping } from '../mapping.js';

/**
 * PrestaShop 1.6 product import/export CSV (";"-separated, hints in headers such as "Name *" and
 * "Categories (x,y,z...)": the mapping names columns by their text before the hint).
 */
export const prestashopProducts: ImportMapping = {
  description: 'PrestaShop products CSV',
  options: { delimiter: ';' },
  items: {
    aliases: false,
    pathSeparator: ',',
    columns: {
      externalId: ['Reference #', 'Product ID'],
      title: 'Name',
      maison: 'Manufacturer',
      categoryPath: 'Categories',
      price: 'Price tax excluded or Price tax included',
      description: ['Description', 'Short description'],
      image: 'Image URLs',
    },
  },
};

/**
 * PrestaShop 1.6 customers CSV. Passwords are never read; "Newsletter" is the consent to marketing;
 * "Birthday (yyyy-mm-dd)" is the client's birthday (0000-00-00 when the customer gave none).
 */
export const prestashopCustomers: ImportMapping = {
  description: 'PrestaShop customers CSV',
  options: { delimiter: ';' },
  clients: {
    aliases: false,
    columns: {
      externalId: ['Customer ID', 'Email'],
      firstName: 'First Name',
      lastName: 'Last Name',
      email: 'Email',
      tags: 'Groups',
      consentMarketing: 'Newsletter',
      birthday: 'Birthday',
    },
  },
};
