import type { Selection } from '../../core/api/contract/selections.js';

/**
 * Text that tries to get out of where an export puts it: HTML tags and attributes, a closing style or title,
 * comments, CDATA, an entity that must not be decoded twice, PDF string delimiters and operators, actions.
 */
export const hostile = {
  title: '</title><script>alert("title")</script>',
  message: '<img src=x onerror=alert(1)> &lt;b&gt; <!-- ]]> </style><style>*{display:none}',
  client: '"><svg onload=alert(2)> Camille',
  boutique: "' onmouseover='alert(3)' x='",
  associate: 'Léa) /S /JavaScript /JS (app.alert(4)) \\',
  maison: '</div><iframe src="https://evil.example"></iframe>',
  itemTitle: '" onerror="alert(5)" data-x="',
  category: '<a href="javascript:alert(6)">Bags</a>',
  note: '>> endobj 9 0 obj << /Type /Action /S /Launch /F (calc.exe) >> <script>alert(7)</script>',
} as const;

/** An SVG data URI, so the item's title also goes into an `alt` attribute. */
const svg =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#7a4e3b"/></svg>',
  );

/** A selection whose every associate- or import-written field holds hostile text. */
export function hostileSelection(): Selection {
  return {
    id: 1,
    title: hostile.title,
    message: hostile.message,
    author: hostile.associate,
    client: {
      id: 7,
      externalId: 'C-7',
      name: hostile.client,
      email: null,
      tier: null,
      store: hostile.boutique,
      associate: null,
      consentMarketing: true,
    },
    createdAt: '2026-03-14T10:30:00.000Z',
    updatedAt: '2026-03-14T10:30:00.000Z',
    items: [
      {
        itemId: 1,
        externalId: 'SKU-1',
        position: 0,
        note: hostile.note,
        title: hostile.itemTitle,
        maison: hostile.maison,
        priceMinor: 45_000,
        currency: 'EUR',
        image: svg,
        category: [hostile.category, 'Totes'],
      },
      {
        itemId: 2,
        externalId: 'SKU-2',
        position: 1,
        note: '',
        title: hostile.itemTitle,
        maison: null,
        priceMinor: null,
        currency: null,
        image: null,
        category: [],
      },
    ],
  };
}
