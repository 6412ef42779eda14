/**
 * Placeholder product images: a small deterministic SVG per item (the maison's initials, a glyph of the
 * category and a swatch of the colour), inlined as a data URI so the demo needs no image files.
 */
const bag = '<path d="M20 42h60l-6 46H26z"/><path d="M36 42q14-34 28 0" fill="none" stroke-width="4"/>';
const shoe = '<path d="M8 72q0-20 20-20l22-6q10 14 38 14q10 0 10 12z"/>';
const garment = '<path d="M32 14 12 28l6 58h64l6-58-20-14-18 20z"/>';
const top = '<path d="M30 18 10 30l7 15 10-4v45h46V41l10 4 7-15-20-12q-20 12-40 0z"/>';
const jewel =
  '<circle cx="50" cy="56" r="22" fill="none" stroke-width="6"/><path d="M50 20l9 11-9 11-9-11z"/>';

// prettier-ignore
const glyphs: Readonly<Record<string, string>> = {
  Bags: bag,
  Travel: bag,
  'Small leather goods': '<rect x="18" y="32" width="64" height="40" rx="4"/>',
  Belts: '<rect x="4" y="44" width="92" height="12" rx="2"/><rect x="60" y="40" width="16" height="20" fill="none" stroke-width="3"/>',
  Loafers: shoe, Brogues: shoe, Pumps: shoe, Mules: shoe, Sneakers: shoe, Sandals: shoe, Espadrilles: shoe,
  Boots: '<path d="M30 12h26v42q26 6 30 22v8H30z"/>',
  Jackets: garment, Coats: garment, Outerwear: garment, Suits: garment,
  Dresses: '<path d="M38 10h24l4 26 20 54H14l20-54z"/>',
  Tops: top, Shirts: top, Knitwear: top,
  Trousers: '<path d="M28 10h44l6 80H60L50 36 40 90H22z"/>',
  Scarves: '<path d="M30 10q-10 40 10 80h12q-18-40-6-80z"/><path d="M56 10q10 40-4 80h12q14-40 4-80z"/>',
  Eyewear: '<circle cx="30" cy="52" r="16"/><circle cx="70" cy="52" r="16"/><rect x="44" y="48" width="12" height="4"/>',
  Gloves: '<path d="M34 90V40l-6-20h8l6 16 2-24h8l2 24 4-22h8l-2 26 8-14h8l-12 34v30z"/>',
  Rings: jewel,
  Necklaces: '<path d="M18 14q32 60 64 0" fill="none" stroke-width="4"/><path d="M50 58l10 14-10 14-10-14z"/>',
  Earrings: '<circle cx="32" cy="30" r="5"/><path d="M32 38q-12 26 0 40q12-14 0-40z"/><circle cx="68" cy="30" r="5"/><path d="M68 38q-12 26 0 40q12-14 0-40z"/>',
  Bracelets: '<ellipse cx="50" cy="52" rx="34" ry="20" fill="none" stroke-width="8"/>',
  Brooches: '<path d="M50 12l10 26 28 2-22 18 8 28-24-16-24 16 8-28-22-18 28-2z"/>',
  Chronographs: '<rect x="38" y="6" width="24" height="88" rx="4"/><circle cx="50" cy="50" r="24" stroke-width="4"/>',
  'Dress watches': '<rect x="40" y="6" width="20" height="88" rx="4"/><circle cx="50" cy="50" r="20" stroke-width="4"/>',
  'Sports watches': '<rect x="36" y="6" width="28" height="88" rx="6"/><circle cx="50" cy="50" r="26" stroke-width="6"/>',
  'Jewellery watches': '<rect x="42" y="10" width="16" height="80" rx="3"/><rect x="34" y="36" width="32" height="28" rx="3" stroke-width="4"/>',
  'Eau de parfum': '<rect x="28" y="36" width="44" height="54" rx="6"/><rect x="40" y="20" width="20" height="16"/>',
  'Extrait de parfum': '<rect x="32" y="40" width="36" height="50" rx="14"/><circle cx="50" cy="28" r="10"/>',
  Home: '<rect x="26" y="44" width="48" height="46" rx="4"/><path d="M50 20q8 10 0 20q-8-10 0-20z"/>',
};

function mix(hex: string, toward: number, amount: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number): string => {
    const c = (n >> shift) & 0xff;
    return Math.round(c + (toward - c) * amount)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(16)}${channel(8)}${channel(0)}`;
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface ImageSubject {
  readonly initials: string;
  readonly accent: string;
  /** The category level that picks the glyph (e.g. "Bags", "Rings", "Eau de parfum"). */
  readonly glyph: string;
  readonly swatch: string;
  readonly caption: string;
}

export function placeholderImage(subject: ImageSubject): string {
  const background = mix(subject.swatch, 255, 0.82);
  const ink = mix(subject.swatch, 0, 0.15);
  const glyph = glyphs[subject.glyph] ?? bag;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 250" width="200" height="250">` +
    `<rect width="200" height="250" fill="${background}"/>` +
    `<rect width="200" height="6" fill="${subject.accent}"/>` +
    `<g transform="translate(40 44) scale(1.2)" fill="${subject.swatch}" stroke="${ink}" stroke-width="2">${glyph}</g>` +
    `<text x="20" y="222" font-family="Georgia, serif" font-size="22" fill="${subject.accent}">${escapeXml(subject.initials)}</text>` +
    `<text x="20" y="240" font-family="Helvetica, Arial, sans-serif" font-size="9" fill="#555">${escapeXml(subject.caption)}</text>` +
    `<circle cx="176" cy="216" r="12" fill="${subject.swatch}" stroke="#fff" stroke-width="2"/>` +
    `</svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
