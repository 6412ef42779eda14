import { describe, expect, it } from 'vitest';
import { runCli } from '../../../core/cli/run.js';
import { captureIo } from '../../support/cli-io.js';
import { ensurePrivateFolder, modelDirs, rendererNeedsBuild } from '../../../core/api/web/launch.js';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('atelier web', () => {
  it('documents itself', async () => {
    const io = captureIo();
    expect(await runCli(['web', '--help'], io)).toBe(0);
    expect(io.stdout).toContain('usage: atelier web [--db PATH] [--port N]');
    expect(io.stdout).toContain('127.0.0.1');
  });

  it('refuses a database file that does not exist (exit 1), before building or serving anything', async () => {
    const io = captureIo();
    expect(await runCli(['web', '--db', '/nowhere/boutique.db'], io)).toBe(1);
    expect(io.stderr).toContain('/nowhere/boutique.db: no such database file');
    expect(io.stdout).toBe('');
  });

  it('refuses a port that is not one (exit 2)', async () => {
    for (const port of ['eighty', '70000', '80.5']) {
      const io = captureIo();
      expect(await runCli(['web', '--port', port], io)).toBe(2);
      expect(io.stderr).toContain(`--port must be a whole number from 0 to 65535, not "${port}"`);
    }
  });

  it('rebuilds the renderer when a source is newer than the build, or the build is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'atelier-stale-'));
    try {
      mkdirSync(join(root, 'renderer/src'), { recursive: true });
      mkdirSync(join(root, 'core/api'), { recursive: true });
      writeFileSync(join(root, 'renderer/src/main.tsx'), '');
      writeFileSync(join(root, 'core/api/contract.ts'), '');
      expect(rendererNeedsBuild(root)).toBe(true);
      mkdirSync(join(root, 'out/renderer'), { recursive: true });
      writeFileSync(join(root, 'out/renderer/index.html'), '');
      const past = new Date(Date.now() - 60_000);
      for (const f of ['renderer/src/main.tsx', 'renderer/src', 'renderer', 'core/api/contract.ts']) {
        utimesSync(join(root, f), past, past);
      }
      expect(rendererNeedsBuild(root)).toBe(false);
      writeFileSync(join(root, 'core/api/contract.ts'), '// changed');
      expect(rendererNeedsBuild(root)).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('offers models from ATELIER_MODELS_DIR, several joined like PATH', () => {
    expect(modelDirs({ ATELIER_MODELS_DIR: '/a/models:/b/models' })).toEqual(['/a/models', '/b/models']);
    expect(modelDirs({ HOME: '/home/ana' })[0]).toMatch(/\.atelier\/models$/);
  });

  it('keeps the demo boutique in a private folder of its own, refusing a link or another account’s folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'atelier-demo-folder-'));
    const umask = process.umask(0o022);
    try {
      const mode = (path: string): number => statSync(path).mode & 0o777;
      const fresh = join(root, 'atelier');
      ensurePrivateFolder(fresh);
      expect(mode(fresh)).toBe(0o700);
      // One an earlier version left readable by everyone is tightened.
      chmodSync(fresh, 0o777);
      ensurePrivateFolder(fresh);
      expect(mode(fresh)).toBe(0o700);
      const link = join(root, 'link');
      symlinkSync(fresh, link);
      expect(() => ensurePrivateFolder(link)).toThrow(
        `${link} is not a folder of its own (a link?): the demo boutique is not kept there. Remove it, or give a database with --db PATH.`,
      );
      // Another account's: as root, one handed to nobody; else the root folder.
      const theirs = process.getuid?.() === 0 ? join(root, 'theirs') : '/';
      if (theirs !== '/') {
        mkdirSync(theirs);
        chownSync(theirs, 65_534, 65_534);
      }
      if (process.getuid)
        expect(() => ensurePrivateFolder(theirs)).toThrow(`${theirs} is another account's folder`);
    } finally {
      process.umask(umask);
      rmSync(root, { recursive: true, force: true });
    }
  });
});
