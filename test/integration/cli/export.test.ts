import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { SelectionStore } from '../../../core/db/selections/store.js';
import { fixedNow, fixturesDir, makeBoutique } from '../../support/export-boutique.js';
import { readPdf } from '../../support/pdf.js';
import { runCliCaptured } from '../../support/cli-io.js';
import { repoRoot } from '../../support/paths.js';

let dir: string;
let dbFile: string;
let forCamille: number;
let forHelene: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-export-cli-'));
  dbFile = join(dir, 'boutique.db');
  // The PNG in the image store (images/ beside the database), where relative image paths resolve by default.
  mkdirSync(join(dir, 'images'));
  copyFileSync(join(fixturesDir, 'tote.png'), join(dir, 'images', 'tote.png'));
  const { db, client, item } = makeBoutique(dbFile);
  const store = new SelectionStore(db, fixedClock(fixedNow));
  forCamille = store.create({
    title: 'Autumn silks',
    clientId: client('C-1'),
    itemIds: [item('SKU-SCARF'), item('SKU-TOTE')],
  }).id;
  forHelene = store.create({ title: 'Watches', clientId: client('C-2'), itemIds: [item('SKU-WATCH')] }).id;
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...argv: string[]) => runCliCaptured(argv);

const exportArgs = (selection: number, format: string, out: string): string[] => [
  'export',
  '--db',
  dbFile,
  '--selection',
  String(selection),
  '--format',
  format,
  '--out',
  out,
];

describe('atelier export', () => {
  it('writes each format to --out', async () => {
    const csv = join(dir, 'a.csv');
    expect(await cli(...exportArgs(forCamille, 'csv', csv))).toMatchObject({ code: 0, out: '' });
    const rows = parse(readFileSync(csv), { bom: true });
    expect(rows.map((r) => r[3])).toEqual([
      'Title',
      'Carré en soie « Brides de Gala »',
      'Tote "Le Grand", cuir grainé',
    ]);

    const pdf = join(dir, 'a.pdf');
    const result = await cli(...exportArgs(forCamille, 'pdf', pdf));
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/^exported selection \d+ as pdf to .*a\.pdf \(\d+ bytes\)\n$/);
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // Compressed, so only the structure is read here; the image from the image store was embedded.
    expect(bytes.toString('latin1').match(/\/Subtype \/Image/g)).toHaveLength(2);
    expect((await readPdf(bytes)).count).toBe(2);

    const xlsx = join(dir, 'a.xlsx');
    expect((await cli(...exportArgs(forCamille, 'xlsx', xlsx))).code).toBe(0);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it("reads pictures only from the image store and the boutique's photo folder (photos --folder)", async () => {
    const photos = join(dir, 'photos');
    mkdirSync(photos);
    copyFileSync(join(fixturesDir, 'tote.png'), join(photos, 'tote.png'));
    // A picture beside the database but outside both folders is never read.
    copyFileSync(join(fixturesDir, 'tote.png'), join(dir, 'tote.png'));
    const images = (pdf: string) =>
      readFileSync(pdf)
        .toString('latin1')
        .match(/\/Subtype \/Image/g)?.length;
    const other = mkdtempSync(join(tmpdir(), 'atelier-export-cli-other-'));
    try {
      const otherDb = join(other, 'boutique.db');
      copyFileSync(dbFile, otherDb);
      const pdf = join(other, 'b.pdf');
      const exportOther = () =>
        cli(...exportArgs(forCamille, 'pdf', pdf).map((a) => (a === dbFile ? otherDb : a)));
      expect((await exportOther()).code).toBe(0);
      expect(images(pdf)).toBe(1); // the JPEG data URI only: other/ has no images/ folder
      const set = await cli('photos', '--db', otherDb, '--folder', photos);
      expect(set).toMatchObject({
        code: 0,
        out: `image store:  ${join(other, 'images')}\nphoto folder: ${realpathSync(photos)}\n`,
      });
      expect((await exportOther()).code).toBe(0);
      expect(images(pdf)).toBe(2);
      expect((await cli('photos', '--db', otherDb, '--clear')).out).toMatch(/photo folder: \(none\)\n$/);
      const withFlag = await cli(
        ...exportArgs(forCamille, 'pdf', pdf).map((a) => (a === dbFile ? otherDb : a)),
        '--images',
        photos,
      );
      expect(withFlag.code).toBe(0);
      expect(images(pdf)).toBe(2);
      const missing = await cli('photos', '--db', otherDb, '--folder', join(other, 'nope'));
      expect(missing).toMatchObject({
        code: 1,
        err: `atelier photos: --folder ${join(other, 'nope')}: no such folder\n`,
      });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('writes the file readable by its owner only, whatever the umask, even over an older readable one', async () => {
    const umask = process.umask(0o022);
    try {
      const fresh = join(dir, 'private.xlsx');
      const older = join(dir, 'older.csv');
      writeFileSync(older, 'readable by all', { mode: 0o644 });
      expect((await cli(...exportArgs(forCamille, 'xlsx', fresh))).code).toBe(0);
      expect((await cli(...exportArgs(forCamille, 'csv', older))).code).toBe(0);
      expect([fresh, older].map((f) => statSync(f).mode & 0o777)).toEqual([0o600, 0o600]);
    } finally {
      process.umask(umask);
    }
  });

  it('prints text to standard output with --out -', async () => {
    const { code, out } = await cli(...exportArgs(forCamille, 'text', '-'), '--locale', 'en-US');
    expect(code).toBe(0);
    expect(out).toMatch(/^Dear Camille,\n/);
    expect(out).toContain('1. Hermès — Carré en soie « Brides de Gala » — €450.00');
  });

  it('refuses a client who refused marketing with exit 1 and writes nothing, unless --force', async () => {
    const file = join(dir, 'helene.csv');
    const refused = await cli(...exportArgs(forHelene, 'csv', file));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/Mme Hélène Dubois \(client \d+\) refused marketing.*--force/);
    expect(existsSync(file)).toBe(false);
    expect((await cli(...exportArgs(forHelene, 'csv', file), '--force')).code).toBe(0);
    expect(existsSync(file)).toBe(true);
  });

  it('says what is wrong: unknown selection (1), missing database (1), bad usage (2)', async () => {
    const unknown = await cli(...exportArgs(999, 'csv', join(dir, 'x.csv')));
    expect(unknown).toMatchObject({ code: 1, err: 'atelier export: selection 999 does not exist\n' });
    const missing = await cli(
      'export',
      '--db',
      join(dir, 'nope.db'),
      '--selection',
      '1',
      '--format',
      'csv',
      '--out',
      'x',
    );
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.db: no such database file/);
    const format = await cli(...exportArgs(forCamille, 'docx', join(dir, 'x.docx')));
    expect(format.code).toBe(2);
    expect(format.err).toMatch(/--format must be one of pdf, csv, xlsx, text, html, not "docx"/);
    expect(
      (await cli('export', '--db', dbFile, '--selection', 'abc', '--format', 'csv', '--out', 'x')).code,
    ).toBe(2);
    expect((await cli('export', '--db', dbFile, '--selection', '1', '--format', 'csv')).err).toMatch(
      /--out is required/,
    );
    expect((await cli('export', '--help')).out).toMatch(/^usage: atelier export --db PATH --selection ID/);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });

  it('exits 1 from the real command line when consent is missing', () => {
    const root = repoRoot;
    const run = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/tsx/dist/cli.mjs'),
        'core/cli/main.ts',
        ...exportArgs(forHelene, 'text', '-'),
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, ATELIER_LOG: 'silent' }, timeout: 60_000 },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/refused marketing/);
  });
});
