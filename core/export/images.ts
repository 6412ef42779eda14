import { fileURLToPath } from 'node:url';
import { logger } from '../log.js';
import { maxImageBytes, readImageFile } from './image-file.js';

const log = logger('export');

export type RasterMime = 'image/png' | 'image/jpeg' | 'image/webp';

/** What a lookbook can do with an item's image field. */
export type LookbookImage =
  /** PNG, JPEG or WebP, as its first bytes say (pdfkit draws the first two; the HTML page all three). */
  | { readonly kind: 'raster'; readonly mime: RasterMime; readonly bytes: Buffer }
  /** An SVG (the demo's pictures): browsers draw it, pdfkit cannot, so the PDF shows a swatch in its colour. */
  | { readonly kind: 'svg'; readonly dataUri: string; readonly colour: string | null }
  /** No picture; `refused` says why one named was not used (the placeholder is drawn instead). */
  | { readonly kind: 'none'; readonly refused?: string };

const none: LookbookImage = { kind: 'none' };
const refusedImage = (reason: string): LookbookImage => ({ kind: 'none', refused: reason });

/** The type by magic bytes, never by a file name or a declared MIME type. */
export function rasterMime(bytes: Buffer): RasterMime | null {
  if (bytes.length > 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a)
    return 'image/png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.length > 12 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  )
    return 'image/webp';
  return null;
}

/** Text whose first kilobytes open an <svg> element (after an XML declaration, comments, a doctype). */
function looksLikeSvg(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 4096);
  return !head.includes(0) && /<svg[\s>]/i.test(head.toString('utf8'));
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

function fromBytes(bytes: Buffer, svgAllowed: boolean): LookbookImage {
  if (svgAllowed && looksLikeSvg(bytes)) {
    const dataUri = `data:image/svg+xml;base64,${bytes.toString('base64')}`;
    return { kind: 'svg', dataUri, colour: svgColour(bytes.toString('utf8')) };
  }
  const mime = rasterMime(bytes);
  return mime ? { kind: 'raster', mime, bytes } : refusedImage('it is not a PNG, JPEG or WebP image');
}

// A data URI's base64 is 4/3 of its bytes: past this length it cannot hold an image within the bound.
const maxDataUriLength = Math.ceil((maxImageBytes * 4) / 3) + 256;

function fromDataUri(uri: string): LookbookImage {
  if (uri.length > maxDataUriLength)
    return refusedImage(`it is larger than ${maxImageBytes / (1024 * 1024)} MB`);
  const match = /^data:([a-z0-9.+/-]+)((?:;[a-z0-9=.-]+)*?)(;base64)?,(.*)$/is.exec(uri);
  if (!match) return refusedImage('it is not a valid data URI');
  const [, mime, , base64, payload] = match;
  let bytes: Buffer;
  try {
    bytes = base64 ? Buffer.from(payload!, 'base64') : Buffer.from(decodeURIComponent(payload!), 'utf8');
  } catch {
    return refusedImage('it is not a valid data URI');
  }
  return fromBytes(bytes, mime!.toLowerCase() === 'image/svg+xml');
}

function fromFile(path: string, folders: readonly string[]): LookbookImage {
  const read = readImageFile(path, folders);
  if (!read.ok) return refusedImage(read.reason);
  return fromBytes(read.bytes, read.file.toLowerCase().endsWith('.svg'));
}

function fileUrlPath(url: string): string | null {
  try {
    return fileURLToPath(url);
  } catch {
    return null;
  }
}

function resolveField(image: string, folders: readonly string[]): LookbookImage {
  if (image.startsWith('data:')) return fromDataUri(image);
  if (image.toLowerCase().startsWith('file:')) {
    const path = fileUrlPath(image);
    return path === null ? refusedImage('it is not a local file URL') : fromFile(path, folders);
  }
  // Remote URLs are never fetched (the app works offline and an export must not call out).
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(image)) return none;
  return fromFile(image, folders);
}

/**
 * Reads an item's image field: a data URI, or a file in one of `folders` (the app's image store, the
 * boutique's photo folder), named relative to it, absolute inside it or as a file:// URL. A file anywhere
 * else, a device, a pipe, a link out of the folder, a file over 10 MB or one that is not an image is refused:
 * the placeholder is drawn, a warning logged, and the export goes on.
 */
export function resolveImage(
  image: string | null,
  folders: readonly string[] = [],
  item = 'an item',
): LookbookImage {
  if (image === null || image === '') return none;
  const resolved = resolveField(image, folders);
  if (resolved.kind === 'none' && resolved.refused !== undefined)
    log.warn(`the picture of ${item} was left out; a placeholder is drawn`, {
      image: image.startsWith('data:') ? `${image.slice(0, 40)}…` : image,
      reason: resolved.refused,
    });
  return resolved;
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
