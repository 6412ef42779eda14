import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tableCounts } from '../../../core/db/catalog/store.js';
import { openDatabase } from '../../../core/db/open.js';
import { runCliCaptured } from '../../support/cli-io.js';
import { repoRoot } from '../../support/paths.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'atelier-demo-cli-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const atelier = (...argv: string[]) => runCliCaptured(argv);

function counts(file: string): Record<string, number> {
  const db = openDatabase(file, { readonly: true });
  try {
    return { ...tableCounts(db) };
  } finally {
    db.close();
  }
}

describe('atelier demo', () => {
  it('writes the demo boutique that stats --json counts, through npm run', () => {
    const file = path.join(dir, 'demo.db');
    const npm = (...args: string[]) =>
      execFileSync('npm', ['run', '-s', 'atelier', '--', ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, ATELIER_LOG: 'silent' },
      });
    expect(npm('demo', '--db', file)).toMatch(/items\s+480 .*\n\s+clients\s+840 /);
    const stats = JSON.parse(npm('stats', '--db', file, '--json')) as Record<string, number>;
    expect(stats['items']).toBeGreaterThanOrEqual(400);
    expect(stats['clients']).toBeGreaterThanOrEqual(800);
    expect(stats['interactions']).toBeGreaterThanOrEqual(10_000);
  });

  it('refuses a database that already has clients unless --force, which then changes nothing', async () => {
    const file = path.join(dir, 'demo.db');
    expect((await atelier('demo', '--db', file, '--clients', '60', '--items', '200')).code).toBe(0);
    const before = counts(file);
    expect(before['clients']).toBe(60);

    const refused = await atelier('demo', '--db', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('already holds 60 clients; nothing was written');
    expect(counts(file)).toEqual(before);

    const forced = await atelier('demo', '--db', file, '--force', '--clients', '60', '--items', '200');
    expect(forced.code).toBe(0);
    expect(forced.out).toMatch(/clients\s+60 {2}\(0 written\)/);
    expect(counts(file)).toEqual(before);
  });

  it('seeds a database that has no clients yet without --force', async () => {
    const file = path.join(dir, 'empty.db');
    openDatabase(file).close();
    const run = await atelier('demo', '--db', file, '--seed', '0', '--clients', '50', '--items', '200');
    expect(run.code).toBe(0);
    expect(run.out).toContain('seed 0');
    expect(counts(file)['clients']).toBe(50);
  });

  it('answers wrong usage with exit 2 and creates nothing', async () => {
    const file = path.join(dir, 'never.db');
    for (const args of [
      ['--seed', 'abc'],
      ['--seed', '4294967296'],
      ['--clients', '10'],
      ['--items', '0'],
      [],
    ]) {
      const run = await atelier('demo', ...(args.length ? ['--db', file, ...args] : args));
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.err).toContain('usage: atelier demo --db PATH');
    }
    expect(existsSync(file)).toBe(false);
    const help = await atelier('demo', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--force');
  });

  it('reports a file that is not a database with exit 1 and leaves it as it was', async () => {
    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, 'these are not the clients you are looking for\n'.repeat(200));
    const run = await atelier('demo', '--db', file);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/not a database/);
    expect(readFileSync(file, 'utf8')).toBe('these are not the clients you are looking for\n'.repeat(200));
  });
});
