import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bookFileState } from '../../../core/db/encryption.js';
import { randomDatabaseKey, recoveryKey } from '../../../core/db/key.js';
import { openDatabase } from '../../../core/db/open.js';
import { runCliCaptured } from '../../support/cli-io.js';
import { repoRoot } from '../../support/paths.js';

/**
 * The CLI's encryption through ATELIER_DB_KEY (the keychain's own path is in keychain.test.ts): demo encrypts
 * by default, stats reads it, --plain opts out, backup and restore carry a book to another machine's key.
 */
let dir: string;
const machineKey = randomDatabaseKey();
const saved = { key: process.env['ATELIER_DB_KEY'], plain: process.env['ATELIER_DB_PLAIN'] };

beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'atelier-cli-encryption-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  process.env['ATELIER_DB_KEY'] = machineKey;
  delete process.env['ATELIER_DB_PLAIN'];
});
afterEach(() => {
  for (const [name, value] of [
    ['ATELIER_DB_KEY', saved.key],
    ['ATELIER_DB_PLAIN', saved.plain],
  ] as const)
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
});

const demo = (file: string, ...more: string[]): Promise<{ code: number; out: string; err: string }> =>
  runCliCaptured(['demo', '--db', file, '--clients', '60', '--items', '200', ...more]);

function names(file: string): string[] {
  const db = openDatabase(file, { key: { key: machineKey, source: 'environment' }, readonly: true });
  try {
    return (db.prepare('SELECT name FROM clients').pluck().all() as string[]).slice(0, 40);
  } finally {
    db.close();
  }
}

describe('atelier with ATELIER_DB_KEY', () => {
  it('demo writes an encrypted book, stats reads it, --plain keeps one plain', async () => {
    const file = join(dir, 'demo.db');
    expect((await demo(file)).code).toBe(0);
    expect(bookFileState(file)).toBe('encrypted');
    const bytes = readFileSync(file);
    expect(names(file).filter((n) => bytes.includes(Buffer.from(n)))).toEqual([]);
    const stats = await runCliCaptured(['stats', '--db', file, '--json']);
    expect(stats.code, stats.err).toBe(0);
    expect(JSON.parse(stats.out)).toMatchObject({ clients: 60 });

    const plain = join(dir, 'plain.db');
    expect((await demo(plain, '--plain')).code).toBe(0);
    expect(bookFileState(plain)).toBe('plain');

    process.env['ATELIER_DB_KEY'] = 'not a key';
    const bad = await runCliCaptured(['stats', '--db', file]);
    expect(bad).toMatchObject({ code: 1, out: '' });
    expect(bad.err).toContain('ATELIER_DB_KEY: a database key is 64 hexadecimal digits');
    expect(bad.err).not.toContain('not a key');
  });

  it('backs up (always encrypted) and restores under another machine key with the recovery key', async () => {
    const file = join(dir, 'shop.db');
    expect((await demo(file, '--plain')).code).toBe(0);
    const backup = join(dir, 'shop.backup');
    const made = await runCliCaptured(['backup', '--db', file, '--out', backup]);
    expect(made.code, made.err).toBe(0);
    expect(made.out).toMatch(/^wrote an encrypted backup of .* 60 clients/);
    expect(bookFileState(backup)).toBe('encrypted');
    // Readable by its owner only, whatever the umask.
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect((await runCliCaptured(['backup', '--db', file, '--out', backup])).code).toBe(1);

    const exported = await runCliCaptured(['key', 'export-db']);
    expect(exported.out).toBe(`${recoveryKey(machineKey)}\n`);

    // Another machine, another key: a wrong recovery key is refused and nothing is written.
    process.env['ATELIER_DB_KEY'] = randomDatabaseKey();
    const restored = join(dir, 'restored.db');
    const wrong = await runCliCaptured(['restore', '--from', backup, '--db', restored], {
      stdin: recoveryKey(randomDatabaseKey()),
    });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('the database key from the recovery key given does not open it');
    expect(existsSync(restored)).toBe(false);

    const keyFile = join(dir, 'recovery.txt');
    writeFileSync(keyFile, exported.out);
    const ok = await runCliCaptured(['restore', '--from', backup, '--db', restored, '--key-file', keyFile]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('60 clients, encrypted with this machine’s key');
    expect(bookFileState(restored)).toBe('encrypted');
    const stats = await runCliCaptured(['stats', '--db', restored, '--json']);
    expect(JSON.parse(stats.out)).toMatchObject({ clients: 60 });
  });
});

describe.runIf(process.platform === 'linux')('atelier on a machine without a keychain', () => {
  it('refuses to create a book it cannot keep a key for, naming --plain, and writes nothing', () => {
    const file = join(dir, 'headless.db');
    const { ATELIER_DB_KEY: _k, ATELIER_DB_PLAIN: _p, ...env } = process.env;
    const run = spawnSync(
      process.execPath,
      [
        'node_modules/tsx/dist/cli.mjs',
        'core/cli/main.ts',
        'demo',
        '--db',
        file,
        '--clients',
        '60',
        '--items',
        '200',
      ],
      {
        cwd: repoRoot,
        env: { ...env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus')}` },
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'is to be encrypted, but the OS keychain could not be reached to keep its key',
    );
    expect(run.stderr).toContain('or pass --plain (ATELIER_DB_PLAIN=1) to keep this book unencrypted');
    expect(existsSync(file)).toBe(false);
  });
});
