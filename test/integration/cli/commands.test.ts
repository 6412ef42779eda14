import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../core/cli/run.js';
import { commands } from '../../../core/cli/commands/index.js';
import { openDatabase } from '../../../core/db/open.js';
import { captureIo } from '../../support/cli-io.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI', () => {
  it('lists its commands with --help and exits 0', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const c of commands) expect(io.stdout).toContain(c.name);
  });

  it('exits 2 on no command, an unknown command or an unknown flag', async () => {
    expect(await runCli([], captureIo())).toBe(2);
    const unknown = captureIo();
    expect(await runCli(['frobnicate'], unknown)).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const flag = captureIo();
    expect(await runCli(['stats', '--dbb', 'x'], flag)).toBe(2);
    expect(flag.stderr).toMatch(/Unknown option '--dbb'/);
    expect(flag.stderr).toContain('usage: atelier stats');
  });

  it('has --help on every command', async () => {
    for (const c of commands) {
      const io = captureIo();
      expect(await runCli([c.name, '--help'], io), c.name).toBe(0);
      expect(io.stdout, c.name).toContain(c.usage.split(' ')[0]!);
    }
  });

  it('stats prints row counts, and exits 1 for a missing or non-database file', async () => {
    const file = join(dir, 'a.db');
    const db = openDatabase(file);
    db.prepare(
      `INSERT INTO clients (external_id, name, created_at, updated_at) VALUES ('C1', 'Ada', 'x', 'x')`,
    ).run();
    db.close();
    const io = captureIo();
    expect(await runCli(['stats', '--db', file, '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout)).toMatchObject({ clients: 1, items: 0, interactions: 0 });

    const missing = captureIo();
    expect(await runCli(['stats', '--db', join(dir, 'nope.db')], missing)).toBe(1);
    expect(missing.stderr).toContain('no such database file');

    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is not a database, just text that is long enough to have a header'.repeat(20));
    const bad = captureIo();
    expect(await runCli(['stats', '--db', junk], bad)).toBe(1);
    expect(bad.stderr).toMatch(/file is not a database/);
  });
});
