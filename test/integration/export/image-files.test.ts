import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { SelectionStore } from '../../../core/db/selections/store.js';
import { lookbookHtml, lookbookPdf } from '../../../core/export/index.js';
import { resolveImage } from '../../../core/export/images.js';
import { maxImageBytes } from '../../../core/export/image-file.js';
import type { Selection } from '../../../core/api/contract/selections.js';
import { fixedNow, fixturesDir, makeBoutique } from '../../support/export-boutique.js';

let dir: string;
let photos: string;
let selection: Selection;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-image-files-'));
  photos = join(dir, 'photos');
  mkdirSync(photos);
  copyFileSync(join(fixturesDir, 'tote.png'), join(photos, 'tote.png'));
  writeFileSync(join(dir, 'outside.png'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
  // A PNG header on a file past the bound: the size, not the name or the first bytes, refuses it.
  const big = Buffer.alloc(maxImageBytes + 1);
  Buffer.from('89504e470d0a1a0a', 'hex').copy(big);
  writeFileSync(join(photos, 'huge.png'), big);
  writeFileSync(join(photos, 'notes.png'), 'name,email\nCamille,camille@example.com\n');
  symlinkSync('/etc/passwd', join(photos, 'passwd.png'));
  symlinkSync('/dev/zero', join(photos, 'zero.png'));
  symlinkSync(join(dir, 'outside.png'), join(photos, 'outside.png'));
  symlinkSync(join(photos, 'tote.png'), join(photos, 'same-tote.png'));
  execFileSync('mkfifo', [join(photos, 'pipe.png')]);

  const { db, client, item } = makeBoutique(join(dir, 'boutique.db'));
  const store = new SelectionStore(db, fixedClock(fixedNow));
  const made = store.create({
    title: 'Pictures',
    clientId: client('C-1'),
    itemIds: ['SKU-SCARF', 'SKU-TOTE', 'SKU-WATCH', 'SKU-RING', 'SKU-SHOE', 'SKU-BELT'].map(item),
  });
  db.close();
  // Every hostile kind of image field an import could carry, and one good picture inside the folder.
  const fields = ['/dev/zero', '/etc/passwd', 'zero.png', 'huge.png', 'notes.png', 'tote.png'];
  selection = { ...made, items: made.items.map((it, i) => ({ ...it, image: fields[i] ?? null })) };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const refusal = (image: string) => resolveImage(image, [photos]);

describe("an item's picture read from disk", () => {
  it('is read from a file inside the photo folder: relative, absolute inside it, a file URL, a link inside', () => {
    for (const image of [
      'tote.png',
      join(photos, 'tote.png'),
      pathToFileURL(join(photos, 'tote.png')).href,
      'same-tote.png',
    ])
      expect(refusal(image)).toMatchObject({ kind: 'raster', mime: 'image/png' });
  });

  it('refuses a device, a system file, a link out of the folder, a pipe, a large file and a non-image', () => {
    const outside = 'it is not inside the image store or the photo folder';
    const linkOut = 'it is a link that leads out of the image folder';
    expect(refusal('/dev/zero')).toEqual({ kind: 'none', refused: outside });
    expect(refusal('file:///dev/zero')).toEqual({ kind: 'none', refused: outside });
    expect(refusal('/etc/passwd')).toEqual({ kind: 'none', refused: outside });
    expect(refusal('../outside.png')).toEqual({ kind: 'none', refused: outside });
    expect(refusal(join(dir, 'outside.png'))).toEqual({ kind: 'none', refused: outside });
    expect(refusal('zero.png')).toEqual({ kind: 'none', refused: linkOut });
    expect(refusal('passwd.png')).toEqual({ kind: 'none', refused: linkOut });
    expect(refusal('outside.png')).toEqual({ kind: 'none', refused: linkOut });
    expect(refusal('pipe.png')).toEqual({
      kind: 'none',
      refused: 'it is not a regular file (a device, a pipe or a folder)',
    });
    expect(refusal('huge.png')).toEqual({ kind: 'none', refused: 'it is larger than 10 MB' });
    expect(refusal('notes.png')).toEqual({ kind: 'none', refused: 'it is not a PNG, JPEG or WebP image' });
    expect(refusal('missing.png')).toEqual({ kind: 'none', refused: 'no such file in the image folders' });
    expect(refusal('.')).toEqual({ kind: 'none', refused: outside });
  });

  it('leaves the refused pictures out of the PDF and the HTML, embeds the good one, and still exports', async () => {
    const started = Date.now();
    const options = { clock: fixedClock(fixedNow), timeZone: 'UTC', imageFolders: [photos] };
    const pdf = (await lookbookPdf(selection, { ...options, compress: false })).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.match(/\/Subtype \/Image/g)).toHaveLength(1);
    expect(pdf).not.toContain('root:x:0:0');
    const html = lookbookHtml(selection, options);
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(1);
    expect(html.match(/<img /g)).toHaveLength(1);
    expect(html.match(/class="swatch"/g)).toHaveLength(5);
    expect(Buffer.from(html).toString()).not.toContain(Buffer.from('root:x:0').toString('base64'));
    // /dev/zero and the pipe never held the export up.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
