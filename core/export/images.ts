import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { logger } from '../log.js';

const log = logger('export');

/** What a lookbook can do with an item's image field. */
export type LookbookImage =
  | { readonly kind: 'raster'; readonly mime: 'image/png' | 'image/jpeg'; readonly bytes: Buffer }
  /** An SVG (the demo's pictures): browsers draw it, pdfkit cannot, so the PDF shows a swatch in its colour. */
  | { readonly kind: 'svg'; readonly dataUri: string; readonly colour: string | null }
  | { readonly kind: 'none' };

const none: LookbookImage = { kind: 'none' };

function rasterMime(bytes: Buffer): 'image/png' | 'image/jpeg' | null {
  if (bytes.length > 8 && bytes.readUInt32BE(0) === 0x89504e47) return 'image/png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

/**
 * The drawing's accent: the first solid fill dark enough to carry light initials (a product sketch's
 * background is usually pale), else the first fill at all.
 */
export function svgColour(svg: string): string | null {
  const fills = [...svg.matchAll(/fill\s*[=:]\s*["']?\s*(#[0-9a-f]{6}|#[0-9a-f]{3})\b/gi)].map(
    ([, found]) => {
      const colour = found!.toLowerCase();
      return colour.length === 4 ? '#' + [...colour.slice(1)].map((c) => c + c).join('') : colour;
    },
  );
  return fills.find((hex) => luminance(hex) < 0.4) ?? fills[0] ?? null;
}

function fromDataUri(uri: string): LookbookImage {
  const match = /^data:([a-z0-9.+/-]+)((?:;[a-z0-9=.-]+)*?)(;base64)?,(.*)$/is.exec(uri);
  if (!match) return none;
  const [, mime, , base64, payload] = match;
  const bytes = base64 ? Buffer.from(payload!, 'base64') : Buffer.from(decodeURIComponent(payload!), 'utf8');
  if (mime!.toLowerCase() === 'image/svg+xml') {
    const dataUri = `data:image/svg+xml;base64,${bytes.toString('base64')}`;
    return { kind: 'svg', dataUri, colour: svgColour(bytes.toString('utf8')) };
  }
  const sniffed = rasterMime(bytes);
  return sniffed ? { kind: 'raster', mime: sniffed, bytes } : none;
}

function fromFile(path: string, imageRoot: string | undefined): LookbookImage {
  if (!isAbsolute(path) && imageRoot === undefined) return none;
  const file = isAbsolute(path) ? path : resolve(imageRoot!, path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    log.warn('item image not readable; a placeholder is drawn', { file, error: (error as Error).message });
    return none;
  }
  if (file.toLowerCase().endsWith('.svg'))
    return fromDataUri(`data:image/svg+xml;base64,${bytes.toString('base64')}`);
  const mime = rasterMime(bytes);
  return mime ? { kind: 'raster', mime, bytes } : none;
}

/**
 * Reads an item's image field: a data URI, an absolute path or one relative to `imageRoot`. Remote URLs are
 * never fetched (the app works offline and an export must not call out): they get the placeholder.
 */
export function resolveImage(image: string | null, imageRoot?: string): LookbookImage {
  if (image === null || image === '') return none;
  if (image.startsWith('data:')) return fromDataUri(image);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(image)) {
    if (!image.toLowerCase().startsWith('file://')) return none;
    return fromFile(decodeURIComponent(new URL(image).pathname), imageRoot);
  }
  return fromFile(image, imageRoot);
}

/** Muted boutique tones for the placeholder when the picture gives no colour. */
const swatches = ['#8c7b6b', '#5b6b73', '#7d5a5a', '#4f5d4a', '#9a8a6f', '#6b5b7b', '#3f4a5a', '#a07f6a'];

export function placeholderColour(image: LookbookImage, seed: string): string {
  if (image.kind === 'svg' && image.colour) return image.colour;
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return swatches[hash % swatches.length]!;
}

/** WCAG relative luminance of a #rrggbb colour, 0 (black) to 1 (white). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Ink that reads on the swatch: dark on light colours, light on dark ones. */
export function inkOn(hex: string): string {
  return luminance(hex) > 0.4 ? '#2a2520' : '#f7f3ec';
}
